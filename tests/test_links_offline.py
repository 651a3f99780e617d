"""``govsite links`` on a machine without network says so once, instead of reporting
every external link as 域名无法解析 (an expired domain). Run in a network namespace of
its own (``unshare -rn``): no resolver, no route, only a loopback for the site server."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest
from linkkit import fast_portal
from reviewkit import sign_all
from sitekit import mkdocs_build

from govsite.links.network import needs_dns


def offline(cmd: list[str], cwd) -> subprocess.CompletedProcess:
    script = "ip link set lo up && exec " + " ".join(shlex.quote(c) for c in cmd)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}  # no way out at all
    return subprocess.run(["unshare", "-rn", "sh", "-c", script], cwd=cwd, capture_output=True, text=True,
                          env=dict(env, NO_MKDOCS_2_WARNING="1"), timeout=300)


def can_unshare() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    return subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True).returncode == 0


@pytest.mark.skipif(not can_unshare(), reason="needs unshare -rn (user and network namespaces)")
def test_links_says_once_that_the_machine_is_offline(tmp_path):
    root = fast_portal(tmp_path / "portal")
    about = root / "content/about.md"
    about.write_text(about.read_text("utf-8") + "\n\n[国务院](https://www.gov.cn/)　[市政府](https://www.cq.gov.cn/zwgk/)\n",
                     "utf-8")
    sign_all(root)  # the portal's own page changed: its reviewers sign it again
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    proc = offline([sys.executable, "-m", "govsite", "links", "--format", "json", "--cache", str(tmp_path / "c.json")], root)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    data = json.loads(proc.stdout)
    assert "无法解析" in data["summary"]["offline"]
    assert not any(p["url"].startswith(("https://www.gov.cn", "https://www.cq.gov.cn")) for p in data["problems"])
    assert {"https://www.gov.cn/", "https://www.cq.gov.cn/zwgk/"} <= set(data["unchecked"])
    text = offline([sys.executable, "-m", "govsite", "links", "--cache", str(tmp_path / "c.json")], root)
    assert text.stdout.count("本机没有网络") == 1 and "域名无法解析" not in text.stdout
    # nothing was cached as a DNS failure: the next run online checks them
    cache = tmp_path / "c.json"
    assert not cache.exists() or '"dns"' not in cache.read_text("utf-8")


def test_only_named_hosts_need_dns():
    assert needs_dns("https://www.gov.cn/x") and needs_dns("http://example.invalid:8080/")
    assert not any(needs_dns(u) for u in ("http://127.0.0.1:8000/", "http://[::1]/", "http://localhost/a", "mailto:x"))
