"""``govsite incident list | report ID | opinion PAGE``: incident records (第十五条).

* ``list``: every incident record, newest first, with whether its signature verifies
  (the follow-up list of the district office);
* ``report ID [--output DIR]``: the report (facts, timeline, follow-up) as a Markdown
  page and a Word document, ready to send to 区委网信办 and 区政府办公室;
* ``opinion PAGE --issue … --verification … --response PAGE --as PERSON``: record a
  public-opinion event (舆情, 第十五条（三））, signed by the person who acted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.ops import incident_report
from govsite.ops.takedown import opinion
from govsite.review.incidents import all_ids, verify


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, help="事件处置记录的操作")
    sub.add_parser("list", help="列出全部事件记录（最新在前）及签名核验结果", description="列出全部事件记录及签名核验结果")
    rep = sub.add_parser("report", help="生成事件处置报告（Markdown 页面和 Word 文档）", description="生成事件处置报告")
    rep.add_argument("id", help="事件编号（review/incidents/<编号>.incident）")
    rep.add_argument("--output", type=Path, default=Path("reports/incidents"), help="输出目录（默认 reports/incidents）")
    op = sub.add_parser("opinion", help="记录舆情事件：反映的问题、核查情况、权威回应（第十五条（三））",
                        description="记录舆情事件并签名")
    op.add_argument("page", help="引发舆情的页面")
    op.add_argument("--issue", required=True, help="网民反映的问题")
    op.add_argument("--verification", required=True, help="核查情况")
    op.add_argument("--response", required=True, help="已发布的权威回应页面（本站页面的 .md 文件）")
    op.add_argument("--as", dest="person", required=True, help="记录人（本单位名单中的 id 或姓名），用其密钥签名")
    op.add_argument("--key", type=Path, default=None, help="私钥路径（默认为密钥目录中此人的密钥）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    if args.action == "list":
        bad = 0
        for incident_id in reversed(all_ids(project.root)):
            c = verify(project.root, incident_id)
            inc = c.incident
            state = "签名有效" if c.ok else f"无效：{c.reason}"
            bad += not c.ok
            what = f"{inc.kind_name} {inc.page} {inc.name}：{inc.reason}" if inc else ""
            print(f"{incident_id}  {what}  [{state}]")
        return EXIT_FINDINGS if bad else EXIT_OK
    if args.action == "report":
        report = incident_report.build(project, args.id)
        out = args.output if args.output.is_absolute() else Path.cwd() / args.output
        md = out / f"{args.id}.md"
        md.parent.mkdir(parents=True, exist_ok=True)
        md.write_text(incident_report.markdown(report), "utf-8")
        doc = incident_report.docx(report, out / f"{args.id}.docx")
        print(f"已生成事件处置报告：{md}、{doc}")
        if not report.verified:
            print(f"注意：处置记录的签名核验未通过（{report.problem}）")
            return EXIT_FINDINGS
        return EXIT_OK
    inc, path = opinion(project, args.page, args.issue, args.verification, args.response, args.person, key=args.key)
    print(f"已记录舆情事件 {inc.id}：{project.rel(path)}（{inc.name} 签名）；"
          f"生成报告：govsite incident report {inc.id}")
    return EXIT_OK
