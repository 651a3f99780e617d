#!/usr/bin/env bash
# The main job: set up, check every page of the demo district, build the portal into site/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
export NO_MKDOCS_2_WARNING=1
.venv/bin/govsite check
.venv/bin/mkdocs build --strict "$@"
