"""One error policy for the whole project.

Exit codes are part of the CLI contract (DESIGN.md):

* ``0`` clean,
* ``1`` findings at error severity (or a command's own failure verdict, such as a
  failed verification or a veto-level patrol finding),
* ``2`` usage or configuration error (bad arguments, broken ``unit.yml``, broken
  ``govsite.yml``, a missing tool).

``GovsiteError`` is for problems a user can fix: the CLI prints its message as one
clean line and exits with its code. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class GovsiteError(Exception):
    """A problem the user can fix; ``str(err)`` says what and how."""

    exit_code = EXIT_USAGE


class ConfigError(GovsiteError):
    """Broken configuration: ``govsite.yml``, ``unit.yml``, ``holidays.yml`` ..."""

    def __init__(self, path: str, line: int | None, what: str, fix: str = "") -> None:
        self.path, self.line, self.what, self.fix = path, line, what, fix
        where = f"{path}:{line}" if line else path
        text = f"{where}: {what}"
        if fix:
            text += f"；{fix}"
        super().__init__(text)

    def __reduce__(self):
        # raised in a worker process of a parallel check, it travels back whole
        return (type(self), (self.path, self.line, self.what, self.fix))


class UsageError(GovsiteError):
    """Wrong command-line arguments."""


class Failure(GovsiteError):
    """A command ran correctly and its verdict is negative (exit 1)."""

    exit_code = EXIT_FINDINGS
