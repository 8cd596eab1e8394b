"""Rules about what a news article makes of someone else's figure, beyond whether it matches: a
count of reports given as a count of deaths, and a figure credited to the wrong issuer. Both read a
claim (a news article's own figure for a series, series.csv) against every figure the issuers
state, whatever their series."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks.findings import finding, with_ends
from helpers.checks.registry import rule
from helpers.checks.series import (
    SERIES_KEY,
    claim_dates,
    current_release,
    release_dates,
)
from helpers.formatting import amount, issuer_name, possessive

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package

CLAIM_COLUMNS = ["figure_id", "carrier_name", "series", "series_name", "metric", "metric_label"]


def _claims(frame: pl.DataFrame) -> pl.DataFrame:
    """The news articles' own figures for a series, with their two ends, one number each (a claimed
    range is never read as another figure), and their page's date (claim_dates)."""
    claims = frame.filter(
        pl.col("series").is_not_null()
        & (pl.col("report_kind") == "news_article").fill_null(False)
        & pl.col("increment_of").is_null()
    )
    claims = with_ends(claims).filter(pl.col("lo") == pl.col("hi"))
    return claims.with_columns(date=pl.Series(claim_dates(claims), dtype=pl.Date))


def _own_figures(frame: pl.DataFrame) -> pl.DataFrame:
    """Every figure an issuer states of its own (not a news article's claim), with its two ends."""
    return with_ends(frame.filter((pl.col("report_kind") != "news_article").fill_null(True)))


@rule
def reports_given_as_deaths(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's count of people for a series (in file order) whose releases
    state counts of reports (a metric whose unit is reports): the claimed count of people is not a
    count of reports of the release current at the page's date (series.current_release; every
    release of the series for an undated page), unless that release states the same number of
    people too. "1,799 civilians killed" where the release received 1,799 reports of civilian harm
    fails. Returns finding() dicts."""
    frame = figures.frame
    claims = _claims(frame).filter(pl.col("unit") == "people")
    if claims.is_empty():
        return []
    releases = figures.releases
    own = _own_figures(frame)
    reports = own.filter(pl.col("unit") == "reports")
    out_dates = release_dates(releases)
    release_rows = releases.select(*SERIES_KEY, "report_id", "report_name").to_dicts()
    out = []
    for claim in claims.iter_rows(named=True):
        positions = [
            j
            for j, row in enumerate(release_rows)
            if row["series"] == claim["series"] and row["metric"] == claim["metric"]
        ]
        if claim["date"] is not None:
            current = current_release(claim["date"], positions, out_dates)
            positions = [] if current is None else [current]
        report_ids = list(dict.fromkeys(release_rows[j]["report_id"] for j in positions))
        counts = reports.filter(pl.col("report_id").is_in(report_ids))
        if counts.is_empty():
            continue
        people = own.filter(
            pl.col("report_id").is_in(report_ids)
            & (pl.col("metric") == claim["metric"])
            & (pl.col("lo") <= claim["lo"])
            & (pl.col("hi") >= claim["hi"])
        )
        same = counts.filter((pl.col("lo") == claim["lo"]) & (pl.col("hi") == claim["hi"]))
        ok = same.is_empty() or not people.is_empty()
        claimed = amount(claim["lo"], claim["hi"])
        metric = claim["metric_label"].lower()
        if same.is_empty():
            observed = f"{claimed}: not a count of reports in the release"
        else:
            hit = same.row(0, named=True)
            observed = (
                f"{claimed} = {hit['metric_label'].lower()} ({hit['report_name']}), a count of "
                "reports, not of people"
            )
        names = ", ".join(dict.fromkeys(release_rows[j]["report_name"] for j in positions))
        evidence = (
            f"Counts of reports in {names}: "
            + "; ".join(
                f"{row['metric_label'].lower()} {amount(row['lo'], row['hi'])}"
                for row in counts.iter_rows(named=True)
            )
            + f". | {claim['evidence']}"
            + "".join(f" | {row['evidence']}" for row in same.iter_rows(named=True))
        )
        out.append(
            finding(
                claim["figure_id"],
                f"The {claimed} {metric} that {claim['carrier_name']} gives is a count of people, "
                "not of reports",
                "a number other than the release's counts of reports",
                observed,
                None if ok else 0,
                ok,
                [claim["figure_id"], *same["figure_id"].to_list()],
                evidence,
                blamed=[claim["figure_id"]],
            )
        )
    return out


@rule
def misattributed_figure(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's figure for a series (in file order) that equals a figure of
    the same metric stated by another issuer: the figure is the credited issuer's own (the issuer
    of its series, series.csv) too; when the credited issuer states no such number anywhere, the
    figure is misattributed. SNHR's 2,832 credited to Airwars fails. A claim equal to no other
    issuer's figure gets no finding here (series_claim_matches_release judges it). Returns
    finding() dicts."""
    frame = figures.frame
    claims = _claims(frame)
    if claims.is_empty() or "series" not in pkg.frames:
        return []
    series = pkg.frames["series"]
    credited = dict(zip(series["series"].to_list(), series["issuer"].to_list(), strict=True))
    own = _own_figures(frame).select(
        "figure_id", "issuer", "metric", "lo", "hi", "report_name", "evidence"
    )
    out = []
    for claim in claims.iter_rows(named=True):
        issuer = credited.get(claim["series"])
        if issuer is None:
            continue
        same = own.filter(
            (pl.col("metric") == claim["metric"])
            & (pl.col("lo") == claim["lo"])
            & (pl.col("hi") == claim["hi"])
        )
        others = same.filter(pl.col("issuer") != issuer)
        if others.is_empty():
            continue
        theirs = same.filter(pl.col("issuer") == issuer)
        ok = not theirs.is_empty()
        claimed = amount(claim["lo"], claim["hi"])
        credited_name = issuer_name(issuer)
        first = others.row(0, named=True)
        other_name = issuer_name(first["issuer"])
        observed = f"{claimed} is {possessive(other_name)} figure ({first['report_name']})" + (
            f" and {possessive(credited_name)} too" if ok else f", not {possessive(credited_name)}"
        )
        out.append(
            finding(
                claim["figure_id"],
                f"The {claimed} that {claim['carrier_name']} credits to {credited_name} is "
                f"{possessive(credited_name)} own figure",
                f"a figure {credited_name} states",
                observed,
                None if ok else 0,
                ok,
                [claim["figure_id"], *others["figure_id"].to_list()],
                " | ".join([claim["evidence"], *others["evidence"].to_list()]),
                blamed=[claim["figure_id"]],
            )
        )
    return out
