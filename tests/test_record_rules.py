"""The rules the whole record needs, each shown on a series of its own added to a copy of the data
(ids that can never be real: zz-test-…), so no test depends on today's data: a rise is checked
against the immediately previous release only (a release that states no data-through date placed
by the releases around it), and is not checkable when that release is not held; figures side by side
are a caveat only when two known dates differ, never for an unknown one;
a claim must match the release current at its page's date, read by its qualifier; a count of
reports given as deaths fails, whether of the current release or an earlier one (never a later one,
and a small count only for its own month); a figure credited to the wrong issuer fails; a report
read on two pages keeps the figures of both; a figure restated is read by the words of both
statements ("at least 459" agrees with 459–591, "at least 400" does not). Each inconsistency test
also removes the inconsistency from the data and shows the finding no longer fails."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from records import (
    COUNTRY,
    ISSUER,
    MONITOR,
    MONITOR_SERIES,
    SERIES,
    add_article,
    add_claim,
    add_country,
    add_figure,
    add_monitor_updates,
    add_releases,
    add_report,
    add_series,
    add_supplement,
    print_february_two_ways,
)

from helpers.checks import crosscheck as checks
from helpers.checks import effective
from helpers.checks.series import (
    digit_slip,
    gap_outside,
    named_with_date,
    releases_current_within,
    releases_of,
    rounding_of,
    worded_for,
)
from helpers.data import periods
from helpers.present import chartsets, claimreview, display, headlines, views


def _results(pkg, rule: str, subject: str):
    """The findings of one rule about one subject (the rule's checks alone are run:
    tests/test_rules.py shows they find what the whole run finds)."""
    results = checks.rule_results(pkg, rule)
    return results[results["subject"] == subject]


BASE = [("1990-01", "1990-02-27", 100), ("1990-02", "1990-03-28", 130)]


def _deaths_claimed(data_copy, value, page_date: str = "1990-04-02", **extra):
    """A page of page_date claiming "at least" value deaths for the test series (records.add_claim,
    with extra columns); returns the copy's package."""
    return add_claim(
        data_copy, page_date, "civilians_killed", value, **{"qualifier": "at_least", **extra}
    )


def _march_with_rise(data_copy, **extra) -> None:
    """BASE and March's release of 150, with its stated rise of 20 (zz-test-1990-03-inc; extra
    columns as given)."""
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-25", 150)])
    add_figure(
        data_copy,
        "zz-test-1990-03-inc",
        "zz-test-release-1990-03",
        "civilians_killed_increment",
        20,
        **{"qualifier": "exact", **extra},
    )


def test_a_rise_is_checked_against_the_immediately_previous_release(data_copy):
    _march_with_rise(data_copy)
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-1990-03-inc")
    assert found["status"].tolist() == ["pass"]
    assert found["expected"].item() == "150 − 130 = 20"


def test_a_missing_month_makes_a_rise_not_checkable_never_a_failure(data_copy):
    # the February release is not held: the rise stated in March cannot be checked against
    # January's, which is what the old rule did (and failed: 150 − 100 is not 20)
    add_releases(data_copy, [BASE[0], ("1990-03", "1990-04-25", 150)])
    add_figure(
        data_copy,
        "zz-test-1990-03-inc",
        "zz-test-release-1990-03",
        "civilians_killed_increment",
        20,
        qualifier="exact",
    )
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-1990-03-inc")
    assert found["status"].tolist() == ["unchecked"]
    assert found["expected"].item() == "not checkable: previous release not held"
    assert "February 1990" in found["statement"].item()
    # and a wrong rise against a held previous release still fails
    _releases_again = data_copy.rows("figures")
    for row in _releases_again:
        if row["figure_id"] == "zz-test-1990-03-inc":
            row["value"] = "49"
    data_copy.write("figures", _releases_again)
    add_report(data_copy, "zz-test-release-1990-02", "1990-03-28", end="1990-02")
    add_figure(data_copy, "zz-test-1990-02-civ", "zz-test-release-1990-02", "civilians_killed", 130)
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-1990-03-inc")
    assert found["status"].tolist() == ["fail"] and found["difference"].item() == 29


def _undated_release(data_copy, report_id: str, published: str, deaths: int) -> None:
    """A release of the test series that states no data-through date."""
    add_report(data_copy, report_id, published)
    add_figure(data_copy, f"{report_id}-civ", report_id, "civilians_killed", deaths)


def _rise(data_copy, figure_id: str, report_id: str, value: int) -> None:
    add_figure(
        data_copy, figure_id, report_id, "civilians_killed_increment", value, qualifier="exact"
    )


def test_a_release_of_unstated_data_month_is_placed_by_the_releases_around_it(data_copy):
    # published between January's and March's releases of a monthly series, it ran to February:
    # the rise stated in March is checked against it, and its own rise against January's
    add_releases(data_copy, [BASE[0], ("1990-03", "1990-04-25", 150)])
    _undated_release(data_copy, "zz-test-release-undated", "1990-03-28", 130)
    _rise(data_copy, "zz-test-1990-03-inc", "zz-test-release-1990-03", 20)
    _rise(data_copy, "zz-test-undated-inc", "zz-test-release-undated", 5)
    pkg = data_copy.load()
    after = _results(pkg, "increment_matches_difference", "zz-test-1990-03-inc")
    assert after["status"].tolist() == ["pass"]
    assert after["expected"].item() == "150 − 130 = 20"
    assert after["statement"].item().endswith("release of 28 March 1990")
    # a stated rise the placed release contradicts fails: 130 − 100 is 30, not 5
    own = _results(pkg, "increment_matches_difference", "zz-test-undated-inc")
    assert own["status"].tolist() == ["fail"]
    assert own["expected"].item() == "130 − 100 = 30" and own["difference"].item() == -25


def test_the_month_a_release_came_out_bounds_the_month_its_data_run_to(data_copy):
    # out in January 1990 after December's release, it can only have run to January
    add_releases(data_copy, [("1989-12", "1990-01-05", 100)])
    _undated_release(data_copy, "zz-test-release-undated", "1990-01-30", 130)
    _rise(data_copy, "zz-test-undated-inc", "zz-test-release-undated", 30)
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-undated-inc")
    assert found["status"].tolist() == ["pass"]
    assert found["expected"].item() == "130 − 100 = 30"


def test_a_release_that_cannot_be_placed_leaves_a_rise_not_checkable(data_copy):
    # between January's and April's releases, it may have run to February or to March: neither
    # its own rise nor April's can be checked, and neither fails
    add_releases(data_copy, [BASE[0], ("1990-04", "1990-05-30", 150)])
    _undated_release(data_copy, "zz-test-release-undated", "1990-04-25", 130)
    _rise(data_copy, "zz-test-1990-04-inc", "zz-test-release-1990-04", 20)
    _rise(data_copy, "zz-test-undated-inc", "zz-test-release-undated", 30)
    pkg = data_copy.load()
    for subject in ("zz-test-1990-04-inc", "zz-test-undated-inc"):
        found = _results(pkg, "increment_matches_difference", subject)
        assert found["status"].tolist() == ["unchecked"], subject
        assert found["expected"].item() == "not checkable: previous release not held"


def _side_by_side(data_copy, page_date: str, figures) -> object:
    """An article of the test series that sets figures side by side: (metric, its data-through
    month or "", the day of the release it is from or "" for the article's own)."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    add_article(data_copy, "zz-test-article", page_date)
    for n, (metric, month, released) in enumerate(figures):
        report_id = "zz-test-article"
        if released:
            report_id = f"zz-test-release-{n}"
            add_report(data_copy, report_id, released, carried_by="zz-test-article")
        add_figure(
            data_copy,
            f"zz-test-side-{n}",
            report_id,
            metric,
            100 + n,
            carried_by="zz-test-article",
            period_start="1989-08" if month else "",
            period_end=month,
        )
    found = _results(data_copy.load(), "mixed_periods_in_carrier", f"zz-test-article: {SERIES}")
    assert len(found) == 1
    return found.iloc[0]


RATE_WORDS = "A rate such as deaths per strike"


@pytest.mark.parametrize(
    ("page_date", "figures"),
    [
        # no date at all
        ("", [("civilians_killed", "", ""), ("airstrikes", "", "")]),
        # one date known, the other figure's unknown
        ("", [("civilians_killed", "1990-01", ""), ("children_killed", "", "")]),
        # data to January beside a figure released in February: it may run to January too
        (
            "1990-03-10",
            [("civilians_killed", "1990-01", ""), ("children_killed", "", "1990-02-20")],
        ),
    ],
)
def test_figures_of_unknown_dates_side_by_side_are_not_of_different_dates(
    data_copy, page_date, figures
):
    found = _side_by_side(data_copy, page_date, figures)
    assert found["status"] == "unchecked"
    assert found["expected"] == "not checkable: not every date is stated"
    assert RATE_WORDS not in found["evidence"]


@pytest.mark.parametrize(
    ("figures", "rate"),
    [
        # two data-through dates: deaths and strikes make a rate
        ([("civilians_killed", "1990-02", ""), ("airstrikes", "1990-01", "")], True),
        # two data-through dates of people: a share, no rate
        ([("civilians_killed", "1990-02", ""), ("children_killed", "1990-01", "")], False),
        # data to February beside a figure released in mid-January: it cannot run to February
        ([("civilians_killed", "1990-02", ""), ("airstrikes", "", "1990-01-15")], True),
    ],
)
def test_figures_of_two_known_different_dates_side_by_side_are_a_caveat(data_copy, figures, rate):
    found = _side_by_side(data_copy, "1990-03-10", figures)
    assert found["status"] == "warning"
    assert (RATE_WORDS in found["evidence"]) is rate


def test_figures_of_one_date_side_by_side_pass(data_copy):
    found = _side_by_side(
        data_copy,
        "1990-03-10",
        [("civilians_killed", "1990-02", ""), ("airstrikes", "1990-02", "")],
    )
    assert found["status"] == "pass" and RATE_WORDS not in found["evidence"]
    assert not found["observed"].startswith("every metric has a figure of")


def test_a_passing_set_side_by_side_names_the_date_all_share_before_the_others(data_copy):
    # deaths in January and February (the page gives the rise), strikes in February only
    found = _side_by_side(
        data_copy,
        "1990-03-10",
        [
            ("civilians_killed", "1990-01", ""),
            ("civilians_killed", "1990-02", ""),
            ("airstrikes", "1990-02", ""),
        ],
    )
    assert found["status"] == "pass"
    assert found["observed"].startswith(
        f"every metric has a figure of data to {periods.label('1990-02')} ("
    )
    # a metric of several dates names the number given for each
    assert (
        f"civilians killed: 100 (data to {periods.label('1990-01')}), 101 (data to "
        f"{periods.label('1990-02')})" in found["observed"]
    )


def test_a_running_total_s_chain_keeps_the_words_that_round_a_count(data_copy):
    # "more than 125" after 130 is no fall: the chain says "more than", so it does not read as one
    add_releases(data_copy, BASE)
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(
        data_copy,
        "zz-test-1990-03-civ",
        "zz-test-release-1990-03",
        "civilians_killed",
        125,
        qualifier="more_than",
    )
    found = _results(data_copy.load(), "cumulative_never_falls", f"{SERIES}: civilians killed")
    assert found["status"].tolist() == ["pass"]
    assert "130 (data to " in found["observed"].item()
    assert "→ more than 125 (data to " in found["observed"].item()
    # said as a floor, 125 after 130 is a fall
    data_copy.edit("figures", "figure_id", "zz-test-1990-03-civ", qualifier="at_least")
    found = _results(data_copy.load(), "cumulative_never_falls", f"{SERIES}: civilians killed")
    assert found["status"].tolist() == ["fail"]


@pytest.mark.parametrize(
    ("page_date", "value", "status", "words"),
    [
        ("1990-03-10", 100, "pass", None),  # January's release is current on 10 March
        ("1990-03-10", 130, "fail", "published after the page"),  # February's came out 28 March
        ("1990-04-02", 100, "fail", "out of date"),  # by April February's was current
        # on 28 March, the day February's came out, the page may quote either
        ("1990-03-28", 100, "pass", None),
        ("1990-03-28", 130, "pass", None),
        ("1990-03-29", 100, "fail", "out of date"),
        ("1990-04-02", 130, "pass", None),
        # a page dated only "March 1990" may have come out on any day of March: January's release
        # was current on 1 March and February's from 28 March, so either may be quoted
        ("1990-03", 100, "pass", None),
        ("1990-03", 130, "pass", None),
        # in April only February's was current: January's count was out of date all month
        ("1990-04", 100, "fail", "out of date"),
        # a year: every release current in it
        ("1990", 100, "pass", None),
        # in February 1990 January's release came out on the 27th; February's only in March
        ("1990-02", 130, "fail", "published after the page"),
    ],
)
def test_a_claim_must_match_the_release_current_at_its_date_or_in_its_month(
    data_copy, page_date, value, status, words
):
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-article", page_date)
    add_figure(data_copy, "zz-test-claim", "zz-test-article", "civilians_killed", value)
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status]
    if words:
        assert words in found["observed"].item()
    if page_date == "1990-03":
        names = effective.report_names(data_copy.load())
        evidence = found["evidence"].item()
        assert "Releases current in March 1990, the page's date" in evidence
        assert names["zz-test-release-1990-01"] in evidence
        assert names["zz-test-release-1990-02"] in evidence


@pytest.mark.parametrize(
    ("own_end", "value", "status", "words"),
    [
        # on 2 April February's release is current; a page that dates its 100 "to January" quotes
        # January's release as such: no error
        ("1990-01", 100, "pass", None),
        ("1990-01-31", 100, "pass", None),
        # dated to January, 130 is not January's figure
        ("1990-01", 130, "fail", "not of the date the page gives"),
        # undated by its words, 100 was out of date by 2 April
        ("", 100, "fail", "out of date"),
        # a month whose release is not held: judged as if the page gave none
        ("1989-12", 130, "pass", None),
        # March: February's release came out in it (its data-to-March one after the page)
        ("1990-03", 130, "pass", None),
    ],
)
def test_a_claim_that_dates_its_own_figure_is_judged_against_the_release_of_that_date(
    data_copy, own_end, value, status, words
):
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-25", 150)])
    pkg = _deaths_claimed(
        data_copy, value, period_start="1989-08" if own_end else "", period_end=own_end
    )
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status]
    if words:
        assert words in found["observed"].item()
    dated = own_end[:7] in ("1990-01", "1990-03")
    assert ("The page dates the figure itself" in found["evidence"].item()) is dated
    assert ("for the date the page gives it" in found["statement"].item()) is dated


def test_an_undated_page_that_dates_its_own_figure_is_judged_against_that_dates_release(
    data_copy,
):
    # no page date, but "at the end of January": January's release, not any release
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-25", 150)])
    add_article(data_copy, "zz-test-article", "")
    add_figure(
        data_copy,
        "zz-test-claim",
        "zz-test-article",
        "civilians_killed",
        130,
        period_start="1989-08",
        period_end="1990-01",
    )
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]  # 130 is February's, not January's
    assert "The page dates the figure itself" in found["evidence"].item()
    data_copy.edit("figures", "figure_id", "zz-test-claim", value="100")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]
    assert found["figure_ids"].item() == "zz-test-claim; zz-test-1990-01-civ"
    # with no date of its own either, any release matches
    data_copy.edit("figures", "figure_id", "zz-test-claim", value="130", period_end="")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]


def test_a_claim_is_not_checkable_when_the_release_current_at_its_date_holds_no_such_figure(
    data_copy,
):
    """Which release was current is a matter of when the issuer published, not of which of its
    figures are held: on 1 May March's release is current; only its strike count is held, so a
    claimed death count cannot be judged (never a failure against February's, out of date by
    then). Once March's deaths are held the claim is judged against them."""
    add_releases(data_copy, BASE)
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(data_copy, "zz-test-1990-03-strikes", "zz-test-release-1990-03", "airstrikes", 900)
    pkg = _deaths_claimed(data_copy, 160, page_date="1990-05-01")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["unchecked"]
    names = effective.report_names(pkg)
    evidence = found["evidence"].item()
    assert f"Not held: what {names['zz-test-release-1990-03']} gave for this" in evidence
    assert "none held for this" in evidence and "No release was out" not in evidence
    assert found["blamed_ids"].item() == ""
    # the release's deaths held: judged against them, a failure or a match
    add_figure(data_copy, "zz-test-1990-03-civ", "zz-test-release-1990-03", "civilians_killed", 150)
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    data_copy.edit("figures", "figure_id", "zz-test-1990-03-civ", value="160")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]


def test_a_claimed_rise_is_named_as_a_rise_not_as_the_running_total(data_copy):
    add_releases(data_copy, BASE)
    add_figure(
        data_copy,
        "zz-test-1990-02-rise",
        "zz-test-release-1990-02",
        "civilians_killed_increment",
        30,
        qualifier="exact",
    )
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed_increment", 30)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]
    label = pkg.metrics.set_index("metric").loc["civilians_killed_increment", "label"].lower()
    assert f"({label}) current at the page's date" in found["statement"].item()


def test_a_release_of_unknown_publication_is_current_from_its_data_date_as_before(data_copy):
    """February's release states no publication day: it is placed by its data-through date, so
    that on 2 April January's 100 is out of date, as it was before which releases were current
    was worked out from all of the issuer's releases."""
    add_releases(data_copy, BASE[:1])
    add_report(data_copy, "zz-test-release-1990-02", "", end="1990-02")
    add_figure(data_copy, "zz-test-1990-02-civ", "zz-test-release-1990-02", "civilians_killed", 130)
    pkg = _deaths_claimed(data_copy, 100, page_date="1990-04-02")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"] and "out of date" in found["observed"].item()


def test_a_release_that_gives_only_another_place_leaves_the_claim_judged_as_before(data_copy):
    """March's release gives a figure for Syria only: it says nothing of Iraq and Syria together,
    so a claim for both is judged against February's, the last that gave one."""
    add_releases(data_copy, BASE)
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(
        data_copy,
        "zz-test-1990-03-syr",
        "zz-test-release-1990-03",
        "civilians_killed",
        40,
        geography="SYR",
    )
    pkg = _deaths_claimed(data_copy, 999, page_date="1990-05-02")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    names = effective.report_names(pkg)
    assert names["zz-test-release-1990-02"] in found["evidence"].item()


def test_a_claims_nearest_values_are_of_releases_out_by_its_page_s_date(data_copy):
    """A dated page's figure that matches nothing is shown beside the nearest values it could have
    quoted: a release out after the page is never offered as one."""
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-25", 40)])
    pkg = _deaths_claimed(data_copy, 50, page_date="1990-03-01", qualifier="exact")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    names = effective.report_names(pkg)
    evidence = found["evidence"].item()
    assert "Nearest values released by 1 March 1990: none below" in evidence
    assert names["zz-test-release-1990-01"] in evidence
    assert names["zz-test-release-1990-03"] not in evidence


def test_a_claim_one_digit_off_a_current_release_is_named_a_likely_misprint(data_copy):
    released = 3480
    add_releases(data_copy, [("1990-01", "1990-02-27", released)])
    add_article(data_copy, "zz-test-article", "1990-03-02")
    add_figure(data_copy, "zz-test-claim", "zz-test-article", "civilians_killed", 3430)
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "3,430 is 3,480" in found["evidence"].item()
    assert "with one digit changed: perhaps a misprint" in found["evidence"].item()
    # the claim corrected, the finding passes and names no misprint
    data_copy.edit("figures", "figure_id", "zz-test-claim", value=str(released))
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]
    assert "misprint" not in found["evidence"].item()


@pytest.mark.parametrize(
    ("qualifier", "offset", "status"),
    [
        ("more_than", -10, "pass"),  # "more than 120" when the release says 130
        ("more_than", 0, "fail"),  # "more than 130" when it says 130
        ("up_to", 0, "pass"),
        ("up_to", -1, "fail"),
        ("about", 5, "pass"),  # within 5 %
        ("about", 30, "fail"),
    ],
)
def test_up_to_and_more_than_claims_are_read_by_their_bounds(data_copy, qualifier, offset, status):
    add_releases(data_copy, BASE)
    current = BASE[-1][2]
    add_article(data_copy, "zz-test-article", "1990-04-02")
    add_figure(
        data_copy,
        "zz-test-claim",
        "zz-test-article",
        "civilians_killed",
        current + offset,
        qualifier=qualifier,
    )
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status]


