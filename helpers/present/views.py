"""What each notebook shows, chosen from the shape of the data rather than from a report's name, so
that a new report gets the right tables and charts with no code change.

A view returns data: a pandas frame an analyst can filter, sort and export, or a chart. A frame a
notebook shows as a table or a card carries how it is shown (display.as_table, display.as_card), and
display.py renders it; `table` renders any frame as the house's HTML table."""

from __future__ import annotations

import pandas as pd

from helpers import formatting
from helpers.checks import crosscheck as checks
from helpers.checks.effective import effective_figures
from helpers.data import periods
from helpers.data.load import Package
from helpers.present import charts
from helpers.present.chartsets import involved
from helpers.present.chartsets import latest_tolls as latest_tolls  # re-exported for the notebooks
from helpers.present.chartsets import report_charts as report_charts  # re-exported
from helpers.present.chartsets import timeline as timeline  # re-exported
from helpers.present.display import HTML, as_card, as_table
from helpers.present.display import table as _table

# the result columns a table of findings shows, in this order
RESULT_COLUMNS = [
    "result_id",
    "status",
    "statement",
    "expected",
    "observed",
    "difference",
    "evidence",
]
# the series rules a timeline's table of checks shows
SERIES_RULES = [
    "cumulative_never_falls",
    "series_claim_matches_release",
    "increment_matches_difference",
    "mixed_periods_in_carrier",
    "restated_values_agree",
]


def table(frame: pd.DataFrame, caption: str = "") -> HTML:
    """frame as the house's escaped HTML table under caption (what a notebook cell shows)."""
    return _table(frame, caption=caption)


def report_row(pkg: Package, report_id: str) -> pd.Series:
    """The report's row of reports.csv; a KeyError naming the known ids if there is none."""
    reports = pkg.reports.set_index("report_id")
    if report_id not in reports.index:
        raise KeyError(
            f"{report_id!r} is not a report_id in data/curated/reports.csv; "
            f"known: {', '.join(reports.index)}"
        )
    return reports.loc[report_id]


def provenance(pkg: Package, report_id: str) -> pd.DataFrame:
    """Where the report comes from, one fact a row (columns fact and value): issuer, dates, URL,
    coverage and, for a held document, its file, hash, licence and how we read it. Shown as a card
    titled with the report's title."""
    report = report_row(pkg, report_id)
    covers = (
        f"{formatting.geography_label(report['geography'])}, "
        f"from {periods.label(report['period_start'])} to {periods.label(report['period_end'])}"
    )
    if pd.notna(report["confirmed_on"]):
        confirmed = report["confirmed_on"].strftime("%Y-%m-%d")
    elif pd.notna(report["document_id"]):
        confirmed = "not applicable (held in data/raw/)"
    else:
        confirmed = None
    carried_by = report["carried_by"]
    items = [
        ("Report", report_id),
        ("Title", report["title"]),
        ("Issuer", report["issuer"]),
        ("Issuer as written", report["issuer_as_written"]),
        ("Kind", str(report["kind"]).replace("_", " ")),
        ("Published", periods.label(report["published"])),
        ("What is known of the date", report["published_note"]),
        ("Reaches us through", carried_by if pd.notna(carried_by) else "read directly"),
        ("URL", report["url"]),
        ("Covers", covers),
        ("Coverage", report["coverage_note"]),
        ("Confirmed in a stored copy on", confirmed),
        ("Notes", report["notes"] if pd.notna(report["notes"]) else "none"),
    ]
    if pd.notna(report["document_id"]):
        document = pkg.documents.set_index("document_id").loc[report["document_id"]]
        items += [
            ("Raw file", document["path"]),
            ("sha256", document["sha256"]),
            ("Received as", document["received_as"]),
            ("Licence", document["licence"]),
            ("How we read it", document["transcription_notes"]),
        ]
    return as_card(items, title=report["title"])


def figures_table(pkg: Package, report_id: str) -> pd.DataFrame:
    """Every figure statement involving the report, one a row, in readers' words: metric, value (or
    "range"), qualifier, low–high, period, place, subgroup, carrier, the source's words and our
    reading. Shown as a table captioned with the count."""
    figures = involved(effective_figures(pkg), report_id)
    shown = pd.DataFrame(
        {
            "figure": figures["figure_id"],
            "report": figures["report_id"],
            "metric": figures["metric_label"],
            "value": figures["value"].astype("object").where(figures["value"].notna(), "range"),
            "qualifier": figures["qualifier"].str.replace("_", " "),
            "low–high": [
                formatting.amount(low, high) if pd.notna(low) else ""
                for low, high in zip(figures["low"], figures["high"], strict=True)
            ],
            "period": [
                f"from {periods.label(start)}; {as_of}"
                for start, as_of in zip(
                    figures["eff_period_start"], figures["as_of_label"], strict=True
                )
            ],
            "place": [
                formatting.geography_label(geography) + (f", {pcode}" if pd.notna(pcode) else "")
                for geography, pcode in zip(
                    figures["eff_geography"], figures["governorate_pcode"], strict=True
                )
            ],
            "subgroup": figures["breakdown"].fillna(""),
            "carried by": figures["carried_by"] + ", " + figures["locator"],
            "source's words": figures["quote"].fillna(
                "(not copied: " + figures["carrier_url"].fillna("") + ")"
            ),
            "our reading": figures["interpretation"].fillna(""),
        }
    )
    return as_table(
        shown.reset_index(drop=True),
        caption=f"{len(shown)} figure statements involving {report_id}",
    )


