#!/usr/bin/env bash
# CI: set up .venv (scripts/setup.sh) and put its bin/ on the PATH of the job's later
# steps, so that workflow steps call `govsite` and `mkdocs` directly.
# GitHub Actions and Gitea Actions (act_runner) both read $GITHUB_PATH and $GITHUB_ENV.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$root/.venv/bin" >> "$GITHUB_PATH"
fi
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "NO_MKDOCS_2_WARNING=1" >> "$GITHUB_ENV"
fi
"$root/.venv/bin/govsite" --help >/dev/null
