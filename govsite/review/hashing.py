"""The canonical content hash of a page (what reviewers sign).

The hash covers the page's bytes with the ``reviewers`` block removed and line
endings normalised, so that recording who reviewed a page does not change what was
reviewed, while any change to the text, the title, the date or any other field does.

Canonical form:

1. strip a UTF-8 BOM; decode as UTF-8 (undecodable bytes hash as they are);
2. normalise CRLF and CR to LF;
3. in the front-matter, remove the top-level ``reviewers:`` key and every following
   line that is indented or blank (its block), up to the next top-level key;
4. strip trailing whitespace at the very end of the file, then add one LF;
5. SHA-256 over the UTF-8 bytes, written as ``sha256:<hex>``.

So a UTF-8 BOM, CRLF line endings, trailing blank lines and the ``reviewers`` block
(its names, its layout, ids instead of names) never change the hash; everything else
does, including comments and the order of front-matter keys. Undecodable bytes are
hashed as they are (such a page fails FIL001 anyway). The hash does not cover the
page's path: an approval record (:mod:`govsite.review.records`) names the path and
the hash together, so a moved page is approved again. This is a user-facing contract
(every committed approval depends on it): change it only with a migration that
re-approves every page.
"""

from __future__ import annotations

import hashlib
import re

_FM_RE = re.compile(r"\A(-{3}[ \t]*\n)(.*?\n)?((?:-{3}|\.{3})[ \t]*(?:\n|\Z))", re.S)
_TOP_KEY_RE = re.compile(r"^[^\s#-][^:]*:")


def canonical_text(raw: bytes) -> bytes:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _FM_RE.match(text)
    if match:
        kept: list[str] = []
        skipping = False
        for line in (match.group(2) or "").splitlines(keepends=True):
            if _TOP_KEY_RE.match(line):
                skipping = line.split(":", 1)[0].strip() == "reviewers"
            if not skipping:
                kept.append(line)
        text = match.group(1) + "".join(kept) + match.group(3) + text[match.end():]
    return (text.rstrip() + "\n").encode("utf-8")


def content_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(canonical_text(raw)).hexdigest()
