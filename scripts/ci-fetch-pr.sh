#!/usr/bin/env bash
# CI, forge import job: fetch the pull request's commits as data, without checking them
# out, so `govsite review import` can read the changed pages at the head commit while the
# work tree (and every program that runs) stays the base branch's.
#
#   bash scripts/ci-fetch-pr.sh <pull request number>
#
# GitHub and Gitea both publish a pull request's head as refs/pull/<N>/head. Fetching
# runs nothing from the pull request (no hooks, no checkout, no build).
set -euo pipefail
number="${1:?usage: bash scripts/ci-fetch-pr.sh <pull request number>}"
if ! [[ "$number" =~ ^[1-9][0-9]{0,9}$ ]]; then
  echo "ci-fetch-pr: not a pull request number: $number" >&2
  exit 2
fi
git fetch --no-tags --quiet origin "+refs/pull/$number/head:refs/remotes/origin/pr/$number"
echo "ci-fetch-pr: head of pull request #$number is $(git rev-parse --short "refs/remotes/origin/pr/$number")"
