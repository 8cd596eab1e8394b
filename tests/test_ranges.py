"""A figure given as a range ('between': a low and a high, no value) is shown as a range wherever a
count is shown, and never crashes a rule, a table or a chart. A copy of the data gets ranges (ids
zz-test-range-*, never real) in a release of the coalition's running series, a news article's claim
about it, the terms of comparisons, and a monitor's parts, subset and restated total."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from conftest import DataCopy
from matplotlib.container import ErrorbarContainer
from matplotlib.dates import date2num
from test_csv_formula_safe import build_pages

from helpers.checks import crosscheck as checks
from helpers.checks import effective
from helpers.present import charts, views

SERIES = "cjtf-oir-cumulative"
COALITION = (
    "Combined Joint Task Force – Operation Inherent Resolve (CJTF-OIR), the US-led coalition"
)
CONFIRMED = "2026-11-25"

# the test series: three monthly releases, the last given as a range, and a news article's range
# claim that holds the release current at its date
OWN = "zz-test-range-cumulative"
OWN_ISSUER = "ZZ Test Range Coalition (ZZTRC)"
OWN_RANGE = "zz-test-range-own-range"
OWN_LOW, OWN_HIGH = 150, 170
# (data-through day, published, deaths as (low, high), figure id)
OWN_RELEASES = (
    ("1990-01-31", "1990-02-27", (100, None), "zz-test-range-own-1990-01"),
    ("1990-02-28", "1990-03-28", (130, None), "zz-test-range-own-1990-02"),
    ("1990-03-31", "1990-04-25", (OWN_LOW, OWN_HIGH), OWN_RANGE),
)
OWN_CLAIM = "zz-test-range-own-claim"


def _report(copy: DataCopy, report_id: str, **row) -> None:
    copy.append(
        "reports",
        report_id=report_id,
        title=f"[Test report {report_id}, not a real source]",
        issuer_as_written="test",
        published_note="Test data.",
        url=f"https://example.org/{report_id}",
        coverage_note="Test data.",
        confirmed_on=CONFIRMED,
        **row,
    )


def _figure(
    copy: DataCopy,
    figure_id: str,
    report_id: str,
    metric: str,
    low: int,
    high: int | None = None,
    **row,
) -> None:
    """A figure of report_id read directly from it: a range from low to high, or the single number
    low."""
    given = (
        dict(value=str(low), qualifier="exact")
        if high is None
        else dict(qualifier="between", low=str(low), high=str(high))
    )
    copy.append(
        "figures",
        figure_id=figure_id,
        report_id=report_id,
        carried_by=row.pop("carried_by", report_id),
        locator="paragraph 1",
        confirmed_on=CONFIRMED,
        metric=metric,
        **given,
        **row,
    )


def _own_release(copy: DataCopy, end: str, published: str, low: int, high, figure_id: str):
    """A release of the test series (its report is named after the figure), data to end."""
    report_id = f"{figure_id}-report"
    _report(
        copy,
        report_id,
        issuer=OWN_ISSUER,
        kind="official_release",
        published=published,
        geography="IRQ+SYR",
        period_start="1989-08",
        period_end=end,
    )
    _figure(copy, figure_id, report_id, "civilians_killed", low, high, series=OWN)


def _own_claim(
    copy: DataCopy, figure_id: str, published: str, end: str, low: int, high=None
) -> None:
    """A news article of the given day claiming low (or low to high) for the test series, data to
    end."""
    report_id = f"{figure_id}-article"
    _report(
        copy,
        report_id,
        issuer="Test News",
        kind="news_article",
        published=published,
        geography="IRQ+SYR",
    )
    _figure(
        copy,
        figure_id,
        report_id,
        "civilians_killed",
        low,
        high,
        series=OWN,
        period_start="1989-08",
        period_end=end,
        geography="IRQ+SYR",
    )


def add_own_series(copy: DataCopy) -> None:
    copy.append(
        "series",
        series=OWN,
        issuer=OWN_ISSUER,
        primary_metric="civilians_killed",
        cadence="monthly",
        count_word="admitted",
        geography="IRQ+SYR",
        description="test fixture",
    )
    for end, published, (low, high), figure_id in OWN_RELEASES:
        _own_release(copy, end, published, low, high, figure_id)
    # published the day after the 130 of February: a range that holds it
    _own_claim(copy, OWN_CLAIM, "1990-03-30", "1990-02-28", 125, 135)


def add_ranges(copy: DataCopy) -> None:
    add_own_series(copy)
    _report(
        copy,
        "zz-test-range-release",
        issuer=COALITION,
        kind="official_release",
        published="2019-01-31",
        geography="IRQ+SYR",
        period_start="2014-08",
        period_end="2019-01-26",
    )
    _report(
        copy,
        "zz-test-range-article",
        issuer="Test News",
        kind="news_article",
        published="2018-09-29",
        geography="IRQ+SYR",
    )
    _report(
        copy,
        "zz-test-range-monitor",
        issuer="Test Monitor (TM)",
        kind="monitor_report",
        published="2018-09",
        geography="SYR",
        period_start="2014-09-23",
        period_end="2018-09-23",
    )
    # the series: a release given as a range, and a news article's range for the release of
    # 2018-09-27 (1,114)
    _figure(
        copy,
        "zz-test-range-1",
        "zz-test-range-release",
        "civilians_killed",
        1150,
        1200,
        series=SERIES,
    )
    _figure(
        copy,
        "zz-test-range-strikes",
        "zz-test-range-release",
        "airstrikes",
        31500,
        32000,
        series=SERIES,
        # strikes counted to another date than the deaths: side by side, the two are compared
        period_start="2014-08",
        period_end="2018-12-31",
    )
    _figure(
        copy,
        "zz-test-range-2",
        "zz-test-range-article",
        "civilians_killed",
        1100,
        1120,
        series=SERIES,
        period_start="2014-08",
        period_end="2018-08-31",
        geography="IRQ+SYR",
    )
    # a monitor's parts (one a range), its total stated again as a range by the article, and a
    # subset whose range starts at 0
    for fid, pcode, place, low, high in (
        ("gov-1", "SY01", "Damascus", 100, None),
        ("gov-2", "SY02", "Aleppo", 50, 80),
        ("gov-3", "SY04", "Homs", 30, None),
    ):
        _figure(
            copy,
            f"zz-test-range-{fid}",
            "zz-test-range-monitor",
            "civilians_killed",
            low,
            high,
            governorate_pcode=pcode,
            geography_as_written=place,
        )
    _figure(
        copy,
        "zz-test-range-obama",
        "zz-test-range-monitor",
        "civilians_killed",
        90,
        breakdown="us_administration:obama",
    )
    _figure(
        copy,
        "zz-test-range-trump",
        "zz-test-range-monitor",
        "civilians_killed",
        100,
        120,
        breakdown="us_administration:trump",
    )
    # children by administration, both single numbers: the chart by administration compares
    # them, though Trump's civilians are a range it leaves out
    for group, count in (("obama", 10), ("trump", 15)):
        _figure(
            copy,
            f"zz-test-range-children-{group}",
            "zz-test-range-monitor",
            "children_killed",
            count,
            breakdown=f"us_administration:{group}",
        )
    _figure(copy, "zz-test-range-total", "zz-test-range-monitor", "civilians_killed", 200)
    _figure(
        copy,
        "zz-test-range-total-2",
        "zz-test-range-monitor",
        "civilians_killed",
        190,
        210,
        carried_by="zz-test-range-article",
    )
    _figure(copy, "zz-test-range-children", "zz-test-range-monitor", "children_killed", 0, 300)
    for cid, numerator, denominator in (
        ("1", "zz-test-range-1", "dj533165-civ"),
        ("2", "dj533165-airwars", "zz-test-range-1"),
        ("3", "zz-test-range-1", "zz-test-range-children"),
    ):
        copy.append(
            "comparisons",
            comparison_id=f"zz-test-range-cmp-{cid}",
            numerator=numerator,
            denominator=denominator,
            label=f"Test ratio {cid}",
        )


@pytest.fixture(scope="module")
def ranged_copy(tmp_path_factory) -> DataCopy:
    copy = DataCopy(tmp_path_factory.mktemp("ranges"))
    add_ranges(copy)
    return copy


@pytest.fixture(scope="module")
def ranged(ranged_copy):
    return ranged_copy.load()


@pytest.fixture(scope="module")
def findings(ranged):
    return checks.run_checks(ranged).set_index("subject", drop=False)


def names(pkg, column: str = "report_name", key: str = "report_id") -> dict[str, str]:
    """report id -> how the findings name it (report_name), or carrier id -> carrier_name."""
    frame = effective.frame(pkg)
    return dict(zip(frame[key].to_list(), frame[column].to_list(), strict=True))


def finding(findings, rule, subject):
    hit = findings[(findings["rule"] == rule) & (findings["subject"] == subject)]
    assert len(hit) == 1, findings.loc[findings["rule"] == rule, ["subject", "status", "observed"]]
    return hit.iloc[0]


# -- comparisons ---------------------------------------------------------------------------------


def test_a_ratio_with_a_range_term_is_a_range(findings):
    assert finding(findings, "comparable_coverage", "zz-test-range-cmp-1")["observed"].startswith(
        "1,150–1,200 / 1,114 = 1.03–1.08; "
    )
    assert finding(findings, "comparable_coverage", "zz-test-range-cmp-2")["observed"].startswith(
        "6,575 / 1,150–1,200 = 5.48–5.72; "
    )
    zero = finding(findings, "comparable_coverage", "zz-test-range-cmp-3")["observed"]
    assert zero.startswith("1,150–1,200 / 0–300 = 3.83 or more (the denominator may be 0); "), zero
    assert finding(findings, "comparable_coverage", "snhr-vs-coalition")["observed"].startswith(
        "2,832 / 1,114 = 2.54; "
    )


def test_ratio_bounds_are_the_least_and_the_most_a_ratio_can_be():
    assert effective.ratio_bounds((1150, 1200), (1114, 1114)) == (1150 / 1114, 1200 / 1114)
    assert effective.ratio_bounds((6575, 6575), (1150, 1200)) == (6575 / 1200, 6575 / 1150)
    assert effective.ratio_bounds((10, 20), (2, 5)) == (2.0, 10.0)
    assert effective.ratio_bounds((5, 5), (0, 10)) == (
        0.5,
        None,
    )  # the denominator may be 0: no upper bound
    assert effective.ratio_bounds((0, 0), (0, 10)) == (0.0, 0.0)
    assert effective.ratio_bounds((5, 5), (0, 0)) is None  # it can only be 0: no ratio
    assert effective.ratio_bounds((0, 0), (0, 0)) is None


# -- running series ------------------------------------------------------------------------------


def _own_step(end: str, low: int, high=None) -> str:
    """A release as the series rules write it: "130 (data to 28 February 1990)"."""
    count = f"{low:,}" if high is None else f"{low:,}–{high:,}"
    return f"{count} (data to {pd.Timestamp(end).day} {pd.Timestamp(end):%B %Y})"


def test_a_range_release_is_a_step_of_the_series_that_does_not_fall(findings):
    r = finding(findings, "cumulative_never_falls", f"{OWN}: civilians killed")
    assert r["status"] == "pass", r["observed"]
    assert r["observed"] == " → ".join(
        _own_step(end, low, high) for end, _, (low, high), _ in OWN_RELEASES
    ), r["observed"]
    assert r["observed"].endswith(
        "130 (data to 28 February 1990) → 150–170 (data to 31 March 1990)"
    )
    assert OWN_RANGE in r["figure_ids"].split("; ")


def test_a_range_release_falls_only_when_even_its_high_is_below(tmp_path):
    copy = DataCopy(tmp_path)
    add_ranges(copy)
    before = OWN_RELEASES[-2][2][0]  # the release before the range: 130

    def falls():
        return finding(
            checks.run_checks(copy.load()), "cumulative_never_falls", f"{OWN}: civilians killed"
        )

    copy.edit("figures", "figure_id", OWN_RANGE, low="110", high=str(before - 5))
    r = falls()
    assert r["status"] == "fail" and r["difference"] == (before - 5) - before
    copy.edit("figures", "figure_id", OWN_RANGE, high=str(before))
    assert falls()["status"] == "pass"  # the release before might equal its high
    # a later release below the range's high but not its low is no fall either
    copy.edit("figures", "figure_id", OWN_RANGE, low=str(OWN_LOW), high=str(OWN_HIGH))
    later = "zz-test-range-own-1990-04"
    _own_release(copy, "1990-04-30", "1990-05-28", OWN_LOW + 10, None, later)
    assert falls()["status"] == "pass"
    # below even the range's low, it falls, by as much as it is below that low
    copy.edit("figures", "figure_id", later, value=str(OWN_LOW - 1))
    r = falls()
    assert r["status"] == "fail" and r["difference"] == -1


def test_a_claimed_range_matches_the_release_it_holds(findings, ranged):
    r = finding(findings, "series_claim_matches_release", "zz-test-range-2")
    assert r["status"] == "pass" and r["difference"] == 0
    assert r["observed"] == f"1,100–1,120 = {names(ranged)['cjtf-oir-2018-09-27']}"
    assert r["statement"].startswith("The 1,100–1,120 that ")


def test_a_claim_does_not_match_a_range_release_it_only_overlaps(tmp_path):
    """A claimed 155 lies within the release's 150–170, but the release printed no such number."""
    copy = DataCopy(tmp_path)
    add_ranges(copy)
    claim = "zz-test-range-own-claim-2"
    # a page of 30 April 1990: the range release (published 25 April) is the current one
    _own_claim(copy, claim, "1990-04-30", "1990-03-31", 155)
    r = finding(checks.run_checks(copy.load()), "series_claim_matches_release", claim)
    named = names(copy.load())
    # how far the current release reaches outside the claim: 170 is 15 above it
    assert r["status"] == "fail" and r["observed"] == "155 (no release)", r["observed"]
    assert r["difference"] == max(155 - OWN_LOW, OWN_HIGH - 155)
    assert (
        "Overlapping it but not within it: "
        f"150–170 ({named[f'{OWN_RANGE}-report']}, data to 31 March 1990)." in r["evidence"]
    ), r["evidence"]
    # a claimed range that the release current at its page's date (130) sticks out of by 2
    copy.edit("reports", "report_id", f"{claim}-article", published="1990-04-01")
    copy.edit(
        "figures",
        "figure_id",
        claim,
        qualifier="between",
        value="",
        low="132",
        high="140",
        period_end="1990-02-28",
    )
    r = finding(checks.run_checks(copy.load()), "series_claim_matches_release", claim)
    assert r["status"] == "fail" and r["difference"] == 2
    # the nearest values it could have quoted: the range release came out after the page
    assert (
        f"Nearest values released by 1 April 1990: 130 "
        f"({named['zz-test-range-own-1990-02-report']}, data to 28 February 1990) below, none "
        "above." in r["evidence"]
    ), r["evidence"]


