"""Adding a report is a data change: a new release in a copy of the data extends the timeline, the
checks and the runner's plan without touching code."""

from __future__ import annotations

import json

import pandas as pd
import polars as pl
import pytest
from records import COUNTRY, add_country, add_series

from helpers import formatting
from helpers.build import runner
from helpers.checks import crosscheck as checks
from helpers.checks import effective, sources
from helpers.checks.figureset import FigureSet
from helpers.checks.series import releases_of
from helpers.data import load, periods, schema
from helpers.errors import DataError
from helpers.present import chartsets, exports, maps, views

NEW_RELEASE = "zz-test-release"  # an id no real release can have


def _latest(pkg, series: str = "cjtf-oir-cumulative"):
    """The series' releases of civilians killed in date order (first, last), from today's data."""
    points = effective.as_pandas(releases_of(effective.frame(pkg)))
    points = points[(points["series"] == series) & (points["metric"] == "civilians_killed")]
    return points.sort_values(["as_of", "row"])


def _add_release(data_copy, rise: int, stated_rise: int):
    """A release for the month after the latest one held, its toll `rise` above the latest's, with
    a stated rise of `stated_rise`; returns the package and the latest release before it."""
    latest = _latest(data_copy.load()).iloc[-1]
    data_through = latest["as_of"] + pd.offsets.MonthEnd(1)
    published = data_through + pd.Timedelta(days=27)
    assert published <= pd.Timestamp.today(), "the data runs to last month: no month left to add"
    value = int(effective.bounds(latest.to_frame().T)[1].item()) + rise
    data_copy.append(
        "reports",
        report_id=NEW_RELEASE,
        title="[test fixture release]",
        issuer=latest["issuer"],
        issuer_as_written="the coalition",
        kind="official_release",
        published=published.strftime("%Y-%m-%d"),
        published_note="test fixture",
        url="unknown",
        geography="IRQ+SYR",
        period_start="2014-08",
        period_end=data_through.strftime("%Y-%m-%d"),
        coverage_note="test fixture",
        confirmed_on="2026-11-25",
    )
    for figure_id, metric, number, qualifier in (
        ("zz-test-civ", "civilians_killed", value, "at_least"),
        ("zz-test-inc", "civilians_killed_increment", stated_rise, "exact"),
    ):
        data_copy.append(
            "figures",
            figure_id=figure_id,
            report_id=NEW_RELEASE,
            carried_by=NEW_RELEASE,
            locator="paragraph 1",
            confirmed_on="2026-11-25",
            metric=metric,
            value=str(number),
            qualifier=qualifier,
            series="cjtf-oir-cumulative",
        )
    return data_copy.load(), latest, value, data_through


def test_a_new_release_extends_timeline_checks_and_plan(data_copy):
    pkg, latest, value, data_through = _add_release(data_copy, 11, 11)
    chart = views.timeline(pkg, "cjtf-oir-cumulative")
    point = chart.data[chart.data["figure_id"] == "zz-test-civ"]
    assert len(point) == 1 and point["value"].item() == value
    assert point["as_of"].item() == data_through.strftime("%Y-%m-%d")
    # the title states the rise with the dates its two ends run to, first release computed
    first = _latest(pkg).iloc[0]
    # each count with its own qualifier's words: the new release says "at least"
    assert chart.title.endswith(
        f"to at least {formatting.num(value)} (data to {periods.label(data_through.date())})"
    ), chart.title
    words = formatting.QUALIFIER_WORDS.get(first["qualifier"], "")
    assert f"from {words}{effective.amount_of(first.to_frame().T).item()} (" in chart.title, (
        chart.title
    )
    res = checks.run_checks(pkg)
    series = res[
        (res["rule"] == "cumulative_never_falls")
        & (res["subject"] == "cjtf-oir-cumulative: civilians killed")
    ].iloc[0]
    assert series["status"] == "pass" and series["observed"].endswith(
        f"{formatting.num(value)} (data to {periods.label(data_through.date())})"
    )
    inc = res[(res["rule"] == "increment_matches_difference") & (res["subject"] == "zz-test-inc")]
    before = formatting.num(value - 11)
    assert inc["status"].tolist() == ["pass"]
    assert inc["expected"].item() == f"{formatting.num(value)} − {before} = 11"
    assert f"report-{NEW_RELEASE}" in {j.stem for j in runner.plan(pkg)}


