#!/usr/bin/env bash
# Set up, then run the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
