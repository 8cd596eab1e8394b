"""A timeline stays readable at any number of releases and for any issuer. A synthetic package in a
temporary folder (ids zz-test-*, never real) holds a coalition's monthly series of 42 releases of
four metrics (strikes stated first in each release, so that "the first metric found" is not the
primary one), news articles' claims, some on one day and near one another, a monitor's estimates
that dwarf the releases, a monitor's counted series and a monitor's estimate given once. Expected
values are computed from the fixture, never written out."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from matplotlib.dates import date2num
from matplotlib.text import Annotation
from test_charts import _overlapping_labels

from helpers import formatting, paths
from helpers.data import load, schema
from helpers.present import charts, views

CONFIRMED = "2026-11-25"
COALITION = "zz-test-coalition"
MONITOR = "zz-test-monitor"
ESTIMATE = "zz-test-estimate"
# every table starts empty but these, copied as they are: what a figure may be and where
REFERENCE_TABLES = (
    "units",
    "metrics",
    "countries",
    "governorates",
    "governorate_centroids",
    "dimensions",
    "groups",
    "verdicts",
)
MONTHS = pd.date_range("2016-10-31", periods=42, freq="ME")
# (metric, cumulative value of release k): strikes first in each release, the primary metric second
RELEASED = (
    ("airstrikes", lambda k: 14000 + 500 * k + 7 * k * k),
    ("civilians_killed", lambda k: 188 + 29 * k + (120 if k >= 5 else 0) + (90 if k >= 17 else 0)),
    ("civcas_reports_total", lambda k: 400 + 60 * k),
    ("civcas_reports_credible_total", lambda k: 100 + 5 * k),
)
# news articles' claims about the coalition's toll: (release it is about, value); three on one
# day, two of them a few people apart, and two copies of one figure
CLAIMS = ((3, None), (3, 4), (3, -30), (10, None), (10, None), (20, 55), (21, 0), (22, -3), (41, 9))


def _write(root, name: str, rows: list[dict]) -> None:
    fields = schema.field_names(name, root)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    schema.table_path(name, root).write_text(buf.getvalue(), encoding="utf-8")


def _report(report_id: str, issuer: str, kind: str, published: str, **row) -> dict:
    return {
        "report_id": report_id,
        "title": f"[Test report {report_id}, not a real source]",
        "issuer": issuer,
        "issuer_as_written": "test",
        "kind": kind,
        "published": published,
        "published_note": "Test data.",
        "url": f"https://example.org/{report_id}",
        "geography": "IRQ+SYR",
        "coverage_note": "Test data.",
        "confirmed_on": CONFIRMED,
        **row,
    }


def _figure(figure_id: str, report_id: str, metric: str, value: int, **row) -> dict:
    return {
        "figure_id": figure_id,
        "report_id": report_id,
        "carried_by": row.pop("carried_by", report_id),
        "locator": "paragraph 1",
        "confirmed_on": CONFIRMED,
        "metric": metric,
        "value": str(value),
        "qualifier": row.pop("qualifier", "exact"),
        **row,
    }


def build(root) -> dict:
    """The synthetic package at root; returns what the tests expect, computed from the rows."""
    shutil.copy(paths.ROOT / "datapackage.json", root / "datapackage.json")
    resources = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    for resource in resources:
        (root / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        if resource["name"] in REFERENCE_TABLES:
            shutil.copy(schema.table_path(resource["name"]), root / resource["path"])
        else:
            _write(root, resource["name"], [])
    reports, figures = [], []
    coalition = "ZZ Test Coalition Task Force (ZZTCF), a test coalition"
    for k, month in enumerate(MONTHS):
        rid = f"zz-test-release-{k:02d}"
        published = (month + pd.Timedelta(days=25)).strftime("%Y-%m-%d")
        reports.append(
            _report(
                rid,
                coalition,
                "official_release",
                published,
                period_start="2014-08",
                period_end=month.strftime("%Y-%m-%d"),
            )
        )
        for metric, value in RELEASED:
            figures.append(
                _figure(
                    f"{rid}-{metric.replace('_', '-')}", rid, metric, value(k), series=COALITION
                )
            )
    toll = {k: RELEASED[1][1](k) for k in range(len(MONTHS))}
    for n, (k, change) in enumerate(CLAIMS):
        rid = f"zz-test-news-{n:02d}"
        reports.append(
            _report(
                rid,
                f"Test News {n} (zz-test-news-{n}.example.org)",
                "news_article",
                (MONTHS[k] + pd.Timedelta(days=27)).strftime("%Y-%m-%d"),
            )
        )
        figures.append(
            _figure(
                f"{rid}-claim",
                rid,
                "civilians_killed",
                toll[k] + (change or 0),
                series=COALITION,
                period_start="2014-08",
                period_end=MONTHS[k].strftime("%Y-%m-%d"),
            )
        )
    # a monitor's estimates of the same toll, far above the releases
    for n, k in enumerate((4, 16, 30)):
        rid = f"zz-test-estimate-{n}"
        reports.append(
            _report(
                rid,
                "ZZ Test Estimates Group (ZZTEG)",
                "monitor_estimate",
                MONTHS[k].strftime("%Y-%m-%d"),
                period_start="2014-08",
                period_end=MONTHS[k].strftime("%Y-%m-%d"),
            )
        )
        figures.append(
            _figure(
                f"{rid}-civ",
                rid,
                "civilians_killed",
                5000 + 1000 * n,
                qualifier="at_least",
                series=ESTIMATE,
            )
        )
    # a monitor's yearly counted series
    monitor = "ZZ Test Monitoring Network (ZZTMN)"
    for year in range(2015, 2021):
        rid = f"zz-test-monitor-{year}"
        end = f"{year}-09-23"
        reports.append(
            _report(
                rid,
                monitor,
                "monitor_report",
                end,
                geography="SYR",
                period_start="2014-09-23",
                period_end=end,
            )
        )
        figures.append(
            _figure(
                f"{rid}-civ",
                rid,
                "civilians_killed",
                300 + 450 * (year - 2015),
                series=MONITOR,
                geography="SYR",
            )
        )
    _write(root, "reports", reports)
    _write(root, "figures", figures)
    _minimal_rows(root, figures)
    _write(
        root,
        "series",
        [
            {
                "series": COALITION,
                "issuer": coalition,
                "primary_metric": "civilians_killed",
                "cadence": "monthly",
                "count_word": "admitted",
                "geography": "IRQ+SYR",
                "description": "Test data.",
            },
            {
                "series": MONITOR,
                "issuer": monitor,
                "primary_metric": "civilians_killed",
                "cadence": "yearly",
                "count_word": "counted",
                "geography": "SYR",
                "description": "Test data.",
            },
            {
                "series": ESTIMATE,
                "issuer": "ZZ Test Estimates Group (ZZTEG)",
                "primary_metric": "civilians_killed",
                "cadence": "irregular",
                "count_word": "estimated",
                "geography": "IRQ+SYR",
                "description": "Test data.",
            },
        ],
    )
    return {"reports": reports, "figures": figures}


def _minimal_rows(root, figures: list[dict]) -> None:
    """The one row each that a package's other tables must hold: a raw document and a number in it
    that is not a figure, a check, a comparison."""
    text = "Test document, not a real source: the year 2020 is not a figure."
    (root / "data" / "raw" / "zz-test-document.txt").write_text(text, encoding="utf-8")
    _write(
        root,
        "documents",
        [
            {
                "document_id": "zz-test-document",
                "path": "data/raw/zz-test-document.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "media_type": "text/plain; charset=utf-8",
                "publisher_as_credited": "test",
                "title": "[Test document, not a real source]",
                "url": "unknown",
                "published_note": "Test data.",
                "received_as": "Test data.",
                "received_on": CONFIRMED,
                "licence": "Test data.",
                "transcription_notes": "Test data.",
            }
        ],
    )
    _write(
        root,
        "not_figures",
        [
            {
                "document_id": "zz-test-document",
                "token": "2020",
                "context": "the year 2020 is not a figure",
                "reason": "Test data.",
            }
        ],
    )
    _write(
        root,
        "checks",
        [
            {
                "check_id": "ZZ-TEST-CUMULATIVE",
                "rule": "cumulative_never_falls",
                "severity": "fail",
                "statement": "Test data: running totals never fall.",
            }
        ],
    )
    _write(
        root,
        "verdict_rules",
        [
            {
                "check_id": "ZZ-TEST-CUMULATIVE",
                "status": "fail",
                "verdict": "misquoted",
                "note": "Test data.",
            }
        ],
    )
    deaths = [f for f in figures if f["metric"] == "civilians_killed"]
    _write(
        root,
        "comparisons",
        [
            {
                "comparison_id": "zz-test-comparison",
                "numerator": deaths[1]["figure_id"],
                "denominator": deaths[0]["figure_id"],
                "label": "Test data.",
            }
        ],
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("timeline-scale")
    rows = build(root)
    pkg = load.load_package(root)
    charts = {s: views.timeline(pkg, s) for s in (COALITION, MONITOR, ESTIMATE)}
    return pkg, rows, charts


def _releases(rows: dict, series: str, metric: str) -> list[dict]:
    """The issuer's own figures of the series (news articles' claims left out), in date order."""
    return [
        f
        for f in rows["figures"]
        if f["series"] == series
        and f["metric"] == metric
        and not f["report_id"].startswith("zz-test-news-")
    ]


def _label(value: str) -> str:
    return formatting.num(int(value))


def test_no_two_labels_overlap_in_any_panel(synthetic):
    _, _, charts = synthetic
    for chart in charts.values():
        assert _overlapping_labels(chart) == [], chart.name
    # the coalition's chart has a panel for each of its metrics up to a few, deaths first
    titles = [ax.get_title(loc="left") for ax in charts[COALITION].figure.axes]
    assert titles[0].startswith("Civilians killed"), titles
    assert 2 <= len({t.split(" (")[0] for t in titles}) <= 3, titles
    assert charts[COALITION].figure.get_figheight() <= 14


def test_the_headline_is_the_primary_metric_in_the_issuers_word(synthetic):
    _, rows, charts = synthetic
    deaths = _releases(rows, COALITION, "civilians_killed")
    strikes = _releases(rows, COALITION, "airstrikes")
    title = charts[COALITION].title
    assert title.startswith("ZZTCF's admitted toll rose from "), title
    # each count with its qualifier's words, as the source gives it ("at least 1,114")
    first, last = (
        formatting.QUALIFIER_WORDS.get(row["qualifier"], "") + _label(row["value"])
        for row in (deaths[0], deaths[-1])
    )
    assert f"rose from {first} (data to " in title and f" to {last} (data to " in title, title
    assert _label(strikes[-1]["value"]) not in title, title
    counted = _releases(rows, MONITOR, "civilians_killed")
    title = charts[MONITOR].title
    assert title.startswith("ZZTMN's count of civilians killed rose from "), title
    assert _label(counted[0]["value"]) in title and _label(counted[-1]["value"]) in title
    assert "admitted" not in title
    estimates = _releases(rows, ESTIMATE, "civilians_killed")
    title = charts[ESTIMATE].title
    assert title.startswith("ZZTEG's estimate of civilians killed rose from "), title
    assert _label(estimates[0]["value"]) in title and _label(estimates[-1]["value"]) in title
    assert "admitted" not in title


def test_a_series_of_one_release_has_no_rise(tmp_path):
    build(tmp_path)
    figures = schema.table_path("figures", tmp_path)
    kept = [
        r
        for r in csv.DictReader(io.StringIO(figures.read_text(encoding="utf-8")))
        if r["series"] != MONITOR or r["report_id"].endswith("2018")
    ]
    _write(tmp_path, "figures", kept)
    chart = views.timeline(load.load_package(tmp_path), MONITOR)
    (only,) = [r for r in kept if r["series"] == MONITOR]
    words = formatting.QUALIFIER_WORDS.get(only["qualifier"], "")
    assert chart.title == (
        f"ZZTMN's count of civilians killed stood at {words}{_label(only['value'])} "
        "(data to 23 September 2018)"
    )
    assert _overlapping_labels(chart) == []


def _pixels(ax, xy) -> np.ndarray:
    x, y = xy
    return ax.transData.transform((date2num(x) if isinstance(x, pd.Timestamp) else x, y))


def test_every_claim_has_a_label_whose_leader_points_to_its_marker(synthetic):
    """Each claim's mark has a leader ending at it (an annotation pointing there) that starts in a
    label naming the claim's count; labels of marks a few pixels apart may be one label, with a
    leader to each mark."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _, rows, charts = synthetic
    chart = charts[COALITION]
    claims = [f for f in rows["figures"] if f["report_id"].startswith("zz-test-news-")]
    data = chart.data.set_index("figure_id")
    renderer = FigureCanvasAgg(chart.figure).get_renderer()
    chart.figure.draw_without_rendering()
    # the deaths' panel zoomed in on the releases
    (ax,) = [a for a in chart.figure.axes if "zoomed in" in a.get_title(loc="left")]
    annotations = [t for t in ax.texts if isinstance(t, Annotation)]
    labels = [t for t in annotations if t.get_text().strip()]
    marks = [
        _pixels(ax, xy)
        for line in ax.lines
        if line.get_marker() not in (None, "None", "")
        for xy in line.get_xydata()
    ]
    for claim in claims:
        mark = _pixels(
            ax, (pd.Timestamp(data.loc[claim["figure_id"], "as_of"]), int(claim["value"]))
        )
        assert any(np.hypot(*(mark - xy)) < 1 for xy in marks), claim["figure_id"]
        count = _label(claim["value"])
        leaders = [
            t
            for t in annotations
            if t.arrow_patch is not None and np.hypot(*(_pixels(ax, t.xy) - mark)) < 1
        ]
        assert leaders, claim["figure_id"]
        # one of them runs from a label that names the count, and stops short of the mark (marks
        # a pixel apart, 275 and 279 on one day, each have their own)
        naming = []
        for leader in leaders:
            start = _pixels(ax, leader.xy) + np.array(leader.xyann) * chart.figure.dpi / 72
            path = leader.arrow_patch.get_path().transformed(leader.arrow_patch.get_transform())
            naming += [
                t
                for t in labels
                if count in t.get_text()
                and t.get_window_extent(renderer).contains(*start)
                and np.hypot(*(path.vertices[-1] - mark)) < 8
            ]
        assert naming, (claim["figure_id"], count, [t.get_text() for t in labels])
        assert data.loc[claim["figure_id"], "labelled"], claim["figure_id"]


