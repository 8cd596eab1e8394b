"""What each notebook shows, chosen from the shape of the data rather than from a report's name, so
that a new report gets the right tables and charts with no code change.

A view returns data: a pandas frame an analyst can filter, sort and export, or a chart. A frame a
notebook shows as a table or a card carries how it is shown (display.as_table, display.as_card), and
display.py renders it; `table` renders any frame as the house's HTML table."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import polars as pl

from helpers import formatting
from helpers.checks import crosscheck as checks
from helpers.checks.effective import (
    effective_figures,
    group_words,
    involved_figures,
    involved_values,
    one_per_statement,
    place_words,
)
from helpers.checks.effective import frame as figure_frame
from helpers.checks.findings import part_phrase, worded
from helpers.data import periods
from helpers.data.load import Package
from helpers.present import charts, headlines
from helpers.present.chartsets import check_grid as check_grid  # re-exported
from helpers.present.chartsets import latest_tolls as latest_tolls  # re-exported for the notebooks
from helpers.present.chartsets import printed_otherwise
from helpers.present.chartsets import report_charts as report_charts  # re-exported
from helpers.present.chartsets import timeline as timeline  # re-exported
from helpers.present.display import HTML, anchor_id, as_card, as_table, esc
from helpers.present.display import table as _table
from helpers.present.maps import report_maps as report_maps  # re-exported for the notebooks

# a table of findings: the columns a reader sees, then the ids kept in each row's attributes
RESULT_COLUMNS = {
    "status": "status",
    "statement": "what was checked",
    "expected": "expected",
    "observed": "found",
    "difference": "difference",
    "evidence": "evidence",
}
RESULT_IDS = {"result_id": "result id", "check_id": "check id", "rule": "rule"}
# the series rules a timeline's table of checks shows
SERIES_RULES = [
    "cumulative_never_falls",
    "series_claim_matches_release",
    "increment_matches_difference",
    "mixed_periods_in_carrier",
    "restated_values_agree",
]
# a report's kind as the opening of a sentence ("A news article by VOP Today News")
KIND_PHRASE = {
    "news_article": "A news article",
    "official_release": "An official release",
    "monitor_estimate": "A monitor's estimate",
    "monitor_report": "A monitor's report",
}
STATUS_ORDER = {"fail": 0, "warning": 1, "unchecked": 2, "pass": 3}


def table(frame: pd.DataFrame, caption: str = "") -> HTML:
    """frame as the house's escaped HTML table under caption (what a notebook cell shows)."""
    return _table(frame, caption=caption)


def report_row(pkg: Package, report_id: str) -> pd.Series:
    """The report's row of reports.csv; a KeyError naming the known ids if there is none."""
    reports = pkg.derived("reports by id", lambda p: p.reports.set_index("report_id"))
    if report_id not in reports.index:
        raise KeyError(
            f"{report_id!r} is not a report_id in data/curated/reports.csv; "
            f"known: {', '.join(reports.index)}"
        )
    return reports.loc[report_id]


def report_name(pkg: Package, report_id: str) -> str:
    """A report as a table names it: its issuer and date ("CJTF-OIR, 27 September 2018", "VOP
    Today News, undated")."""
    published = report_row(pkg, report_id)["published"]
    when = periods.label(published) if pd.notna(published) and str(published) else "undated"
    return f"{headlines.issuer_name(pkg, report_id)}, {when}"


def reader_text(pkg: Package, text: object) -> object:
    """Curated or generated text as a reader reads it (findings.worded: every id it mentions in the
    words a reader knows it by, its ISO dates in words); anything that is not text comes back as it
    is."""
    return worded(pkg, text) if isinstance(text, str) else text


def no_more_charts(charts: list) -> str:
    """What the report page's "More charts" says when it has none to show: "No other chart
    suits …" after a first chart, "No chart suits …" where there was none at all."""
    return f"No {'other ' if charts else ''}chart suits this report's figures."


# a check that does not pass, as the line "What checks out" says it: (several, one)
NOT_PASSING = {
    "fail": ("do not check out", "does not check out"),
    "warning": ("need a caveat", "needs a caveat"),
    "unchecked": ("cannot be checked", "cannot be checked"),
}


