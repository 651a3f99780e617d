"""The command line imports only the module of the command it runs (a CI step starts
faster), and a command parses exactly as it does in the full parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govsite.cli import COMMANDS, build_parser, chosen_verb

REPO = Path(__file__).resolve().parent.parent


def _sub(parser, verb):
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[verb]


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_a_command_parses_as_in_the_full_parser(verb):
    assert _sub(build_parser(verb), verb).format_help() == _sub(build_parser(), verb).format_help()


def test_the_verb_is_found_after_root():
    assert chosen_verb(["check", "units"]) == "check"
    assert chosen_verb(["--root", "x", "changed", "--base", "main"]) == "changed"
    assert chosen_verb(["--root=x", "rules"]) == "rules"
    assert chosen_verb(["--help"]) is None
    assert chosen_verb(["nosuch"]) is None
    assert chosen_verb(["--root"]) is None


def test_running_a_command_imports_no_other_command():
    code = ("import sys; from govsite.cli import main; main(['rules']); "
            "print(sorted(m for m in sys.modules if m.startswith('govsite.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['govsite.commands.rules']"
