"""Every check rule passes on the curated data where it should, and fails when the data is changed
to break it: each finding is computed from the data, never a constant."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from helpers.checks import crosscheck as checks
from helpers.checks import effective
from helpers.checks.findings import governorate_names
from helpers.data import load
from helpers.formatting import num


def results(pkg, rule=None):
    r = checks.run_checks(pkg)
    return r if rule is None else r[r["rule"] == rule]


def one(res, subject_start):
    hit = res[res["subject"] == subject_start]
    if hit.empty:
        hit = res[res["subject"].str.startswith(subject_start)]
    assert len(hit) == 1, res[["subject", "status"]]
    return hit.iloc[0]


def test_restated_values_flag_1114_against_1144(pkg):
    r = one(results(pkg, "restated_values_agree"), "cjtf-oir-2018-09-27: civilians killed")
    assert r["status"] == "fail" and r["difference"] == 30
    assert "1,114" in r["expected"] and "1,144" in r["observed"]


def test_restated_values_pass_when_the_article_is_corrected(data_copy):
    for fid in ("vop-p1-1144", "vop-p3-1144"):
        data_copy.edit(
            "figures",
            "figure_id",
            fid,
            value="1114",
            value_as_written="1,114",
            quote=data_copy.rows("figures")[
                [r["figure_id"] for r in data_copy.rows("figures")].index(fid)
            ]["quote"].replace("1,144", "1,114"),
        )
    # the corrected quotes are no longer in the raw article, so check the rule on the figures alone
    pkg = _load_without_quote_check(data_copy)
    r = one(results(pkg, "restated_values_agree"), "cjtf-oir-2018-09-27: civilians killed")
    assert r["status"] == "pass"


def _load_without_quote_check(data_copy):
    """The edited copy, loaded without tracing its quotes (an edited value no longer matches)."""
    from helpers.data import load

    return load.load_package(data_copy.root, trace_quotes=False)


def test_parts_sum_fails_when_a_governorate_is_off(data_copy):
    data_copy.edit(
        "figures",
        "figure_id",
        "vop-p10-sy02",
        value="728",
        value_as_written="728",
        quote="followed by Aleppo with 782 civilians",
    )
    pkg = _load_without_quote_check(data_copy)
    r = one(results(pkg, "parts_sum_to_total"), "snhr-2018-09: civilians killed by governorate")
    assert r["status"] == "fail" and r["difference"] == -54


def test_parts_sum_reports_the_sum_without_the_interpreted_part(pkg):
    r = one(results(pkg, "parts_sum_to_total"), "snhr-2018-09: civilians killed by governorate")
    figures = effective.frame(pkg)
    read = figures.filter(pl.col("figure_id") == "vop-p10-sy12")["value"][0]
    total = figures.filter(pl.col("figure_id") == "vop-p8-2832")["value"][0]
    report = figures.filter(pl.col("report_id") == "snhr-2018-09")["report_name"][0]
    assert r["status"] == "pass"
    assert (
        f"Without the part read by interpretation, the sum is {num(total - read)}."
        in (r["evidence"])
    )
    assert r["statement"] == (
        f"The counts of civilians killed by governorate in {report} add up to the report's total"
    )


def test_administration_sums_fail_when_a_part_is_dropped(data_copy):
    rows = [r for r in data_copy.rows("figures") if r["figure_id"] != "vop-p11-trump-women"]
    data_copy.write("figures", rows)
    res = results(data_copy.load(), "parts_sum_to_total")
    women = (
        one(res, "snhr-2018-09: women killed by US administration")
        if (res["subject"].str.startswith("snhr-2018-09: women")).any()
        else None
    )
    assert women is None  # one part alone is not a breakdown: nothing to sum
    assert (res["status"] == "pass").all()


def test_subset_fails_when_children_exceed_civilians(data_copy):
    data_copy.edit("figures", "figure_id", "horrya-snhr-children", value="3000")
    data_copy.edit("figures", "figure_id", "vop-p9-861", value="3000", value_as_written="")
    pkg = _load_without_quote_check(data_copy)
    res = results(pkg, "subset_within_total")
    r = one(res, "snhr-2018-09: children killed within civilians killed")
    assert r["status"] == "fail" and r["difference"] == 168


def test_place_names_warn_on_the_shield_and_fail_without_interpretation(pkg, data_copy):
    res = results(pkg, "place_name_matches_pcode")
    assert res.set_index("subject").loc["vop-p10-sy12", "status"] == "warning"
    assert (res[res["subject"] != "vop-p10-sy12"]["status"] == "pass").all()
    data_copy.edit("figures", "figure_id", "vop-p10-sy12", interpretation="")
    res2 = results(data_copy.load(), "place_name_matches_pcode")
    assert (
        res2.set_index("subject").loc["vop-p10-sy12", "status"] == "warning"
    )  # no known spelling of any governorate: a caveat
    assert "No interpretation recorded" in res2.set_index("subject").loc["vop-p10-sy12", "evidence"]
    shield = effective.frame(pkg).filter(pl.col("figure_id") == "vop-p10-sy12").row(0, named=True)
    name = governorate_names(pkg)[shield["governorate_pcode"]]
    assert res.set_index("subject").loc["vop-p10-sy12", "statement"] == (
        f"“{shield['geography_as_written']}”, as {shield['carrier_name']} writes it, "
        f"is a spelling of {name}"
    )
    # what was found says what the status means, never only the word (which beside the
    # statement would read as agreeing with it)
    written = f"“{shield['geography_as_written']}”"
    assert res.set_index("subject").loc["vop-p10-sy12", "observed"] == (
        f"{written}: no known spelling; read as {name}"
    )
    assert res2.set_index("subject").loc["vop-p10-sy12", "observed"] == (
        f"{written}: no known spelling of {name}"
    )
    passed = res[res["status"] == "pass"]
    assert not passed["observed"].str.contains("no known spelling").any()


def test_cumulative_series_passes_and_fails_when_a_release_falls(pkg, data_copy):
    r = one(results(pkg, "cumulative_never_falls"), "cjtf-oir-cumulative: civilians killed")
    assert r["status"] == "pass"
    data_copy.edit(
        "figures", "figure_id", "reliefweb-20181230-civ", value="1100", value_as_written="1100"
    )
    r = one(
        results(data_copy.load(), "cumulative_never_falls"), "cjtf-oir-cumulative: civilians killed"
    )
    assert r["status"] == "fail" and r["difference"] == -14


def test_1144_would_make_the_series_fall(pkg):
    res = results(pkg, "cumulative_never_falls")
    assert set(res.loc[res["status"] == "fail", "subject"]) == {"vop-p1-1144", "vop-p3-1144"}


def test_1069_matches_no_release_and_names_its_neighbours(pkg, data_copy):
    r = one(results(pkg, "series_claim_matches_release"), "vop-p4-1069")
    assert r["status"] == "fail"
    for text in ("1,061", "1,114", "1,059", "1,114 − 53 = 1,061"):
        assert text in r["evidence"]
    # the August release as 1,069 on every page that prints it (one page alone printing it so
    # would make it a figure printed two ways, which a claim of either number cannot settle)
    for row in data_copy.rows("figures"):
        if row["report_id"] == "cjtf-oir-2018-08-30" and row["metric"] == "civilians_killed":
            data_copy.edit(
                "figures", "figure_id", row["figure_id"], value="1069", value_as_written=""
            )
    data_copy.edit("figures", "figure_id", "dj533165-increment", value="45")
    r = one(results(data_copy.load(), "series_claim_matches_release"), "vop-p4-1069")
    assert r["status"] == "pass"


def test_increment_matches_difference_and_fails_when_off(pkg, data_copy):
    r = one(results(pkg, "increment_matches_difference"), "dj533165-increment")
    assert r["status"] == "pass" and r["expected"] == "1,114 − 1,061 = 53"
    data_copy.edit("figures", "figure_id", "dj533165-increment", value="35")
    r = one(results(data_copy.load(), "increment_matches_difference"), "dj533165-increment")
    assert r["status"] == "fail" and r["difference"] == -18


def test_article_pairs_strikes_and_deaths_from_different_releases(pkg, data_copy):
    r = one(results(pkg, "mixed_periods_in_carrier"), "vop-article: cjtf-oir-cumulative")
    assert (
        r["status"] == "warning"
        and "November 2017" in r["observed"]
        and "31 August 2018" in r["observed"]
    )
    data_copy.edit(
        "figures", "figure_id", "vop-p7-28562", report_id="cjtf-oir-2018-09-27", period_end=""
    )
    pkg2 = _load_without_quote_check(data_copy)
    r = one(results(pkg2, "mixed_periods_in_carrier"), "vop-article: cjtf-oir-cumulative")
    assert r["status"] == "pass"


def test_ratios_state_coverage_mismatch(pkg, data_copy):
    res = results(pkg, "comparable_coverage").set_index("subject")
    snhr = res.loc["snhr-vs-coalition"]
    assert snhr["status"] == "warning"
    assert "2,832 / 1,114 = 2.54" in snhr["observed"]
    figures = effective.frame(pkg)
    a, b = (figures.filter(pl.col("figure_id") == f).row(0, named=True) for f in snhr_terms(pkg))
    assert (
        f"different places: {a['eff_place']} ({num(a['value'])}) against "
        f"{b['eff_place']} ({num(b['value'])})"
    ) in snhr["observed"]
    assert (
        f"different periods: {a['eff_period_label']} ({num(a['value'])}) against "
        f"{b['eff_period_label']} ({num(b['value'])})"
    ) in snhr["observed"]
    assert "different periods" in res.loc["article-deaths-per-strike", "observed"]
    assert res.loc["release-deaths-per-strike", "status"] == "pass"
    data_copy.edit("figures", "figure_id", "vop-p8-2832", geography="IRQ+SYR")
    data_copy.edit(
        "reports",
        "report_id",
        "snhr-2018-09",
        geography="IRQ+SYR",
        period_start="2014-08",
        period_end="2018-08-31",
    )
    data_copy.edit("figures", "figure_id", "vop-p9-861", period_start="")
    data_copy.edit("figures", "figure_id", "vop-p9-617", period_start="")
    r = checks.run_checks(data_copy.load()).set_index("subject").loc["snhr-vs-coalition"]
    assert r["status"] == "pass"


def snhr_terms(pkg) -> tuple[str, str]:
    """The numerator and denominator of the comparison snhr-vs-coalition."""
    comparisons = pkg.frames["comparisons"].filter(pl.col("comparison_id") == "snhr-vs-coalition")
    return comparisons["numerator"][0], comparisons["denominator"][0]


def test_numbers_accounted_for_fails_when_an_exclusion_is_removed(pkg, data_copy):
    assert one(results(pkg, "numbers_accounted_for"), "vop-article")["status"] == "pass"
    data_copy.write("not_figures", [])
    import pytest

    from helpers.errors import DataError

    with pytest.raises(DataError, match="header but no rows"):
        data_copy.load()
    rows = [r for r in data_copy.rows("figures") if r["figure_id"] != "vop-p4-1069"]
    data_copy.write("figures", rows)
    data_copy.write(
        "not_figures",
        [
            dict(
                document_id="vop-article",
                token="2014",
                context="started in June 2014 in Iraq",
                reason="date",
            )
        ],
    )
    r = one(results(data_copy.load(), "numbers_accounted_for"), "vop-article")
    assert r["status"] == "fail" and "1,069" in r["evidence"]


def test_every_declared_rule_is_implemented_and_every_check_row_runs(pkg):
    res = results(pkg)
    assert set(pkg.checks["check_id"]) == set(res["check_id"])


def test_findings_are_deterministic(pkg):
    pd.testing.assert_frame_equal(results(pkg), results(pkg))


def test_a_breach_blames_the_deviating_figures_not_the_evidence(pkg):
    from helpers.present import views

    status = views.overview_table(pkg).set_index("report id")["status"]
    assert status["vop-article"] == "fail"  # prints 1,144 and 1,069
    assert status["cjtf-oir-2018-12-30"] == "pass"  # only evidence against 1,144
    assert status["digitaljournal-533165"] != "fail"  # the primary carrier of 1,114
    r = one(results(pkg, "restated_values_agree"), "cjtf-oir-2018-09-27: civilians killed")
    assert set(r["blamed_ids"].split("; ")) == {"vop-p1-1144", "vop-p3-1144"}


def _scan(results: pd.DataFrame):
    """A function (figure ids, subject prefix or None) -> the positions of the findings of results
    that concern these figures, worked out row by row from the rule itself: a breach (fail,
    warning) concerns the figures it blames (all it rests on when it blames none), any other finding
    every figure it rests on; with a
    prefix, also any finding whose subject starts with it."""
    rows = []
    for row in results.itertuples(index=False):
        blames = isinstance(row.blamed_ids, str) and row.blamed_ids != ""
        breach = row.status in ("fail", "warning")
        # a breach concerns whom it blames; one that blames no one, all it rests on
        listed = row.blamed_ids if breach and blames else row.figure_ids
        rows.append(
            (set(listed.split("; ")) if isinstance(listed, str) else set(), str(row.subject))
        )

    def concerning(figure_ids, subject_prefix=None) -> list[int]:
        ids = set(figure_ids)
        return [
            n
            for n, (concerned, subject) in enumerate(rows)
            if ids & concerned
            or (
                subject_prefix is not None
                and (subject == subject_prefix or subject.startswith(subject_prefix + ":"))
            )
        ]

    return concerning


def test_the_findings_index_answers_as_a_scan_of_every_finding_would(pkg, scale_package):
    """For every fourth report of the real and a synthetic collection (its figures, and its id as a
    subject prefix), for its figures alone, and for each breach's evidence, the index gives the
    findings a scan of every row gives, in order; involving() and run_checks(pkg, report) agree."""
    for package in (pkg, scale_package):
        results = checks.run_checks(package)
        concerning = _scan(results)
        index = checks.findings_index(package)
        figures = package.figures
        assert len(results) > 0 and index.size == len(results)
        by_report = {}
        for figure_id, given, carried in zip(
            figures["figure_id"], figures["report_id"], figures["carried_by"], strict=True
        ):
            by_report.setdefault(given, []).append(figure_id)
            if isinstance(carried, str) and carried != given:
                by_report.setdefault(carried, []).append(figure_id)
        for n, report_id in enumerate(package.reports["report_id"][::4]):
            mine = by_report.get(report_id, [])
            expected = concerning(mine, report_id)
            assert index.positions(mine, report_id) == expected, report_id
            assert index.positions(mine) == concerning(mine), report_id
            if n % 8 == 0:  # the frames, for a sample of them
                flags = index.mask(mine, report_id)
                assert [k for k, flag in enumerate(flags) if flag] == expected
                pd.testing.assert_frame_equal(
                    checks.run_checks(package, report_id),
                    results.iloc[expected].reset_index(drop=True),
                )
        breaches = results[results["status"].isin(["fail", "warning"])]
        assert len(breaches), "a collection without a breach tests only half the rule"
        for figure_ids, blamed in zip(breaches["figure_ids"], breaches["blamed_ids"], strict=True):
            evidence = set(figure_ids.split("; ")) - set(str(blamed).split("; "))
            assert index.positions(evidence) == concerning(evidence)
        pd.testing.assert_frame_equal(
            checks.involving(results, evidence), results.iloc[concerning(evidence)]
        )


def test_a_report_s_findings_are_those_about_it_not_about_an_id_that_starts_the_same():
    """Subjects that sort just before, at and after a report id; a report whose id starts another's
    ("zz-test-a" and "zz-test-ab", as a report and its correction "…-07" and "…-07-corr") is shown
    only its own; ids that can never be real."""
    results = pd.DataFrame(
        {
            "status": ["pass", "fail", "pass", "warning", "pass"],
            "subject": [
                "zz-test-a",
                "zz-test-a: civilians",
                "zz-test-ab",
                "zz-test-b",
                None,
            ],
            "figure_ids": ["zz-test-f1", "zz-test-f1; zz-test-f2", None, "zz-test-f3", ""],
            "blamed_ids": [None, "zz-test-f2", None, "zz-test-f3", None],
        }
    )
    index = checks.FindingsIndex(results)
    assert index.positions([], "zz-test-a") == [0, 1]
    assert index.positions([], "zz-test-ab") == [2]
    assert index.positions([], "zz-test-c") == []
    assert index.positions([], "zz-test") == []  # no report of that id: nothing is its
    # the breach blames f2 only: f1 is its evidence
    assert index.positions(["zz-test-f1"]) == [0]
    assert index.positions(["zz-test-f2"]) == [1]
    assert index.positions(["zz-test-f3", "zz-test-f3"], "zz-test-b") == [3]
    assert index.mask(["zz-test-f2"], "zz-test-b") == [False, True, False, True, False]
    for figure_ids, prefix in [(["zz-test-f1", "zz-test-f3"], "zz-test-a"), ([""], None)]:
        assert index.positions(figure_ids, prefix) == _scan(results)(figure_ids, prefix)


@pytest.fixture(scope="module")
def scale_package(tmp_path_factory):
    """A small data-scale collection (synthetic monitors with series, claims and deliberate
    breaches)."""
    from benchmarks import synthetic

    rows = len(load.load_table("figures")) + 7 * synthetic.MONITOR_ROWS
    return load.load_package(synthetic.figures_table(tmp_path_factory.mktemp("scale"), rows))


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_series_rules_take_unknown_values_and_dates_in_their_stride(which, pkg, scale_package):
    """A release given as a range (no single value) or with an unknown data-through date never
    counts as a fall or a match, and never stops the rule: the others are still checked."""
    import polars as pl

    from helpers.checks import effective, series
    from helpers.checks.figureset import FigureSet
    from helpers.checks.findings import as_frame

    p = pkg if which == "real" else scale_package
    every_figure = effective.frame(p)
    check_rows = p.checks.set_index("check_id")
    releases = series.releases_of(every_figure)

    def found(rule, frame, check):  # a rule's findings as dicts, whichever way the rule builds them
        results = rule(FigureSet(frame), p, check_rows.loc[check])
        return list(as_frame(results).iter_rows(named=True))

    before_cum = found(series.cumulative_never_falls, every_figure, "T-CUMULATIVE")
    before_claims = found(series.series_claim_matches_release, every_figure, "T-CLAIMS")
    assert before_cum and before_claims

    def blank(frame, figure_id, column):
        return frame.with_columns(
            pl.when(pl.col("figure_id") == figure_id)
            .then(None)
            .otherwise(pl.col(column))
            .alias(column)
        )

    first, second = releases["figure_id"][0], releases["figure_id"][1]
    # a range; a data-through date unknown
    edited = blank(blank(every_figure, first, "value"), second, "as_of")
    cum = found(series.cumulative_never_falls, edited, "T-CUMULATIVE")
    claims = found(series.series_claim_matches_release, edited, "T-CLAIMS")
    assert len(cum) >= len(before_cum) - 1 and len(claims) == len(before_claims)
    unknown = next(
        r for r in cum if first in r["figure_ids"].split("; ") and "never fall" in r["statement"]
    )
    assert "n/a" in unknown["observed"]
    for r in claims:
        assert r["difference"] is None or (
            isinstance(r["difference"], int | float) and not isinstance(r["difference"], bool)
        )
    is_claim = pl.col("series").is_not_null() & (pl.col("report_kind") == "news_article")
    claim = every_figure.filter(is_claim)["figure_id"][0]
    # a claim given as a range matches nothing
    ranged = found(series.series_claim_matches_release, blank(edited, claim, "value"), "T-CLAIMS")[
        0
    ]
    assert (ranged["status"], ranged["difference"], ranged["observed"]) == (
        "fail",
        None,
        "n/a (no release)",
    )


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_worked_out_statements_are_shared_then_forgotten(which, pkg, scale_package, monkeypatch):
    """cross_check works out the statements of each set of figures its checks cover once for all
    rules, and drops them when done: a second run gives the same findings in the same order, and no
    FigureSet outlives its run."""
    import gc
    import weakref

    from helpers.checks import crosscheck, figureset

    p = pkg if which == "real" else scale_package
    made, worked_out = [], []

    class WatchedFigureSet(figureset.FigureSet):
        def __init__(self, frame):
            super().__init__(frame)
            made.append(weakref.ref(self))

    real_one_per_statement = figureset.one_per_statement

    def counted(*args, **kwargs):
        worked_out.append(1)
        return real_one_per_statement(*args, **kwargs)

    monkeypatch.setattr(crosscheck, "FigureSet", WatchedFigureSet)
    monkeypatch.setattr(figureset, "one_per_statement", counted)
    # the work itself (cross_check keeps its result with the package: Package.derived)
    first = crosscheck.run_all_checks(p)
    gc.collect()
    checks_table = p.frames["checks"]
    scopes = checks_table.select("report_id", "metric").unique().height
    assert first.height > 0
    assert len(made) == scopes and 1 <= len(worked_out) <= scopes
    assert all(ref() is None for ref in made)
    assert crosscheck.run_all_checks(p).equals(first)
    assert checks.cross_check(p).equals(first)


def test_a_figure_set_works_out_its_statements_once(pkg):
    """A FigureSet keeps what it worked out (the same frame on every use), and two sets never
    share."""
    from helpers.checks import effective
    from helpers.checks.figureset import FigureSet

    every_figure = effective.frame(pkg)
    figures, again = FigureSet(every_figure), FigureSet(every_figure)
    assert figures.statements is figures.statements and figures.releases is figures.releases
    assert figures.statements is not again.statements
    assert figures.statements.equals(again.statements)
    distinct = every_figure["subject_key"].drop_nulls().n_unique()
    assert figures.statements.height == distinct + every_figure["subject_key"].is_null().any()


def test_one_rule_run_alone_finds_what_the_whole_run_finds(pkg, data_copy):
    """rule_results(pkg, rule) is run_checks(pkg)'s rows of that rule, row for row and column for
    column, for every rule checks.csv applies (on the real record, and on a copy with a check
    added that applies a rule again: its result ids are its own)."""
    whole = checks.run_checks(pkg)
    rules = list(dict.fromkeys(pkg.checks["rule"]))
    assert rules
    for rule in rules:
        alone = checks.rule_results(pkg, rule)
        expected = whole[whole["rule"] == rule].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, expected, check_dtype=True)
    first = data_copy.rows("checks")[0]
    data_copy.append("checks", **{**first, "check_id": "ZZ-TEST-AGAIN"})
    copy = data_copy.load()
    again = checks.rule_results(copy, first["rule"])
    whole = checks.run_checks(copy)
    pd.testing.assert_frame_equal(
        again, whole[whole["rule"] == first["rule"]].reset_index(drop=True)
    )
    assert set(again["check_id"]) >= {first["check_id"], "ZZ-TEST-AGAIN"}


def test_a_reports_figures_are_those_it_gives_or_carries_and_one_column_of_them_is_the_same(pkg):
    """involved_figures: every effective figure whose report or carrier is the report, each once,
    in file order; involved_values: one column of the same rows. Checked for every report, and
    for an id no report has."""
    figures = effective.effective_figures(pkg)
    for rid in [*pkg.reports["report_id"], "zz-test-no-such-report"]:
        expected = figures[(figures["report_id"] == rid) | (figures["carried_by"] == rid)]
        got = effective.involved_figures(pkg, rid)
        assert got["figure_id"].tolist() == expected["figure_id"].tolist(), rid
        for column in ("figure_id", "eff_period_end"):
            assert effective.involved_values(pkg, rid, column).equals(got[column]), (rid, column)


def _covering(start, as_of, basis="data through", place="IRQ+SYR", value=100) -> dict:
    """An effective figure's coverage, as coverage_mismatches reads it."""
    return {
        "eff_geography": place,
        "eff_period_start": start,
        "eff_period_label": f"from {start} to {as_of}",
        "as_of": pd.Timestamp(as_of) if as_of else None,
        "as_of_basis": basis,
        "value": value,
        "low": value,
        "high": value,
    }


@pytest.mark.parametrize(
    ("first", "second", "words"),
    [
        # a start given to the year holds one given to a month in it
        (("1990", "1990-12-31"), ("1990-08", "1990-12-31"), None),
        (("1990-08", "1990-12-31"), ("1990-08-08", "1990-12-31"), None),
        (("1990-08", "1990-12-31"), ("1990-09", "1990-12-31"), "different periods"),
        (("1990", "1990-12-31"), ("1990", "1991-01-31"), "different periods"),
        # a day it was cited on is no day its data run to
        (
            ("1990", "1990-12-31", "carrier published"),
            ("1990", "1990-12-31"),
            "periods that cannot be compared",
        ),
        (("1990", None), ("1990", "1990-12-31"), "periods that cannot be compared"),
    ],
)
def test_coverage_differs_only_where_the_periods_can_be_told_apart(first, second, words):
    found = effective.coverage_mismatches(_covering(*first), _covering(*second, value=200))
    assert [w.split(":")[0] for w in found] == ([words] if words else [])
