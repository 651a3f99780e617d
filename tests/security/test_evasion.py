"""Spam, ads and personal numbers written to slip past the word lists (issue: evasion).

Every page below is a disguise seen in hacked or careless government pages; each must be
reported by ``govsite check`` (a real process over a real site) under the rule that the
plain form triggers, at the line where it stands.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rulekit import HEADER, make_site

CASES = {
    # gambling spam (SEN001)
    "pinyin": ("SEN001", "欢迎访问 aomen pujing 线上平台。"),
    "pinyin-capitals": ("SEN001", "Ao Men Pu Jing"),
    "homoglyph": ("SEN001", "立即注册 bеt365 平台。"),  # Cyrillic е
    "spaced-latin": ("SEN001", "立即注册 b e t 3 6 5 平台。"),
    "variant-character": ("SEN001", "新葡亰在线。"),
    "link-title": ("SEN001", '请看[通知](https://www.gov.cn/a "澳门葡京娱乐场")。'),
    "image-alt": ("SEN001", '<img src="a.png" alt="澳门葡京">'),
    # ads in pinyin (ADS001: the term's context, a price nearby, still has to hold)
    "ads-pinyin": ("ADS001", "新品到货 xianshi qianggou，原价199元，现价99元。"),
    # personal numbers (PII001)
    "id-hyphens": ("PII001", "身份证号：500114-19850101-0433"),
    "id-comment": ("PII001", "身份证号：500114<!-- -->198501010433"),
    "id-emphasis": ("PII001", "身份证号：500114**19850101**0433"),
    "id-line-break": ("PII001", "身份证号：50011419850\n1010433"),
    # hidden links (SEN002)
    "md-toggle": ("SEN002", "[推广](https://bet.example){.md-toggle}"),
    "tabbed-block": ("SEN002", '<div class="tabbed-block"><a href="https://bet.example">娱乐</a></div>'),
    "pixel-link": ("SEN002", '<a href="https://bet.example"><img src="p.gif" width="1" height="1"></a>'),
}
FRONT_MATTER_ID = HEADER.replace("source: 测试区示例局", "source: 申请人500114198501010433")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("evasion") / "site")
    for name, (_code, body) in CASES.items():
        (root / f"units/demo/gzdt/{name}.md").write_text(HEADER + body + "\n", "utf-8")
    (root / "units/demo/gzdt/id-front-matter.md").write_text(FRONT_MATTER_ID + "正文。\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "govsite", "check", "units/demo/gzdt", "--format", "json", "--no-cache"],
                         cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("name", sorted(CASES))
def test_disguise_is_reported(report, name):
    code, body = CASES[name]
    found = [f for f in report if f["path"] == f"units/demo/gzdt/{name}.md" and f["rule"] == code]
    assert found, f"{name}: {code} not reported; got {[(f['path'], f['rule']) for f in report]}"
    assert found[0]["severity"] == "error"
    assert found[0]["line"] == HEADER.count("\n") + 1  # the body's first line, where it stands


def test_id_in_front_matter_is_reported(report):
    found = [f for f in report if f["path"] == "units/demo/gzdt/id-front-matter.md" and f["rule"] == "PII001"]
    assert [f["line"] for f in found] == [4]  # the source: line