def test_only_a_few_releases_are_labelled_and_the_table_lists_every_one(synthetic):
    pkg, rows, charts = synthetic
    chart = charts[COALITION]
    releases = [
        f for f in rows["figures"] if f["series"] == COALITION and "release" in f["report_id"]
    ]
    data = chart.data.set_index("figure_id")
    labelled = data.loc[[f["figure_id"] for f in releases if f["metric"] == "civilians_killed"]]
    # the first and last, a few rises: far fewer than the 42 releases
    assert labelled["labelled"].iloc[0] and labelled["labelled"].iloc[-1]
    assert 2 <= int(labelled["labelled"].sum()) <= 6
    table = views.timeline_table(pkg, chart)
    listed = table.set_index("figure id")
    assert {f["figure_id"] for f in releases} <= set(listed.index)
    reports = {r["report_id"]: r for r in rows["reports"]}
    for figure in releases:
        row = listed.loc[figure["figure_id"]]
        assert row["value"] == _label(figure["value"]), figure["figure_id"]
        end = pd.Timestamp(reports[figure["report_id"]]["period_end"])
        assert row["date"] == f"data to {end.day} {end:%B %Y}", (figure["figure_id"], row["date"])
        assert row["kind"] == "release"
    assert list(listed["labelled on the chart"]).count("yes") >= len(CLAIMS) - 1


