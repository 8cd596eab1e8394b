"""The rule about comparisons (comparisons.csv): a ratio of two figures is like for like only when
both cover the same places and period; and ratio_shown(), the ratio as a reader reads it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks import effective
from helpers.checks.effective import coverage_mismatches
from helpers.checks.findings import finding, with_ends, worded
from helpers.checks.registry import rule
from helpers.formatting import RANGE_DASH, amount

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


def ratio_shown(a: tuple[Any, Any], b: tuple[Any, Any]) -> str:
    """a / b for counts given as (low, high), as a reader reads it: "2,832 / 1,114 = 2.54"; with a
    range, the least and the most it can be ("1,150–1,200 / 1,114 = 1.03–1.08"); when the
    denominator may be 0, only the least ("… = 1.2 or more"); when it can only be 0, undefined.
    Returns that text."""
    terms = f"{amount(*a)} / {amount(*b)} = "
    if None in (*a, *b):
        return terms + "n/a"
    bounds = effective.ratio_bounds(a, b)
    if bounds is None:
        return terms + "undefined (the denominator is 0)"
    least, most = (None if ratio is None else f"{ratio:.3g}" for ratio in bounds)
    if most is None:
        return terms + f"{least} or more (the denominator may be 0)"
    return terms + (least if least == most else f"{least}{RANGE_DASH}{most}")


@rule
def comparable_coverage(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per row of comparisons.csv whose two figures are both among the figures, in file
    order: the ratio (a range when a term is a range), and whether the two cover the same places
    and period. Returns finding() dicts."""
    out = []
    comparisons = pkg.frames["comparisons"]
    terms = pl.concat([comparisons["numerator"], comparisons["denominator"]]).unique()
    wanted = with_ends(figures.frame).filter(pl.col("figure_id").is_in(terms.implode()))
    by_id = {row["figure_id"]: row for row in wanted.iter_rows(named=True)}
    for comparison in comparisons.iter_rows(named=True):
        if comparison["numerator"] not in by_id or comparison["denominator"] not in by_id:
            continue
        numerator, denominator = by_id[comparison["numerator"]], by_id[comparison["denominator"]]
        mismatches = coverage_mismatches(numerator, denominator)
        shown = ratio_shown(
            (numerator["lo"], numerator["hi"]), (denominator["lo"], denominator["hi"])
        )
        out.append(
            finding(
                comparison["comparison_id"],
                worded(pkg, comparison["label"]),
                "the same places and period",
                shown + ("; " + "; ".join(mismatches) if mismatches else "; like for like"),
                None,
                not mismatches,
                [comparison["numerator"], comparison["denominator"]],
                f"{numerator['evidence']} | {denominator['evidence']}",
            )
        )
    return out