def report_heading(pkg: Package, report_id: str) -> HTML:
    """The top of a report's page: its human title, who issued it and when, its status in words
    (who did what), and a short paragraph saying what does not check out, what needs a caveat and
    how many checks pass. The report id stays in an attribute, for a fact-checker."""
    report = report_row(pkg, report_id)
    mine = checks.run_checks(pkg, report_id)
    standing = headlines.report_standing(pkg, report_id)
    found = headlines.collection_findings(pkg)
    # (sentence, does it fail, is it about this report's own printing?): a page whose figure
    # the finding blames, or, where it blames none, the page that printed the figure first
    findings_here = [
        (
            sentence,
            severity == "fail",
            report_id in printed_by if printed_by else reports[0] == report_id,
        )
        for sentence, severity, reports, printed_by in zip(
            found["sentence"], found["severity"], found["reports"], found["printed_by"], strict=True
        )
        if report_id in reports
    ]
    kind = KIND_PHRASE.get(report["kind"], "A report")
    # its own carrier by name, and how many more pages carry it (each is named in its card)
    more = len(_carrier_pages(pkg, report_id, report["carried_by"])) - 1
    carried = (
        f", carried to us by {headlines.issuer_name(pkg, report['carried_by'])}"
        + (f" and {formatting.counted(more, 'other page')}" if more else "")
        if pd.notna(report["carried_by"])
        else ""
    )
    byline = (
        f"{kind} by {headlines.issuer_name(pkg, report_id)}{carried}, "
        f"{_published(report['published'])}. It covers "
        f"{place_words(pkg, report['geography'])}, "
        f"{_covers(pkg, report_id, report['period_start'], report['period_end'])}."
        + _corrections(pkg, report_id, report)
    )
    paragraphs = [f'<p class="civcas-byline">{esc(byline)}</p>']
    counts = checks.status_counts(mine)
    words = headlines.status_words(standing, counts)
    verdict = words[:1].upper() + words[1:]
    paragraphs.append(
        f'<p class="civcas-verdict civcas-verdict-{esc(standing.kind)}"><strong>'
        f"{esc(verdict)}.</strong></p>"
    )
    # a finding is this report's own when it is about its own printing; else others cite it
    for label, fails, own in (
        ("What does not check out", True, True),
        ("Where others get it wrong", True, False),
        ("Caveats", False, True),
        ("Caveats where others cite it", False, False),
    ):
        chosen = [
            sentence
            for sentence, failing, printed_first in findings_here
            if (failing, printed_first) == (fails, own)
        ]
        if chosen:
            items = "".join(f"<li>{esc(sentence)}</li>" for sentence in chosen)
            paragraphs.append(
                f'<p class="civcas-summary"><strong>{label}</strong></p><ul>{items}</ul>'
            )
    total = sum(counts.values())
    # "0 of 2 checks pass" under "What checks out" read as if something did
    # and where none passes, what they are instead ("2 need a caveat" read as 2 failures)
    instead = formatting.and_list(
        f"{'its one check' if total == 1 else counts[status]} {verbs[counts[status] == 1]}"
        for status, verbs in NOT_PASSING.items()
        if counts.get(status)
    )
    passing = (
        f"{counts['pass']} of {total} {'check passes' if total == 1 else 'checks pass'}"
        if counts["pass"]
        else f"nothing: {instead}"
        if total == 1
        else f"none of its {total} checks: {instead}"
    )
    paragraphs.append(
        f"<p><strong>What checks out:</strong> {passing}; each check is listed below with "
        "what was expected, what was found and the evidence.</p>"
        if total
        else "<p>No check concerns this report's figures yet.</p>"
    )
    body = "".join(paragraphs)
    out = (
        f'<div class="civcas-heading" data-report-id="{esc(report_id)}">'
        f"<h1>{esc(headlines.report_title(pkg, report_id))}</h1>{body}</div>"
    )
    text = re.sub(r"<[^>]+>", "", re.sub(r"</(p|h1|li)>", "\n", out))
    return HTML(out, html.unescape(text).strip())


def _corrections(pkg: Package, report_id: str, report: pd.Series) -> str:
    """What a page says of corrections (reports.csv `corrects`): " It corrects the release of 27
    February 2019, replacing the counts it restates." on a correction, " Corrected by the
    correction of 5 March 2019." on the release it corrects; "" for any other report."""
    words = ""
    corrects = report.get("corrects") if "corrects" in report.index else None
    if isinstance(corrects, str) and corrects:
        that = f"that {headlines.kind_noun(pkg, corrects)} gave"
        words += (
            f" It corrects {headlines.source_ref(pkg, corrects)}, replacing the counts it restates"
            f"{_revisions(pkg, corrects, report_id, that)}."
        )
    if "corrects" in pkg.reports.columns:
        by = pkg.reports.loc[pkg.reports["corrects"] == report_id, "report_id"].tolist()
        for correction in by:
            this = f"this {headlines.kind_noun(pkg, report_id)} gave"
            words += (
                f" Corrected by {headlines.source_ref(pkg, correction)}"
                f"{_revisions(pkg, report_id, correction, this)}."
            )
    return words


