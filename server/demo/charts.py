"""Bar charts as inline SVG, so the demo's report opens offline with no script or stylesheet
fetched from anywhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#3465a4", "#cc5a00", "#4e9a06", "#75507b", "#c4a000", "#ce5c00")


def hbar_chart(
    title: str,
    values: Mapping[str, float],
    *,
    unit: str = "",
    max_value: float | None = None,
    width: int = 640,
    bar_height: int = 22,
) -> str:
    """One horizontal bar per label, longest first when `values` is already sorted that way."""
    label_width = min(280, 16 + 8 * max((len(k) for k in values), default=4))
    plot = width - label_width - 70
    top = max_value if max_value is not None else max(values.values(), default=0) or 1
    height = 30 + bar_height * max(1, len(values))
    rows = []
    for i, (label, value) in enumerate(values.items()):
        y = 26 + i * bar_height
        w = 0 if top <= 0 else max(0.0, plot * min(value, top) / top)
        rows.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.65:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{bar_height - 6}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {_fmt(value)}{unit}</title></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height * 0.65:.1f}">'
            f"{_fmt(value)}{escape(unit)}</text>"
        )
    if not values:
        rows.append(f'<text x="{label_width}" y="44">nothing to show</text>')
    return _svg(title, width, height, "".join(rows))


def grouped_bar_chart(
    title: str,
    groups: Mapping[str, Mapping[str, float]],
    *,
    series: Sequence[str],
    max_value: float = 1.0,
    width: int = 640,
    height: int = 260,
) -> str:
    """Vertical bars: one group per metric, one bar per series (e.g. base vs trained student)."""
    left, bottom, top_pad = 40, 40, 30
    plot_h = height - bottom - top_pad
    group_w = (width - left - 10) / max(1, len(groups))
    bar_w = group_w * 0.7 / max(1, len(series))
    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        'stroke="#888"/>'
    ]
    for tick in (0.0, 0.5, 1.0):
        y = top_pad + plot_h * (1 - tick)
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_fmt(tick * max_value)}</text>"
        )
    for g, (group, by_series) in enumerate(groups.items()):
        x0 = left + g * group_w + group_w * 0.15
        for s, name in enumerate(series):
            value = by_series.get(name, 0.0)
            h = plot_h * max(0.0, min(value, max_value)) / max_value
            x = x0 + s * bar_w
            y = top_pad + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)} {escape(group)}: '
                f"{_fmt(value)}</title></rect>"
                f'<text x="{x + bar_w / 2 - 1:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
                f"{_fmt(value)}</text>"
            )
        parts.append(
            f'<text x="{x0 + len(series) * bar_w / 2:.1f}" y="{height - 22}" '
            f'text-anchor="middle">{escape(group)}</text>'
        )
    for s, name in enumerate(series):
        x = left + s * 130
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{height - 5}">{escape(name)}</text>'
        )
    return _svg(title, width, height, "".join(parts))


def line_chart(
    title: str,
    values: Sequence[float],
    *,
    x_label: str = "step",
    width: int = 640,
    height: int = 220,
) -> str:
    """One line through `values` (e.g. the training loss per step), axes from 0 to the maximum."""
    left, bottom, top_pad, right = 44, 34, 28, 12
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    top = max(values, default=0) or 1
    span = max(1, len(values) - 1)
    points = " ".join(
        f"{left + plot_w * i / span:.1f},{top_pad + plot_h * (1 - v / top):.1f}"
        for i, v in enumerate(values)
    )
    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
        f'y2="{top_pad + plot_h}" stroke="#888"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#888"/>',
    ]
    for tick in (0.0, 0.5, 1.0):
        y = top_pad + plot_h * (1 - tick)
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick * top)}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(x_label)} (1 to {len(values)})</text>"
    )
    if values:
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{PALETTE[0]}" stroke-width="2">'
            f"<title>{escape(title)}: {_fmt(values[0])} to {_fmt(values[-1])}</title></polyline>"
        )
    else:
        parts.append(f'<text x="{left + 8}" y="{top_pad + 20}">nothing to show</text>')
    return _svg(title, width, height, "".join(parts))


def _svg(title: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>"
        f'<text x="4" y="16" font-weight="bold" font-size="13">{escape(title)}</text>{body}</svg>'
    )


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"