def test_two_builds_give_the_same_files(synthetic):
    """Placing labels is deterministic (SVG, then PNG, then SVG again, as a page shows a chart),
    and no drawing moves a label over another."""
    pkg, _, _ = synthetic
    first, again = views.timeline(pkg, COALITION), views.timeline(pkg, COALITION)
    svg = first.svg()
    assert svg == again.svg()
    assert first.png() == again.png()
    assert first.svg() == svg  # drawn a third time
    assert _overlapping_labels(first) == _overlapping_labels(again) == []


def test_the_headline_keeps_each_count_s_own_qualifier():
    """A monitor's "more than 1,500" and "at least 3,127" were headlined "rose from 1,500 to
    3,127": each count keeps its words, as the source gives them."""
    releases = pd.DataFrame(
        {
            "issuer": ["ZZ Test Monitor (ZZTM)"] * 3,
            "metric": ["civilians_killed"] * 3,
            "metric_label": ["Civilians killed"] * 3,
            "qualifier": ["more_than", "about", "at_least"],
            "value": [1500.0, 2000.0, 3127.0],
            "low": [None] * 3,
            "high": [None] * 3,
            "as_of_label": ["data to March 1990", "data to May 1990", "data to June 1990"],
        }
    )
    assert charts.timeline_headline(releases, "counted") == (
        "ZZTM's count of civilians killed rose from more than 1,500 (data to March 1990) to at "
        "least 3,127 (data to June 1990)"
    )
