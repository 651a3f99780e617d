"""A new unit's subsite (``govsite unit new``) and a new person on its roster
(``govsite unit add-person``).

``unit new`` writes ``units/<id>/unit.yml`` (name, kind, the roster given, commented
examples of what else belongs there) and one placeholder page in every standard
column that has a folder, written like ``govsite new`` writes a page, whose body says
what belongs in that column. So the unit passes every unit-level rule at once (no
missing column, no empty column, a guide), and the placeholders' own findings
(reviewers to fill in, approvals missing) are the editors' to-do list.

``add-person`` appends one entry to the roster without rewriting the rest of the file
(comments and layout stay), and keeps the file only when it still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from govsite.core.columns import standard_columns, valid_id
from govsite.core.errors import ConfigError, GovsiteError, UsageError
from govsite.core.project import UNITS_DIR, Project
from govsite.core.units import ROLE_NAMES, UNIT_KINDS, load_unit
from govsite.core.yamlio import load_located
from govsite.ops.scaffold import scaffold

KIND_NAMES = {"department": "区政府部门", "township": "乡镇", "street": "街道"}

# What belongs in each standard column: the placeholder page's body (第十条, 第十二条 and
# the national 检查指标).
GUIDE = {
    "gzdt": "本栏目发布本单位的工作动态：会议、活动、重点工作进展。每周至少更新一次（第十二条），"
            "内容须真实、准确，注明信息来源。",
    "tzgg": "本栏目发布通知、公告、公示。写明发布机关、事项、期限和联系方式；涉及个人信息的公示须去标识化。",
    "zcwj": "本栏目发布本单位制发的政策文件。填写发文字号（doc_number）、成文日期（issued）、发文机关（issuer）；"
            "行政规范性文件填 normative: true，并在 interpretations 中链接其解读页面（第十条（七））。",
    "zcjd": "本栏目发布政策文件的解读，在文件印发后 20 个工作日内发布（第十三条）。"
            "在 policy 中链接所解读的文件，format 写明解读形式（文字、视频、图解、问答、访谈）。",
    "jgzn": "本栏目介绍本单位的机构设置和主要职能：内设机构、职责、办公地址、办公时间和联系电话。",
    "ldxx": "本栏目介绍本单位领导的姓名、职务、工作分工和简历，人员变动后及时更新。",
    "xxgkzn": "本栏目发布本单位的政府信息公开指南（《政府信息公开条例》第二十二条）："
              "公开的方式和途径、依申请公开的受理机构和流程、监督和救济方式。",
    "xxgknb": "本栏目发布本单位的政府信息公开工作年度报告，每年 1 月 31 日前发布上一年度的报告（第十条（五））。",
}
PLACEHOLDER_NOTE = ("<!-- 这是 govsite unit new 生成的示例页面：请按上面的说明改写为正式内容（或删除本页、另建页面），"
                    "填写三位审核人，运行 govsite check 检查，再请审核人签名。 -->")


@dataclass(frozen=True)
class NewPerson:
    id: str
    name: str
    roles: tuple[str, ...]
    title: str = ""

    def yaml(self) -> str:
        parts = [f"id: {self.id}", f"name: {_quote(self.name)}", f"roles: [{', '.join(self.roles)}]"]
        if self.title:
            parts.append(f"title: {_quote(self.title)}")
        return "{" + ", ".join(parts) + "}"


def _quote(text: str) -> str:
    """A YAML flow scalar: quoted, so that a name can never become YAML syntax."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_person(spec: str) -> NewPerson:
    """``id:姓名:role[+role][:职务]`` from the command line."""
    parts = spec.split(":")
    if len(parts) not in (3, 4) or not all(p.strip() for p in parts[:3]):
        raise UsageError(f"人员 {spec!r} 的写法应为 id:姓名:角色[:职务]，如 wangli:王丽:section_head:办公室主任")
    roles = tuple(r.strip() for r in parts[2].split("+"))
    return person(parts[0].strip(), parts[1].strip(), roles, parts[3].strip() if len(parts) == 4 else "")


def person(pid: str, name: str, roles: tuple[str, ...], title: str = "") -> NewPerson:
    if valid_id(pid):
        raise UsageError(f"人员 id {pid!r} 不可用：{valid_id(pid)}")
    unknown = [r for r in roles if r not in ROLE_NAMES]
    if unknown or not roles:
        known = "、".join(f"{k}（{v}）" for k, v in ROLE_NAMES.items())
        raise UsageError(f"未知的角色 {'、'.join(unknown) or '（空）'}；可用：{known}")
    if any(c in name + title for c in "\n\r"):
        raise UsageError("姓名和职务不能含换行")
    return NewPerson(pid, name, roles, title)