def test_a_new_release_that_falls_is_caught(data_copy):
    pkg, latest, value, _ = _add_release(data_copy, -19, 0)
    res = checks.run_checks(pkg)
    series = res[
        (res["rule"] == "cumulative_never_falls")
        & (res["subject"] == "cjtf-oir-cumulative: civilians killed")
    ].iloc[0]
    assert series["status"] == "fail" and series["difference"] <= -19
    inc = res[(res["rule"] == "increment_matches_difference") & (res["subject"] == "zz-test-inc")]
    assert inc["status"].tolist() == ["fail"]


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


NEW_COUNTRY = COUNTRY


def _report_on_a_new_country(data_copy, with_country: bool = True):
    """A monitor's report on a country the collection has never covered, with one figure; the
    country's row in countries.csv unless with_country is False."""
    if with_country:
        add_country(data_copy)
    data_copy.append(
        "reports",
        report_id="zz-test-new-country",
        title="[test fixture report]",
        issuer="ZZ Test Monitor (ZZTM)",
        issuer_as_written="ZZ Test Monitor",
        kind="monitor_report",
        published="1990-06-30",
        published_note="test fixture",
        url="unknown",
        geography=NEW_COUNTRY["iso3"],
        period_start="1990-01",
        period_end="1990-05-31",
        coverage_note="test fixture",
        confirmed_on="2026-11-25",
    )
    _new_country_figure(data_copy, "zz-test-new-country-civ", 17, qualifier="at_least")


def _new_country_figure(data_copy, figure_id: str, value: int, **extra) -> None:
    """A figure of civilians killed in the report on the new country (extra: other columns)."""
    data_copy.append(
        "figures",
        **{
            "figure_id": figure_id,
            "report_id": "zz-test-new-country",
            "carried_by": "zz-test-new-country",
            "locator": "paragraph 1",
            "confirmed_on": "2026-11-25",
            "metric": "civilians_killed",
            "value": str(value),
            "qualifier": "exact",
            **extra,
        },
    )


def test_a_report_on_a_new_country_is_a_row_of_countries_and_readers_see_its_name(data_copy):
    _report_on_a_new_country(data_copy)
    pkg = data_copy.load()
    name, code = NEW_COUNTRY["name_en"], NEW_COUNTRY["iso3"]
    figure = effective.frame(pkg).filter(pl.col("figure_id") == "zz-test-new-country-civ")
    assert figure["eff_place"].to_list() == [name]
    heading = str(getattr(views.report_heading(pkg, "zz-test-new-country"), "html", ""))
    covers = views.provenance(pkg, "zz-test-new-country").to_string()
    listed = views.overview_table(pkg)
    listed = listed[listed["report id"] == "zz-test-new-country"]
    exported = exports.figure_rows(pkg).filter(pl.col("figure_id") == "zz-test-new-country-civ")
    for shown in (heading, covers, listed["covers"].item(), exported["country_name"].item()):
        assert name in shown and code not in shown.replace(f"{code}-", ""), shown
    assert name in json.loads(exports.data_package(pkg, []))["keywords"]
    assert "report-zz-test-new-country" in {j.stem for j in runner.plan(pkg)}


def test_a_report_on_a_country_countries_lacks_is_one_line_at_its_geography(data_copy):
    _report_on_a_new_country(data_copy, with_country=False)
    with pytest.raises(DataError) as raised:
        data_copy.load()
    problems = [p for p in raised.value.problems if p.column == "geography"]
    reports_file = schema.resource("reports", data_copy.root)["path"]
    countries_file = schema.resource("countries", data_copy.root)["path"]
    assert [(p.file, p.row) for p in problems] == [
        (reports_file, len(data_copy.rows("reports")) + 1)
    ]
    assert NEW_COUNTRY["iso3"] in problems[0].message and countries_file in problems[0].message


# three countries no report can really cover, one with a name as long as real ones get
LONG_NAMED = [
    ("ZZA", "ZZ", "Zedland"),
    ("ZZB", "ZY", "United Testland of Great Fixtures and Northern Placeholder Islands"),
    ("ZZC", "ZX", "Placia"),
]


