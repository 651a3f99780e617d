#!/usr/bin/env bash
# Pull-request gate: judge the pull request's content with the BASE branch's validators.
#
#   bash .govsite-base/scripts/ci-base-validators.sh .govsite-base
#
# Run from the root of the pull request's checkout, with the base branch checked out in
# a separate folder (the argument). Everything that decides a verdict (the govsite
# package, the MkDocs hooks and configuration, the settings and data it reads, the CI
# scripts, and the trust roots of the review gate: allowed signers, revoked keys, forge
# importers) is replaced by the base branch's copy, then .venv is built from it. The
# content (units/, content/, review records) stays the pull request's. So a pull request
# cannot weaken, or switch off, the checks that judge it; a change to the validators
# takes effect only once it has been reviewed and merged.
set -euo pipefail
base="${1:?usage: bash <base>/scripts/ci-base-validators.sh <base checkout folder>}"
base="$(cd "$base" && pwd)"
work="$(pwd)"
if [ "$base" = "$work" ]; then
  echo "ci-base-validators: the base checkout must be a separate folder" >&2
  exit 2
fi
trusted=(govsite hooks scripts mkdocs.yml govsite.yml holidays.yml pyproject.toml requirements.lock
         review/allowed_signers review/revoked_keys review/forge_importers)
for path in "${trusted[@]}"; do
  rm -rf "${work:?}/$path"
  if [ -e "$base/$path" ]; then
    mkdir -p "$(dirname "$work/$path")"
    cp -a "$base/$path" "$work/$path"
  fi
done
rm -rf "$work/.venv" "$work"/*.egg-info
echo "ci-base-validators: validators of $(git -C "$base" rev-parse --short HEAD 2>/dev/null || echo base) in place"
bash "$work/scripts/ci-setup.sh"
