"""What each notebook shows, chosen from the shape of the data rather than from a report's name, so
that a new report gets the right tables and charts with no code change."""

from __future__ import annotations

import pandas as pd

from helpers import formatting
from helpers.checks import crosscheck as checks
from helpers.checks import effective
from helpers.checks.effective import effective_figures
from helpers.checks.rules import releases_of
from helpers.data import periods
from helpers.present import charts
from helpers.present.display import card, table  # noqa: F401  (table is used by notebooks)


def report_row(pkg, report_id: str) -> pd.Series:
    reports = pkg.reports.set_index("report_id")
    if report_id not in reports.index:
        raise KeyError(
            f"{report_id!r} is not a report_id in data/curated/reports.csv; known: {', '.join(reports.index)}"
        )
    return reports.loc[report_id]


def provenance(pkg, report_id: str):
    r = report_row(pkg, report_id)
    items = [
        ("Report", report_id),
        ("Title", r["title"]),
        ("Issuer", r["issuer"]),
        ("Issuer as written", r["issuer_as_written"]),
        ("Kind", str(r["kind"]).replace("_", " ")),
        ("Published", periods.label(r["published"])),
        ("What is known of the date", r["published_note"]),
        ("Reaches us through", r["carried_by"] if pd.notna(r["carried_by"]) else "read directly"),
        ("URL", r["url"]),
        (
            "Covers",
            f"{formatting.geography_label(r['geography'])}, from {periods.label(r['period_start'])} to {periods.label(r['period_end'])}",
        ),
        ("Coverage", r["coverage_note"]),
        (
            "Confirmed in a stored copy on",
            r["confirmed_on"].strftime("%Y-%m-%d")
            if pd.notna(r["confirmed_on"])
            else "not applicable (held in data/raw/)"
            if pd.notna(r["document_id"])
            else None,
        ),
        ("Notes", r["notes"] if pd.notna(r["notes"]) else "none"),
    ]
    if pd.notna(r["document_id"]):
        d = pkg.documents.set_index("document_id").loc[r["document_id"]]
        items += [
            ("Raw file", d["path"]),
            ("sha256", d["sha256"]),
            ("Received as", d["received_as"]),
            ("Licence", d["licence"]),
            ("How we read it", d["transcription_notes"]),
        ]
    return card(items, title=r["title"])


def involved(fx: pd.DataFrame, report_id: str) -> pd.DataFrame:
    return fx[(fx["report_id"] == report_id) | (fx["carried_by"] == report_id)]


def figures_table(pkg, report_id: str):
    fx = involved(effective_figures(pkg), report_id)
    shown = pd.DataFrame(
        {
            "figure": fx["figure_id"],
            "report": fx["report_id"],
            "metric": fx["metric_label"],
            "value": fx["value"].astype("object").where(fx["value"].notna(), "range"),
            "qualifier": fx["qualifier"].str.replace("_", " "),
            "low–high": [
                formatting.amount(lo, hi) if pd.notna(lo) else ""
                for lo, hi in zip(fx["low"], fx["high"])
            ],
            "period": [
                f"from {periods.label(s)}; {d}"
                for s, d in zip(fx["eff_period_start"], fx["as_of_label"])
            ],
            "place": [
                formatting.geography_label(g) + (f", {p}" if pd.notna(p) else "")
                for g, p in zip(fx["eff_geography"], fx["governorate_pcode"])
            ],
            "subgroup": fx["breakdown"].fillna(""),
            "carried by": fx["carried_by"] + ", " + fx["locator"],
            "source's words": fx["quote"].fillna(
                "(not copied: " + fx["carrier_url"].fillna("") + ")"
            ),
            "our reading": fx["interpretation"].fillna(""),
        }
    )
    return table(
        shown.reset_index(drop=True),
        caption=f"{len(shown)} figure statements involving {report_id}",
    )


def results_table(results: pd.DataFrame, caption: str):
    cols = ["result_id", "status", "statement", "expected", "observed", "difference", "evidence"]
    return table(results[cols].astype("object").where(results[cols].notna(), ""), caption=caption)


def report_checks(pkg, report_id: str):
    res = checks.run_checks(pkg, report_id)
    counts = checks.status_counts(res)
    return results_table(
        res,
        f"Checks involving {report_id}: {counts['fail']} fail, {counts['warning']} warning, {counts['pass']} pass",
    )


def report_charts(pkg, report_id: str) -> list[charts.Chart]:
    """The charts that suit this report's figures: by governorate, by a breakdown, every statement of
    a figure stated more than once, and side-by-side metrics of a series with their dates. The charts by
    part add counts up: they leave ranges out (and name them), so each needs one part given as a number."""
    fx = involved(effective_figures(pkg), report_id)
    out = []
    own = fx[fx["report_id"] == report_id]
    gov = own[own["governorate_pcode"].notna() & own["breakdown"].isna()]
    if gov["governorate_pcode"].nunique() >= 2 and gov["value"].notna().any():
        out.append(charts.governorate_bars(gov, pkg, f"{report_id}__by-governorate"))
    dims = own["breakdown"].dropna().str.split(":").str[0].unique()
    for dim in sorted(dims):
        part = own[own["breakdown"].str.startswith(dim + ":").fillna(False)]
        if part["breakdown"].nunique() >= 2 and part["value"].notna().any():
            out.append(
                charts.breakdown_bars(part, pkg, dim, f"{report_id}__by-{dim.replace('_', '-')}")
            )
    for key, g in fx.groupby("subject_key", sort=False):
        if len(g) >= 2 and effective.amount_of(g).nunique() > 1:
            out.append(
                charts.statement_dots(
                    g, f"{report_id}__statements-{g['metric'].iloc[0].replace('_', '-')}"
                )
            )
    series = fx[fx["series"].notna() & fx["increment_of"].isna()]
    for s, g in series.groupby("series"):
        if g["metric"].nunique() >= 2:
            out.append(charts.metric_panels(g, f"{report_id}__{s}-metrics"))
    return out