def test_a_monitor_counting_three_countries_with_long_names_keeps_the_tolls_chart_narrow(
    data_copy,
):
    """The latest tolls' labels never wrapped: three countries, or a long name, drew the chart
    twice as wide and ran its axis numbers together."""
    for iso3, iso2, name in LONG_NAMED:
        add_country(data_copy, iso3, iso2, name)
    add_series(
        data_copy, "zz-test-places-cumulative", "ZZ Test Monitor (ZZTM)", "yearly", "counted"
    )
    data_copy.edit(
        "series",
        "series",
        "zz-test-places-cumulative",
        geography="+".join(c for c, _, _ in LONG_NAMED),
    )
    _report_on_a_new_country(data_copy, with_country=False)
    data_copy.edit("reports", "report_id", "zz-test-new-country", geography="ZZA+ZZB+ZZC")
    data_copy.edit(
        "figures", "figure_id", "zz-test-new-country-civ", series="zz-test-places-cumulative"
    )
    pkg = data_copy.load()
    before = chartsets.latest_tolls(load.load_package())
    chart = chartsets.latest_tolls(pkg)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    (ours,) = [label for label in labels if "Zedland" in label]
    # every country named in full, in lines no longer than the real labels' longest
    assert " ".join(ours.split()).count("United Testland of Great Fixtures and Northern") == 1
    assert max(len(line) for label in labels for line in label.split("\n")) <= max(
        len(line)
        for label in (t.get_text() for t in before.figure.axes[0].get_yticklabels())
        for line in label.split("\n")
    )
    assert chart.figure.get_size_inches()[0] == before.figure.get_size_inches()[0]


def test_a_governorate_of_a_country_no_map_covers_is_listed_and_never_mapped(data_copy):
    """Only Syria's governorates could be held (the P-code had to be SY01-SY14, and each needed a
    centroid): a report counting by governorate anywhere else could not be entered as data."""
    add_country(data_copy)
    data_copy.append(
        "governorates", pcode="ZZ01", name_en="Zed North", name_ar="زد", variants="Zed North;Zednor"
    )
    _report_on_a_new_country(data_copy, with_country=False)
    _new_country_figure(
        data_copy,
        "zz-test-new-country-north",
        5,
        locator="paragraph 2",
        geography=COUNTRY["iso3"],
        governorate_pcode="ZZ01",
        geography_as_written="Zednor",
    )
    pkg = data_copy.load()
    assert maps.report_maps(pkg, "zz-test-new-country") == []
    listed = views.figures_table(pkg, "zz-test-new-country").to_string()
    assert "Zed North" in listed and "ZZ01" not in listed
    # a map of another report draws its own country's governorates alone, Zed North never
    for report_id in pkg.reports["report_id"]:
        for group in maps.governorates_by_map(pkg, report_id):
            country = {str(pcode)[:2] for pcode in group["governorate_pcode"]}
            drawn = maps.map_table(group, pkg)["pcode"]
            assert len(country) == 1 and {str(pcode)[:2] for pcode in drawn} == country


def test_governorates_of_two_countries_add_up_and_are_charted_each_in_its_own(data_copy):
    """A report counting by governorate in two countries summed them all against its one total
    (a false failure) and drew them on one chart titled with the first country."""
    for iso3, iso2, name in LONG_NAMED[:2]:
        add_country(data_copy, iso3, iso2, name)
    for pcode, name in (("ZZ01", "Zed North"), ("ZZ02", "Zed South")):
        data_copy.append("governorates", pcode=pcode, name_en=name, name_ar="زد", variants=name)
    for pcode, name in (("ZY01", "Test East"), ("ZY02", "Test West")):
        data_copy.append("governorates", pcode=pcode, name_en=name, name_ar="زد", variants=name)
    _report_on_a_new_country(data_copy, with_country=False)
    data_copy.edit("reports", "report_id", "zz-test-new-country", geography="ZZA+ZZB")
    # the total counts Zedland alone, and Zedland's governorates add up to it
    data_copy.edit("figures", "figure_id", "zz-test-new-country-civ", value="30", geography="ZZA")
    parts = [("ZZ01", "ZZA", 10), ("ZZ02", "ZZA", 20), ("ZY01", "ZZB", 5), ("ZY02", "ZZB", 7)]
    for pcode, place, value in parts:
        _new_country_figure(
            data_copy,
            f"zz-test-new-country-{pcode.lower()}",
            value,
            geography=place,
            governorate_pcode=pcode,
        )
    pkg = data_copy.load()
    results = checks.rule_results(pkg, "parts_sum_to_total")
    mine = results[results["subject"].str.startswith("zz-test-new-country")]
    assert mine["status"].tolist() == ["pass"], mine[["subject", "status", "observed"]]
    charts = chartsets.report_charts(pkg, "zz-test-new-country")
    by_place = [c for c in charts if "__by-governorate" in c.name]
    assert len(by_place) == 2
    for chart in by_place:
        drawn = {t.get_text() for t in chart.figure.axes[0].get_yticklabels()}
        assert drawn in ({"Zed North", "Zed South"}, {"Test East", "Test West"}), drawn
