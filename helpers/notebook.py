"""What a notebook needs beyond data: showing charts so that their files can be published from
the executed notebook, without the kernel writing anything to disk."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from IPython.display import HTML, display

if TYPE_CHECKING:  # charts load with the views a notebook imports first
    from helpers.present.charts import Chart


def show(charts: Iterable[Chart], none: str = "", lead: object = None) -> None:
    """Display each chart (SVG for the page, PNG for people who save images, its data attached);
    when there is none, the sentence none says so (if given). lead, if given, is displayed before
    the first chart, and not at all when there is none: a section that only charts fill (its
    heading) is left out with them. Returns nothing, so the cell shows only the charts."""
    shown = 0
    for chart in charts:
        if not shown and lead is not None:
            display(lead)
        display(chart)
        shown += 1
    if not shown and none:
        display(HTML(f"<p>{html.escape(none)}</p>"))
