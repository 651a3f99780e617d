"""Atomic deploys and one-step rollback (第十五条: restore and rebuild at once).

The web server's document root is the symlink ``DIR/current``; it points to one
release folder ``DIR/releases/<name>/``. A deploy builds the site (strict ``mkdocs
build``) into a hidden folder ``DIR/releases/.partial-<name>``, renames it into place
when the build succeeded, and only then swaps the symlink: a new symlink is created
beside the old one and renamed over it (``os.replace``, one ``rename(2)``), so a
visitor is always served one complete release, never a half-written one. A build
that fails leaves ``current`` untouched and its partial folder removed.

Layout of ``DIR``::

    current -> releases/20261126T101500Z-3f2a9c1b7d0e
    releases/20261126T101500Z-3f2a9c1b7d0e/      the site
    releases/20261126T101500Z-3f2a9c1b7d0e.json  what it is: sequence, commit, time
    releases/20261126T101500Z-3f2a9c1b7d0e.manifest.json  sha256 of every file (verify-live)
    deploy.log                                   one JSON line per deploy and rollback
    .govsite-deploy.lock                         one deploy at a time

The newest ``keep`` releases are kept (``deploy_keep`` in govsite.yml), and always the
live one. ``rollback`` switches ``current`` to an earlier release in one rename.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from govsite.core import gitio
from govsite.core.errors import Failure, GovsiteError, UsageError
from govsite.ops import manifest
from govsite.publish.build import DRAFT_MARKER
from govsite.publish.shards import SHARD_MARKER

RELEASES = "releases"
CURRENT = "current"
LOG = "deploy.log"
LOCK = ".govsite-deploy.lock"
PARTIAL = ".partial-"


@dataclass(frozen=True)
class Release:
    name: str
    seq: int
    created: str
    sha: str
    source: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


# -- the release folder ------------------------------------------------------------

def releases_dir(to: Path) -> Path:
    return to / RELEASES


def list_releases(to: Path) -> list[Release]:
    """Every complete release, oldest first."""
    base = releases_dir(to)
    if not base.is_dir():
        return []
    out = []
    for path in base.iterdir():
        if not path.is_dir() or path.name.startswith("."):
            continue
        meta = _read_meta(path.with_name(path.name + ".json"))
        out.append(Release(path.name, int(meta.get("seq", 0) or 0), str(meta.get("created", "")),
                           str(meta.get("sha", "")), str(meta.get("source", ""))))
    return sorted(out, key=lambda r: (r.seq, r.name))


def _read_meta(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def current_name(to: Path) -> str | None:
    link = to / CURRENT
    if not link.is_symlink():
        return None
    target = os.readlink(link)
    return Path(target).name


def _check_target(to: Path) -> None:
    """Refuse a deploy directory govsite did not lay out, before touching anything."""
    if to.exists() and not to.is_dir():
        raise GovsiteError(f"{to} 是文件，不是目录；请用 --to 指定部署目录（其中的 current 是网站根目录）")
    base = releases_dir(to)
    if (base.exists() or base.is_symlink()) and (base.is_symlink() or not base.is_dir()):
        raise GovsiteError(f"{base} 不是普通目录（是文件或符号链接）；该目录只能存放 govsite 的发布版本，请将其移走后重试")
    link = to / CURRENT
    if link.exists() and not link.is_symlink():
        raise GovsiteError(f"{link} 是普通目录或文件，不是 govsite 管理的符号链接；请先将其移走（网站根目录应指向 {link}）")


def switch(to: Path, name: str) -> None:
    """Make ``DIR/current`` point to ``releases/<name>`` in one atomic rename."""
    _check_target(to)
    if not (releases_dir(to) / name / "index.html").is_file():
        raise GovsiteError(f"版本 {name} 不完整（缺少 index.html），不能切换")
    tmp = to / f".{CURRENT}.{uuid.uuid4().hex}.tmp"
    os.symlink(f"{RELEASES}/{name}", tmp)  # relative: DIR can be moved or mounted elsewhere
    try:
        os.replace(tmp, to / CURRENT)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(to)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def locked(to: Path) -> Iterator[None]:
    try:
        to.mkdir(parents=True, exist_ok=True)
        handle = open(to / LOCK, "a+")  # noqa: SIM115 (held for the whole deploy, closed below)
    except OSError as err:
        raise GovsiteError(f"{to}: 无法创建或写入发布目录（{err.strerror}）；请检查路径和权限，发布目录须可由运行部署的账号写入") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GovsiteError(f"{to} 上另一个部署或回滚正在进行；请等它结束后再试") from None
        yield
    finally:
        handle.close()


def _log(to: Path, action: str, **fields: object) -> None:
    entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "action": action,
             "user": _user(), **fields}
    with open(to / LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _user() -> str:
    for var in ("GITHUB_ACTOR", "GITEA_ACTOR"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        return getpass.getuser()
    except Exception:
        return str(os.getuid())


def prune(to: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` releases (never the live one) and stale partials."""
    live = current_name(to)
    releases = list_releases(to)
    keep_names = {r.name for r in releases[-keep:]} | ({live} if live else set())
    removed = []
    for r in releases:
        if r.name not in keep_names:
            shutil.rmtree(releases_dir(to) / r.name, ignore_errors=True)
            (releases_dir(to) / f"{r.name}.json").unlink(missing_ok=True)
            manifest.manifest_path(releases_dir(to), r.name).unlink(missing_ok=True)
            removed.append(r.name)
    for partial in releases_dir(to).glob(PARTIAL + "*"):
        shutil.rmtree(partial, ignore_errors=True)  # left by a deploy that was killed
    return removed