def _revisions(pkg: Package, corrected: str, correction: str, before: str) -> str:
    """What a correction gives otherwise than the release it corrects: each count it restates with
    another number (": civilians killed at least 1,415 where that release gave at least 1,417")
    and each it adds ("strikes 500, which that release did not give"); a count it does not restate
    stands as the release gave it. before: who gave the old numbers, as the sentence names it. ""
    when it restates every count alike."""
    figures = figure_frame(pkg).filter(pl.col("is_primary").fill_null(False))
    # one count of one thing: a count of another span (January's deaths beside the running total)
    # is another count, said with its span
    key = [
        "metric",
        "eff_geography",
        "governorate_pcode",
        "breakdown",
        "period_start",
        "period_end",
    ]

    def stated(report_id: str) -> dict[tuple, tuple[str, str]]:
        own = one_per_statement(figures.filter(pl.col("report_id") == report_id))
        return {
            tuple("" if row[c] is None else str(row[c]) for c in key): (
                f"{str(row['metric_label']).lower()}{part}{_span_words(row)}",
                formatting.value_words(
                    row["value"], row["qualifier"], row["low"], row["high"], row["unit"]
                ),
            )
            for row, part in zip(own.iter_rows(named=True), part_phrase(pkg, own), strict=True)
        }

    old, new = stated(corrected), stated(correction)
    changed = [
        f"{label} {given} where {before} {old[subject][1]}"
        if subject in old
        else f"{label} {given}, which {before.removesuffix(' gave')} did not give"
        for subject, (label, given) in new.items()
        if old.get(subject, (None, None))[1] != given
    ]
    return f": {'; '.join(changed)}" if changed else ""


def _span_words(row: Mapping[str, Any]) -> str:
    """ " (December 1989 to January 1990)" for a count of a span of its own, else ""."""
    start, end = row["period_start"], row["period_end"]
    if all(v is None or v == "" for v in (start, end)):
        return ""
    return f" ({periods.span(start, end)})"


def _published(published: object) -> str:
    """ "published on 27 September 2018", "published in July 2018", "date not stated"."""
    if pd.isna(published) or not str(published):
        return "date not stated"
    return f"published {periods.on(published)}"


def _covers(pkg: Package, report_id: str, start: object, end: object) -> str:
    """The period a report covers (_span); for a report that states none, "periods as each
    figure gives them" when every figure it gives or carries has a period of its own."""
    if pd.notna(start) or pd.notna(end):
        return _span(start, end)
    starts, ends = (involved_values(pkg, report_id, f"eff_period_{e}") for e in ("start", "end"))
    dated = starts.notna().to_numpy() | ends.notna().to_numpy()
    return "periods as each figure gives them" if len(dated) and dated.all() else _span(start, end)


def _span(start: object, end: object) -> str:
    """The period a report or figure covers in words: "August 2014 to April 2018", "since August
    2014", "up to 31 August 2018", "period not stated"."""
    known = [pd.notna(v) and bool(str(v)) for v in (start, end)]
    if all(known):
        return f"{periods.label(start)} to {periods.label(end)}"
    if known[0]:
        return f"since {periods.label(start)}"
    if known[1]:
        return f"up to {periods.label(end)}"
    return "period not stated"


def _carrier_pages(pkg: Package, report_id: str, carried_by: object) -> list[str]:
    """The pages a report is read on, each once: its own carrier (reports.csv), if any, then each
    further one (carriers.csv)."""
    further = pkg.frames["carriers"].filter(pl.col("report_id") == report_id)["carried_by"]
    pages = [carried_by] if pd.notna(carried_by) else []
    return list(dict.fromkeys(pages + [page for page in further.to_list() if page != report_id]))


def _reaches_us_through(pkg: Package, report_id: str, carried_by: object) -> str:
    """Every page a report is read on (_carrier_pages), named once each and set apart by
    semicolons; "read directly" when it is read on its own page only."""
    pages = _carrier_pages(pkg, report_id, carried_by)
    names = list(dict.fromkeys(report_name(pkg, page) for page in pages))
    if not names:
        return "read directly"
    # a page's name holds a comma ("CIVIC, 30 July 2018"): the pages are set apart by semicolons
    return "; ".join(names) + (" (and read directly)" if pd.isna(carried_by) else "")


