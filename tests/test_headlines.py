"""The collection's findings in plain sentences and the statuses that say who did what: no internal
id in a sentence, most serious first, and each finding computed from the data (an edit in a copy
adds one; the original has none)."""

from __future__ import annotations

import re

import pytest
import records

from helpers import formatting
from helpers.checks import crosscheck
from helpers.data import periods
from helpers.formatting import num
from helpers.present import headlines

CHECK_RESULT = re.compile(r"\b[A-Z]+(?:-[A-Z]+)*/\d+\b")
TOKENS = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]{3}\+[A-Z]{3}\b|\b\d{4}-\d{2}\b")


def internal_ids(pkg) -> set[str]:
    """Every id a reader must not see: reports', figures', series' and checks' ids."""
    return (
        set(pkg.reports["report_id"])
        | set(pkg.figures["figure_id"])
        | set(pkg.figures["series"].dropna())
        | set(pkg.checks["check_id"])
    )


def ids_in(text: str, ids: set[str]) -> list[str]:
    found = [i for i in ids if i in text]
    return found + CHECK_RESULT.findall(text) + TOKENS.findall(text)


@pytest.fixture(scope="module")
def results(pkg):
    return crosscheck.run_checks(pkg)


@pytest.fixture(scope="module")
def findings(pkg, results):
    return headlines.collection_findings(pkg, results)


def test_every_breach_is_told_and_no_pass(results, findings):
    # a finding that cannot be checked is no breach
    breaches = set(results.loc[results["status"].isin(["fail", "warning"]), "result_id"])
    told = [r for ids in findings["result_ids"] for r in ids]
    assert sorted(told) == sorted(breaches) and len(told) == len(set(told))
    assert len(findings) <= len(breaches)


def test_sentences_hold_no_internal_id(pkg, findings):
    ids = internal_ids(pkg)
    assert len(findings)
    # a name its owner writes in lower case ("teleSUR") may start a sentence as it is
    names = {formatting.issuer_name(str(issuer)) for issuer in pkg.reports["issuer"]}
    for sentence in findings["sentence"]:
        assert ids_in(sentence, ids) == [], sentence
        starts_with_name = any(sentence.startswith(name + " ") for name in names)
        assert (sentence[0].isupper() or starts_with_name) and sentence.endswith("."), sentence


def test_most_serious_first(results, findings):
    ranks = list(findings["rank"])
    assert ranks == sorted(ranks)
    rules = results.set_index("result_id")["rule"]
    for row in findings.itertuples():
        rule = rules[row.result_ids[0]]
        assert row.rank == headlines.RULE_RANK.get(rule, headlines.UNRANKED[row.severity])
    severities = results.set_index("result_id")["status"]
    worst = min(findings["rank"])
    assert {severities[r] for r in findings.iloc[0]["result_ids"]} and findings.iloc[0][
        "rank"
    ] == worst


def test_findings_are_ranked_as_the_verdicts_they_give_are(pkg):
    """A rule whose failure gives a figure a verdict (verdict_rules.csv, its row for any claim) is
    ranked among findings as that verdict is among verdicts (verdicts.csv): the data decides which
    finding is more serious, and the index's order follows it."""
    rules = {row["check_id"]: row["rule"] for row in pkg.frames["checks"].to_dicts()}
    verdict_rank = {row["verdict"]: row["rank"] for row in pkg.frames["verdicts"].to_dicts()}
    given = {}
    for row in pkg.frames["verdict_rules"].to_dicts():
        plain = not (row["claim_kind"] or row["observed_contains"] or row["evidence"])
        if row["status"] == "fail" and row["verdict"] and plain and row["check_id"] in rules:
            given.setdefault(rules[row["check_id"]], verdict_rank[row["verdict"]])
    assert len(given) >= 4, given  # the test shows something
    ranked = sorted(given, key=given.get)
    assert sorted(ranked, key=lambda rule: headlines.RULE_RANK[rule]) == ranked, {
        rule: (given[rule], headlines.RULE_RANK[rule]) for rule in ranked
    }