# -- deploy ------------------------------------------------------------------------

def _release_name(root: Path, now: dt.datetime, existing: set[str]) -> tuple[str, str]:
    sha = gitio.short_sha(root)
    if sha != "nogit" and gitio.is_dirty(root):
        sha += "-dirty"
    base = f"{now.strftime('%Y%m%dT%H%M%SZ')}-{sha}"
    name, n = base, 1
    while name in existing:
        n += 1
        name = f"{base}.{n}"
    return name, sha


def build(root: Path, dest: Path) -> subprocess.CompletedProcess:
    """A strict ``mkdocs build`` of the repository at ``root`` into ``dest``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(root / "mkdocs.yml"), "--site-dir", str(dest)],
                          cwd=root, env=env, capture_output=True, text=True)


def _build_excerpt(proc: subprocess.CompletedProcess, limit: int = 15) -> str:
    lines = [line for line in (proc.stderr + proc.stdout).splitlines()
             if line.startswith(("ERROR", "WARNING", "Aborted", "Error")) or "PluginError" in line]
    return "\n".join(lines[-limit:])


def _os_failure(to: Path, action: str, err: OSError) -> GovsiteError:
    where = f"：{err.filename}" if err.filename else ""
    try:
        live = current_name(to)
    except OSError:
        live = None
    return GovsiteError(f"{action}未完成（{err.strerror or err}{where}），current 现指向 {live or '无'}；"
                        "请检查部署目录的路径、磁盘空间和权限（须可由运行部署的账号写入）后重试")


def next_name(root: Path, to: Path, now: dt.datetime) -> str:
    """The name a deploy at ``now`` will give its release (a takedown records it first)."""
    return _release_name(root, now, {r.name for r in list_releases(to.resolve())})[0]


def deploy(root: Path, to: Path, *, site: Path | None = None, keep: int = 5, rsync: str | None = None,
           now: dt.datetime | None = None, log: Callable[[str], object] = print, name: str | None = None) -> Release:
    """Build (or copy ``site``) into a new release, switch to it, prune, sync.

    ``name``: the release's name as announced by :func:`next_name` (refused if taken).
    Every problem of the deploy directory is a :class:`GovsiteError` (one line, exit 2)."""
    if keep < 1:
        raise UsageError("--keep 至少为 1")
    to = to.resolve()
    try:
        return _deploy(root, to, site=site, keep=keep, rsync=rsync, now=now, log=log, name=name)
    except OSError as err:
        raise _os_failure(to, "部署", err) from None


def _deploy(root: Path, to: Path, *, site: Path | None, keep: int, rsync: str | None,
            now: dt.datetime | None, log, name: str | None = None) -> Release:
    _check_target(to)
    with locked(to):
        base = releases_dir(to)
        base.mkdir(parents=True, exist_ok=True)
        releases = list_releases(to)
        now = now or dt.datetime.now(dt.UTC)
        auto, sha = _release_name(root, now, {r.name for r in releases})
        if name is not None and name != auto and (name in {r.name for r in releases} or "/" in name):
            raise GovsiteError(f"版本名 {name} 已被占用；请重试")
        name = name or auto
        partial = base / f"{PARTIAL}{name}"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            if site is not None:
                if not (site / "index.html").is_file():
                    raise UsageError(f"{site}: 不是构建好的站点（缺少 index.html）")
                if (site / DRAFT_MARKER).exists():
                    raise UsageError(f"{site}: 是草稿预览（govsite preview），含未审核的页面，不能发布；"
                                     "请用 mkdocs build --strict 构建后再部署")
                if (site / SHARD_MARKER).exists():
                    raise UsageError(f"{site}: 是单个分片（govsite build --unit），不是完整站点，不能发布；"
                                     "请用 govsite build --compose 合成各分片后再部署")
                shutil.copytree(site, partial, symlinks=True)
                source = f"site:{site}"
            else:
                log(f"构建新版本 {name} …")
                proc = build(root, partial)
                if proc.returncode != 0 or not (partial / "index.html").is_file():
                    sys.stderr.write(proc.stdout + proc.stderr)
                    excerpt = _build_excerpt(proc)
                    raise Failure("构建失败，线上站点未改动（current 仍指向 "
                                  f"{current_name(to) or '无'}）；请修正后重新部署" + (f"：\n{excerpt}" if excerpt else ""))
                source = "build"
            _world_readable(partial)
            os.rename(partial, base / name)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        seq = max((r.seq for r in releases), default=0) + 1
        release = Release(name, seq, now.isoformat(timespec="seconds"), sha, source)
        manifest.write(base / name, manifest.manifest_path(base, name), name)  # for verify-live
        meta = base / f"{name}.json"
        meta.write_text(json.dumps(release.as_json(), ensure_ascii=False, indent=1), "utf-8")
        previous = current_name(to)
        switch(to, name)
        _log(to, "deploy", release=name, previous=previous, sha=sha, source=source)
        removed = prune(to, keep)
        if removed:
            log(f"清理旧版本：{', '.join(removed)}")
    if rsync:
        sync(to, name, rsync)
    return release


def _world_readable(folder: Path) -> None:
    """The web server (another user) must read every file, whatever the CI's umask was."""
    os.chmod(folder, 0o755)
    for dirpath, dirnames, filenames in os.walk(folder):
        for d in dirnames:
            path = os.path.join(dirpath, d)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for f in filenames:
            path = os.path.join(dirpath, f)
            if not os.path.islink(path):
                os.chmod(path, (os.stat(path).st_mode & 0o755) | 0o644)


