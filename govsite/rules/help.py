"""The editors' explanation of each rule, in Chinese, as data: ``govsite/data/rule_help.yml``.

A rule module's docstring (What / Why / Example / Fix) stays in English for developers;
what ``govsite rules`` shows an editor is this file's ``title`` (the problem in one
sentence) and ``fix`` (how to put it right), keyed by the rule's code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from govsite.core.errors import ConfigError
from govsite.core.schema import Opt, Schema
from govsite.core.yamlio import load_config_text

DATA_FILE = "govsite/data/rule_help.yml"


class RuleHelp(Schema):
    code = Opt(str, required=True)
    """The rule's code, as in ``govsite/rules/registry.py``."""
    title = Opt(str, required=True)
    """The problem, in one Chinese sentence."""
    fix = Opt(str, required=True)
    """How an editor fixes it."""


class HelpFile(Schema):
    rules = Opt(list, required=True, items=RuleHelp)
    """One entry per rule code."""


def load_help(text: str, rel: str = DATA_FILE) -> dict[str, RuleHelp]:
    located = load_config_text(text, rel)
    entries = HelpFile.load(located.data, located, rel).rules
    out: dict[str, RuleHelp] = {}
    for index, entry in enumerate(entries):
        if entry.code in out:
            raise ConfigError(rel, located.line("rules", index, "code"), f"规则代码 {entry.code} 重复", "每个代码只写一条")
        out[entry.code] = entry
    return out


@lru_cache(maxsize=1)
def rule_help() -> dict[str, RuleHelp]:
    return load_help(resources.files("govsite.data").joinpath("rule_help.yml").read_text("utf-8"))
