"""Shard builds: one unit's subsite (or the portal's own parts) built alone, with the
portal's shared chrome, and the composition of the shards into the whole portal.

A district is ``units/<id>/`` × ~70 plus the portal's own pages. A shard build is the
ordinary production build (the same hooks, gate and theme) with the door restricted:

* the shard of unit ``<id>`` checks and publishes ``units/<id>/`` only, and generates
  that unit's home, column lists and 目录; it writes ``<id>/…``;
* the portal shard (:data:`PORTAL`) checks and publishes ``content/`` (home, about, the
  unit directory, the latest news of every unit), judges ``review/``'s files, the site
  and repository rules, and writes everything outside the units' folders (404 page,
  theme assets, search page, sitemap); the composition is indexed for search once.

Every other page of the district is handed to MkDocs as an *excluded* file (a stub: listed,
never read, rendered or written), so the navigation (portal top nav + unit sections; see
:mod:`govsite.site.nav`) is the same object in every shard and cross-unit links are
validated by MkDocs itself against the list of the whole district's pages, made from the
file tree alone (:func:`stubs`), not by building them. A page's HTML therefore depends
only on its unit and the portal chrome, and the composed tree equals the single build's
(``tests/test_shards.py`` proves it: same file list, same bytes apart from the sitemap's
``lastmod``).

Which shard a build is comes only from :func:`activate`, called in-process by ``govsite
build --unit`` and ``govsite serve --unit``: no configuration file or environment
variable can turn ``mkdocs build`` (or ``govsite deploy``) into a partial build, and every
shard folder carries :data:`SHARD_MARKER`, which ``govsite deploy --site`` refuses.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from govsite.core import gitio
from govsite.core.attachments import name_problem
from govsite.core.errors import Failure, UsageError
from govsite.core.files import ATTACHMENT, PAGE, classify, walk
from govsite.core.project import CONTENT_DIR, REVIEW_DIR, UNITS_DIR, Project
from govsite.core.withdrawal import withdrawal
from govsite.engine.reportcache import GLOB
from govsite.engine.runner import Report, run, site_findings, update
from govsite.publish import search
from govsite.rules.registry import RULES
from govsite.site.generated import list_uri, page_count
from govsite.site.sections import SECTIONS
from govsite.site.xxgkml import CATALOG_COLUMN

PORTAL = "_portal"  # the portal shard's name (a unit id is lowercase ASCII letters: never this)
SHARD_MARKER = "govsite-shard.json"  # in every shard folder; compose reads it, deploy refuses it
SITEMAP = "sitemap.xml"
MERGED = (SITEMAP, SITEMAP + ".gz")  # files every shard writes a part of
FILE_CODES = frozenset(r.code for r in RULES if r.scope == "file" and not r.retired)


@dataclass(frozen=True)
class Shard:
    """One shard of the portal: a unit's subsite, or (``unit`` None) the portal's own parts."""

    unit: str | None

    @property
    def name(self) -> str:
        return self.unit or PORTAL

    @property
    def trees(self) -> tuple[str, ...]:
        """The published trees whose files this shard mounts (for ``build.door``)."""
        return (f"{UNITS_DIR}/{self.unit}",) if self.unit else (CONTENT_DIR,)

    def owns(self, site_path: str, unit_ids: set[str]) -> bool:
        """Whether a file of the built site at ``site_path`` belongs to this shard."""
        first = site_path.split("/", 1)[0]
        if self.unit:
            return first == self.unit and "/" in site_path
        return first not in unit_ids or "/" not in site_path


def shard_of(project: Project, name: str) -> Shard:
    """The shard called ``name`` (a unit id or :data:`PORTAL`); a usage error otherwise."""
    if name == PORTAL:
        return Shard(None)
    if name not in project.unit_ids():
        known = "、".join(project.unit_ids()) or "（无）"
        raise UsageError(f"没有单位 {name!r}（units/ 下的单位：{known}；门户自身的页面用 --portal）")
    return Shard(name)


def shard_names(project: Project) -> list[str]:
    """Every shard of the district: each unit, then the portal (one CI matrix job each)."""
    return [*project.unit_ids(), PORTAL]


# -- which shard this process builds ------------------------------------------------
_active: Shard | None = None
# The other units' files, kept between the rebuilds of one ``govsite serve --unit`` (it
# watches only its own unit, so they are not expected to change while it runs); None:
# nothing kept (every build lists them afresh).
_kept: dict[tuple[str, str], list[Stub]] | None = None


def active() -> Shard | None:
    """The shard being built, or None for the whole portal (every ``mkdocs build``)."""
    return _active


@contextmanager
def activate(shard: Shard | None, keep: bool = False) -> Iterator[None]:
    """Build ``shard`` in this process while the block runs (``govsite build/serve --unit``);
    ``keep``: list the other units' files once for all rebuilds (a serve)."""
    global _active, _kept
    previous, _active = _active, shard
    kept, _kept = _kept, ({} if keep else None)
    try:
        yield
    finally:
        _active, _kept = previous, kept