def test_a_stated_rise_is_checked_against_a_range_of_changes(tmp_path):
    copy = DataCopy(tmp_path)
    add_ranges(copy)
    copy.edit(
        "figures",
        "figure_id",
        "sputnik-20180830-civ",
        qualifier="between",
        value="",
        low="1050",
        high="1070",
    )
    res = checks.run_checks(copy.load())
    r = finding(
        res.set_index("subject", drop=False), "increment_matches_difference", "dj533165-increment"
    )
    assert (
        r["status"] == "pass"
        and r["expected"] == "1,114 − 1,050–1,070 = 44–64"
        and r["difference"] == 0
    )
    claim = finding(res, "series_claim_matches_release", "vop-p4-1069")
    assert "says 53 more than before: 1,114 − 53 = 1,061." in claim["evidence"]


# -- parts, subsets and restatements ---------------------------------------------------------------


def test_parts_with_a_range_add_up_to_a_range(findings):
    gov = finding(
        findings, "parts_sum_to_total", "zz-test-range-monitor: civilians killed by governorate"
    )
    assert gov["status"] == "pass" and gov["observed"] == "180–210" and gov["expected"] == "200"
    assert gov["evidence"].startswith("Damascus 100 + Aleppo 50–80 + Homs 30 = 180–210; total 200.")
    adm = finding(
        findings,
        "parts_sum_to_total",
        "zz-test-range-monitor: civilians killed by US administration",
    )
    assert adm["status"] == "pass" and adm["observed"] == "190–210"


