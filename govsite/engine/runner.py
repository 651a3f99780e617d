"""The rule engine: one entry point used by the MkDocs hooks, ``govsite check`` and CI.

``run(project, targets)`` selects the pages and units named by ``targets`` (all when
empty), runs every registered rule of the right scope, applies in-page suppressions,
and returns a :class:`Report`. Page-local results are cached by content hash.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from govsite.core import gitio
from govsite.core.diskcache import DiskCache
from govsite.core.errors import UsageError
from govsite.core.files import TREES, tree_files
from govsite.core.findings import ERROR, Finding, Suppressed
from govsite.core.memo import forget
from govsite.core.pages import Page
from govsite.core.paths import PagePath
from govsite.core.project import CONTENT_DIR, REVIEW_DIR, UNITS_DIR, Project
from govsite.core.settings import Settings
from govsite.core.units import Unit
from govsite.core.withdrawal import is_withdrawn
from govsite.engine.reportcache import Inputs, ReportCache, read_inputs
from govsite.rules.base import Hit
from govsite.rules.registry import RULES, WITHDRAWN_CODES, RuleSpec
from govsite.text.suppressions import parse_suppressions

T = TypeVar("T")
UNSUPPRESSIBLE = frozenset(r.code for r in RULES if not r.suppressible)
# The only rules that run on a page over the size limits (Page.over_limit): it is not
# parsed, so the others would judge an empty page; the file rules read no content.
OVER_LIMIT_CODES = frozenset({"FIL002", "FIL003", "FIL011"})


@dataclass
class Context:
    """What a rule may look at besides its page: the project, the page's unit, today."""

    project: Project

    @property
    def today(self) -> dt.date:
        return self.project.today

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def unit_of(self, page: Page) -> Unit | None:
        return self.project.unit(page.unit_id) if page.unit_id else None

    def roster_of(self, page: Page) -> Unit | None:
        """The unit whose roster reviews the page: its own unit, or the portal's owner
        for a page in content/ (None: not a page of the gate)."""
        unit_id = self.project.roster_unit_id(page.rel)
        return self.project.unit(unit_id) if unit_id else None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    pages: int = 0
    inputs: Inputs | None = None  # what a full check read (for :func:`update`)
    # What an incremental :func:`update` judged again: the files whose bytes changed, and
    # the pages and files checked again (those and the pages naming them). None: a whole check.
    changed: frozenset[str] | None = None
    rechecked: frozenset[str] | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]


@dataclass
class Selection:
    pages: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # units whose unit-scope rules run
    site: bool = False
    files: list[str] = field(default_factory=list)  # entries of units/, content/, review/ for file-scope rules


def select(project: Project, targets: list[str] | None) -> Selection:
    """Which pages, units and files the targets (paths relative to cwd or absolute) name."""
    if not targets:
        units = project.unit_ids()
        pages = [p for u in units for p in project.page_paths(u)] + project.portal_pages()
        files = [f.rel for f in tree_files(project.root)]
        return Selection(pages, units, True, files)
    sel = Selection()
    for target in targets:
        path = Path(target)
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{target}: 文件或目录不存在")
        rel = project.rel(path)
        parts = PurePosixPath(rel).parts if rel != "." else ()
        if not parts or parts == (UNITS_DIR,):
            return select(project, None)
        if parts[0] not in TREES:
            raise UsageError(f"{target}: 只能检查 {UNITS_DIR}/、{CONTENT_DIR}/ 和 {REVIEW_DIR}/ 下的文件")
        entries = project.files_under(rel)
        sel.files.extend(f.rel for f in entries)
        if parts[0] == UNITS_DIR and len(parts) == 2 and path.is_dir() and not path.is_symlink():
            sel.units.append(parts[1])
        if parts[0] != REVIEW_DIR:
            # pages: every .md entry, a link included (FIL003 reports where it points)
            sel.pages.extend(f.rel for f in entries if f.rel.endswith(".md"))
    sel.pages = list(dict.fromkeys(sel.pages))
    sel.units = list(dict.fromkeys(sel.units))
    sel.files = list(dict.fromkeys(sel.files))
    return sel


