"""Public messages to a new-media account and their deadlines (第十三条).

第十三条: 对公众留言必须在1个工作日内回复受理情况，在5个工作日内反馈办理结果. Each account
keeps its message log at ``units/<unit>/newmedia/<account>/messages.csv`` (UTF-8; Excel's
"CSV UTF-8"), one row per message, the header in English or Chinese:

=============  ==============  ===============================================
English        中文            value
=============  ==============  ===============================================
id             编号            the message's number on the platform (unique)
received       收到时间        when it arrived: ``YYYY-MM-DD HH:MM`` (Beijing time)
acknowledged   受理回复时间    when the acceptance was replied (empty: not yet)
replied        办结反馈时间    when the result was given (empty: not yet)
topic          事项            the matter, in a few words (no personal data)
channel        渠道            optional: 留言 / 评论 / 私信 …
note           备注            optional
=============  ==============  ===============================================

No column may carry the citizen's personal data (name, phone, ID number, address …):
such a header, or an ID or mobile number in a cell (:mod:`govsite.text.pii`), is an
error; the log proves the deadlines, it is not a case file.

**Counting.** As for every period of the 办法 (:mod:`govsite.regulation.workdays`), the
day of receipt is not counted, whatever the hour, and a period ends at the end of its
last working day: a message received at 17:00 on the day before a holiday must be
acknowledged by the end of the first working day after the holiday, and answered by the
end of the fifth. A reply that gives the result also acknowledges the message. A period
reaching into a year without an official holiday schedule is counted provisionally
(statutory holidays only), and every finding that depends on it says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from govsite.core.accounts import Account
from govsite.core.findings import visible
from govsite.core.memo import memo
from govsite.regulation.workdays import Calendar, calendar
from govsite.text import pii
from govsite.text.normalize import normalize

MESSAGES_FILE = "messages.csv"
MAX_FILE_BYTES = 4 * 1024 * 1024
ACK_WORKDAYS = 1     # 第十三条: 1个工作日内回复受理情况
RESULT_WORKDAYS = 5  # 第十三条: 5个工作日内反馈办理结果

COLUMNS = {  # header as written -> field
    "id": "id", "编号": "id", "received": "received", "收到时间": "received",
    "acknowledged": "acknowledged", "受理回复时间": "acknowledged", "replied": "replied", "办结反馈时间": "replied",
    "topic": "topic", "事项": "topic", "channel": "channel", "渠道": "channel", "note": "note", "备注": "note",
}
REQUIRED = ("id", "received", "acknowledged", "replied", "topic")
FIELD_NAMES = {"id": "编号", "received": "收到时间", "acknowledged": "受理回复时间", "replied": "办结反馈时间", "topic": "事项"}
# headers that would hold the citizen's personal data (compared lowercased, without spaces)
PERSONAL_HEADERS = ("姓名", "名字", "留言人", "电话", "手机", "联系方式", "身份证", "证件", "住址", "地址", "邮箱",
                    "微信号", "openid", "name", "phone", "mobile", "tel", "idcard", "id_card", "address", "email", "wechat")
_TIME_RE = re.compile(r"\A(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\Z")


def messages_rel(account: Account) -> str:
    return f"units/{account.unit_id}/newmedia/{account.id}/{MESSAGES_FILE}"


@dataclass(frozen=True)
class Message:
    line: int
    id: str
    received: dt.datetime
    acknowledged: dt.datetime | None
    replied: dt.datetime | None
    topic: str

    @property
    def acknowledged_at(self) -> dt.datetime | None:
        """When acceptance was replied: a result given first counts as one too."""
        if self.acknowledged and self.replied:
            return min(self.acknowledged, self.replied)
        return self.acknowledged or self.replied


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class Log:
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # format (NMD010)
    personal: list[Problem] = field(default_factory=list)  # personal data (NMD011)


def _time(value: str) -> dt.datetime | None:
    m = _TIME_RE.fullmatch(value.strip())
    if not m:
        return None
    clock = m.group(2) if m.group(2).count(":") == 2 else m.group(2) + ":00"
    try:
        return dt.datetime.fromisoformat(f"{m.group(1)} {clock.zfill(8)}")
    except ValueError:
        return None


def _personal_header(name: str) -> bool:
    key = re.sub(r"\s+", "", name).lower()
    return any(word in key for word in PERSONAL_HEADERS)


def read_log(raw: bytes, today: dt.date) -> Log:
    """Parse a message log; every problem names its line. Never raises on content."""
    log = Log()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        log.problems.append(Problem(raw[:err.start].count(b"\n") + 1, "留言记录不是 UTF-8 编码；请在 Excel 中“另存为 CSV UTF-8（逗号分隔）”"))
        return log
    if "\x00" in text:
        log.problems.append(Problem(1, "留言记录含有空字符，不是文本表格；请重新导出为 CSV"))
        return log
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as err:
        log.problems.append(Problem(1, f"表头无法解析（{err}）；请重新导出为 CSV"))
        return log
    if not header:
        log.problems.append(Problem(1, f"留言记录是空的；第一行应为表头：{','.join(REQUIRED)}（或 {','.join(FIELD_NAMES.values())}）"))
        return log
    fields: list[str | None] = []
    for name in header:
        clean = name.strip()
        if clean in COLUMNS:
            fields.append(COLUMNS[clean])
        elif _personal_header(clean):
            log.personal.append(Problem(1, f"表头“{clean}”看来是留言人的个人信息；留言记录不得登记个人信息，请删除整列"))
            fields.append(None)
        else:
            log.problems.append(Problem(1, f"表头“{clean}”不是留言记录的列；可用：{'、'.join(COLUMNS)}"))
            fields.append(None)
    seen = [f for f in fields if f]
    for f in REQUIRED:
        if f not in seen:
            log.problems.append(Problem(1, f"表头缺少“{f}”（{FIELD_NAMES[f]}）列；请补上"))
    dup = {f for f in seen if seen.count(f) > 1}
    for f in sorted(dup):
        log.problems.append(Problem(1, f"表头中“{f}”列重复；请只保留一列"))
    if log.problems and any("缺少" in p.message or "重复" in p.message for p in log.problems):
        return log
    ids: dict[str, int] = {}
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            log.problems.append(Problem(start, f"这一行无法解析（{err}）；请检查引号"))
            break
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {f: row[i].strip() for i, f in enumerate(fields) if f and i < len(row)}
        if len(row) != len(fields):
            log.problems.append(Problem(start, f"这一行有 {len(row)} 列，表头有 {len(fields)} 列；请补齐或删去多余的逗号"))
        # free text may carry a number; a personal or unknown column is reported at the header
        for cell in (row[i] for i, f in enumerate(fields) if f in ("topic", "note", "channel", None) and i < len(row)):
            for found in pii.find(normalize(cell).text, today):
                log.personal.append(Problem(start, f"留言记录含个人信息（{found.masked}）；只登记事项类别，不登记留言人的号码"))
        message = _message(start, values, today, log, ids)
        if message is not None:
            log.messages.append(message)
    return log


def _message(line: int, values: dict[str, str], today: dt.date, log: Log, ids: dict[str, int]) -> Message | None:
    mid = values.get("id", "")
    if not mid:
        log.problems.append(Problem(line, "缺少编号；请填写留言在平台上的编号"))
        return None
    if mid in ids:
        log.problems.append(Problem(line, f"编号 {mid} 与第 {ids[mid]} 行重复；每条留言只登记一行"))
        return None
    ids[mid] = line
    times: dict[str, dt.datetime | None] = {}
    for f in ("received", "acknowledged", "replied"):
        value = values.get(f, "")
        if not value:
            times[f] = None
            continue
        when = _time(value)
        if when is None:
            log.problems.append(Problem(line, f"留言 {mid} 的{FIELD_NAMES[f]} {value!r} 不是时间；请写成 YYYY-MM-DD HH:MM（北京时间）"))
            return None
        if when.date() > today:
            log.problems.append(Problem(line, f"留言 {mid} 的{FIELD_NAMES[f]} {value} 晚于今天；请核对"))
            return None
        times[f] = when
    received = times["received"]
    if received is None:
        log.problems.append(Problem(line, f"留言 {mid} 缺少收到时间；请填写"))
        return None
    for f in ("acknowledged", "replied"):
        when = times[f]
        if when is not None and when < received:
            log.problems.append(Problem(line, f"留言 {mid} 的{FIELD_NAMES[f]}早于收到时间；请核对"))
            return None
    return Message(line, mid, received, times["acknowledged"], times["replied"], values.get("topic", ""))


def account_log(project, account: Account) -> Log | None:
    """The account's message log as read (None: it keeps none). A link is never followed."""
    logs = memo(project, lambda p: {})
    key = (account.unit_id, account.id)
    if key not in logs:
        logs[key] = _read(project, account)
    return logs[key]


