"""The rule about one figure stated several times: every statement gives the same number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from helpers.checks.findings import (
    CEILINGS,
    FLOORS,
    LOOSE,
    findings,
    grouped,
    loose_words,
    lowered,
    part_suffix,
    with_qualified_ends,
)
from helpers.checks.registry import rule
from helpers.formatting import QUALIFIER_WORDS, amounts

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


# a figure given in the issuer's own words (not rounded by "more than", "up to", "about"): the
# reference a restatement is measured against, where one is given
PLAIN = pl.col("qualifier").is_in(["exact", "at_least", "between"])
# a statement whose number is not its reference's (null where either is unknown)
UNLIKE = (pl.col("lo") != pl.col("rlo")) | (pl.col("hi") != pl.col("rhi"))


def _allows(qualifier: str, q_lo: str, q_hi: str, lo: str, hi: str) -> pl.Expr:
    """Whether rounding words (qualifier in LOOSE, allowing q_lo to q_hi) allow a count given by its
    ends lo and hi, all of it: "more than 28,000" allows 28,563 but not 28,000, "about 500" allows
    490 but not 459–591. Null where an end is unknown."""
    low_allowed = (
        pl.when(pl.col(qualifier) == "more_than")
        .then(pl.col(lo) > pl.col(q_lo))
        .otherwise(pl.col(q_lo) <= pl.col(lo))
    )
    return pl.col(qualifier).is_in(LOOSE) & low_allowed & (pl.col(hi) <= pl.col(q_hi))


def _names_end(qualifier: str, lo: str, hi: str, other_lo: str, other_hi: str) -> pl.Expr:
    """Whether a bound on one number (a floor, FLOORS, or a ceiling, CEILINGS) names the end of
    the other count's range on its side: "at least 459" or "more than 459" its low end, "up to
    591" its high end, of 459–591. Null where an end is unknown."""
    side = (pl.col(qualifier).is_in(FLOORS) & (pl.col(lo) == pl.col(other_lo))) | (
        pl.col(qualifier).is_in(CEILINGS) & (pl.col(hi) == pl.col(other_hi))
    )
    return (pl.col(lo) == pl.col(hi)) & (pl.col(other_lo) < pl.col(other_hi)) & side


def _agrees_in_words() -> pl.Expr:
    """Whether a statement that gives another number than its reference (columns r…) says the same
    figure less precisely, read either way round: rounding words of one allow the other's number,
    or a bound on one number names the end of the other's range on its side."""
    return pl.any_horizontal(
        _allows("qualifier", "q_lo", "q_hi", "rlo", "rhi").fill_null(False),
        _allows("rqualifier", "rq_lo", "rq_hi", "lo", "hi").fill_null(False),
        _names_end("qualifier", "lo", "hi", "rlo", "rhi").fill_null(False),
        _names_end("rqualifier", "rlo", "rhi", "lo", "hi").fill_null(False),
    )


def _why(given: pl.DataFrame) -> pl.Series:
    """For each statement in `given` (with its reference's columns, r…), why it agrees with its
    reference or does not, where the qualifier of either decides it: "the low end of 459–591, given
    as a floor", "its words allow 28,563", "within the “more than 28,000” that X gives", "not the
    low end of 459–591". Null where the two give the same number, and where two plain numbers
    differ (the numbers say it), as a Series."""
    reference = amounts(given["rlo"], given["rhi"])
    words = given["rqualifier"].replace_strict(QUALIFIER_WORDS, default="", return_dtype=pl.String)
    theirs = pl.concat_str(
        [pl.lit("the “"), pl.lit(words), pl.lit(reference), pl.lit("” that "), pl.col("rcarrier")]
    )
    gives = pl.lit(" gives")
    floor, their_floor = pl.col("qualifier").is_in(FLOORS), pl.col("rqualifier").is_in(FLOORS)
    single, ranged = pl.col("lo") == pl.col("hi"), pl.col("lo") < pl.col("hi")
    r_single, r_ranged = pl.col("rlo") == pl.col("rhi"), pl.col("rlo") < pl.col("rhi")
    why = (
        pl.when(~UNLIKE.fill_null(False))
        .then(pl.lit(None, dtype=pl.String))
        .when(_names_end("qualifier", "lo", "hi", "rlo", "rhi").fill_null(False))
        .then(
            pl.concat_str(
                [
                    pl.lit("the "),
                    pl.when(floor).then(pl.lit("low")).otherwise(pl.lit("high")),
                    pl.lit(" end of "),
                    pl.lit(reference),
                    pl.lit(", given as a "),
                    pl.when(floor).then(pl.lit("floor")).otherwise(pl.lit("ceiling")),
                ]
            )
        )
        .when(_names_end("rqualifier", "rlo", "rhi", "lo", "hi").fill_null(False))
        .then(
            pl.concat_str(
                [
                    pl.lit("its "),
                    pl.when(their_floor).then(pl.lit("low")).otherwise(pl.lit("high")),
                    pl.lit(" end is "),
                    theirs,
                    gives,
                ]
            )
        )
        .when(_allows("qualifier", "q_lo", "q_hi", "rlo", "rhi").fill_null(False))
        .then(pl.concat_str([pl.lit("its words allow "), pl.lit(reference)]))
        .when(_allows("rqualifier", "rq_lo", "rq_hi", "lo", "hi").fill_null(False))
        .then(pl.concat_str([pl.lit("within "), theirs, gives]))
        .when(pl.col("qualifier").is_in(LOOSE))
        .then(pl.concat_str([pl.lit("its words do not allow "), pl.lit(reference)]))
        .when(pl.col("rqualifier").is_in(LOOSE))
        .then(pl.concat_str([pl.lit("outside "), theirs, gives]))
        .when((single & floor & r_ranged).fill_null(False))
        .then(pl.concat_str([pl.lit("not the low end of "), pl.lit(reference)]))
        .when((r_single & their_floor & ranged).fill_null(False))
        .then(pl.concat_str([pl.lit("its low end is not "), theirs, gives]))
    )
    return given.select(why.alias("why")).to_series()


