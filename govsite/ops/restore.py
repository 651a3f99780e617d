"""``verify-live`` and ``restore``: is the live site what was deployed, and if not,
put it back (第十五条（二）). See :mod:`govsite.ops.manifest`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from govsite.core.errors import GovsiteError
from govsite.ops import deploy as deploy_lib
from govsite.ops import manifest


@dataclass
class LiveCheck:
    release: str
    difference: manifest.Difference


def verify_live(to: Path) -> LiveCheck:
    """Compare the live release with its manifest; raises when there is nothing to
    compare against (``current`` not a govsite symlink, a release without manifest)."""
    to = to.resolve()
    link = to / deploy_lib.CURRENT
    if not link.is_symlink():
        raise GovsiteError(f"{link} 不是 govsite 部署的符号链接（已被替换或不存在）；网站根目录可能被篡改，请运行 govsite restore --to {to}")
    target = os.readlink(link)
    name = Path(target).name
    if target != f"{deploy_lib.RELEASES}/{name}" or not (deploy_lib.releases_dir(to) / name).is_dir():
        raise GovsiteError(f"{link} 指向 {target}，不是已记录的版本；网站根目录可能被篡改，请运行 govsite restore --to {to}")
    recorded = manifest.read(manifest.manifest_path(deploy_lib.releases_dir(to), name))
    if recorded is None:
        raise GovsiteError(f"版本 {name} 没有可读的清单（{name}{manifest.SUFFIX}）：无法核对；"
                           f"清单缺失本身可能是篡改，请运行 govsite restore --to {to} 重新发布")
    return LiveCheck(name, manifest.compare(deploy_lib.releases_dir(to) / name, recorded))


def restore(root: Path, to: Path, *, keep: int = 5, log=print) -> tuple[str | None, deploy_lib.Release]:
    """Rebuild the site from the repository into a new release and switch to it.

    The sources are the signed pages in git, out of reach of whoever changed files on
    the web server; the tampered release is kept (evidence) until pruned."""
    to = to.resolve()
    before = deploy_lib.current_name(to)
    recorded = next((r for r in deploy_lib.list_releases(to) if r.name == before), None)
    release = deploy_lib.deploy(root, to, keep=max(keep, 2), log=log)
    if recorded is not None and recorded.sha and recorded.sha.split("-")[0] != release.sha.split("-")[0]:
        log(f"注意：被篡改的版本 {before} 构建自提交 {recorded.sha}，本次恢复构建自 {release.sha}；"
            f"如需完全相同的内容，请检出 {recorded.sha} 后再运行 govsite restore")
    deploy_lib._log(to, "restore", release=release.name, previous=before, sha=release.sha)
    return before, release