@lru_cache(maxsize=1)
def ruleset_fingerprint() -> str:
    """Hash of the rule code and data files: a new version invalidates the cache."""
    digest = hashlib.sha256()
    pkg = resources.files("govsite")
    for path in sorted(Path(str(pkg)).rglob("*")):
        if path.suffix in (".py", ".yml", ".yaml", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class FindingCache:
    """Page-local findings cached by content hash in the per-user, machine-bound cache
    (:mod:`govsite.core.diskcache`): nothing in the repository can answer for a page."""

    def __init__(self, project: Project, enabled: bool = True) -> None:
        self.store = DiskCache("findings", project.root, enabled)
        self.enabled = self.store.enabled
        self.project = project

    def key(self, page: Page) -> str:
        digest = hashlib.sha256()
        digest.update(self._base)
        digest.update(page.rel.encode() + b"\0" + page.raw)
        # the roster the review rules read: the page's unit, the portal owner for content/,
        # none for an untracked generated page (so committing one changes the key)
        roster = self.project.roster_unit_id(page.rel)
        digest.update(b"\0roster:" + (roster or "").encode() + b"\0")
        unit_id = page.unit_id or roster
        if unit_id:
            digest.update(self.project.unit(unit_id).yml_bytes)
        return digest.hexdigest()

    @cached_property
    def _base(self) -> bytes:
        """Rule code and data, and the settings file: shared by every page's key."""
        settings_file = self.project.root / "govsite.yml"
        settings = settings_file.read_bytes() if settings_file.exists() else b""
        for rel in self.project.settings.wordlists or ():  # word-list extensions (govsite/text/wordlists.py)
            extra = self.project.root / rel
            settings += b"\0" + (extra.read_bytes() if extra.is_file() else b"")
        return ruleset_fingerprint().encode() + hashlib.sha256(settings).digest()

    def get(self, key: str) -> list[Finding] | None:
        value = self.store.get(key)
        if not isinstance(value, list):
            return None
        try:
            return [Finding(**d) for d in value]
        except TypeError:
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        self.store.put(key, [f.__dict__ for f in findings])


def _finding(spec: RuleSpec, hit: Hit, default_path: str) -> Finding:
    return Finding(path=hit.path or default_path, line=max(1, hit.line), column=max(1, hit.column),
                   rule=spec.code, category=spec.category, severity=spec.severity,
                   message=hit.message, article=spec.article)


class _OverBudget(Exception):
    """A rule ran past its time budget on one page."""


def _expire(signum, frame):
    raise _OverBudget


@contextmanager
def _alarm() -> Iterator[bool]:
    """The budget's alarm handler, installed once for all the rules of a page (installing
    it per rule cost more than many rules). Main thread only, where Python delivers
    signals: elsewhere, e.g. in a server's worker thread, nothing is timed (False)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _budget(seconds: float, armed: bool) -> Iterator[None]:
    """Stop the body after ``seconds`` (a real-time timer) when the alarm is ``armed``."""
    if not armed:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _page_findings(specs: list[RuleSpec], page: Page, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    budget = ctx.project.settings.limits.rule_ms / 1000
    with _alarm() as armed:
        for spec in specs:
            found: list[Finding] = []
            try:
                with _budget(budget, armed):
                    found = [_finding(spec, hit, page.rel) for hit in spec.page_check(page, ctx) or ()]
            except _OverBudget:
                # not a pass: the page was not checked by this rule, so it is not published
                found = [Finding(page.rel, 1, 1, spec.code, spec.category, ERROR,
                                 f"本规则在本页上的检查超过时间上限（{budget:g} 秒）而中止，页面未经完整检查不能发布；"
                                 "页面可能含有异常的构造（超长段落、大量嵌套或未闭合的标记），请简化或拆分页面后重新检查",
                                 spec.article)]
            out.extend(found)
    return out


# A check of this many pages or more runs them in worker processes (``jobs``); fewer
# are not worth a process start.
PARALLEL_MIN_PAGES = 200
# Pages per task handed to a worker: small enough to share the work out evenly, large
# enough that the hand-over costs nothing next to the checks.
CHUNK_PAGES = 50
CHUNK_FILES = 1000


def default_jobs() -> int:
    """Worker processes for a check: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(project: Project, targets: list[str] | None = None, *, codes: set[str] | None = None,
        use_cache: bool = True, jobs: int | None = None, keep_inputs: bool = False,
        scope: tuple[str, ...] = ()) -> Report:
    """Check the pages and units named by ``targets`` (everything when empty).

    ``jobs`` worker processes check the pages when there are many (default: one per
    core); the report is exactly the one a serial run gives. ``keep_inputs``: record
    what the check read even for a part of the site, for a later :func:`update` (of the
    files within ``scope`` alone when given: see :func:`read_inputs`)."""
    active = [r for r in RULES if not r.retired and (codes is None or r.code in codes)]
    sel = select(project, targets)
    report = Report(pages=len(sel.pages))
    whole = ReportCache(project, enabled=use_cache and codes is None and sel.site)
    wanted = whole.enabled or (keep_inputs and codes is None)
    report.inputs = read_inputs(project, sel.files, ruleset_fingerprint(), scope) if wanted else None
    key = report.inputs.digest if report.inputs and whole.enabled else None
    if key and (kept := whole.get(key)) is not None:
        # the same inputs were checked before (govsite check, then the build): its verdict
        report.findings, report.suppressed, report.pages = kept
        return report
    raw: list[Finding] = []
    workers = default_jobs() if jobs is None else max(1, jobs)
    if workers > 1 and len(sel.pages) >= PARALLEL_MIN_PAGES and _can_fork():
        for unit_id in dict.fromkeys(PagePath(rel).unit for rel in sel.pages):
            if unit_id:
                project.unit(unit_id)  # a broken unit.yml is a configuration error: say so first, once
        # The first page is checked here: what every page check builds once (the rule
        # modules, the git history index, the trust files, the Markdown engine) is then
        # inherited by each worker instead of built again in each.
        found, suppressed = check_pages(project, sel.pages[:1], codes, use_cache)
        raw.extend(found)
        report.suppressed.extend(suppressed)
        with _Workers(project, codes, use_cache, workers) as pool:
            pages = pool.pages(sel.pages[1:])
            files = pool.files(sel.files)
            # meanwhile this process runs the rules over units, the site and the repository
            raw.extend(_whole_findings(project, sel, active, codes))
            for found, suppressed in pages.result():
                raw.extend(found)
                report.suppressed.extend(suppressed)
            raw.extend(f for found in files.result() for f in found)
    else:
        found, suppressed = check_pages(project, sel.pages, codes, use_cache)
        raw.extend(found)
        report.suppressed.extend(suppressed)
        raw.extend(check_files(project, sel.files, codes))
        raw.extend(_whole_findings(project, sel, active, codes))
    report.findings = sorted(set(raw))
    if key:
        whole.put(key, report.findings, report.suppressed, report.pages)
    return report


def update(project: Project, previous: Report | None, *, targets: list[str] | None = None,
           jobs: int | None = None, scope: tuple[str, ...] = ()) -> Report:
    """A check of ``targets`` (everything when empty) after the same check ``previous``
    of the same tree in this process (``mkdocs serve``, ``govsite serve --unit``
    rebuilding after an edit), with exactly its result.

    When only pages were edited (nothing added, removed or renamed; no ``unit.yml``,
    record, trust file, setting, commit, index or day changed), only those pages and the
    pages that may link to them (whose text names the edited file) are checked again,
    with the unit rules of their units and the rules over the site and the repository;
    everything else keeps its findings. Anything else is a full check. ``scope``: only
    changes there are looked for (a preview server follows what it watches)."""
    sel = select(project, targets)
    if previous is None or previous.inputs is None:
        return run(project, targets, jobs=jobs, keep_inputs=True, scope=scope)
    inputs = read_inputs(project, sel.files, ruleset_fingerprint(), scope)
    if (inputs is None or inputs.common != previous.inputs.common
            or inputs.files.keys() != previous.inputs.files.keys()):
        return run(project, targets, jobs=jobs, keep_inputs=True, scope=scope)
    changed = {rel for rel, digest in inputs.files.items() if previous.inputs.files[rel] != digest}
    if not changed:
        return replace(previous, changed=frozenset(), rechecked=frozenset())
    if not all(_linkable_page(rel) for rel in changed):
        return run(project, targets, jobs=jobs, keep_inputs=True, scope=scope)
    # A link to an edited page names its file: a page whose bytes do not contain the
    # file's name links to none of them (names are ASCII here, so never percent-encoded).
    names = [PurePosixPath(rel).stem.encode() for rel in changed]
    redo = [rel for rel in sel.pages if rel in changed or any(name in _bytes(project, rel) for name in names)]
    again = set(redo) | changed
    report = Report(pages=len(sel.pages), inputs=inputs, changed=frozenset(changed), rechecked=frozenset(again))
    found, suppressed = check_pages(project, redo)
    active = [r for r in RULES if not r.retired]
    found += check_files(project, [rel for rel in sel.files if rel in changed])
    # The unit rules judge a unit by its own pages and unit.yml (and, for its link
    # columns, which addresses exist: edits add or remove none), so only the units of
    # the edited pages are judged again; the site and repository rules always run.
    units = {PagePath(rel).unit for rel in changed} - {None}
    found += _whole_findings(project, Selection(units=[u for u in sel.units if u in units], site=sel.site), active, None)
    scopes = {r.code: r.scope for r in RULES}
    kept = [f for f in previous.findings
            if (scopes.get(f.rule) in ("page", "file") and f.path not in again)
            or (scopes.get(f.rule) == "unit" and _unit_of(f.path) not in units)]
    report.findings = sorted(set(kept + found))
    order = {rel: n for n, rel in enumerate(sel.pages)}
    merged = [s for s in previous.suppressed if s.finding.path not in again] + suppressed
    report.suppressed = sorted(merged, key=lambda s: order.get(s.finding.path, len(order)))  # stable: a page's own order
    return report


def _bytes(project: Project, rel: str) -> bytes:
    """A page's bytes, without parsing it (the pages that name an edited one are few)."""
    try:
        return (project.root / rel).read_bytes()
    except OSError:
        return b""


def _unit_of(path: str) -> str | None:
    """The unit a unit rule's finding is about (``units/<unit>`` or a path inside it)."""
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) >= 2 and parts[0] == UNITS_DIR else None