def test_a_subset_range_exceeds_its_whole_only_when_its_low_does(findings):
    r = finding(
        findings,
        "subset_within_total",
        "zz-test-range-monitor: children killed within civilians killed",
    )
    assert r["status"] == "pass" and r["observed"] == "0–300" and r["expected"] == "at most 200"


def test_a_range_restating_a_number_disagrees_with_it(findings, ranged):
    carriers = names(ranged, "carrier_name", "carried_by")
    monitor, article = carriers["zz-test-range-monitor"], carriers["zz-test-range-article"]
    r = finding(findings, "restated_values_agree", "zz-test-range-monitor: civilians killed")
    assert (
        r["status"] == "fail"
        and r["difference"] == 10
        and r["expected"] == f"200 (as {monitor} gives it)"
    )
    assert (
        f"190–210 ({article}, paragraph 1)" in r["observed"]
        and r["blamed_ids"] == "zz-test-range-total-2"
    )


def test_no_finding_holds_a_missing_number_where_a_range_was_given(findings):
    ours = findings[findings["figure_ids"].str.contains("zz-test-range")]
    assert len(ours) >= 10
    for col in ("expected", "observed", "evidence"):
        assert not ours[col].str.contains("n/a|nan|<NA>", regex=True).any(), ours.loc[
            ours[col].str.contains("n/a|nan|<NA>"), col
        ]


