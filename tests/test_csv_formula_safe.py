"""The CSVs published for readers (the data beside each chart) open safely in a spreadsheet: a text
cell that would start a formula (OWASP, "CSV Injection": =, +, -, @, a tab, a carriage return) gets
a leading "'", numbers stay numbers. display.csv_text is their one writer; a copy of the data whose
curated text starts with formulas yields chart files in which no cell starts one."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from conftest import DataCopy

from helpers.present import display, views

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "-2+3+cmd|' /C calc'!A0",
]


def cells(text: str) -> list[str]:
    """Every cell of a CSV text, header included, as a spreadsheet reads them."""
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def formula_cells(text: str) -> list[str]:
    return [c for c in cells(text) if c.startswith(TRIGGERS)]


@pytest.mark.parametrize("start", TRIGGERS)
def test_each_formula_start_is_neutralised(start):
    assert display.formula_safe(f"{start}1+1") == f"'{start}1+1"
    assert display.formula_safe(start) == f"'{start}"


@pytest.mark.parametrize(
    "text", [" =1+1", "  @SUM(A1)", "\n+1", "\u00a0-2+3", "\u3000=A1", " \t=1"]
)
def test_white_space_before_a_formula_start_does_not_hide_it(text):
    assert display.formula_safe(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "Aleppo", "paragraph 1", "1,114", "a = b", "x-y", "'=already quoted", "5"]
)
def test_other_text_is_left_as_written(text):
    assert display.formula_safe(text) == text


@pytest.mark.parametrize(
    "value", [-5, -5.25, 0, np.int64(-3), np.float64(-0.5), Decimal("-1.5"), True, np.bool_(False)]
)
def test_numbers_and_booleans_are_never_prefixed(value):
    assert display.formula_safe(value) is value


@pytest.mark.parametrize("value", [None, np.nan, pd.NA, pd.NaT])
def test_a_missing_value_stays_missing(value):
    assert display.formula_safe(value) is value


def test_other_objects_are_judged_by_the_text_they_are_written_as():
    class Formula:
        def __str__(self):
            return "=1+1"

    assert display.formula_safe(Formula()) == "'=1+1"
    assert display.formula_safe(pd.Timestamp("2018-08-31")) == pd.Timestamp("2018-08-31")
    assert display.formula_safe(dt.date(2018, 8, 31)) == dt.date(2018, 8, 31)
    assert display.formula_safe(["=1"]) == ["=1"]  # written as "['=1']"


def test_csv_text_neutralises_text_columns_and_keeps_numeric_ones():
    frame = pd.DataFrame(
        {
            "title": pd.array(['=HYPERLINK("http://x","y")', "plain", None], dtype="string"),
            "notes": pd.Series(["@SUM(A1:A2)", np.nan, "-2+3+cmd|' /C calc'!A0"], dtype=object),
            "mixed": pd.Series([-5, "-5", "+1"], dtype=object),
            "difference": pd.array([-14, None, 3], dtype="Int64"),
            "ratio": [-0.5, 1.25, np.nan],
            "plain_int": np.array([-1, 0, 1]),
            "flag": [True, False, True],
            "day": pd.to_datetime(["2018-08-31", None, "2014-08-01"]),
            "=header": ["a", "b", "c"],
        }
    )
    text = display.csv_text(frame)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][-1] == "'=header"
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x","y")', "plain", ""]
    assert [r[1] for r in rows[1:]] == ["'@SUM(A1:A2)", "", "'-2+3+cmd|' /C calc'!A0"]
    assert [r[2] for r in rows[1:]] == [
        "-5",
        "'-5",
        "'+1",
    ]  # a number in a text column stays a number; text is text
    assert [r[3] for r in rows[1:]] == ["-14", "", "3"]
    assert [r[4] for r in rows[1:]] == ["-0.5", "1.25", ""]
    assert [r[5] for r in rows[1:]] == ["-1", "0", "1"]
    assert [r[6] for r in rows[1:]] == ["True", "False", "True"]
    assert [r[7] for r in rows[1:]] == ["2018-08-31", "", "2014-08-01"]
    assert text.endswith("\n") and "\r\n" not in text


def test_csv_text_is_to_csv_when_nothing_needs_neutralising(pkg):
    """The real data's charts: the same bytes as pandas writes, so that no published file
    changes."""
    charts = [
        views.latest_tolls(pkg),
        *views.report_charts(pkg, "snhr-2018-09"),
        *views.report_charts(pkg, "vop-article"),
    ]
    charts += [views.timeline(pkg, s) for s in views.series_list(pkg)]

    def whole(column: pd.Series) -> pd.Series:  # a count reads 976, never 976.0
        known = column.dropna()
        numbers = pd.api.types.is_float_dtype(column.dtype) or (
            column.dtype == object
            and len(known) > 0
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in known)
        )
        whole_numbers = numbers and all(float(v).is_integer() for v in known)
        return column.astype("Int64") if whole_numbers else column

    for chart in charts:
        expected = chart.data.apply(whole).to_csv(index=False, lineterminator="\n")
        assert chart.csv() == expected, chart.name


def _hostile_copy(copy: DataCopy) -> None:
    """Curated text that reaches the charts' data (locators, places as written, a metric's label)
    and text that does not today (a report's title and issuer, a figure's interpretation and notes),
    each starting with a formula."""
    formula, command, total, sneaky = PAYLOADS
    copy.edit(
        "reports",
        "report_id",
        "snhr-2018-09",
        title=formula,
        issuer=f"{command} (SNHR)",
        notes=total,
    )
    # every release of SNHR's series names its issuer alike (load refuses one that does not)
    for row in copy.rows("reports"):
        if row["issuer"] == "Syrian Network for Human Rights (SNHR)":
            copy.edit("reports", "report_id", row["report_id"], issuer=f"{command} (SNHR)")
    copy.edit("series", "series", "snhr-syria-cumulative", issuer=f"{command} (SNHR)")
    copy.edit("reports", "report_id", "cjtf-oir-2018-09-27", title=sneaky)
    copy.edit(
        "figures", "figure_id", "vop-p1-1144", locator=formula, interpretation=command, notes=total
    )
    copy.edit("figures", "figure_id", "dj533165-civ", locator=command, interpretation=formula)
    copy.edit(
        "figures", "figure_id", "vop-p10-sy02", geography_as_written=sneaky, interpretation=formula
    )
    copy.edit(
        "figures", "figure_id", "vop-p10-sy11", geography_as_written=total, interpretation=command
    )
    copy.edit("metrics", "metric", "women_killed", label=total)


def build_pages(copy: DataCopy, stems: set[str], out):
    """These pages built from a copy of the data into the folder out; the copy's package is
    returned. A notebook that fails fails the test with the build's log."""
    code, messages = copy.build(out, stems)
    assert code == 0, "\n".join(messages)
    return copy.load()