def crosscheck_summary(results: pd.DataFrame):
    counts = checks.status_counts(results)
    by = (
        results.groupby(["check_id", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["fail", "warning", "pass"], fill_value=0)
    )
    by = by.reset_index().merge(
        results.drop_duplicates("check_id")[["check_id", "rule", "severity"]], on="check_id"
    )
    return table(
        by[["check_id", "rule", "severity", "fail", "warning", "pass"]],
        caption=f"{len(results)} findings: {counts['fail']} fail, {counts['warning']} warning, {counts['pass']} pass",
    )


def findings(results: pd.DataFrame, status: str):
    sub = results[results["status"] == status]
    return results_table(sub, f"{len(sub)} findings with status {status}")


def comparisons(results: pd.DataFrame):
    sub = results[results["rule"] == "comparable_coverage"]
    return table(
        sub[["result_id", "status", "statement", "observed", "evidence"]].rename(
            columns={"observed": "ratio, with any mismatch stated"}
        ),
        caption="Ratios between figures; a ratio is like for like only when places and periods match",
    )


def overview_table(pkg):
    fx = effective_figures(pkg)
    res = checks.run_checks(pkg)
    rows = []
    for _, r in pkg.reports.iterrows():
        rid = r["report_id"]
        mine = checks.involving(res, involved(fx, rid)["figure_id"], rid)
        counts = checks.status_counts(mine)
        rows.append(
            {
                "report": rid,
                "issuer": r["issuer"].split(" (")[0],
                "kind": r["kind"].replace("_", " "),
                "published": periods.label(r["published"]),
                "covers": f"{formatting.geography_label(r['geography'])}, {periods.label(r['period_start'])} to {periods.label(r['period_end'])}",
                "figures": int((fx["report_id"] == rid).sum()),
                "carried here": int((fx["carried_by"] == rid).sum()),
                "status": checks.overall_status(mine),
                "fail": counts["fail"],
                "warning": counts["warning"],
                "pass": counts["pass"],
            }
        )
    return pd.DataFrame(rows)


def latest_tolls(pkg) -> charts.Chart:
    """Each issuer's latest civilian toll (from its own carrier), for the overview chart: a range too (the
    chart draws it as one), so that an older single number never stands in for it."""
    fx = effective_figures(pkg)
    f = fx[
        (fx["metric"] == "civilians_killed")
        & fx["governorate_pcode"].isna()
        & fx["breakdown"].isna()
        & (fx["report_kind"] != "news_article")
        & effective.bounds(fx)[0].notna()
    ]
    f = effective.one_per_statement(f)
    f = (
        f.assign(issuer_short=f["issuer"].str.split(" (", regex=False).str[0])
        .sort_values("as_of")
        .groupby("issuer_short")
        .tail(1)
    )
    return charts.totals_by_report(f, "overview__latest-tolls")


def timeline(pkg, series: str) -> charts.Chart:
    """The series' chart: its releases, monitors' estimates of the same metrics and news articles' claims
    (ranges too, drawn as ranges), and any news carrier's copy of a release that gives another count."""
    f = effective.frame(pkg)
    fx, rel = effective.as_pandas(f), effective.as_pandas(releases_of(f))
    rel = rel[(rel["series"] == series) & rel["increment_of"].isna()]
    metrics = set(rel["metric"])
    others = fx[
        (fx["metric"].isin(metrics))
        & ~fx["figure_id"].isin(rel["figure_id"])
        & fx["governorate_pcode"].isna()
        & fx["breakdown"].isna()
        & effective.bounds(fx)[0].notna()
        & (
            ((fx["series"] == series) & (fx["report_kind"] == "news_article"))
            | fx["report_kind"].isin(["monitor_estimate"])
        )
    ]
    claims_in_release = fx[
        (fx["series"] == series)
        & (fx["report_kind"] != "news_article")
        & (fx["carrier_kind"] == "news_article")
        & ~fx["figure_id"].isin(rel["figure_id"])
        & fx["increment_of"].isna()
    ]
    counts = rel[["report_id", "metric"]].assign(count_rel=effective.amount_of(rel))
    disagree = claims_in_release.assign(count=effective.amount_of(claims_in_release)).merge(
        counts, on=["report_id", "metric"]
    )
    disagree = claims_in_release[
        claims_in_release["figure_id"].isin(
            disagree.loc[disagree["count"] != disagree["count_rel"], "figure_id"]
        )
    ]
    others = pd.concat([others, disagree.assign(report_kind="news_article")]).drop_duplicates(
        "figure_id"
    )
    others = others.sort_values(["as_of", "row"])
    return charts.series_timeline(fx, rel, others, f"timeline__{series}")


def timeline_table(chart: charts.Chart):
    return table(chart.data, caption="The points on the timeline")


def series_list(pkg) -> list[str]:
    return sorted(pkg.figures["series"].dropna().unique())


def series_checks(pkg, series: str):
    res = checks.run_checks(pkg)
    fx = effective_figures(pkg)
    ids = set(fx.loc[fx["series"] == series, "figure_id"])
    mine = checks.involving(res, ids)
    mine = mine[
        mine["rule"].isin(
            [
                "cumulative_never_falls",
                "series_claim_matches_release",
                "increment_matches_difference",
                "mixed_periods_in_carrier",
                "restated_values_agree",
            ]
        )
    ]
    counts = checks.status_counts(mine)
    return results_table(
        mine,
        f"Checks on {series}: {counts['fail']} fail, {counts['warning']} warning, {counts['pass']} pass",
    )
