"""What a notebook needs beyond data: showing charts so that their files can be published from the
executed notebook, without the kernel writing anything to disk."""

from __future__ import annotations

from IPython.display import display


def show(charts) -> None:
    """Display each chart (SVG for the page, PNG for people who save images, its data attached)."""
    for chart in charts:
        display(chart)
