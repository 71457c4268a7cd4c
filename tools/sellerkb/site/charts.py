"""SVG bar charts made at build time: readable without JavaScript, with a title, a
description and a data table as text alternatives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup

from ..messages import N_
from .catalog import Catalog
from .render import render

BAR_HEIGHT = 22
LABEL_WIDTH = 170
CHART_WIDTH = 560


class Bar(NamedTuple):
    """One bar of a chart: its label, value, position and length."""

    label: str
    value: int
    y: int
    width: int


def bar_chart(
    site: Catalog,
    chart_id: str,
    title: str,
    data: Sequence[tuple[str, int]],
    column: str,
    unit: str = N_("cases"),
) -> Markup:
    """A horizontal bar chart and the same numbers as a table."""
    top = max((n for _, n in data), default=0) or 1
    bars = [
        Bar(
            label,
            value,
            5 + row * BAR_HEIGHT,
            max(1, round((CHART_WIDTH - LABEL_WIDTH - 60) * value / top)),
        )
        for row, (label, value) in enumerate(data)
    ]
    return render(
        "chart",
        site=site,
        chart_id=chart_id,
        title=title,
        bars=bars,
        column=column,
        unit=site.t(unit),
        width=CHART_WIDTH,
        height=BAR_HEIGHT * len(data) + 10,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )
