"""Which charts each page shows, chosen from the shape of the data: a report's charts, each issuer's
latest toll, a series' timeline. views re-exports them for the notebooks."""

from __future__ import annotations

import pandas as pd

from helpers import formatting
from helpers.checks import crosscheck as checks
from helpers.checks import effective
from helpers.checks.effective import effective_figures, involved_figures
from helpers.checks.series import corrected, releases_of
from helpers.data.load import Package
from helpers.present import charts


def compares(chart: charts.Chart) -> bool:
    """Does the chart compare anything: two or more rows in its data, and two or more different
    counts (or, for a grid, statuses)? A single bar or the same number twice is not a chart."""
    data = chart.data
    counts = [c for c in ("value", "low", "high") if c in data]
    if not counts:  # a grid: its first column names the rows
        return len(pd.unique(data.iloc[:, 1:].to_numpy().ravel())) >= 2
    return len(data) >= 2 and len(data[counts].drop_duplicates()) >= 2


def report_charts(pkg: Package, report_id: str) -> list[charts.Chart]:
    """The charts that suit this report's figures, most telling first: a figure printed as
    different numbers; figures of different releases set side by side; by governorate; by a
    breakdown. Only charts that compare two or more different values. The charts by part add
    counts up: they leave ranges out (and name them), so each needs one part given as a number."""
    figures = involved_figures(pkg, report_id)
    # the rows each chart draws are chosen by their columns first and taken from the figures only
    # when they make a chart: taking rows copies each of the figures' many columns
    own = figures["report_id"] == report_id
    out = []
    # a thing stated once is no comparison: only those stated twice or more are grouped
    restated = figures["subject_key"].duplicated(keep=False)
    if restated.any():
        at_odds = restatements_at_odds(pkg)
        for _, statements in figures[restated].groupby("subject_key", sort=False):
            if len(statements) >= 2 and len(set(effective.amount_of(statements).dropna())) > 1:
                metric = statements["metric"].iloc[0].replace("_", "-")
                out.append(
                    charts.statement_dots(statements, f"{report_id}__statements-{metric}", at_odds)
                )
    in_series = figures["series"].notna() & figures["increment_of"].isna()
    # no one series has two metrics and two dates unless all of them together do
    if (
        figures.loc[in_series, "metric"].nunique() >= 2
        and figures.loc[in_series, "as_of"].nunique() >= 2
    ):
        for name, releases in figures[in_series].groupby("series"):
            # side by side, figures of one release are a list, not a comparison: the table has them
            if releases["metric"].nunique() >= 2 and releases["as_of"].nunique() >= 2:
                wrong = releases["figure_id"].isin(failing_figures(pkg))
                out.append(
                    charts.metric_panels(
                        releases.assign(mismatch=wrong), f"{report_id}__{name}-metrics"
                    )
                )
    by_place = own & figures["governorate_pcode"].notna() & figures["breakdown"].isna()
    # one chart per country: another country's governorates are not parts of this one's
    places = figures.loc[by_place, "eff_geography"].drop_duplicates().tolist()
    for place in places:
        in_place = by_place & (figures["eff_geography"] == place)
        if (
            figures.loc[in_place, "governorate_pcode"].nunique() >= 2
            and figures.loc[in_place, "value"].notna().any()
        ):
            name = f"{report_id}__by-governorate" + (
                f"-{str(place).lower()}" if len(places) > 1 else ""
            )
            out.append(charts.governorate_bars(figures[in_place], pkg, name))
    dims = figures.loc[own, "breakdown"].dropna().str.split(":").str[0].unique()
    for dim in sorted(dims):
        part = figures[own & figures["breakdown"].str.startswith(dim + ":").fillna(False)]
        # one bar per group and metric: a group printed by two carriers is drawn once (the
        # report's own carrier first; R-RESTATED says whether they agree)
        part = (
            part.sort_values(["is_primary", "row"], ascending=[False, True])
            .drop_duplicates(["breakdown", "metric"])
            .sort_values("row")
        )
        if part["breakdown"].nunique() >= 2 and part["value"].notna().any():
            out.append(
                charts.breakdown_bars(part, pkg, dim, f"{report_id}__by-{dim.replace('_', '-')}")
            )
    return [chart for chart in out if compares(chart)]


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
        # a running total, dated: an undated figure can be no one's latest
        & figures["series"].notna()
        & figures["increment_of"].isna()
        & figures["as_of"].notna()
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
    another count. Its headline is about the series' primary metric in the issuer's word for its
    count (series.csv: primary_metric, count_word). A series none of whose releases we read on the
    issuer's own page is drawn from the issuer's figures as others carry them, one per
    statement."""
    effective_frame = effective.frame(pkg)
    figures = effective.as_pandas(effective_frame)
    released = releases_of(effective_frame)
    # a figure a correction replaced is no point of the line: the correction stands for it, and
    # the table beside the chart says what it corrected (timeline_table)
    releases = effective.as_pandas(released.filter(~corrected(released)))
    releases = releases[(releases["series"] == series) & releases["increment_of"].isna()]
    if releases.empty:
        carried = figures[
            (figures["series"] == series)
            & (figures["report_kind"] != "news_article")
            & figures["increment_of"].isna()
            & figures["as_of"].notna()
        ]
        releases = effective.one_per_statement(carried).sort_values(["as_of", "row"])
    if releases.empty:
        raise ValueError(
            f"series {series!r} has no figure of its issuer with a date in "
            "data/curated/figures.csv: there is no timeline to draw"
        )
    about = pkg.series.set_index("series")
    primary, count_word = (
        (about.loc[series, "primary_metric"], about.loc[series, "count_word"])
        if series in about.index
        else (None, None)
    )
    metrics = set(releases["metric"])
    # other monitors' estimates beside the series only within its own span (from its first
    # release's date to its last): an issuer of another time drawn with them had its releases
    # squeezed into a corner of an axis years long
    first, last = releases["as_of"].min(), releases["as_of"].max()
    # an estimate's own date, else (undated, cited) the date of the page that cites it; one with
    # neither is not drawn, only listed in the table beside the chart, as before
    cited = pd.to_datetime(figures["carrier_published"], errors="coerce", format="mixed")
    dated = figures["as_of"].fillna(cited)
    within = dated.isna() | dated.between(first, last)
    others = figures[
        (figures["metric"].isin(metrics))
        & ~figures["figure_id"].isin(releases["figure_id"])
        & figures["governorate_pcode"].isna()
        & figures["breakdown"].isna()
        & effective.bounds(figures)[0].notna()
        & (
            ((figures["series"] == series) & (figures["report_kind"] == "news_article"))
            | (figures["report_kind"].isin(["monitor_estimate"]) & within)
        )
    ]
    claims_in_release = figures[
        (figures["series"] == series)
        & (figures["report_kind"] != "news_article")
        & (figures["carrier_kind"] == "news_article")
        & ~figures["figure_id"].isin(releases["figure_id"])
        & figures["increment_of"].isna()
    ]
    # the checks' verdict, never a comparison of our own: a copy is drawn as another number only
    # when a check that fails blames it ("at least 459" of a 459–591 release passes)
    disagree = claims_in_release[claims_in_release["figure_id"].isin(failing_figures(pkg))]
    others = pd.concat([others, disagree.assign(mismatch=True)]).drop_duplicates("figure_id")
    others = others.sort_values(["as_of", "row"])
    # a release printed two ways, neither shown wrong, is drawn with the other number beside it
    releases = releases.assign(
        printed_otherwise=releases["figure_id"].map(printed_otherwise(pkg, figures))
    )
    return charts.series_timeline(
        figures, releases, others, f"timeline__{series}", primary, count_word
    )


def printed_otherwise(pkg: Package, figures: pd.DataFrame) -> dict[str, str]:
    """figure id -> the other numbers pages print for the same statement, where the checks cannot
    tell which is right (a restatement check that warns: "which is right is not known"):
    {SNHR's 3,035 as Human Voice prints it: "3,037"}. A chart that draws one of them says so."""
    results = checks.run_checks(pkg)
    disputed = results[
        (results["rule"] == "restated_values_agree") & (results["status"] == "warning")
    ]
    shown = effective.amount_of(figures.set_index("figure_id"))
    out: dict[str, str] = {}
    for ids in disputed["figure_ids"].dropna():
        group = [f for f in str(ids).split("; ") if f in shown.index]
        for figure_id in group:
            others = [shown[f] for f in group if shown[f] != shown[figure_id]]
            if others:
                out[figure_id] = formatting.and_list(others)
    return out


def restatements_at_odds(pkg: Package) -> set[str]:
    """The figures a check of restatements (restated_values_agree) finds at odds: those it blames,
    or all it rests on where it blames none (a caveat: which is right is not known)."""
    results = checks.run_checks(pkg)
    breaches = results[
        (results["rule"] == "restated_values_agree") & results["status"].isin(["fail", "warning"])
    ]
    return {f for ids in checks.concerned_ids(breaches) for f in ids}


def failing_figures(pkg: Package) -> set[str]:
    """The figures a failing check blames: the one verdict a chart's "does not match" draws."""
    results = checks.run_checks(pkg)
    blamed = results.loc[results["status"] == "fail", "blamed_ids"]
    return {f for ids in blamed.dropna() for f in str(ids).split("; ") if f}


# the column heading of each rule in the check grid; a rule not listed is named from its words
RULE_HEADINGS = {
    "quote_in_source": "Quote found in the source",
    "numbers_accounted_for": "Every number accounted for",
    "restated_values_agree": "Restatements agree",
    "subset_within_total": "Subgroup within its total",
    "place_name_matches_pcode": "Place name as written",
    "cumulative_never_falls": "Running total never falls",
    "series_claim_matches_release": "Claim matches a release",
    "claim_place_matches_release": "Claim in the place counted",
    "increment_matches_difference": "Stated rise matches",
    "mixed_periods_in_carrier": "Side-by-side figures share a date",
    "comparable_coverage": "Ratio is like for like",
}


def check_heading(pkg: Package, check: pd.Series) -> str:
    """A check's name as a column heading: "Parts by governorate add up", "Restatements agree"."""
    if check["rule"] == "parts_sum_to_total" and pd.notna(check["dimension"]):
        return f"Parts by {effective.dimension_words(pkg, check['dimension'])} add up"
    return RULE_HEADINGS.get(check["rule"], check["rule"].replace("_", " ").capitalize())


def check_grid(pkg: Package) -> charts.Chart:
    """The overview's grid of check results (seaborn): one row per document that prints figures
    the checks looked at, worst first, one column per check; a cell is the worst status of that
    check's results on the figures the document prints, so a misprint is shown against the
    document that made it, not the release it quotes."""
    results = checks.run_checks(pkg)
    figures = effective_figures(pkg)
    reports = pkg.reports.set_index("report_id")
    check_rows = pkg.checks.drop_duplicates("check_id")
    headings = {row["check_id"]: check_heading(pkg, row) for _, row in check_rows.iterrows()}
    index = checks.findings_index(pkg)
    check_ids, result_statuses = results["check_id"].tolist(), results["status"].tolist()
    printed_by = figures.groupby("carried_by")["figure_id"].agg(list).to_dict()
    rows = {}
    for report_id, report in reports.iterrows():
        mine = index.positions(printed_by.get(report_id, []))
        if not mine:
            continue
        statuses: dict[str, list[str]] = {}
        for position in mine:
            statuses.setdefault(check_ids[position], []).append(result_statuses[position])
        name = charts.report_name(report["issuer"], report["kind"], report["published"])
        rows[name] = {
            heading: checks.worst_status(statuses.get(check_id, []))
            for check_id, heading in headings.items()
        }
    grid = pd.DataFrame.from_dict(rows, orient="index").replace("no checks", "none")
    grid = grid.loc[:, (grid != "none").any()]
    rank = grid.apply(lambda row: (row == "fail").sum() * 100 + (row == "warning").sum(), axis=1)
    grid = grid.loc[rank.sort_values(ascending=False, kind="stable").index]
    # a document whose every result passes is counted, not drawn: with hundreds of documents the
    # grid would be a wall of identical rows
    flagged = (~grid.isin(["pass", "none"])).any(axis=1)
    shown = grid[flagged] if flagged.any() else grid
    return charts.check_grid(shown, "overview__check-grid", passing=len(grid) - len(shown))
