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
# Debian packages, installed where missing:
#   openssh-client  ssh-keygen signs approvals (and cross-checks the in-process verifier in tests)
#   chromium, chromium-driver  the headless browser the accessibility, phone-width and report tests look through
#   fonts-noto-cjk  Chinese glyphs for the browser and the report's charts
missing=()
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "govsite: please install the Debian packages: ${missing[*]}" >&2
    exit 2
  fi
fi
# axe-core's command line (npm, pinned by tools/browser/package-lock.json); it drives Debian's
# chromedriver, so the npm chromedriver package must not download a browser driver of its own.
if [ ! -x tools/browser/node_modules/.bin/axe ] || [ tools/browser/package-lock.json -nt tools/browser/node_modules/.package-lock.json ]; then
  (cd tools/browser && CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
