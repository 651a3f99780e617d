"""The real ``linkchecker``, run as a subprocess: its configuration, a hard deadline,
and its CSV verdicts read back.

linkchecker drops root privileges to ``nobody`` when run as root (it has no option
to keep them): nothing here asks it to read or write a file after that point. Its
configuration is read before the drop, the site is served over HTTP by the caller,
and its report comes back on standard output.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from govsite.core.errors import GovsiteError
from govsite.links import egress
from govsite.links.status import LinkKind, LinkStatus, http_kind
from govsite.links.urls import normalize

_REDIRECT_RE = re.compile(r"Redirected to `([^']*)'")
_HTTP_STATUS_RE = re.compile(r"^(\d{3})\b")


@dataclass
class Verdict:
    url: str  # normalised address as linked
    status: LinkStatus  # OK | REDIRECT | BROKEN | FILTERED
    kind: str  # a LinkKind, or http-<code>
    detail: str  # linkchecker's result text
    final_url: str
    chain: list[str] = field(default_factory=list)  # addresses after the first, in order

    def as_cache(self) -> dict:
        return {"status": self.status, "kind": self.kind, "detail": self.detail, "final_url": self.final_url, "chain": self.chain}


def linkchecker_command() -> list[str]:
    here = Path(sys.executable).parent / "linkchecker"
    if here.is_file() and os.access(here, os.X_OK):
        return [str(here)]
    found = shutil.which("linkchecker")
    if found:
        return [found]
    raise GovsiteError("未找到 linkchecker；请运行 bash scripts/setup.sh 安装依赖（requirements.lock 已包含 linkchecker）")


def classify(row: dict[str, str]) -> tuple[LinkStatus, str, list[str]]:
    result = (row.get("result") or "").strip()
    chain = _REDIRECT_RE.findall(row.get("warningstring") or "")
    if result == "filtered":
        return LinkStatus.FILTERED, LinkKind.FILTERED, chain
    if (row.get("valid") or "").strip() == "True":
        return (LinkStatus.REDIRECT, LinkKind.REDIRECT, chain) if chain else (LinkStatus.OK, LinkKind.OK, chain)
    status = _HTTP_STATUS_RE.match(result)
    kind: str
    if egress.REFUSED in result:
        kind = LinkKind.REFUSED
    elif "TooManyRedirects" in result:
        kind = LinkKind.REDIRECT_LOOP
    elif status:
        kind = http_kind(status.group(1))
    elif any(s in result for s in ("NameResolution", "Failed to resolve", "Name or service not known", "getaddrinfo", "No address associated")):
        kind = LinkKind.DNS
    elif "Timeout" in result or "timed out" in result:
        kind = LinkKind.TIMEOUT
    elif "SSL" in result or "certificate" in result.lower():
        kind = LinkKind.SSL
    elif "ConnectionError" in result or "Connection refused" in result or "ConnectTimeout" in result:
        kind = LinkKind.CONNECTION
    else:
        kind = LinkKind.ERROR
    return LinkStatus.BROKEN, kind, chain


def parse_csv(text: str) -> list[Verdict]:
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("".join(lines)), delimiter=";", quotechar='"'):
        name = (row.get("urlname") or "").strip()
        if not name:
            continue
        parent = (row.get("parentname") or "").strip()
        linked = normalize(urljoin(parent, name) if parent else name)
        status, kind, chain = classify(row)
        final = (row.get("url") or "").strip() or linked
        out.append(Verdict(linked, status, kind, (row.get("result") or "").strip(), normalize(final), [normalize(u) for u in chain]))
    return out


def _config(timeout: int, threads: int, max_time: int, ignore: list[str], ignore_prefixes: list[str]) -> str:
    lines = ["[checking]", f"threads={threads}", f"timeout={timeout}", "maxrequestspersecond=100",
             f"maxrunseconds={max_time}", "aborttimeout=2", "recursionlevel=-1",
             "[filtering]", "checkextern=1", "ignorewarnings=http-redirected-to-different-host,url-whitespace",
             "ignore=", "  ^(?:mailto|tel|javascript|data|sms|weixin):"]
    # Cached URLs: one alternation per chunk, so a long list stays one regex pass per URL.
    for start in range(0, len(ignore), 200):
        chunk = ignore[start:start + 200]
        lines.append("  ^(?:" + "|".join(re.escape(u) for u in chunk) + ")$")
    lines += ["  ^" + re.escape(prefix) for prefix in ignore_prefixes]
    lines += ["[output]", "warnings=1"]
    return "\n".join(lines) + "\n"


@dataclass
class RunInfo:
    seconds: float
    timed_out: bool
    returncode: int
    stderr: str


def run_linkchecker(start_url: str, *, timeout: int, threads: int, max_time: int, ignore: list[str],
                    ignore_prefixes: Sequence[str] = (), allow_addresses: Sequence[str] = ()) -> tuple[list[Verdict], RunInfo]:
    # linkchecker runs under the egress policy (egress.py): no connection to a
    # non-public address except the site server and the networks govsite.yml allows.
    python = egress.interpreter(linkchecker_command()[0])
    env = egress.environment(os.environ)
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="en", PYTHONIOENCODING="utf-8")
    server = urlsplit(start_url)
    with tempfile.TemporaryDirectory(prefix="govsite-links-") as tmp:
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(_config(timeout, threads, max_time, ignore, list(ignore_prefixes)), "utf-8")
        os.chmod(tmp, 0o755)  # read as root before the drop to nobody; readable anyway
        os.chmod(config, 0o644)
        args = egress.command(python, list(allow_addresses), [(server.hostname or "", server.port or 80)],
                              ["-f", str(config), "-o", "csv/utf-8", "--no-status", "-v", start_url])
        began = time.monotonic()
        out, err, code, timed_out = _run_with_deadline(args, env, tmp, max_time)
        seconds = time.monotonic() - began
    text = out.decode("utf-8", errors="replace")
    errtext = err.decode("utf-8", errors="replace")
    if code not in (0, 1) and not text.strip():
        raise GovsiteError(f"linkchecker 运行失败（退出码 {code}）：{errtext.strip()[-300:]}")
    timed_out = timed_out or "Interrupt after" in errtext  # its own maxrunseconds
    return parse_csv(text), RunInfo(seconds, timed_out, code, errtext)


def _run_with_deadline(args: list[str], env: dict, cwd: str, max_time: int) -> tuple[bytes, bytes, int, bool]:
    """Run linkchecker, stopping it at ``max_time`` seconds however slow a server is.

    linkchecker's own ``maxrunseconds`` is checked only every 5 seconds and then waits
    for requests in flight, so it is a soft limit. At the deadline it gets SIGINT (as
    after Ctrl-C it stops taking new URLs and ends its report; every row already
    written is flushed), a second SIGINT a moment later (it exits without waiting for
    requests in flight), and SIGKILL as the last resort. Nothing logged is lost."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    chunks_out: list[bytes] = []
    chunks_err: list[bytes] = []
    timed_out = False
    for wait, action in ((max_time + 2, signal.SIGINT), (3, signal.SIGINT), (3, signal.SIGKILL), (None, None)):
        try:
            out, err = proc.communicate(timeout=wait)
            chunks_out.append(out or b"")
            chunks_err.append(err or b"")
            break
        except subprocess.TimeoutExpired:
            timed_out = True
            if action is not None:
                try:
                    proc.send_signal(action)
                except ProcessLookupError:
                    pass
    return b"".join(chunks_out), b"".join(chunks_err), proc.returncode if proc.returncode is not None else -9, timed_out


def seconds_int(value: float) -> int:
    return max(1, int(math.ceil(value)))
