"""Numbers, dates and names as text (helpers/formatting.py): what every stage shows a reader."""

from __future__ import annotations

import datetime as dt
import math
import urllib.parse

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import formatting
from helpers.formatting import RANGE_DASH, amount, amounts, day, num, nums, per_value

MISSING = [None, float("nan"), pd.NA, np.nan, pd.NaT]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (1114, "1,114"),
        (-1114, "-1,114"),
        (1_000_000, "1,000,000"),
        (1114.0, "1,114"),  # a whole float reads as a whole number
        (np.int64(1114), "1,114"),
        (np.float64(2500.0), "2,500"),
        (3.5, "3.5"),  # as a source prints it: "72.5", never "72.50"
        (7.25, "7.25"),
        (1234.567, "1,234.57"),
        (0.999, "1"),  # rounded to two decimals, it is whole
        (-0.004, "-0.004"),  # not zero: never "-0" nor "0"
        (1e-7, "0.0000001"),
        (-2.5, "-2.5"),
    ],
)
def test_num_writes_thousands_and_up_to_two_decimals_only_when_not_whole(value, expected):
    assert num(value) == expected


@pytest.mark.parametrize("missing", MISSING, ids=repr)
def test_num_of_an_unknown_number_is_n_a(missing):
    assert num(missing) == "n/a"


def test_num_agrees_with_pythons_own_grouping():
    for value in (1, 12, 123, 1234, 12345, 123456, 1234567, 2**40):
        assert num(value) == f"{value:,}"
        assert num(float(value)) == f"{value:,}"


def test_nums_is_num_of_every_value_missing_included():
    values = [1114, None, 3, 1114, 1_500_000]
    column = pl.Series("value", values, dtype=pl.Int64)
    out = nums(column)
    assert out.dtype == pl.String
    assert out.to_list() == [num(v) for v in values]


def test_per_value_calls_the_function_once_per_distinct_value():
    column = pl.Series("code", ["a", "b", "a", None, "b", "a"])
    calls = []

    def upper(value):
        calls.append(value)
        return "?" if value is None else value.upper()

    out = per_value(column, upper)
    assert out.to_list() == ["?" if v is None else v.upper() for v in column.to_list()]
    assert sorted(calls, key=str) == sorted(set(column.to_list()), key=str)
    assert out.name == "code" and out.dtype == pl.String


def test_per_value_without_nulls_keeps_a_missing_value_missing():
    column = pl.Series("code", ["a", None, "a"])
    seen = []
    out = per_value(column, lambda v: seen.append(v) or f"<{v}>", nulls=False)
    assert out.to_list() == ["<a>", None, "<a>"]
    assert None not in seen


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1114, 1114, "1,114"),
        (1150, 1200, f"1,150{RANGE_DASH}1,200"),
        (0, 5, f"0{RANGE_DASH}5"),
        (2500.0, 3000.0, f"2,500{RANGE_DASH}3,000"),
        (None, 3, "n/a"),
        (3, None, "n/a"),
        (float("nan"), 3, "n/a"),
        (pd.NA, pd.NA, "n/a"),
    ],
)
def test_amount_is_one_number_or_a_range_with_an_en_dash(low, high, expected):
    assert amount(low, high) == expected


def test_the_range_dash_is_an_en_dash():
    assert RANGE_DASH == "\N{EN DASH}"


def test_amounts_is_amount_of_every_row():
    lows = [1114, 1150, None, 7, 0, None]
    highs = [1114, 1200, 5, None, 10_000, None]
    out = amounts(pl.Series("low", lows, dtype=pl.Int64), pl.Series("high", highs, dtype=pl.Int64))
    assert out.name == "amount"
    assert out.to_list() == [amount(low, high) for low, high in zip(lows, highs, strict=True)]


@pytest.mark.parametrize(
    "when",
    [
        pd.Timestamp("2018-09-27"),
        pd.Timestamp("2018-09-27 23:59:59"),
        dt.date(2018, 9, 27),
        dt.datetime(2018, 9, 27, 12, 30),
    ],
    ids=repr,
)
def test_day_writes_the_iso_day(when):
    assert day(when) == "27 September 2018"


@pytest.mark.parametrize("missing", [None, pd.NaT, float("nan")], ids=repr)
def test_day_of_an_unknown_date(missing):
    assert day(missing) == "date not stated"


# user-assigned ISO codes (ZZA-ZZZ): never a real country
NAMES = {"ZZA": "Zedland", "ZZB": "Testonia", "ZZC": "Placia"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ZZA", NAMES["ZZA"]),
        ("ZZA+ZZB", f"{NAMES['ZZA']} and {NAMES['ZZB']}"),
        ("ZZA+ZZB+ZZC", f"{NAMES['ZZA']}, {NAMES['ZZB']} and {NAMES['ZZC']}"),
        ("ZZZ", "ZZZ"),  # a code with no name (validation refuses it) is shown, never dropped
        ("ZZA+ZZZ", f"{NAMES['ZZA']} and ZZZ"),
    ],
)
def test_geography_label_names_each_country_by_the_names_given(code, expected):
    assert formatting.geography_label(code, NAMES) == expected


@pytest.mark.parametrize("missing", [None, pd.NA, math.nan], ids=repr)
def test_geography_label_of_no_geography(missing):
    assert formatting.geography_label(missing, NAMES) == "place not stated"