def test_a_count_explained_by_a_later_release_says_the_page_could_not_have_quoted_it(pkg, findings):
    """A figure no release gave may equal another count of a release: when that release came out
    after the page, the sentence says so (the page cannot have quoted it)."""
    import re
    from datetime import datetime

    published = {r["report_id"]: r["published"] for r in pkg.frames["reports"].to_dicts()}
    explained = re.compile(r"is the count of [^;)]* in the release of (\d{1,2} \w+ \d{4})")
    seen = 0
    for row in findings.itertuples():
        match = explained.search(row.sentence)
        page = str(published.get(row.reports[0], "")) if row.reports else ""
        if not match or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", page):
            continue
        seen += 1
        later = datetime.strptime(match.group(1), "%d %B %Y").date().isoformat() > page
        assert ("out after the page's date" in row.sentence) is later, row.sentence
    assert seen, "no finding explains a count by another release: the test shows nothing"


def test_repeated_findings_of_one_kind_make_one_sentence(pkg, results, findings):
    """One value printed against one later release makes one sentence, however many times the
    article prints it."""
    assert len(findings["sentence"]) == len(set(findings["sentence"]))
    falls = results[(results["rule"] == "cumulative_never_falls") & (results["status"] != "pass")]
    figures = pkg.figures.set_index("figure_id")
    same = {
        tuple(figures.loc[f, ["carried_by", "report_id", "metric", "value"]])
        for ids in falls["blamed_ids"]
        for f in ids.split("; ")
    }
    told = findings["result_ids"].map(lambda ids: bool(set(ids) & set(falls["result_id"])))
    assert int(told.sum()) == len(same)


def _restated_about(findings, results, figure_id):
    restated = set(results.loc[results["rule"] == "restated_values_agree", "result_id"])
    return findings[
        findings["result_ids"].map(lambda ids: bool(restated & set(ids)))
        & findings["figure_ids"].map(lambda ids: figure_id in ids)
    ]


def test_a_contradiction_added_in_a_copy_is_found_and_gone_when_removed(data_copy, pkg):
    from helpers.data import load

    figures = pkg.figures.set_index("figure_id")
    results = crosscheck.run_checks(pkg)
    agreeing = results[(results["rule"] == "restated_values_agree") & (results["status"] == "pass")]
    stated = [ids.split("; ") for ids in agreeing["figure_ids"]]
    twice = next(ids for ids in stated if figures.loc[ids, "carried_by"].nunique() > 1)
    target = twice[-1]
    report_id = figures.loc[target, "report_id"]
    value = int(figures.loc[target, "value"])

    original = load.load_package(data_copy.root, trace_quotes=False)
    before = _restated_about(
        headlines.collection_findings(original), crosscheck.run_checks(original), target
    )
    assert before.empty

    data_copy.edit("figures", "figure_id", target, value=str(value + 1), value_as_written="")
    edited = load.load_package(data_copy.root, trace_quotes=False)
    results = crosscheck.run_checks(edited)
    after = _restated_about(headlines.collection_findings(edited, results), results, target)
    assert len(after) == 1
    sentence = after.iloc[0]["sentence"]
    assert num(value) in sentence and num(value + 1) in sentence
    assert headlines.issuer_name(edited, report_id) in sentence
    assert ids_in(sentence, internal_ids(edited)) == []

    data_copy.edit("figures", "figure_id", target, value=str(value))
    restored = load.load_package(data_copy.root, trace_quotes=False)
    assert _restated_about(
        headlines.collection_findings(restored), crosscheck.run_checks(restored), target
    ).empty


def test_a_misquote_is_counted_against_the_report_that_printed_it(pkg, results):
    breaches = results[(results["status"] == "fail") & (results["blamed_ids"] != "")]
    figures = pkg.figures.set_index("figure_id")
    pairs = {
        (figures.loc[f, "carried_by"], figures.loc[f, "report_id"])
        for ids in breaches["blamed_ids"]
        for f in ids.split("; ")
        if figures.loc[f, "carried_by"] != figures.loc[f, "report_id"]
    }
    assert pairs, "the curated data holds an article that misquotes a release"
    statuses = headlines.report_statuses(pkg, results).set_index("report_id")
    for carrier, issuer in pairs:
        assert (
            f"misquoted by {headlines.issuer_name(pkg, carrier)}" in statuses.loc[issuer, "status"]
        )
        assert f"misquotes {headlines.issuer_name(pkg, issuer)}" in statuses.loc[carrier, "status"]
        assert statuses.loc[carrier, "kind"] == "fail"
        own_breach = {
            figures.loc[f, "report_id"]
            for ids in breaches["blamed_ids"]
            for f in ids.split("; ")
            if figures.loc[f, "carried_by"] == figures.loc[f, "report_id"]
        }
        if issuer not in own_breach:
            assert statuses.loc[issuer, "kind"] == "misquoted"
        standing = headlines.report_standing(pkg, issuer, results)
        assert standing.words == headlines.report_status(pkg, issuer, results)


