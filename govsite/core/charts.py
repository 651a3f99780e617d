"""Charts the quarterly report draws (``govsite report``) and the door admits.

SVG is refused everywhere else on the site (it can carry script). A chart is admitted
only where the report writes it, ``content/reports/``, only when git does not track it
(the scheduled job made it; a pull request cannot carry one) and only when it is plain
drawing: the few elements and attributes :mod:`govsite.report.svg` writes, no doctype,
no entities, no links, no styles, no scripts, no event handlers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

REPORTS_DIR = "content/reports/"
MAX_BYTES = 1024 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
ELEMENTS = frozenset({"svg", "g", "title", "text", "tspan", "line", "rect", "polyline", "circle"})
ATTRIBUTES = frozenset({"width", "height", "viewBox", "font-family", "font-size", "font-weight", "role", "x", "y",
                        "x1", "y1", "x2", "y2", "cx", "cy", "r", "points", "fill", "stroke", "stroke-width",
                        "text-anchor"})
_VALUE_RE = re.compile(r"\A[0-9A-Za-z#.,\s%-]*\Z")  # numbers, colours, font names, keywords


def is_report_chart(rel: str) -> bool:
    return rel.startswith(REPORTS_DIR) and rel.lower().endswith(".svg")


def is_plain_chart(data: bytes) -> bool:
    """Whether ``data`` is an SVG drawing of only the admitted elements and attributes."""
    if len(data) > MAX_BYTES or b"<!" in data or b"<?" in data:
        return False  # no doctype, entity, CDATA or processing instruction
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return False
    if root.tag != SVG_NS + "svg":
        return False
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(SVG_NS):
            return False
        if element.tag[len(SVG_NS):] not in ELEMENTS:
            return False
        for name, value in element.attrib.items():
            if name not in ATTRIBUTES or not _VALUE_RE.match(value):
                return False
    return True
