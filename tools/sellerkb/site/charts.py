"""SVG bar charts made at build time: readable without JavaScript, with a title, a
description and a data table as text alternatives."""

from __future__ import annotations

from collections.abc import Sequence

from .html import esc, table

BAR_HEIGHT = 22
LABEL_WIDTH = 170
CHART_WIDTH = 560


def bar_chart(
    chart_id: str, title: str, data: Sequence[tuple[str, int]], unit: str = "cases"
) -> str:
    """A horizontal bar chart and the same numbers as a table."""
    top = max((n for _, n in data), default=0) or 1
    height = BAR_HEIGHT * len(data) + 10
    bars = []
    for row, (label, value) in enumerate(data):
        y = 5 + row * BAR_HEIGHT
        width = max(1, round((CHART_WIDTH - LABEL_WIDTH - 60) * value / top))
        bars.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{esc(label)}</text>'
            f'<rect class="skb-bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" '
            f'height="{BAR_HEIGHT - 6}"><title>{esc(label)}: {value:,} {esc(unit)}</title></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}">{value:,}</text>'
        )
    description = "; ".join(f"{label}: {value:,}" for label, value in data)
    svg = (
        f'<svg class="skb-chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-title">{esc(title)}'
        f'</title><desc id="{chart_id}-desc">{esc(description)}</desc>{"".join(bars)}</svg>'
    )
    rows = [[esc(label), f"{value:,}"] for label, value in data]
    details = (
        f"<details><summary>{esc(title)} as a table</summary>"
        f"{table([title.split(' by ')[-1].capitalize(), unit.capitalize()], rows)}"
        "</details>"
    )
    return f'<figure class="skb-figure">{svg}{details}</figure>'