def test_statuses_are_words_without_ids(pkg, results):
    statuses = headlines.report_statuses(pkg, results)
    assert list(statuses["report_id"]) == list(pkg.reports["report_id"])
    assert set(statuses["kind"]) <= {"fail", "misquoted", "warning", "pass", "none"}
    for words in statuses["status"]:
        assert words and ids_in(words, internal_ids(pkg)) == [], words


def test_titles_and_issuer_names_are_human(pkg):
    for row in pkg.reports.itertuples():
        title = headlines.report_title(pkg, row.report_id)
        if row.title.startswith("["):
            assert "[" not in title and not re.search(r"\d{4}-\d{2}", title), title
        else:
            assert title == row.title
        name = headlines.issuer_name(pkg, row.report_id)
        assert name and "(" not in name and name in row.issuer, (name, row.issuer)
    assert periods.dates_in_words("release of 2018-09-27") == "release of 27 September 2018"
    for series in pkg.figures["series"].dropna().unique():
        assert series not in headlines.series_title(pkg, series)


def test_the_nearest_release_is_one_the_page_could_have_quoted(data_copy):
    records.add_series(data_copy, records.SERIES, records.ISSUER, "monthly", "admitted")
    releases = [
        ("zz-test-release-1", "1990-02-27", "1990-01", [("civilians_killed", 100)]),
        (
            "zz-test-release-2",
            "1990-03-28",
            "1990-02",
            [("civilians_killed", 130), ("civcas_reports_total", 207)],
        ),
        ("zz-test-release-3", "1990-11-20", "1990-10", [("civilians_killed", 205)]),
    ]
    for report_id, published, end, figures in releases:
        records.add_report(data_copy, report_id, published, end=end)
        for metric, value in figures:
            figure_id = f"{report_id}-{metric}".replace("_", "-")
            records.add_figure(data_copy, figure_id, report_id, metric, value, qualifier="exact")
    # a page of 2 April 1990 gives the reports received as deaths
    records.add_claim(data_copy, "1990-04-02", "civilians_killed", 207)
    pkg = data_copy.load()
    results = crosscheck.run_checks(pkg)
    found = headlines.collection_findings(pkg, results, fold=False)
    claim = found[found["figure_ids"].map(lambda ids: "zz-test-claim" in ids)]
    sentence = claim[claim["kind"] == headlines.RULE_SHORT["series_claim_matches_release"]]
    sentence = sentence["sentence"].item()
    # on the index, one error is one finding: the most serious says it, the other is folded in
    folded = headlines.collection_findings(pkg, results)
    shown = folded[folded["figure_ids"].map(lambda ids: "zz-test-claim" in ids)]
    assert shown["kind"].tolist() == [headlines.RULE_SHORT["reports_given_as_deaths"]]
    assert set(shown["result_ids"].item()) == {r for ids in claim["result_ids"] for r in ids}
    # the release current on the page's date first, never one published after the page
    current = periods.label("1990-03-28")
    assert f"current at the page's date: 130 in the release of {current}" in sentence
    assert periods.label("1990-11-20") not in sentence and "205" not in sentence
    # and what the number is: the count of reports that release gives
    reports = pkg.metrics.set_index("metric").loc["civcas_reports_total", "label"].lower()
    assert f"207 is the count of {reports} in the release of {current}" in sentence


