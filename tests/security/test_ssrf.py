"""SSRF from the link patrol: ``govsite links`` runs on the deploy host, inside the
district's network; a signed page must not make it request internal addresses.

Real servers on loopback play the internal services (never requested unless allowed)
and an allowed "external" site that redirects inward (127.0.0.2, allowed in
``govsite.yml``). The real linkchecker runs over a built site.
"""

from __future__ import annotations

import ipaddress
import json

import pytest
from linkkit import Site, fast_portal
from sitekit import govsite

from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.links.egress import Redactor, is_internal, is_internal_name, parse_ip


def links_site(tmp_path, hrefs: list[str]):
    """A one-page built site (what linkchecker reads) with these links in its content."""
    site = tmp_path / "site"
    site.mkdir()
    anchors = "".join(f'<a href="{h}">链接{i}</a> ' for i, h in enumerate(hrefs))
    (site / "index.html").write_text(f"<html><body><article>{anchors}</article></body></html>", "utf-8")
    return site


def patrol(root, site, tmp_path):
    report = tmp_path / "patrol-links.md"
    proc = govsite(root, "links", "--site", str(site), "--timeout", "2", "--max-time", "60", "--threads", "2",
                   "--cache", str(tmp_path / "cache.json"), "--output", str(tmp_path / "r.json"), "--output", str(report))
    assert proc.returncode in (0, 1) and (tmp_path / "r.json").is_file(), proc.stdout + proc.stderr
    return json.loads((tmp_path / "r.json").read_text("utf-8")), report.read_text("utf-8")


@pytest.fixture
def internal():
    with Site({"/secret": (200,), "/admin": (200,)}) as server:
        yield server


def test_links_to_loopback_are_never_requested(tmp_path, internal):
    root = fast_portal(tmp_path / "portal")
    site = links_site(tmp_path, [
        internal.url("/secret"),                                   # literal loopback
        f"http://localhost:{internal.port}/secret",                # a name that resolves inward
        f"http://2130706433:{internal.port}/secret",               # 127.0.0.1 in decimal
        f"http://[::ffff:127.0.0.1]:{internal.port}/secret",       # IPv4-mapped IPv6
    ])
    data, report = patrol(root, site, tmp_path)
    assert internal.hits == []  # not even robots.txt
    refused = [p for p in data["problems"] if p["kind"] == "refused"]
    assert refused and all(p["severity"] == "error" for p in refused)
    # the published report names no internal target
    assert str(internal.port) not in report and "127.0.0.1" not in report and "localhost" not in report
    assert "已隐去" in report


def test_redirects_into_the_network_are_not_followed(tmp_path, internal):
    root = fast_portal(tmp_path / "portal")
    with (root / "govsite.yml").open("a", encoding="utf-8") as settings:
        settings.write("links:\n  allow_addresses: [127.0.0.2]\n")  # the "external" site only
    with Site({}, host="127.0.0.2") as outside:
        outside.routes.update({
            "/go": (302, internal.url("/secret")),
            "/go-name": (302, f"http://localhost:{internal.port}/admin"),
            "/meta": (302, "http://169.254.169.254/latest/meta-data/"),
        })
        site = links_site(tmp_path, [outside.url("/go"), outside.url("/go-name"), outside.url("/meta")])
        data, report = patrol(root, site, tmp_path)
    assert outside.count("/go") == 1 and outside.count("/go-name") == 1  # the allowed site was checked
    assert internal.hits == []  # its redirects into the network were not followed
    kinds = {p["url"]: p["kind"] for p in data["problems"]}
    assert kinds[outside.url("/go")] == "refused" and kinds[outside.url("/meta")] == "refused"
    assert str(internal.port) not in report and "169.254" not in report


def test_an_allowed_network_is_requested(tmp_path, internal):
    root = fast_portal(tmp_path / "portal")
    with (root / "govsite.yml").open("a", encoding="utf-8") as settings:
        settings.write("links:\n  allow_addresses: [127.0.0.0/8]\n")
    site = links_site(tmp_path, [internal.url("/secret")])
    data, _ = patrol(root, site, tmp_path)
    assert internal.count("/secret") >= 1
    assert not [p for p in data["problems"] if p["kind"] == "refused"]


def test_allow_addresses_is_validated(tmp_path):
    root = fast_portal(tmp_path / "portal")
    with (root / "govsite.yml").open("a", encoding="utf-8") as settings:
        settings.write("links:\n  allow_addresses: [intranet.example]\n")
    site = links_site(tmp_path, ["https://www.gov.cn/"])
    proc = govsite(root, "links", "--site", str(site))
    assert proc.returncode == 2 and "govsite.yml" in proc.stderr and "allow_addresses" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:c0a8:101::1",
])
def test_internal_addresses(address):
    assert is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["1.2.4.8", "114.114.114.114", "2400:3200::1"])
def test_public_addresses(address):
    assert not is_internal(ipaddress.ip_address(address))


def test_numeric_host_forms_are_addresses():
    assert parse_ip("2130706433") == ipaddress.ip_address("127.0.0.1")
    assert parse_ip("0x7f.1") == ipaddress.ip_address("127.0.0.1")
    assert parse_ip("[::1]") == ipaddress.ip_address("::1")
    assert parse_ip("www.gov.cn") is None
    assert is_internal_name("localhost") and is_internal_name("oa") and is_internal_name("x.corp.internal")
    assert not is_internal_name("www.cq.gov.cn")
    hide = Redactor(["10.9.0.0/16"])
    assert hide("http://10.1.2.3/x") != "http://10.1.2.3/x" and hide("http://10.9.1.1/x") == "http://10.9.1.1/x"


def test_rule_flags_internal_links_as_errors(tmp_path):
    root = fast_portal(tmp_path / "portal")
    page = root / "units" / "demo" / "gzdt" / "base.md"
    page.write_text(page.read_text("utf-8") + "\n[后台](http://127.0.0.1:8080/)、[元数据](http://169.254.169.254/)\n", "utf-8")
    report = run(Project(root), [str(page)], codes={"LNK006"}, use_cache=False)
    assert [f.severity for f in report.findings] == ["error", "error"]