@pytest.mark.parametrize(
    ("release", "claim", "status", "gap"),
    [
        # the release's own words: "more than 1,300" quoted as "more than 1,300"
        (("1300", "", "", "more_than"), ("1300", "", "", "more_than"), "pass", 0),
        # a range given by its least: "at least 30" for 30-40
        (("", "30", "40", "between"), ("30", "", "", "at_least"), "pass", 0),
        (("", "30", "40", "between"), ("30", "", "", "more_than"), "pass", 0),
        # "more than 1,302" of a count needs 1,303: one short, never "difference 0"
        (("1302", "", "", "at_least"), ("1302", "", "", "more_than"), "fail", 1),
        # "about 1,053" reaches down to 1,000.35: a release of 1,000 is 1 below it
        (("1000", "", "", "exact"), ("1053", "", "", "about"), "fail", 1),
        (("1000", "", "", "exact"), ("1052", "", "", "about"), "pass", 0),
        # a bound gives the figure it rounds, not any figure it holds (series.FAR): "more than
        # 1,000" and "up to 1,200" give 1,114, "more than 100" and "up to 5,000" do not
        (("1114", "", "", "at_least"), ("1000", "", "", "more_than"), "pass", 0),
        (("1114", "", "", "at_least"), ("1200", "", "", "up_to"), "pass", 0),
        (("1114", "", "", "at_least"), ("100", "", "", "more_than"), "fail", 914),
        (("1114", "", "", "at_least"), ("5000", "", "", "up_to"), "fail", 1386),
        # a range: a floor gives its least, a ceiling its most
        (("", "8000", "13000", "between"), ("5000", "", "", "more_than"), "pass", 0),
        (("", "8000", "13000", "between"), ("13000", "", "", "up_to"), "pass", 0),
        (("", "8000", "13000", "between"), ("3000", "", "", "more_than"), "fail", 2000),
        (("", "8000", "13000", "between"), ("30000", "", "", "up_to"), "fail", 2000),
    ],
)
def test_a_claim_is_read_against_the_release_s_own_words_and_a_failure_is_never_0_off(
    data_copy, release, claim, status, gap
):
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    add_report(data_copy, "zz-test-release", "1990-02-27", end="1990-01")
    add_article(data_copy, "zz-test-article", "1990-03-10")
    for figure_id, report_id, (value, low, high, qualifier) in (
        ("zz-test-civ", "zz-test-release", release),
        ("zz-test-claim", "zz-test-article", claim),
    ):
        add_figure(
            data_copy,
            figure_id,
            report_id,
            "civilians_killed",
            value,
            low=low,
            high=high,
            qualifier=qualifier,
        )
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status]
    assert found["difference"].tolist() == [gap]


def _with_report_counts(data_copy, claimed: int) -> object:
    add_releases(data_copy, BASE)
    reports_received = 1799
    add_figure(
        data_copy,
        "zz-test-1990-02-reports",
        "zz-test-release-1990-02",
        "civcas_reports_total",
        reports_received,
        qualifier="exact",
    )
    return add_claim(data_copy, "1990-04-02", "civilians_killed", claimed)


def test_a_count_of_reports_given_as_deaths_fails(data_copy):
    pkg = _with_report_counts(data_copy, 1799)
    found = _results(pkg, "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "a count of reports" in found["observed"].item()
    assert "zz-test-1990-02-reports" in found["figure_ids"].item()
    # the release's own page says so too, under what others get wrong (it listed only the pages
    # that printed its figures two ways)
    heading = str(getattr(views.report_heading(pkg, "zz-test-release-1990-02"), "html", ""))
    others = heading.partition("Where others get it wrong")[2]
    assert "ZZ Test Daily gives 1,799 as ZZTC&#x27;s count of civilians killed" in others or (
        "ZZ Test Daily gives 1,799 as ZZTC's count of civilians killed" in others
    ), heading


@pytest.mark.parametrize(("qualifier", "words"), [("exact", ""), ("at_least", "at least ")])
def test_reports_given_as_deaths_quote_the_claim_in_its_own_words(data_copy, qualifier, words):
    """Crater Sky's "at least 3" was quoted as "gives 3"."""
    add_releases(data_copy, BASE)
    add_figure(
        data_copy,
        "zz-test-1990-02-reports",
        "zz-test-release-1990-02",
        "civcas_reports_total",
        1799,
        qualifier="exact",
    )
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", 1799, qualifier=qualifier)
    (sentence,) = [
        s for s in headlines.collection_findings(pkg)["sentence"] if "ZZ Test Daily gives" in s
    ]
    assert sentence.startswith(f"ZZ Test Daily gives {words}1,799 as ZZTC's count"), sentence
    assert "but 1,799 is the number of" in sentence


def test_a_death_count_that_is_no_count_of_reports_passes(data_copy):
    pkg = _with_report_counts(data_copy, BASE[-1][2])
    found = _results(pkg, "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]


def _with_monitor(
    data_copy, credited_series: str, monitor_count=4321, monitor_place="IRQ+SYR"
) -> object:
    add_releases(data_copy, BASE)
    add_series(data_copy, MONITOR_SERIES, MONITOR, "irregular", "counted")
    add_report(
        data_copy,
        "zz-test-monitor-1990",
        "1990-03-01",
        end="1990-02-28",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_report",
        geography=monitor_place,
    )
    add_figure(
        data_copy,
        "zz-test-monitor-civ",
        "zz-test-monitor-1990",
        "civilians_killed",
        monitor_count,
        series=MONITOR_SERIES,
    )
    add_article(data_copy, "zz-test-article", "1990-04-02")
    add_figure(
        data_copy,
        "zz-test-claim",
        "zz-test-article",
        "civilians_killed",
        monitor_count,
        series=credited_series,
        qualifier="exact",
    )
    return data_copy.load()


@pytest.mark.parametrize(
    ("claimed", "status"),
    [
        ({"value": 5000, "qualifier": "at_least"}, "unchecked"),  # between January's and July's
        ({"value": 4000, "qualifier": "exact"}, "fail"),  # below the count current then
        ({"value": 9000, "qualifier": "exact"}, "fail"),  # above the next update's
        ({"value": 4321, "qualifier": "exact"}, "pass"),  # January's, current then
    ],
)
def test_a_monitor_s_figure_between_two_held_updates_may_be_an_update_not_held(
    data_copy, claimed, status
):
    """A monitor with no regular cadence: the collection holds its updates of January and July,
    not necessarily every one. A page of April giving a count between theirs may quote an update
    not held (not checkable; it was "a figure no release gave", Unsupported); one below the
    current count or above July's cannot be any update, since a running total never falls."""
    add_monitor_updates(
        data_copy,
        [("zz-test-monitor-jan", "1990-01-15", 4321), ("zz-test-monitor-jul", "1990-07-20", 6000)],
    )
    pkg = add_claim(
        data_copy,
        "1990-04-02",
        "civilians_killed",
        claimed["value"],
        series=MONITOR_SERIES,
        qualifier=claimed["qualifier"],
    )
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status], found[
        ["observed", "expected", "evidence"]
    ].to_dict("records")
    if status == "unchecked":
        (evidence,) = found["evidence"].tolist()
        assert "after 15 January 1990 and before 20 July 1990 may give this figure" in evidence


def test_a_figure_credited_to_the_wrong_issuer_is_misattributed(data_copy):
    pkg = _with_monitor(data_copy, SERIES)  # the monitor's count credited to the coalition
    found = _results(pkg, "misattributed_figure", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "ZZTM's figure" in found["observed"].item()


@pytest.mark.parametrize(
    ("count", "place", "judged"),
    [
        (4321, "SYR", True),  # a count for Syria, credited for Iraq and Syria: a place it shares
        (4321, COUNTRY["iso3"], False),  # a count of another place that happens to be equal
        (50, "IRQ+SYR", False),  # a small count equals some other figure by chance
        (250, "IRQ+SYR", True),
    ],
)
def test_only_a_figure_equality_can_tell_apart_and_of_a_shared_place_is_misattributed(
    data_copy, count, place, judged
):
    """A chance equality (a small count, another place's count) was given the worst verdict."""
    add_country(data_copy)
    pkg = _with_monitor(data_copy, SERIES, monitor_count=count, monitor_place=place)
    found = _results(pkg, "misattributed_figure", "zz-test-claim")
    assert found["status"].tolist() == (["fail"] if judged else [])


def test_a_page_s_status_says_what_it_did_to_the_figure(data_copy):
    """A page that credits the monitor's figure to the coalition read "misquotes ZZTC" (and so
    did one that gives reports as deaths, or puts a count in the wrong place): its status says
    what it did, and not also "misquotes" for the same figure."""
    pkg = _with_monitor(data_copy, SERIES)
    statuses = headlines.report_statuses(pkg).set_index("report_id")
    assert statuses.loc["zz-test-article", "status"] == "credits ZZTM's figure to ZZTC"
    # two of its figures: "figures"
    add_figure(
        data_copy,
        "zz-test-monitor-children",
        "zz-test-monitor-1990",
        "children_killed",
        1234,
        series=MONITOR_SERIES,
    )
    add_figure(
        data_copy,
        "zz-test-claim-children",
        "zz-test-article",
        "children_killed",
        1234,
        series=SERIES,
    )
    statuses = headlines.report_statuses(data_copy.load()).set_index("report_id")
    assert statuses.loc["zz-test-article", "status"] == "credits ZZTM's figures to ZZTC"


def test_one_page_crediting_several_figures_of_one_report_to_the_wrong_issuer_is_one_finding(
    data_copy,
):
    """A page that credits a monitor report's deaths and children killed to the coalition made one
    error of attribution: one finding naming each count with what it counts; taken out of the data,
    the finding goes."""
    pkg = _with_monitor(data_copy, SERIES)
    children = 1234
    add_figure(
        data_copy,
        "zz-test-monitor-children",
        "zz-test-monitor-1990",
        "children_killed",
        children,
        series=MONITOR_SERIES,
    )
    add_figure(
        data_copy,
        "zz-test-claim-children",
        "zz-test-article",
        "children_killed",
        children,
        series=SERIES,
        qualifier="exact",
    )
    pkg = data_copy.load()
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    wrong = ours[ours["kind"] == headlines.RULE_SHORT["misattributed_figure"]]
    assert len(wrong) == 1, ours["sentence"].tolist()
    counted = {
        metric: pkg.frames["metrics"].filter(pl.col("metric") == metric)["label"].item().lower()
        for metric in ("civilians_killed", "children_killed")
    }
    assert wrong["sentence"].item() == (
        f"ZZ Test Daily credits 4,321 ({counted['civilians_killed']}) and 1,234 "
        f"({counted['children_killed']}) to ZZTC, but they are ZZTM's figures "
        "(the ZZTM report of 1 March 1990), not ZZTC's."
    )
    assert {"zz-test-claim", "zz-test-claim-children"} <= set(wrong["figure_ids"].item())
    # one figure so credited reads in the singular
    data_copy.edit("figures", "figure_id", "zz-test-claim-children", series=MONITOR_SERIES)
    single = headlines.collection_findings(data_copy.load())
    single = single[single["kind"] == headlines.RULE_SHORT["misattributed_figure"]]
    single = single[single["reports"].map(lambda reports: "zz-test-article" in reports)]
    assert single["sentence"].tolist() == [
        "ZZ Test Daily credits 4,321 (civilians killed) to ZZTC, but it is ZZTM's figure (the ZZTM "
        "report of 1 March 1990), not ZZTC's."
    ]


def test_one_page_s_claims_no_release_gave_are_one_finding_in_the_plural(data_copy):
    """Two figures one page gives for a series that no release gave make one finding: "gives 777
    and 888 for ..., figures no ... release gave (current at the page's date: …)"; one reads "a
    figure"."""
    add_releases(data_copy, BASE)
    add_claim(data_copy, "1990-04-02", "civilians_killed", 777)
    add_figure(
        data_copy,
        "zz-test-claim-two",
        "zz-test-article",
        "civilians_killed",
        888,
        qualifier="exact",
    )
    kind = headlines.RULE_SHORT["series_claim_matches_release"]

    def sentences(pkg):
        findings = headlines.collection_findings(pkg)
        ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
        return ours.loc[ours["kind"] == kind, "sentence"].tolist()

    pkg = data_copy.load()
    label = pkg.frames["metrics"].filter(pl.col("metric") == "civilians_killed")["label"].item()
    # with the release current then, which both are set against (it said nothing of it)
    assert sentences(pkg) == [
        f"ZZ Test Daily gives 777 and 888 for ZZTC's count of {label.lower()}, figures no ZZTC "
        "release gave (current at the page's date: 130 in the release of 28 March 1990)."
    ]
    data_copy.edit("figures", "figure_id", "zz-test-claim-two", value="130")
    (single,) = sentences(data_copy.load())
    assert single.startswith(
        f"ZZ Test Daily gives 777 for ZZTC's count of {label.lower()}, a figure no ZZTC release "
        "gave"
    )
    # in the claim's own words: "more than 777" (the qualifier was dropped)
    data_copy.edit("figures", "figure_id", "zz-test-claim", qualifier="more_than")
    (single,) = sentences(data_copy.load())
    assert single.startswith(
        f"ZZ Test Daily gives more than 777 for ZZTC's count of {label.lower()}"
    )


@pytest.mark.parametrize(
    "page_date, value, words",
    [
        ("1990-03-10", 130, "the figure of {feb}, published after the page's date (current"),
        ("1990-04-02", 100, "the figure of {jan}, out of date by the page's date (current"),
    ],
)
def test_a_claim_that_is_another_release_s_figure_is_said_to_be_that_release_s(
    data_copy, page_date, value, words
):
    """A page quoting a release it could not have quoted then, or one out of date by then, is told
    so by name: never "a figure no release gave", nor a misprint of the current one."""
    add_releases(data_copy, BASE)
    pkg = add_claim(data_copy, page_date, "civilians_killed", value)
    names = effective.report_names(pkg)
    kind = headlines.RULE_SHORT["series_claim_matches_release"]
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[ours["kind"] == kind, "sentence"].tolist()
    expected = words.format(
        jan=names["zz-test-release-1990-01"], feb=names["zz-test-release-1990-02"]
    )
    assert f"gives {value} for " in sentence and expected in sentence, sentence
    assert "no ZZTC release gave" not in sentence and "misprint" not in sentence


def test_a_share_is_said_as_a_share_with_its_sign(data_copy):
    """A share a page gives wrong read "gives 94 for ZZTC's count of reports as a share of
    engagements": no per cent sign, and "count" for a share."""
    metric = "civcas_reports_share_of_engagements"
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    add_report(data_copy, "zz-test-release", "1990-02-27", end="1990-01")
    add_figure(data_copy, "zz-test-share", "zz-test-release", metric, "0.94", qualifier="exact")
    pkg = add_claim(data_copy, "1990-03-10", metric, "94")
    findings = headlines.collection_findings(pkg)
    (sentence,) = findings.loc[
        findings["reports"].map(lambda reports: "zz-test-article" in reports)
        & (findings["kind"] == headlines.RULE_SHORT["series_claim_matches_release"]),
        "sentence",
    ].tolist()
    label = pkg.frames["metrics"].filter(pl.col("metric") == metric)["label"].item().lower()
    assert sentence.startswith(f"ZZ Test Daily gives 94% for ZZTC's figure for {label}"), sentence


def test_a_claim_that_is_an_earlier_release_s_figure_is_no_misprint_of_the_current_one(data_copy):
    """520 is January's figure, out of date in April: it was also read as February's 560 "with one
    digit changed: perhaps a misprint", which the match to January's explains away."""
    add_releases(data_copy, [("1990-01", "1990-02-27", 520), ("1990-02", "1990-03-28", 560)])
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", 520)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "out of date" in found["observed"].item()
    assert "misprint" not in found["evidence"].item()


def test_a_page_of_a_release_s_own_day_is_said_to_be_of_that_day(data_copy):
    """On 28 March, the day February's release came out, both it and January's were current: the
    finding names both and says why, never "current in 28 March" as of a month."""
    add_releases(data_copy, BASE)
    add_claim(data_copy, "1990-03-28", "civilians_killed", 777)
    kind = headlines.RULE_SHORT["series_claim_matches_release"]
    findings = headlines.collection_findings(data_copy.load())
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[ours["kind"] == kind, "sentence"].tolist()
    assert "current on 28 March 1990, the page's date and the day a release came out: " in (
        sentence
    ), sentence
    assert "100 in " in sentence and "130 in " in sentence


@pytest.mark.parametrize("page_date, status", [("1990-02-10", None), ("1990-03-01", "fail")])
def test_a_figure_published_after_the_page_is_not_what_it_misattributed(
    data_copy, page_date, status
):
    """The monitor's 4,321 came out on 1 March: a page of 10 February that credits 4,321 to the
    coalition cannot have taken it from the monitor (no misattribution finding); a page of the
    same day can."""
    _with_monitor(data_copy, SERIES)
    data_copy.edit("reports", "report_id", "zz-test-article", published=page_date)
    found = _results(data_copy.load(), "misattributed_figure", "zz-test-claim")
    assert (found["status"].tolist() or [None]) == [status]


@pytest.mark.parametrize("coalition, misattributed", [(1114, False), (1314, True)])
def test_a_round_number_the_credited_issuer_s_own_rounds_to_is_not_misattributed(
    data_copy, coalition, misattributed
):
    """A page gives 1,100 as the coalition's, whose release current then gave 1,114; that the
    monitor once printed 1,100 itself made the page "Misattributed" (the worst verdict), where the
    claim is more simply the coalition's own figure rounded. A round number none of the
    coalition's figures rounds to is still the monitor's."""
    _with_monitor(data_copy, SERIES, monitor_count=1100)
    for figure_id, value in (("zz-test-1990-01-civ", 1000), ("zz-test-1990-02-civ", coalition)):
        data_copy.edit("figures", "figure_id", figure_id, value=str(value))
    pkg = data_copy.load()
    found = _results(pkg, "misattributed_figure", "zz-test-claim")
    assert found["status"].tolist() == (["fail"] if misattributed else [])
    if not misattributed:
        (evidence,) = _results(pkg, "series_claim_matches_release", "zz-test-claim")["evidence"]
        assert (
            "1,100 is 1,114 (the ZZTC release of 28 March 1990) rounded to the nearest hundred"
            in (evidence)
        )


def test_a_figure_credited_to_its_own_issuer_is_not_misattributed(data_copy):
    pkg = _with_monitor(data_copy, MONITOR_SERIES)
    found = _results(pkg, "misattributed_figure", "zz-test-claim")
    assert found.empty or found["status"].tolist() == ["pass"]
    claim = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert claim["status"].tolist() == ["pass"]


def test_a_release_with_two_carriers_keeps_the_figures_of_both(data_copy):
    """Deaths read on one page, strikes on another: both are the release's own points (no code
    change, only rows of reports.csv, carriers.csv and figures.csv)."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    add_article(data_copy, "zz-test-page-one", "1990-02-27")
    add_article(data_copy, "zz-test-page-two", "1990-02-28")
    add_report(
        data_copy,
        "zz-test-release-1990-01",
        "1990-02-27",
        end="1990-01",
        carried_by="zz-test-page-one",
    )
    data_copy.append(
        "carriers",
        report_id="zz-test-release-1990-01",
        carried_by="zz-test-page-two",
        locator="paragraph 3",
        confirmed_on="2026-12-03",
    )
    add_figure(
        data_copy,
        "zz-test-one-civ",
        "zz-test-release-1990-01",
        "civilians_killed",
        100,
        carried_by="zz-test-page-one",
    )
    add_figure(
        data_copy,
        "zz-test-two-strikes",
        "zz-test-release-1990-01",
        "airstrikes",
        5000,
        qualifier="exact",
        carried_by="zz-test-page-two",
    )
    pkg = data_copy.load()
    points = releases_of(effective.frame(pkg))
    mine = set(points.filter(points["report_id"] == "zz-test-release-1990-01")["figure_id"])
    assert mine == {"zz-test-one-civ", "zz-test-two-strikes"}
    # the release's card names both pages it reaches us through, each once
    card = views.provenance(pkg, "zz-test-release-1990-01")
    (through,) = card.loc[card["fact"] == "Reaches us through", "value"].tolist()
    assert through == "; ".join(
        views.report_name(pkg, page) for page in ("zz-test-page-one", "zz-test-page-two")
    )
    # and its byline says there is more than the one it names
    heading = views.report_heading(pkg, "zz-test-release-1990-01")
    assert "carried to us by ZZ Test Daily and 1 other page," in str(
        getattr(heading, "html", heading)
    )
    # without the carriers row, the second page's strikes are a restatement, not the release's
    data_copy.write("carriers", [])
    points = releases_of(effective.frame(data_copy.load()))
    mine = set(points.filter(points["report_id"] == "zz-test-release-1990-01")["figure_id"])
    assert mine == {"zz-test-one-civ"}


def test_a_supplement_fills_what_a_row_left_unknown_without_changing_its_id(data_copy):
    add_releases(data_copy, [("1990-01", "1990-02", 100)])
    add_supplement(data_copy, "reports", "zz-test-release-1990-01", "published", "1990-02-27")
    pkg = data_copy.load()
    reports = pkg.frames["reports"]
    row = reports.filter(reports["report_id"] == "zz-test-release-1990-01").row(0, named=True)
    assert row["published"] == "1990-02-27"


def test_a_supplement_never_changes_a_stated_value(data_copy):
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_supplement(data_copy, "reports", "zz-test-release-1990-01", "published", "1990-03-01")
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert "supplements.csv, row " in line and "already states published" in line


def test_a_count_must_be_whole_and_a_ratio_may_be_decimal(data_copy):
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_figure(
        data_copy,
        "zz-test-ratio",
        "zz-test-release-1990-01",
        "ratio_to_official",
        "9.5",
        qualifier="about",
        series="",
    )
    data_copy.load()
    add_figure(
        data_copy, "zz-test-half", "zz-test-release-1990-01", "civilians_killed", "2.5", series=""
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert 'column "value"' in line and "is a count" in line and "'2.5'" in line


@pytest.mark.parametrize("written", ["1e3", "2E2", "01000", "1000.", "+1e3", "+1000"])
def test_a_count_is_written_as_a_plain_whole_number(data_copy, written):
    """A number column reads 1e3 as 1000.0 and 01000 as 1000: a count typed so is refused in one
    line naming the cell, as a decimal point is."""
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_figure(
        data_copy, "zz-test-odd", "zz-test-release-1990-01", "civilians_killed", written, series=""
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert "figures.csv, row " in line and 'column "value"' in line and "is a count" in line
    assert f"got {written!r}" in line


@pytest.mark.parametrize(
    "table, row_id, column, value, says",
    [
        ("reports", "zz-test-blank", "published", "1990-02-30", "a real calendar date"),
        ("reports", "zz-test-blank", "published", "unknown", "YYYY-MM-DD"),
        ("figures", "zz-test-1990-01-civ", "geography", "Iraq", "three-letter country codes"),
        ("figures", "zz-test-1990-01-civ", "governorate_pcode", "SY-99", "two-letter ISO code"),
        ("figures", "zz-test-1990-01-civ", "period_end", "1990-02-30", "a real calendar date"),
    ],
)
def test_a_bad_supplied_value_is_named_at_its_supplement(
    data_copy, table, row_id, column, value, says
):
    """The value is typed in supplements.csv: the one line names that file, the supplement's row
    and its value column, and the cell it fills; never a row of the table that holds no such
    value."""
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_report(data_copy, "zz-test-blank", "", end="")
    row = add_supplement(data_copy, table, row_id, column, value)
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(f'data/curated/supplements.csv, row {row}, column "value": '), line
    assert says in line and repr(value) in line
    assert f"supplies for {column} of {row_id!r} in data/curated/{table}.csv" in line


# -- a figure restated: a bound on one number beside a range ---------------------------------------


def _restated(data_copy, own: dict, restated: dict) -> object:
    """A monitor's report stating a count of civilians killed (`own`: value or low and high, and
    qualifier) on its own page, and a news article restating it (`restated`)."""
    add_report(
        data_copy,
        "zz-test-monitor-1990",
        "1990-03-01",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_report",
    )
    add_article(data_copy, "zz-test-article", "1990-03-02")
    for figure_id, carrier, stated in (
        ("zz-test-own", "zz-test-monitor-1990", own),
        ("zz-test-restated", "zz-test-article", restated),
    ):
        words = dict(stated)
        value = words.pop("value")
        add_figure(
            data_copy,
            figure_id,
            "zz-test-monitor-1990",
            "civilians_killed",
            value,
            series="",
            carried_by=carrier,
            **words,
        )
    found = _results(
        data_copy.load(), "restated_values_agree", "zz-test-monitor-1990: civilians killed"
    )
    assert len(found) == 1
    return found.iloc[0]


RANGE = {"value": "", "low": "459", "high": "591", "qualifier": "between"}


@pytest.mark.parametrize(
    ("restated", "status", "why"),
    [
        # a bound that names the end of the range on its side: the range said less precisely
        (("at_least", 459), "pass", "at least 459 ({}): the low end of 459–591, given as a floor"),
        (
            ("more_than", 459),
            "pass",
            "more than 459 ({}): the low end of 459–591, given as a floor",
        ),
        (("up_to", 591), "pass", "up to 591 ({}): the high end of 459–591, given as a ceiling"),
        (("more_than", 400), "pass", "more than 400 ({}): its words allow 459–591"),
        # a bound on another number, or on the wrong end: a different number
        (("at_least", 400), "fail", "at least 400 ({}): not the low end of 459–591"),
        (("at_least", 591), "fail", "at least 591 ({}): not the low end of 459–591"),
        (("up_to", 459), "fail", "up to 459 ({}): its words do not allow 459–591"),
        (("about", 525), "fail", "about 525 ({}): its words do not allow 459–591"),
        # one plain number against a range: a different number, and the numbers say so
        (("exact", 459), "fail", "459 ({})"),
    ],
)
def test_a_bound_restating_a_range_agrees_only_when_it_names_its_end(
    data_copy, restated, status, why
):
    qualifier, value = restated
    r = _restated(data_copy, RANGE, {"value": str(value), "qualifier": qualifier})
    assert r["status"] == status
    assert why.format("ZZ Test Daily, paragraph 1") in r["observed"]
    assert r["blamed_ids"] == ("zz-test-restated" if status == "fail" else "")


@pytest.mark.parametrize(
    ("own", "restated", "status", "why"),
    [
        # the issuer's own bound, restated as the range whose end it names: read either way round
        (
            {"value": "459", "qualifier": "at_least"},
            RANGE,
            "pass",
            "459–591 ({}): its low end is the “at least 459” that ZZTM gives",
        ),
        (
            {"value": "400", "qualifier": "at_least"},
            RANGE,
            "fail",
            "459–591 ({}): its low end is not the “at least 400” that ZZTM gives",
        ),
        (
            {"value": "28000", "qualifier": "more_than"},
            {"value": "28563", "qualifier": "exact"},
            "pass",
            "28,563 ({}): within the “more than 28,000” that ZZTM gives",
        ),
        # "at least 459" restating 459, or 459 restating "at least 459": the same number
        (
            {"value": "459", "qualifier": "exact"},
            {"value": "459", "qualifier": "at_least"},
            "pass",
            None,
        ),
        (
            {"value": "459", "qualifier": "at_least"},
            {"value": "459", "qualifier": "exact"},
            "pass",
            None,
        ),
        # a floor is the issuer's own number: a lower one is another number
        (
            {"value": "459", "qualifier": "at_least"},
            {"value": "400", "qualifier": "at_least"},
            "fail",
            None,
        ),
    ],
)
def test_a_restatement_is_read_by_the_words_of_either_statement(
    data_copy, own, restated, status, why
):
    r = _restated(data_copy, own, restated)
    assert r["status"] == status
    if why:
        assert why.format("ZZ Test Daily, paragraph 1") in r["observed"]
    else:  # the numbers say it: no reason given
        assert ": " not in r["observed"]


# -- a count of reports of an earlier release given as deaths --------------------------------------

LATER = ("1990-03", "1990-04-25", 150)


def _with_running_reports(data_copy, page_date: str, claimed: int) -> object:
    """Three monthly releases; February's and March's give running totals of reports received
    (1,799, then 1,850); a page of page_date gives `claimed` civilians killed."""
    add_releases(data_copy, [*BASE, LATER])
    for month, received in (("1990-02", 1799), ("1990-03", 1850)):
        add_figure(
            data_copy,
            f"zz-test-{month}-reports",
            f"zz-test-release-{month}",
            "civcas_reports_total",
            received,
            qualifier="exact",
        )
    return add_claim(data_copy, page_date, "civilians_killed", claimed)


def test_a_count_of_reports_of_an_earlier_release_given_as_deaths_fails(data_copy):
    # on 2 May the March release is current; 1,799 is February's running total of reports
    pkg = _with_running_reports(data_copy, "1990-05-02", 1799)
    found = _results(pkg, "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert found["figure_ids"].item() == "zz-test-claim; zz-test-1990-02-reports"
    february = effective.report_names(pkg)["zz-test-release-1990-02"]
    metrics = pkg.frames["metrics"]
    received = metrics.filter(metrics["metric"] == "civcas_reports_total")["label"].item().lower()
    observed = found["observed"].item()
    assert observed.startswith(f"1,799 = {received} ({february}), ")
    assert observed.endswith("from a release before the one current at the page's date")


def test_a_count_of_reports_of_a_later_release_is_never_blamed(data_copy):
    # on 10 April February's release is current: March's 1,850 came out on 25 April
    found = _results(
        _with_running_reports(data_copy, "1990-04-10", 1850),
        "reports_given_as_deaths",
        "zz-test-claim",
    )
    assert found["status"].tolist() == ["pass"]
    assert (
        "published after the page: a page cannot quote a later release" in found["evidence"].item()
    )
    # before any running total of reports was out there is nothing to compare: not checkable
    data_copy.edit("reports", "report_id", "zz-test-article", published="1990-03-10")
    found = _results(data_copy.load(), "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["unchecked"]
    assert found["expected"].item().startswith("not checkable")


def test_a_number_a_release_gives_as_deaths_too_is_not_blamed(data_copy):
    found = _results(
        _with_running_reports(data_copy, "1990-05-02", BASE[0][2]),
        "reports_given_as_deaths",
        "zz-test-claim",
    )
    assert found["status"].tolist() == ["pass"]
    # and January's 100 deaths, had January's release also received 100 reports, say so
    add_figure(
        data_copy,
        "zz-test-1990-01-reports",
        "zz-test-release-1990-01",
        "civcas_reports_total",
        BASE[0][2],
        qualifier="exact",
    )
    found = _results(data_copy.load(), "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]
    assert "the page may quote that" in found["evidence"].item()


def _credible(data_copy, month: str, credible: int) -> None:
    """The reports found credible in its month, as the test series' release of that month gives
    them."""
    add_figure(
        data_copy,
        f"zz-test-{month}-credible",
        f"zz-test-release-{month}",
        "civcas_reports_credible",
        credible,
        qualifier="exact",
        series="",
        period_start=month,
        period_end=month,
    )


def _with_monthly_reports(data_copy, page_date: str, claim_period: str) -> object:
    """Three monthly releases, each giving the reports found credible in its month: 3 in January,
    5 in February, 3 in March; a page of page_date gives 3 more civilians killed (a rise), for the
    month claim_period (or no period)."""
    add_releases(data_copy, [*BASE, LATER])
    for month, credible in (("1990-01", 3), ("1990-02", 5), ("1990-03", 3)):
        _credible(data_copy, month, credible)
    return add_claim(
        data_copy,
        page_date,
        "civilians_killed_increment",
        3,
        period_start=claim_period,
        period_end=claim_period,
    )


@pytest.mark.parametrize(
    ("page_date", "claim_period", "status", "release"),
    [
        ("1990-05-02", "1990-03", "fail", "zz-test-1990-03-credible"),  # March's 3, for March
        ("1990-05-02", "1990-01", "fail", "zz-test-1990-01-credible"),  # January's, out of date
        ("1990-05-02", "1990-02", "pass", None),  # February had 5: a 3 elsewhere is chance
        ("1990-05-02", "", "fail", "zz-test-1990-03-credible"),  # no period: the current month's
        ("1990-04-02", "", "pass", None),  # February's release is current: its month had 5
        ("", "1990-03", "fail", "zz-test-1990-03-credible"),  # undated, but the month is given
        ("", "", "unchecked", None),  # undated, no period: nothing that could be its source
    ],
)
def test_a_small_count_of_reports_is_blamed_only_for_its_own_month(
    data_copy, page_date, claim_period, status, release
):
    pkg = _with_monthly_reports(data_copy, page_date, claim_period)
    found = _results(pkg, "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == [status]
    ids = found["figure_ids"].item().split("; ")
    assert ids == ["zz-test-claim"] + ([release] if release else [])


def test_a_month_s_reports_given_as_deaths_are_said_with_their_month(data_copy):
    """ "3 is the number of reports found credible in March 1990", never "… in the month" (which
    month, a reader could not tell: the release's, or the page's)."""
    pkg = _with_monthly_reports(data_copy, "1990-05-02", "1990-03")
    (sentence,) = [
        s
        for s in headlines.collection_findings(pkg)["sentence"]
        if s.startswith("ZZ Test Daily gives 3")
    ]
    assert "3 is the number of reports found credible in March 1990 in the " in sentence
    assert "in the month" not in sentence


# ---- a claim put in another place than the issuer counts (T-PLACE) ----


@pytest.mark.parametrize(
    ("geography", "value", "status"),
    [
        ("SYR", 130, "fail"),  # the release's count for Iraq and Syria, given for Syria
        ("SYR", 77, "unchecked"),  # no count of the issuer for Syria alone is held
        ("IRQ+SYR", 130, None),  # the place the issuer counts: T-CLAIMS judges it, not this rule
    ],
)
def test_a_claim_in_a_place_the_issuer_does_not_count_is_put_in_the_wrong_place(
    data_copy, geography, value, status
):
    add_releases(data_copy, BASE)
    pkg = _deaths_claimed(data_copy, value, geography=geography)
    found = _results(pkg, "claim_place_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ([status] if status else [])
    if status == "fail":
        assert found["observed"].item() == (
            f"130 is {effective.issuer_name(ISSUER)}'s count for Iraq and Syria "
            f"({effective.report_names(pkg)['zz-test-release-1990-02']}), not for Syria"
        )
        assert found["blamed_ids"].item() == "zz-test-claim"
    # the claim in the issuer's own place is what T-CLAIMS matches instead
    matched = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert len(matched) == (1 if geography == "IRQ+SYR" else 0)


def test_a_claim_in_the_wrong_place_that_dates_its_own_figure_is_read_against_that_dates_release(
    data_copy,
):
    # on 2 April February's 130 is current; the page says January's 100 was for Syria
    add_releases(data_copy, BASE)
    pkg = _deaths_claimed(
        data_copy, 100, geography="SYR", period_start="1989-08", period_end="1990-01"
    )
    found = _results(pkg, "claim_place_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert found["observed"].item().startswith("100 is ")
    assert effective.report_names(pkg)["zz-test-release-1990-01"] in found["observed"].item()


def test_a_claim_is_read_against_the_release_current_at_its_date_for_its_place(data_copy):
    # February's 130 came out on 28 March: a page of 10 March cannot have moved it to Syria
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-article", "1990-03-10")
    add_figure(
        data_copy, "zz-test-claim", "zz-test-article", "civilians_killed", 130, geography="SYR"
    )
    found = _results(data_copy.load(), "claim_place_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["unchecked"]


def test_every_wrong_place_in_the_record_is_gone_once_the_claim_names_the_issuer_s_place(
    data_copy, pkg
):
    """On the real record: each claim that fails T-PLACE passes out of this rule (and into
    T-CLAIMS) when its page's place is changed to the place of the release it matched."""
    results = checks.rule_results(pkg, "claim_place_matches_release")
    failed = results[results["status"].eq("fail")]
    if failed.empty:
        pytest.skip("no claim in the record is put in the wrong place")
    figures = effective.effective_figures(pkg).set_index("figure_id")
    for row in failed.itertuples():
        claim, release = row.figure_ids.split("; ")[:2]
        data_copy.edit(
            "figures", "figure_id", claim, geography=figures.loc[release, "eff_geography"]
        )
    after = checks.rule_results(data_copy.load(), "claim_place_matches_release")
    still = after[after["status"].eq("fail")]
    assert still.empty, still[["subject", "observed"]].to_string()


@pytest.mark.parametrize(("own_series", "findings"), [("", 0), (SERIES, 1)])
def test_an_article_s_claim_for_a_series_and_its_own_count_are_two_figures(
    data_copy, own_series, findings
):
    """teleSUR's case: the coalition's "1,100" and the page's own unattributed "11,800" are not
    one figure printed two ways; two numbers the page gives for the same series still are."""
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-article", "1990-04-02")
    add_figure(data_copy, "zz-test-claim", "zz-test-article", "civilians_killed", 130)
    add_figure(
        data_copy, "zz-test-own", "zz-test-article", "civilians_killed", 9999, series=own_series
    )
    results = checks.rule_results(data_copy.load(), "restated_values_agree")
    restated = results[results["figure_ids"].str.contains("zz-test-claim")]
    assert len(restated) == findings
    if findings:
        assert restated["status"].tolist() == ["fail"]


@pytest.mark.parametrize(
    ("claimed", "released", "slip"),
    [
        (24502, 34502, "one digit changed"),
        (1391, 1319, "two digits swapped"),
        (348, 3480, "one digit left out"),
        (13480, 3480, "one digit added"),
        (647, 674, "two digits swapped"),
        (274, 674, "one digit changed"),
        (3037, 3035, None),  # the last digit: a near value as likely as a slip
        (1100, 1190, None),  # a round number: rounded, not mistyped
        (1234, 4321, None),  # more than two digits apart
        (1392, 1319, None),  # two digits apart, not swapped
        (97, 99, None),  # too few digits to tell a slip from a near value
        (3480, 3480, None),
        (3480.5, 3481, None),
    ],
)
def test_a_digit_slip_is_one_digit_changed_swapped_left_out_or_added(claimed, released, slip):
    assert digit_slip(claimed, released) == slip


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # releases out on days 5, 12, 12 and 20 of one month, and one of unknown date: the day
        # after two came out, the later listed is the one current
        (1, 1, []),
        (5, 5, [0]),
        (10, 10, [0]),
        # on the 12th the one before may still be current too: a page of that day may have been
        # written before the day's releases came out
        (12, 12, [0, 1, 2]),
        (13, 13, [2]),
        (1, 31, [0, 1, 2, 3]),
        (6, 19, [0, 1, 2]),
        (21, 31, [3]),
    ],
)
def test_the_releases_current_within_a_span_are_the_one_current_at_its_start_and_those_out_in_it(
    first, last, expected
):
    dates = [date(1990, 3, 5), date(1990, 3, 12), date(1990, 3, 12), date(1990, 3, 20), None]
    within = releases_current_within(
        date(1990, 3, first), date(1990, 3, last), list(range(len(dates))), dates
    )
    assert within == expected


