"""Declarative configuration classes, in the style of MkDocs' ``config_options``.

A schema is a class whose attributes are :class:`Opt` objects, each followed by a
docstring. ``Schema.load(mapping, located, path)`` validates a YAML mapping against it
and returns an instance with plain attribute values; every error names the file, the
line, what is expected and how to fix it. The same classes describe ``govsite.yml``,
``unit.yml`` and the data files (``govsite/data/*.yml``, word lists, domain lists).

A check that involves several options of one mapping goes in :meth:`Schema.validate`,
which yields ``(key, what, fix)``; the first one becomes the error, at the line of
``key`` (an option's name, or a path below the mapping).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Self, overload

from govsite.core.errors import ConfigError
from govsite.core.yamlio import Located

Issue = tuple[str | tuple | None, str, str]
"""A problem found by :meth:`Schema.validate`: (key or path, what is wrong, how to fix)."""

_TYPE_NAMES: dict[object, str] = {str: "文本", int: "整数", bool: "true 或 false", list: "列表", dict: "映射"}


class Opt:
    """One option: its type, default, and an optional extra validator."""

    def __init__(
        self,
        kind: type | type[Schema] | tuple,
        default: Any = None,
        *,
        required: bool = False,
        choices: tuple | None = None,
        items: type | type[Schema] | None = None,
        values: type | type[Schema] | None = None,
        check: Callable[[Any], str | None] | None = None,
        each: Callable[[Any], str | None] | None = None,
        convert: Callable[[Any], Any] | None = None,
        hint: str = "",
    ) -> None:
        self.kind, self.default, self.required = kind, default, required
        self.choices, self.items, self.values, self.check = choices, items, values, check
        self.each = each  # a check of every plain item of a list or value of a mapping
        self.convert = convert  # applied to the raw YAML value first (e.g. YAML 1.1's off -> False -> "off")
        self.hint = hint  # how to fix a wrong value, in Chinese; a generic hint when empty
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    # On the class, an Opt is the declaration; on a loaded instance, the value that
    # ``Schema.load`` stored in the instance (which wins over this non-data descriptor).
    # The overloads tell a type checker that ``settings.page_size`` is a value, not an Opt.
    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Opt: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Any: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        return self if obj is None else self.default


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The closest known key to a misspelt one, for 'did you mean' hints."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


class Schema:
    """Base class: subclasses declare :class:`Opt` attributes."""

    options: ClassVar[dict[str, Opt]]
    skip_prefix: ClassVar[str] = ""
    """Keys starting with this are ignored (a data file's holders of YAML anchors)."""

    def __init_subclass__(cls) -> None:
        cls.options = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Opt):
                    cls.options[name] = value

    @classmethod
    def load(cls, data: Any, located: Located, path: str, prefix: tuple = ()) -> Self:
        obj = cls.__new__(cls)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(path, located.line(*prefix), f"{'.'.join(map(str, prefix)) or '文件'} 应为映射（key: value）", "请按 README 中的示例书写")
        for key in data:
            if cls.skip_prefix and isinstance(key, str) and key.startswith(cls.skip_prefix):
                continue
            if key not in cls.options:
                hint = closest(str(key), tuple(cls.options))
                fix = f"是否应为 {hint}？" if hint else f"可用的键：{', '.join(cls.options)}"
                raise ConfigError(path, located.line(*prefix, key), f"未知的键 {key!r}", fix)
        for name, opt in cls.options.items():
            here = prefix + (name,)
            if name not in data or data[name] is None:
                if opt.required:
                    raise ConfigError(path, located.line(*prefix), f"缺少必填的键 {'.'.join(map(str, here))}", "请补充该项")
                value = opt.default() if callable(opt.default) else opt.default
                if isinstance(opt.kind, type) and issubclass(opt.kind, Schema) and isinstance(value, dict):
                    value = opt.kind.load(value, located, path, here)  # a missing section has its defaults
            else:
                value = _convert(opt, data[name], located, path, here)
            setattr(obj, name, value)
        for key, what, fix in obj.validate():
            where = key if isinstance(key, tuple) else (key,) if key is not None else ()
            raise ConfigError(path, located.line(*prefix, *where), what, fix)
        return obj

    def validate(self) -> Iterator[Issue]:
        """Problems that involve several options: ``(key, what, fix)``, where ``key`` is an
        option's name, a path below this mapping, or None for the mapping itself."""
        return iter(())


def _convert(opt: Opt, value: Any, located: Located, path: str, here: tuple) -> Any:
    line = located.line(*here)
    key = ".".join(map(str, here))
    fix = opt.hint or "请改正该值"
    kind = opt.kind
    if opt.convert is not None:
        value = opt.convert(value)
    if isinstance(kind, type) and issubclass(kind, Schema):
        return kind.load(value, located, path, here)
    if kind is list:
        if not isinstance(value, list):
            raise ConfigError(path, line, f"{key} 应为列表", opt.hint or "请用 YAML 列表（- 项目）书写")
        problem = opt.check(value) if opt.check else None
        if problem:
            raise ConfigError(path, line, f"{key}: {problem}", fix)
        if opt.items is None:
            return value
        return [_item(opt, opt.items, item, located, path, here + (index,)) for index, item in enumerate(value)]
    if kind is dict and opt.values is not None:
        if not isinstance(value, dict):
            raise ConfigError(path, line, f"{key} 应为映射（名称: 内容）", opt.hint or "请按该文件开头的说明书写")
        return {name: _item(opt, opt.values, item, located, path, here + (name,)) for name, item in value.items()}
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = _TYPE_NAMES.get(kind, getattr(kind, "__name__", str(kind)))
        raise ConfigError(path, line, f"{key} 应为{name}，实际为 {value!r}", fix)
    if opt.choices is not None and value not in opt.choices:
        raise ConfigError(path, line, f"{key} 的值 {value!r} 无效", f"可选值：{' | '.join(map(str, opt.choices))}")
    if opt.check is not None:
        problem = opt.check(value)
        if problem:
            raise ConfigError(path, line, f"{key}: {problem}", fix)
    return value


def _item(opt: Opt, kind: type | type[Schema], value: Any, located: Located, path: str, here: tuple) -> Any:
    """One item of a list option, or one value of a mapping option."""
    if isinstance(kind, type) and issubclass(kind, Schema):
        return kind.load(value, located, path, here)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        what = f"第 {here[-1] + 1} 项" if isinstance(here[-1], int) else f"{here[-1]} 的值"
        name = _TYPE_NAMES.get(kind) or getattr(kind, "__name__", str(kind))
        raise ConfigError(path, located.line(*here), f"{'.'.join(map(str, here[:-1]))} 的{what}应为{name}", opt.hint or "请改正该项")
    problem = opt.each(value) if opt.each else None
    if problem:
        raise ConfigError(path, located.line(*here), f"{'.'.join(map(str, here))}: {problem}", opt.hint or "请改正该项")
    return value
