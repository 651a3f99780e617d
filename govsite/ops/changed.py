"""What a pull request touches: the pages it changes, plus the pages that link to
what it changes, renames or deletes (their links may now be broken).

``govsite changed --base REF`` prints them; ``--check`` checks them with the rule
engine. A change to the settings, the rules, the hooks or the build configuration
makes everything a target (``units``): every page may be judged differently.
Trust changes (rosters, trust files, settings, word lists: :mod:`govsite.review.basetrust`)
are listed apart from the content.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from govsite.core import gitio
from govsite.core.files import ACCOUNT_DATA_FILES
from govsite.core.project import CONTENT_DIR, UNITS_DIR, Project
from govsite.links.internal import page_links, sitemap
from govsite.review.basetrust import TrustChange, trust_changes

# Paths whose change may change the verdict on every page.
GLOBAL_PATHS = ("govsite.yml", "mkdocs.yml", "holidays.yml", "govsite/", "hooks/", "pyproject.toml",
                "requirements.lock", "review/allowed_signers")


@dataclass
class Scope:
    everything: bool = False
    pages: list[str] = field(default_factory=list)  # changed or added pages and files (repository-relative)
    units: list[str] = field(default_factory=list)  # units whose unit.yml changed: checked whole
    linked: list[str] = field(default_factory=list)  # pages linking to something changed
    reasons: dict[str, str] = field(default_factory=dict)  # target -> why (Chinese)
    trust: list[TrustChange] = field(default_factory=list)  # changes of who may approve / what is allowed

    @property
    def targets(self) -> list[str]:
        """Paths for :func:`govsite.engine.run` (repository-relative)."""
        if self.everything:
            return [UNITS_DIR]
        units = [f"{UNITS_DIR}/{u}" for u in self.units]
        rest = [p for p in self.pages + self.linked
                if PurePosixPath(p).parts[0] != UNITS_DIR or PurePosixPath(p).parts[1] not in self.units]
        return list(dict.fromkeys(units + rest))


def scope(project: Project, base: str, head: str = "HEAD", linked: bool = True) -> Scope:
    root = project.root
    result = Scope()
    gone: list[str] = []  # paths whose address may now be dead (changed files too: anchors)
    for change in gitio.changes(root, base, head):
        path = change.path
        if path.startswith(GLOBAL_PATHS) or path in GLOBAL_PATHS:
            result.everything = True
            result.reasons[UNITS_DIR] = f"{path} 已修改，全部页面都要重新检查"
            continue
        if change.old_path and change.old_path != path:
            gone.append(change.old_path)
        parts = PurePosixPath(path).parts
        present = change.status != "D" and os.path.lexists(root / path)  # a link counts: FIL005
        if parts[0] == CONTENT_DIR:
            # portal pages are gated like unit pages; every file there passes the door's rules
            # (review/ is not listed here: its records are for review verify, and the full
            # build runs the file rules over it)
            if present:
                result.pages.append(path)
                result.reasons[path] = "本次修改"
            gone.append(path)
            continue
        if parts[0] != UNITS_DIR or len(parts) < 3:
            continue
        if len(parts) == 5 and parts[2] == "newmedia" and parts[4] in ACCOUNT_DATA_FILES:
            # an account's menu or message log (added, changed or deleted) is judged by unit rules
            result.units.append(parts[1])
            result.reasons[f"{UNITS_DIR}/{parts[1]}"] = "新媒体账号的菜单或留言记录已修改，整个单位重新检查"
            continue
        if change.status == "D":
            gone.append(path)
            continue
        if parts[2] == "unit.yml" and len(parts) == 3:
            result.units.append(parts[1])
            result.reasons[f"{UNITS_DIR}/{parts[1]}"] = "unit.yml 已修改，整个单位重新检查"
            continue
        if present:
            # pages, and attachments for the file rules (FIL005-FIL010): nothing unchecked gets in
            result.pages.append(path)
            result.reasons[path] = "本次修改"
        gone.append(path)  # a page's anchors may have changed; pages link to attachments
    result.pages = sorted(set(result.pages))
    result.units = sorted(set(result.units))
    if linked and gone and not result.everything:
        own = set(result.pages)
        for rel, target in referrers(project, gone):
            if rel not in own:
                result.linked.append(rel)
                result.reasons.setdefault(rel, f"链接到 {target}")
        result.linked = sorted(set(result.linked))
    result.trust = trust_changes(project)
    return result


def referrers(project: Project, paths: list[str]) -> list[tuple[str, str]]:
    """(page, path it links to) for every unit page whose links reach one of ``paths``."""
    site = sitemap(project)
    wanted: dict[str, str] = {}
    for path in paths:
        uri = site.docs_uri(path)
        if uri:
            wanted[uri] = path
    if not wanted:
        return []
    needles = sorted({PurePosixPath(u).stem for u in wanted} - {"index"}) or sorted(wanted)
    found = []
    for rel in gitio.files_containing(project.root, needles, UNITS_DIR):
        if not rel.endswith(".md"):
            continue
        page = project.page(rel)
        here = site.docs_uri(rel)
        if here is None:
            continue
        for pl in page_links(page):
            if pl.link.is_external or not pl.path:
                continue
            if pl.link.is_site_absolute:
                hits = [u for u in wanted if pl.path.lstrip("/") and site.served_url(u) in (pl.path, pl.path + "/")]
            else:
                hits = [u for u in wanted if site.join(here, pl.path) == u]
            for uri in hits:
                found.append((rel, wanted[uri]))
    return found