# -- the check of one shard ------------------------------------------------------------
_SERVED: dict[tuple[Path, str], Report] = {}  # the last check of each unit a preview server rebuilds


def check(project: Project, shard: Shard | None, draft: bool = False) -> Report:
    """The rule engine's report for what the shard publishes; the union over all shards
    is the single build's report (units, then content/, review/, loose files of units/,
    site and repository rules in the portal shard). ``draft``: a preview server's
    rebuild, which checks a unit again only where an edit can change its findings
    (:func:`govsite.engine.runner.update`)."""
    if shard is None:
        return run(project, None)
    if shard.unit:
        targets = [str(project.root / UNITS_DIR / shard.unit)]
        if not draft:
            return run(project, targets)
        key = (project.root, shard.name)
        report = update(project, _SERVED.get(key), targets=targets, scope=served_scope(shard))
        _SERVED[key] = report
        return report
    units = set(project.unit_ids())
    # entries of units/ that belong to no unit (a stray file, a hidden folder): the file rules
    # judge them in a full check, so the portal shard does (one by one: a folder named as a
    # target would be taken for a unit)
    top = project.root / UNITS_DIR
    strays = sorted(e.name for e in os.scandir(top) if e.name not in units) if top.is_dir() else []
    loose = [e.rel for name in strays for e in walk(project.root, f"{UNITS_DIR}/{name}")]
    targets = [str(project.root / t) for t in (CONTENT_DIR, REVIEW_DIR) if (project.root / t).exists()]
    report = run(project, targets) if targets else Report()
    found = set(report.findings) | set(site_findings(project))
    if loose:  # the file rules only, as a full check does (they are not pages of any unit)
        found |= set(run(project, [str(project.root / rel) for rel in loose], codes=set(FILE_CODES)).findings)
    report.findings = sorted(found)
    return report


# -- the rest of the district, as excluded files --------------------------------------
@dataclass(frozen=True)
class Stub:
    src_uri: str  # place in the docs tree
    abs_path: Path | None  # the source file, None for a generated page


def _listed(project: Project, top: str) -> Iterator[tuple[str, Path]]:
    """(path in the docs tree, file) of every page or attachment under ``top`` the door
    would consider by name alone (contents are judged by the shard that publishes them:
    a refused file fails that shard, and so the composition)."""
    types = project.attachment_types
    for entry in walk(project.root, top):
        parts = entry.rel.split("/")
        if entry.is_symlink or any(name_problem(p) for p in parts[1:]) or classify(entry, types) not in (PAGE, ATTACHMENT):
            continue
        if parts[0] == UNITS_DIR and len(parts) < 3:
            continue
        yield "/".join(parts[1:]), entry.path


def _generated_uris(project: Project, unit_id: str) -> Iterator[str]:
    """The generated pages of a unit (home, column lists with their pages, 目录), from the
    number of files in each column: an upper bound, so a link to a list page is accepted
    when the page can exist."""
    unit = project.unit(unit_id)
    size = project.settings.page_size
    yield f"{unit_id}/index.md"
    total = 0
    for column in unit.columns:
        if not column.has_folder:
            continue
        count = len(project.column_pages(unit_id, column.id))
        total += count
        yield from (list_uri(unit_id, column.id, n) for n in range(1, page_count(count, size) + 1))
    if unit.column(CATALOG_COLUMN) is not None:
        yield from (list_uri(unit_id, CATALOG_COLUMN, n) for n in range(1, page_count(total, size) + 1))


