"""The rule about one figure stated several times: every statement gives the same number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from helpers.checks.findings import findings, grouped, lowered, part_suffix, with_qualified_ends
from helpers.checks.registry import rule
from helpers.formatting import amounts

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


# a figure given in the issuer's own words (not rounded by "more than", "up to", "about"): the
# reference a restatement is measured against, where one is given
PLAIN = pl.col("qualifier").is_in(["exact", "at_least", "between"])


@rule
def restated_values_agree(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """One finding per thing stated more than once (same subject_key), in order of first statement:
    the reference is the report's own carrier (else the first statement), and every value given is
    listed with who gives it. A figure whose words round it ("more than 28,000", "up to 51", "about
    400") agrees with any reference its words allow, and a plain figure is preferred as the
    reference. A range agrees only with the same range: 1,150–1,200 against 1,200
    disagrees, by 50 (the difference is the largest gap between their ends). Returns a findings()
    frame, or an empty list when nothing is stated twice."""
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
    references = restated[subjects["ref"]]
    restated = restated.with_columns(
        **{
            f"r{end}": pl.col("subject_key").replace_strict(
                subjects["subject_key"], references[end], return_dtype=pl.Float64, default=None
            )
            for end in ("lo", "hi")
        }
    )
    given = restated.filter(pl.col("lo").is_not_null() & pl.col("hi").is_not_null())
    who = pl.concat_str([pl.col("carrier_name"), pl.lit(", "), pl.col("locator")])
    values = grouped(given, ["subject_key", "lo", "hi"], {"who": (who, "; ")})
    values = values.with_columns(
        text=pl.concat_str(
            [amounts(values["lo"], values["hi"]), pl.lit(" ("), pl.col("who"), pl.lit(")")]
        )
    )
    per_subject = grouped(
        values, "subject_key", {"observed": (pl.col("text"), "; ")}, nvalues=pl.len()
    )
    # "more than 28,000", "up to 51", "about 400" agree with any number their words allow
    in_words = (
        pl.col("qualifier").is_in(["more_than", "up_to", "about"])
        & pl.when(pl.col("qualifier") == "more_than")
        .then(pl.col("rlo") > pl.col("lo"))
        .otherwise(pl.col("q_lo") <= pl.col("rlo"))
        & (pl.col("rhi") <= pl.col("q_hi"))
    ).fill_null(False)
    differs = (
        pl.col("rlo").is_not_null()
        & ((pl.col("lo") != pl.col("rlo")) | (pl.col("hi") != pl.col("rhi")))
        & ~in_words
    )
    deviations = grouped(
        given,
        "subject_key",
        {"blamed": (pl.col("figure_id").filter(differs), "; ")},
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
            expected=pl.concat_str(
                [
                    amounts(references["lo"], references["hi"]),
                    pl.lit(" (as "),
                    references["carrier_name"],
                    pl.lit(" gives it)"),
                ]
            ),
            observed=pl.col("observed").fill_null(""),
            difference=pl.when(pl.col("rlo").is_not_null()).then(pl.col("maxdev").fill_null(0)),
            ok=(pl.col("nvalues").fill_null(0) == 1) | (pl.col("ndiffer").fill_null(0) == 0),
            figure_ids="figure_ids",
            evidence="evidence",
            blamed=pl.col("blamed").fill_null(""),
        )
    )