def test_a_count_of_what_one_release_adds_never_takes_its_reports_start(data_copy):
    # a release covering the campaign since January 1990 states deaths in the reports it assessed:
    # with no period of its own that count is the release's, not one "since January 1990"
    add_releases(data_copy, BASE)
    data_copy.edit("reports", "report_id", "zz-test-release-1990-02", period_start="1990-01")
    metrics = {row["metric"]: row for row in data_copy.rows("metrics")}
    per_release = [m for m, row in metrics.items() if row["span"] == "release"]
    running = "civilians_killed"
    assert per_release and metrics[running]["span"] == "report"
    per_release_id, running_id = (
        f"zz-test-{m}".replace("_", "-") for m in (per_release[0], running)
    )
    for metric in (per_release[0], running):
        add_figure(
            data_copy,
            f"zz-test-{metric}".replace("_", "-"),
            "zz-test-release-1990-02",
            metric,
            7,
            series="",
        )
    pkg = data_copy.load()
    frame = effective.frame(pkg).filter(pl.col("figure_id").str.starts_with("zz-test-"))
    starts = dict(zip(frame["figure_id"], frame["eff_period_start"], strict=True))
    assert starts[per_release_id] is None
    assert starts[running_id] == "1990-01"
    table = views.figures_table(pkg, "zz-test-release-1990-02")
    what = dict(zip(table["figure id"], table["what it counts"], strict=True))
    assert "since" not in what[per_release_id]
    assert what[per_release_id].endswith("(data to February 1990)")
    assert "since January 1990" in what[running_id]
    # a count for one month is "in" that month, never "since" it
    add_figure(
        data_copy,
        "zz-test-one-month",
        "zz-test-release-1990-02",
        per_release[0],
        3,
        series="",
        period_start="1990-02",
        period_end="1990-02",
    )
    table = views.figures_table(data_copy.load(), "zz-test-release-1990-02")
    what = dict(zip(table["figure id"], table["what it counts"], strict=True))
    assert f", {periods.on('1990-02')} (" in what["zz-test-one-month"]
    assert "since" not in what["zz-test-one-month"]
    # declared a running count, the same figure takes its report's start again
    data_copy.edit("metrics", "metric", per_release[0], span="report")
    table = views.figures_table(data_copy.load(), "zz-test-release-1990-02")
    what = dict(zip(table["figure id"], table["what it counts"], strict=True))
    assert "since January 1990" in what[per_release_id]


