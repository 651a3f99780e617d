"""The listing of the content trees: every file and link, links never followed, in a
fixed order (folders' entries by name, then their subfolders by name)."""

from __future__ import annotations

import os
from pathlib import Path

from govsite.core.files import TREES, tree_entry, walk

REPO = Path(__file__).resolve().parent.parent


def reference(root: Path, top: str) -> list[tuple[str, bool, int]]:
    """The listing by definition, with os.walk (the previous implementation)."""
    single = tree_entry(root, top)
    if single is not None:
        return [(single.rel, single.is_symlink, single.size)]
    base = root / top
    out = []
    if not base.is_dir() or base.is_symlink():
        return out
    for folder, dirs, names in os.walk(base, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs + names):
            entry = tree_entry(root, (here / name).relative_to(root).as_posix())
            if entry is not None:
                out.append((entry.rel, entry.is_symlink, entry.size))
        dirs.sort()
    return out


def listing(root: Path, top: str) -> list[tuple[str, bool, int]]:
    return [(e.rel, e.is_symlink, e.size) for e in walk(root, top)]


def test_the_listing_of_this_repository_is_the_reference_one():
    for top in (*TREES, "units/czj", "units/czj/", "govsite.yml", "no-such-folder"):
        assert listing(REPO, top) == reference(REPO, top), top
    assert len(listing(REPO, "units")) > 100


def test_links_are_listed_and_never_entered(tmp_path):
    root = tmp_path
    (root / "units/a/gzdt").mkdir(parents=True)
    (root / "units/a/gzdt/p.md").write_text("x", "utf-8")
    (root / "units/a/B.md").write_text("yy", "utf-8")
    (root / "outside").mkdir()
    (root / "outside/secret.md").write_text("zzz", "utf-8")
    os.symlink(root / "outside", root / "units/a/linked")
    os.symlink(root / "outside/secret.md", root / "units/a/gzdt/alias.md")
    os.symlink(root / "missing", root / "units/a/dangling.md")
    got = listing(root, "units")
    assert got == reference(root, "units")
    names = [rel for rel, _, _ in got]
    assert "units/a/linked" in names and not any("secret" in n for n in names)
    assert [rel for rel, link, _ in got if link] == ["units/a/dangling.md", "units/a/linked", "units/a/gzdt/alias.md"]