def provenance(pkg: Package, report_id: str) -> pd.DataFrame:
    """Where the report comes from, one fact a row (columns fact and value): issuer, dates, URL,
    coverage and notes for every reader; then, folded away for fact-checkers, the report id, the
    issuer as written and, for a held document, its file, hash, licence and how we read it. Shown
    as a card titled with the report's human title."""
    report = report_row(pkg, report_id)
    carried_by = report["carried_by"]
    items = [
        ("Issuer", report["issuer"]),
        ("Kind", str(report["kind"]).replace("_", " ")),
        ("Published", periods.label(report["published"])),
        ("What is known of the date", report["published_note"]),
        ("Reaches us through", _reaches_us_through(pkg, report_id, carried_by)),
        ("URL", report["url"]),
        (
            "Covers",
            f"{place_words(pkg, report['geography'])}, "
            f"{_covers(pkg, report_id, report['period_start'], report['period_end'])}",
        ),
        ("Coverage", report["coverage_note"]),
        ("Notes", report["notes"] if pd.notna(report["notes"]) else "none"),
    ]
    if pd.notna(report["confirmed_on"]):
        confirmed = periods.label(report["confirmed_on"].strftime("%Y-%m-%d"))
    elif pd.notna(report["document_id"]):
        confirmed = "not applicable (held in data/raw/)"
    else:
        confirmed = None
    details = [
        ("Report id", report_id),
        ("Issuer as written", report["issuer_as_written"]),
        ("Confirmed in a stored copy on", confirmed),
    ]
    if pd.notna(report["document_id"]):
        document = pkg.documents.set_index("document_id").loc[report["document_id"]]
        details += [
            ("Raw file", document["path"]),
            ("sha256", document["sha256"]),
            ("Received as", document["received_as"]),
            ("Licence", document["licence"]),
            ("How we read it", document["transcription_notes"]),
        ]
    items = [(fact, reader_text(pkg, value)) for fact, value in items]
    # untitled: the section it stands in is headed "Where the report comes from"
    return as_card(items, details=details)


def figures_table(pkg: Package, report_id: str) -> pd.DataFrame:
    """Every figure statement involving the report, one a row, in readers' words: what the figure
    counts (metric, subgroup, place, period), the value as stated, whose figure it is and where it
    is printed, the source's words and our reading; then the figure, report and carrier ids, kept
    out of sight for a fact-checker. Shown as a table captioned with the count."""
    figures = involved_figures(pkg, report_id)
    governorates = _governorates(pkg)
    shown = pd.DataFrame(
        {
            "what it counts": [
                _figure_label(
                    pkg, dict(zip(FIGURE_LABEL_COLUMNS, values, strict=True)), governorates
                )
                for values in zip(*(figures[c] for c in FIGURE_LABEL_COLUMNS), strict=True)
            ],
            "value": [
                formatting.value_words(value, qualifier, low, high, unit)
                for value, qualifier, low, high, unit in zip(
                    figures["value"],
                    figures["qualifier"],
                    figures["low"],
                    figures["high"],
                    figures["unit"],
                    strict=True,
                )
            ],
            "whose figure, where printed": _whose_column(pkg, figures),
            "source's words": figures["quote"].fillna("(not copied: read it at the source)"),
            "our reading": [
                reader_text(pkg, text) if pd.notna(text) else ""
                for text in figures["interpretation"]
            ],
            "figure id": figures["figure_id"],
            "report id": figures["report_id"],
            "carried by id": figures["carried_by"],
            "source address": figures["carrier_url"].where(figures["quote"].isna()),
        }
    )
    count = len(shown)
    return as_table(
        shown.reset_index(drop=True),
        caption=f"{count} {'statement' if count == 1 else 'statements'} of a figure",
        hidden=["figure id", "report id", "carried by id", "source address"],
        anchor="figure id",
        links={"source's words": "source address"},
    )


def _governorates(pkg: Package) -> dict[str, str]:
    return dict(zip(pkg.governorates["pcode"], pkg.governorates["name_en"], strict=True))


# what _figure_label reads of a figure
FIGURE_LABEL_COLUMNS = [
    "eff_geography",
    "eff_place",
    "governorate_pcode",
    "breakdown",
    "eff_period_start",
    "eff_period_end",
    "metric_label",
    "as_of_label",
    "metric_span",
    "increment_of",
]