@pytest.mark.parametrize(
    ("pages", "blamed"),
    [
        # the monitor's own text and one page: the page that differs is blamed
        ([("zz-test-monitor-1990", 3035), ("zz-test-page-one", 3037)], ["zz-test-fig-1"]),
        # two pages, one each way, the monitor's own text not held: no one is blamed
        ([("zz-test-page-one", 3035), ("zz-test-page-two", 3037)], []),
        # two pages against one: the one that differs is blamed
        (
            [("zz-test-page-one", 3035), ("zz-test-page-two", 3035), ("zz-test-page-three", 3037)],
            ["zz-test-fig-2"],
        ),
        # the page the report is read from against two others (which may copy each other): no
        # one is blamed, and the two are named together with their number
        (
            [("zz-test-page-one", 3037), ("zz-test-page-two", 3035), ("zz-test-page-three", 3035)],
            [],
        ),
    ],
)
def test_a_figure_printed_two_ways_blames_a_page_only_against_the_issuers_text_or_a_majority(
    data_copy, pages, blamed
):
    add_series(data_copy, MONITOR_SERIES, MONITOR, "irregular", "counted")
    first_page = pages[0][0]
    add_report(
        data_copy,
        "zz-test-monitor-1990",
        "1990-03-01",
        issuer=MONITOR,
        kind="monitor_report",
        carried_by="" if first_page == "zz-test-monitor-1990" else first_page,
    )
    names = {}
    for page, _ in pages:
        if page != "zz-test-monitor-1990":
            add_article(data_copy, page, "1990-03-02")
            names[page] = f"ZZ {page.removeprefix('zz-test-').replace('-', ' ').title()}"
            data_copy.edit("reports", "report_id", page, issuer=names[page])
            data_copy.edit("reports", "report_id", page, issuer_as_written=names[page])
    for n, (page, value) in enumerate(pages):
        add_figure(
            data_copy,
            f"zz-test-fig-{n}",
            "zz-test-monitor-1990",
            "civilians_killed",
            value,
            series="",
            carried_by=page,
            qualifier="exact",
        )
    pkg = data_copy.load()
    found = _results(pkg, "restated_values_agree", "zz-test-monitor-1990: civilians killed")
    # a breach laid on no one is a caveat, and expects no page's number in particular
    assert found["status"].tolist() == ["fail" if blamed else "warning"]
    assert (found["blamed_ids"].item() or "").split("; ") == (blamed or [""])
    assert ("as ZZ" in found["expected"].item() or "gives it)" in found["expected"].item()) is bool(
        blamed
    )
    statuses = headlines.report_statuses(pkg).set_index("report_id")
    sentence = headlines.collection_findings(pkg, fold=False)
    sentence = sentence[sentence["figure_ids"].map(lambda ids: "zz-test-fig-0" in ids)]
    if blamed:
        assert "which is right is not known" not in sentence["sentence"].item()
        return
    # a caveat on both pages and on the monitor's report, no failure
    assert "which is right is not known" in sentence["sentence"].item()
    # each number once, with every page that prints it
    for number in {value for _, value in pages}:
        assert sentence["sentence"].item().count(f"{number:,}") == 1
    for page, value in pages:
        assert statuses.loc[page, "kind"] == "warning"
        assert "(which is right is not known)" in statuses.loc[page, "status"]
        # a page's dispute is with the pages that print another number, never one that agrees
        for other, its in pages:
            if other != page and other in names:
                named = names[other] in statuses.loc[page, "status"]
                assert named is (its != value), (page, statuses.loc[page, "status"])
    assert statuses.loc["zz-test-monitor-1990", "kind"] == "warning"
    assert statuses.loc["zz-test-monitor-1990", "status"].startswith("printed two ways by")
    # each page's own list of checks shows the dispute
    for page, _ in pages:
        shown = checks.run_checks(pkg, page)
        assert (shown["rule"] == "restated_values_agree").any()


def test_a_caveat_on_figures_side_by_side_says_each_date_once(data_copy):
    # February written as a month and as its last day is one date: said once, the precise way
    _side_by_side(
        data_copy,
        "1990-03-10",
        [
            ("civilians_killed", "1990-02", ""),
            ("civilians_killed", "1990-02-28", ""),
            ("airstrikes", "1990-01", ""),
        ],
    )
    found = headlines.collection_findings(data_copy.load(), fold=False)
    caveat = found[found["kind"] == headlines.RULE_SHORT["mixed_periods_in_carrier"]]
    sentence = caveat[caveat["figure_ids"].map(lambda ids: "zz-test-side-0" in ids)]
    sentence = sentence["sentence"].item()
    assert f"(data to {periods.label('1990-02-28')})" in sentence
    assert f"data to {periods.label('1990-02')}" not in sentence


def test_a_claims_evidence_gives_the_stated_rises_of_the_releases_it_names_once_each(data_copy):
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-25", 150)])
    # February's rise stated on two pages, March's on one
    for figure_id, report_id, rise in (
        ("zz-test-rise-feb-a", "zz-test-release-1990-02", 30),
        ("zz-test-rise-feb-b", "zz-test-release-1990-02", 30),
        ("zz-test-rise-mar", "zz-test-release-1990-03", 20),
    ):
        add_figure(
            data_copy, figure_id, report_id, "civilians_killed_increment", rise, qualifier="exact"
        )
    # on 1 May March's release is current, and its 150 is also the nearest value below 999
    pkg = _deaths_claimed(data_copy, 999, page_date="1990-05-01")
    evidence = _results(pkg, "series_claim_matches_release", "zz-test-claim")["evidence"].item()
    assert evidence.count("150 − 20 = 130") == 1
    assert "130 − 30 = 100" not in evidence  # February's release is not among those named


@pytest.mark.parametrize(
    ("claimed", "released", "to"),
    [
        (1100, 1114, "the nearest hundred"),
        (1110, 1114, "the nearest ten"),
        (30000, 30008, "the nearest thousand"),
        (1100, 1190, None),  # 1,190 rounds to 1,200
        (1000, 1500, None),  # half way is not rounded down
        (1114, 1114, None),
        (1114, 1110, None),  # no trailing zero: not a round number
    ],
)
def test_a_round_number_is_read_as_a_release_rounded_only_when_it_rounds_to_it(
    claimed, released, to
):
    assert rounding_of(claimed, released) == to


def test_a_claim_that_rounds_a_release_it_is_judged_against_says_so(data_copy):
    add_releases(data_copy, [("1990-01", "1990-02-27", 1114)])
    pkg = add_claim(data_copy, "1990-03-02", "civilians_killed", 1100)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]  # "1,100" is not the issuer's "at least 1,114"
    assert "1,100 is 1,114 (" in found["evidence"].item()
    assert "rounded to the nearest hundred." in found["evidence"].item()
    sentence = headlines.collection_findings(pkg, fold=False)
    sentence = sentence[sentence["figure_ids"].map(lambda ids: "zz-test-claim" in ids)]
    assert "1,100 is 1,114 rounded to the nearest hundred" in sentence["sentence"].item()


def test_a_release_printed_two_ways_neither_shown_wrong_is_drawn_with_both_numbers(data_copy):
    """Two pages print February's release as 130 and as 131, and the issuer's own text is not
    held (the series is read only through pages): the checks cannot say which is right (a
    caveat), so the timeline that draws one of them says the other too, in its label and its
    headline."""
    print_february_two_ways(data_copy)
    pkg = data_copy.load()
    restated = checks.rule_results(pkg, "restated_values_agree")
    assert "warning" in set(restated["status"])
    chart = chartsets.timeline(pkg, SERIES)
    texts = [t.get_text() for t in chart.figure.findobj(lambda artist: hasattr(artist, "get_text"))]
    # each in its own words, as the headline gives it ("at least 130 (also printed as 131)")
    drawn = [
        t
        for t in texts
        if t.removeprefix("at least ").startswith(
            ("130 (also printed as 131)", "131 (also printed as 130)")
        )
    ]
    assert drawn, texts
    assert "; also printed as 13" in chart.title
    # and the table beside the chart, where a reader finds every release (it gave one number)
    values = views.timeline_table(pkg, chart)["value"].tolist()
    assert any(v.endswith(("(also printed as 131)", "(also printed as 130)")) for v in values)
    # once both pages print one number, nothing is said
    data_copy.edit("figures", "figure_id", "zz-test-1990-02-civ-b", value="130")
    chart = chartsets.timeline(data_copy.load(), SERIES)
    assert "also printed" not in chart.title


@pytest.mark.parametrize("where", ["reports", "series"])
def test_an_issuer_typed_otherwise_than_its_series_is_one_line_where_it_was_typed(data_copy, where):
    """A release whose issuer is not its series' issuer, character for character, would read as
    another issuer's figure (and a page quoting it rightly as misattributed): refused, named at
    the release's issuer; at the series' issuer when no release of it names it."""
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100), ("1990-02", "1990-03-28", 130)])
    data_copy.load()
    typo = ISSUER.replace("Coalition", "Coaliton")
    if where == "reports":
        data_copy.edit("reports", "report_id", "zz-test-release-1990-02", issuer=typo)
        row = 1 + next(
            k
            for k, r in enumerate(data_copy.rows("reports"), 1)
            if r["report_id"] == "zz-test-release-1990-02"
        )
    else:
        data_copy.edit("series", "series", SERIES, issuer=typo)
        row = 1 + next(
            k for k, r in enumerate(data_copy.rows("series"), 1) if r["series"] == SERIES
        )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(f'data/curated/{where}.csv, row {row}, column "issuer": {typo!r}'), line
    assert (ISSUER if where == "reports" else typo) in line and "character for character" in line


def test_a_figure_put_in_another_issuer_s_series_is_named_at_its_series(data_copy):
    """A monitor's report whose figures are of the monitor's series but one, put in the
    coalition's: the figure's series was typed wrong, and the line names figures.csv's row and
    column "series" (it named the report's issuer, a row nobody had touched)."""
    from helpers.errors import DataError

    add_releases(data_copy, BASE)
    add_monitor_updates(data_copy, [("zz-test-monitor-1990-01", "1990-01-31", 300)])
    add_figure(
        data_copy, "zz-test-monitor-strikes", "zz-test-monitor-1990-01", "airstrikes", 20
    )  # records.add_figure's series is the coalition's
    row = 1 + len(data_copy.rows("figures"))
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(
        f'data/curated/figures.csv, row {row}, column "series": {SERIES!r} is {ISSUER!r}\'s'
    ), line
    assert f"report 'zz-test-monitor-1990-01' is {MONITOR!r}'s" in line


def test_a_page_cannot_state_the_day_of_a_release_not_out_by_its_own_date(data_copy):
    """A supplement lets a page fill a blank of a report ("published": its day); a page of 27
    February giving the day of a release of 25 April was accepted. One line at the supplement's
    stated_by; a day the page can give is accepted."""
    from helpers.errors import DataError

    add_releases(data_copy, BASE)
    add_report(data_copy, "zz-test-release-undated", "")
    row = add_supplement(data_copy, "reports", "zz-test-release-undated", "published", "1990-04-25")
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(
        f'data/curated/supplements.csv, row {row}, column "stated_by": zz-test-release-1990-01 is '
        "dated 27 February 1990, before zz-test-release-undated"
    ), line
    rows = data_copy.rows("supplements")
    rows[row - 2]["value"] = "1990-02-20"
    data_copy.write("supplements", rows)
    data_copy.load()


def test_a_fall_is_laid_on_the_release_that_falls_and_the_one_it_falls_below_only(data_copy):
    """A release below the running total is a fault of that release or of the highest one before
    it; the series' other releases agree with each other and keep their status (the fall was laid
    on every release of the series, and every page that carried one read "misquotes")."""
    months = ["1990-01", "1990-02", "1990-03", "1990-04", "1990-05"]
    add_releases(
        data_copy,
        [
            (m, f"{m}-28", deaths)
            for m, deaths in zip(months, [100, 130, 150, 140, 160], strict=True)
        ],
    )
    before = headlines.report_statuses(data_copy.load()).set_index("report_id")["status"]
    data_copy.edit("figures", "figure_id", "zz-test-1990-04-civ", value="120")
    pkg = data_copy.load()
    (fall,) = _results(pkg, "cumulative_never_falls", f"{SERIES}: civilians killed").to_dict(
        "records"
    )
    assert fall["status"] == "fail"
    assert fall["blamed_ids"] == "zz-test-1990-03-civ; zz-test-1990-04-civ"
    after = headlines.report_statuses(pkg).set_index("report_id")["status"]
    for month in ("1990-01", "1990-02", "1990-05"):
        assert after[f"zz-test-release-{month}"] == before[f"zz-test-release-{month}"], month
    # the sentence sets April's 120 against March's 150 (it said "150 … less than the 100")
    findings = headlines.collection_findings(pkg)
    (sentence,) = findings.loc[
        findings["kind"] == headlines.RULE_SHORT["cumulative_never_falls"], "sentence"
    ].tolist()
    assert "gives 120 for its count" in sentence and "less than the 150 of the earlier" in sentence


def test_a_running_total_that_falls_is_said_by_the_release_that_fell(data_copy):
    """100 in January's release, 95 in February's, which says "5 more": the fall is named at
    February's 95 against January's 100, and the rise's sentence says "a fall of 5" (never "a
    rise of -5"); the issuer's own release says "its count", not its name twice."""
    add_releases(data_copy, [BASE[0], ("1990-02", "1990-03-28", 95)])
    _rise(data_copy, "zz-test-1990-02-inc", "zz-test-release-1990-02", 5)
    pkg = data_copy.load()
    names = effective.report_names(pkg)
    findings = headlines.collection_findings(pkg)
    sentences = dict(zip(findings["kind"], findings["sentence"], strict=False))
    falls = sentences[headlines.RULE_SHORT["cumulative_never_falls"]]
    assert falls.startswith("ZZTC gives 95 for its count of civilians killed in "), falls
    assert "less than the 100 of the earlier" in falls
    rise = sentences[headlines.RULE_SHORT["increment_matches_difference"]]
    assert rise.startswith("ZZTC says its count rose by 5 in ") and rise.endswith("a fall of 5.")
    assert names["zz-test-release-1990-02"].removeprefix("the ZZTC ") in falls


@pytest.mark.parametrize(
    ("qualifier", "value", "status", "observed"),
    [
        ("more_than", 25, "pass", "more than 25"),  # the change is 30
        ("more_than", 30, "fail", "more than 30"),  # 30 is not more than 30
        ("up_to", 30, "pass", "up to 30"),
        ("up_to", 29, "fail", "up to 29"),
        ("about", 31, "pass", "about 31"),  # 30 is within 5 % of 31
        ("exact", 25, "fail", "25"),
    ],
)
def test_a_stated_rise_is_read_by_its_qualifier(data_copy, qualifier, value, status, observed):
    add_releases(data_copy, BASE)
    add_figure(
        data_copy,
        "zz-test-1990-02-inc",
        "zz-test-release-1990-02",
        "civilians_killed_increment",
        value,
        qualifier=qualifier,
    )
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-1990-02-inc")
    assert found["status"].tolist() == [status]
    assert found["observed"].tolist() == [observed]
    assert found["expected"].tolist() == ["130 − 100 = 30"]


def test_a_correction_of_a_month_comes_after_the_release_it_corrects_wherever_it_is_listed(
    data_copy,
):
    """February's 130 (28 March) corrected to 135 the next day, the correction listed first: the
    running total never falls (100, 130, 135, 150), and March's "15 more" is checked against the
    correction, the latest February release."""
    add_releases(data_copy, [BASE[0]])
    add_report(data_copy, "zz-test-release-1990-02-fix", "1990-03-29", end="1990-02")
    add_figure(
        data_copy, "zz-test-1990-02-fix-civ", "zz-test-release-1990-02-fix", "civilians_killed", 135
    )
    add_report(data_copy, "zz-test-release-1990-02", "1990-03-28", end="1990-02")
    add_figure(data_copy, "zz-test-1990-02-civ", "zz-test-release-1990-02", "civilians_killed", 130)
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(data_copy, "zz-test-1990-03-civ", "zz-test-release-1990-03", "civilians_killed", 150)
    _rise(data_copy, "zz-test-1990-03-inc", "zz-test-release-1990-03", 15)
    pkg = data_copy.load()
    falls = checks.rule_results(pkg, "cumulative_never_falls")
    ours = falls[falls["subject"].str.startswith(SERIES)]
    assert ours["status"].tolist() == ["pass"], ours["observed"].tolist()
    rise = _results(pkg, "increment_matches_difference", "zz-test-1990-03-inc")
    assert rise["status"].tolist() == ["pass"] and rise["expected"].item() == "150 − 135 = 15"


@pytest.mark.parametrize(
    ("value", "start", "end", "status"),
    [
        (130, "1990", "1990", "fail"),  # the running total since August 1989, given for 1990
        (60, "1990-01", "1990-02", "unchecked"),  # no release counts January-February alone
        (130, "1989-08", "", "pass"),  # the series' own start: the running total itself
    ],
)
def test_a_running_total_given_for_a_later_span_of_its_own_is_the_wrong_period(
    data_copy, value, start, end, status
):
    """ "130 killed in 1990", where 130 is the total kept since August 1989: the classic misreading
    of a running total as a year's count fails, with its own verdict and sentence; a count of a
    span no release counts is not checkable, never matched against the running totals."""
    from helpers.present import claimreview

    add_releases(data_copy, BASE)
    pkg = add_claim(
        data_copy, "1990-04-02", "civilians_killed", value, period_start=start, period_end=end
    )
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status]
    if status != "fail":
        return
    kind = headlines.RULE_SHORT["series_claim_matches_release"]
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[ours["kind"] == kind, "sentence"].tolist()
    assert sentence.startswith(
        "ZZ Test Daily gives 130 for ZZTC's count of civilians killed in 1990, but 130 is the "
        "running total of "
    ), sentence
    judged = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-claim")
    assert "wrong_period" in judged["verdict"].to_list()


@pytest.mark.parametrize(
    ("name", "label", "said"),
    [
        (
            "the ZZTM estimate as cited in June 1990",
            "as cited in June 1990",
            "the ZZTM estimate as cited in June 1990",
        ),
        (
            "the ZZTM report of 9 March 1990",
            "as released on 9 March 1990",
            "the ZZTM report of 9 March 1990",
        ),
        (
            "the ZZTC release of 28 March 1990",
            "data to 28 February 1990",
            "the ZZTC release of 28 March 1990, data to 28 February 1990",
        ),
        (
            "the ZZ Test Daily article of 2 April 1990",
            "as published on 2 April 1990",
            "the ZZ Test Daily article of 2 April 1990",
        ),
    ],
)
def test_a_release_is_named_with_its_date_once(name, label, said):
    """The evidence named a release "(the Airwars estimate as cited in June 2019, as cited in June
    2019)": the date's label follows the name only where the name does not say that date."""
    assert named_with_date(name, label) == said


@pytest.mark.parametrize("where", ["carriers", "reports", "figures"])
def test_a_page_dated_before_the_release_it_carries_is_one_line(data_copy, where):
    """A page of 20 March said to carry the release of 28 March passed silently, and its figure was
    rated accurate: one of the two dates, or the pairing, is wrong. A page of "1990-03" may carry
    it (its last day is 31 March)."""
    from helpers.errors import DataError

    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-page", "1990-03")
    if where == "carriers":
        _register_carrier(data_copy, "zz-test-release-1990-02", "zz-test-page")
    elif where == "figures":  # a figure of the release read on the page
        add_figure(
            data_copy,
            "zz-test-page-civ",
            "zz-test-release-1990-02",
            "civilians_killed",
            130,
            carried_by="zz-test-page",
        )
    else:
        data_copy.edit("reports", "report_id", "zz-test-release-1990-02", carried_by="zz-test-page")
    data_copy.load()
    data_copy.edit("reports", "report_id", "zz-test-page", published="1990-03-20")
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(f"data/curated/{where}.csv, row "), line
    assert 'column "carried_by": zz-test-page is dated 20 March 1990, before ' in line
    assert "zz-test-release-1990-02, which it carries, was published (28 March 1990)" in line


@pytest.mark.parametrize("page_date", ["1990-04-02", "1990-04-10"])
def test_a_monitor_s_figure_known_only_as_cited_stays_quotable_before_its_citation(
    data_copy, page_date
):
    """A monitor's estimate held only as a page of 5 April cites it came out some time before
    that: a page of 2 April crediting it to the coalition misattributes it as surely as one of 10
    April (only a publication date of its own says when a figure came out)."""
    add_releases(data_copy, BASE)
    add_series(data_copy, MONITOR_SERIES, MONITOR, "irregular", "counted")
    add_article(data_copy, "zz-test-citing", "1990-04-05")
    add_report(
        data_copy,
        "zz-test-monitor-cited",
        "",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_estimate",
        carried_by="zz-test-citing",
        period_start="1989-08",
    )
    add_figure(
        data_copy,
        "zz-test-monitor-civ",
        "zz-test-monitor-cited",
        "civilians_killed",
        4321,
        series=MONITOR_SERIES,
        carried_by="zz-test-citing",
    )
    pkg = add_claim(data_copy, page_date, "civilians_killed", 4321)
    found = _results(pkg, "misattributed_figure", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]


@pytest.mark.parametrize("page_date", ["1990-03-28", "1990-03-29"])
def test_on_a_release_s_day_a_small_rise_is_not_the_older_release_s_reports(data_copy, page_date):
    """On 28 March, the day February's release came out, a page's "7 more killed" is not
    January's 7 reports found credible given as deaths: that rule reads only the release current
    that day (a page may quote either release, but a small count equal to the older one's reports
    is too often chance)."""
    add_releases(data_copy, BASE)
    for month, rise, credible in (("1990-01", 12, 7), ("1990-02", 30, 9)):
        _rise(data_copy, f"zz-test-{month}-inc", f"zz-test-release-{month}", rise)
        _credible(data_copy, month, credible)
    pkg = add_claim(data_copy, page_date, "civilians_killed_increment", 7)
    found = _results(pkg, "reports_given_as_deaths", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]


