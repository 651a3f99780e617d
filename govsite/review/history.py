"""``govsite review log PAGE``: the review history of one page, through renames.

Interleaves, by time, the commits that changed the page (with the content hash each
one left) and every approval record of the page under any of its past paths (who,
role, provider, which content, and whether it still verifies), so an inspector sees
which version each reviewer approved and what changed after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsite.core import gitio
from govsite.core.project import Project
from govsite.review import FORGE_NAMES, gate
from govsite.review.hashing import content_hash
from govsite.review.status import ReviewStatus


@dataclass(frozen=True)
class Event:
    when: dt.datetime
    kind: str  # commit | approval | worktree
    path: str  # the page's path at the time
    hash: str | None
    text: str
    current: bool = False  # concerns the page's current content

    def line(self) -> str:
        stamp = self.when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        mark = "  ← 当前内容" if self.current else ""
        short = f"  内容 {self.hash[:19]}…" if self.hash else ""
        return f"{stamp}  {self.text}{short}{mark}"


def page_log(project: Project, rel: str) -> tuple[str, list[Event]]:
    """(current content hash, events oldest first) of the page at ``rel``."""
    page = project.page(rel)
    current = content_hash(page.raw)
    events: list[Event] = []
    paths = [rel]
    in_git = gitio.is_repository(project.root)
    last_hash = None
    if in_git:
        versions = gitio.file_versions(project.root, rel)
        for number, v in enumerate(versions):
            if v.path not in paths:
                paths.append(v.path)
            raw = gitio.file_bytes_at(project.root, v)
            h = content_hash(raw) if raw is not None else None
            if last_hash is None:
                last_hash = h
            verb = {"A": "新增", "M": "修改", "R": "改名/移动", "C": "复制", "D": "删除"}.get(v.status, v.status)
            where = f"（路径 {v.path}）" if v.path != rel else ""
            if v.status == "R" and number + 1 < len(versions):
                where += f"（自 {versions[number + 1].path}）"
            summary = v.commit.message.splitlines()[0] if v.commit.message else ""
            events.append(Event(v.commit.when, "commit", v.path, h,
                                f"提交 {v.commit.sha[:10]} {verb}{where} {v.commit.author}：{summary}", h == current))
    if last_hash != current and page.raw:
        events.append(Event(dt.datetime.now(dt.UTC), "worktree", rel, current,
                            "工作区中的当前内容（尚未提交）" if in_git else "当前内容", True))
    verifier = gate.verifier_for(project)
    roster = project.roster_unit_id(page.rel)
    unit = project.unit(roster) if roster else None
    for path in paths:
        for file in verifier.store.files_for(path):
            c = verifier.check(file)
            r = c.record
            if r is None:
                events.append(Event(dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC), "approval", path,
                                    None, f"无效记录 {c.rel}：{c.verdict.reason}"))
                continue
            verdict = gate.effective(c, unit) if unit else c.verdict
            how = (f"{FORGE_NAMES[r.provider]} PR #{r.pr} 审批（账号 {r.login}，提交 {r.head[:10]}，导入者 {r.importer}）"
                   if r.is_forge else f"SSH 签名（密钥 {r.key}）")
            state = "签名有效" if verdict.status == ReviewStatus.OK else f"无效：{verdict.reason}"
            where = f"（当时路径 {path}）" if path != rel else ""
            events.append(Event(r.when_dt, "approval", path, r.hash,
                                f"{gate.role_text(r.role)} {r.name}（{r.person}）{how}{where}；{state}",
                                r.hash == current and path == rel))
    events.sort(key=lambda e: (e.when, e.kind != "commit"))
    return current, events
