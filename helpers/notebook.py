"""What a notebook needs beyond data: showing charts so that their files can be published from
the executed notebook, without the kernel writing anything to disk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from IPython.display import display

if TYPE_CHECKING:  # charts load with the views a notebook imports first
    from helpers.present.charts import Chart


def show(charts: Iterable[Chart]) -> None:
    """Display each chart (SVG for the page, PNG for people who save images, its data attached);
    returns nothing, so the cell shows only the charts."""
    for chart in charts:
        display(chart)