def test_a_rule_across_cells_stays_at_the_row_and_names_the_supplement(data_copy):
    """The row's own period_start is wrong (after the end a supplement supplies): the problem is
    the row's, not the supplement's, and it says which supplement filled the other cell."""
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_report(data_copy, "zz-test-blank", "1990-02-20", end="")
    data_copy.edit("reports", "report_id", "zz-test-blank", period_start="1990-05")
    supplement = add_supplement(data_copy, "reports", "zz-test-blank", "period_end", "1990-01-31")
    row = 1 + next(
        k for k, r in enumerate(data_copy.rows("reports"), 1) if r["report_id"] == "zz-test-blank"
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    lines = [str(p) for p in caught.value.problems]
    assert lines and all(
        line.startswith(f"data/curated/reports.csv, row {row}, ") for line in lines
    )
    assert any(
        f"supplied by data/curated/supplements.csv, row {supplement}" in line for line in lines
    )


def test_one_release_typed_otherwise_than_its_series_is_named_at_the_release(data_copy):
    """A series' only release with its issuer typed otherwise: the release is named (telling the
    curator to copy its typo into the series would spread it)."""
    from helpers.errors import DataError

    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    data_copy.edit(
        "reports", "report_id", "zz-test-release-1990-01", issuer=ISSUER.replace(" ", "  ", 1)
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith("data/curated/reports.csv, row "), line


@pytest.mark.parametrize(
    ("value", "extra", "words"),
    [
        # "more than 125" on 10 March fits February's 130, out on 28 March: never "gives 125,
        # the figure of" a release whose figure is 130
        (
            125,
            {"qualifier": "more_than"},
            "gives more than 125 for ZZTC's count of civilians killed, which fits the figure of ",
        ),
        # a page's "since 1990" of a total kept since August 1989: said as "since", not "in"
        (
            130,
            {"period_start": "1990"},
            "gives 130 for ZZTC's count of civilians killed since "
            "1990, but 130 is the running total of ",
        ),
    ],
)
def test_the_sentence_keeps_the_claim_s_own_words(data_copy, value, extra, words):
    add_releases(data_copy, BASE)
    page = "1990-03-10" if extra.get("qualifier") else "1990-04-02"
    pkg = add_claim(data_copy, page, "civilians_killed", value, **extra)
    kind = headlines.RULE_SHORT["series_claim_matches_release"]
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[ours["kind"] == kind, "sentence"].tolist()
    assert words in sentence, sentence


def test_a_claim_that_several_later_releases_fit_says_so(data_copy):
    """ "More than 125" on 10 March fits February's 130 and March's 150, both out after the page:
    the sentence named the first as the only one ("which fits only the figure of")."""
    add_releases(data_copy, [*BASE, ("1990-03", "1990-04-27", 150)])
    pkg = add_claim(data_copy, "1990-03-10", "civilians_killed", 125, qualifier="more_than")
    kind = headlines.RULE_SHORT["series_claim_matches_release"]
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[ours["kind"] == kind, "sentence"].tolist()
    assert (
        "which fits the figure of the ZZTC release of 28 March 1990 (and 1 later release), "
        in sentence
    ), sentence
    assert "only" not in sentence


def test_a_claim_that_is_a_current_release_s_figure_is_read_as_no_misprint_of_another(data_copy):
    """A page of March 1990 (no day) may quote January's 1,100 or February's 1,190: its 1,190
    matches; the evidence said "1,190 is 1,100 (…) with one digit changed: perhaps a
    misprint"."""
    add_releases(data_copy, [("1990-01", "1990-02-27", 1100), ("1990-02", "1990-03-28", 1190)])
    pkg = add_claim(data_copy, "1990-03", "civilians_killed", 1190)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"]
    (evidence,) = found["evidence"].tolist()
    assert "misprint" not in evidence and "rounded" not in evidence, evidence
    # a claim no current release gives is still read as a misprint of one (1,490: one digit from
    # 1,190 alone; 1,180 is one digit from 1,100 too, and names neither:
    # test_a_claim_one_digit_from_two_current_releases_names_no_misprint)
    data_copy.edit("figures", "figure_id", "zz-test-claim", value="1490")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    (evidence,) = found["evidence"].tolist()
    assert "with one digit changed: perhaps a misprint" in evidence, evidence


def test_a_claim_equal_to_an_undated_release_s_figure_is_not_checkable(data_copy):
    """115 is the figure of a release whose day is not known: it may have been the one current at
    the page's date, so the claim is not checkable (it failed as "a figure no release gave")."""
    add_releases(data_copy, BASE)
    add_report(data_copy, "zz-test-release-undated", "", end="")
    add_figure(data_copy, "zz-test-undated-civ", "zz-test-release-undated", "civilians_killed", 115)
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", 115, qualifier="at_least")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["unchecked"]
    assert found["expected"].item().startswith("not checkable: it is the figure of a release")
    assert found["observed"].item().endswith("a release whose day is not known")


# ---- a release corrected by another (reports.csv's corrects) ----------------------------------


def _corrected_february(data_copy, correction: int, correction_first: bool) -> None:
    """January's 100; February's 130 and, the same day, its correction; March's 140 with its
    own stated rise over the correction. The correction is listed before or after the release."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    rows = [
        ("zz-test-release-1990-01", "1990-02-27", "1990-01", 100, ""),
        ("zz-test-release-1990-02", "1990-03-28", "1990-02", 130, ""),
        (
            "zz-test-release-1990-02-fix",
            "1990-03-28",
            "1990-02",
            correction,
            "zz-test-release-1990-02",
        ),
        ("zz-test-release-1990-03", "1990-04-27", "1990-03", 140, ""),
    ]
    if correction_first:
        rows[1], rows[2] = rows[2], rows[1]
    for report_id, published, month, deaths, corrects in rows:
        add_report(data_copy, report_id, published, end=month, corrects=corrects)
        add_figure(data_copy, f"{report_id}-civ", report_id, "civilians_killed", deaths)
    _rise(data_copy, "zz-test-1990-03-inc", "zz-test-release-1990-03", 140 - correction)


@pytest.mark.parametrize("correction_first", [False, True])
@pytest.mark.parametrize("correction", [127, 133])
def test_a_correction_of_the_same_day_is_current_after_it_wherever_it_is_listed(
    data_copy, correction, correction_first
):
    """Two releases of one day for one month, the second correcting the first (up or down): the
    correction is current from that day, whatever the order of rows (it was the later listed);
    the running total does not fall when it lowers the count (the corrected release is no step of
    it); the next release's rise is over the correction; a page quoting the corrected figure after
    is out of date and the sentence tells the two apart."""
    _corrected_february(data_copy, correction, correction_first)
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", correction)
    assert _results(pkg, "series_claim_matches_release", "zz-test-claim")["status"].tolist() == [
        "pass"
    ]
    falls = _results(pkg, "cumulative_never_falls", f"{SERIES}: civilians killed")
    assert falls["status"].tolist() == ["pass"]
    rise = _results(pkg, "increment_matches_difference", "zz-test-1990-03-inc")
    assert rise["status"].tolist() == ["pass"], rise["expected"].tolist()
    data_copy.edit("figures", "figure_id", "zz-test-claim", value="130")
    pkg = data_copy.load()
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    findings = headlines.collection_findings(pkg)
    ours = findings[findings["reports"].map(lambda reports: "zz-test-article" in reports)]
    (sentence,) = ours.loc[
        ours["kind"] == headlines.RULE_SHORT["series_claim_matches_release"], "sentence"
    ].tolist()
    assert "the ZZTC release of 28 March 1990, out of date by the page's date" in sentence
    assert f"{correction} in the correction of 28 March 1990" in sentence, sentence


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"corrects": ""}, "neither corrects the other"),
        ({"corrects": "zz-test-release-1990-02-fix"}, "cannot correct itself"),
        # a later correction of January: fine
        ({"corrects": "zz-test-release-1990-01", "period_end": "1990-01"}, None),
        ({"corrects": "zz-test-article"}, "a news article quotes figures"),
        ({"published": "1990-03-27"}, "published later"),
        ({"period_end": "1990-03"}, "expected a correction of the same data"),
        # the same data written to the day: still unrelated releases of one day
        ({"corrects": "", "period_end": "1990-02-28"}, "neither corrects the other"),
        # another place's release of the same day: no correction needed
        ({"corrects": "", "geography": "IRQ"}, None),
    ],
)
def test_a_correction_that_cannot_be_one_is_refused_at_its_row(data_copy, change, words):
    from helpers.errors import DataError

    _corrected_february(data_copy, 127, False)
    add_article(data_copy, "zz-test-article", "1990-04-02")
    data_copy.edit("reports", "report_id", "zz-test-release-1990-02-fix", **change)
    if words is None:
        data_copy.load()
        return
    with pytest.raises(DataError) as caught:
        data_copy.load()
    lines = [str(p) for p in caught.value.problems]
    assert any(
        line.startswith("data/curated/reports.csv, row ")
        and 'column "corrects"' in line
        and words in line
        for line in lines
    ), lines


def test_corrections_that_come_back_on_themselves_are_refused(data_copy):
    from helpers.errors import DataError

    _corrected_february(data_copy, 127, False)
    data_copy.edit(
        "reports", "report_id", "zz-test-release-1990-02", corrects="zz-test-release-1990-02-fix"
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    assert any("come back to" in str(p) for p in caught.value.problems)


def _page_rise_of_2_april(data_copy, rise: int) -> None:
    """A release of December 1989 that states its own rise (so the series has rises), and a page
    of 2 April 1990 stating a rise of its own."""
    add_report(data_copy, "zz-test-release-1989-12", "1990-01-26", end="1989-12")
    add_figure(data_copy, "zz-test-1989-12-civ", "zz-test-release-1989-12", "civilians_killed", 90)
    _rise(data_copy, "zz-test-1989-12-inc", "zz-test-release-1989-12", 10)
    add_article(data_copy, "zz-test-article", "1990-04-02")
    add_figure(
        data_copy,
        "zz-test-page-rise",
        "zz-test-article",
        "civilians_killed_increment",
        rise,
        qualifier="exact",
    )


def test_a_claim_dated_by_its_own_words_finds_a_release_whose_data_month_is_inferred(data_copy):
    """March's release states no data-through date, and the releases around it leave it February.
    A page of 10 April giving 560 "as of February" quoted it, but was "a figure no release gave"
    (Unsupported): the claims read only stated data-through dates, where the rises infer them."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    for report_id, published, month, deaths in (
        ("zz-test-release-1989-12", "1990-01-28", "1989-12", 500),
        ("zz-test-release-1990-01", "1990-02-27", "1990-01", 520),
        ("zz-test-release-1990-02", "1990-03", "", 560),
        ("zz-test-release-1990-03", "1990-04-25", "1990-03", 600),
    ):
        add_report(data_copy, report_id, published, end=month)
        add_figure(data_copy, f"{report_id}-civ", report_id, "civilians_killed", deaths)
    pkg = add_claim(data_copy, "1990-04-10", "civilians_killed", 560, period_end="1990-02")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"], found["evidence"].tolist()


def test_a_page_s_own_rise_on_a_day_two_releases_may_be_current_is_not_checkable(data_copy):
    """March's release is known only by its month: a page of 10 March may run from February's
    release or from March's. Its stated rise had no finding at all (the page read "No checks");
    it is not checkable, naming both."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    for report_id, published, month, deaths in (
        ("zz-test-release-1990-01", "1990-02-27", "1990-01", 100),
        ("zz-test-release-1990-02", "1990-03", "1990-02", 130),
    ):
        add_report(data_copy, report_id, published, end=month)
        add_figure(data_copy, f"{report_id}-civ", report_id, "civilians_killed", deaths)
    add_article(data_copy, "zz-test-article", "1990-03-10")
    _rise(data_copy, "zz-test-page-rise", "zz-test-article", 30)
    pkg = data_copy.load()
    found = _results(pkg, "increment_matches_difference", "zz-test-page-rise")
    assert found["status"].tolist() == ["unchecked"]
    (evidence,) = found["evidence"].tolist()
    assert evidence.startswith(
        "Releases that may be current at the page's date: the ZZTC release of 27 February 1990, "
        "the ZZTC release of March 1990;"
    ), evidence
    verdicts = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-page-rise")
    assert verdicts["verdict"].to_list() == ["not_checkable"]


@pytest.mark.parametrize(("rise", "status"), [(22, "fail"), (30, "pass")])
def test_a_page_s_own_rise_is_checked_against_the_two_totals_it_spans(data_copy, rise, status):
    """A page of 2 April gives February's 130 and "a rise of 22" (the releases it spans hold 100
    and 130, and neither states a rise): the rise is checked as the change between them, "130 −
    100 = 30" (it was "not checkable: a release current then is not held", with the evidence
    "Not held: what the release of 28 March 1990 gave", a release that is held)."""
    add_releases(data_copy, BASE)
    _page_rise_of_2_april(data_copy, rise)
    pkg = data_copy.load()
    found = _results(pkg, "increment_matches_difference", "zz-test-page-rise")
    assert found["status"].tolist() == [status]
    assert found["expected"].tolist() == ["130 − 100 = 30"]
    claims = _results(pkg, "series_claim_matches_release", "zz-test-page-rise")
    assert "unchecked" not in set(claims["status"]), claims["evidence"].tolist()
    verdicts = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-page-rise")
    best = verdicts.sort("rank")["verdict"].to_list()[:1]
    assert best == (["does_not_add_up"] if status == "fail" else ["accurate"]), best
    if status == "fail":
        findings = headlines.collection_findings(pkg)
        (sentence,) = findings.loc[
            findings["kind"] == headlines.RULE_SHORT["increment_matches_difference"], "sentence"
        ].tolist()
        assert sentence.endswith(
            "in the article of 2 April 1990 that ZZTC's count rose by 22, but the 130 of the "
            "release of 28 March "
            "1990 against the 100 of the release of 27 February 1990 is a rise of 30."
        ), sentence


def test_a_rise_over_a_range_is_said_with_the_check_s_sums_never_a_crash(data_copy):
    """February's release gives 120-140: a page's rise of 99 fails, and its sentence gives the
    check's own sums (the sentence read the range's count as a number and raised)."""
    add_releases(data_copy, [("1990-01", "1990-02-27", 100)])
    add_report(data_copy, "zz-test-release-1990-02", "1990-03-28", end="1990-02")
    add_figure(
        data_copy,
        "zz-test-1990-02-civ",
        "zz-test-release-1990-02",
        "civilians_killed",
        "",
        qualifier="between",
        low="120",
        high="140",
    )
    _page_rise_of_2_april(data_copy, 99)
    pkg = data_copy.load()
    found = _results(pkg, "increment_matches_difference", "zz-test-page-rise")
    assert found["status"].tolist() == ["fail"]
    findings = headlines.collection_findings(pkg)
    (sentence,) = findings.loc[
        findings["kind"] == headlines.RULE_SHORT["increment_matches_difference"], "sentence"
    ].tolist()
    assert sentence.endswith(f"but the releases give {found['expected'].item()}."), sentence


def test_a_corrected_release_is_not_contradicted_by_the_releases_after_its_correction(data_copy):
    """February's 130, corrected the same day to 127, then March's 128: the running total steps
    127 → 128, and the corrected 130 is not "a figure the running total later falls below" (it
    was, and the original release failed)."""
    _corrected_february(data_copy, 127, False)
    data_copy.edit("figures", "figure_id", "zz-test-release-1990-03-civ", value="128")
    data_copy.edit("figures", "figure_id", "zz-test-1990-03-inc", value="1")
    pkg = data_copy.load()
    found = checks.rule_results(pkg, "cumulative_never_falls")
    ours = found[found["figure_ids"].str.contains("zz-test-", na=False)]
    assert set(ours["status"]) == {"pass"}, ours[["subject", "status"]].to_dict("records")


def test_a_page_s_rise_of_a_series_without_a_cadence_is_not_set_against_its_own_release(
    data_copy,
):
    """A monitor's updates of 1 and 20 March (100, 130) and a page of 25 March saying "rose by
    30": with no regular cadence there is no month the rise runs from, so it is not checked as
    "130 − 130 = 0" (it was, and the page read "does not add up")."""
    add_monitor_updates(
        data_copy, [("zz-test-m-1", "1990-03-01", 100), ("zz-test-m-2", "1990-03-20", 130)]
    )
    add_article(data_copy, "zz-test-article", "1990-03-25")
    add_figure(
        data_copy,
        "zz-test-page-rise",
        "zz-test-article",
        "civilians_killed_increment",
        30,
        qualifier="exact",
        series=MONITOR_SERIES,
    )
    found = _results(data_copy.load(), "increment_matches_difference", "zz-test-page-rise")
    assert "fail" not in set(found["status"]), found[["expected", "observed"]].to_dict("records")


def _correct_january_on_5_april(data_copy) -> None:
    """A correction of January's deaths to 105, published on 5 April 1990."""
    add_report(
        data_copy,
        "zz-test-release-1990-01-fix",
        "1990-04-05",
        end="1990-01",
        corrects="zz-test-release-1990-01",
    )
    add_figure(
        data_copy, "zz-test-1990-01-fix-civ", "zz-test-release-1990-01-fix", "civilians_killed", 105
    )


def test_a_late_correction_of_older_data_takes_over_from_no_newer_release(data_copy):
    """January's 100 corrected to 105 on 5 April, after February's 130 (28 March, "30 more"): a
    page of 10 April quoting 130 quotes the current release (the correction was taken as current),
    and February's rise is over the 100 it knew (it was set against 105, "does not add up")."""
    add_releases(data_copy, BASE)
    _rise(data_copy, "zz-test-1990-02-inc", "zz-test-release-1990-02", 30)
    _correct_january_on_5_april(data_copy)
    pkg = add_claim(data_copy, "1990-04-10", "civilians_killed", 130)
    assert _results(pkg, "series_claim_matches_release", "zz-test-claim")["status"].tolist() == [
        "pass"
    ]
    rise = _results(pkg, "increment_matches_difference", "zz-test-1990-02-inc")
    assert rise["status"].tolist() == ["pass"] and rise["expected"].tolist() == ["130 − 100 = 30"]
    # a page that dates its figure to January may quote the correction
    data_copy.edit("figures", "figure_id", "zz-test-claim", value="105", period_end="1990-01")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"], found["evidence"].tolist()


def test_a_rise_s_previous_release_may_have_come_out_any_day_its_release_s_month_allows(
    data_copy,
):
    """January's release out on 2 March, February's dated only "March 1990" with "30 more": the
    previous release is January's (February's may have come out on any day of March)."""
    add_releases(data_copy, [("1990-01", "1990-03-02", 100), ("1990-02", "1990-03", 130)])
    _rise(data_copy, "zz-test-1990-02-inc", "zz-test-release-1990-02", 30)
    rise = _results(data_copy.load(), "increment_matches_difference", "zz-test-1990-02-inc")
    assert rise["status"].tolist() == ["pass"], rise["expected"].tolist()


def test_a_correction_of_deaths_leaves_the_corrected_release_s_other_counts_standing(data_copy):
    """February's release gives deaths and strikes; its same-day correction restates deaths only:
    February's strikes stay a step of the strikes' running total (they were dropped with the
    release, and a page quoting them was not checkable)."""
    _corrected_february(data_copy, 127, False)
    for month, strikes in (("1990-01", 400), ("1990-02", 500), ("1990-03", 600)):
        add_figure(
            data_copy,
            f"zz-test-release-{month}-strikes",
            f"zz-test-release-{month}",
            "airstrikes",
            strikes,
        )
    found = checks.rule_results(data_copy.load(), "cumulative_never_falls")
    (strikes,) = found[found["subject"] == f"{SERIES}: strikes"].to_dict("records")
    assert "zz-test-release-1990-02-strikes" in strikes["figure_ids"].split("; ")
    deaths = found[found["subject"] == f"{SERIES}: civilians killed"]
    assert "zz-test-release-1990-02-civ" not in deaths["figure_ids"].item().split("; ")
    # and a page of 2 April quoting February's strikes quotes the current count of strikes (the
    # correction was current for every count, and the page was "not checkable")
    pkg = add_claim(data_copy, "1990-04-02", "airstrikes", 500)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"], found["evidence"].tolist()