def _linkable_page(rel: str) -> bool:
    """A page whose every link from elsewhere names its file in ASCII (not an index page,
    which a link to its folder reaches)."""
    stem = PurePosixPath(rel).stem
    return (rel.endswith(".md") and (PagePath(rel).unit is not None or rel.startswith(f"{CONTENT_DIR}/"))
            and stem.isascii() and stem != "index" and len(stem) >= 3)


def _whole_findings(project: Project, sel: Selection, active: list[RuleSpec], codes: set[str] | None) -> list[Finding]:
    """Findings of the rules over units, the whole site and the repository."""
    ctx = Context(project)
    raw: list[Finding] = []
    for unit_id in sel.units:
        unit = project.unit(unit_id)
        for spec in (r for r in active if r.scope == "unit"):
            raw.extend(_finding(spec, hit, f"{UNITS_DIR}/{unit_id}") for hit in spec.unit_check(unit, ctx) or ())
    if sel.site:
        for spec in (r for r in active if r.scope == "site"):
            raw.extend(_finding(spec, hit, ".") for hit in spec.site_check(ctx) or ())
    raw.extend(repo_findings(project, codes))  # trust concerns every check, whatever its targets
    return raw


def check_files(project: Project, rels: list[str], codes: set[str] | None = None) -> list[Finding]:
    """Findings of the file rules on the entries ``rels`` of units/, content/ and review/."""
    ctx = Context(project)
    file_specs = [r for r in RULES if r.scope == "file" and not r.retired and (codes is None or r.code in codes)]
    raw: list[Finding] = []
    for rel in rels if file_specs else ():
        entry = project.tree_file(rel)
        if entry is None:
            continue
        for spec in file_specs:
            raw.extend(_finding(spec, hit, rel) for hit in spec.file_check(entry, ctx) or ())
    return raw


