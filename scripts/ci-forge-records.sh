#!/usr/bin/env bash
# CI: carry forge approval records from the import job to the pull request.
#
#   bash scripts/ci-forge-records.sh collect <dir>   (import job, base checkout)
#   bash scripts/ci-forge-records.sh compare <dir>   (gate job, pull request checkout)
#
# collect: copy the records `govsite review import` has just written (files under
#   review/approvals/ that git does not track) into <dir>, keeping their paths, plus a
#   list <dir>/records.txt (always written, so the artifact always exists).
# compare: name every record in <dir> that the pull request does not carry yet. The gate
#   judges only the records committed in the pull request, exactly what `deploy.yml`
#   will verify once it is merged; an imported record counts after it is committed to
#   the pull request (download the artifact forge-records-pr<N>, unpack it at the root of
#   the repository, commit review/; the pages' content hash does not change).
set -euo pipefail
mode="${1:?usage: bash scripts/ci-forge-records.sh collect|compare <dir>}"
dir="${2:?usage: bash scripts/ci-forge-records.sh collect|compare <dir>}"

# one line of a workflow command: % CR LF escaped, as GitHub and Gitea read them
escape() {
  local s="$1"
  s="${s//'%'/'%25'}"
  s="${s//$'\r'/'%0D'}"
  s="${s//$'\n'/'%0A'}"
  printf '%s' "$s"
}

case "$mode" in
  collect)
    rm -rf "$dir"
    mkdir -p "$dir"
    : > "$dir/records.txt"
    while IFS= read -r -d '' path; do
      case "$path" in
        review/approvals/*.approval|review/approvals/*.approval.sig) ;;
        *) continue ;;
      esac
      if [ -L "$path" ] || [ ! -f "$path" ]; then
        continue
      fi
      mkdir -p "$dir/$(dirname "$path")"
      cp "$path" "$dir/$path"
      printf '%s\n' "$path" >> "$dir/records.txt"
    done < <(git ls-files -z --others --exclude-standard -- review/approvals)
    echo "ci-forge-records: $(grep -c . "$dir/records.txt" || true) imported record files in $dir"
    ;;
  compare)
    if [ ! -f "$dir/records.txt" ]; then
      echo "ci-forge-records: no imported records ($dir/records.txt missing)"
      exit 0
    fi
    missing=0
    while IFS= read -r -d '' path; do
      rel="${path#"$dir"/}"
      case "$rel" in
        review/approvals/*.approval) ;;
        *) continue ;;
      esac
      if [ ! -e "$rel" ]; then
        missing=$((missing + 1))
        echo "::notice file=$(escape "$rel")::$(escape "平台审批已导入为签名记录，但 PR 中还没有这份记录：$rel。请下载本次运行的 artifact（forge-records-pr<编号>），在仓库根目录解压并提交 review/ 的改动；提交后门禁才计入它。")"
      fi
    done < <(find "$dir/review" -type f -print0 2>/dev/null)
    echo "ci-forge-records: $missing imported records not yet in the pull request"
    ;;
  *)
    echo "usage: bash scripts/ci-forge-records.sh collect|compare <dir>" >&2
    exit 2
    ;;
esac
