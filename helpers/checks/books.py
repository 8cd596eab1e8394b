"""The rules about an issuer's own books of reports: a release's counts of one month balance (the
reports open at its start, plus those received, less those assessed, are those still open at its
end: metrics.csv's `balance`), and what a release carries over is what the release before it left
open (metrics.csv's `carried_from`). Both are caveats, never failures of a page: the numbers are the
issuer's, as the pages that carry them print them, and which of them is wrong is not known."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks.effective import CADENCE_MONTHS, series_cadences, series_noun
from helpers.checks.findings import finding, with_ends
from helpers.checks.registry import rule
from helpers.checks.series import month_index, month_text, worded_for
from helpers.data import periods
from helpers.data.rowrules import balance_terms
from helpers.formatting import QUALIFIER_WORDS, amount, and_list

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package

# what a figure of a release is read by here: one exact number (a count "more than 344" is no
# term of a sum that must come out exactly)
EXACT = ("exact", None)


def _counts(figures: FigureSet) -> dict[tuple[str, str], dict[str, Any]]:
    """(report_id, metric) -> the report's first statement of that metric (FigureSet.totals: no
    place, no breakdown group), with its qualifier, place, month and evidence, for the issuers'
    own reports (not news articles' own claims)."""
    extra = figures.frame.select(
        "figure_id",
        "qualifier",
        "eff_geography",
        "eff_period_end",
        "report_kind",
        "report_name",
        "evidence",
    )
    totals = figures.totals.join(extra, on="figure_id", how="left", maintain_order="left").filter(
        (pl.col("report_kind") != "news_article").fill_null(True)
    )
    totals = totals.with_columns(month=periods.bound(totals["eff_period_end"], "last"))
    return {
        (row["report_id"], row["metric"]): {**row, "month": month_index(row["month"])}
        for row in totals.iter_rows(named=True)
    }


def _said(row: Mapping[str, Any]) -> str:
    """A count as a finding shows it: "522", or "more than 344" for one with a qualifier."""
    return QUALIFIER_WORDS.get(row["qualifier"] or "", "") + amount(row["lo"], row["hi"])


def _exact(row: Mapping[str, Any]) -> bool:
    return row["qualifier"] in EXACT and row["lo"] == row["hi"] and row["lo"] is not None


@rule
def books_balance(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per report (in the order of its count's first figure) that gives a metric with a
    balance in metrics.csv (reports still open = reports open at the start of the month + reports
    received − reports assessed) and every metric of that balance: the counts add up. A count
    given loosely ("more than 344") makes it not checkable. The figures are the report's first
    statement of each metric. Returns finding() dicts."""
    metrics = pkg.frames["metrics"]
    if "balance" not in metrics.columns:
        return []
    labels = dict(zip(metrics["metric"], metrics["label"], strict=True))
    balances = {
        metric: balance_terms(text)
        for metric, text in zip(metrics["metric"], metrics["balance"], strict=True)
        if text
    }
    counts = _counts(figures)
    out = []
    for (report_id, metric), total in counts.items():
        terms = balances.get(metric)
        if not terms or any((report_id, term) not in counts for _, term in terms):
            continue
        rows = [counts[(report_id, term)] for _, term in terms]
        sum_words = " ".join(
            f"{'−' if sign < 0 else '+'} {str.lower(labels[term])}" for sign, term in terms
        ).removeprefix("+ ")
        statement = f"In {total['report_name']}, {str.lower(labels[metric])} are {sum_words}"
        signed = [(sign, row) for (sign, _), row in zip(terms, rows, strict=True)]
        sum_text = " ".join(
            f"{'−' if sign < 0 else '+'} {_said(row)}" for sign, row in signed
        ).removeprefix("+ ")
        # the terms' sum, when each is one number; checked only against a count given exactly
        added = sum(sign * row["lo"] for sign, row in signed) if all(map(_exact, rows)) else None
        computed = added if _exact(total) else None
        expected = (
            f"{sum_text} = {amount(added, added)}"
            if computed is not None
            else f"not checkable: {sum_text} = {amount(added, added)}, against {_said(total)}"
            if added is not None
            else f"not checkable: {sum_text} is not one number"
        )
        ids = [total["figure_id"], *(row["figure_id"] for row in rows)]
        out.append(
            finding(
                f"{report_id}: {str.lower(labels[metric])}",
                statement,
                expected,
                _said(total),
                None if computed is None else total["lo"] - computed,
                None if computed is None else total["lo"] == computed,
                ids,
                " | ".join(dict.fromkeys(row["evidence"] for row in (total, *rows))),
                caveat=True,
            )
        )
    return out


@rule
def carried_matches_previous(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per release (of a series with a cadence) that gives a metric with a
    carried_from in metrics.csv (reports open at the start of the month: the reports still open
    that the release before left): it equals that count of the issuer's immediately previous
    release (the release of the series whose data run to the month before, by the series'
    cadence). Not checkable where that release, or its count, is not held, or a count is given
    loosely. Each printing of the carried count is a finding; where one of them agrees with what
    the release before left open, a printing that differs is blamed alone (KUNA's 522 bears out
    the 522 left open, so CIVIC's 524 is the one at fault); otherwise both counts are. Returns
    finding() dicts."""
    metrics = pkg.frames["metrics"]
    if "carried_from" not in metrics.columns:
        return []
    labels = dict(zip(metrics["metric"], metrics["label"], strict=True))
    carried = {
        metric: source
        for metric, source in zip(metrics["metric"], metrics["carried_from"], strict=True)
        if source
    }
    if not carried:
        return []
    series_of = _series_of_reports(figures, pkg)
    names = dict(zip(figures.frame["report_id"], figures.frame["report_name"], strict=True))
    cadences = series_cadences(pkg)
    counts = _counts(figures)
    reports = pkg.frames["reports"]
    # each report's own month (its data-through date), else that of its count; and its day out
    ends = periods.bound(reports["period_end"], "last").to_list()
    month_of = dict(zip(reports["report_id"], (month_index(end) for end in ends), strict=True))
    out_on = dict(
        zip(
            reports["report_id"], periods.bound(reports["published"], "last").to_list(), strict=True
        )
    )

    def month(row: Mapping[str, Any]) -> int | None:
        return month_of.get(row["report_id"]) or row["month"]

    out = []
    for (report_id, metric), opening in counts.items():
        source = carried.get(metric)
        series = series_of.get(report_id)
        step = CADENCE_MONTHS.get(cadences.get(series or "", ""), 0)
        when_month = month(opening)
        if source is None or not step or when_month is None:
            continue
        target = when_month - step
        # the series' releases of the month before; of several (a release and its correction),
        # the last out
        before = [
            rid for rid, of in series_of.items() if of == series and month_of.get(rid) == target
        ]
        previous = sorted(
            (
                row
                for (rid, kind), row in counts.items()
                if kind == source and series_of.get(rid) == series and month(row) == target
            ),
            key=lambda row: (
                out_on.get(row["report_id"]) is not None,
                out_on.get(row["report_id"]),
            ),
        )[-1:]
        says = functools.partial(worded_for, series_noun(pkg, series))
        label = str.lower(labels[metric])
        statement = f"The {label} in {opening['report_name']} are the " + says(
            f"{str.lower(labels[source])} in the release before"
        )
        when = periods.label(month_text(target))
        if not previous:
            why = says(
                f"not checkable: the release with data to {when} gives no "
                f"{str.lower(labels[source])} held here"
                if before
                else f"not checkable: the release with data to {when} is not held"
            )
            out.append(
                finding(
                    f"{report_id}: {label}",
                    statement,
                    why,
                    _said(opening),
                    None,
                    None,
                    [opening["figure_id"]],
                    opening["evidence"],
                )
            )
            continue
        closing = previous[-1]
        # each way the count is printed (a page printing 524 where another prints 522): what the
        # release before left open tells which agrees. Where one printing agrees with it, what it
        # left open is borne out, and a printing that differs is blamed alone
        printings = [opening, *_other_printings(figures, opening)]
        borne_out = _exact(closing) and any(
            _exact(printed) and printed["lo"] == closing["lo"] for printed in printings
        )
        # what the release before left open, printed more than one way itself, bears out
        # nothing: which printing is set against it would be the order of the rows
        left_open = [closing, *_other_printings(figures, closing)]
        if len(left_open) > 1:
            out += [
                finding(
                    f"{report_id}: {label}",
                    statement,
                    says(
                        "not checkable: the release before prints its "
                        f"{str.lower(labels[source])} more than one way "
                        f"({and_list(_said(row) for row in left_open)})"
                    ),
                    _said(printed),
                    None,
                    None,
                    [printed["figure_id"], *(row["figure_id"] for row in left_open)],
                    " | ".join(row["evidence"] for row in [printed, *left_open]),
                )
                for printed in printings
            ]
            continue
        for printed in printings:
            exact = _exact(printed) and _exact(closing)
            out.append(
                finding(
                    f"{report_id}: {label}",
                    statement,
                    f"{_said(closing)} ({names.get(closing['report_id'], closing['report_id'])})"
                    if exact
                    else f"not checkable: {_said(closing)} against {_said(printed)} is not one "
                    "number against another",
                    _said(printed),
                    printed["lo"] - closing["lo"] if exact else None,
                    printed["lo"] == closing["lo"] if exact else None,
                    [printed["figure_id"], closing["figure_id"]],
                    f"{printed['evidence']} | {closing['evidence']}",
                    blamed=[printed["figure_id"]] if borne_out else None,
                    caveat=True,
                )
            )
    return out


def _other_printings(figures: FigureSet, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The first figure of each other number a report's count (row, from _counts) is printed as,
    on any page: the same report, metric and place, no governorate or subgroup, another value."""
    same = (
        with_ends(figures.frame)
        .filter(
            (pl.col("report_id") == row["report_id"])
            & (pl.col("metric") == row["metric"])
            & pl.col("governorate_pcode").is_null()
            & pl.col("breakdown").is_null()
            & (pl.col("eff_geography") == row["eff_geography"]).fill_null(False)
            & ((pl.col("lo") != row["lo"]) | (pl.col("hi") != row["hi"])).fill_null(False)
        )
        .unique(["lo", "hi"], keep="first", maintain_order=True)
    )
    return list(same.select("figure_id", "lo", "hi", "qualifier", "evidence").iter_rows(named=True))


def _series_of_reports(figures: FigureSet, pkg: Package) -> dict[str, str]:
    """report_id -> the series of each issuer's report (not a news article): that of its own
    figures of a series; for a report none of whose figures names one, its issuer's only series
    (series.csv), if the issuer has one."""
    frame = figures.frame.filter(
        pl.col("series").is_not_null() & (pl.col("report_kind") != "news_article").fill_null(True)
    ).unique("report_id", keep="first", maintain_order=True)
    named = dict(zip(frame["report_id"], frame["series"], strict=True))
    by_issuer: dict[str, list[str]] = {}
    if "series" in pkg.frames:
        table = pkg.frames["series"]
        for series, issuer in zip(table["series"], table["issuer"], strict=True):
            by_issuer.setdefault(issuer, []).append(series)
    reports = pkg.frames["reports"].filter(pl.col("kind") != "news_article")
    for report_id, issuer in zip(reports["report_id"], reports["issuer"], strict=True):
        only = by_issuer.get(issuer, [])
        if report_id not in named and len(only) == 1:
            named[report_id] = only[0]
    return named
