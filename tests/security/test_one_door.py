"""One door into the site (issue 9, item 1): whatever reaches ``site/`` is a page that
passed the gate or an allowed attachment that passed the file checks.

Each attack of the issue is planted in a fresh copy of the signed fixture portal; the
real ``govsite check`` must name it (exit 1) and the real ``mkdocs build --strict`` must
refuse to build, publishing nothing of it. On the main branch before this change every
one of them went through (check exit 0, the file copied into ``site/``).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from reviewkit import sign_all
from sitekit import govsite, make_portal, mkdocs_build, page_text

from govsite.core.findings import visible
from govsite.core.project import Project
from govsite.engine.runner import Report
from govsite.publish.build import door

SECRET = "door-test: the bytes of a private key that must never reach site/\n"
SCRIPT = "<script>alert(document.cookie)</script>"


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def _write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _secret(root: Path) -> Path:
    """A private key outside the portal, as on a CI runner or the importer's machine."""
    key = root.parent / "outside" / "id_ed25519"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text(SECRET, "utf-8")
    return key


def plant_markdown_ext(ext):
    def plant(root):
        _write(root, f"units/demo/gzdt/x.{ext}", "---\ntitle: 未经审核的页面\n---\n\n澳门博彩，身份证 500114198501011233。\n")
        return f"units/demo/gzdt/x.{ext}", "FIL006", "x"
    return plant


def plant_active(ext):
    def plant(root):
        text = f'<svg xmlns="http://www.w3.org/2000/svg">{SCRIPT}</svg>' if ext == "svg" else f"<html><body>{SCRIPT}</body></html>"
        _write(root, f"units/demo/tzgg/notice.{ext}", text)
        return f"units/demo/tzgg/notice.{ext}", "FIL006", f"demo/tzgg/notice.{ext}"
    return plant


def plant_symlink_to_passwd(root):
    os.symlink("/etc/passwd", root / "units/demo/gzdt/a.txt")
    return "units/demo/gzdt/a.txt", "FIL005", "demo/gzdt/a.txt"


def plant_symlink_to_key(root):
    os.symlink(_secret(root), root / "units/demo/gzdt/key.txt")
    return "units/demo/gzdt/key.txt", "FIL005", "demo/gzdt/key.txt"


def plant_symlinked_folder(root):
    os.symlink(_secret(root).parent, root / "content/more")
    return "content/more", "FIL005", "more/id_ed25519"


def plant_symlink_in_review(root):
    os.symlink(_secret(root), root / "review/allowed_signers.d")
    return "review/allowed_signers.d", "FIL005", None


def plant_unsigned_portal_page(root):
    _write(root, "content/notice.md", page_text("门户公告", "澳门博彩，详情见内。"))
    return "content/notice.md", "REV010", "notice/index.html"


def plant_portal_page_without_header(root):
    _write(root, "content/plain.md", "# 门户公告\n\n没有三审记录的门户页面。\n")
    return "content/plain.md", "REV001", "plain/index.html"


def plant_portal_html(root):
    _write(root, "content/extra.html", f"<html>{SCRIPT}</html>")
    return "content/extra.html", "FIL006", "extra.html"


def plant_pdf_that_is_html(root):
    _write(root, "units/demo/tzgg/notice.pdf", f"<!DOCTYPE html><html>{SCRIPT}</html>")
    return "units/demo/tzgg/notice.pdf", "FIL007", "demo/tzgg/notice.pdf"


def plant_pdf_with_compressed_js(root):
    stream = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    data = (b"%%PDF-1.7\n1 0 obj << /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream)
            + stream + b"\nendstream\nendobj\n%%EOF\n")
    _write(root, "units/demo/tzgg/form.pdf", data)
    return "units/demo/tzgg/form.pdf", "FIL010", "demo/tzgg/form.pdf"


def plant_docx_with_macros(root):
    _write(root, "units/demo/tzgg/wenjian.docx", _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
                                                       "word/vbaProject.bin": "Attribute VB_Name"}))
    return "units/demo/tzgg/wenjian.docx", "FIL010", "demo/tzgg/wenjian.docx"


