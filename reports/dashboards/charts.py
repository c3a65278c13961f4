"""Bar charts drawn on the server as SVG: no script, readable in Chinese, printable.

A `Chart` holds its numbers once; the template draws it with `chart.svg()` and lists the
same numbers as a table (`chart.table()`), so a printout or a screen reader has both.
Values may be None for a suppressed cell ("<5"): no bar is drawn, the label says why.
Colours are SVG presentation attributes (allowed by the site's CSP, unlike style=).
"""

import math
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f6f8b", "#e0a030", "#6a9f58", "#b5485d", "#7a6bb0")
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
WIDTH = 640
# A phone shows the chart about 330 px wide: drawn 360 wide, 12-unit text stays 11 px there
# instead of the 6 px the desktop drawing shrinks to.
PHONE_WIDTH = 360


@dataclass
class Series:
    """One row of bars: a name, the values (None if suppressed) and how each is shown."""

    name: str
    values: list[float | None]
    shown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = ["" if v is None else f"{v:g}" for v in self.values]


@dataclass
class Chart:
    """A titled bar chart over categories, vertical or horizontal, with its table."""

    key: str
    title: str
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    links: list[str] = field(default_factory=list)

    def svg(self, width: int = WIDTH) -> SafeString:
        """Return the chart as an inline <svg> element drawn `width` units wide."""
        body = self._horizontal(width) if self.horizontal else self._vertical(width)
        return mark_safe(body)  # noqa: S308 - every text in it went through escape()

    def svg_phone(self) -> SafeString:
        """Return the chart drawn for a phone's width, so its labels stay readable."""
        return self.svg(PHONE_WIDTH)

    def table(self) -> list[dict]:
        """Return one row per category: its label, link (or "") and each series' shown value."""
        return [
            {
                "label": label,
                "link": self.links[i] if i < len(self.links) else "",
                "cells": [s.shown[i] for s in self.series],
            }
            for i, label in enumerate(self.categories)
        ]

    # Drawing

    def _scale_max(self) -> float:
        """Return the axis maximum: four equal round steps (1, 2 or 5 times a power of ten)."""
        top = max((v for s in self.series for v in s.values if v is not None), default=0)
        wanted = max(top / 4, 1)
        power = 10 ** math.floor(math.log10(wanted))
        step = next(k * power for k in (1, 2, 5, 10) if k * power >= wanted)
        return 4 * step

    def _open(self, height: int, width: int) -> str:
        title_id = f"chart-{self.key}-{width}-title"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
            f'aria-labelledby="{title_id}" font-family=\'{FONT}\' font-size="12" '
            f'data-chart="{escape(self.key)}"><title id="{title_id}">{escape(self.title)}</title>'
        )

    def _legend(self, y: int) -> str:
        if len(self.series) < 2:
            return ""
        parts, x = [], 8
        for i, s in enumerate(self.series):
            colour = PALETTE[i % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
                f'<text x="{x + 16}" y="{y}" fill="#333">{escape(s.name)}</text>'
            )
            x += 28 + 13 * len(s.name)
        return "".join(parts)

    def _vertical(self, width: int) -> str:
        height, top, bottom, left, right = 280, 28, 44, 48, 12
        plot_h, plot_w = height - top - bottom, width - left - right
        scale = self._scale_max()
        out = [self._open(height, width), self._legend(16)]
        for tick in range(5):
            value = scale * tick / 4
            y = top + plot_h - plot_h * tick / 4
            out.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#d8dee4" stroke-width="1"/>'
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                f"{value:g}</text>"
            )
        n = max(len(self.categories), 1)
        slot = plot_w / n
        bar_w = min(36, slot * 0.8 / max(len(self.series), 1))
        for i, label in enumerate(self.categories):
            x0 = left + slot * i + (slot - bar_w * len(self.series)) / 2
            for j, s in enumerate(self.series):
                value = s.values[i]
                x = x0 + bar_w * j
                h = 0 if value is None else plot_h * value / scale
                y = top + plot_h - h
                out.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(label)} '
                    f"{escape(s.name)}：{escape(s.shown[i])}</title></rect>"
                    f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-size="11" fill="#222">{escape(s.shown[i])}</text>'
                )
            out.append(
                f'<text x="{left + slot * i + slot / 2:.1f}" y="{height - bottom + 18}" '
                f'text-anchor="middle" fill="#333">{escape(label)}</text>'
            )
        out.append("</svg>")
        return "".join(out)

    def _horizontal(self, width: int) -> str:
        row_h, top, left, right = 26, 28, 150, 56
        per_row = row_h * max(len(self.series), 1) + 8
        height = top + per_row * max(len(self.categories), 1) + 8
        plot_w = width - left - right
        scale = self._scale_max()
        out = [self._open(height, width), self._legend(16)]
        for i, label in enumerate(self.categories):
            y0 = top + per_row * i
            short = label if len(label) <= 10 else label[:9] + "…"
            out.append(
                f'<text x="{left - 8}" y="{y0 + per_row / 2 + 2:.1f}" text-anchor="end" '
                f'fill="#333">{escape(short)}</text>'
            )
            for j, s in enumerate(self.series):
                value = s.values[i]
                w = 0 if value is None else plot_w * value / scale
                y = y0 + row_h * j + 4
                out.append(
                    f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{row_h - 6}" '
                    f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(label)} '
                    f"{escape(s.name)}：{escape(s.shown[i])}</title></rect>"
                    f'<text x="{left + w + 4:.1f}" y="{y + row_h / 2:.1f}" font-size="11" '
                    f'fill="#222">{escape(s.shown[i])}</text>'
                )
        out.append("</svg>")
        return "".join(out)