def _read(project, account: Account) -> Log | None:
    entry = project.tree_file(messages_rel(account))
    if entry is None:
        return None
    if entry.is_symlink:
        return Log(problems=[Problem(1, "留言记录不能是符号链接；请提交普通文件")])
    raw = entry.read(MAX_FILE_BYTES)
    if raw is None:
        return Log(problems=[Problem(1, f"留言记录无法读取或超过 {MAX_FILE_BYTES // 1024 // 1024} MB；请按年度分拆")])
    return read_log(raw, project.today)


# -- deadlines -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    """Where one of a message's two periods stands."""

    message: Message
    what: str  # "受理回复" | "办理结果反馈"
    workdays: int
    due: dt.date  # last day of the period
    done: dt.datetime | None
    provisional: tuple[int, ...]

    @property
    def late(self) -> bool:
        """Done, but after the period."""
        return self.done is not None and self.done.date() > self.due

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and today > self.due

    @property
    def on_time(self) -> bool:
        """Done by the end of the period's last working day."""
        return self.done is not None and not self.late


def _due(cal: Calendar, message: Message, what: str, workdays: int, done: dt.datetime | None) -> Due:
    start = message.received.date()
    end = cal.add_workdays(start, workdays)
    return Due(message, what, workdays, end, done, cal.provisional_between(start, end))


