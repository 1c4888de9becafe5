"""Small SVG charts drawn at build time: no JavaScript, no CDN, print-friendly.

Written as separate .svg files and shown with <img>, so the page sanitiser
(which does not allow inline <svg>) has nothing to strip.
"""

from __future__ import annotations

from html import escape

PALETTE = ["#3f51b5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#546e7a"]
FONT = 'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"'


def grouped_bars(
    title: str,
    categories: list[str],
    series: dict[str, list[float | None]],
    y_max: float = 1.0,
    percent: bool = True,
) -> str:
    """One group of bars per category (e.g. month), one bar per series (e.g. team)."""
    width, height = 760, 360
    left, right, top, bottom = 48, 16, 40, 80
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / max(1, len(categories))
    bar_w = group_w * 0.8 / max(1, len(series))
    parts = [_head(width, height, title)]
    for tick in range(0, 5):
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        label = f"{value:.0%}" if percent else f"{value:g}"
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" {FONT}>{label}</text>'
        )
    for i, category in enumerate(categories):
        x0 = left + i * group_w + group_w * 0.1
        for j, values in enumerate(series.values()):
            value = values[i]
            if value is None:
                continue
            h = plot_h * min(value, y_max) / y_max
            x = x0 + j * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(category)} {value:.0%}</title></rect>'
            )
        parts.append(
            f'<text x="{left + i * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" font-size="11" '
            f'text-anchor="middle" {FONT}>{escape(category)}</text>'
        )
    parts.append(_legend(list(series), left, height - 30))
    parts.append("</svg>")
    return "\n".join(parts)


def histogram(title: str, labels: list[str], counts: list[int]) -> str:
    """Bars with counts on top, e.g. how many attempts scored 0–9, 10–19, …"""
    width, height = 760, 300
    left, right, top, bottom = 40, 16, 40, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts) if counts and max(counts) else 1
    bar_w = plot_w / max(1, len(counts))
    parts = [_head(width, height, title)]
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        h = plot_h * count / peak
        x = left + i * bar_w
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" font-size="11" '
            f'text-anchor="middle" {FONT}>{count}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" font-size="11" '
            f'text-anchor="middle" {FONT}>{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _head(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}">'
        f'<rect width="100%" height="100%" fill="white"/>'
        f'<text x="{width / 2}" y="24" font-size="16" text-anchor="middle" {FONT}>{escape(title)}</text>'
    )


def _legend(names: list[str], x: int, y: int) -> str:
    parts = []
    for i, name in enumerate(names):
        cx = x + i * 150
        parts.append(
            f'<rect x="{cx}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{cx + 18}" y="{y}" font-size="12" {FONT}>{escape(name)}</text>')
    return "\n".join(parts)