def _figure_label(pkg: Package, figure: Mapping[str, Any], governorates: dict[str, str]) -> str:
    """What a figure counts, in words: "Civilians killed in Syria, under the Obama administration,
    since 23 September 2014 (data to January 2017)"; a count of what one release adds or reports
    for its month (metrics.csv span "release") with no start of its own, by its date alone:
    "Civilian deaths in the reports assessed in Iraq and Syria (data to 30 June 2018)"."""
    place = figure["eff_place"]
    if pd.notna(figure["governorate_pcode"]):
        place = governorates.get(figure["governorate_pcode"], place) + f", {place}"
    breakdown = figure["breakdown"]
    group = "" if pd.isna(breakdown) else f", {group_words(pkg, breakdown, phrase=True)}"
    start, as_of = figure["eff_period_start"], figure["as_of_label"]
    what = f"{figure['metric_label']} in {place}{group}"
    end = figure["eff_period_end"]
    if pd.notna(start) and pd.notna(end) and str(end)[:7] == str(start)[:7]:
        # a period of one month: a monthly count, or a stock at that month ("reports still open")
        return f"{what}, {periods.on(start)} ({as_of})"
    if pd.notna(start):
        # a rise: "Civilians killed since the previous release …, after July 2018" (the month the
        # previous release's data ran to), never "since" twice
        since = "after" if pd.notna(figure["increment_of"]) else "since"
        return f"{what}, {since} {periods.label(start)} ({as_of})"
    if as_of == periods.UNSTATED:  # neither end known: said once
        return f"{what} (dates not stated)"
    if figure["metric_span"] == "release":  # what one release adds: it has no start of its own
        return f"{what} ({as_of})"
    return f"{what}, start not stated ({as_of})"


def _whose_column(pkg: Package, figures: pd.DataFrame) -> list[str]:
    """_printed_where of each figure of a frame (the tables' "whose figure, where printed")."""
    return [
        _printed_where(pkg, owner, carrier, locator, series)
        for owner, carrier, locator, series in zip(
            figures["report_id"],
            figures["carried_by"],
            figures["locator"],
            figures["series"],
            strict=True,
        )
    ]


def _printed_where(
    pkg: Package, owner: str, carrier: object, locator: object, series: object = None
) -> str:
    """Whose figure it is and where it is printed: "CJTF-OIR's, as VOP Today News prints it
    (headline)" or "SNHR's own (table 2)"; a news article's own figure for an issuer's series,
    "for CJTF-OIR's count, as teleSUR gives it (paragraph 2)" (never "teleSUR's own")."""
    where = f" ({locator})" if pd.notna(locator) else ""
    issuer = headlines.issuer_name(pkg, owner)
    if pd.isna(carrier) or carrier == owner:
        if pd.notna(series) and headlines.kind_noun(pkg, owner) == "article":
            whose = formatting.possessive(headlines.series_issuer(pkg, str(series)))
            return f"for {whose} count, as {issuer} gives it{where}"
        return f"{formatting.possessive(issuer)} own{where}"
    carrier_name = headlines.issuer_name(pkg, str(carrier))
    return f"{formatting.possessive(issuer)}, as {carrier_name} prints it{where}"


def results_table(pkg: Package, results: pd.DataFrame, caption: str) -> pd.DataFrame:
    """The findings as readers read them (RESULT_COLUMNS: status, what was checked, expected,
    found, difference, evidence; ids replaced by names), failures first, then the result, check and
    rule ids kept out of sight for a fact-checker; a missing value as "". Shown as a table under
    caption, each row anchored by its result id (display.anchor_id)."""
    # by status, in the order of the checks within one; a status not in STATUS_ORDER last
    statuses = results["status"].tolist()
    order = sorted(
        range(len(results)), key=lambda n: STATUS_ORDER.get(statuses[n], len(STATUS_ORDER))
    )

    def ordered(column: str) -> list:
        values = list(results[column])
        return [values[n] for n in order]

    shown = pd.DataFrame(
        {
            label: [
                "" if pd.isna(v) else reader_text(pkg, v) if isinstance(v, str) else v
                for v in ordered(column)
            ]
            for column, label in RESULT_COLUMNS.items()
        }
        | {label: ordered(column) for column, label in RESULT_IDS.items()}
        | {"status": ordered("status")}
    )
    # a difference is what a reader must reconcile: none on a check that passes (an "at least
    # 459" within 459–591 differs from its far end by a number that means nothing)
    difference = RESULT_COLUMNS["difference"]
    shown[difference] = [
        ""
        if status == "pass"
        else int(value)
        if isinstance(value, float) and value.is_integer()  # a count's: whole
        else value
        for status, value in zip(shown["status"], shown[difference], strict=True)
    ]
    return as_table(shown, caption=caption, hidden=list(RESULT_IDS.values()), anchor="result id")


