#!/usr/bin/env bash
# CI: the shards of a district build (govsite build --unit; README "分片构建").
#
#   bash scripts/ci-shards.sh list [BASE]          shard names as JSON into $GITHUB_OUTPUT (names=…)
#   bash scripts/ci-shards.sh build SHARD          one shard into site-shards/SHARD (a matrix job)
#   bash scripts/ci-shards.sh build-changed BASE   the shards a pull request touches, one after another
#
# list: every shard (each unit and _portal), or with BASE only those a pull request
#   touches (govsite build --list-units --base); deploy.yml turns the list into a matrix.
# build: a production build of one shard (the gate enforced, strict), for upload as an
#   artifact; govsite build --compose joins them.
# build-changed: the pull request gate builds only the units it changes and those whose
#   pages link to what it changes (all of them when the settings, the build or a unit.yml
#   changed), so a 10-page pull request builds one or two units, not the district.
set -euo pipefail
mode="${1:?usage: bash scripts/ci-shards.sh list [BASE] | build SHARD | build-changed BASE}"
case "$mode" in
  list)
    if [ -n "${2:-}" ]; then
      names="$(govsite build --list-units --json --base "$2")"
    else
      names="$(govsite build --list-units --json)"
    fi
    echo "shards: $names"
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
      echo "names=$names" >> "$GITHUB_OUTPUT"
    fi
    ;;
  build)
    shard="${2:?usage: bash scripts/ci-shards.sh build SHARD}"
    case "$shard" in
      -*|*/*|.*) echo "ci-shards: bad shard name: $shard" >&2; exit 2 ;;
    esac
    govsite build --unit "$shard" --out "site-shards/$shard"
    ;;
  build-changed)
    base="${2:?usage: bash scripts/ci-shards.sh build-changed BASE}"
    rm -rf site-shards
    mkdir -p site-shards
    names="$(govsite build --list-units --base "$base")"
    if [ -z "$names" ]; then
      echo "ci-shards: the pull request changes no published page; nothing to build"
      echo "本拉取请求没有改动发布的页面，无需构建" > site-shards/README.txt
      exit 0
    fi
    # one name a line, each passed whole as --unit=NAME (a folder name is the pull request's)
    args=()
    while IFS= read -r shard; do
      args+=("--unit=$shard")
    done <<< "$names"
    # one process for all of them: the rule data and the search segmenter load once
    govsite build "${args[@]}"
    ;;
  *)
    echo "usage: bash scripts/ci-shards.sh list [BASE] | build SHARD | build-changed BASE" >&2
    exit 2
    ;;
esac
