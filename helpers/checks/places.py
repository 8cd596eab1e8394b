"""The rule about places: the place a source writes is a known spelling of the governorate it is
coded to; and spelling_of(), the same test for one name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks.findings import (
    findings,
    governorate_names,
    normalised,
    spelled,
    spellings,
    worded,
)
from helpers.checks.registry import rule
from helpers.formatting import per_value

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


def spelling_of(pkg: Package, written: object, pcode: str) -> bool:
    """Whether `written` is one of the known spellings of this governorate (English, Arabic,
    variants)."""
    return f"{pcode}|{normalised(written)}" in spellings(pkg)


def read_by_interpretation(pkg: Package, written: object, pcode: str) -> bool:
    """Whether the source wrote this governorate's place in words that are none of its spellings
    (a place it did not write out is the governorate itself: no words of the source's to show)."""
    return isinstance(written, str) and bool(written) and not spelling_of(pkg, written, pcode)


def other_governorates(pkg: Package, written: object, pcode: object) -> str | None:
    """The English names of the governorates other than pcode's that `written` is a known spelling
    of ("Deir-ez-Zor" for "Deir ez-Zor" coded to Ar-Raqqa), joined with " or "; None when it spells
    none of them (or nothing is written)."""
    if written is None:
        return None
    key = normalised(written)
    names = governorate_names(pkg)
    others = [names[code] for code in names if code != pcode and f"{code}|{key}" in spellings(pkg)]
    return " or ".join(others) or None


@rule
def place_name_matches_pcode(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """One finding per figure placed in a governorate, in file order: the place as the source writes
    it is a known spelling of that governorate. A name that is a spelling of another governorate,
    with no interpretation recorded, fails; any other (read by a recorded interpretation, or a
    spelling the registry lacks) is a warning.
    Returns a findings() frame, or an empty list when no figure is placed in a governorate."""
    placed = figures.frame.select(
        "governorate_pcode",
        "geography_as_written",
        "interpretation",
        "figure_id",
        "carrier_name",
        "evidence",
    ).filter(pl.col("governorate_pcode").is_not_null())
    if placed.is_empty():
        return []
    names = governorate_names(pkg)
    pcode = placed["governorate_pcode"]
    name = pcode.replace(list(names), list(names.values()))
    written = placed["geography_as_written"]
    quoted = pl.concat_str([pl.lit("“"), written, pl.lit("”")])
    ok = spelled(pkg, written, pcode)
    interpreted = placed["interpretation"].is_not_null()
    # the governorates the name is a known spelling of instead ("Deir ez-Zor" coded to Ar-Raqqa)
    elsewhere = pl.Series(
        [
            None if spelt else other_governorates(pkg, name, code)
            for spelt, name, code in zip(ok, written, pcode, strict=True)
        ],
        dtype=pl.String,
    )
    reading = per_value(placed["interpretation"], lambda text: worded(pkg, text), nulls=False)
    tail = (
        pl.when(ok)
        .then(pl.lit(""))
        .when(interpreted)
        .then(pl.concat_str([pl.lit(" | Our reading: "), reading]))
        .otherwise(pl.lit(" | No interpretation recorded."))
    )
    statement = (
        pl.when(written.is_not_null())
        .then(
            pl.concat_str(
                [
                    quoted,
                    pl.lit(", as "),
                    placed["carrier_name"],
                    pl.lit(" writes it, is a spelling of "),
                ]
            )
        )
        .otherwise(pl.concat_str([placed["carrier_name"], pl.lit(" writes a spelling of ")]))
    )
    out = findings(
        placed.select(
            subject="figure_id",
            statement=pl.concat_str([statement, name]),
            expected=pl.concat_str([pl.lit("a spelling of "), name]),
            # what was found, in words that do not contradict the status beside them
            observed=pl.when(ok)
            .then(quoted)
            .when(elsewhere.is_not_null() & interpreted)
            .then(
                pl.concat_str(
                    [quoted, pl.lit(": a spelling of "), elsewhere, pl.lit("; read as "), name]
                )
            )
            .when(elsewhere.is_not_null())
            .then(
                pl.concat_str(
                    [quoted, pl.lit(": a spelling of "), elsewhere, pl.lit(", not of "), name]
                )
            )
            .when(interpreted)
            .then(pl.concat_str([quoted, pl.lit(": no known spelling; read as "), name]))
            .otherwise(pl.concat_str([quoted, pl.lit(": no known spelling of "), name]))
            .fill_null("no place name written"),
            difference=pl.lit(None, dtype=pl.Float64),
            ok=ok,
            figure_ids="figure_id",
            evidence=pl.concat_str([pl.col("evidence"), tail]),
        )
    )
    # a name that spells another governorate, with nothing recorded to say why it is not counted
    # there, puts the figure in the wrong place: a failure; any other name that is no known
    # spelling (read by a recorded interpretation, or a spelling the registry lacks) a caveat
    return out.with_columns(
        status=pl.when(ok)
        .then(pl.col("status"))
        .when(elsewhere.is_not_null() & ~interpreted)
        .then(pl.lit("fail"))
        .otherwise(pl.lit("warning"))
    )