def _counted(counts: dict[str, int]) -> str:
    """ "2 do not check out, 1 needs a caveat, 30 check out" from status counts."""
    return (
        f"{counts['fail']} {'does' if counts['fail'] == 1 else 'do'} not check out, "
        f"{counts['warning']} {'needs' if counts['warning'] == 1 else 'need'} a caveat, "
        f"{counts['pass']} {'checks' if counts['pass'] == 1 else 'check'} out"
        + (f", {counts['unchecked']} cannot be checked" if counts.get("unchecked") else "")
    )


def report_checks(pkg: Package, report_id: str) -> pd.DataFrame:
    """The findings of every check involving the report (results_table), failures first,
    captioned with how many fail, warn and pass."""
    results = checks.run_checks(pkg, report_id)
    counts = checks.status_counts(results)
    return results_table(
        pkg, results, f"{formatting.counted(len(results), 'check')}: {_counted(counts)}"
    )


def crosscheck_summary(pkg: Package, results: pd.DataFrame) -> pd.DataFrame:
    """One row per check: what it checks (checks.csv's statement), what a failure of it means, and
    how many of its findings fail, warn and pass; its check id and rule kept out of sight. Shown as
    a table captioned with the totals."""
    counts = checks.status_counts(results)
    by_check = pd.crosstab(results["check_id"], results["status"]).reindex(
        columns=["fail", "warning", "pass"], fill_value=0
    )
    first = results.drop_duplicates("check_id").set_index("check_id")
    statements = dict(zip(pkg.checks["check_id"], pkg.checks["statement"], strict=True))
    by_check = by_check.reset_index()
    shown = pd.DataFrame(
        {
            "check": [statements.get(c, "") for c in by_check["check_id"]],
            "a failure means": [
                "a contradiction" if first.loc[c, "severity"] == "fail" else "a caveat"
                for c in by_check["check_id"]
            ],
            "do not check out": by_check["fail"].tolist(),
            "need a caveat": by_check["warning"].tolist(),
            "check out": by_check["pass"].tolist(),
            "check id": by_check["check_id"].tolist(),
            "rule": [first.loc[c, "rule"] for c in by_check["check_id"]],
        }
    )
    return as_table(
        shown,
        caption=f"{formatting.counted(len(results), 'result')}: {_counted(counts)}",
        hidden=["check id", "rule"],
    )


# what results of a status do, said of one result and of several
STATUS_CAPTION = {
    "fail": ("does not check out", "do not check out"),
    "warning": ("needs a caveat", "need a caveat"),
    "pass": ("checks out", "check out"),
    "unchecked": ("cannot be checked", "cannot be checked"),
}


def findings(pkg: Package, results: pd.DataFrame, status: str) -> pd.DataFrame:
    """The findings with this status (results_table), captioned with their number in words."""
    chosen = results[results["status"] == status]
    one, several = STATUS_CAPTION.get(status, (status, status))
    words = one if len(chosen) == 1 else several
    return results_table(pkg, chosen, f"{formatting.counted(len(chosen), 'result')} {words}")


def comparisons(pkg: Package, results: pd.DataFrame) -> pd.DataFrame:
    """The ratios between figures (rule comparable_coverage): status, what is compared, the ratio
    with any mismatch of places or periods stated, and the evidence; the result id out of sight.
    Shown as a table."""
    ratios = results[results["rule"] == "comparable_coverage"]
    shown = pd.DataFrame(
        {
            "status": ratios["status"].tolist(),
            "what is compared": [reader_text(pkg, v) for v in ratios["statement"]],
            "ratio, with any mismatch stated": [reader_text(pkg, v) for v in ratios["observed"]],
            "evidence": [reader_text(pkg, v) for v in ratios["evidence"]],
            "result id": ratios["result_id"].tolist(),
        }
    )
    return as_table(
        shown,
        caption="Ratios between figures: like for like only when places and periods match",
        hidden=["result id"],
    )


