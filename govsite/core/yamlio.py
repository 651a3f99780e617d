"""YAML reading with line numbers: the one loader for every YAML file govsite reads.

Front-matter, ``unit.yml``, ``govsite.yml``, word lists, ``holidays.yml``, ``mkdocs.yml``
and the package's own data files all go through here, so one set of limits holds
everywhere. The YAML accepted is *plain*: scalars, lists and mappings. Before anything
is composed, the token stream is scanned and refused (:class:`YamlFeatureError`) at the
first

* anchor ``&x`` or alias ``*x`` (an alias bomb expands before any rule runs; package
  data files, which no pull request writes, may use them: ``trusted=True``),
* tag ``!!str`` / ``!x`` (a tag changes what a value is; only ``mkdocs.yml`` keeps its
  ``!!python/name`` tags, read as placeholders by :func:`load_mkdocs_config`),
* explicit key ``? key`` or non-scalar key, merge key ``<<``, duplicate key,
* directive (``%YAML``) or second document,
* nesting deeper than :data:`MAX_DEPTH` levels (the composer and our walk recurse).

What is refused stops at the scan, so a hostile text costs one linear pass of the C
scanner. ``yaml.CSafeLoader`` is about 3.5x faster than python-frontmatter's default
path; the composed node tree keeps the line of every key so that errors can name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader ships with PyYAML wheels

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted (front-matter needs 3, unit.yml 5)."""


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader whose timestamps never raise: ``2024-13-01`` stays a string, so the
    date rules can report it at its line instead of the whole header failing."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


class Tagged(dict):
    """Placeholder for a ``!!python/...`` value of ``mkdocs.yml``: its arguments, and what
    the tag names under ``__name__`` or ``__apply__``. Nothing named by a tag is ever
    imported here (:mod:`govsite.text.render` resolves a few safe factories)."""


class _TaggedLoader(_Loader):
    """mkdocs.yml only: Python tags become :class:`Tagged`, other ``!`` tags None."""


def _python_tag(loader, suffix: str, node: yaml.Node) -> Tagged:
    """``!!python/name:x`` → ``{"__name__": "x"}``; ``!!python/object/apply:f`` with
    arguments → ``{"__apply__": "f", "args": [...], "kwds": {...}}``."""
    if isinstance(node, yaml.MappingNode):
        value: dict = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = {"args": loader.construct_sequence(node, deep=True)}
    else:
        value = {}
    out = Tagged(value)
    kind, _, name = suffix.partition(":")
    out["__apply__" if kind.startswith("object") else "__name__"] = name
    return out


def _other_tag(loader, suffix: str, node: yaml.Node) -> None:
    return None  # !ENV, !relative and the like: not needed by govsite


_TaggedLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_TaggedLoader.add_multi_constructor("!", _other_tag)


class YamlSyntaxError(Exception):
    """YAML that does not parse; ``line`` is 1-based within the text given."""

    def __init__(self, line: int, column: int, problem: str) -> None:
        self.line, self.column, self.problem = line, column, problem
        super().__init__(f"line {line}: {problem}")


class YamlFeatureError(YamlSyntaxError):
    """YAML that parses but uses more than plain scalars, lists and mappings (or nests
    too deep); ``problem`` and ``fix`` are Chinese, for editors."""

    def __init__(self, line: int, column: int, problem: str, fix: str) -> None:
        super().__init__(line, column, problem)
        self.fix = fix


@dataclass
class Located:
    """A parsed YAML document with the 1-based line of each key path."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, *path: Any, default: int = 1) -> int:
        """Line of the deepest existing prefix of ``path`` (key names or list indexes)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


_PLAIN = "元数据只用“键: 值”、列表（- 项）和普通文本"
_OPENERS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_SKIP = (yaml.StreamStartToken, yaml.StreamEndToken)


def _refuse(mark, problem: str, fix: str) -> YamlFeatureError:
    return YamlFeatureError(mark.line + 1, mark.column + 1, problem, fix)


