"""``govsite takedown``: remove a page from the live site at once (第十五条（一）).

One command, in this order, so that each step leaves evidence before the next acts:

1. the page's content hash is taken (what exactly was online);
2. the page's front-matter gets a ``withdrawn`` block (the source is kept as evidence,
   see :mod:`govsite.core.withdrawal`);
3. an incident record naming the page, its hash, the reason, the person and the release
   that will carry the removal is signed with the person's reviewer key and written
   under ``review/incidents/`` (:mod:`govsite.review.incidents`);
4. with a deploy folder, the site is rebuilt and deployed atomically
   (:func:`govsite.ops.deploy.deploy`): the page's address serves "该信息已撤下", the
   column lists, the 目录 and the search index no longer carry it.

No three-level review is needed (speed first); the signed record is listed for
follow-up (``govsite incident report``). A full ``mkdocs build`` is used: on the demo
it is a few seconds (README), and a partial build would have to re-derive every list
and index the page appears in, which is where a stale copy would survive.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from govsite.core.errors import UsageError
from govsite.core.withdrawal import mark, withdrawal
from govsite.ops import deploy as deploy_lib
from govsite.review import keys
from govsite.review.hashing import content_hash
from govsite.review.incidents import Incident, new_id, write
from govsite.review.records import utc_text
from govsite.review.signing import registered, resolve_person, unit_page
from govsite.review.store import Store


@dataclass(frozen=True)
class TakenDown:
    incident: Incident
    record: Path
    release: deploy_lib.Release | None
    seconds: float


def _signer(project, page, person_ref: str, key: Path | None):
    """(unit, person, key) of the person who acts: on the page's unit roster, with a key
    registered for them in review/allowed_signers."""
    unit = project.unit(page.unit_id)
    person = resolve_person(unit, person_ref)
    key_path = key or keys.person_key(keys.keys_dir(project.root), unit.id, person.id)
    if not key_path.exists():
        raise UsageError(f"找不到 {person.name}（{person.id}）的私钥 {key_path}；请用 --key 指定，"
                         f"或先运行 govsite review keygen --unit {unit.id} --person {person.id}")
    registered(Store(project.root), unit.id, person.id, key_path)
    return unit, person, key_path


def opinion(project, target: str, issue: str, verification: str, response: str, person_ref: str, *,
            key: Path | None = None, now: dt.datetime | None = None) -> tuple[Incident, Path]:
    """Record a public-opinion event (舆情, 第十五条（三））about a page: the issue raised,
    what the unit verified, and the authoritative response published (a page of the
    site), signed by the person who acted. The page itself is not changed."""
    page = unit_page(project, target)
    if not issue.strip() or not verification.strip():
        raise UsageError("请用 --issue 写明网民反映的问题，用 --verification 写明核查情况")
    response_rel = project.rel(Path(response))
    if not (response_rel.startswith(("units/", "content/")) and response_rel.endswith(".md")
            and (project.root / response_rel).is_file()):
        raise UsageError(f"--response {response}: 权威回应须是本站已有的页面（units/… 或 content/… 的 .md 文件）")
    unit, person, key_path = _signer(project, page, person_ref, key)
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    incident = Incident(id=new_id(now, page.rel), kind="opinion", page=page.rel, unit=unit.id,
                        title=str(page.meta.get("title") or ""), hash=content_hash(page.raw),
                        reason=f"舆情：{issue}", when=utc_text(now), person=person.id, name=person.name,
                        issue=issue, verification=verification, response=response_rel)
    path = write(project.root, incident, key_path)
    from govsite.review.incidents import load

    return load(project.root, incident.id), path


def takedown(project, target: str, reason: str, person_ref: str, *, to: Path | None = None,
             key: Path | None = None, keep: int = 5, now: dt.datetime | None = None,
             kind: str = "takedown", issue: str = "", verification: str = "", response: str = "",
             log=print) -> TakenDown:
    started = time.monotonic()
    if not reason.strip():
        raise UsageError("请用 --reason 写明撤稿原因（写入处置记录，报送区委网信办和区政府办公室）")
    page = unit_page(project, target)
    if withdrawal(page.meta) is not None:
        raise UsageError(f"{page.rel} 已经撤下（front-matter 中有 withdrawn）；无需重复撤稿。"
                         f"如网站上仍能看到原内容（上次发布失败），请运行 govsite deploy")
    if page.yaml_error is not None or not page.has_frontmatter:
        raise UsageError(f"{page.rel}: front-matter 无法读取，不能自动标记撤稿；请先修正 front-matter")
    unit, person, key_path = _signer(project, page, person_ref, key)
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    incident_id = new_id(now, page.rel)
    hash_before = content_hash(page.raw)
    marked = mark(page.raw, now.date().isoformat(), reason, incident_id)
    release_name = previous = "-"
    if to is not None:
        # the release name depends on the tree being dirty: mark first, then ask
        page.path.write_bytes(marked)
        release_name = deploy_lib.next_name(project.root, to, now)
        previous = deploy_lib.current_name(to.resolve()) or "-"
    incident = Incident(id=incident_id, kind=kind, page=page.rel, unit=unit.id,
                        title=str(page.meta.get("title") or ""), hash=hash_before, reason=reason,
                        when=utc_text(now), person=person.id, name=person.name, release=release_name,
                        previous=previous, issue=issue or "-", verification=verification or "-",
                        response=response or "-")
    try:
        record = write(project.root, incident, key_path)
    except BaseException:
        page.path.write_bytes(page.raw)  # no record, no withdrawal: leave the page as it was
        raise
    page.path.write_bytes(marked)
    log(f"已标记撤稿：{page.rel}；处置记录 {project.rel(record)}")
    release = None
    if to is not None:
        release = deploy_lib.deploy(project.root, to, keep=keep, now=now, name=release_name, log=log)
    from govsite.review.incidents import load

    return TakenDown(load(project.root, incident_id), record, release, time.monotonic() - started)