def overview_table(pkg: Package) -> pd.DataFrame:
    """One row per report: its human title (linking to its page), issuer, kind, publication date,
    coverage, how many figures it states and carries, its status in words (who did what) and the
    counts of the checks involving it by status; then its report id, page and the overall status
    of its checks (fail, warning, pass or "no checks"), for filtering."""
    figures = effective_figures(pkg)
    page_counts = headlines.page_check_counts(pkg)
    given, carried = figures["report_id"].value_counts(), figures["carried_by"].value_counts()
    rows = []
    for _, report in pkg.reports.iterrows():
        rid = report["report_id"]
        counts = page_counts[rid]
        rows.append(
            {
                "report": headlines.report_title(pkg, rid),
                "issuer": headlines.issuer_name(pkg, rid),
                "kind": str(report["kind"]).replace("_", " "),
                "published": periods.label(report["published"]),
                "covers": (
                    f"{place_words(pkg, report['geography'])}, "
                    f"{_covers(pkg, rid, report['period_start'], report['period_end'])}"
                ),
                "figures": int(given.get(rid, 0)),
                "carried here": int(carried.get(rid, 0)),
                "what the checks say": headlines.status_words(
                    headlines.report_standing(pkg, rid), counts
                ),
                "do not check out": counts["fail"],
                "need a caveat": counts["warning"],
                "check out": counts["pass"],
                "report id": rid,
                "page": f"report-{rid}.html",
                "status": checks.worst_status(s for s, n in counts.items() if n),
            }
        )
    return as_table(
        pd.DataFrame(rows),
        caption="Every report and what the checks involving it say",
        hidden=["report id", "page", "status"],
        links={"report": "page"},
    )


# what a point of a timeline is, by its kind in the chart's data
TIMELINE_KINDS = {
    "release": "release",
    "news_article": "news article's claim",
    "monitor_estimate": "monitor's estimate",
    "monitor_report": "monitor's report",
    "official_release": "a release as a page prints it",
}
# a monitor's own point on its running total: an update, not a release
MONITOR_UPDATE = "monitor's update"


def timeline_table(pkg: Package, chart: charts.Chart) -> pd.DataFrame:
    """Every point of a timeline chart, one a row in readers' words, metric by metric (the chart's
    panels in order) and by date: the date a point stands for, what it is, its value, whose figure
    it is and where it is printed, and whether the chart labels it; the figure id out of sight.
    The chart labels only some releases (the first, the last, the biggest rises), so this table is
    where a reader finds each release's value and date. Shown as a table."""
    figures = effective_figures(pkg).set_index("figure_id")
    points = chart.data[chart.data["figure_id"].isin(figures.index)]
    panels = list(dict.fromkeys(points["metric"]))
    # undated figures last
    points = points.assign(
        _panel=points["metric"].map(panels.index), _undated=points["as_of"].fillna("") == ""
    ).sort_values(["_panel", "_undated", "as_of"], kind="stable")
    drawn = figures.loc[points["figure_id"]]
    labelled = (
        points["labelled"].fillna(False).astype(bool).tolist()
        if "labelled" in points
        else [True] * len(points)
    )
    # a release pages print two ways, neither shown wrong: "3,035 (also printed as 3,037)", as
    # the chart draws it
    otherwise = printed_otherwise(pkg, figures.reset_index())
    corrects = (
        pkg.reports.set_index("report_id")["corrects"].dropna().to_dict()
        if "corrects" in pkg.reports
        else {}
    )
    shown = pd.DataFrame(
        {
            "date": drawn["as_of_label"].tolist(),
            "what": [
                f"{label} in {place}"
                for label, place in zip(drawn["metric_label"], drawn["eff_place"], strict=True)
            ],
            "kind": [
                (
                    MONITOR_UPDATE
                    if k == "release" and str(report_kind).startswith("monitor_")
                    else TIMELINE_KINDS.get(k, str(k).replace("_", " "))
                )
                + _correcting(pkg, figures, figure_id, corrects)
                for k, report_kind, figure_id in zip(
                    points["kind"], drawn["report_kind"], drawn.index, strict=True
                )
            ],
            "value": [
                formatting.value_words(v, q, lo, hi, unit)
                + (f" (also printed as {otherwise[f]})" if f in otherwise else "")
                for v, q, lo, hi, unit, f in zip(
                    drawn["value"],
                    drawn["qualifier"],
                    drawn["low"],
                    drawn["high"],
                    drawn["unit"],
                    drawn.index,
                    strict=True,
                )
            ],
            "whose figure, where printed": _whose_column(pkg, drawn),
            "labelled on the chart": ["yes" if k else "no" for k in labelled],
            "figure id": drawn.index.tolist(),
        }
    )
    releases = int((points["kind"] == "release").sum())
    own = "update" if shown["kind"].str.startswith(MONITOR_UPDATE).any() else "release"
    return as_table(
        shown,
        caption=(
            f"Every point on the timeline: {formatting.counted(releases, own)} and "
            f"{formatting.counted(len(points) - releases, 'other figure')}, by metric and date"
        ),
        hidden=["figure id"],
    )


