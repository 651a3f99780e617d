#!/usr/bin/env bash
# Set up, then lint, type-check and run the whole test suite (the import layers are a test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check govsite hooks tests benchmarks scripts
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
