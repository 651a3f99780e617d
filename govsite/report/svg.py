"""Charts as static SVG, drawn here (no chart library, nothing loaded from elsewhere).

Labels are Chinese; the font is the Noto CJK family the set-up installs (Debian's
``fonts-noto-cjk``), so a reader's browser without it falls back to its own sans-serif.
Every label is escaped (unit names come from ``unit.yml``). The output holds only
``svg``, ``g``, ``title``, ``text``, ``line``, ``rect``, ``polyline`` and ``circle``:
what :func:`govsite.core.charts.is_plain_chart` admits to the site.
"""

from __future__ import annotations

from govsite.report.model import Chart
from govsite.text.escape import html_text

FONT = "Noto Sans CJK SC, Noto Sans CJK, sans-serif"
PALETTE = ["#1f5fa8", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#17a589", "#5d6d7e", "#a04000"]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ceiling(values: list[float]) -> float:
    top = max(values, default=0.0)
    return max(1.0, float(int(top) + (0 if top == int(top) else 1)))


def render(chart: Chart) -> str:
    return _bar(chart) if chart.kind == "bar" else _line(chart)


def _head(width: int, height: int, chart: Chart) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13" role="img">',
            f"<title>{html_text(chart.title)}</title>",
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
            f'<text x="{width // 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">{html_text(chart.title)}</text>']


def _bar(chart: Chart) -> str:
    values = chart.series[0][1] if chart.series else []
    left, row, width = 190, 28, 720
    height = 50 + row * max(1, len(chart.labels)) + 20
    top = _ceiling(values)
    span = width - left - 70
    out = _head(width, height, chart)
    for index, (label, value) in enumerate(zip(chart.labels, values)):
        y = 44 + index * row
        bar = 0 if not value else max(2, int(span * value / top))
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{html_text(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{bar}" height="{row - 8}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{left + bar + 6}" y="{y + 17}">{html_text(_num(value) + chart.unit)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _line(chart: Chart) -> str:
    width, height = 760, 360
    left, right, top_y, bottom = 50, 170, 44, 300
    every = [v for _, values in chart.series for v in values]
    top = _ceiling(every)
    n = max(1, len(chart.labels))
    step = (width - left - right) / max(1, n - 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return bottom - (bottom - top_y) * v / top

    out = _head(width, height, chart)
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top_y}" x2="{left}" y2="{bottom}" stroke="#333"/>')
    for tick in range(int(top) + 1):
        if top > 10 and tick % max(1, int(top) // 5):
            continue
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#e5e5e5"/>')
    for i, label in enumerate(chart.labels):
        if n > 8 and i % 2:
            continue
        out.append(f'<text x="{x(i):.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11">{html_text(label)}</text>')
    for k, (name, values) in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        if values:
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
        ly = top_y + 18 * k
        out.append(f'<rect x="{width - right + 14}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{width - right + 32}" y="{ly + 11}">{html_text(name)}</text>')
    out.append(f'<text x="{left}" y="{height - 14}" font-size="11" fill="#555">单位：{html_text(chart.unit)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