def test_a_page_dated_by_its_month_is_set_against_every_release_current_in_it(data_copy):
    records.add_series(data_copy, records.SERIES, records.ISSUER, "monthly", "admitted")
    releases = [
        ("zz-test-release-1", "1990-01-30", "1989-12", 2980),
        ("zz-test-release-2", "1990-03-05", "1990-01", 3480),
        ("zz-test-release-3", "1990-03-28", "1990-02", 3560),
    ]
    for report_id, published, end, value in releases:
        records.add_report(data_copy, report_id, published, end=end)
        records.add_figure(
            data_copy, f"{report_id}-civ", report_id, "civilians_killed", value, qualifier="exact"
        )
    # a page dated only "March 1990" prints 3,430: one digit off the release of 5 March
    records.add_claim(data_copy, "1990-03", "civilians_killed", 3430)
    pkg = data_copy.load()
    found = headlines.collection_findings(pkg, crosscheck.run_checks(pkg), fold=False)
    claim = found[found["figure_ids"].map(lambda ids: "zz-test-claim" in ids)]
    sentence = claim["sentence"].item()
    # the release current on 1 March, then the two out in March
    first, second, third = (
        periods.label(day) for day in ("1990-01-30", "1990-03-05", "1990-03-28")
    )
    assert (
        f"current in March 1990, the page's date: 2,980 in the release of {first}, 3,480 in the "
        f"release of {second} and 3,560 in the release of {third}" in sentence
    )
    assert "3,430 is 3,480 with one digit changed: perhaps a misprint" in sentence


@pytest.mark.parametrize("counts_deaths", [True, False])
def test_reports_given_as_people_are_said_not_to_be_deaths_only_for_a_count_of_deaths(
    data_copy, counts_deaths
):
    # which metrics count deaths is data: their HXL tag says +killed
    metrics = data_copy.rows("metrics")
    metric = next(
        row["metric"]
        for row in metrics
        if row["unit"] == "people"
        and not row["increment_of"]
        and ("killed" in row["hxl"].split("+")[1:]) is counts_deaths
    )
    records.add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    records.add_figure(
        data_copy,
        "zz-test-1990-01-reports",
        "zz-test-release-1990-01",
        "civcas_reports_total",
        1799,
        qualifier="exact",
    )
    pkg = records.add_claim(data_copy, "1990-03-02", metric, 1799)
    found = headlines.collection_findings(pkg, fold=False)
    sentence = found[found["kind"] == headlines.RULE_SHORT["reports_given_as_deaths"]]
    sentence = sentence[sentence["figure_ids"].map(lambda ids: "zz-test-claim" in ids)]
    ending = "not deaths." if counts_deaths else "not people."
    assert sentence["sentence"].item().endswith(f"reports of possible harm, {ending}")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "[Zz estimate, as cited with the zz release of Friday 2019-05-31 (ZZA, Zz News; ZZB, "
            "Zz Standard); our note]",
            "Zz estimate, as cited with the zz release of 31 May 2019 (ZZA, Zz News; ZZB, "
            "Zz Standard)",
        ),
        ("[Zz report of Monday 2 January 2017; our note]", "Zz report of 2 January 2017"),
        (
            "[Zz review (Dec 5, 2017) of 2017-11-30]",
            "Zz review (5 December 2017), 30 November 2017",
        ),
        ('[Zz copy, filed as "January 2, 2016"]', 'Zz copy, filed as "January 2, 2016"'),
        ("[Zz report «a; b» of zz; our note]", "Zz report «a; b» of zz"),
        (
            "Zz published title; Friday 31 May 2019 (ZZ",
            "Zz published title; Friday 31 May 2019 (ZZ",
        ),
    ],
)
def test_described_titles_are_never_cut_inside_brackets_and_read_dates_one_way(title, expected):
    """Our description loses the note after a "; " outside brackets only, and its dates read day
    first without a weekday; a quotation and a title as published keep their own words."""
    result = headlines.title_in_words(title)
    assert result == expected
    described = title.startswith("[")
    assert not described or result.count("(") == result.count(")")


@pytest.mark.parametrize(
    ("counts", "checks_out"),
    [
        ({"fail": 0, "warning": 0, "unchecked": 0, "pass": 3}, True),
        ({"fail": 0, "warning": 1, "unchecked": 0, "pass": 2}, False),
        ({"fail": 0, "warning": 0, "unchecked": 1, "pass": 1}, False),
    ],
)
def test_a_status_says_checks_out_only_when_every_check_shown_passes(counts, checks_out):

    words = headlines.status_words(headlines.Status("checks out", "pass"), counts)
    assert (words == "checks out") is checks_out
    total = sum(counts.values())
    if not checks_out:
        assert f"{counts['pass']} of {formatting.counted(total, 'check')}" in words
    failing = headlines.Status("misquotes ZZ", "fail")
    assert headlines.status_words(failing, counts) == failing.words