def stubs(project: Project, shard: Shard) -> list[Stub]:
    """Every file of the district that ``shard`` does not build: listed for MkDocs as
    excluded (nav entries and links resolve to them; nothing is read or written)."""
    out: list[Stub] = []
    if shard.unit:
        out.extend(Stub(uri, path) for uri, path in _listed(project, CONTENT_DIR))
        out.extend(Stub(f"{section}/index.md", None) for section in SECTIONS)  # the portal shard writes them
    for unit_id in project.unit_ids():
        if unit_id == shard.unit:
            continue
        key = (str(project.root), unit_id)
        found = _kept.get(key) if _kept is not None else None
        if found is None:
            found = [Stub(uri, path) for uri, path in _listed(project, f"{UNITS_DIR}/{unit_id}")]
            found += [Stub(uri, None) for uri in _generated_uris(project, unit_id)]
            if _kept is not None:
                _kept[key] = found
        out.extend(found)
    return out


def watched(project: Project, shard: Shard) -> list[str]:
    """What ``govsite serve --unit`` watches besides content/ and mkdocs.yml (MkDocs always
    watches those): the unit's folder, its approvals, the settings and the trust roots,
    not the other units' thousands of files."""
    root = project.root
    paths = [root / "govsite.yml", root / REVIEW_DIR / "allowed_signers"]
    if shard.unit:
        paths += [root / UNITS_DIR / shard.unit, root / REVIEW_DIR / "approvals" / shard.unit]
    return [str(p) for p in paths if p.exists()]


def served_scope(shard: Shard) -> tuple[str, ...]:
    """What a preview of one unit follows between rebuilds (git pathspecs): the unit's
    folder and approvals, the trust files and settings, the portal's pages and theme
    (what :func:`watched` and MkDocs watch); a change elsewhere shows after a restart."""
    assert shard.unit, "a unit's shard"
    return (f"{UNITS_DIR}/{shard.unit}", f"{REVIEW_DIR}/approvals/{shard.unit}", f"{GLOB}{REVIEW_DIR}/*",
            "govsite.yml", "holidays.yml", "mkdocs.yml", CONTENT_DIR, "overrides", "hooks")


def generated_units(shard: Shard | None) -> set[str] | None:
    """The units whose generated pages (home, lists, 目录) this build writes; None: all."""
    if shard is None:
        return None
    return {shard.unit} if shard.unit else set()


def withdrawn_paths(project: Project, shard: Shard | None) -> list[str]:
    """Site paths of the withdrawn pages this build wrote (for the sitemap)."""
    units = project.unit_ids() if shard is None else [shard.unit] if shard.unit else []
    return [rel[len(UNITS_DIR) + 1:-3] + "/" for u in units for rel in project.page_paths(u)
            if withdrawal(project.page(rel).meta) is not None]