def plant_oversized(root):
    settings = root / "govsite.yml"
    settings.write_text(settings.read_text("utf-8") + "attachments:\n  max_size_mb: 1\n", "utf-8")
    _write(root, "units/demo/tzgg/big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    return "units/demo/tzgg/big.pdf", "FIL008", "demo/tzgg/big.pdf"


def plant_unsafe_name(root):
    _write(root, "units/demo/tzgg/baogao\u202etxt.exe.txt", "报告\n")
    return "units/demo/tzgg/baogao\u202etxt.exe.txt", "FIL009", "demo/tzgg/baogao\u202etxt.exe.txt"


CASES = [
    *(pytest.param(plant_markdown_ext(ext), id=f"markdown-{ext}") for ext in ("markdown", "mkd", "mdown")),
    *(pytest.param(plant_active(ext), id=f"active-{ext}") for ext in ("html", "htm", "xhtml", "svg")),
    pytest.param(plant_symlink_to_passwd, id="symlink-passwd"),
    pytest.param(plant_symlink_to_key, id="symlink-private-key"),
    pytest.param(plant_symlinked_folder, id="symlink-folder-in-content"),
    pytest.param(plant_symlink_in_review, id="symlink-in-review"),
    pytest.param(plant_unsigned_portal_page, id="content-page-unsigned"),
    pytest.param(plant_portal_page_without_header, id="content-page-no-review-record"),
    pytest.param(plant_portal_html, id="content-html"),
    pytest.param(plant_pdf_that_is_html, id="pdf-really-html"),
    pytest.param(plant_pdf_with_compressed_js, id="pdf-javascript"),
    pytest.param(plant_docx_with_macros, id="docx-macros"),
    pytest.param(plant_oversized, id="attachment-too-large"),
    pytest.param(plant_unsafe_name, id="unsafe-name"),
]


@pytest.fixture(scope="module")
def base_portal(tmp_path_factory) -> Path:
    root = make_portal(tmp_path_factory.mktemp("door") / "portal")
    sign_all(root)  # a no-op unless a fixture page changed since its review/ was made
    return root


@pytest.fixture
def portal(base_portal, tmp_path) -> Path:
    root = tmp_path / "portal"
    shutil.copytree(base_portal, root, symlinks=True)
    return root


@pytest.fixture(scope="module")
def attacked(base_portal, tmp_path_factory):
    """Every attack planted in one copy of the portal, then one real ``govsite check``
    and one real ``mkdocs build --strict`` (each case's test reads its part)."""
    root = tmp_path_factory.mktemp("attacked") / "portal"
    shutil.copytree(base_portal, root, symlinks=True)
    planted = {c.id: c.values[0](root) for c in CASES}
    check = govsite(root, "check")
    # a site left by an earlier, successful build must not hide what this build publishes
    shutil.rmtree(root / "site", ignore_errors=True)
    build = mkdocs_build(root)
    return root, planted, check, build


@pytest.mark.parametrize("case", [c.id for c in CASES])
def test_attack_is_refused_by_check_and_build(attacked, case):
    root, planted, check, build = attacked
    rel, code, published = planted[case]

    assert check.returncode == 1, check.stdout + check.stderr
    # text output shows control and bidi characters of a path escaped (visible)
    named = [line for line in check.stdout.splitlines() if line.startswith(f"{visible(rel)}:") and f" {code} " in line]
    assert named, f"{code} on {rel} expected:\n{check.stdout}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in named[0].split(code, 1)[1])  # a Chinese fix

    assert build.returncode != 0
    assert "页面未发布" in build.stderr
    assert any(line.count(f"{visible(rel)}:") and code in line for line in build.stderr.splitlines()), build.stderr
    if published:
        assert not (root / "site" / published).exists()
    for path in (root / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"door-test" not in data and b"root:x:0:0" not in data, path


def test_the_door_lists_only_pages_and_checked_attachments(portal):
    """Defence in depth: even with a report that found nothing (as if a rule had missed
    everything), the build's file list holds only gate pages and sound attachments."""
    for plant in [c.values[0] for c in CASES if c.id not in ("content-page-unsigned", "content-page-no-review-record")]:
        plant(portal)
    _write(portal, "units/demo/tzgg/fujian.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    _write(portal, "content/.gitkeep", "")
    _write(portal, "units/demo/.hidden.pdf", b"%PDF-1.4\n")
    result = door(Project(portal), Report())
    mounted = {m.src_uri for m in result.mounts}
    assert "demo/tzgg/fujian.pdf" in mounted
    assert all(uri.endswith(".md") or uri == "demo/tzgg/fujian.pdf" for uri in mounted), mounted
    # the portal's own: pages, and the identity marks the footer shows (sound PNG files)
    assert all(uri.endswith(".md") or uri.startswith("assets/marks/") for uri in result.content), result.content
    assert "unit.yml" not in {uri.rsplit("/", 1)[-1] for uri in mounted}


def test_a_signed_portal_and_its_attachments_are_published(portal):
    """The other side of the door: signed portal pages, a clean PDF, Office file and
    image are published; the portal's own pages are gated like a unit's."""
    _write(portal, "units/demo/tzgg/fujian.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    _write(portal, "units/demo/tzgg/biao.xlsx", _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}))
    _write(portal, "units/demo/gzdt/tu.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 16)
    check = govsite(portal, "check")
    assert check.returncode == 0, check.stdout
    build = mkdocs_build(portal)
    assert build.returncode == 0, build.stderr
    site = portal / "site"
    for rel in ("demo/tzgg/fujian.pdf", "demo/tzgg/biao.xlsx", "demo/gzdt/tu.png", "index.html", "about/index.html"):
        assert (site / rel).is_file(), rel
    assert not list(site.rglob("unit.yml"))

    # a signed portal page edited after review is refused, like a unit page
    about = portal / "content/about.md"
    about.write_text(about.read_text("utf-8").replace("集约化平台", "集约化平台（已改）"), "utf-8")
    edited = govsite(portal, "check", "content/about.md")
    assert edited.returncode == 1
    assert "content/about.md:" in edited.stdout and "REV011" in edited.stdout


def test_generated_patrol_page_passes_the_rules_and_a_committed_one_needs_signatures(portal):
    """content/patrol.md is written by the scheduled patrol job: untracked, it passes
    every content rule without signatures; committed to the repository (what a pull
    request could do), it is a portal page like any other and needs three."""
    patrol = govsite(portal, "patrol", "--publish", "--format", "json")
    assert patrol.returncode in (0, 1), patrol.stderr
    assert (portal / "content/patrol.md").is_file()
    check = govsite(portal, "check", "content")
    assert check.returncode == 0, check.stdout

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=portal, check=True)
    subprocess.run(["git", "add", "-f", "content/patrol.md"], cwd=portal, check=True)
    committed = govsite(portal, "check", "content")
    assert committed.returncode == 1
    assert "content/patrol.md:" in committed.stdout and "REV001" in committed.stdout


def test_the_pull_request_check_names_files_and_portal_pages(portal):
    """``govsite changed --check`` (the PR gate's annotations) checks what a pull request
    adds besides unit pages: attachments, other Markdown extensions, links, content/."""
    from reviewkit import commit_all, git, git_init

    git_init(portal)
    git(portal, "checkout", "-q", "-b", "pr")
    planted = [plant_markdown_ext("mkd")(portal), plant_symlink_to_passwd(portal), plant_portal_html(portal),
               plant_unsigned_portal_page(portal), plant_pdf_that_is_html(portal)]
    commit_all(portal, "PR：附件和门户页面")
    proc = govsite(portal, "changed", "--base", "main", "--check")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for rel, code, _ in planted:
        assert any(line.startswith(f"{rel}:") and f" {code} " in line for line in proc.stdout.splitlines()), (rel, proc.stdout)