def _scan(text: str, *, trusted: bool, tags: bool) -> None:
    """One pass of the scanner; raise at the first feature beyond plain YAML."""
    loader = _Loader(text)
    try:
        depth, content, ended = 0, False, False
        key_mark = None
        while loader.check_token():
            token = loader.get_token()
            mark = token.start_mark
            if key_mark is not None:
                # A simple key's KEY token sits where the key starts; an explicit key's
                # sits on its '?' indicator, before the key itself.
                if (mark.line, mark.column) != (key_mark.line, key_mark.column):
                    raise _refuse(key_mark, "用了“? 键”的写法（显式键）", f"请写成一行“键: 值”；{_PLAIN}")
                key_mark = None
            if isinstance(token, _SKIP):
                continue
            if ended and not isinstance(token, yaml.DocumentEndToken):
                raise _refuse(mark, "包含多个 YAML 文档", "只保留一个文档：删除 --- 或 ... 之后的内容")
            if isinstance(token, yaml.KeyToken):
                key_mark = mark
            elif isinstance(token, yaml.DirectiveToken):
                raise _refuse(mark, f"用了 YAML 指令 %{token.name}", "请删除以 % 开头的行")
            elif isinstance(token, yaml.DocumentStartToken):
                if content:
                    raise _refuse(mark, "包含多个 YAML 文档", "只保留一个文档：删除 --- 或 ... 之后的内容")
            elif isinstance(token, yaml.DocumentEndToken):
                ended = True
            elif isinstance(token, (yaml.AnchorToken, yaml.AliasToken)) and not trusted:
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                raise _refuse(mark, f"用了 YAML 锚点或引用 {sign}{token.value}",
                              f"请把值直接写出来，不要用 & 和 *；{_PLAIN}")
            elif isinstance(token, yaml.TagToken) and not tags:
                handle, suffix = token.value
                raise _refuse(mark, f"用了 YAML 类型标签 {handle or ''}{suffix}",
                              "请删除该标签；要写成文本时给值加引号")
            elif isinstance(token, _OPENERS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refuse(mark, f"嵌套超过 {MAX_DEPTH} 层", "请减少列表和映射的嵌套层次")
            elif isinstance(token, _CLOSERS):
                depth -= 1
            content = content or not isinstance(token, (yaml.DocumentStartToken, yaml.DocumentEndToken))
    finally:
        loader.dispose()


def _walk(root: yaml.Node, lines: dict[tuple, int], loader) -> None:
    """Record each key's line; refuse merge keys, non-scalar and duplicate keys.

    Iterative, and the scan already bounded the depth; with aliases (trusted files only)
    a shared node is walked once per path, as the data will be used."""
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                mark = key_node.start_mark
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _refuse(mark, "的键不是普通文本（键是列表或映射）", f"请写成“键: 值”；{_PLAIN}")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _refuse(mark, "用了 YAML 合并键 <<", f"请把各项直接写出来；{_PLAIN}")
                identity = _key_identity(loader, key_node)
                if identity in seen:
                    raise _refuse(mark, f"中的键 {key_node.value} 重复（前面已有同名的键）",
                                  "每个键只写一次：删除或合并重复的一项")
                seen[identity] = mark.line + 1
                path = prefix + (key_node.value,)
                lines[path] = mark.line + 1
                stack.append((value_node, path))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                path = prefix + (index,)
                lines[path] = item.start_mark.line + 1
                stack.append((item, path))


def _key_identity(loader, node: yaml.ScalarNode) -> Any:
    """The key as the constructed mapping will see it (``yes`` and ``true`` collide)."""
    try:
        value = loader.construct_object(node)
        hash(value)
        return value
    except Exception:  # an unconstructible or unhashable key: compare its text
        return (node.tag, node.value)


def _load(text: str, loader_class: type, *, trusted: bool, tags: bool) -> Located:
    try:
        _scan(text, trusted=trusted, tags=tags)
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            lines: dict[tuple, int] = {}
            if node is not None:
                _walk(node, lines, loader)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise YamlSyntaxError(line, column, err.problem or err.context or "YAML 语法错误") from None
    except yaml.YAMLError as err:
        raise YamlSyntaxError(1, 1, str(err)) from None
    except RecursionError:  # belt and braces: the depth limit should make this unreachable
        raise YamlFeatureError(1, 1, "嵌套过深", "请减少列表和映射的嵌套层次") from None
    return Located(data, lines)


def load_located(text: str, *, trusted: bool = False) -> Located:
    """Parse one plain YAML document; raise :class:`YamlSyntaxError` (or its subclass
    :class:`YamlFeatureError`) with its line. ``trusted``: a data file shipped inside
    the govsite package, which may use anchors and aliases."""
    return _load(text, _Loader, trusted=trusted, tags=False)


def load_fast(text: str) -> Any:
    """Parse one of the package's own data files (``govsite/data/*.yml``)."""
    return load_located(text, trusted=True).data


def load_mkdocs_config(text: str) -> Any:
    """``mkdocs.yml`` as plain data; its Python tags become :class:`Tagged` placeholders."""
    return _load(text, _TaggedLoader, trusted=False, tags=True).data


def load_config_text(text: str, rel: str, *, trusted: bool = False) -> Located:
    """Parse a configuration file's text; a syntax error becomes a ConfigError naming
    ``rel`` and the line (for unit.yml, govsite.yml, holidays.yml, word lists …)."""
    from govsite.core.errors import ConfigError

    try:
        return load_located(text, trusted=trusted)
    except YamlFeatureError as err:
        raise ConfigError(rel, err.line, f"YAML 写法不受支持：{err.problem}", err.fix) from None
    except YamlSyntaxError as err:
        raise ConfigError(rel, err.line, f"YAML 语法错误：{err.problem}", "请检查缩进（用空格）、冒号和引号") from None


def load_config_file(path: Path, rel: str) -> Located:
    """Read and parse a configuration file (UTF-8, BOM allowed); every failure is a
    ConfigError naming ``rel``."""
    from govsite.core.errors import ConfigError

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(rel, None, "文件不存在", "请检查路径") from None
    except UnicodeDecodeError:
        raise ConfigError(rel, None, "不是 UTF-8 编码", "请用 UTF-8 保存") from None
    return load_config_text(text, rel)
