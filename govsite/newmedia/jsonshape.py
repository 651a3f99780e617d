"""Validate JSON against the JSON Schema files in ``govsite/data/`` (the documented
formats of the platforms' APIs).

Only the keywords those files use are implemented (``type``, ``required``,
``properties``, ``additionalProperties: false``, ``items``, ``minItems``/``maxItems``,
``minLength``/``maxLength``, ``pattern``, ``enum``); an unknown keyword in a schema is
a programming error, so a schema never silently asks for more than is checked.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
                                       "number": (int, float), "boolean": (bool,), "null": (type(None),)}
_KNOWN = {"$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties",
          "items", "minItems", "maxItems", "minLength", "maxLength", "pattern", "enum"}


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("govsite.data").joinpath(name).read_text("utf-8"))


def problems(value: Any, spec: dict[str, Any], where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``spec``, as ``path: what`` (empty: valid)."""
    unknown = set(spec) - _KNOWN
    if unknown:
        raise ValueError(f"schema keyword not implemented: {sorted(unknown)}")
    out: list[str] = []
    kind = spec.get("type")
    if kind is not None:
        ok = isinstance(value, _TYPES[kind]) and not (kind in ("integer", "number") and isinstance(value, bool))
        if not ok:
            return [f"{where}: 应为 {kind}"]
    if "enum" in spec and value not in spec["enum"]:
        out.append(f"{where}: 取值应为 {spec['enum']} 之一")
    if isinstance(value, str):
        if len(value) < spec.get("minLength", 0):
            out.append(f"{where}: 不能为空" if spec.get("minLength") == 1 else f"{where}: 少于 {spec['minLength']} 个字符")
        if "maxLength" in spec and len(value) > spec["maxLength"]:
            out.append(f"{where}: 有 {len(value)} 个字符，超过上限 {spec['maxLength']}")
        if "pattern" in spec and not re.search(spec["pattern"], value):
            out.append(f"{where}: 格式不符（{spec['pattern']}）")
    if isinstance(value, list):
        if len(value) < spec.get("minItems", 0):
            out.append(f"{where}: 至少应有 {spec['minItems']} 项")
        if "maxItems" in spec and len(value) > spec["maxItems"]:
            out.append(f"{where}: 最多 {spec['maxItems']} 项，现有 {len(value)} 项")
        for i, item in enumerate(value):
            out += problems(item, spec.get("items", {}), f"{where}[{i}]")
    if isinstance(value, dict):
        props = spec.get("properties", {})
        for key in spec.get("required", ()):
            if key not in value:
                out.append(f"{where}: 缺少 {key}")
        for key, item in value.items():
            if key in props:
                out += problems(item, props[key], f"{where}.{key}")
            elif spec.get("additionalProperties") is False:
                out.append(f"{where}: 不允许的字段 {key}")
    return out
