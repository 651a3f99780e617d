"""Declarative configuration classes, in the style of MkDocs' ``config_options``.

A schema is a class whose attributes are :class:`Opt` objects, each followed by a
docstring. ``Schema.load(mapping, located, path)`` validates a YAML mapping against it
and returns an instance with plain attribute values; every error names the file, the
line, what is expected and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Self, TypeVar, overload

from govsite.core.errors import ConfigError
from govsite.core.yamlio import Located

_TYPE_NAMES: dict[type, str] = {str: "文本", int: "整数", bool: "true 或 false", list: "列表", dict: "映射"}


T = TypeVar("T")


class Opt(Generic[T]):
    """One option: its type, default, and an optional extra validator.

    For the type checker, ``Opt(int, 20)`` read on a loaded schema is an ``int`` and
    ``Opt(str)`` (no default, not required) a ``str | None``.
    """

    @overload
    def __init__(self: Opt[T | None], kind: type[T], default: None = None, *, required: Literal[False] = False,
                 choices: tuple | None = None, items: type | None = None,
                 check: Callable[[Any], str | None] | None = None) -> None: ...

    @overload
    def __init__(self: Opt[T], kind: type[T], default: Any = None, *, required: bool = False,
                 choices: tuple | None = None, items: type | None = None,
                 check: Callable[[Any], str | None] | None = None) -> None: ...

    def __init__(
        self,
        kind: type,
        default: Any = None,
        *,
        required: bool = False,
        choices: tuple | None = None,
        items: type | None = None,
        check: Callable[[Any], str | None] | None = None,
    ) -> None:
        self.kind, self.default, self.required = kind, default, required
        self.choices, self.items, self.check = choices, items, check
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    if TYPE_CHECKING:
        # Schema.load sets every option on the instance, which hides the class attribute.
        @overload
        def __get__(self, obj: None, owner: type) -> Opt[T]: ...

        @overload
        def __get__(self, obj: object, owner: type) -> T: ...

        def __get__(self, obj: object, owner: type) -> Opt[T] | T: ...


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The closest known key to a misspelt one, for 'did you mean' hints."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


class Schema:
    """Base class: subclasses declare :class:`Opt` attributes."""

    options: ClassVar[dict[str, Opt[Any]]]

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
                if value is not None and isinstance(opt.kind, type) and issubclass(opt.kind, Schema):
                    # A sub-schema's default is its mapping, loaded so that its own defaults apply.
                    value = opt.kind.load(value, located, path, here)
            else:
                value = _convert(opt, data[name], located, path, here)
            setattr(obj, name, value)
        return obj


def _convert(opt: Opt[Any], value: Any, located: Located, path: str, here: tuple) -> Any:
    line = located.line(*here)
    key = ".".join(map(str, here))
    kind = opt.kind
    if isinstance(kind, type) and issubclass(kind, Schema):
        return kind.load(value, located, path, here)
    if kind is list:
        if not isinstance(value, list):
            raise ConfigError(path, line, f"{key} 应为列表", "请用 YAML 列表（- 项目）书写")
        problem = opt.check(value) if opt.check else None
        if problem:
            raise ConfigError(path, line, f"{key}: {problem}", "请改正该值")
        items = opt.items
        if items is None:
            return value
        out: list[Any] = []
        for index, item in enumerate(value):
            if isinstance(items, type) and issubclass(items, Schema):
                out.append(items.load(item, located, path, here + (index,)))
            elif not isinstance(item, items):
                raise ConfigError(path, located.line(*here, index), f"{key} 的第 {index + 1} 项应为{_TYPE_NAMES.get(items, items.__name__)}", "请改正该项")
            else:
                out.append(item)
        return out
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = _TYPE_NAMES.get(kind, getattr(kind, "__name__", str(kind)))
        raise ConfigError(path, line, f"{key} 应为{name}，实际为 {value!r}", "请改正该值")
    if opt.choices is not None and value not in opt.choices:
        raise ConfigError(path, line, f"{key} 的值 {value!r} 无效", f"可选值：{' | '.join(map(str, opt.choices))}")
    if opt.check is not None:
        problem = opt.check(value)
        if problem:
            raise ConfigError(path, line, f"{key}: {problem}", "请改正该值")
    return value
