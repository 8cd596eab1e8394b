"""Rules about parts and wholes: the parts of a total add up to it, and a subset is no larger than
the whole it belongs to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks import effective
from helpers.checks.findings import (
    findings,
    grouped,
    lowered,
    part_labels,
    part_phrase,
    part_suffix,
    range_gap,
    spelled,
    with_ends,
)
from helpers.checks.registry import rule
from helpers.formatting import amounts, labelled_amount, per_value, singular

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


@rule
def parts_sum_to_total(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """One finding per (report, metric) with at least two parts and a total, in order of report and
    metric: the parts (governorates, or the groups of check["dimension"]) add up to the total. With
    a range among them, the parts' sum is a range too, and they add up when it meets the total's.
    Returns a findings() frame, or an empty list when no total has parts."""
    dimension = check["dimension"]
    if dimension == "governorate":
        is_part = pl.col("governorate_pcode").is_not_null() & pl.col("breakdown").is_null()
    else:
        is_part = (
            pl.col("breakdown").str.starts_with(dimension + ":").fill_null(False)
            & pl.col("governorate_pcode").is_null()
        )
    parts = with_ends(figures.statements.filter(is_part))
    if dimension == "governorate" and not parts.is_empty():
        # a governorate is a part of a total that covers its country only: a report counting in
        # two countries holds each country's governorates against its own total, never another's
        covered = parts.join(
            figures.totals.select("report_id", "metric", "total_geography"),
            on=["report_id", "metric"],
            how="left",
            maintain_order="left",
        )
        parts = parts.filter(
            pl.Series(
                [
                    total is None or place is None or set(place.split("+")) <= set(total.split("+"))
                    for place, total in zip(
                        covered["eff_geography"].to_list(),
                        covered["total_geography"].to_list(),
                        strict=True,
                    )
                ],
                dtype=pl.Boolean,
            )
        )
    if parts.is_empty():
        return []
    interpreted = (
        (
            parts["governorate_pcode"].is_not_null()
            & ~spelled(pkg, parts["geography_as_written"], parts["governorate_pcode"])
        )
        if dimension == "governorate"
        else pl.Series([False] * len(parts))
    )
    parts = parts.with_columns(
        term=pl.concat_str(
            [part_labels(pkg, parts), pl.lit(" "), amounts(parts["lo"], parts["hi"])]
        ),
        interp=interpreted,
        unread=interpreted & parts["interpretation"].is_null(),
    )
    ends = {end: pl.col(end).fill_null(0) for end in ("lo", "hi")}
    sums = {
        **{f"s{end}": column.sum() for end, column in ends.items()},
        **{f"i{end}": column.filter(pl.col("interp")).sum() for end, column in ends.items()},
    }
    groups = grouped(
        parts,
        ["report_id", "metric"],
        {"terms": (pl.col("term"), " + "), "ids": (pl.col("figure_id"), "; ")},
        n=pl.len(),
        **sums,
        interpreted=pl.col("interp").sum(),
        unrecorded=pl.col("unread").sum(),
        report_name=pl.col("report_name").first(),
    )
    totals = (
        groups.filter(pl.col("n") >= 2)
        .sort("report_id", "metric")
        .join(figures.totals, on=["report_id", "metric"], how="inner", maintain_order="left")
    )
    if totals.is_empty():
        return []
    words = effective.dimension_words(pkg, dimension)
    label = lowered(totals["metric_label"])
    parts_sum = amounts(totals["slo"], totals["shi"])
    total = amounts(totals["lo"], totals["hi"])
    without = amounts(totals["slo"] - totals["ilo"], totals["shi"] - totals["ihi"])
    read_into = pl.when(totals["interpreted"] == 1).then(pl.lit("part")).otherwise(pl.lit("parts"))
    # read by a recorded interpretation, or placed where the source's name does not say, with
    # nothing recorded to say why
    how = (
        pl.when(totals["unrecorded"] > 0)
        .then(pl.lit(" whose place name is no spelling of the place it is counted in"))
        .otherwise(pl.lit(" read by interpretation"))
    )
    note = (
        pl.when(totals["interpreted"] > 0)
        .then(
            pl.concat_str(
                [
                    pl.lit(" Without the "),
                    read_into,
                    how,
                    pl.lit(", the sum is "),
                    without,
                    pl.lit("."),
                ]
            )
        )
        .otherwise(pl.lit(""))
    )
    gap = range_gap(pl.col("slo"), pl.col("shi"), pl.col("lo"), pl.col("hi"))
    return findings(
        totals.select(
            subject=pl.concat_str(
                [pl.col("report_id"), pl.lit(": "), label, pl.lit(f" by {words}")]
            ),
            statement=pl.concat_str(
                [
                    pl.lit("The counts of "),
                    label,
                    pl.lit(f" by {words} in "),
                    pl.col("report_name"),
                    pl.lit(" add up to the report's total"),
                ]
            ),
            expected=total,
            observed=parts_sum,
            difference=gap,
            ok=gap == 0,
            figure_ids=pl.concat_str([pl.col("figure_id"), pl.lit("; "), pl.col("ids")]),
            evidence=pl.concat_str(
                [
                    pl.col("terms"),
                    pl.lit(" = "),
                    parts_sum,
                    pl.lit("; total "),
                    total,
                    pl.lit("."),
                    note,
                ]
            ),
        )
    )


@rule
def subset_within_total(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """For each whole (in file order): one finding per subset of it (children within civilians; in
    file order), then, if it has several, one for the subsets together. With ranges, a subset
    exceeds its whole only if its low is above the whole's high (expected: "at most" the whole as
    given). Returns a findings() frame, or an empty list when no whole has a subset."""
    statements = with_ends(figures.statements)
    subsets = statements.filter(pl.col("subset_of").is_not_null())
    wholes = statements.filter(pl.col("metric").is_in(subsets["subset_of"].unique().implode()))
    if wholes.is_empty() or subsets.is_empty():
        return []
    # and the metric: the whole's own, the subset's subset_of; of one period and place (children
    # killed over five years are no part of civilians killed in one of them)
    key = [
        "report_id",
        "governorate_pcode",
        "breakdown",
        "eff_period_start",
        "eff_period_end",
        "eff_geography",
    ]
    whole_keys = wholes.select(*key, "metric").with_row_index("pos_w")
    subset_keys = subsets.select(*key, pl.col("subset_of").alias("metric")).with_row_index("pos_p")
    matches = (
        whole_keys.join(subset_keys, on=[*key, "metric"], nulls_equal=True)
        .select("pos_w", "pos_p")
        .sort("pos_w", "pos_p")
    )
    if matches.is_empty():
        return []
    # each whole once, however many subsets it has
    used = wholes[matches["pos_w"].unique(maintain_order=True)]
    whole_of_pair = used.select(
        "report_id",
        "report_name",
        "metric_label",
        "lo",
        "hi",
        "figure_id",
        "evidence",
        "breakdown",
        place=part_suffix(pkg, used),
        part=part_phrase(pkg, used),
    )[matches["pos_w"].rank("dense") - 1]
    subset_of_pair = subsets.select("metric_label", "lo", "hi", "figure_id", "evidence")[
        matches["pos_p"]
    ]
    whole = amounts(whole_of_pair["lo"], whole_of_pair["hi"])
    pairs = pl.DataFrame(
        {
            "pos_w": matches["pos_w"],
            "after": 0,
            "report_id": whole_of_pair["report_id"],
            "plabel": subset_of_pair["metric_label"],
            "wlabel": lowered(whole_of_pair["metric_label"]),
            "wone": per_value(lowered(whole_of_pair["metric_label"]), singular, nulls=False),
            "place": whole_of_pair["place"],
            "where": pl.select(
                pl.concat_str(
                    [
                        pl.lit("In "),
                        whole_of_pair["report_name"],
                        whole_of_pair["part"],
                        pl.lit(", "),
                    ]
                )
            ).to_series(),
            "at_most": per_value(whole, lambda shown: f"at most {shown}"),
            "wlo": whole_of_pair["lo"],
            "whi": whole_of_pair["hi"],
            "whole": whole,
            "plo": subset_of_pair["lo"],
            "phi": subset_of_pair["hi"],
            "wid": whole_of_pair["figure_id"],
            "pid": subset_of_pair["figure_id"],
            "pev": subset_of_pair["evidence"],
            "wev": whole_of_pair["evidence"],
            "breakdown": whole_of_pair["breakdown"],
            "plower": lowered(subset_of_pair["metric_label"]),
            "pone": per_value(lowered(subset_of_pair["metric_label"]), singular, nulls=False),
            "pvnum": amounts(subset_of_pair["lo"], subset_of_pair["hi"]),
        }
    )
    gap = range_gap(pl.col("plo"), pl.col("phi"), pl.col("wlo"), pl.col("whi"))
    out = pairs.select(
        "pos_w",
        "after",
        subject=pl.concat_str(
            [
                pl.col("report_id"),
                pl.lit(": "),
                pl.col("plower"),
                pl.lit(" within "),
                pl.col("wlabel"),
                pl.col("place"),
            ]
        ),
        statement=pl.concat_str(
            [pl.col("where"), pl.col("plower"), pl.lit(" are no more than "), pl.col("wlabel")]
        ),
        expected="at_most",
        observed="pvnum",
        difference=gap,
        ok=gap <= 0,
        figure_ids=pl.concat_str([pl.col("pid"), pl.lit("; "), pl.col("wid")]),
        evidence=pl.concat_str([pl.col("pev"), pl.lit(" | "), pl.col("wev")]),
    )
    # several subsets of one whole: together no more than the whole
    first_of_whole = (
        "report_id",
        "wlabel",
        "place",
        "at_most",
        "wlo",
        "whi",
        "whole",
        "wone",
        "wid",
        "breakdown",
        "where",
    )
    together = grouped(
        pairs,
        "pos_w",
        {
            "names": (pl.col("plower"), " and "),
            "plus": (labelled_amount(pl.col("pvnum"), pl.col("plower"), pl.col("pone")), " + "),
            "pids": (pl.col("pid"), "; "),
        },
        n=pl.len(),
        plo=pl.col("plo").sum(),
        phi=pl.col("phi").sum(),
        **{column: pl.col(column).first() for column in first_of_whole},
    ).filter(pl.col("n") > 1)
    if not together.is_empty():
        subsets_sum = amounts(together["plo"], together["phi"])
        out = pl.concat(
            [
                out,
                together.select(
                    "pos_w",
                    after=pl.lit(1),
                    subject=pl.concat_str(
                        [
                            pl.col("report_id"),
                            pl.lit(": "),
                            pl.col("names"),
                            pl.lit(" together"),
                            pl.when(pl.col("breakdown").is_not_null())
                            .then(pl.col("place"))
                            .otherwise(pl.lit("")),
                        ]
                    ),
                    statement=pl.concat_str(
                        [
                            pl.col("where"),
                            pl.col("names"),
                            pl.lit(" together are no more than "),
                            pl.col("wlabel"),
                        ]
                    ),
                    expected="at_most",
                    observed=subsets_sum,
                    difference=gap,
                    ok=gap <= 0,
                    figure_ids=pl.concat_str([pl.col("pids"), pl.lit("; "), pl.col("wid")]),
                    evidence=pl.concat_str(
                        [
                            pl.col("plus"),
                            pl.lit(" = "),
                            subsets_sum,
                            pl.lit(", against "),
                            labelled_amount(pl.col("whole"), pl.col("wlabel"), pl.col("wone")),
                            pl.lit("."),
                        ]
                    ),
                ),
            ],
            how="vertical_relaxed",
        )
    return findings(out.sort("pos_w", "after", maintain_order=True))