def check_pages(project: Project, rels: list[str], codes: set[str] | None = None,
                use_cache: bool = True) -> tuple[list[Finding], list[Suppressed]]:
    """Findings and suppressions of the page rules on ``rels``, in that order.

    What a page's check derived from it (its parsed document, its matched text) is
    dropped once the page is done, so a check never holds every parsed page at once."""
    ctx = Context(project)
    page_specs = [r for r in RULES if r.scope == "page" and not r.retired and (codes is None or r.code in codes)]
    cached_specs = [r for r in page_specs if r.cache]
    live_specs = [r for r in page_specs if not r.cache]
    cache = FindingCache(project, enabled=use_cache and codes is None)
    sink = Report()
    raw: list[Finding] = []
    for rel in rels:
        page = project.page(rel)
        if page.unit_id:
            project.unit(page.unit_id)  # a broken unit.yml is a configuration error: say so first
        if page.over_limit is not None:
            raw.extend(_page_findings([r for r in page_specs if r.code in OVER_LIMIT_CODES], page, ctx))
            continue
        if is_withdrawn(page.meta):
            # taken down: nothing of the page is published, only its withdrawal is checked
            kept = _page_findings([r for r in page_specs if r.code in WITHDRAWN_CODES], page, ctx)
            raw.extend(_apply_suppressions(page, kept, sink))
            continue
        key = cache.key(page) if cache.enabled else ""
        found = cache.get(key) if key else None
        if found is None:
            found = _page_findings(cached_specs, page, ctx)
            if key:
                cache.put(key, found)
        found = found + _page_findings(live_specs, page, ctx)
        raw.extend(_apply_suppressions(page, found, sink))
        forget(page)
    return raw, sink.suppressed