# -- charts and tables ---------------------------------------------------------------------------


def _bars(ax) -> list[tuple]:
    """(x, low, high) of each vertical range bar drawn on an axes."""
    out = []
    for c in ax.containers:
        if isinstance(c, ErrorbarContainer):
            for seg in c.lines[2][0].get_segments():
                (x0, y0), (x1, y1) = seg
                out.append((x0, y0, y1))
    return out


def test_the_timeline_draws_a_range_as_a_bar_labelled_with_it(ranged):
    chart = views.timeline(ranged, OWN)
    data = chart.data.set_index("figure_id")
    # every range with a date in the chart's data (the test series' and any monitor's estimate
    # drawn beside it) is a bar at its date, and nothing else is
    ranges = data[data["value"].isna() & data["as_of"].notna()]
    expected = {
        (date2num(pd.Timestamp(row["as_of"])), float(row["low"]), float(row["high"]))
        for _, row in ranges.iterrows()
    }
    bars = {bar for ax in chart.figure.axes for bar in _bars(ax)}
    assert bars == expected
    assert {
        (date2num(pd.Timestamp("1990-03-31")), OWN_LOW, OWN_HIGH),
        (date2num(pd.Timestamp("1990-02-28")), 125, 135),
    } <= bars
    texts = [t.get_text() for a in chart.figure.axes for t in a.texts]
    # a claim's label names who carried it (the test article's issuer), not its id
    assert "150–170" in texts and any(t.startswith("125–135 (Test News;") for t in texts), texts
    assert not any("zz-test" in t for t in texts), texts
    legend = [t.get_text() for t in chart.figure.axes[-1].get_legend().get_texts()]
    assert charts.RANGE_LABEL in legend
    assert "A vertical bar is a count given as a range" in chart.description
    # the last release is the range: the headline ends with it
    assert chart.title.endswith("to 150–170 (data to 31 March 1990)"), chart.title
    assert {"low", "high"} <= set(data.columns)
    row = data.loc[OWN_RANGE]
    assert (row["low"], row["high"]) == (OWN_LOW, OWN_HIGH) and pd.isna(row["value"])
    # the data published beside the chart writes each count as printed: whole numbers
    parsed = {r["figure_id"]: r for r in csv.DictReader(io.StringIO(chart.csv()))}
    single = parsed["zz-test-range-own-1990-02"]
    assert single["value"] == "130" and single["low"] == ""
    assert (
        parsed[OWN_RANGE]["value"],
        parsed[OWN_RANGE]["low"],
        parsed[OWN_RANGE]["high"],
    ) == ("", "150", "170"), "a range's ends are written as decimals in the chart's CSV"


