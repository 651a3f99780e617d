"""The incident report the 办法 asks for (第十五条): facts, timeline and follow-up, as a
Markdown page and a Word document to send to 区委网信办 and 区政府办公室.

Built from the signed incident record (verified again), the page's history in git
(first published), the release that carried the removal and, where the history allows,
the trace of the page (commit, author, pull request, approvals: :mod:`govsite.ops.trace`).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from govsite.core import gitio
from govsite.core.errors import GovsiteError, UsageError
from govsite.review.incidents import INCIDENTS_DIR, SUFFIX, Incident, all_ids, verify

BEIJING = dt.timezone(dt.timedelta(hours=8))


@dataclass
class IncidentReport:
    incident: Incident
    verified: bool
    problem: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    timeline: list[tuple[str, str]] = field(default_factory=list)
    followup: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"网络安全事件处置报告（{self.incident.kind_name}，{self.incident.id}）"


def _local(when: dt.datetime) -> str:
    return when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _release_time(name: str) -> str | None:
    try:
        return _local(dt.datetime.strptime(name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC))
    except ValueError:
        return None


def url_of(page_rel: str) -> str:
    """The site address of a repository page (``units/u/c/s.md`` → ``/u/c/s/``)."""
    rel = page_rel.removeprefix("units/").removeprefix("content/")
    rel = rel[:-3] if rel.endswith(".md") else rel
    rel = rel[: -len("index")] if rel.endswith("index") else rel + "/"
    return "/" + rel.lstrip("/")


def build(project, incident_id: str) -> IncidentReport:
    if incident_id not in all_ids(project.root):
        known = "、".join(all_ids(project.root)[-5:]) or "无"
        raise UsageError(f"找不到事件记录 {INCIDENTS_DIR}/{incident_id}{SUFFIX}；最近的事件：{known}")
    checked = verify(project.root, incident_id)
    if checked.incident is None:
        raise GovsiteError(f"事件记录 {incident_id} 无法读取：{checked.reason}")
    inc = checked.incident
    report = IncidentReport(inc, checked.ok, checked.reason)
    report.facts = [("事件编号", inc.id), ("事件类型", inc.kind_name), ("涉及单位", _unit_name(project, inc.unit)),
                    ("涉及页面", f"{inc.page}（网址 {url_of(inc.page)}）"), ("页面标题", inc.value("title") or "（无）"),
                    ("页面内容哈希", inc.hash), ("处置原因" if inc.kind == "takedown" else "舆情概述", inc.reason),
                    ("处置人", f"{inc.name}（{inc.person}），以本人密钥签名"
                             + ("" if checked.ok else f"（签名核验未通过：{checked.reason}）"))]
    if inc.kind == "opinion":
        report.facts += [("反映的问题", inc.value("issue") or "（未记录）"),
                         ("核查情况", inc.value("verification") or "（未记录）"),
                         ("权威回应", f"{inc.value('response')}（网址 {url_of(inc.value('response'))}）"
                          if inc.value("response") else "（尚未发布）")]
    if inc.value("release"):
        report.facts.append(("撤下后的网站版本", inc.release + (f"（此前为 {inc.value('previous')}）" if inc.value("previous") else "")))
    report.timeline = _timeline(project, inc)
    report.followup = _followup(project, inc)
    return report


def _unit_name(project, unit_id: str) -> str:
    try:
        return f"{project.unit(unit_id).name}（{unit_id}）"
    except GovsiteError:
        return unit_id


def _timeline(project, inc: Incident) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    try:
        first = gitio.first_commit(project.root, inc.page)
    except gitio.NotARepository:
        first = None
    if first is not None:
        events.append((_local(first.commit.when), f"页面首次提交（{first.commit.sha[:12]}，{first.commit.author}）"))
    verb = "撤下页面并签名处置记录" if inc.kind == "takedown" else "记录舆情并签名"
    events.append((_local(inc.when_dt), f"{inc.name}{verb}：{inc.reason}"))
    released = _release_time(inc.release) if inc.value("release") else None
    if released:
        events.append((released, f"网站发布版本 {inc.release}，该网址显示“该信息已撤下”"))
    if inc.kind == "opinion" and inc.value("response"):
        events.append((_local(inc.when_dt), f"权威回应：{url_of(inc.value('response'))}"))
    return sorted(events)


def _followup(project, inc: Incident) -> list[str]:
    out = ["向区委网信办、区政府办公室报告本事件（第十五条（一）），附本报告"]
    try:
        from govsite.ops.trace import trace

        t = trace(project, str(project.root / inc.page))
    except GovsiteError as err:
        out.append(f"查明信息来源：尚无法自动溯源（{err}），请运行 govsite trace {inc.page}，必要时请求区委网信办、区公安局协助")
    else:
        pr = f"，拉取请求 #{t.pr}" if t.pr else "，未经拉取请求"
        who = "、".join(f"{c.record.name}（{c.record.role}）" for c in t.approvals) or "无有效审核签名"
        out.append(f"信息来源：提交 {t.commit.sha[:12]}（{t.commit.author}，{_local(t.commit.when)}）{pr}；放行的审核人：{who}")
        out.append("如系审核不严并造成严重后果，依第十五条（一）追究责任；如系黑客入侵，按第十五条（二）处置")
    if inc.kind == "takedown":
        out.append("落实专人密切关注，如引发网络舆情，按第十五条（三）处置（govsite incident opinion）")
    else:
        out.append("持续关注舆情走向，必要时补充发布权威信息")
    return out


# -- rendering ---------------------------------------------------------------------

def _md(text: str) -> str:
    """A value as Markdown text: HTML escaped, Markdown's link and table syntax neutral."""
    out = html.escape(str(text), quote=False)
    for ch in "\\`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def markdown(report: IncidentReport) -> str:
    lines = ["---", f"title: {report.title}", "search:", "  exclude: true", "---", "",
             f"# {_md(report.title)}", "", "## 一、基本情况", "", "| 项目 | 内容 |", "| --- | --- |"]
    lines += [f"| {_md(k)} | {_md(v)} |" for k, v in report.facts]
    lines += ["", "## 二、处置经过", "", "| 时间（北京时间） | 事项 |", "| --- | --- |"]
    lines += [f"| {_md(w)} | {_md(e)} |" for w, e in report.timeline]
    lines += ["", "## 三、后续工作", ""]
    lines += [f"{n}. {_md(item)}" for n, item in enumerate(report.followup, 1)]
    lines += ["", f"本报告由 govsite 根据签名的处置记录 {_md(INCIDENTS_DIR)}/{_md(report.incident.id)}{SUFFIX} 生成。", ""]
    return "\n".join(lines)


def docx(report: IncidentReport, path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading(report.title, level=1)
    for heading, rows, head in (("一、基本情况", report.facts, ("项目", "内容")),
                                ("二、处置经过", report.timeline, ("时间（北京时间）", "事项"))):
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = head
        for a, b in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(a), str(b)
    doc.add_heading("三、后续工作", level=2)
    for item in report.followup:
        doc.add_paragraph(item, style="List Number")
    doc.add_paragraph(f"本报告由 govsite 根据签名的处置记录 {INCIDENTS_DIR}/{report.incident.id}{SUFFIX} 生成。")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