def _can_fork() -> bool:
    """Workers are forked: they start with the project as loaded here (its settings,
    units and trust files), so they judge exactly as this process would. Only where
    fork exists, and only from the main thread (a server's thread runs serially)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread())


_FORKED: tuple[Project, set[str] | None, bool] | None = None  # what forked workers check


def _check_chunk(rels: list[str]) -> tuple[list[Finding], list[Suppressed]]:
    assert _FORKED is not None, "a worker of _Workers"
    project, codes, use_cache = _FORKED
    return check_pages(project, rels, codes, use_cache)


def _check_file_chunk(rels: list[str]) -> list[Finding]:
    assert _FORKED is not None, "a worker of _Workers"
    project, codes, _ = _FORKED
    return check_files(project, rels, codes)


class _Pending(Generic[T]):
    """Results of tasks handed to the workers, in the order they were handed over."""

    def __init__(self, futures: list[Future[T]]) -> None:
        self.futures = futures

    def result(self) -> list[T]:
        return [f.result() for f in self.futures]


class _Workers:
    """Forked worker processes checking pages and files in chunks."""

    def __init__(self, project: Project, codes: set[str] | None, use_cache: bool, workers: int) -> None:
        self.work = (project, codes, use_cache)
        self.workers = workers

    def __enter__(self) -> _Workers:
        global _FORKED
        _FORKED = self.work  # read by the workers, which fork from this process as it is now
        # What the parent has loaded (the typo tables, rule data, the git index) is shared
        # with the forked workers copy-on-write. A collection in a worker writes to the
        # header of every object it scans and so copies the pages holding them: frozen
        # objects are never scanned, and the pages stay shared.
        gc.collect()
        gc.freeze()
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=gitio.after_fork)
        return self

    def __exit__(self, *exc: object) -> None:
        global _FORKED
        self.pool.shutdown(wait=True, cancel_futures=True)
        _FORKED = None
        gc.unfreeze()  # a long-lived process (mkdocs serve) collects them again

    def pages(self, rels: list[str]) -> _Pending[tuple[list[Finding], list[Suppressed]]]:
        return _Pending([self.pool.submit(_check_chunk, rels[i:i + CHUNK_PAGES])
                         for i in range(0, len(rels), CHUNK_PAGES)])

    def files(self, rels: list[str]) -> _Pending[list[Finding]]:
        return _Pending([self.pool.submit(_check_file_chunk, rels[i:i + CHUNK_FILES])
                         for i in range(0, len(rels), CHUNK_FILES)])


def repo_findings(project: Project, codes: set[str] | None = None) -> list[Finding]:
    """Findings of the ``repo`` rules alone (the repository's trust), without reading pages."""
    ctx = Context(project)
    return [_finding(spec, hit, ".") for spec in RULES
            if spec.scope == "repo" and not spec.retired and (codes is None or spec.code in codes)
            for hit in spec.site_check(ctx) or ()]


def site_findings(project: Project, codes: set[str] | None = None) -> list[Finding]:
    """Findings of the ``site`` rules alone: a shard build's portal part runs them
    (:mod:`govsite.publish.shards`), as a full check does."""
    ctx = Context(project)
    return [_finding(spec, hit, ".") for spec in RULES
            if spec.scope == "site" and not spec.retired and (codes is None or spec.code in codes)
            for hit in spec.site_check(ctx) or ()]


def _apply_suppressions(page: Page, found: list[Finding], report: Report) -> list[Finding]:
    sups = parse_suppressions(page)
    if not sups:
        return found
    kept: list[Finding] = []
    for f in found:
        match = next((s for s in sups if s.covers(f.rule, f.line)), None)
        if match and f.rule not in UNSUPPRESSIBLE:
            report.suppressed.append(Suppressed(f, match.reason, match.line))
        else:
            kept.append(f)
    return kept