def results_table(results: pd.DataFrame, caption: str) -> pd.DataFrame:
    """The findings' result columns (RESULT_COLUMNS), a missing value as "", shown as a table under
    caption."""
    shown = results[RESULT_COLUMNS].astype("object").where(results[RESULT_COLUMNS].notna(), "")
    return as_table(shown, caption=caption)


def _counted(counts: dict[str, int]) -> str:
    """ "2 fail, 1 warning, 30 pass" from status counts."""
    return f"{counts['fail']} fail, {counts['warning']} warning, {counts['pass']} pass"


def report_checks(pkg: Package, report_id: str) -> pd.DataFrame:
    """The findings of every check involving the report (results_table), captioned with how many
    fail, warn and pass."""
    results = checks.run_checks(pkg, report_id)
    counts = checks.status_counts(results)
    return results_table(results, f"Checks involving {report_id}: {_counted(counts)}")


def crosscheck_summary(results: pd.DataFrame) -> pd.DataFrame:
    """One row per check: its id, rule, severity and how many of its findings fail, warn and pass.
    Shown as a table captioned with the totals."""
    counts = checks.status_counts(results)
    by_check = pd.crosstab(results["check_id"], results["status"]).reindex(
        columns=["fail", "warning", "pass"], fill_value=0
    )
    by_check = by_check.reset_index().merge(
        results.drop_duplicates("check_id")[["check_id", "rule", "severity"]], on="check_id"
    )
    return as_table(
        by_check[["check_id", "rule", "severity", "fail", "warning", "pass"]],
        caption=f"{len(results)} findings: {_counted(counts)}",
    )


def findings(results: pd.DataFrame, status: str) -> pd.DataFrame:
    """The findings with this status (results_table), captioned with their number."""
    chosen = results[results["status"] == status]
    return results_table(chosen, f"{len(chosen)} findings with status {status}")


def comparisons(results: pd.DataFrame) -> pd.DataFrame:
    """The ratios between figures (rule comparable_coverage): id, status, statement, the ratio with
    any mismatch of places or periods stated, and the evidence. Shown as a table."""
    ratios = results[results["rule"] == "comparable_coverage"]
    return as_table(
        ratios[["result_id", "status", "statement", "observed", "evidence"]].rename(
            columns={"observed": "ratio, with any mismatch stated"}
        ),
        caption=(
            "Ratios between figures; a ratio is like for like only when places and periods match"
        ),
    )


def overview_table(pkg: Package) -> pd.DataFrame:
    """One row per report: issuer, kind, publication date, coverage, how many figures it states and
    carries, the overall status of the checks involving it and their counts by status."""
    figures = effective_figures(pkg)
    results = checks.run_checks(pkg)
    rows = []
    for _, report in pkg.reports.iterrows():
        rid = report["report_id"]
        mine = checks.involving(results, involved(figures, rid)["figure_id"], rid)
        counts = checks.status_counts(mine)
        covers = (
            f"{formatting.geography_label(report['geography'])}, "
            f"{periods.label(report['period_start'])} to {periods.label(report['period_end'])}"
        )
        rows.append(
            {
                "report": rid,
                "issuer": report["issuer"].split(" (")[0],
                "kind": report["kind"].replace("_", " "),
                "published": periods.label(report["published"]),
                "covers": covers,
                "figures": int((figures["report_id"] == rid).sum()),
                "carried here": int((figures["carried_by"] == rid).sum()),
                "status": checks.overall_status(mine),
                "fail": counts["fail"],
                "warning": counts["warning"],
                "pass": counts["pass"],
            }
        )
    return pd.DataFrame(rows)


def timeline_table(chart: charts.Chart) -> pd.DataFrame:
    """The points drawn on a timeline chart (its data), shown as a table."""
    return as_table(chart.data, caption="The points on the timeline")


def series_list(pkg: Package) -> list[str]:
    """The names of the figures' series, sorted (one timeline each)."""
    return sorted(pkg.figures["series"].dropna().unique())


def series_checks(pkg: Package, series: str) -> pd.DataFrame:
    """The findings of the series rules (SERIES_RULES) about the series' figures (results_table),
    captioned with how many fail, warn and pass."""
    results = checks.run_checks(pkg)
    figures = effective_figures(pkg)
    ids = set(figures.loc[figures["series"] == series, "figure_id"])
    mine = checks.involving(results, ids)
    mine = mine[mine["rule"].isin(SERIES_RULES)]
    counts = checks.status_counts(mine)
    return results_table(mine, f"Checks on {series}: {_counted(counts)}")