def unit_yml(name: str, short_name: str, kind: str, people: list[NewPerson]) -> str:
    roster = "\n".join(f"  - {p.yaml()}" for p in people)
    return (
        f"# {name}的子站点（govsite unit new 生成）。字段说明见 docs/design.md。\n"
        f"name: {_quote(name)}\n"
        f"short_name: {_quote(short_name)}\n"
        f"kind: {kind}  # {KIND_NAMES[kind]}\n"
        "# 人员名单：起草、审核、签发页面的每个人。角色：principal 主要负责人、deputy 分管负责人、\n"
        "# section_head 承办科室负责人、operator 经办人员。增加人员：govsite unit add-person。\n"
        + ("people:\n" + roster + "\n" if people else "people: []\n")
        + "# 本单位自设的栏目（标准栏目无需列出），如：\n"
        "#   - {id: zfcg, name: 政府采购, kind: news}\n"
        "columns: []\n"
    )


def new_unit(project: Project, unit_id: str, name: str, kind: str, short_name: str = "",
             people: list[NewPerson] | None = None) -> list[str]:
    """Write the unit; return the repository paths written."""
    if valid_id(unit_id):
        raise UsageError(f"单位 id {unit_id!r} 不可用：{valid_id(unit_id)}")
    if kind not in UNIT_KINDS:
        raise UsageError(f"单位类型 {kind!r} 无效；可用：{'、'.join(f'{k}（{v}）' for k, v in KIND_NAMES.items())}")
    name = name.strip()
    if not name or any(c in name + short_name for c in "\n\r"):
        raise UsageError("请用 --name 写明单位全称（一行）")
    people = people or []
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise UsageError("人员 id 重复")
    folder = project.units_dir / unit_id
    if folder.exists():
        raise GovsiteError(f"{UNITS_DIR}/{unit_id} 已存在，不会覆盖")
    folder.mkdir(parents=True)
    written = []
    try:
        (folder / "unit.yml").write_text(unit_yml(name, short_name.strip() or name, kind, people), "utf-8")
        written.append(f"{UNITS_DIR}/{unit_id}/unit.yml")
        fresh = Project(project.root)  # sees the new unit
        load_unit(folder, project.root)  # what we wrote must load
        for column in standard_columns():
            if not column.has_folder:
                continue
            made = scaffold(fresh, unit_id, column.id, f"{column.name}（示例页面，请改写）", slug="shili")
            body_at = made.text.rindex("<!--")
            text = made.text[:body_at] + f"{GUIDE.get(column.id, '本栏目的内容。')}\n\n{PLACEHOLDER_NOTE}\n"
            path = project.root / made.rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            written.append(made.rel)
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise
    return written


def add_person(project: Project, unit_id: str, new: NewPerson) -> Path:
    """Append ``new`` to the roster of ``unit_id`` (the file's other lines untouched)."""
    unit = project.unit(unit_id)
    if unit.person_by_id(new.id) is not None:
        raise UsageError(f"单位 {unit_id} 的名单中已有人员 {new.id}")
    path = project.units_dir / unit_id / "unit.yml"
    original = path.read_text("utf-8")
    lines = original.splitlines()
    located = load_located(original)
    people = located.data.get("people") or []
    entry = new.yaml()
    if not people:
        at = next((i for i, line in enumerate(lines) if re.match(r"^people\s*:", line)), None)
        if at is None:
            lines.append(f"people:\n  - {entry}")
        else:
            lines[at] = f"people:\n  - {entry}"
    else:
        first = located.line("people", 0) - 1
        indent = len(lines[first]) - len(lines[first].lstrip())
        # the last item runs up to the next line indented no deeper than its dash
        last = located.line("people", len(people) - 1) - 1
        end = last + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].lstrip().startswith("#")
                                    or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        while end > last + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # comments after the last entry belong to what follows
        lines.insert(end, " " * indent + "- " + entry)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    try:
        loaded = load_unit(path.parent, project.root)
        if loaded.person_by_id(new.id) is None:
            raise ConfigError(f"{UNITS_DIR}/{unit_id}/unit.yml", None, "新增人员未能写入名单", "请手工编辑 unit.yml")
    except BaseException:
        path.write_text(original, "utf-8")
        raise
    return path