def sync(to: Path, name: str, target: str) -> None:
    """Copy the live release to the platform's web servers (``rsync --delay-updates``)."""
    exe = shutil.which("rsync")
    if exe is None:
        raise GovsiteError(f"已在 {to} 切换到 {name}，但未安装 rsync，无法同步到 {target}；请安装 rsync 后重新运行")
    src = str(releases_dir(to) / name) + "/"
    proc = subprocess.run([exe, "-a", "--delete", "--delay-updates", src, target], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"已在 {to} 切换到 {name}，但同步到 {target} 失败（rsync 退出码 {proc.returncode}）：{proc.stderr.strip()[-300:]}")


# -- rollback ------------------------------------------------------------------------

def resolve_release(to: Path, wanted: str | None) -> tuple[str | None, Release]:
    """(live release, release to switch to): ``wanted`` by name or unique prefix, or the
    release before the live one."""
    releases = list_releases(to)
    if not releases:
        raise GovsiteError(f"{to} 没有任何已部署的版本")
    live = current_name(to)
    if wanted:
        matches = [r for r in releases if r.name == wanted] or [r for r in releases if r.name.startswith(wanted)]
        if not matches:
            raise UsageError(f"找不到版本 {wanted}；可用版本：{', '.join(r.name for r in releases)}")
        if len(matches) > 1:
            raise UsageError(f"版本 {wanted} 不唯一：{', '.join(r.name for r in matches)}；请写出更长的名称")
        return live, matches[0]
    if live is None:
        raise GovsiteError(f"{to}/current 不存在，不知道从哪个版本回滚；请指定版本名")
    here = next((r for r in releases if r.name == live), None)
    earlier = [r for r in releases if here is not None and (r.seq, r.name) < (here.seq, here.name)]
    if not earlier:
        raise Failure(f"当前版本 {live} 之前没有保留的版本，无法回滚")
    return live, earlier[-1]


def rollback(to: Path, wanted: str | None = None, *, rsync: str | None = None) -> tuple[str | None, Release]:
    to = to.resolve()
    try:
        return _rollback(to, wanted, rsync=rsync)
    except OSError as err:
        raise _os_failure(to, "回滚", err) from None


def _rollback(to: Path, wanted: str | None, *, rsync: str | None) -> tuple[str | None, Release]:
    _check_target(to)
    with locked(to):
        live, target = resolve_release(to, wanted)
        if target.name == live:
            raise Failure(f"{target.name} 已是当前版本")
        switch(to, target.name)
        _log(to, "rollback", release=target.name, previous=live, sha=target.sha)
    if rsync:
        sync(to, target.name, rsync)
    return live, target