def _correcting(
    pkg: Package, figures: pd.DataFrame, figure_id: str, corrections: Mapping[str, str]
) -> str:
    """For a point of a report that corrects another (corrections: report id -> the one it
    corrects, reports.csv `corrects`), what it corrects and what that gave for the same count:
    ", correcting the report of 15 July 2019, which gave more than 180" (the corrected figure is
    no point of the chart); "" for any other point."""
    figure = figures.loc[figure_id]
    corrects = corrections.get(figure["report_id"])
    if not isinstance(corrects, str) or not corrects:
        return ""
    same = figures[
        (figures["report_id"] == corrects)
        & (figures["metric"] == figure["metric"])
        & (figures["eff_geography"] == figure["eff_geography"])
    ]
    # its own record first (as read on its own page or its registered carrier), not a page's copy
    same = same.sort_values("is_primary", ascending=False, kind="stable")
    gave = (
        ", which gave "
        + formatting.value_words(*same.iloc[0][["value", "qualifier", "low", "high"]])
        if len(same)
        else ""
    )
    return f", correcting {headlines.source_ref(pkg, corrects)}{gave}"


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
    return results_table(
        pkg, mine, f"{formatting.counted(len(mine), 'check')} on the series: {_counted(counts)}"
    )


def page_heading(title: str, lede: str) -> HTML:
    """The top of a page that is not a report's: its title and a one-paragraph lede (plain text,
    escaped)."""
    return HTML(
        f'<div class="civcas-heading"><h1>{esc(title)}</h1><p>{esc(lede)}</p></div>',
        f"{title}\n{lede}",
    )


def section(title: str, lede: str) -> HTML:
    """A section of a page that only a view knows it has (a report's maps): its heading, with the
    anchor a markdown heading of that title gets, so that the page's contents list it, and a
    one-paragraph lede (plain text, escaped)."""
    anchor = anchor_id(title.replace(" ", "-"))
    return HTML(f'<h2 id="{esc(anchor)}">{esc(title)}</h2><p>{esc(lede)}</p>', f"{title}\n{lede}")


def maps_heading() -> HTML:
    """The heading of a report's maps (shown only above a map: a report that gives no figure by
    governorate has no such section)."""
    return section(
        "By governorate, on a map",
        "Each governorate the report gives a count for is a circle at its centre, the circle's "
        "area in proportion to the count; a cross marks a governorate with no figure. Each map is "
        "also saved as SVG, PNG and the CSV of its data, with the governorates' coordinates.",
    )


def key_findings(pkg: Package, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The collection's findings in plain sentences, most serious first (headlines'
    collection_findings): how serious, what kind, the sentence linking to the page with its
    evidence; the reports, results and figures it rests on kept out of sight. Shown as a table."""
    found = headlines.collection_findings(pkg, results)
    shown = pd.DataFrame(
        {
            "status": found["severity"].tolist(),
            "finding": found["sentence"].tolist(),
            "kind": found["kind"].tolist(),
            "evidence page": found["evidence_page"].tolist(),
            "report ids": ["; ".join(ids) for ids in found["reports"]],
            "result ids": ["; ".join(ids) for ids in found["result_ids"]],
        }
    )
    count = len(shown)
    return as_table(
        shown,
        caption=f"{count} {'finding' if count == 1 else 'findings'}, most serious first",
        hidden=["evidence page", "report ids", "result ids"],
        links={"finding": "evidence page"},
    )


CROSSCHECK_TITLE = "Cross-check: every check and its result"


def crosscheck_heading(pkg: Package, results: pd.DataFrame) -> HTML:
    """The top of the cross-check page: what the checks found, in counts, then how to read them."""
    counts = checks.status_counts(results)
    lede = (
        f"Of {formatting.counted(len(results), 'check')} run over "
        f"{formatting.counted(len(pkg.reports), 'report')}, {_counted(counts)}. "
        "Where figures do not check out, they cannot all be right; a caveat means a comparison "
        "needs one. Nothing is averaged away: each result names the figures and quotes the "
        "evidence."
    )
    return page_heading(CROSSCHECK_TITLE, lede)


def series_heading(pkg: Package, series: str) -> HTML:
    """The top of a series' timeline page: its human title and a paragraph on what the checks of
    the series found (series_checks' counts in words)."""
    results = series_checks(pkg, series)
    counts = {status: int((results["status"] == status).sum()) for status in STATUS_ORDER}
    whose = formatting.possessive(headlines.series_issuer(pkg, series))
    lede = (
        f"{whose} running totals by the date their data run to, "
        "with monitors' estimates and news articles' claims on the same axes. "
        f"Of {formatting.counted(len(results), 'check')} on the series, {_counted(counts)}."
    )
    return page_heading(headlines.series_title(pkg, series), lede)