def test_a_correction_and_the_release_it_corrects_say_so_on_their_pages(data_copy):
    """Neither page said a word of the correction: the correction's read "An official release",
    the corrected release's nothing at all."""
    _corrected_february(data_copy, 127, False)
    pkg = data_copy.load()

    def byline(report_id: str) -> str:
        heading = views.report_heading(pkg, report_id)
        return str(getattr(heading, "html", heading))

    # what it revises, each count with both numbers (the correction gives 127 for 130)
    assert (
        "It corrects the release of 28 March 1990, replacing the counts it restates: civilians "
        "killed at least 127 where that release gave at least 130."
    ) in byline("zz-test-release-1990-02-fix")
    assert (
        "Corrected by the correction of 28 March 1990: civilians killed at least 127 where this "
        "release gave at least 130."
    ) in byline("zz-test-release-1990-02")
    assert "orrect" not in byline("zz-test-release-1990-01")
    # a count of another span beside it is another count, never set against this one
    add_figure(
        data_copy,
        "zz-test-january",
        "zz-test-release-1990-02",
        "civilians_killed",
        10,
        period_start="1989-12",
        period_end="1990-01",
    )
    pkg = data_copy.load()
    assert (
        "Corrected by the correction of 28 March 1990: civilians killed at least 127 where this "
        "release gave at least 130."
    ) in byline("zz-test-release-1990-02")
    # a count the correction adds is said too; one it does not restate stands as it was
    add_figure(data_copy, "zz-test-fix-strikes", "zz-test-release-1990-02-fix", "airstrikes", 500)
    add_figure(data_copy, "zz-test-old-injured", "zz-test-release-1990-02", "civilians_injured", 7)
    pkg = data_copy.load()
    corrected = byline("zz-test-release-1990-02")
    assert "; strikes at least 500, which this release did not give." in corrected, corrected
    assert "injured" not in corrected, corrected
    # a share with its sign
    share = "civcas_reports_share_of_engagements"
    add_figure(data_copy, "zz-test-share", "zz-test-release-1990-02", share, 3.5, qualifier="exact")
    add_figure(
        data_copy, "zz-test-fix-share", "zz-test-release-1990-02-fix", share, 4, qualifier="exact"
    )
    pkg = data_copy.load()
    assert "reports as a share of engagements 4% where this release gave 3.5%" in byline(
        "zz-test-release-1990-02"
    )
    data_copy.write(
        "figures",
        [
            r
            for r in data_copy.rows("figures")
            if r["figure_id"]
            not in (
                "zz-test-fix-strikes",
                "zz-test-old-injured",
                "zz-test-share",
                "zz-test-fix-share",
            )
        ],
    )
    # a correction that restates every count alike revises nothing, and says no more
    data_copy.edit("figures", "figure_id", "zz-test-release-1990-02-fix-civ", value="130")
    pkg = data_copy.load()
    assert "Corrected by the correction of 28 March 1990." in byline("zz-test-release-1990-02")


def test_a_late_correction_is_stale_only_beside_newer_data_of_its_own_count(data_copy):
    """January's deaths corrected to 105 on 5 April; February's release (28 March) gives strikes
    only: the correction is the newest count of deaths, current for a page of 10 April (a release
    of another count made it stale, and the page was 'not checkable')."""
    add_releases(data_copy, [BASE[0]])
    add_report(data_copy, "zz-test-release-1990-02", "1990-03-28", end="1990-02")
    add_figure(data_copy, "zz-test-1990-02-strikes", "zz-test-release-1990-02", "airstrikes", 500)
    _correct_january_on_5_april(data_copy)
    pkg = add_claim(data_copy, "1990-04-10", "civilians_killed", 105)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass"], found["evidence"].tolist()


def _register_carrier(data_copy, report_id: str, page: str) -> None:
    """A row of carriers.csv: the page carries the report, in its first paragraph."""
    data_copy.append(
        "carriers",
        report_id=report_id,
        carried_by=page,
        locator="paragraph 1",
        confirmed_on="2026-12-03",
    )


def _carried_two_ways(data_copy) -> None:
    """print_february_two_ways, with page a as the releases' carrier and page b as February's
    second (carriers.csv): both print the release itself."""
    print_february_two_ways(data_copy)
    for release in ("zz-test-release-1990-01", "zz-test-release-1990-02"):
        data_copy.edit("reports", "report_id", release, carried_by="zz-test-page-a")
    _register_carrier(data_copy, "zz-test-release-1990-02", "zz-test-page-b")


@pytest.mark.parametrize("claimed", [130, 131])
def test_a_claim_giving_either_printing_of_a_release_printed_two_ways_is_disputed(
    data_copy, claimed
):
    """February's release is printed 130 on page a and 131 on page b, neither shown wrong: a page
    of 2 April 1990 that gives either number is a caveat (disputed), never "a figure no release
    gave" nor accurate; a number neither page prints still fails. Once both pages print 130, 131
    is unsupported again and 130 accurate."""
    _carried_two_ways(data_copy)
    pkg = _deaths_claimed(data_copy, claimed, qualifier="exact")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["warning"]
    assert found["figure_ids"].item().split("; ")[:2] == [
        "zz-test-claim",
        "zz-test-1990-02-civ" if claimed == 130 else "zz-test-1990-02-civ-b",
    ]
    assert "printed two ways, neither shown wrong: 130 (" in found["evidence"].item()
    verdicts = claimreview.judgements(pkg)
    assert verdicts.filter(pl.col("figure_id") == "zz-test-claim")["verdict"].to_list() == [
        "disputed"
    ]
    (sentence,) = [
        s
        for s in headlines.collection_findings(pkg)["sentence"]
        if "which is right" in s and f"gives {claimed} for" in s
    ]
    other = 131 if claimed == 130 else 130
    assert sentence.endswith(f"prints {other}; which is right is not known."), sentence
    statuses = headlines.report_statuses(pkg).set_index("report_id")["status"]
    assert statuses["zz-test-article"] == "caveat: quotes a figure that pages print differently"
    # both pages print 130: nothing is disputed
    data_copy.edit("figures", "figure_id", "zz-test-1990-02-civ-b", value="130")
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass" if claimed == 130 else "fail"]


def test_a_claim_giving_neither_printing_of_a_release_printed_two_ways_fails(data_copy):
    _carried_two_ways(data_copy)
    pkg = _deaths_claimed(data_copy, 150, qualifier="exact")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "printed two ways" not in found["observed"].item()


def test_a_count_of_one_in_a_sum_of_parts_is_said_in_the_singular(data_copy):
    """ "1 child killed + 5 women killed = 6, against 130 civilians killed", never "1 children
    killed" (it was "1 reports found credible in the month" on the release of March 2020)."""
    add_releases(data_copy, BASE)
    for figure_id, metric, value in (
        ("zz-test-kids", "children_killed", 1),
        ("zz-test-women", "women_killed", 5),
    ):
        add_figure(
            data_copy, figure_id, "zz-test-release-1990-02", metric, value, qualifier="exact"
        )
    found = checks.rule_results(data_copy.load(), "subset_within_total")
    together = found[
        found["subject"].str.startswith("zz-test-release-1990-02")
        & found["subject"].str.contains("together")
    ]
    assert together["evidence"].tolist() == [
        "1 child killed + 5 women killed = 6, against 130 civilians killed."
    ]


def test_a_release_label_keeps_the_words_of_its_count(data_copy):
    """A release labelled on the timeline says its count as the release does and as the headline
    does: "more than 130", never a bare "130" (SOHR's "more than 3,800" was drawn as "3,800")."""
    add_releases(data_copy, BASE)
    data_copy.edit("figures", "figure_id", "zz-test-1990-02-civ", qualifier="more_than")
    chart = chartsets.timeline(data_copy.load(), SERIES)
    labels = [text.get_text() for ax in chart.figure.axes for text in ax.texts]
    assert "more than 130" in labels, labels
    assert "130" not in labels
    assert "to more than 130" in chart.title


def test_a_rise_over_releases_not_held_says_since_when(data_copy):
    """A turning point's label gives its rise; over a longer time than the series' releases are
    usually apart (releases not held lie between), it says since when: "+200 since April 1990"
    (a strike count's "+4,583" spanned three months and read as one month's)."""
    months = [
        ("1990-01", "1990-02-27", 100),
        ("1990-02", "1990-03-28", 110),
        ("1990-03", "1990-04-27", 200),  # a rise of 90 in one month
        ("1990-04", "1990-05-29", 210),
        ("1990-08", "1990-09-27", 410),  # 200 over four months, May to July not held
        ("1990-09", "1990-10-29", 420),
        ("1990-10", "1990-11-28", 430),
    ]
    add_releases(data_copy, months)
    chart = chartsets.timeline(data_copy.load(), SERIES)
    labels = [text.get_text() for ax in chart.figure.axes for text in ax.texts]
    assert "at least 410 (+200 since April 1990)" in labels, labels
    assert "at least 200 (+90)" in labels, labels


@pytest.mark.parametrize(
    ("value", "qualifier", "status", "first"),
    [
        (125, "more_than", "pass", None),  # true of 130 and of 131: simply right
        (135, "up_to", "pass", None),
        (130, "about", "pass", None),  # about 130 is 124 to 137: both
        (131, "at_least", "warning", "zz-test-1990-02-civ-b"),  # only page b's fits
    ],
)
def test_a_qualified_claim_is_disputed_only_when_some_printing_does_not_fit_it(
    data_copy, value, qualifier, status, first
):
    _carried_two_ways(data_copy)
    pkg = _deaths_claimed(data_copy, value, qualifier=qualifier)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status], found["evidence"].tolist()
    if first:
        assert found["figure_ids"].item().split("; ")[1] == first


@pytest.mark.parametrize("claimed", [130, 131])
@pytest.mark.parametrize("page_date", ["1990-05-02", ""])
def test_either_printing_of_a_release_printed_two_ways_is_out_of_date_or_disputed_undated(
    data_copy, page_date, claimed
):
    """February's release printed 130 and 131; March's 150 is out by 2 May: a page of 2 May giving
    131 quotes February's, out of date (as 130 would be), never "a figure no release gave"; an
    undated page giving 131 is disputed, as one giving 130."""
    _carried_two_ways(data_copy)
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(data_copy, "zz-test-1990-03-civ", "zz-test-release-1990-03", "civilians_killed", 150)
    pkg = _deaths_claimed(data_copy, claimed, page_date, qualifier="exact")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    verdict = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-claim")
    if page_date:
        assert found["status"].tolist() == ["fail"], found["observed"].tolist()
        assert "out of date" in found["observed"].item()
        assert verdict["verdict"].to_list() == ["out_of_date"]
    else:
        assert found["status"].tolist() == ["warning"], found["observed"].tolist()
        assert verdict["verdict"].to_list() == ["disputed"]


def test_a_release_printed_three_ways_is_said_so(data_copy):
    _carried_two_ways(data_copy)
    add_article(data_copy, "zz-test-page-c", "1990-03-29")
    add_figure(
        data_copy,
        "zz-test-1990-02-civ-c",
        "zz-test-release-1990-02",
        "civilians_killed",
        132,
        carried_by="zz-test-page-c",
    )
    pkg = _deaths_claimed(data_copy, 131, qualifier="exact")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["warning"]
    assert "is printed three ways, neither shown wrong: " in found["evidence"].item()
    (sentence,) = [
        s for s in headlines.collection_findings(pkg)["sentence"] if "gives 131 for" in s
    ]
    assert sentence.endswith(
        " prints 130 and ZZ Test Daily prints 132; which is right is not known."
    ), sentence


def test_a_page_that_prints_one_figure_two_ways_itself_says_so_in_its_status(data_copy):
    """Page a prints February's release as 130 in one paragraph and 131 in another, and no other
    page prints it: its status read "prints ZZTC's figure otherwise than  (…)", naming no one."""
    print_february_two_ways(data_copy)
    data_copy.edit("figures", "figure_id", "zz-test-1990-02-civ-b", carried_by="zz-test-page-a")
    statuses = headlines.report_statuses(data_copy.load()).set_index("report_id")["status"]
    assert statuses["zz-test-page-a"] == (
        "prints ZZTC's figure two ways (which is right is not known)"
    ), statuses["zz-test-page-a"]
    # a page of 2 April that quotes 131 is told of page a once: "as page a prints it, while it
    # prints 130 elsewhere"
    for release in ("zz-test-release-1990-01", "zz-test-release-1990-02"):
        data_copy.edit("reports", "report_id", release, carried_by="zz-test-page-a")
    pkg = _deaths_claimed(data_copy, 131, qualifier="exact")
    (sentence,) = [
        s for s in headlines.collection_findings(pkg)["sentence"] if "gives 131 for" in s
    ]
    assert sentence.endswith(
        "as ZZ Test Daily prints it, while it prints 130 elsewhere; which is right is not known."
    ), sentence
    assert statuses["zz-test-release-1990-02"].startswith("printed two ways by ZZ Test Daily")


def test_a_share_printed_otherwise_differs_by_its_own_decimals(data_copy):
    """A rate or a share keeps its decimals in a finding's difference: 7.52 against 7.25 is 0.27
    apart (it read 0, on a failing row), and a claim of 72.5 against 7.25 is 65.25 (it read 65)."""
    add_releases(data_copy, BASE)
    share = "civcas_reports_share_of_engagements"
    add_figure(
        data_copy, "zz-test-share", "zz-test-release-1990-02", share, 7.25, qualifier="exact"
    )
    add_article(data_copy, "zz-test-page-b", "1990-03-29")
    add_figure(
        data_copy,
        "zz-test-share-b",
        "zz-test-release-1990-02",
        share,
        7.52,
        qualifier="exact",
        carried_by="zz-test-page-b",
    )
    found = checks.rule_results(data_copy.load(), "restated_values_agree")
    (row,) = found[found["figure_ids"].str.contains("zz-test-share-b")].to_dict("records")
    assert row["status"] == "fail" and row["difference"] == pytest.approx(0.27)
    assert gap_outside((7.25, 7.25), (72.5, 72.5, False)) == pytest.approx(65.25)
    assert gap_outside((1000, 1000), (1000.35, 1105.65, False)) == 1  # a count: whole units


def test_a_monitor_s_points_are_its_updates_in_the_table_beside_its_timeline(data_copy):
    """The table beside a monitor's timeline calls the monitor's own points its updates (they were
    "release", beside its estimates as other pages carry them: "monitor's estimate"); the
    coalition's stay releases."""
    add_monitor_updates(
        data_copy,
        [("zz-test-monitor-1990", "1990-03-01", 300), ("zz-test-monitor-1991", "1991-03-01", 400)],
    )
    add_releases(data_copy, BASE)
    pkg = data_copy.load()
    table = views.timeline_table(pkg, chartsets.timeline(pkg, MONITOR_SERIES))
    assert "monitor's update" in set(table["kind"]) and "release" not in set(table["kind"])
    assert table.attrs[display.SHOWN_AS]["caption"].startswith(
        "Every point on the timeline: 2 updates and "
    )
    table = views.timeline_table(pkg, chartsets.timeline(pkg, SERIES))
    assert "release" in set(table["kind"]) and "monitor's update" not in set(table["kind"])
    assert table.attrs[display.SHOWN_AS]["caption"].startswith(
        "Every point on the timeline: 2 releases and "
    )


def test_a_place_read_with_no_name_written_never_shows_a_missing_value(data_copy):
    """A governorate figure with no place name as written, placed by interpretation: its
    finding said 'writes “<NA>” for a place'."""
    add_releases(data_copy, BASE)
    add_figure(
        data_copy,
        "zz-test-raqqa",
        "zz-test-release-1990-02",
        "civilians_killed",
        20,
        governorate_pcode="SY11",
        geography="SYR",
        interpretation="zz-fixture reading",
    )
    sentences = [
        s for s in headlines.collection_findings(data_copy.load())["sentence"] if "ZZTC" in s
    ]
    assert sentences and not any("<NA>" in s or "“None”" in s for s in sentences), sentences
    assert any(
        "whose name is not recorded as written; we read it as Ar-Raqqa" in s for s in sentences
    )