@pytest.fixture(scope="module")
def hostile_charts(tmp_path_factory):
    """The data copy (_hostile_copy) and every chart its pages draw, with the page that draws it:
    (copy, [(page, chart)]) for every report's charts, the overview's and each timeline's."""
    copy = DataCopy(tmp_path_factory.mktemp("formula-data"))
    _hostile_copy(copy)
    pkg = copy.load()
    charts = [
        (f"report-{rid}", chart)
        for rid in pkg.reports["report_id"]
        for chart in views.report_charts(pkg, rid)
    ]
    charts.append(("overview", views.latest_tolls(pkg)))
    charts += [(f"timeline-{s}", views.timeline(pkg, s)) for s in views.series_list(pkg)]
    return copy, charts


def starts_formulas(chart) -> bool:
    """The chart's data as pandas alone would write it starts a formula in some cell."""
    return bool(formula_cells(chart.data.to_csv(index=False)))


@pytest.fixture(scope="module")
def hostile_build(hostile_charts, tmp_path_factory):
    """The pages whose charts carry that text (their data as pandas alone writes it would start
    a formula), built from the data copy into a temporary folder: (folder, those charts)."""
    copy, charts = hostile_charts
    hostile = [(page, chart) for page, chart in charts if starts_formulas(chart)]
    assert hostile, "no chart of the copy carries a formula: the test shows nothing"
    out = tmp_path_factory.mktemp("formula-reports")
    build_pages(copy, {page for page, _ in hostile}, out)
    return out, [chart for _, chart in hostile]


def test_no_cell_of_a_built_chart_csv_starts_a_formula(hostile_build):
    out, hostile = hostile_build
    files = sorted((out / "figures").glob("*.csv"))
    assert {f"{chart.name}.csv" for chart in hostile} <= {path.name for path in files}
    seen = ""
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert formula_cells(text) == [], path.name
        seen += text
    for payload in PAYLOADS:  # each reaches some chart's data: quoted there, not dropped
        assert "'" + payload in cells(seen), payload


def test_every_chart_of_the_copy_writes_safe_csv(hostile_charts):
    """The charts themselves, not only the files the build wrote: every report's, the overview's,
    each timeline's."""
    _, charts = hostile_charts
    hostile = [chart for _, chart in charts if starts_formulas(chart)]
    assert hostile  # the raw data does start formulas
    for _, chart in charts:
        assert formula_cells(chart.csv()) == [], chart.name
    for chart in hostile:  # what the build publishes (drawing each chart: only those that matter)
        _, meta = chart._repr_mimebundle_()
        assert meta["civcas"]["csv"] == chart.csv()
