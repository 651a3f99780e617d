#!/usr/bin/env python3
"""Approve every page of the demo district for its three reviewers, with throwaway keys.

    .venv/bin/python scripts/sign_demo.py [--root DIR] [--fresh] [--fast]

For each page under units/ and content/ (the portal's own pages, signed by the roster
of the unit govsite.yml names as portal.owner) whose drafter, checker or approver has
no valid approval of the current content, this generates an ed25519 key for that roster person (in a
temporary folder), appends its public key to review/allowed_signers, signs the page
with ``ssh-keygen -Y sign`` exactly as ``govsite review approve`` does, and finally
deletes the temporary folder: the private keys are gone, the committed signatures keep
verifying, and nobody can sign as a demo person again. Pages already approved are left
alone, so after editing demo pages simply run it again (new keys are added; old lines
stay, so earlier records keep verifying).

``--fresh`` first deletes review/approvals/ and review/allowed_signers (only for
regenerating a demo that was never committed: records are append-only once committed).

``--fast`` (benchmark districts only) makes the page signatures in-process
(scripts/fast_sign.py: the same SSHSIG bytes ``ssh-keygen -Y sign`` writes with the same
keys, without one ssh-keygen process per signature); the keys are still made by ssh-keygen.

Real districts never use this: their reviewers sign with their own keys (README).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from govsite.core.errors import GovsiteError
from govsite.core.project import Project
from govsite.newmedia.chain import sign_accounts
from govsite.review import ALLOWED_SIGNERS, APPROVALS_DIR, gate
from govsite.review.bulk import all_pages, sign_site
from govsite.review.sshsig import sign as sign_with_ssh_keygen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--fresh", action="store_true", help="delete review/approvals and review/allowed_signers first")
    parser.add_argument("--fast", action="store_true", help="benchmarks: sign pages in-process instead of with ssh-keygen")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.fresh:
        shutil.rmtree(root / APPROVALS_DIR, ignore_errors=True)
        (root / ALLOWED_SIGNERS).unlink(missing_ok=True)
    project = Project(root)
    try:
        with tempfile.TemporaryDirectory(prefix="govsite-demo-keys-") as tmp:
            summary = sign_site(project, Path(tmp), log=print, sign=_fast_signer() if args.fast else sign_with_ssh_keygen)
            # new-media account entries with an approval chain (第八条): signed like a trust change
            accounts = sign_accounts(Project(root), Path(tmp), log=print)
    except GovsiteError as err:
        print(f"sign_demo: {err}", file=sys.stderr)
        return err.exit_code
    project = Project(root)
    pages = all_pages(project)
    approved = sum(1 for rel in pages if (r := gate.evaluate(project.page(rel), project)) and r.approved)
    print(f"新媒体账号登记新签名 {len(accounts)} 个。")
    print(f"新签名 {len(summary.signed)} 个，新密钥 {len(summary.keys)} 把（私钥已随临时目录删除）；"
          f"{approved}/{len(pages)} 个页面三审签名齐全。")
    for rel, why in summary.skipped:
        print(f"未签名 {rel}：{why}")
    return 0 if approved == len(pages) else 1


def _fast_signer():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fast_sign import sign_in_process

    return sign_in_process


if __name__ == "__main__":
    sys.exit(main())