def test_charts_with_ranges_are_byte_identical_from_run_to_run(ranged, ranged_site):
    """Drawn here, each chart is the same bytes as the build's kernel published (ranged_site)."""
    drawn = [
        views.timeline(ranged, SERIES),
        views.latest_tolls(ranged),
        *views.report_charts(ranged, "zz-test-range-monitor"),
        *views.report_charts(ranged, "zz-test-range-release"),
    ]
    # the timeline, the latest tolls, the monitor's statements, governorates and administrations,
    # and the release's metrics of two dates
    assert len(drawn) == 6
    for chart in drawn:
        published = ranged_site / "figures" / chart.name
        assert (
            chart.svg().encode("utf-8"),
            chart.png(),
            chart.csv().encode("utf-8"),
        ) == tuple(
            published.with_suffix(f".{ext}").read_bytes() for ext in ("svg", "png", "csv")
        ), chart.name


def test_charts_that_add_counts_leave_a_range_out_and_say_so(ranged):
    made = {c.name.split("__")[1]: c for c in views.report_charts(ranged, "zz-test-range-monitor")}
    gov, adm = made["by-governorate"], made["by-us-administration"]
    assert "Not drawn nor counted, given as a range: Aleppo (50–80)." in gov.description
    assert list(gov.data["governorate"]) == ["Damascus", "Homs"] and "low" not in gov.data
    trump, obama = (f"us_administration:{g}" for g in ("trump", "obama"))
    assert (
        "Not drawn nor counted, given as a range: "
        f"{effective.group_words(ranged, trump)}, civilians killed (100–120)." in adm.description
    )
    # the range left out is no bar at all, not a bar of 0: Obama's civilians, both children
    assert effective.group_words(ranged, trump) not in set(
        adm.data.loc[adm.data["metric"] == "civilians_killed", "us_administration"]
    )
    labels = [t.get_text() for t in adm.figure.axes[0].texts]
    assert sorted(labels) == ["10", "15", "90"], labels
    # and the title compares the groups where both give a number
    assert adm.title == (
        f"More children killed {effective.group_words(ranged, trump, phrase=True)} (15) than "
        f"{effective.group_words(ranged, obama, phrase=True)} (10)"
    )


