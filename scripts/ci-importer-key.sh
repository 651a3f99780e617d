#!/usr/bin/env bash
# CI: install the forge importer's private key (secret GOVSITE_IMPORTER_KEY) outside the
# workspace, so that `govsite review import` can sign the approval records it imports.
# The matching public key must be listed in review/forge_importers (platform owner).
# Without the secret nothing is installed, and only committed signatures count.
set -euo pipefail
if [ -z "${GOVSITE_IMPORTER_KEY:-}" ]; then
  echo "ci-importer-key: secret GOVSITE_IMPORTER_KEY not set; forge approvals will not be imported" >&2
  exit 0
fi
name="${GOVSITE_IMPORTER:-ci}"
dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/govsite-keys"
umask 077
mkdir -p "$dir/_importers"
printf '%s\n' "$GOVSITE_IMPORTER_KEY" > "$dir/_importers/$name"
ssh-keygen -y -f "$dir/_importers/$name" > "$dir/_importers/$name.pub"
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "GOVSITE_KEYS_DIR=$dir" >> "$GITHUB_ENV"
fi
echo "ci-importer-key: importer $name ready"
