"""Adding a report is a data change: a new release in a copy of the data extends the timeline, the
checks and the runner's plan without touching code."""

from __future__ import annotations

from helpers.build import runner
from helpers.checks import crosscheck as checks
from helpers.checks import sources
from helpers.checks.figureset import FigureSet
from helpers.present import views


def _add_release(data_copy, value: str, increment: str):
    data_copy.append(
        "reports",
        report_id="cjtf-oir-2019-01-31",
        title="[CJTF-OIR monthly civilian casualty release of 2019-01-31]",
        issuer=(
            "Combined Joint Task Force – Operation Inherent Resolve (CJTF-OIR), "
            "the US-led coalition"
        ),
        issuer_as_written="the coalition",
        kind="official_release",
        published="2019-01-31",
        published_note="test fixture",
        url="unknown",
        geography="IRQ+SYR",
        period_start="2014-08",
        period_end="2018-12-31",
        coverage_note="test fixture",
        confirmed_on="2026-11-25",
    )
    data_copy.append(
        "figures",
        figure_id="test-20190131-civ",
        report_id="cjtf-oir-2019-01-31",
        carried_by="cjtf-oir-2019-01-31",
        locator="paragraph 1",
        confirmed_on="2026-11-25",
        metric="civilians_killed",
        value=value,
        qualifier="at_least",
        series="cjtf-oir-cumulative",
    )
    data_copy.append(
        "figures",
        figure_id="test-20190131-inc",
        report_id="cjtf-oir-2019-01-31",
        carried_by="cjtf-oir-2019-01-31",
        locator="paragraph 1",
        confirmed_on="2026-11-25",
        metric="civilians_killed_increment",
        value=increment,
        qualifier="exact",
        series="cjtf-oir-cumulative",
    )
    return data_copy.load()


def test_a_new_release_extends_timeline_checks_and_plan(data_copy):
    pkg = _add_release(data_copy, "1150", "11")
    chart = views.timeline(pkg, "cjtf-oir-cumulative")
    point = chart.data[chart.data["figure_id"] == "test-20190131-civ"]
    assert (
        len(point) == 1 and point["as_of"].item() == "2018-12-31" and point["value"].item() == 1150
    )
    # the title states the rise with the dates its two ends run to
    assert chart.title.endswith("to 1,150 (data to 31 December 2018)"), chart.title
    assert "rose from 817 (data to " in chart.title, chart.title
    res = checks.run_checks(pkg)
    series = res[
        (res["rule"] == "cumulative_never_falls")
        & (res["subject"] == "cjtf-oir-cumulative: civilians killed")
    ].iloc[0]
    assert series["status"] == "pass" and series["observed"].endswith(
        "1,150 (data to 31 December 2018)"
    )
    inc = res[
        (res["rule"] == "increment_matches_difference") & (res["subject"] == "test-20190131-inc")
    ].iloc[0]
    assert inc["status"] == "pass" and inc["expected"] == "1,150 − 1,139 = 11"
    assert "report-cjtf-oir-2019-01-31" in {j.stem for j in runner.plan(pkg)}


def test_a_new_release_that_falls_is_caught(data_copy):
    pkg = _add_release(data_copy, "1120", "0")
    res = checks.run_checks(pkg)
    series = res[
        (res["rule"] == "cumulative_never_falls")
        & (res["subject"] == "cjtf-oir-cumulative: civilians killed")
    ].iloc[0]
    assert series["status"] == "fail" and series["difference"] == -19
    inc = res[
        (res["rule"] == "increment_matches_difference") & (res["subject"] == "test-20190131-inc")
    ].iloc[0]
    assert inc["status"] == "fail"


def test_quote_rule_fails_when_a_source_text_lacks_the_quote(pkg):
    from copy import copy

    from helpers.checks.effective import frame

    broken = copy(pkg)
    broken.texts = {k: v.replace("1,069", "1,096") for k, v in pkg.texts.items()}
    assert (
        pkg.traced_clean() and not broken.traced_clean()
    )  # other texts: the quotes are traced again
    figures = FigureSet(frame(pkg))
    found = sources.quote_in_source(figures, broken, {})
    assert len(found) == 1 and found[0]["status"] == "fail" and found[0]["difference"] == 1
    assert sources.quote_in_source(figures, pkg, {})[0]["status"] == "pass"
