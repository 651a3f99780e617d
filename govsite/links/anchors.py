"""The anchors (``#id``) a page will have once built: heading ids, ``{#id}``
attributes and ``id``/``name`` attributes of raw HTML.

Heading ids depend on the ``toc`` extension's ``slugify`` in ``mkdocs.yml`` (the
portal uses ``pymdownx.slugs.slugify`` with ``case: lower`` so that Chinese headings
keep their text); it is read from there so that this agrees with MkDocs' own anchor
validation. The page is rendered with Python-Markdown, not with MkDocs.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown

from govsite.core.pages import DEFAULT_LIMITS, FRONTMATTER_RE, Limits
from govsite.core.yamlio import Tagged, YamlSyntaxError, load_mkdocs_config

_ID_RE = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Only these factories may be named by !!python/object/apply in mkdocs.yml here.
_SAFE_FACTORIES = ("pymdownx.slugs.", "markdown.extensions.toc.")


_Apply = Tagged  # a ``!!python/...`` value of mkdocs.yml (govsite/core/yamlio.py)


# Without a mkdocs.yml (a bare checkout of units): the portal's documented choice.
_DEFAULT_TOC = {"slugify": _Apply({"__name__": "pymdownx.slugs.slugify", "kwds": {"case": "lower"}})}


def mkdocs_config(root: Path) -> dict | None:
    """``mkdocs.yml`` as plain data (Python tags become placeholders); None when absent."""
    path = root / "mkdocs.yml"
    try:
        config = load_mkdocs_config(path.read_text("utf-8-sig"))
    except FileNotFoundError:
        return None
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        return {}
    return config if isinstance(config, dict) else {}


def _toc_config(root: Path) -> dict:
    config = mkdocs_config(root)
    if config is None:
        return _DEFAULT_TOC
    for ext in config.get("markdown_extensions") or ():
        if isinstance(ext, dict) and "toc" in ext:
            return ext["toc"] or {}
    return {}


def _slugify(toc: dict) -> Callable | None:
    spec = toc.get("slugify")
    if not isinstance(spec, _Apply):
        return None
    name = spec["__name__"]
    if not name.startswith(_SAFE_FACTORIES):
        return None
    module, _, attr = name.rpartition(".")
    factory = getattr(importlib.import_module(module), attr)
    return factory(*spec.get("args", ()), **spec.get("kwds", {}))


@lru_cache(maxsize=4)
def _renderer(root: Path, stamp: float) -> markdown.Markdown:
    toc = _toc_config(root)
    toc_config: dict[str, Any] = {}
    slugify = _slugify(toc)
    if slugify is not None:
        toc_config["slugify"] = slugify
    if "separator" in toc:
        toc_config["separator"] = toc["separator"]
    return markdown.Markdown(extensions=["toc", "attr_list", "tables", "admonition", "md_in_html"],
                             extension_configs={"toc": toc_config})


def renderer(root: Path) -> markdown.Markdown:
    try:
        stamp = (root / "mkdocs.yml").stat().st_mtime
    except OSError:
        stamp = 0.0
    return _renderer(root, stamp)


def ids_of_text(root: Path, text: str) -> set[str]:
    """Anchor ids of a Markdown text (front-matter, if any, is skipped)."""
    match = FRONTMATTER_RE.match(text)
    body = text[match.end():] if match else text
    md = renderer(root)
    md.reset()
    html = md.convert(body)
    return {next(g for g in m.groups() if g is not None) for m in _ID_RE.finditer(html)}


@lru_cache(maxsize=512)
def _ids_of_file(path: Path, stamp: tuple, root: Path, limits: Limits) -> frozenset[str]:
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    if len(text) > limits.line_chars and max(map(len, text.split("\n"))) > limits.line_chars:
        return frozenset()  # FIL011 on that page; rendering it would stall this one's check
    return frozenset(ids_of_text(root, text))


def ids_of_file(root: Path, path: Path, limits: Limits = DEFAULT_LIMITS) -> frozenset[str]:
    """Anchors of another page; none when it is over the size limits (it is never published)."""
    try:
        st = path.stat()
    except OSError:
        return frozenset()
    if st.st_size > limits.page_bytes:
        return frozenset()
    return _ids_of_file(path, (st.st_mtime_ns, st.st_size), root, limits)
