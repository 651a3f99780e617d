"""A credential is kept in the repository (仓库中保存了账号密码或密钥).

What: a file of the repository (tracked or not yet ignored: pages, unit.yml, scripts,
    workflows, notes) contains a credential: a private key, an access token (GitHub,
    Gitea, cloud providers, bearer), a password written as ``password: …`` / ``密码：…``,
    a session cookie, or a connection string with its password.
Why: 第十四条（二）— account passwords must be kept safely and never passed or stored
    through insecure channels; a repository is copied to every editor, CI runner and
    mirror, and its history keeps a secret forever. The review gate's private keys in
    particular never belong in the repository.
Example: a page noting the back-office password after ``后台密码：``; a script that
    connects with a ``mysql://`` address carrying user name and password.
Fix: remove the credential, change the password or revoke the token at once (it must be
    treated as leaked), and keep it in the CI's secret store or the keys folder outside
    the repository. If it was ever committed, ``govsite secrets --history`` shows the
    commits; the history must be rewritten by the platform owner.
"""

from __future__ import annotations

from govsite.review.secrets import scan_tree
from govsite.rules.base import Hit


def check(ctx):
    for s in scan_tree(ctx.project.root):
        yield Hit(s.line, f"仓库中保存了{s.kind}（{s.excerpt}）：账号密码和密钥不得存放在仓库中；"
                          "请立即删除并更换该密码或吊销该令牌，改存于 CI 的机密变量或仓库外的密钥目录", path=s.path)