@rule
def restated_values_agree(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """One finding per thing stated more than once (same subject_key), in order of first statement:
    the reference is the report's own carrier (else the first statement), a plain figure (PLAIN)
    preferred, and every value given is listed with who gives it.

    A statement agrees with the reference when the two give the same number, whatever their
    qualifiers ("at least 459" restating 459, or 459 restating "at least 459": the same number, one
    said as a floor; whether a page drops or adds "at least" is not what this rule asks), or when
    one says the other's figure less precisely, read either way round (the reference may be the
    less precise one):
    - rounding words ("more than 28,000", "up to 51", "about 400": LOOSE) allow all of the other's
      number: "more than 28,000" agrees with 28,563, "about 500" (5 % either way) not with 459–591;
    - a bound on one number names the end of the other's range on its side: a floor ("at least
      459", "more than 459": beside a range "more than" is read as a floor, as "at least" is) its
      low end, a ceiling ("up to 591") its high end. "At least 459" and "up to 591" are 459–591
      said less precisely; "at least 400" is a different number, though 459–591 is at least 400.
    Otherwise they disagree: "at least" is the issuer's own floor, so "at least 400" against "at
    least 459" or 459 disagrees (for a running total a lower floor is a fall), and a range agrees
    only with the same range or a bound on its end (1,150–1,200 against 1,200 disagrees, by 50: the
    difference is the largest gap between the ends of the deviating statements and the
    reference's). The observed values say why wherever a qualifier decides it ("at least 459
    (AP, paragraph 2): the low end of 459–591, given as a floor"; "at least 400 (…): not the low end
    of 459–591"). Returns a findings() frame, or an empty list when nothing is stated twice."""
    ids = figures.statement_ids
    restated = figures.frame.filter(pl.Series((np.bincount(ids)[ids] > 1) & (ids > 0)))
    if restated.is_empty():
        return []
    restated = (
        with_qualified_ends(restated)
        .select(
            "subject_key",
            "figure_id",
            "lo",
            "hi",
            "q_lo",
            "q_hi",
            "qualifier",
            "carried_by",
            "carrier_name",
            "locator",
            "evidence",
            "is_primary",
            "report_id",
            "report_name",
            "metric_label",
            "governorate_pcode",
            "breakdown",
            "geography_as_written",
            "interpretation",
        )
        .with_row_index("i")
    )
    subjects = grouped(
        restated,
        "subject_key",
        {"figure_ids": (pl.col("figure_id"), "; "), "evidence": (pl.col("evidence"), " | ")},
        ref=pl.coalesce(
            pl.col("i").filter(pl.col("is_primary") & PLAIN).first(),
            pl.col("i").filter(pl.col("is_primary")).first(),
            pl.col("i").filter(PLAIN).first(),
            pl.col("i").first(),
        ),
    )
    references = restated[subjects["ref"]].with_columns(
        own=pl.col("carried_by") == pl.col("report_id")
    )
    reference_columns = {
        "rown": ("own", pl.Boolean),
        "rlo": ("lo", pl.Float64),
        "rhi": ("hi", pl.Float64),
        "rq_lo": ("q_lo", pl.Float64),
        "rq_hi": ("q_hi", pl.Float64),
        "rqualifier": ("qualifier", pl.String),
        "rcarrier": ("carrier_name", pl.String),
    }
    restated = restated.with_columns(
        **{
            name: pl.col("subject_key").replace_strict(
                subjects["subject_key"], references[column], return_dtype=dtype, default=None
            )
            for name, (column, dtype) in reference_columns.items()
        }
    )
    given = restated.filter(pl.col("lo").is_not_null() & pl.col("hi").is_not_null())
    given = given.with_columns(why=_why(given))
    # a number keeps the words that change how it reads ("up to 150", "about 210"); "at least"
    # too where the words decide the agreement
    said = pl.concat_str(
        [
            pl.when(pl.col("why").is_not_null())
            .then(
                pl.col("qualifier").replace_strict(
                    QUALIFIER_WORDS, default="", return_dtype=pl.String
                )
            )
            .otherwise(loose_words("qualifier")),
            pl.lit(amounts(given["lo"], given["hi"])),
        ]
    )
    given = given.with_columns(said=said)
    who = pl.concat_str([pl.col("carrier_name"), pl.lit(", "), pl.col("locator")])
    values = grouped(given, ["subject_key", "lo", "hi", "said", "why"], {"who": (who, "; ")})
    values = values.with_columns(
        text=pl.concat_str(
            [
                pl.col("said"),
                pl.lit(" ("),
                pl.col("who"),
                pl.lit(")"),
                pl.when(pl.col("why").is_not_null())
                .then(pl.concat_str([pl.lit(": "), pl.col("why")]))
                .otherwise(pl.lit("")),
            ]
        )
    )
    per_subject = grouped(
        values, "subject_key", {"observed": (pl.col("text"), "; ")}, nvalues=pl.len()
    )
    differs = pl.col("rlo").is_not_null() & UNLIKE & ~_agrees_in_words()
    # who misprinted it is known only against the issuer's own text, or where more pages print
    # the reference's number than another: one page against one other blames neither
    blamable = pl.col("rown").fill_null(False) | ((~differs).sum() > differs.sum())
    deviations = grouped(
        given,
        "subject_key",
        {"blamed": (pl.col("figure_id").filter(differs & blamable), "; ")},
        maxdev=pl.max_horizontal(
            (pl.col("lo") - pl.col("rlo")).abs(), (pl.col("hi") - pl.col("rhi")).abs()
        )
        .filter(differs)
        .max(),
        ndiffer=differs.sum(),
    )
    subjects = (
        subjects.with_columns(rlo=references["lo"])
        .join(per_subject, on="subject_key", how="left", maintain_order="left")
        .join(deviations, on="subject_key", how="left", maintain_order="left")
    )
    label, report = lowered(references["metric_label"]), references["report_id"]
    named = references["report_name"]
    place = part_suffix(pkg, references)
    return findings(
        subjects.select(
            subject=pl.concat_str([report, pl.lit(": "), label, place]),
            statement=pl.concat_str(
                [
                    pl.lit("Every statement of "),
                    label,
                    pl.lit(" in "),
                    named,
                    pl.lit(" gives the same number"),
                ]
            ),
            # with no one to blame, no page's number is the one expected
            expected=pl.when(
                (pl.col("ndiffer").fill_null(0) > 0) & (pl.col("blamed").fill_null("") == "")
            )
            .then(pl.lit("one number on every page (the issuer's own text is not held)"))
            .otherwise(
                pl.concat_str(
                    [
                        references.select(loose_words("qualifier")).to_series(),
                        amounts(references["lo"], references["hi"]),
                        pl.lit(" (as "),
                        references["carrier_name"],
                        pl.lit(" gives it)"),
                    ]
                )
            ),
            observed=pl.col("observed").fill_null(""),
            difference=pl.when(pl.col("rlo").is_not_null()).then(pl.col("maxdev").fill_null(0)),
            ok=(pl.col("nvalues").fill_null(0) == 1) | (pl.col("ndiffer").fill_null(0) == 0),
            figure_ids="figure_ids",
            evidence="evidence",
            blamed=pl.col("blamed").fill_null(""),
            # a disagreement laid on no page is a caveat: flagged, never a failure of anyone's
            caveat=pl.col("blamed").fill_null("") == "",
        )
    )