@pytest.mark.parametrize(
    "claimed, qualifier, named, why",
    [
        # an earlier release (the one corrected) gave the number itself; a later one only fits the
        # claim's words ("more than 130": 150): the page quoted what it could have seen
        (130, "more_than", "zz-test-release-1990-02", "out of date by the page's date"),
        # only the later release gives the number itself: a page quoting it is misdated
        (150, "exact", "zz-test-release-1990-03", "published after the page"),
    ],
)
def test_a_claim_an_earlier_and_a_later_release_fit_names_the_one_that_gives_its_number(
    data_copy, claimed, qualifier, named, why
):
    """January's at least 100, February's more than 130 corrected down to 125 two days later,
    March's about 150; a page of 2 April, when the correction was current, claims a number the
    correction does not give."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    rows = [
        ("zz-test-release-1990-01", "1990-02-27", "1990-01", 100, "", "at_least"),
        ("zz-test-release-1990-02", "1990-03-28", "1990-02", 130, "", "more_than"),
        (
            "zz-test-release-1990-02-fix",
            "1990-03-30",
            "1990-02",
            125,
            "zz-test-release-1990-02",
            "exact",
        ),
        ("zz-test-release-1990-03", "1990-04-27", "1990-03", 150, "", "about"),
    ]
    for report_id, published, month, deaths, corrects, worded_as in rows:
        add_report(data_copy, report_id, published, end=month, corrects=corrects)
        add_figure(
            data_copy,
            f"{report_id}-civ",
            report_id,
            "civilians_killed",
            deaths,
            qualifier=worded_as,
        )
    pkg = _deaths_claimed(data_copy, claimed, qualifier=qualifier)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    names = effective.report_names(pkg)
    assert found["status"].tolist() == ["fail"]
    words = {"more_than": "more than ", "exact": ""}[qualifier]
    assert found["observed"].item() == f"{words}{claimed} = {names[named]}, {why}"


@pytest.mark.parametrize("january, ambiguous", [(3431, True), (3200, False)])
def test_a_claim_one_digit_from_two_current_releases_names_no_misprint(
    data_copy, january, ambiguous
):
    """A page of March 1990 may quote January's release or February's (out on 15 March): 3,430 is
    one digit from February's 3,480 and, by its last digit, from January's 3,431; which was
    misprinted, if either, is not known, so neither is suggested. With January at 3,200, February's
    misprint is."""
    add_releases(data_copy, [("1990-01", "1990-02-27", january), ("1990-02", "1990-03-15", 3480)])
    add_article(data_copy, "zz-test-article", "1990-03")
    add_figure(data_copy, "zz-test-claim", "zz-test-article", "civilians_killed", 3430)
    pkg = data_copy.load()
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    sentences = headlines.collection_findings(pkg)
    (sentence,) = [s for s in sentences["sentence"] if "3,430" in s]
    for text in (found["evidence"].item(), sentence):
        assert ("misprint" in text) is not ambiguous, text
        assert ("3,430 is 3,480" in text) is not ambiguous, text


def _february_restated_on_page_b(data_copy, value, qualifier: str):
    """BASE's releases, and page b of 2 April 1990 restating February's figure as value, in the
    qualifier's words; returns the copy's package."""
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-page-b", "1990-04-02")
    add_figure(
        data_copy,
        "zz-test-1990-02-civ-b",
        "zz-test-release-1990-02",
        "civilians_killed",
        value,
        carried_by="zz-test-page-b",
        qualifier=qualifier,
    )
    return data_copy.load()


@pytest.mark.parametrize(
    "qualifier, value, said",
    [("up_to", 150, "up to 150"), ("about", 131, "about 131"), ("more_than", 120, "more than 120")],
)
def test_a_restated_or_claimed_number_keeps_the_words_that_change_how_it_reads(
    data_copy, qualifier, value, said
):
    """ "up to 150" was shown as "150" in the check's found column, beside the release's 130: a
    reader saw two numbers that differ where the page's words may allow the release's. The words
    stay with the number, whether the page restates the release or claims the running total."""
    pkg = _february_restated_on_page_b(data_copy, value, qualifier)
    restated = checks.rule_results(pkg, "restated_values_agree")
    (observed,) = restated.loc[
        restated["subject"].str.startswith("zz-test-release-1990-02:"), "observed"
    ].tolist()
    assert f"{said} (ZZ Test Daily" in observed, observed
    claimed = _results(
        _deaths_claimed(data_copy, value, qualifier=qualifier),
        "series_claim_matches_release",
        "zz-test-claim",
    )
    assert claimed["observed"].item().startswith(said), claimed["observed"].item()


@pytest.mark.parametrize(
    "qualifier, value, title",
    [
        # its words allow the release's 130: drawn as agreeing, never "does not match"
        ("up_to", 150, "130 and up to 150: the words of each allow the other"),
        ("about", 300, "The same figure is printed as 130 and as about 300"),
    ],
)
def test_a_statement_chart_writes_each_number_with_its_words(data_copy, qualifier, value, title):
    """The chart of every statement of February's figure titled "printed as 130 and as 150" where
    a page had "up to 150", and marked it "does not match" where its check passed: the words stay
    in its title and beside the mark, and a number they allow the first is drawn as agreeing."""
    pkg = _february_restated_on_page_b(data_copy, value, qualifier)
    (dots,) = [
        c for c in views.report_charts(pkg, "zz-test-release-1990-02") if "__statements-" in c.name
    ]
    assert dots.title == title
    said = f"{'up to' if qualifier == 'up_to' else 'about'} {value}"
    assert said in [t.get_text().strip() for t in dots.figure.axes[0].texts]
    keys = [t.get_text() for t in dots.figure.axes[0].get_legend().get_texts()]
    assert any("does not match" in k.lower() for k in keys) is (qualifier == "about"), keys


def _corrected_monitor(data_copy) -> None:
    """The test monitor's updates of 31 January (200) and 31 March 1990 (260), the second
    corrected to 250 on 3 April."""
    add_monitor_updates(
        data_copy,
        [
            ("zz-test-monitor-1990-01", "1990-01-31", 200),
            ("zz-test-monitor-1990-03", "1990-03-31", 260),
        ],
    )
    add_report(
        data_copy,
        "zz-test-monitor-1990-03-fix",
        "1990-04-03",
        end="1990-03-31",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_report",
        corrects="zz-test-monitor-1990-03",
    )
    add_figure(
        data_copy,
        "zz-test-monitor-1990-03-fix-civ",
        "zz-test-monitor-1990-03-fix",
        "civilians_killed",
        250,
        series=MONITOR_SERIES,
        qualifier="exact",
    )


def test_a_monitor_s_reports_are_called_reports_never_releases(data_copy):
    """A claim no update of a monitor gave is "a figure no ZZTM report gave" (it read "release",
    the coalition's word), and a correction of a monitor's report says "where this report gave";
    the coalition's own stay releases."""
    _corrected_monitor(data_copy)
    # below every update out by then: no update that is not held can have given it
    pkg = add_claim(data_copy, "1990-04-10", "civilians_killed", 150, series=MONITOR_SERIES)
    sentences = headlines.collection_findings(pkg)["sentence"].tolist()
    (sentence,) = [s for s in sentences if "gives 150" in s]
    assert "a figure no ZZTM report gave" in sentence, sentence
    heading = views.report_heading(pkg, "zz-test-monitor-1990-03")
    assert "where this report gave 260" in str(getattr(heading, "html", heading))
    # the check's own texts and the finding's few words say so too
    (claim,) = _results(pkg, "series_claim_matches_release", "zz-test-claim").to_dict("records")
    assert claim["expected"] == "the report current at the page's date"
    assert claim["observed"] == "150 (no report)"
    assert claim["evidence"].startswith("Report current on 10 April 1990, the page's date: 250")
    assert "release" not in claim["evidence"].lower()
    findings = headlines.collection_findings(pkg)
    assert "gives a figure no report current then gave" in findings["kind"].tolist()
    (series,) = _results(pkg, "cumulative_never_falls", f"{MONITOR_SERIES}: civilians killed")[
        ["statement", "expected"]
    ].to_dict("records")
    assert series["statement"].endswith("never falls from one report to the next")
    assert series["expected"] == "each report at least the one before"
    texts = " ".join(f"{claim[c]} {series[c]}" for c in ("statement", "expected"))
    assert "release" not in texts.lower()


def test_a_series_text_is_said_in_its_publications_own_noun():
    """series.worded_for rewords only the series module's own words: "release" stays for the
    coalition's, a monitor's are reports, published rather than released."""
    text = (
        "Releases current on 1 May: none. Nearest values released by 2 May; no release; a release"
    )
    assert worded_for("release", text) == text
    assert worded_for("report", text) == (
        "Reports current on 1 May: none. Nearest values published by 2 May; no report; a report"
    )
    assert worded_for("estimate", "(and 2 later releases)") == "(and 2 later estimates)"
    assert worded_for("estimate", "A release whose day is not known; a release") == (
        "An estimate whose day is not known; an estimate"
    )


def test_a_corrected_update_is_no_point_of_its_timeline_and_its_correction_says_what_it_gave(
    data_copy,
):
    """The corrected 260 and its correction's 250 were drawn as two dots on one day, the table
    calling both the monitor's updates: the correction stands for the figure it replaced, and
    the table beside the chart says what it corrected and what that gave."""
    _corrected_monitor(data_copy)
    pkg = data_copy.load()
    chart = chartsets.timeline(pkg, MONITOR_SERIES)
    assert "zz-test-monitor-1990-03-civ" not in set(chart.data["figure_id"])
    assert "zz-test-monitor-1990-03-fix-civ" in set(chart.data["figure_id"])
    table = views.timeline_table(pkg, chart)
    (kind,) = table.loc[table["value"] == "250", "kind"].tolist()
    assert kind == "monitor's update, correcting the report of 31 March 1990, which gave 260"
    assert (
        not table["kind"]
        .str.contains("correcting")
        .drop(table.index[table["value"] == "250"])
        .any()
    )


@pytest.mark.parametrize("claimed, status", [(145, "unchecked"), (120, "fail"), (200, "fail")])
def test_a_claim_a_missing_month_s_release_may_give_is_not_checkable(data_copy, claimed, status):
    """The monthly series' March release is not held: a page of 10 May, when March's release may
    have been out (it comes out after March ends, before April's of 27 May), claiming 145, between
    February's 130 and April's 160, was failed as "a figure no release gave" against February's.
    It is not checkable; a claim no release between them can give (below 130, above 160) fails."""
    add_releases(
        data_copy,
        [*BASE, ("1990-04", "1990-05-27", 160)],
    )
    pkg = _deaths_claimed(data_copy, claimed, page_date="1990-05-10")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status], found["evidence"].tolist()
    if status == "unchecked":
        assert found["expected"].item() == "not checkable: a release current then is not held"
        assert "Not every release of the series is held: that with data to March 1990" in (
            found["evidence"].item()
        )
        # neither shown false nor true
        verdicts = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-claim")
        assert not {"accurate", "unsupported"} & set(verdicts["verdict"].to_list())
        # nor does the page "check out" where its one check cannot be made (it did, on the index)
        assert headlines.report_standing(pkg, "zz-test-article") == headlines.Status(
            "cannot be checked", "none"
        )
    # with March's release held, the page is judged against it
    add_report(data_copy, "zz-test-release-1990-03", "1990-04-25", end="1990-03")
    add_figure(data_copy, "zz-test-1990-03-civ", "zz-test-release-1990-03", "civilians_killed", 145)
    found = _results(data_copy.load(), "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["pass" if claimed == 145 else "fail"]


def test_a_loose_claim_a_later_release_gives_exactly_is_that_release_s(data_copy):
    """ "about 320" on a page of 2 April fits January's 310 by its words and March's 320 (out on 27
    April) exactly: the page quotes March's (a misdated page), not January's; the claim's own
    number decides, not the span its words allow."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    for month, published, deaths in [
        ("1990-01", "1990-02-27", 310),
        ("1990-02", "1990-03-28", 340),
        ("1990-03", "1990-04-27", 320),
    ]:
        report_id = f"zz-test-release-{month}"
        add_report(data_copy, report_id, published, end=month)
        add_figure(
            data_copy, f"{report_id}-civ", report_id, "civilians_killed", deaths, qualifier="exact"
        )
    pkg = _deaths_claimed(data_copy, 320, qualifier="about")
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    names = effective.report_names(pkg)
    assert found["observed"].item() == (
        f"about 320 = {names['zz-test-release-1990-03']}, published after the page"
    )


def test_a_claim_that_is_a_misprint_of_two_current_releases_names_neither(data_copy):
    """A page of March 1990 may quote January's 1,059 or February's 1,096 (out on 15 March): 1,069
    is 1,059 with one digit changed and 1,096 with two digits swapped; which, if either, was
    misprinted is not known."""
    add_releases(data_copy, [("1990-01", "1990-02-27", 1059), ("1990-02", "1990-03-15", 1096)])
    pkg = add_claim(data_copy, "1990-03", "civilians_killed", 1069)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]
    assert "misprint" not in found["evidence"].item(), found["evidence"].item()


@pytest.mark.parametrize("registered", [True, False])
def test_a_page_dated_before_the_report_it_carries_is_one_line_however_many_figures(
    data_copy, registered
):
    """A page of 20 March that carries the release of 28 March, in carriers.csv or not, with two
    figures of it: one line (the carriers.csv row, else the first figure), not one per figure."""
    from helpers.errors import DataError

    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-page", "1990-03-20")
    if registered:
        _register_carrier(data_copy, "zz-test-release-1990-02", "zz-test-page")
    for figure_id, metric, value in (
        ("zz-test-page-civ", "civilians_killed", 130),
        ("zz-test-page-strikes", "airstrikes", 900),
    ):
        add_figure(
            data_copy,
            figure_id,
            "zz-test-release-1990-02",
            metric,
            value,
            carried_by="zz-test-page",
        )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    where = "carriers" if registered else "figures"
    assert line.startswith(f"data/curated/{where}.csv, row "), line


def test_a_claim_a_page_makes_twice_is_reviewed_once_at_the_first(data_copy):
    """The same 150, no release's, in a page's headline and first paragraph: one claim review
    (each had a finding of its own, so the two reviews differed by their anchor alone)."""
    add_releases(data_copy, BASE)
    add_claim(data_copy, "1990-04-02", "civilians_killed", 150, locator="headline")
    add_figure(
        data_copy,
        "zz-test-claim-again",
        "zz-test-article",
        "civilians_killed",
        150,
        qualifier="exact",
    )
    pkg = data_copy.load()
    mine = [r for r in claimreview.reviews(pkg) if r["url"].startswith("report-zz-test-article.")]
    assert len(mine) == 1, mine
    assert claimreview.reviewed_claims(pkg).count("zz-test-claim-again") == 0


def test_a_statement_chart_names_each_other_number_as_first_printed(data_copy):
    """February's 130, then "about 300" on page a and a bare 300 on page b: the title keeps the
    first printing's words ("as about 300"), as its key says."""
    add_releases(data_copy, BASE)
    for page, qualifier in (("zz-test-page-a", "about"), ("zz-test-page-b", "exact")):
        add_article(data_copy, page, "1990-04-02")
        add_figure(
            data_copy,
            f"{page}-civ",
            "zz-test-release-1990-02",
            "civilians_killed",
            300,
            carried_by=page,
            qualifier=qualifier,
        )
    pkg = data_copy.load()
    (dots,) = [
        c for c in views.report_charts(pkg, "zz-test-release-1990-02") if "__statements-" in c.name
    ]
    assert dots.title == "The same figure is printed as 130 and as about 300"


def test_a_correction_s_point_says_what_the_report_s_own_record_gave(data_copy):
    """A page's copy of the corrected update (206), listed before the update's own 260: the
    table beside the timeline gives the update's own number; its caption counts the monitor's
    updates, the correction among them."""
    _corrected_monitor(data_copy)
    add_article(data_copy, "zz-test-copy", "1990-04-01")
    rows = data_copy.rows("figures")
    own = next(i for i, r in enumerate(rows) if r["figure_id"] == "zz-test-monitor-1990-03-civ")
    copy = {
        **rows[own],
        "figure_id": "zz-test-copy-civ",
        "carried_by": "zz-test-copy",
        "value": "206",
    }
    data_copy.write("figures", [*rows[:own], copy, *rows[own:]])
    pkg = data_copy.load()
    table = views.timeline_table(pkg, chartsets.timeline(pkg, MONITOR_SERIES))
    assert "monitor's update, correcting the report of 31 March 1990, which gave 260" in set(
        table["kind"]
    )
    assert table.attrs[display.SHOWN_AS]["caption"].startswith(
        "Every point on the timeline: 2 updates and "
    )


def test_a_series_timeline_draws_other_monitors_estimates_of_its_own_span_only(data_copy):
    """The test series' releases of 1990 were drawn beside every real monitor estimate of
    2017-2019, squeezed into a corner of a thirty-year axis: estimates outside the series' span
    are left out, one within it stays."""
    add_releases(data_copy, BASE)
    add_report(
        data_copy,
        "zz-test-estimate",
        "1990-03-01",
        end="1990-02-15",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_estimate",
    )
    add_figure(
        data_copy,
        "zz-test-estimate-civ",
        "zz-test-estimate",
        "civilians_killed",
        900,
        series="",
        qualifier="exact",
    )
    pkg = data_copy.load()
    chart = chartsets.timeline(pkg, SERIES)
    figures = effective.effective_figures(pkg).set_index("figure_id")
    drawn = figures.loc[chart.data["figure_id"]]
    # (an estimate of no known date, its citing page's neither, is listed beside the chart only)
    estimates = drawn[(drawn["report_kind"] == "monitor_estimate") & drawn["as_of"].notna()]
    assert list(estimates.index) == ["zz-test-estimate-civ"]
    first, last = chart.figure.axes[0].get_xlim()
    assert last - first < 366, "the axis runs beyond the series' own year"


def test_a_news_article_s_own_figure_is_dated_as_published_never_as_released(data_copy):
    """An article's own figure, dated by the article, read "as released on 2 April 1990": an
    article is published; a release of the series stays "released"."""
    add_releases(data_copy, BASE)
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", 777)
    figures = effective.effective_figures(pkg).set_index("figure_id")
    assert figures.loc["zz-test-claim", "as_of_label"] == "as published on 2 April 1990"


def test_a_page_whose_every_check_fails_never_reads_as_if_one_passed(data_copy):
    """A page whose one claim fails read "What checks out: 0 of 1 check passes"; and a page with
    no chart at all read "No other chart suits this report's figures"."""
    add_releases(data_copy, BASE)
    pkg = add_claim(data_copy, "1990-04-02", "civilians_killed", 777)
    heading = views.report_heading(pkg, "zz-test-article")
    text = str(getattr(heading, "text", heading))
    # and says what it does instead
    assert "What checks out: nothing: its one check does not check out;" in text, text
    assert " 0 of " not in text
    assert views.no_more_charts([]) == "No chart suits this report's figures."
    assert views.no_more_charts(["a chart"]) == "No other chart suits this report's figures."


def test_a_stated_rise_is_labelled_with_one_since(data_copy):
    """March's stated rise was labelled "Civilians killed since the previous release in …, since
    February 1990": the month the previous release's data ran to follows "after"."""
    _march_with_rise(data_copy, period_start="1990-02", period_end="1990-03")
    pkg = data_copy.load()
    table = views.figures_table(pkg, "zz-test-release-1990-03")
    (label,) = [w for w in table["what it counts"] if "since the previous release" in w]
    assert label.count("since") == 1 and ", after February 1990 (" in label, label


@pytest.mark.parametrize("page_date, status", [("1990-05-10", "unchecked"), ("1990-04-10", "pass")])
def test_a_claim_of_a_release_a_missing_month_may_have_replaced_is_not_checkable(
    data_copy, page_date, status
):
    """February's 130 on a page of 10 May, with March's release not held: March's came out after
    March ended and, at the issuer's quickest (27 days after its month), by 27 April, so it may
    have replaced February's by then; the claim was Accurate. On 10 April no March release can have
    been out: February's is the current one."""
    add_releases(data_copy, [*BASE, ("1990-04", "1990-05-27", 160)])
    pkg = _deaths_claimed(data_copy, 130, page_date=page_date)
    found = _results(pkg, "series_claim_matches_release", "zz-test-claim")
    assert found["status"].tolist() == [status], found["evidence"].tolist()
    if status == "unchecked":
        assert found["expected"].item() == "not checkable: a release current then is not held"
        assert "may have come out by the page's date and replaced" in found["evidence"].item()
        verdicts = claimreview.judgements(pkg).filter(pl.col("figure_id") == "zz-test-claim")
        assert "accurate" not in verdicts["verdict"].to_list()


def test_a_series_is_its_registered_issuer_s_however_many_pages_quote_it(data_copy):
    """Four pages' own claims of the monitor's running total outnumber its two updates: the
    series is still the monitor's (series.csv), never the quoting paper's ("Timeline: ZZ Test
    Daily's running count", "a figure no ZZ Test Daily report gave", the monitor "misquoting"
    the paper)."""
    add_monitor_updates(
        data_copy,
        [
            ("zz-test-monitor-1990-01", "1990-01-31", 200),
            ("zz-test-monitor-1990-03", "1990-03-31", 260),
        ],
    )
    for day in range(1, 5):
        page = f"zz-test-page-{day}"
        add_article(data_copy, page, f"1990-04-0{day}")
        add_figure(
            data_copy,
            f"{page}-civ",
            page,
            "civilians_killed",
            150,
            series=MONITOR_SERIES,
            qualifier="exact",
        )
    pkg = data_copy.load()
    assert headlines.series_title(pkg, MONITOR_SERIES) == "Timeline: ZZTM's running count"
    sentences = " ".join(headlines.collection_findings(pkg)["sentence"])
    assert "ZZ Test Daily gives 150 for ZZTM's count of civilians killed, a figure no ZZTM" in (
        sentences
    ), sentences
    assert "ZZ Test Daily's" not in sentences
    assert "misquotes" not in headlines.report_status(pkg, "zz-test-monitor-1990-03")
    named = effective.effective_figures(pkg).set_index("figure_id")["series_name"]
    assert named["zz-test-page-1-civ"] == "the ZZTM running total"


@pytest.mark.parametrize("interpretation", ["", "The page's map puts it in Raqqa."])
def test_a_place_name_that_spells_another_governorate_says_which(data_copy, interpretation):
    """A part written "Deir ez-Zor" (a spelling of Deir-ez-Zor) and coded to Ar-Raqqa read "no
    known spelling of Ar-Raqqa" and, everywhere else, "read by interpretation" where none was
    recorded: it names the governorate the name spells, fails unless an interpretation is
    recorded (then a caveat that says so), and the sum's note says what the part is."""
    add_monitor_updates(data_copy, [("zz-test-monitor-1990-01", "1990-01-31", 300)])
    for figure_id, written, pcode in (
        ("raqqa", "Deir ez-Zor", "SY11"),
        ("aleppo", "Aleppo", "SY02"),
    ):
        add_figure(
            data_copy,
            f"zz-test-monitor-{figure_id}",
            "zz-test-monitor-1990-01",
            "civilians_killed",
            150,
            qualifier="exact",
            series="",
            geography="SYR",
            geography_as_written=written,
            governorate_pcode=pcode,
            interpretation=interpretation if figure_id == "raqqa" else "",
        )
    pkg = data_copy.load()
    (found,) = _results(pkg, "place_name_matches_pcode", "zz-test-monitor-raqqa").to_dict("records")
    read = bool(interpretation)
    assert found["status"] == ("warning" if read else "fail")
    assert found["observed"] == (
        "“Deir ez-Zor”: a spelling of Deir-ez-Zor; read as Ar-Raqqa"
        if read
        else "“Deir ez-Zor”: a spelling of Deir-ez-Zor, not of Ar-Raqqa"
    )
    findings = headlines.collection_findings(pkg)
    ((sentence, kind),) = [
        (s, k)
        for s, k in zip(findings["sentence"], findings["kind"], strict=True)
        if "Deir ez-Zor" in s
    ]
    assert "a spelling of Deir-ez-Zor" in sentence
    assert ("we read it as Ar-Raqqa" in sentence) == read, sentence
    assert kind == (
        "a place name read by interpretation"
        if read
        else "a place name that spells another governorate"
    )
    (total,) = _results(
        pkg, "parts_sum_to_total", "zz-test-monitor-1990-01: civilians killed by governorate"
    ).to_dict("records")
    assert ("read by interpretation" in total["evidence"]) == read, total["evidence"]


def _books(data_copy, month: str, carried, new, assessed, still_open, qualifier="exact") -> None:
    """The test series' release of that month's counts of reports: carried over, received,
    assessed and still open (None: not given)."""
    counts = {
        "carried": ("civcas_reports_carried_over", carried),
        "new": ("civcas_reports_new", new),
        "assessed": ("civcas_reports_assessed", assessed),
        "open": ("civcas_reports_open", still_open),
    }
    for name, (metric, value) in counts.items():
        if value is not None:
            add_figure(
                data_copy,
                f"zz-test-{month}-{name}",
                f"zz-test-release-{month}",
                metric,
                value,
                series="",
                qualifier=qualifier if name == "carried" else "exact",
            )


@pytest.mark.parametrize(
    ("still_open", "qualifier", "status", "difference"),
    [
        (35, "exact", "pass", 0),
        (155, "exact", "warning", 120),
        (35, "more_than", "unchecked", None),
    ],
)
def test_a_release_s_counts_of_reports_balance(
    data_copy, still_open, qualifier, status, difference
):
    """Open at the start of the month + received − assessed = still open at its end (metrics.csv's
    balance): the coalition's release of April 2018 gave 522 + 122 − 49 and 475 still open. A
    caveat on the release as its pages print it, never a failure of a page; a count given loosely
    is no term of an exact sum."""
    add_releases(data_copy, BASE)
    _books(data_copy, "1990-02", 40, 10, 15, still_open, qualifier)
    pkg = data_copy.load()
    (found,) = _results(
        pkg, "books_balance", "zz-test-release-1990-02: reports still open"
    ).to_dict("records")
    assert found["status"] == status
    if status == "unchecked":
        assert found["expected"] == "not checkable: more than 40 + 10 − 15 is not one number"
        return
    assert found["expected"] == "40 + 10 − 15 = 35" and found["difference"] == difference
    sentences = [
        s for s in headlines.collection_findings(pkg)["sentence"] if "come to" in s and "ZZTC" in s
    ]
    assert sentences == (
        [
            "In the ZZTC release of 28 March 1990, as ZZTC prints it, reports still open come to "
            "40 + 10 − 15 = 35 by its own counts, but it gives 155."
        ]
        if status == "warning"
        else []
    )
    # a caveat, not a failure of the page that prints it; the release's own, listed first on its
    # page (not among what others cite)
    assert headlines.report_standing(pkg, "zz-test-release-1990-02").kind == (
        "warning" if status == "warning" else "pass"
    )
    if status == "warning":
        add_article(data_copy, "zz-test-page-b", "1990-03-29")
        for name in ("carried", "new", "assessed", "open"):
            data_copy.edit(
                "figures", "figure_id", f"zz-test-1990-02-{name}", carried_by="zz-test-page-b"
            )
        found = headlines.collection_findings(data_copy.load())
        (reports,) = [
            r
            for s, r in zip(found["sentence"], found["reports"], strict=True)
            if "ZZTC" in s and "come to" in s
        ]
        assert reports == ("zz-test-release-1990-02", "zz-test-page-b")


@pytest.mark.parametrize(("carried", "status"), [(40, "pass"), (45, "warning")])
def test_what_a_release_carries_over_is_what_the_release_before_left_open(
    data_copy, carried, status
):
    """February's reports open at the start of the month are January's still open at its end
    (metrics.csv's carried_from); with March's release held but February's not, April's is not
    checkable: only the immediately previous release can say."""
    add_releases(data_copy, [*BASE, ("1990-04", "1990-05-25", 150)])
    _books(data_copy, "1990-01", None, None, None, 40)
    _books(data_copy, "1990-02", carried, None, None, None)
    _books(data_copy, "1990-04", 50, None, None, None)
    pkg = data_copy.load()
    results = checks.rule_results(pkg, "carried_matches_previous").set_index("subject")
    february = results.loc["zz-test-release-1990-02: reports open at the start of the month"]
    assert february["status"] == status
    assert february["expected"] == "40 (the ZZTC release of 27 February 1990)"
    assert february["difference"] == carried - 40
    april = results.loc["zz-test-release-1990-04: reports open at the start of the month"]
    assert april["status"] == "unchecked"
    assert april["expected"] == "not checkable: the release with data to March 1990 is not held"


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        (
            "balance",
            "civcas_reports_new + zz_no_such_metric",
            "'zz_no_such_metric' is not a metric",
        ),
        ("balance", "civcas_reports_new + civilians_killed", "'civilians_killed' counts people"),
        ("balance", "civcas_reports_new +", "expected the form"),
        ("carried_from", "civilians_killed", "'civilians_killed' counts people, not reports"),
    ],
)
def test_a_balance_that_names_no_metric_or_another_unit_is_one_line(data_copy, column, value, said):
    from helpers.errors import DataError

    data_copy.edit("metrics", "metric", "civcas_reports_open", **{column: value})
    row = 1 + next(
        k
        for k, r in enumerate(data_copy.rows("metrics"), 1)
        if r["metric"] == "civcas_reports_open"
    )
    with pytest.raises(DataError) as caught:
        data_copy.load()
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 1 and lines[0].startswith(
        f'data/curated/metrics.csv, row {row}, column "{column}": '
    ), lines
    assert said in lines[0]


