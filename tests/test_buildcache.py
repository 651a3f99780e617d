"""Tables derived from the package's own data are built once per install and kept in
the per-user cache under a key of everything they depend on."""

from __future__ import annotations

from govsite.core import buildcache
from govsite.text import normalize


def test_a_table_is_built_once_per_key(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"表": len(calls)}

    assert buildcache.load_or_build("demo", "k1", build, tmp_path) == {"表": 1}
    assert buildcache.load_or_build("demo", "k1", build, tmp_path) == {"表": 1} and len(calls) == 1
    assert buildcache.load_or_build("demo", "k2", build, tmp_path) == {"表": 2}  # a new key: built anew
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-k2.pickle"]  # the older one removed


def test_a_broken_or_unwritable_cache_only_costs_time(tmp_path):
    (tmp_path / "demo-k1.pickle").write_bytes(b"not a pickle")
    assert buildcache.load_or_build("demo", "k1", lambda: 42, tmp_path) == 42
    blocked = tmp_path / "a-file"  # the cache folder cannot be made, even by root
    blocked.write_text("x", "utf-8")
    assert buildcache.load_or_build("demo", "k1", lambda: 7, blocked / "sub") == 7


def test_the_key_follows_the_files_it_names(tmp_path):
    data = tmp_path / "words.yml"
    data.write_text("a", "utf-8")
    first = buildcache.key_of(files=[data], libraries=["pyyaml"])
    data.write_text("b", "utf-8")
    assert buildcache.key_of(files=[data], libraries=["pyyaml"]) != first


def test_the_kept_normalisation_table_is_the_derived_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path))
    normalize._tables.cache_clear()
    try:
        built = normalize._tables()
        normalize._tables.cache_clear()
        kept = normalize._tables()  # from the cache file written just now
        assert list((tmp_path / "normalize").iterdir())
        assert kept == built == normalize._derive_tables()
    finally:
        normalize._tables.cache_clear()


def test_the_kept_word_lists_match_as_the_built_ones(tmp_path, monkeypatch):
    from govsite.text import wordlists

    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path))
    files = wordlists.builtin_files()
    built = wordlists.build(files)
    wordlists._kept(files)  # builds and keeps
    kept = wordlists._kept(files)  # read back
    assert list((tmp_path / "wordlists").iterdir())
    assert kept.terms == built.terms and kept.domains == built.domains
    terms = [e.term for entries in built.terms.values() for e in entries if e.term and not e.context][:40]
    text = "，".join(terms) + "，微信号 weixin，pinyin 拼音"
    tight = normalize.normalize_tight(text).text
    assert [m.entry for m in wordlists.match_text(kept, tight)] == [m.entry for m in wordlists.match_text(built, tight)]
    assert wordlists.match_text(kept, tight)


def test_a_cache_inside_a_git_work_tree_is_never_read(tmp_path):
    """A pickle is code: one planted in a checkout (a cache directory pointed into the
    repository) is neither loaded nor written; the table is built instead."""
    import pickle

    (tmp_path / ".git").mkdir()
    folder = tmp_path / "cache" / "demo"
    folder.mkdir(parents=True)
    (folder / "demo-k1.pickle").write_bytes(pickle.dumps({"planted": True}))
    assert buildcache.load_or_build("demo", "k1", lambda: {"built": True}, folder) == {"built": True}
    assert buildcache.load_or_build("demo", "k2", lambda: 2, folder) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["demo-k1.pickle"]