def acknowledgement(cal: Calendar, message: Message) -> Due:
    return _due(cal, message, "受理回复", ACK_WORKDAYS, message.acknowledged_at)


def result(cal: Calendar, message: Message) -> Due:
    return _due(cal, message, "办理结果反馈", RESULT_WORKDAYS, message.replied)


def provisional_note(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    return f"（{'、'.join(f'{y} 年' for y in years)}尚无国务院办公厅节假日安排，期限按法定节假日临时推算，可能变动）"


# -- patrol: what is open now ---------------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    unit: str
    account: str
    name: str
    path: str
    due: Due
    left: int  # working days left after today (negative: overdue)

    @property
    def overdue(self) -> bool:
        return self.left < 0

    def as_json(self) -> dict:
        return {"unit": self.unit, "account": self.account, "name": self.name, "path": self.path,
                "line": self.due.message.line, "id": self.due.message.id, "stage": self.due.what,
                "received": self.due.message.received.isoformat(sep=" ", timespec="minutes"),
                "due": self.due.due.isoformat(), "overdue": self.overdue, "provisional": list(self.due.provisional)}

    def text(self) -> str:
        m = self.due.message
        state = (f"已超期（最迟应在 {self.due.due}）" if self.overdue
                 else "今天到期" if self.left == 0 else f"还剩 {self.left} 个工作日（最迟 {self.due.due}）")
        # id and topic come from a file a pull request carries: one visible line each
        return (f"{visible(self.path)}:{m.line} 留言 {visible(m.id)}（{m.received:%Y-%m-%d %H:%M} 收到，{visible(m.topic) or '—'}）"
                f"尚未{self.due.what}：{state}{provisional_note(self.due.provisional)}")


def pending(project, today: dt.date, warn_workdays: int = 1) -> list[Pending]:
    """Messages not yet acknowledged or answered that are overdue, or due within
    ``warn_workdays`` working days (early warning), across every unit."""
    cal = calendar(project.root)
    out: list[Pending] = []
    for unit in project.units():
        for account in unit.new_media:
            log = account_log(project, account)
            if log is None:
                continue
            for m in log.messages:
                for due in (acknowledgement(cal, m), result(cal, m)):
                    if due.done is not None:
                        continue
                    left = cal.workdays_between(today, due.due) if today <= due.due else -1
                    if left <= warn_workdays:
                        out.append(Pending(unit.id, account.id, account.name, messages_rel(account), due, left))
                    break  # the result is never more urgent than a missing acknowledgement
    return sorted(out, key=lambda p: (not p.overdue, p.due.due, p.path, p.due.message.line))


def with_messages(report: str, fmt: str, messages: list[Pending]) -> str:
    """The patrol report with its section on public messages (text and JSON; the
    published Markdown page lists none: the log is not for the public)."""
    if fmt == "json":
        import json

        data = json.loads(report)
        data["newmedia_messages"] = [m.as_json() for m in messages]
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt != "text":
        return report
    overdue = sum(m.overdue for m in messages)
    lines = ["", "", f"政务新媒体公众留言（第十三条：1 个工作日内回复受理情况，5 个工作日内反馈办理结果）："
                 f"超期 {overdue} 条，1 个工作日内到期 {len(messages) - overdue} 条"]
    lines += [f"  [{'超期' if m.overdue else '预警'}] {m.text()}" for m in messages]
    return report + "\n".join(lines)