@pytest.mark.parametrize("also_cited", [True, False])
def test_an_estimate_with_no_date_of_its_own_is_out_by_its_earliest_carrier(data_copy, also_cited):
    """An estimate known only as pages cite it: its own carrier is dated June 1990 (30 June at the
    latest), a second page (carriers.csv) 31 May. It was out by 31 May: a page of 1 June quoting
    it quotes the estimate current then (it was judged against the estimate before, as if the
    new one were not out yet). Without the second page, nothing shows it out by 1 June."""
    add_monitor_updates(data_copy, [("zz-test-monitor-1990-01", "1990-01-31", 4000)])
    for page, day in (("zz-test-page-june", "1990-06"), ("zz-test-page-may", "1990-05-31")):
        add_article(data_copy, page, day)
    add_report(
        data_copy,
        "zz-test-estimate",
        "",
        issuer=MONITOR,
        issuer_as_written="the test monitor",
        kind="monitor_estimate",
        carried_by="zz-test-page-june",
    )
    add_figure(
        data_copy,
        "zz-test-estimate-civ",
        "zz-test-estimate",
        "civilians_killed",
        5000,
        carried_by="zz-test-page-june",
        series=MONITOR_SERIES,
        qualifier="exact",
    )
    if also_cited:
        _register_carrier(data_copy, "zz-test-estimate", "zz-test-page-may")
    pkg = add_claim(data_copy, "1990-06-01", "civilians_killed", 5000, series=MONITOR_SERIES)
    (found,) = _results(pkg, "series_claim_matches_release", "zz-test-claim").to_dict("records")
    if also_cited:
        assert found["status"] == "pass", found
        assert found["observed"] == "5,000 = the ZZTM estimate as cited on 31 May 1990"
    else:
        assert found["status"] != "pass", found


def test_a_subgroup_is_held_within_its_total_of_the_same_period_only(data_copy):
    """A monitor's report gives civilians killed since the start (300) and in January alone (100),
    and children killed since the start (250): the children are within the 300, and were also set
    against January's 100 ("at most 100", a failure that is no fault of the report)."""
    add_monitor_updates(data_copy, [("zz-test-monitor-1990-02", "1990-02-28", 300)])
    add_figure(
        data_copy,
        "zz-test-monitor-january",
        "zz-test-monitor-1990-02",
        "civilians_killed",
        100,
        series="",
        qualifier="exact",
        period_start="1990-01",
        period_end="1990-01",
    )
    add_figure(
        data_copy,
        "zz-test-monitor-children",
        "zz-test-monitor-1990-02",
        "children_killed",
        250,
        series=MONITOR_SERIES,
        qualifier="exact",
    )
    found = checks.rule_results(data_copy.load(), "subset_within_total")
    mine = found[found["subject"].str.startswith("zz-test-monitor-1990-02:")]
    assert mine[["expected", "status"]].values.tolist() == [["at most 300", "pass"]]


def test_a_page_s_own_figure_for_a_series_is_shown_as_the_issuer_s_count(data_copy):
    """A news article's own claim of the coalition's running total read "ZZ Test Daily's own"
    under "whose figure", while its finding said it gives the figure for ZZTC's count; a figure
    of no series stays the page's own."""
    add_releases(data_copy, BASE)
    add_claim(data_copy, "1990-04-02", "civilians_killed", 130)
    add_figure(
        data_copy, "zz-test-own", "zz-test-article", "airstrikes", 500, series="", qualifier="exact"
    )
    table = views.figures_table(data_copy.load(), "zz-test-article")
    whose = dict(zip(table["figure id"], table["whose figure, where printed"], strict=True))
    assert whose["zz-test-claim"] == "for ZZTC's count, as ZZ Test Daily gives it (paragraph 1)"
    assert whose["zz-test-own"] == "ZZ Test Daily's own (paragraph 1)"


def test_a_period_written_by_its_month_or_its_last_day_is_one_period(data_copy):
    """February's release read on its own page ("data to February 1990") and on another that
    dates it to 28 February is one statement: its running total was listed twice in the series'
    chain (and a page's claim was set against "two" releases); a count of February alone is
    another thing, whatever day it ends on."""
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-page-b", "1990-03-29")
    add_figure(
        data_copy,
        "zz-test-1990-02-civ-b",
        "zz-test-release-1990-02",
        "civilians_killed",
        130,
        carried_by="zz-test-page-b",
        period_end="1990-02-28",
    )
    add_figure(
        data_copy,
        "zz-test-1990-02-month",
        "zz-test-release-1990-02",
        "civilians_killed",
        30,
        qualifier="exact",
        period_start="1990-02",
        period_end="1990-02-28",
    )
    pkg = data_copy.load()
    (chain,) = _results(pkg, "cumulative_never_falls", f"{SERIES}: civilians killed")["observed"]
    assert chain.count("130") == 1, chain
    restated = checks.rule_results(pkg, "restated_values_agree")
    mine = restated[restated["figure_ids"].str.contains("zz-test-1990-02-civ-b")]
    assert mine["status"].tolist() == ["pass"]
    assert "zz-test-1990-02-month" not in mine["figure_ids"].item()


def test_a_metric_chart_s_key_names_every_measure_of_a_colour(data_copy):
    """Strikes and counts of reports share the colour of other measures: the key read "Other
    measure: strikes" beside bars of reports too."""
    from helpers.present import charts

    add_releases(data_copy, BASE)
    for figure_id, metric, value in (
        ("zz-test-1990-01-strikes", "airstrikes", 900),
        ("zz-test-1990-02-reports", "civcas_reports_total", 40),
    ):
        month = figure_id.split("-")[2] + "-" + figure_id.split("-")[3]
        add_figure(
            data_copy, figure_id, f"zz-test-release-{month}", metric, value, qualifier="exact"
        )
    figures = effective.effective_figures(data_copy.load())
    chart = charts.metric_panels(figures[figures["report_id"].str.startswith("zz-test-")], "zz")
    keys = [
        t.get_text() for ax in chart.figure.axes if ax.get_legend() for t in ax.get_legend().texts
    ]
    assert "Other measure: strikes and reports" in keys, keys


def test_a_month_s_count_and_the_year_s_that_end_one_day_are_two_statements(data_copy):
    """100 killed in December 1990 and 1,200 in the whole of 1990, both ending 31 December: two
    counts (they were one statement "printed as 100 and as 1,200")."""
    add_monitor_updates(data_copy, [("zz-test-monitor-1990-12", "1991-01-05", 5000)])
    for figure_id, value, start in (
        ("zz-test-december", 100, "1990-12"),
        ("zz-test-year", 1200, "1990-01"),
    ):
        add_figure(
            data_copy,
            figure_id,
            "zz-test-monitor-1990-12",
            "civilians_killed",
            value,
            series="",
            qualifier="exact",
            period_start=start,
            period_end="1990-12-31",
        )
    restated = checks.rule_results(data_copy.load(), "restated_values_agree")
    assert not restated["figure_ids"].str.contains("zz-test-december").any()


@pytest.mark.parametrize("other", ["part", "old"])
def test_only_the_credited_issuer_s_current_whole_figure_excuses_a_round_number(data_copy, other):
    """1,100 credited to the coalition is the monitor's figure; the coalition's current release
    gives 1,314. A coalition count of 1,104 for one governorate, or an old release's 1,096,
    rounds to 1,100 too, and made the misattribution disappear."""
    _with_monitor(data_copy, SERIES, monitor_count=1100)
    january = 1096 if other == "old" else 1000
    for figure_id, value in (("zz-test-1990-01-civ", january), ("zz-test-1990-02-civ", 1314)):
        data_copy.edit("figures", "figure_id", figure_id, value=str(value))
    if other == "part":
        add_figure(
            data_copy,
            "zz-test-1990-02-raqqa",
            "zz-test-release-1990-02",
            "civilians_killed",
            1104,
            geography="SYR",
            geography_as_written="Raqqa",
            governorate_pcode="SY11",
        )
    found = _results(data_copy.load(), "misattributed_figure", "zz-test-claim")
    assert found["status"].tolist() == ["fail"]


@pytest.mark.parametrize("case", ["no series figure", "an older count first", "corrected"])
def test_the_release_before_is_found_by_its_own_month_and_its_correction_counts(data_copy, case):
    """February carries over what January left open. January's release was missed when none of
    its figures named the series, or when a count of an earlier span came last (it was filed
    under December); a correction of January, published later, is the count carried over."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    add_report(data_copy, "zz-test-release-1990-01", "1990-02-27", end="1990-01")
    add_report(data_copy, "zz-test-release-1990-02", "1990-03-28", end="1990-02")
    _books(data_copy, "1990-01", None, None, None, 40)
    carried = 40
    if case == "an older count first":
        add_figure(
            data_copy,
            "zz-test-1990-01-old",
            "zz-test-release-1990-01",
            "airstrikes",
            7,
            series="",
            period_start="1989-08",
            period_end="1989-12",
        )
    if case == "corrected":
        add_report(
            data_copy,
            "zz-test-release-1990-01-fix",
            "1990-03-05",
            end="1990-01",
            corrects="zz-test-release-1990-01",
        )
        add_figure(
            data_copy,
            "zz-test-1990-01-fix-open",
            "zz-test-release-1990-01-fix",
            "civcas_reports_open",
            42,
            series="",
            qualifier="exact",
        )
        carried = 42
    _books(data_copy, "1990-02", carried, None, None, None)
    results = checks.rule_results(data_copy.load(), "carried_matches_previous")
    (found,) = results[
        results["subject"] == "zz-test-release-1990-02: reports open at the start of the month"
    ].to_dict("records")
    assert found["status"] == "pass", found["expected"]


def test_a_balance_whose_total_alone_is_loose_says_so(data_copy):
    add_releases(data_copy, BASE)
    _books(data_copy, "1990-02", 40, 10, 15, None)
    add_figure(
        data_copy,
        "zz-test-1990-02-open",
        "zz-test-release-1990-02",
        "civcas_reports_open",
        35,
        series="",
        qualifier="about",
    )
    (found,) = _results(
        data_copy.load(), "books_balance", "zz-test-release-1990-02: reports still open"
    ).to_dict("records")
    assert found["status"] == "unchecked"
    assert found["expected"] == "not checkable: 40 + 10 − 15 = 35, against about 35"


def test_a_figure_of_a_place_its_report_does_not_cover_is_one_line(data_copy):
    """A count for Iraq in a monitor's report on Syria alone read on its page as "civilians killed
    in Iraq" inside a Syria-only report: refused at the figure's geography."""
    from helpers.errors import DataError

    add_monitor_updates(data_copy, [("zz-test-monitor-1990-01", "1990-01-31", 300)])
    data_copy.edit("reports", "report_id", "zz-test-monitor-1990-01", geography="SYR")
    add_figure(
        data_copy,
        "zz-test-monitor-iraq",
        "zz-test-monitor-1990-01",
        "civilians_killed",
        50,
        series="",
        geography="IRQ",
    )
    row = 1 + len(data_copy.rows("figures"))
    with pytest.raises(DataError) as caught:
        data_copy.load()
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(
        f'data/curated/figures.csv, row {row}, column "geography": IRQ is not within SYR, what '
        "its report zz-test-monitor-1990-01 covers"
    ), line


@pytest.mark.parametrize("first", [True, False])
def test_what_the_release_before_left_open_printed_two_ways_bears_out_nothing(data_copy, first):
    """January's 40 left open was also printed as 45 by a page; February's carry-over, printed as
    40 and as 45, was said to be borne out by whichever printing of January's came first in the
    file. Now neither, whatever the rows' order: not checkable, and no page is blamed."""
    rows = [("zz-test-release-1990-01", 40, "zz-test-release-1990-01")]
    other = ("zz-test-page-c", 45, "zz-test-page-c")
    add_releases(data_copy, BASE)
    add_article(data_copy, "zz-test-page-c", "1990-03-01")
    for _, value, page in [other, *rows] if first else [*rows, other]:
        add_figure(
            data_copy,
            f"zz-test-{page}-open",
            "zz-test-release-1990-01",
            "civcas_reports_open",
            value,
            carried_by=page,
            series="",
            qualifier="exact",
        )
    pkg = _carry_over_printed_two_ways_after(data_copy)
    results = checks.rule_results(pkg, "carried_matches_previous")
    mine = results[results["subject"].str.startswith("zz-test-release-1990-02")]
    assert set(mine["status"]) == {"unchecked"}, mine[["observed", "status", "expected"]]
    assert all("more than one way" in e for e in mine["expected"])
    statuses = headlines.report_statuses(pkg).set_index("report_id")["status"]
    assert not any("bears out" in statuses[page] for page in statuses.index if "zz" in page)


def _carry_over_printed_two_ways(data_copy, forty_by: str):
    """January leaves 40 open; February's carried-over count is printed as 40 (by forty_by: the
    release's own page or a news page) and as 45 by ZZ Test Daily's page B. Returns the package."""
    add_releases(data_copy, BASE)
    _books(data_copy, "1990-01", None, None, None, 40)
    if forty_by == "zz-test-release-1990-02":
        _books(data_copy, "1990-02", 40, None, None, None)
    else:
        add_report(
            data_copy,
            forty_by,
            "1990-03-29",
            issuer="ZZ Test Wire",
            issuer_as_written="ZZ Test Wire",
            kind="news_article",
        )
        add_figure(
            data_copy,
            "zz-test-1990-02-carried",
            "zz-test-release-1990-02",
            "civcas_reports_carried_over",
            40,
            carried_by=forty_by,
            series="",
            qualifier="exact",
        )
    return _page_b_prints_45(data_copy)


def _carry_over_printed_two_ways_after(data_copy):
    """February's carried-over count printed as 40 on its own page and as 45 by page B (the
    releases and January's counts already added). Returns the package."""
    _books(data_copy, "1990-02", 40, None, None, None)
    return _page_b_prints_45(data_copy)


def _page_b_prints_45(data_copy):
    """ZZ Test Daily's page B prints February's carried-over count as 45. Returns the package."""
    add_article(data_copy, "zz-test-page-b", "1990-03-29")
    add_figure(
        data_copy,
        "zz-test-1990-02-carried-b",
        "zz-test-release-1990-02",
        "civcas_reports_carried_over",
        45,
        carried_by="zz-test-page-b",
        series="",
        qualifier="exact",
    )
    return data_copy.load()


@pytest.mark.parametrize("forty_by", ["zz-test-release-1990-02", "zz-test-page-a"])
def test_each_printing_of_a_carried_over_count_is_set_against_what_was_left_open(
    data_copy, forty_by
):
    """February's carried-over count printed as 40 on one page and 45 on another (which is right
    was "not known"): January left 40 open, so the 45 is the one its books do not bear out, and
    it alone is blamed: neither the 40 that agrees nor January's count that bears it out."""
    pkg = _carry_over_printed_two_ways(data_copy, forty_by)
    results = checks.rule_results(pkg, "carried_matches_previous")
    mine = results[
        results["subject"] == "zz-test-release-1990-02: reports open at the start of the month"
    ]
    assert mine[["observed", "status"]].values.tolist() == [["40", "pass"], ["45", "warning"]]
    assert mine["blamed_ids"].tolist() == ["", "zz-test-1990-02-carried-b"]
    found = headlines.collection_findings(pkg)
    about = found[
        [
            any("B-CARRIED" in r for r in ids) and "zz-test-release-1990-02" in reports
            for ids, reports in zip(found["result_ids"], found["reports"], strict=True)
        ]
    ]
    # the page that prints the 45 is the one whose own printing the finding is about; the
    # release's page and the page printing 40 list it, if at all, as what others print
    assert about["printed_by"].tolist() == [("zz-test-page-b",)]
    if forty_by == "zz-test-release-1990-02":
        # the release's own text gives 40: the restatement already blames the 45, and the books
        # finding is folded into it, its result one click away
        assert any("R-RESTATED" in r for r in about["result_ids"].item())
        return
    assert about["sentence"].item() == (
        "The ZZTC release of 28 March 1990, as ZZ Test Daily prints it, carries over 45 reports "
        "open at the start of the month, but the ZZTC release of 27 February 1990 left 40 "
        "reports still open (as ZZTC prints it)."
    )
    heading = str(getattr(views.report_heading(pkg, "zz-test-release-1990-02"), "html", ""))
    assert "Caveats where others cite it" in heading
    # on the page that printed the 45 it is its own caveat, not one "where others cite it"
    page_b = str(getattr(views.report_heading(pkg, "zz-test-page-b"), "html", ""))
    assert "<strong>Caveats</strong>" in page_b and "where others cite it" not in page_b
    # what its checks are, where none passes: caveats, never read as failures
    said = page_b.partition("What checks out:</strong>")[2].partition(";")[0]
    assert "caveat" in said and "check out" not in said, said
    page_a = str(getattr(views.report_heading(pkg, forty_by), "html", ""))
    assert "Caveats" not in page_a
    # the two printings' dispute says which the release before bears out, on every page and in
    # the finding, never "which is right is not known"; the release itself is not caveated for
    # the page that prints its count otherwise
    statuses = headlines.report_statuses(pkg).set_index("report_id")["status"]
    for page in ("zz-test-page-b", forty_by, "zz-test-release-1990-02"):
        assert "(the release before bears out 40)" in statuses[page], statuses[page]
    carried_short = headlines.RULE_SHORT.get("carried_matches_previous", "")
    assert carried_short and carried_short not in statuses["zz-test-release-1990-02"]
    (dispute,) = [s for s in found["sentence"] if "is printed as 40" in s or "as 45" in s]
    assert dispute.endswith("but what the release before left open bears out 40."), dispute
