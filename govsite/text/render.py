"""The site's own Markdown engine: Python-Markdown with the extensions ``mkdocs.yml`` names.

The rules judge what is published, so a page is parsed by the same engine and the same
``markdown_extensions`` as ``mkdocs build`` uses (MkDocs always adds ``toc``, ``tables``
and ``fenced_code``): no parser differential separates the check from the build. A
checkout without ``mkdocs.yml`` (the rule fixtures' site, a bare copy of ``units/``) uses
:data:`DEFAULT_EXTENSIONS`, the portal's documented choice.

``mkdocs.yml`` is read with a safe loader: ``!!python/...`` values become placeholders,
and only factories of Python-Markdown and pymdown-extensions are ever called (a slugify,
a fence formatter); only installed extensions are loaded, never a module of the
repository. One engine is built per project root (and ``mkdocs.yml`` version);
:class:`govsite.text.document.Locator` is added to it so that each Markdown construct
the engine recognises can be found again in the source.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import markdown
import yaml

# MkDocs adds these to every site's markdown_extensions (mkdocs.config.defaults).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
# The portal's choice (the repository's mkdocs.yml), for a checkout without mkdocs.yml.
DEFAULT_EXTENSIONS: tuple[Any, ...] = (
    "attr_list", "tables", "admonition",
    {"toc": {"permalink": True,
             "slugify": {"__apply__": "pymdownx.slugs.slugify", "kwds": {"case": "lower"}}}},
)
# Only these factories may be named by !!python/... in mkdocs.yml here.
_SAFE_FACTORIES = ("pymdownx.", "markdown.extensions.")


class _Python(dict):
    """Placeholder for a ``!!python/name:`` or ``!!python/object/apply:`` value of mkdocs.yml."""


class _ConfigLoader(yaml.SafeLoader):
    pass


def _python_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        value: dict = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = {"args": loader.construct_sequence(node, deep=True)}
    else:
        value = {}
    out = _Python(value)
    kind, _, name = suffix.partition(":")
    out["__apply__" if kind.startswith("object") else "__name__"] = name
    return out


def _any_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    return None  # !ENV and similar: not needed to parse a page


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)


def mkdocs_config(root: Path) -> dict | None:
    """``mkdocs.yml`` as plain data (Python tags become placeholders); None when absent."""
    path = root / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text("utf-8"), Loader=_ConfigLoader)
    except FileNotFoundError:
        return None
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return {}
    return config if isinstance(config, dict) else {}


def _resolve(value: Any) -> Any:
    """A config value with its placeholders replaced by the objects they name (safe ones
    only; others make the option be left out, as None)."""
    if isinstance(value, dict):
        name = value.get("__apply__") or value.get("__name__")
        if name is not None or isinstance(value, _Python):
            if not isinstance(name, str) or not name.startswith(_SAFE_FACTORIES):
                return None
            module, _, attr = name.rpartition(".")
            try:
                target = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError):
                return None
            if "__apply__" in value:
                return target(*value.get("args", ()), **(value.get("kwds") or {}))
            return target
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def extension_list(root: Path) -> list[tuple[str, dict]]:
    """(extension name, its config) in the order the build loads them."""
    config = mkdocs_config(root)
    if config is None:
        declared: Any = list(DEFAULT_EXTENSIONS)
    else:
        declared = config.get("markdown_extensions") or []
        if isinstance(declared, dict):
            declared = [{k: v} for k, v in declared.items()]
        if not isinstance(declared, list):
            declared = []
    out: dict[str, dict] = {name: {} for name in MKDOCS_BUILTINS}
    for item in declared:
        if isinstance(item, str):
            out.setdefault(item, {})
        elif isinstance(item, dict):
            for name, options in item.items():
                if isinstance(name, str):
                    resolved = _resolve(options) if isinstance(options, dict) else {}
                    out[name] = {k: v for k, v in (resolved or {}).items() if v is not None}
    return list(out.items())


# Extensions are imported by name; a name the repository itself could provide (a module
# beside mkdocs.yml) would run the repository's code inside the check, so only installed
# Markdown extensions are loaded: Python-Markdown's registered names and these packages.
_SAFE_PACKAGES = ("markdown.extensions.", "pymdownx.", "material.")


def _registered() -> set[str]:
    return {ep.name for ep in entry_points(group="markdown.extensions")}


def _build(root: Path, extra: Callable[[], markdown.Extension] | None) -> markdown.Markdown:
    extensions: list[Any] = []
    configs: dict[str, dict] = {}
    registered = _registered()
    for name, options in extension_list(root):
        if name not in registered and not name.startswith(_SAFE_PACKAGES):
            continue
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: options})
        except Exception:
            continue
        extensions.append(name)
        configs[name] = options
    if extra is not None:
        extensions.append(extra())
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


@lru_cache(maxsize=8)
def _engine(root: Path, stamp: float, extra: Callable[[], markdown.Extension] | None) -> markdown.Markdown:
    return _build(root, extra)


def config_stamp(root: Path) -> float:
    """The version of the site's ``mkdocs.yml`` (its modification time; 0 when absent)."""
    try:
        return (root / "mkdocs.yml").stat().st_mtime
    except OSError:
        return 0.0


def engine(root: Path, extra: Callable[[], markdown.Extension] | None = None) -> markdown.Markdown:
    """The project's Markdown engine, built once per root and version of ``mkdocs.yml``.
    Call ``reset()`` before each ``convert``."""
    return _engine(root, config_stamp(root), extra)
