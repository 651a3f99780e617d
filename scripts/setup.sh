#!/usr/bin/env bash
# Creates .venv (if missing) and installs the pinned dependencies and govsite itself.
# Sourced by build.sh and test.sh; safe to run again (pip skips what is installed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.govsite-installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi
# ssh-keygen signs and verifies approvals (openssh-client); install it where it is missing.
if ! command -v ssh-keygen >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq openssh-client >/dev/null
  else
    echo "govsite: ssh-keygen (openssh-client) is required; please install it" >&2
    exit 2
  fi
fi