# -- canonical sitemap (every build, so shards compose to the same bytes) --------------------
_URL = re.compile(r"<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _sitemap_urls(site_dir: Path) -> list[str]:
    path = site_dir / SITEMAP
    if not path.is_file():
        return []
    return [re.sub(r"\s+", "", block) for block in _URL.findall(path.read_text("utf-8"))]


def _write_sitemap(site_dir: Path, urls: list[str]) -> None:
    def loc(block: str) -> str:
        found = _LOC.search(block)
        return found.group(1) if found else block

    text = _SITEMAP_HEAD + "".join(f"  {u}\n" for u in sorted(set(urls), key=loc)) + "</urlset>\n"
    (site_dir / SITEMAP).write_text(text, "utf-8")
    (site_dir / (SITEMAP + ".gz")).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def canonicalize(site_dir: Path) -> None:
    """Sitemap sorted by address: the order no longer depends on which files a build
    listed first, so composing shards gives the single build's bytes."""
    if (site_dir / SITEMAP).is_file():
        _write_sitemap(site_dir, _sitemap_urls(site_dir))


# -- the shard folder and the composition -------------------------------------------------
def mark(out: Path, project: Project, shard: Shard) -> None:
    """Write the shard marker: which shard, from which commit (compose refuses a mix)."""
    marker = {"shard": shard.name, "unit": shard.unit, "commit": _head(project)}
    (out / SHARD_MARKER).write_text(json.dumps(marker, ensure_ascii=False) + "\n", "utf-8")


def _head(project: Project) -> str | None:
    return gitio.head_sha(project.root) if gitio.is_repository(project.root) else None


def read_marker(folder: Path) -> dict:
    path = folder / SHARD_MARKER
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise UsageError(f"{folder}: 不是分片构建的输出（缺少或无法读取 {SHARD_MARKER}）；请用 govsite build --unit 构建") from None
    if not isinstance(data, dict) or not isinstance(data.get("shard"), str):
        raise UsageError(f"{path}: 分片标记格式不对；请重新构建该分片")
    return data


def shard_folders(top: Path) -> list[Path]:
    """Shard folders under ``top``: ``top/<name>/`` or one level deeper (an artifact
    download that puts each artifact in a folder of its own)."""
    if not top.is_dir():
        return []
    found = list(top.glob(f"*/{SHARD_MARKER}")) + list(top.glob(f"*/*/{SHARD_MARKER}"))
    return sorted(p.parent for p in found)


def _files(folder: Path) -> Iterator[str]:
    for here, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield (Path(here) / name).relative_to(folder).as_posix()


def compose(project: Project, folders: list[Path], out: Path) -> list[str]:
    """Copy the shards' own files into ``out``, merging the sitemaps; then index the whole for search.

    Every shard of the district must be there exactly once, all built from one commit;
    two shards writing the same file is an error, and so is a shard writing outside
    what it owns (a file of the portal shard inside a unit's folder). Returns the shards."""
    unit_ids = set(project.unit_ids())
    by_name: dict[str, tuple[Shard, Path, dict]] = {}
    for folder in folders:
        marker = read_marker(folder)
        shard = shard_of(project, marker["shard"])
        if shard.name in by_name:
            raise Failure(f"分片 {shard.name} 出现两次：{by_name[shard.name][1]} 和 {folder}")
        by_name[shard.name] = (shard, folder, marker)
    missing = [n for n in shard_names(project) if n not in by_name]
    if missing:
        raise Failure("缺少分片：" + "、".join(missing) + "；每个单位和门户（_portal）各需一个分片才能组成完整站点")
    commits = {m.get("commit") for _, _, m in by_name.values()}
    if len(commits) > 1:
        raise Failure("各分片不是由同一提交构建的（" + "、".join(sorted(str(c) for c in commits)) + "）；请全部重新构建")
    current = _head(project)
    if current and commits != {current}:
        raise Failure(f"各分片由提交 {commits.pop()} 构建，当前仓库是 {current}；请用当前提交重新构建各分片")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    owner: dict[str, str] = {}
    urls: list[str] = []
    for name in shard_names(project):
        shard, folder, _ = by_name[name]
        for rel in _files(folder):
            if rel == SHARD_MARKER or rel in MERGED:
                continue
            if not shard.owns(rel, unit_ids):
                if shard.unit is None:
                    raise Failure(f"门户分片写了单位 {rel.split('/', 1)[0]} 的文件 {rel}；"
                                  f"content/ 下不能有与单位同名的目录，请重命名")
                continue  # a unit shard's copy of the shared chrome: the portal shard's is used
            if rel in owner:
                raise Failure(f"分片 {owner[rel]} 和 {name} 都写了 {rel}；请修改其中一个的路径")
            owner[rel] = name
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / rel, target)
        urls += _sitemap_urls(folder)
    if urls:
        _write_sitemap(out, urls)
    # the search index covers the whole site: built once, on the composition (a shard has none)
    search.index_site(out)
    return list(by_name)