def test_issuers_are_named_as_running_text_names_them():
    names = [
        "Zz Fixture Task Force – Operation Xz (ZZ-FX), the zz coalition",
        "Zz Network for Zz (ZZN)",
        "Zz Today News (zz-fixture.example)",
        "ZZP, carried by the Zz Mail",
        "Zz Monitor",
        None,
    ]
    assert [formatting.issuer_name(n) for n in names] == [
        "ZZ-FX",
        "ZZN",
        "Zz Today News",
        "ZZP",
        "Zz Monitor",
        "an unnamed issuer",
    ]


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("Zz Center for Zzivilians in Conflict (ZZIVIC)", "ZZIVIC"),
        ("Zz Kuwait News Agency (ZZKUNA)", "ZZKUNA"),
        ("The Zz Daily Star (Lebanon)", "The Zz Daily Star"),
        ("The Zz Nation (Pakistan)", "The Zz Nation"),
        ("Zz-Manar TV (Spanish)", "Zz-Manar TV"),
        ("Zz Global Faultlines (blog)", "Zz Global Faultlines"),
        ("Zz Force Times (AP)", "Zz Force Times"),
        ("zz-fixture.example (Zz-Hal)", "zz-fixture.example"),
        ("Zz Agency (ZZX)", "Zz Agency"),
    ],
)
def test_a_bracket_names_the_issuer_only_when_it_abbreviates_the_name(issuer, expected):
    """A one-word bracket is the issuer's short name only when its letters are the beginnings of
    the name's words; a country, a language, a common noun or another outlet is not."""
    assert formatting.issuer_name(issuer) == expected


@pytest.mark.parametrize("count", [0, 1, 2, 1114])
def test_counted_agrees_with_its_noun(count):
    assert formatting.counted(count, "check") == (
        f"{formatting.num(count)} {'check' if count == 1 else 'checks'}"
    )
    assert formatting.counted(count, "analysis", "analyses").endswith(
        "analysis" if count == 1 else "analyses"
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.org/%d8%b1%d9%88%d8%b3%d9%8a%d8%a7-x", "https://example.org/روسيا-x"),
        ("https://example.org/%D8%A7%20%D8%A8", "https://example.org/ا%20ب"),  # a space stays
        ("https://example.org/a%2Fb?q=%3F", "https://example.org/a%2Fb?q=%3F"),  # ASCII stays
        ("https://example.org/%d8%b1%d9%88%d8", "https://example.org/رو%d8"),  # cut in a letter
        ("https://example.org/%FF%d8%b1", "https://example.org/%FFر"),  # not UTF-8
        ("https://example.org/plain", "https://example.org/plain"),
        # fillers that draw nothing, though no space or control: kept escaped
        (
            "https://example.org/%E3%85%A4%E1%85%9F%CD%8F",
            "https://example.org/%E3%85%A4%E1%85%9F%CD%8F",
        ),
        (None, None),
        ("", ""),
    ],
)
def test_a_web_address_shows_its_letters_and_keeps_its_ascii_escapes(url, shown):
    assert formatting.readable_url(url) == shown


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_a_readable_address_opens_the_same_page_and_stays_one_word(path):
    """Whatever the path: the address read back (unescaped) is the same, it has no space, line
    break or invisible mark (a direction override) that would cut or disguise it, and its other
    letters outside ASCII are shown."""
    url = "https://example.org/" + urllib.parse.quote(path)
    shown = formatting.readable_url(url)
    assert urllib.parse.unquote(shown) == urllib.parse.unquote(url) == "https://example.org/" + path
    hidden = [c for c in shown if c.isspace() or formatting.unseen(c)]
    assert not hidden, hidden  # spaces, line breaks and invisible marks stay escaped
    assert all(c in shown for c in path if ord(c) > 127 and not formatting.unseen(c))


@pytest.mark.parametrize(
    ("label", "one"),
    [
        ("reports found credible in the month", "report found credible in the month"),
        ("Children killed", "Child killed"),
        ("women killed", "woman killed"),
        ("People killed (all)", "Person killed (all)"),
        ("possible civilian victims", "possible civilian victim"),
        ("civilian deaths in the reports assessed", "civilian death in the reports assessed"),
        ("strikes", "strike"),
        ("status", "status"),
        ("zz", "zz"),
        ("civilian casualties", "civilian casualty"),
        ("news reports", "news report"),  # "news" is the same for one
        ("times the official count", "times the official count"),
        ("series updates", "series update"),
        ("civilians' homes hit", "civilians' homes hit"),
    ],
)
def test_a_count_of_one_says_its_label_in_the_singular(label, one):
    assert formatting.singular(label) == one
    frame = pl.DataFrame({"n": ["1", "2", "1–2"], "label": [label] * 3, "one": [one] * 3})
    said = frame.select(
        formatting.labelled_amount(pl.col("n"), pl.col("label"), pl.col("one"))
    ).to_series()
    assert said.to_list() == [f"1 {one}", f"2 {label}", f"1–2 {label}"]


def test_a_table_writes_a_number_as_the_sentences_do():
    """A table's number cell: thousands separated, a decimal as num() writes it (65.25 read 65.2,
    to three significant digits, beside a sentence that said 65.25)."""
    from helpers.present import display

    page = display.table(pd.DataFrame({"difference": [65.25, 1114.0, 0.27, 3]}), caption="zz").html
    for shown in ("65.25", "1,114", "0.27", "3"):
        assert f'<td class="num" data-label="difference">{shown}</td>' in page, page


@pytest.mark.parametrize(
    "value, low, high, unit, said",
    [
        (0.27, None, None, "percent", "0.27%"),
        (31, None, None, "ratio", "31 times"),
        (None, 0.2, 0.3, "percent", "0.2–0.3% (a range)"),
        (0.27, None, None, "people", "0.27"),
        (1114, None, None, None, "1,114"),
    ],
)
def test_a_share_or_a_ratio_is_written_with_its_sign(value, low, high, unit, said):
    """A share of 0.27 per cent was shown as "0.27" in the tables, which a reader may take for 27
    per cent: written with its sign, as the sentences write it."""
    assert formatting.value_words(value, None, low, high, unit) == said
