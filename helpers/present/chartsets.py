"""Which charts each page shows, chosen from the shape of the data: a report's charts, each issuer's
latest toll, a series' timeline. views re-exports them for the notebooks."""

from __future__ import annotations

import pandas as pd

from helpers.checks import effective
from helpers.checks.effective import effective_figures
from helpers.checks.series import releases_of
from helpers.data.load import Package
from helpers.present import charts


def involved(figures: pd.DataFrame, report_id: str) -> pd.DataFrame:
    """The figures the report gives or carries."""
    return figures[(figures["report_id"] == report_id) | (figures["carried_by"] == report_id)]


def report_charts(pkg: Package, report_id: str) -> list[charts.Chart]:
    """The charts that suit this report's figures: by governorate, by a breakdown, every statement
    of a figure stated more than once, and side-by-side metrics of a series with their dates. The
    charts by part add counts up: they leave ranges out (and name them), so each needs one part
    given as a number."""
    figures = involved(effective_figures(pkg), report_id)
    out = []
    own = figures[figures["report_id"] == report_id]
    by_place = own[own["governorate_pcode"].notna() & own["breakdown"].isna()]
    if by_place["governorate_pcode"].nunique() >= 2 and by_place["value"].notna().any():
        out.append(charts.governorate_bars(by_place, pkg, f"{report_id}__by-governorate"))
    dims = own["breakdown"].dropna().str.split(":").str[0].unique()
    for dim in sorted(dims):
        part = own[own["breakdown"].str.startswith(dim + ":").fillna(False)]
        if part["breakdown"].nunique() >= 2 and part["value"].notna().any():
            out.append(
                charts.breakdown_bars(part, pkg, dim, f"{report_id}__by-{dim.replace('_', '-')}")
            )
    for _, statements in figures.groupby("subject_key", sort=False):
        if len(statements) >= 2 and len(set(effective.amount_of(statements).dropna())) > 1:
            metric = statements["metric"].iloc[0].replace("_", "-")
            out.append(charts.statement_dots(statements, f"{report_id}__statements-{metric}"))
    series = figures[figures["series"].notna() & figures["increment_of"].isna()]
    for name, releases in series.groupby("series"):
        if releases["metric"].nunique() >= 2:
            out.append(charts.metric_panels(releases, f"{report_id}__{name}-metrics"))
    return out


def latest_tolls(pkg: Package) -> charts.Chart:
    """Each issuer's latest civilian toll (from its own carrier), for the overview chart: a range
    too (the chart draws it as one), so that an older single number never stands in for it."""
    figures = effective_figures(pkg)
    tolls = figures[
        (figures["metric"] == "civilians_killed")
        & figures["governorate_pcode"].isna()
        & figures["breakdown"].isna()
        & (figures["report_kind"] != "news_article")
        & effective.bounds(figures)[0].notna()
    ]
    tolls = effective.one_per_statement(tolls)
    latest = (
        tolls.assign(issuer_short=tolls["issuer"].str.split(" (", regex=False).str[0])
        .sort_values("as_of")
        .groupby("issuer_short")
        .tail(1)
    )
    return charts.totals_by_report(latest, "overview__latest-tolls")


def timeline(pkg: Package, series: str) -> charts.Chart:
    """The series' chart: its releases, monitors' estimates of the same metrics and news articles'
    claims (ranges too, drawn as ranges), and any news carrier's copy of a release that gives
    another count."""
    effective_frame = effective.frame(pkg)
    figures = effective.as_pandas(effective_frame)
    releases = effective.as_pandas(releases_of(effective_frame))
    releases = releases[(releases["series"] == series) & releases["increment_of"].isna()]
    metrics = set(releases["metric"])
    others = figures[
        (figures["metric"].isin(metrics))
        & ~figures["figure_id"].isin(releases["figure_id"])
        & figures["governorate_pcode"].isna()
        & figures["breakdown"].isna()
        & effective.bounds(figures)[0].notna()
        & (
            ((figures["series"] == series) & (figures["report_kind"] == "news_article"))
            | figures["report_kind"].isin(["monitor_estimate"])
        )
    ]
    claims_in_release = figures[
        (figures["series"] == series)
        & (figures["report_kind"] != "news_article")
        & (figures["carrier_kind"] == "news_article")
        & ~figures["figure_id"].isin(releases["figure_id"])
        & figures["increment_of"].isna()
    ]
    counts = releases[["report_id", "metric"]].assign(count_rel=effective.amount_of(releases))
    compared = claims_in_release.assign(count=effective.amount_of(claims_in_release)).merge(
        counts, on=["report_id", "metric"]
    )
    disagree = claims_in_release[
        claims_in_release["figure_id"].isin(
            compared.loc[compared["count"] != compared["count_rel"], "figure_id"]
        )
    ]
    others = pd.concat([others, disagree.assign(report_kind="news_article")]).drop_duplicates(
        "figure_id"
    )
    others = others.sort_values(["as_of", "row"])
    return charts.series_timeline(figures, releases, others, f"timeline__{series}")
