"""Reviewers joining, losing a key, and leaving: the changes to the trust files behind
``govsite review keygen [--replace]`` and ``govsite review retire``.

Trust files are only ever appended to, with one exception that never removes a line:
``retire`` ends a person's keys by setting ``valid-before`` on their lines in
``review/allowed_signers`` (ssh-keygen's own validity window), so signatures they made
while in office stay valid and nothing they sign afterwards counts.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

from govsite.core.errors import UsageError
from govsite.review import ALLOWED_SIGNERS, REVOKED_KEYS
from govsite.review.store import Store
from govsite.review.trust import Signer, append_lines, parse_signers


def active_keys(store: Store, who: str, now: dt.datetime) -> list[Signer]:
    """``who``'s registered keys that are neither revoked nor expired at ``now``."""
    revoked = store.revoked
    return [s for s in store.signers_for(who) if s.blob not in revoked
            and not (s.valid_before and s.valid_before <= now)]


def revoke(root: Path, who: str, signers: list[Signer], reason: str, now: dt.datetime) -> None:
    """List ``signers``' keys in review/revoked_keys (every signature they made stops counting)."""
    stamp = now.strftime("%Y-%m-%d")
    lines = [f"{s.key_type} {base64.b64encode(s.blob).decode()} # {who} {stamp} {reason}".rstrip() for s in signers]
    append_lines(root / REVOKED_KEYS, lines)


def set_aside(private_key: Path, now: dt.datetime) -> Path | None:
    """Rename a replaced private key (and its .pub) out of the way; never delete it."""
    if not private_key.exists():
        return None
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    target = private_key.with_name(f"{private_key.name}.replaced-{stamp}")
    private_key.rename(target)
    pub = private_key.with_name(private_key.name + ".pub")
    if pub.exists():
        pub.rename(target.with_name(target.name + ".pub"))
    return target


_VALID_BEFORE = re.compile(r'valid-before="?([0-9TZ]+)"?')


def retire(root: Path, who: str, signers: list[Signer], when: dt.datetime) -> list[int]:
    """Set ``valid-before`` to ``when`` on ``signers``' lines of review/allowed_signers;
    return the line numbers changed. Lines are edited in place, never removed."""
    path = root / ALLOWED_SIGNERS
    original = path.read_text("utf-8")
    lines = original.splitlines()
    stamp = when.strftime("%Y%m%d%H%M%SZ")
    changed = []
    for s in signers:
        index = s.line - 1
        tokens = lines[index].split()
        if len(tokens) < 3 or tokens[0].split(",") != list(s.principals) or '"' in tokens[1] and tokens[1].count('"') % 2:
            raise UsageError(f"{ALLOWED_SIGNERS} 第 {s.line} 行格式特殊，无法自动修改；请手工加上 valid-before=\"{stamp}\"")
        if tokens[1] == s.key_type:  # no options yet
            tokens.insert(1, f'valid-before="{stamp}"')
        elif _VALID_BEFORE.search(tokens[1]):
            tokens[1] = _VALID_BEFORE.sub(f'valid-before="{stamp}"', tokens[1])
        else:
            tokens[1] += f',valid-before="{stamp}"'
        lines[index] = " ".join(tokens)
        changed.append(s.line)
    text = "\n".join(lines) + "\n"
    after = {x.line: x for x in parse_signers(text, ALLOWED_SIGNERS)}  # must read back
    if any(after[n].valid_before is None for n in changed):
        raise UsageError(f"{ALLOWED_SIGNERS}：未能写入 valid-before，文件未改动")
    path.write_text(text, "utf-8")
    return changed