def test_statements_that_differ_by_a_range_are_drawn_with_it(ranged):
    dots = next(
        c for c in views.report_charts(ranged, "zz-test-range-monitor") if "__statements-" in c.name
    )
    assert dots.title == "The same figure is printed as 200 and as 190–210"
    assert "A line between two marks is a range" in dots.description
    assert [None if pd.isna(v) else v for v in dots.data["low"]] == [None, 190]
    # and the data published beside the chart writes the count as printed, a whole number
    parsed = list(csv.DictReader(io.StringIO(dots.csv())))
    assert [(r["value"], r["low"], r["high"]) for r in parsed] == [
        ("200", "", ""),
        ("", "190", "210"),
    ], "counts are written as decimals in the chart's CSV:\n" + dots.csv()


def test_the_latest_toll_may_be_a_range_and_is_drawn_as_one(ranged):
    chart = views.latest_tolls(ranged)
    # the test issuer's latest toll is its range, not an older single number in its place
    assert OWN_RANGE in set(chart.data["figure_id"])
    assert not {f for *_, f in OWN_RELEASES[:-1]} & set(chart.data["figure_id"])
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert "150–170" in texts
    assert charts.RANGE_BARS.strip() in chart.description
    # the title's ratio is the largest it can be: the test monitor's 200 over the range's low
    fx = effective.effective_figures(ranged)
    two = charts.totals_by_report(
        fx[fx["figure_id"].isin(["zz-test-range-total", OWN_RANGE])], "test"
    )
    assert two.title.startswith(f"Monitors count up to {200 / OWN_LOW:.1f} times"), two.title
    assert "150–170" in [t.get_text() for t in two.figure.axes[0].texts]


