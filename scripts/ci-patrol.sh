#!/usr/bin/env bash
# Scheduled patrol (patrol.yml): the reports, and the verdict apart from them.
#
#   bash scripts/ci-patrol.sh reports   link rot (govsite links), column freshness
#                                       (govsite patrol) and the quarterly reports (govsite
#                                       report): reports/, content/patrol*.md, content/reports/
#   bash scripts/ci-patrol.sh verdict   exit 1 when either found a veto-level problem
#
# A veto is a finding, not a failure: `reports` records it in reports/verdicts and
# carries on, so the job can rebuild, verify and publish the site with the reports before
# `verdict` fails the job and notifies the office. Any other failure (exit 2, a crash, a
# report not written) stops the job at once, so nothing is published after it.
set -euo pipefail
mode="${1:?usage: bash scripts/ci-patrol.sh reports|verdict}"
verdicts=reports/verdicts

# run a report command; 0 = clean, 1 with its report written = veto; anything else fails
judge() {
  local name="$1" report="$2"
  shift 2
  rm -f "$report"
  local status=0
  "$@" || status=$?
  if [ "$status" -eq 1 ] && [ -s "$report" ]; then
    echo "$name veto" >> "$verdicts"
  elif [ "$status" -ne 0 ] || [ ! -s "$report" ]; then
    echo "ci-patrol: $name failed (exit $status); nothing is published" >&2
    exit 2
  else
    echo "$name ok" >> "$verdicts"
  fi
}

case "$mode" in
  reports)
    mkdir -p reports
    : > "$verdicts"
    judge links reports/links.json govsite links --site site --fail-on veto --timeout 15 --max-time 1800 --threads 8 \
      --output reports/links.json --output reports/links.csv --output content/patrol-links.md
    judge patrol reports/patrol.json govsite patrol --publish --format json --output reports/patrol.json
    # the quarterly 通报 (第十七条) of every quarter of the history, rebuilt from git on each
    # run (the same history gives the same report) and published with the site under
    # content/reports/ (untracked, like patrol.md); a failure stops the job
    govsite report --every --links reports/links.json
    # tamper detection (第十五条（二）): the live release against its manifest; a change is a
    # veto, and the publish step that follows rebuilds and redeploys the site (restore)
    if [ -n "${GOVSITE_DEPLOY_DIR:-}" ] && [ -L "$GOVSITE_DEPLOY_DIR/current" ]; then
      judge tamper reports/tamper.json govsite verify-live "$GOVSITE_DEPLOY_DIR" --output reports/tamper.json
    fi
    ;;
  verdict)
    # links and patrol always report; tamper only where a deploy folder is configured
    if [ ! -f "$verdicts" ] || [ "$(grep -c ' ok$' "$verdicts" || true)" -lt 2 ] || grep -qv ' ok$' "$verdicts"; then
      echo "ci-patrol: veto-level findings (or no verdict): see reports/ and content/patrol*.md" >&2
      cat "$verdicts" >&2 2>/dev/null || true
      exit 1
    fi
    echo "ci-patrol: no veto-level findings"
    ;;
  *)
    echo "usage: bash scripts/ci-patrol.sh reports|verdict" >&2
    exit 2
    ;;
esac
