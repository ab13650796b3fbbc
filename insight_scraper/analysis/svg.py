"""Small SVG charts drawn as text: no plotting library, nothing to fetch, nothing to run.

Every drawn datum is an element of class ``mark`` with a ``<title>`` (the browser's tooltip),
so a reader can hover for exact numbers and a test can count what was drawn. All text is
escaped: labels come from crawled pages, which are untrusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = (
    "#3b6ea8", "#e08a2c", "#4b9b5a", "#c8483c", "#8a63b8",
    "#8c6b4f", "#d46aa8", "#6f7780", "#a8a83a", "#2fa5b5",
)  # fmt: skip
WIDTH = 760
_FONT = 12


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _svg(height: int, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}"'
        f' height="{height}" role="img" aria-label="{escape(label)}">{body}</svg>'
    )


def _text(x: float, y: float, content: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{_FONT}"{extra}>'
        f"{escape(content)}</text>"
    )


def legend(names: Sequence[str]) -> str:
    """An HTML legend (wraps, and renders RTL names in their own direction)."""
    items = "".join(
        f'<li><span class="swatch" style="background:{colour(i)}"></span>'
        f'<bdi dir="auto">{escape(name)}</bdi></li>'
        for i, name in enumerate(names)
    )
    return f'<ul class="legend">{items}</ul>'


def columns(
    labels: Sequence[tuple[str, str]], series: Sequence[tuple[str, Sequence[int]]], title: str
) -> str:
    """Stacked columns: one column per label (two text lines under it), one colour per series."""
    height, top, bottom, left = 260, 12, 44, 44
    plot_h, plot_w = height - top - bottom, WIDTH - left - 8
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    peak = max([*totals, 1])
    step = plot_w / max(len(labels), 1)
    bar = max(min(step * 0.7, 48), 2)
    parts = [_axis(left, top, plot_h, plot_w, peak)]
    for i, (line1, line2) in enumerate(labels):
        x = left + step * i + (step - bar) / 2
        y: float = top + plot_h
        for s, (name, values) in enumerate(series):
            h = plot_h * values[i] / peak
            if values[i]:
                tip = f"{line1} {line2} · {name}: {values[i]}"
                parts.append(_rect((x, y - h, bar, h), colour(s), tip))
            y -= h
        if len(labels) <= 40 or i % max(len(labels) // 20, 1) == 0:
            parts.append(_text(x + bar / 2, top + plot_h + 16, line1, extra=' class="rtl-able"'))
            parts.append(_text(x + bar / 2, top + plot_h + 31, line2))
    return _svg(height, "".join(parts), title)


def hbars(rows: Sequence[tuple[str, int, int]], title: str, note: str = "") -> str:
    """Horizontal bars: ``(label, value, colour index)`` per row, largest first as given."""
    row_h, left = 22, 200
    height = row_h * len(rows) + 10
    peak = max([value for _, value, _ in rows] + [1])
    plot_w = WIDTH - left - 60
    parts = []
    for i, (label, value, tone) in enumerate(rows):
        y = 5 + i * row_h
        w = plot_w * value / peak
        parts.append(_text(left - 8, y + 15, label, "end"))
        parts.append(_rect((left, y + 3, w, row_h - 6), colour(tone), f"{label}{note}: {value}"))
        parts.append(_text(left + w + 6, y + 15, str(value), "start"))
    return _svg(height, "".join(parts), title)


def heatmap(
    rows: Sequence[str], cols: Sequence[tuple[str, str]], cells: dict[tuple[int, int], int],
    title: str,
) -> str:  # fmt: skip
    """A rows × columns grid of counts; darker is more, an empty cell is not drawn."""
    left, top, cell_h = 190, 6, 22
    cell_w = max(min((WIDTH - left - 6) / max(len(cols), 1), 60), 8)
    height = top + cell_h * len(rows) + 40
    peak = max([*cells.values(), 1])
    parts = []
    for r, name in enumerate(rows):
        parts.append(_text(left - 8, top + r * cell_h + 15, name, "end"))
    for (r, c), count in sorted(cells.items()):
        shade = 0.15 + 0.85 * count / peak
        x, y = left + c * cell_w, top + r * cell_h
        tip = f"{rows[r]} · {cols[c][0]} {cols[c][1]}: {count}"
        parts.append(_rect((x + 1, y + 1, cell_w - 2, cell_h - 2), colour(0), tip, shade))
        parts.append(_text(x + cell_w / 2, y + 15, str(count), extra=' fill="#fff"'))
    base = top + cell_h * len(rows)
    for c, (line1, line2) in enumerate(cols):
        parts.append(_text(left + (c + 0.5) * cell_w, base + 15, line1, extra=' class="rtl-able"'))
        parts.append(_text(left + (c + 0.5) * cell_w, base + 30, line2))
    return _svg(height, "".join(parts), title)


def _axis(left: float, top: float, plot_h: float, plot_w: float, peak: int) -> str:
    lines = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
             'stroke="#999"/>']  # fmt: skip
    for value in sorted({0, peak // 2, peak}):
        y = top + plot_h - plot_h * value / peak
        lines.append(_text(left - 6, y + 4, str(value), "end"))
    return "".join(lines)


def _rect(box: tuple[float, float, float, float], fill: str, tip: str, opacity: float = 1) -> str:
    x, y, w, h = box
    return (
        f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{max(w, 1):.1f}" height="{h:.1f}" '
        f'fill="{fill}" fill-opacity="{opacity:.2f}"><title>{escape(tip)}</title></rect>'
    )
