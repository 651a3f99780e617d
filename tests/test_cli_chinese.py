"""The command line speaks Chinese: every --help (argparse's own headings included), every
argparse error, every ``govsite rules`` explanation; and a closed pipe ends quietly."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest
from sitekit import REPO, make_portal

from govsite.cli import build_parser
from govsite.core.errors import ConfigError
from govsite.rules.help import load_help, rule_help
from govsite.rules.registry import RULES

CJK = re.compile(r"[\u4e00-\u9fff]")


def all_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from all_parsers(child, path + (name,))


PARSERS = list(all_parsers(build_parser()))


@pytest.mark.parametrize(("path", "parser"), PARSERS, ids=[" ".join(p) or "govsite" for p, _ in PARSERS])
def test_every_help_text_is_chinese(path, parser):
    assert parser.description and CJK.search(parser.description), f"{path}: no Chinese description"
    for action in parser._actions:
        assert action.help and CJK.search(action.help), f"{path} {action.option_strings or action.dest}: help {action.help!r}"
    text = parser.format_help()
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in text, f"{path}: {english!r} in\n{text}"
    assert text.startswith("用法：")


def run_govsite(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govsite", *args], cwd=cwd or REPO, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=120)


def test_argparse_errors_are_chinese():
    bad_choice = run_govsite("check", "--format", "xml")
    assert bad_choice.returncode == 2 and "错误" in bad_choice.stderr and "无效的选项 'xml'" in bad_choice.stderr
    missing = run_govsite("unit", "new", "czj")
    assert missing.returncode == 2 and "缺少必需的参数" in missing.stderr and "required" not in missing.stderr
    unknown = run_govsite("rules", "--nope")
    assert unknown.returncode == 2 and "无法识别的参数" in unknown.stderr


def test_every_rule_has_a_chinese_explanation():
    texts = rule_help()
    codes = {spec.code for spec in RULES}
    assert codes == set(texts), f"missing: {sorted(codes - set(texts))}; unknown: {sorted(set(texts) - codes)}"
    for code, entry in texts.items():
        assert CJK.search(entry.title) and CJK.search(entry.fix), code
    listing = run_govsite("rules")
    assert listing.returncode == 0
    assert "页面不是 UTF-8 编码保存的" in listing.stdout and "The page is not saved" not in listing.stdout


def test_a_broken_help_file_names_the_line():
    text = (REPO / "govsite/data/rule_help.yml").read_text("utf-8")
    broken = text.replace("    fix: ", "    fixx: ", 1)
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if t.startswith("    fixx: "))
    with pytest.raises(ConfigError) as err:
        load_help(broken)
    assert "fixx" in str(err.value) and f"rule_help.yml:{line}:" in str(err.value)


@pytest.mark.parametrize("verb", ["rules", "patrol"])
def test_a_closed_pipe_is_not_a_traceback(tmp_path, verb):
    root = make_portal(tmp_path / "portal")
    # `govsite VERB | head`: the reader is gone before govsite writes (closed at once,
    # so the test does not depend on how much fits in the pipe's buffer)
    proc = subprocess.Popen([sys.executable, "-m", "govsite", verb], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    err = err.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode in (0, 1), err  # patrol's own verdict may be 1