def test_a_release_s_metrics_side_by_side_draw_its_ranges(ranged):
    panels = next(
        c
        for c in views.report_charts(ranged, "zz-test-range-release")
        if c.name.endswith(f"{SERIES}-metrics")
    )
    texts = [t.get_text() for ax in panels.figure.axes for t in ax.texts]
    assert {"1,150–1,200", "31,500–32,000"} <= set(texts)
    assert charts.RANGE_BARS.strip() in panels.description
    assert list(panels.data["low"]) == [1150, 31500]


@pytest.fixture(scope="module")
def ranged_report_charts(ranged) -> list:
    """Every report's charts, made from the copy once: making them is itself a test (no chart
    stumbles on a range)."""
    return [c for rid in ranged.reports["report_id"] for c in views.report_charts(ranged, rid)]


def _touched(chart) -> bool:
    """Whether the copy's additions reach this chart: its data holds a range or a test row. The
    other charts are the real data's, held to the same rule by test_charts."""
    data = chart.data
    if any(column in data and data[column].notna().any() for column in ("low", "high")):
        return True
    return bool(data.astype(str).apply(lambda column: column.str.contains("zz-test")).any().any())


def test_no_label_is_drawn_over_another_in_a_chart_with_ranges(ranged, ranged_report_charts):
    from test_charts import _overlapping_labels

    drawn = [c for c in ranged_report_charts if _touched(c)]
    drawn += [views.latest_tolls(ranged), views.timeline(ranged, SERIES)]
    # the monitor's, the release's and the article's charts at least
    assert len(drawn) >= 6 and all(_touched(c) for c in drawn)
    for chart in drawn:
        assert _overlapping_labels(chart) == [], chart.name


def test_tables_show_a_range_as_a_range(ranged, ranged_report_charts):
    shown = views.figures_table(ranged, "zz-test-range-release").to_string()
    assert "1,150–1,200 (a range)" in shown and "31,500–32,000 (a range)" in shown
    views.overview_table(ranged)  # and nothing else stumbles on it (nor the report charts)
    assert ranged_report_charts


@pytest.fixture(scope="module")
def ranged_site(ranged_copy, tmp_path_factory):
    """The notebooks themselves, run on the copy into a temporary folder: cross-check, overview,
    timeline and the new reports' pages."""
    wanted = {
        "crosscheck",
        "overview",
        f"timeline-{SERIES}",
        "report-zz-test-range-release",
        "report-zz-test-range-monitor",
        "report-zz-test-range-article",
    }
    out = tmp_path_factory.mktemp("ranged-site")
    build_pages(ranged_copy, wanted, out)
    return out


def test_every_page_builds_with_ranges(ranged_site):
    assert "1,150–1,200 / 1,114 = 1.03–1.08" in (ranged_site / "crosscheck.html").read_text(
        encoding="utf-8"
    )


def test_a_chart_that_adds_counts_refuses_only_ranges_in_words(ranged):
    fx = effective.effective_figures(ranged)
    only = fx[fx["figure_id"] == "zz-test-range-gov-2"]
    with pytest.raises(ValueError, match=r"every count is a range \(Aleppo \(50–80\)\)"):
        charts.governorate_bars(only, ranged, "test")
