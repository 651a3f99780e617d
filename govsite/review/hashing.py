"""The canonical content hash of a page (what reviewers sign).

The hash covers every byte of the page, front-matter included (``reviewers`` too),
after only the normalisations below, so that nothing a page publishes, and nothing
that decides what it publishes, can change without making its approvals stale.

Canonical form:

1. strip one leading UTF-8 BOM;
2. replace CRLF, then lone CR, by LF (bytes; an undecodable page is hashed the same
   way, and fails FIL001 anyway);
3. strip spaces, tabs and line breaks at the very end of the file, then add one LF;
4. SHA-256 over those bytes, written as ``sha256:<hex>``.

So a BOM, the line-ending convention of the editor and trailing blank lines at the end
of the file never change the hash; every other byte does: the text, the title, the
date, comments, the order and layout of front-matter keys and the ``reviewers`` record
itself (naming another reviewer is a change the reviewers must sign). Recording an
approval never touches the page: approvals live in ``review/`` records that name the
page's path and this hash, so a moved page is approved again.

Front-matter that YAML could read in more than one way (explicit ``?`` keys, anchors,
aliases, tags, merge keys, duplicate keys, several documents) is refused by FMT007
before the hash matters, so what reviewers read is what the build uses.

This is a user-facing contract (every committed approval depends on it): change it
only with a migration that re-approves every page (``scripts/sign_demo.py`` for the
demo district).
"""

from __future__ import annotations

import hashlib

_TRAILING = b" \t\n"


def canonical_text(raw: bytes) -> bytes:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return raw.rstrip(_TRAILING) + b"\n"


def content_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(canonical_text(raw)).hexdigest()
