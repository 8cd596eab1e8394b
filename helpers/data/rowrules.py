"""Rules within a row, or along a table's references, that a Table Schema cannot express: ranges
whose bounds must be in order, periods that end after they start and not after their report was
published, a number that must read as its printed form, a governorate in the figure's country, a
breakdown whose dimension and group are declared in words, references to the same table that never
come back to where they started. Column by column, but for walking those references.

Each rule takes the tables as pandas or polars frames and returns its problems, an empty list when
the data keeps it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl

from helpers import formatting
from helpers.data import frames, geography, periods, schema
from helpers.data.frames import Table
from helpers.data.problems import row_problems
from helpers.errors import Problem

REFERENCE_WORDS = {
    "carried_by": "is carried by",
    "subset_of": "is a subset of",
    "increment_of": "is an increment of",
}


# a value written in plain digits: grouped by commas, points, apostrophes, spaces of any width or
# the Arabic separators (ASCII digits: OTHER_DIGITS are replaced first)
PLAIN_WRITTEN = "^[0-9][0-9,.'’ \u00a0\u2007\u2009\u202f\u066b\u066c]*$"
# the Arabic-Indic digits (Arabic's, then the Persian and Urdu forms), and the ASCII digit of each
OTHER_DIGITS = [*"٠١٢٣٤٥٦٧٨٩", *"۰۱۲۳۴۵۶۷۸۹"]
ASCII_DIGITS = [*"0123456789"] * 2


def plain_number(value: float | int) -> str:
    """A number as the CSV file writes it: 1144 (never 1144.0), 0.94."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _period_problems(file: str, table: pl.DataFrame) -> list[Problem]:
    start = periods.bound(table["period_start"], "first")
    end = periods.bound(table["period_end"], "last")
    return row_problems(
        file,
        table,
        end < start,
        "period_end",
        lambda r: f"the period ends ({r['period_end']}) before it starts ({r['period_start']})",
    )


def figure_problems(figures: Table, root: Path | str | None = None) -> list[Problem]:
    """The problems within each figure's row: a range ('between') with both ends and no value, a
    single value without ends, low no larger than high, a value with the digits it was printed
    with, and a period that does not end before it starts."""
    file = schema.resource("figures", root)["path"]
    figures = frames.as_polars(figures)
    between = (figures["qualifier"] == "between").fill_null(False)
    value, low, high = figures["value"], figures["low"], figures["high"]
    out = []
    out += row_problems(
        file,
        figures,
        between & (low.is_null() | high.is_null()),
        "low",
        "a range ('between') needs both low and high",
    )
    out += row_problems(
        file,
        figures,
        between & value.is_not_null(),
        "value",
        "leave value empty for a range ('between'); give low and high",
    )
    out += row_problems(
        file,
        figures,
        ~between & value.is_null(),
        "value",
        "a value is required (only a 'between' range may leave it empty)",
    )
    out += row_problems(
        file,
        figures,
        ~between & (low.is_not_null() | high.is_not_null()),
        "low",
        "low and high are only for a 'between' range",
    )
    out += row_problems(
        file,
        figures,
        low > high,
        "low",
        lambda r: (
            f"low ({formatting.num(r['low'])}) is above high ({formatting.num(r['high'])}); "
            "expected low no larger than high"
        ),
    )
    # in ASCII digits: polars' \d takes Arabic-Indic ones too, and "٣٠" is the 30 it prints
    written = figures["value_as_written"].str.replace_many(OTHER_DIGITS, ASCII_DIGITS)
    # digits grouped by commas, points, spaces of any width or the Arabic separators
    in_digits = written.str.contains(PLAIN_WRITTEN).fill_null(False)
    plain = in_digits & value.is_not_null()
    digits = written.str.replace_all(r"[^0-9]", "")
    # the value's own digits: 1114.0 reads 1114, 0.94 reads 094
    whole = (value == value.floor()).fill_null(False)
    value_digits = pl.select(
        pl.when(whole)
        .then(value.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(value.cast(pl.String).str.replace_all(r"[^0-9]", ""))
    ).to_series()
    out += row_problems(
        file,
        figures,
        plain & (digits != value_digits),
        "value",
        lambda r: (
            f"{plain_number(r['value'])} does not match the printed {r['value_as_written']!r}; "
            "expected the same digits as value_as_written"
        ),
    )
    out += _word_value_problems(file, figures, in_digits)
    return out + _period_problems(file, figures)


def _word_value_problems(file: str, figures: pl.DataFrame, in_digits: pl.Series) -> list[Problem]:
    """A number printed otherwise than in plain digits (not `in_digits`): in words ("fifty-two",
    "une centaine", "ثلاثة آلاف"), or with a multiplier ("2 million", "٣ آلاف"), whose value, as the
    draft reads it in English, French or Arabic, is none of the row's value, low and high. Words
    the draft cannot read as one number ("one", a fourth language) are left to the curator."""
    written = figures["value_as_written"]
    in_words = written.is_not_null() & ~in_digits
    if not in_words.any():
        return []
    rows = figures.with_row_index("_at").filter(in_words)
    wrong = []
    for at, words, *given in rows.select("_at", "value_as_written", "value", "low", "high").rows():
        read = _read_in_words(words)
        stated = {Decimal(str(v)) for v in given if v is not None}
        if read and stated and not stated & read:
            wrong.append(at)
    mask = [False] * figures.height
    for at in wrong:
        mask[at] = True
    return row_problems(
        file,
        figures,
        mask,
        "value",
        lambda r: (
            f"{plain_number(r['value'] if r['value'] is not None else r['low'])} does not match "
            f"the printed {r['value_as_written']!r}, read as "
            f"{' or '.join(plain_number(v) for v in sorted(_read_in_words(r['value_as_written'])))}"
            "; expected the value the words say"
        ),
    )


@lru_cache(maxsize=1 << 10)
def _read_in_words(words: str) -> frozenset:
    """The values one number in words can be read as, in English, French or Arabic (its low and
    high too, for a range): empty when no language reads the words, whole, as one number. The
    draft's reader is imported only for such a row."""
    from helpers.data import draft

    read = set()
    for found in draft.numbers_by_language(words).values():
        if len(found) == 1 and (found[0].start, found[0].end) == (0, len(words)):
            read |= {v for v in (found[0].value, found[0].low, found[0].high) if v is not None}
    return frozenset(read)


# a count as typed: whole, in the digits 0-9, without a sign, a decimal point, an exponent ("1e3",
# which a number column reads as 1000.0) or a leading zero ("01000"); a minus is left to the
# schema's own minimum, which says "expected at least 0"
COUNT_WRITTEN = r"^-?(0|[1-9][0-9]*)$"


def count_problems(
    figures: Table,
    metrics: Table,
    units: Table,
    root: Path | str | None = None,
    written: pl.DataFrame | None = None,
) -> list[Problem]:
    """The figures of a metric whose unit is a count (units.is_count) with a value, low or high
    that is not a whole number: people, strikes and reports are counted whole; only a rate, ratio
    or share may be decimal."""
    file = schema.resource("figures", root)["path"]
    figures, metrics, units = (frames.as_polars(t) for t in (figures, metrics, units))
    counted = units.filter(pl.col("is_count"))["unit"]
    count_metrics = metrics.filter(pl.col("unit").is_in(counted.implode()))
    unit_of = figures["metric"].replace_strict(
        count_metrics["metric"], count_metrics["unit"], default=None, return_dtype=pl.String
    )
    out = []
    for column in ("value", "low", "high"):
        values = figures[column]
        if written is not None:  # as typed in the file: a count has no decimal point
            text = written[column]
            out += row_problems(
                file,
                written,
                unit_of.is_not_null() & ~text.str.contains(COUNT_WRITTEN).fill_null(True),
                column,
                lambda r, column=column: (
                    f"{r['metric']} is a count (its unit is a count in units.csv); expected a "
                    "whole number written with the digits 0-9 only (no thousands separators, no "
                    f"spaces, no decimal point, no exponent, no leading zero), got {r[column]!r}"
                ),
            )
            continue
        out += row_problems(
            file,
            figures,
            unit_of.is_not_null() & (values != values.floor()).fill_null(False),
            column,
            lambda r, column=column: (
                f"{formatting.num(r[column])} is not a whole number, but {r['metric']} is a count "
                "(its unit is a count in units.csv); expected a whole number: only a rate, ratio "
                "or share may be decimal"
            ),
        )
    return out


def breakdown_problems(
    figures: Table, dimensions: Table, root: Path | str | None = None
) -> list[Problem]:
    """The figures whose breakdown's dimension (before the colon) is not declared in dimensions.csv,
    which says how text writes it (its group is group_problems')."""
    file = schema.resource("figures", root)["path"]
    figures, dimensions = frames.as_polars(figures), frames.as_polars(dimensions)
    dimension = figures["breakdown"].str.split(":").list.first()
    return row_problems(
        file,
        figures,
        dimension.is_not_null() & ~dimension.is_in(dimensions["dimension"].implode()),
        "breakdown",
        lambda r: (
            f"the dimension {r['breakdown'].split(':')[0]!r} is not in "
            f"{schema.resource('dimensions', root)['path']}; "
            "expected a declared dimension: add a row there saying how text writes it "
            "(like US administration)"
        ),
    )


def group_problems(
    figures: Table, dimensions: Table, groups: Table, root: Path | str | None = None
) -> list[Problem]:
    """The figures whose breakdown names a group (after the colon) that groups.csv does not declare
    for its dimension: readers see a group only in the words declared there, never its code. A
    figure whose dimension is not declared at all is breakdown_problems' (one line per cell)."""
    file = schema.resource("figures", root)["path"]
    figures, dimensions, groups = (frames.as_polars(t) for t in (figures, dimensions, groups))
    dimension = figures["breakdown"].str.split(":").list.first()
    declared = pl.concat_str([groups["dimension"], pl.lit(":"), groups["group"]])
    return row_problems(
        file,
        figures,
        dimension.is_in(dimensions["dimension"].implode())
        & ~figures["breakdown"].is_in(declared.implode()),
        "breakdown",
        lambda r: (
            f"the group {r['breakdown'].split(':', 1)[1]!r} of the dimension "
            f"{r['breakdown'].split(':')[0]!r} is not in "
            f"{schema.resource('groups', root)['path']}; expected a declared group: add a row "
            "there saying how readers see it (like Obama administration, and under the Obama "
            "administration in running text)"
        ),
    )


def report_problems(
    reports: Table, root: Path | str | None = None, figures: Table | None = None
) -> list[Problem]:
    """The reports whose period ends before it starts, and the corrections that cannot be one
    (correction_problems; with the figures, also two releases of one day that neither corrects)."""
    file = schema.resource("reports", root)["path"]
    reports = frames.as_polars(reports)
    figures = None if figures is None else frames.as_polars(figures)
    return _period_problems(file, reports) + correction_problems(file, reports, figures)


def correction_problems(
    file: str, reports: pl.DataFrame, figures: pl.DataFrame | None = None
) -> list[Problem]:
    """A release that corrects another (the column `corrects`) must be one: not itself, not a news
    article, of a release of its own issuer that is no news article either, published no earlier,
    and no chain of corrections may come back to where it started. Two releases of one issuer
    published the same day with data to the same date that give figures of one series and metric
    (figures), neither correcting the other, leave which one a page could quote unknown: the later
    row is named, to say which corrects which."""
    if "corrects" not in reports.columns:
        return []
    # the (series, metric) pairs each report gives figures of
    counts: dict[str, set] = {}
    if figures is not None:
        for report_id, *pair in (
            figures.filter(pl.col("series").is_not_null())
            .select("report_id", "series", "metric")
            .unique()
            .iter_rows()
        ):
            counts.setdefault(report_id, set()).add(tuple(pair))
    rows = reports.select(
        "report_id", "kind", "issuer", "published", "period_end", "geography", "corrects"
    ).rows(named=True)
    by_id = {row["report_id"]: row for row in rows}
    parents = {row["report_id"]: row["corrects"] for row in rows}
    chains = {row["report_id"]: set(corrected_chain(row["report_id"], parents)) for row in rows}
    problems: dict[int, str] = {}
    for at, row in enumerate(rows):
        target = by_id.get(row["corrects"]) if row["corrects"] else None
        if target is None:
            continue  # none, or one no report has: the foreign key names that
        if row["corrects"] == row["report_id"]:
            problems[at] = "a release cannot correct itself"
        elif QUOTING_KIND in (row["kind"], target["kind"]):
            problems[at] = (
                f"{row['report_id']} ({row['kind']}) corrects {target['report_id']} "
                f"({target['kind']}); expected a release correcting a release of its issuer: a "
                "news article quotes figures, it does not issue them"
            )
        elif row["issuer"] != target["issuer"]:
            problems[at] = (
                f"{row['report_id']} is issued by {row['issuer']!r} but corrects a release of "
                f"{target['issuer']!r}; expected the same issuer"
            )
        elif (
            row["period_end"]
            and target["period_end"]
            and row["period_end"][:7] != target["period_end"][:7]
        ):
            problems[at] = (
                f"{row['report_id']} has data to {row['period_end']} but corrects "
                f"{target['report_id']}, with data to {target['period_end']}; expected a "
                "correction of the same data (a release with later data is the next release, not "
                "a correction)"
            )
        elif _before_day(row["published"], target["published"]):
            problems[at] = (
                f"{row['report_id']} (published {row['published']}) corrects "
                f"{target['report_id']}, published later ({target['published']}); expected a "
                "correction published on or after the release it corrects"
            )
        elif row["report_id"] in chains[row["report_id"]]:
            problems[at] = (
                f"the corrections starting at {row['report_id']} come back to it; expected each "
                "release corrected by later ones only"
            )
    # two releases of one day and one data date, unrelated
    first: dict[tuple, list[int]] = {}
    for at, row in enumerate(rows):
        day = row["published"]
        if row["kind"] == QUOTING_KIND or not day or len(day) != 10 or not row["period_end"]:
            continue
        if not counts.get(row["report_id"]):
            continue  # no figure of a series: nothing a page could quote of it
        # one place, one month of data: "1990-02" and "1990-02-28" are the same data
        key = (row["issuer"], day, row["period_end"][:7], row["geography"])
        earlier = [
            j for j in first.get(key, []) if counts[rows[j]["report_id"]] & counts[row["report_id"]]
        ]
        first.setdefault(key, []).append(at)
        if not earlier:
            continue
        other = rows[earlier[0]]["report_id"]
        related = other in chains[row["report_id"]] or row["report_id"] in chains[other]
        if at not in problems and not related:
            problems[at] = (
                f"{row['report_id']} and {other} are releases of {row['issuer']} published the "
                f"same day ({day}) with data to the same date ({row['period_end']}), and neither "
                "corrects the other: which one a page of that day could quote is not known; "
                "expected the report_id of the release it corrects here (or dates that tell them "
                "apart)"
            )
    return [
        Problem(file, message, row=at + 2, column="corrects")
        for at, message in sorted(problems.items())
    ]


def corrected_chain(report_id: str, parents: Mapping[str, str | None]) -> list[str]:
    """The releases a release corrects, directly, then through the ones it corrects (parents:
    report_id -> the report_id it corrects, or None); a chain that comes back on itself stops
    where it would repeat (a ring holds the release it started from)."""
    out: list[str] = []
    step = parents.get(report_id)
    while step and step not in out:
        out.append(step)
        step = parents.get(step)
    return out


def _before_day(one: str | None, other: str | None) -> bool:
    """Whether one publication date is surely before the other (both known; "2018-10" is any day
    of October, so it is before "2018-11-02" but not before "2018-10-02")."""
    if not one or not other:
        return False
    last, first = periods.bound([one], "last")[0], periods.bound([other], "first")[0]
    return last is not None and first is not None and last < first


def _of_report(figures: pl.DataFrame, reports: pl.DataFrame, column: pl.Series) -> pl.Series:
    """For each figure, a column of its report (as effective.py joins them: by report_id)."""
    return figures["report_id"].replace_strict(
        reports["report_id"], column, default=None, return_dtype=pl.String
    )


def place_problems(
    figures: Table, reports: Table, countries: Table, root: Path | str | None = None
) -> list[Problem]:
    """The figures for one governorate whose geography (their own, or their report's when their own
    is empty, as effective.py inherits it) is not exactly that governorate's country: such a figure
    counts in that country only. And the figures of an issuer's report (not a news article) whose
    own geography names a country the report does not cover (a count for Iraq in a report on Syria
    alone): the report's geography is too narrow, or the figure's is wrong. A P-code's country is
    the row of countries.csv whose iso2 its first two letters are (SY01: SYR)."""
    file = schema.resource("figures", root)["path"]
    pcode_countries = geography.pcode_countries(countries)
    names = geography.country_names(countries)
    figures, reports = frames.as_polars(figures), frames.as_polars(reports)
    covered = _of_report(figures, reports, reports["geography"])
    kinds = _of_report(figures, reports, reports["kind"])
    # an issuer's own report only (a news page's claim of another place is T-PLACE's to judge); a
    # governorate's figure is said below, by its country
    outside = [
        own is not None
        and report is not None
        and pcode is None
        and kind != QUOTING_KIND
        and not set(own.split("+")) <= set(report.split("+"))
        for own, report, pcode, kind in zip(
            figures["geography"].to_list(),
            covered.to_list(),
            figures["governorate_pcode"].to_list(),
            kinds.to_list(),
            strict=True,
        )
    ]
    beyond = row_problems(
        file,
        figures.with_columns(_covered=covered),
        pl.Series(outside, dtype=pl.Boolean),
        "geography",
        lambda row: (
            f"{row['geography']} is not within {row['_covered']}, what its report "
            f"{row['report_id']} covers ({schema.resource('reports', root)['path']}); expected a "
            "place the report covers, or the report's geography widened"
        ),
    )
    figures = figures.with_columns(
        _geo=figures["geography"].fill_null(_of_report(figures, reports, reports["geography"])),
        _country=figures["governorate_pcode"]
        .str.slice(0, geography.PCODE_COUNTRY_LETTERS)
        .replace_strict(
            list(pcode_countries),
            list(pcode_countries.values()),
            default=None,
            return_dtype=pl.String,
        ),
    )
    return beyond + row_problems(
        file,
        figures,
        figures["_geo"] != figures["_country"],
        "governorate_pcode",
        lambda row: (
            f"{row['governorate_pcode']} is a governorate of "
            f"{formatting.geography_label(row['_country'], names)} ({row['_country']}), "
            "but the figure's geography"
            f"{'' if row['geography'] else ', inherited from its report ' + row['report_id'] + ','}"
            f" is {row['_geo']}; expected exactly {row['_country']}: "
            "a figure for one governorate counts in that country only "
            f"(give the figure its own geography {row['_country']})"
        ),
    )


# an HXL hashtag with its attributes, as metrics.csv's hxl column must give it: it names export
# files and heads their columns, whatever the schema's own pattern says
HXL_TAG = re.compile(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*")


def hxl_problems(metrics: Table, root: Path | str | None = None) -> list[Problem]:
    """The metrics whose hxl is not a hashtag with attributes ("#affected+killed"), one line each
    at its row and column: the tag names a file of reports/exports/ and heads its columns."""
    metrics = frames.as_polars(metrics)
    if "hxl" not in metrics.columns:
        return []
    return row_problems(
        schema.resource("metrics", root)["path"],
        metrics,
        pl.Series([not (tag and HXL_TAG.fullmatch(tag)) for tag in metrics["hxl"].to_list()]),
        "hxl",
        lambda row: (
            f"{str(row['hxl'])[:60]!r} is not an HXL hashtag; expected # and lower-case words "
            "joined by +, e.g. #affected+killed"
        ),
    )


def balance_terms(text: str) -> list[tuple[int, str]]:
    """The terms of a metric's balance (metrics.csv's `balance`), each with its sign:
    "carried + new - assessed" -> [(1, "carried"), (1, "new"), (-1, "assessed")]. Raises
    ValueError for text that is not names joined by " + " and " - "."""
    words = text.split()
    signs = {"+": 1, "-": -1, "−": -1}
    if not words or len(words) % 2 == 0 or words[0] in signs:
        raise ValueError(text)
    terms = [(1, words[0])]
    for sign, name in zip(words[1::2], words[2::2], strict=True):
        if sign not in signs or name in signs:
            raise ValueError(text)
        terms.append((signs[sign], name))
    return terms


def balance_problems(metrics: Table, root: Path | str | None = None) -> list[Problem]:
    """The metrics whose balance is not metric names joined by + and -, names a metric that is
    not in the table or is itself, or adds up counts of another unit; and those whose carried_from
    is a metric of another unit. Each one line at its row and column."""
    metrics = frames.as_polars(metrics)
    file = schema.resource("metrics", root)["path"]
    units = dict(zip(metrics["metric"].to_list(), metrics["unit"].to_list(), strict=True))

    def balance_wrong(row: dict) -> str | None:
        try:
            terms = balance_terms(row["balance"])
        except ValueError:
            return (
                f"{row['balance']!r} is not a balance; expected metric names joined by + and -, "
                "e.g. civcas_reports_carried_over + civcas_reports_new - civcas_reports_assessed"
            )
        for _, term in terms:
            if term not in units:
                return f"{term!r} is not a metric in {file}; expected one of its metrics"
            if term == row["metric"]:
                return f"{term!r} is the metric itself; expected the metrics that add up to it"
            if units[term] != row["unit"]:
                return (
                    f"{term!r} counts {units[term]}, not {row['unit']}; expected metrics of one "
                    "unit"
                )
        return None

    def carried_wrong(row: dict) -> str | None:
        source = row["carried_from"]
        if source in units and units[source] != row["unit"]:
            return (
                f"{source!r} counts {units[source]}, not {row['unit']}; expected a metric of one "
                "unit"
            )
        return None

    out = []
    for column, wrong in (("balance", balance_wrong), ("carried_from", carried_wrong)):
        if column not in metrics.columns:
            continue
        said = [
            None if row[column] is None else wrong(row) for row in metrics.iter_rows(named=True)
        ]
        out += row_problems(
            file,
            metrics.with_columns(_said=pl.Series(said, dtype=pl.String)),
            pl.Series([text is not None for text in said]),
            column,
            lambda row: row["_said"],
        )
    return out


# the kind of report that quotes others' figures: a claim by its carrier, never a release
QUOTING_KIND = "news_article"


def issuer_problems(
    figures: Table, reports: Table, series: Table, root: Path | str | None = None
) -> list[Problem]:
    """The releases (a report of any kind but a news article) with a figure of a series whose
    issuer is not the series' issuer, character for character: a release joins its issuer's
    series by that name, and a name typed otherwise reads as another issuer's figure (a correct
    page would be said to credit it to the wrong one). Named where the typing went wrong: at the
    series' issuer when none of its releases names it; at the figure's series when the report's
    other figures belong to a series of its issuer; else at the report's issuer."""
    figures, reports, series = (frames.as_polars(t) for t in (figures, reports, series))
    releases = (
        figures.filter(pl.col("series").is_not_null())
        .select("report_id", "series")
        .unique()
        .join(reports.select("report_id", "issuer", "kind"), on="report_id")
        .filter(pl.col("kind") != QUOTING_KIND)
        .join(series.select("series", series_issuer="issuer"), on="series")
    )
    agrees = releases.group_by("series").agg(
        any_agrees=(pl.col("issuer") == pl.col("series_issuer")).any(),
        named=pl.col("issuer").unique(maintain_order=True),
        releases=pl.len(),
    )
    # the series' own name is the typo only when two releases or more agree on another; with one
    # release (or releases that disagree) the release is named, not the series
    wrong_series = agrees.filter(
        ~pl.col("any_agrees") & (pl.col("named").list.len() == 1) & (pl.col("releases") > 1)
    )
    out = row_problems(
        schema.resource("series", root)["path"],
        series,
        series["series"].is_in(wrong_series["series"].implode()),
        "issuer",
        lambda row: (
            f"{row['issuer']!r} is not the issuer any release of {row['series']} names ("
            + ", ".join(
                repr(name)
                for name in wrong_series.filter(pl.col("series") == row["series"])["named"][0]
            )
            + f" in {schema.resource('reports', root)['path']}); expected the issuer's name as "
            "its releases give it, character for character"
        ),
    )
    mismatched = releases.filter(
        (pl.col("issuer") != pl.col("series_issuer"))
        & ~pl.col("series").is_in(wrong_series["series"].implode())
    )
    # a report whose issuer is that of another series its figures belong to: the figure's series
    # is what was typed wrong (a monitor's figure put in the coalition's series), named there
    own_series = releases.filter(pl.col("issuer") == pl.col("series_issuer"))["report_id"]
    wrong_figure = mismatched.filter(pl.col("report_id").is_in(own_series.implode()))
    mismatched = mismatched.join(wrong_figure, on=["report_id", "series"], how="anti")
    keyed = figures.with_columns(
        _key=pl.concat_str([pl.col("report_id"), pl.col("series")], separator="\x1f")
    ).join(
        wrong_figure.select(
            _key=pl.concat_str([pl.col("report_id"), pl.col("series")], separator="\x1f"),
            _issuer="issuer",
            _series_issuer="series_issuer",
        ),
        on="_key",
        how="left",
        maintain_order="left",
    )
    out += row_problems(
        schema.resource("figures", root)["path"],
        keyed,
        keyed["_issuer"].is_not_null(),
        "series",
        lambda row: (
            f"{row['series']!r} is {row['_series_issuer']!r}'s series ("
            f"{schema.resource('series', root)['path']}), but report {row['report_id']!r} is "
            f"{row['_issuer']!r}'s; expected one of its issuer's series, or none"
        ),
    )
    first = mismatched.group_by("report_id", maintain_order=True).first()
    reports = reports.join(first, on="report_id", how="left", suffix="_of", maintain_order="left")
    return out + row_problems(
        schema.resource("reports", root)["path"],
        reports,
        reports["series"].is_not_null(),
        "issuer",
        lambda row: (
            f"{row['issuer']!r} is not the issuer of {row['series']}, which this "
            f"{row['kind'].replace('_', ' ')}'s figures belong to ({row['series_issuer']!r} in "
            f"{schema.resource('series', root)['path']}); expected the series' issuer, character "
            "for character (a news article quoting it is of kind news_article)"
        ),
    )


def _after_publication(
    file: str, table: pl.DataFrame, report: pl.Series, published: pl.Series
) -> list[Problem]:
    table = table.with_columns(_report=report, _published=published)
    # every year is from 1900 to tomorrow by now
    limit = periods.bound(published, "last").dt.offset_by("1d")
    out = []
    for col, verb in (("period_start", "start"), ("period_end", "end")):
        after = periods.bound(table[col], "first") > limit
        out += row_problems(
            file,
            table,
            after,
            col,
            lambda row, c=col, verb=verb: (
                f"{row[c]} is after {row['_report']} was published ({row['_published']}); "
                f"a period cannot {verb} later than the day after "
                "its report's publication: check the year and month"
            ),
        )
    return out


def publication_problems(
    reports: Table, figures: Table, documents: Table, root: Path | str | None = None
) -> list[Problem]:
    """The periods, a report's or a figure's, that start or end after the day after their report was
    published (the report's published date, or else its held document's), where that date is
    known."""
    reports, figures = frames.as_polars(reports), frames.as_polars(figures)
    documents = frames.as_polars(documents)
    published = reports["published"].fill_null(
        reports["document_id"].replace_strict(
            documents["document_id"], documents["published"], default=None, return_dtype=pl.String
        )
    )
    return _after_publication(
        schema.resource("reports", root)["path"], reports, reports["report_id"], published
    ) + _after_publication(
        schema.resource("figures", root)["path"],
        figures,
        figures["report_id"],
        _of_report(figures, reports, published),
    )


def carrier_date_problems(
    reports: Table,
    carriers: Table,
    root: Path | str | None = None,
    figures: Table | None = None,
    supplements: Table | None = None,
) -> list[Problem]:
    """The pages said to carry a report (reports.carried_by, carriers.csv, and a figure's
    carried_by when figures are given) that are dated before the report was published, by the last
    day a page's date allows and the first day the report's does ("2018-07" carries a release of
    26 July 2018): a page cannot carry what was not out yet, so one of the two dates, or the
    pairing, is wrong. With supplements, also a page that states what a report or a figure of
    one does not (supplements.stated_by) dated before that report was published: it cannot give
    the day of a release that was not out yet."""
    reports, carriers = frames.as_polars(reports), frames.as_polars(carriers)
    published = dict(
        zip(reports["report_id"].to_list(), reports["published"].to_list(), strict=True)
    )

    def before(table: pl.DataFrame) -> pl.Series:
        first = periods.bound(table["report_id"].replace_strict(published, default=None), "first")
        last = periods.bound(table["carried_by"].replace_strict(published, default=None), "last")
        return (last < first).fill_null(False)

    def message(row: dict) -> str:
        return (
            f"{row['carried_by']} is dated {periods.label(published[row['carried_by']])}, before "
            f"{row['report_id']}, which it carries, was published "
            f"({periods.label(published[row['report_id']])}); expected a page of that day or "
            "later: check both dates, and that this page carries that report"
        )

    own = reports.filter(pl.col("carried_by").is_not_null())
    found = row_problems(
        schema.resource("reports", root)["path"],
        reports,
        reports["report_id"].is_in(own.filter(before(own))["report_id"].implode()),
        "carried_by",
        message,
    ) + row_problems(
        schema.resource("carriers", root)["path"], carriers, before(carriers), "carried_by", message
    )
    if figures is not None:
        # one line for a page and the report it carries: the first figure that pairs them, and
        # none where reports.csv or carriers.csv already pairs them
        figures = frames.as_polars(figures)
        pair = pl.concat_str(["report_id", "carried_by"], separator="\x1f")
        named = pl.concat(
            [
                table.filter(before(table)).select(pair.alias("pair"))
                for table in (
                    own.select("report_id", "carried_by"),
                    carriers.select("report_id", "carried_by"),
                )
            ]
        )["pair"]
        first = figures.select(pair.is_first_distinct() & ~pair.is_in(named.implode())).to_series()
        found += row_problems(
            schema.resource("figures", root)["path"],
            figures,
            before(figures) & first.fill_null(False),
            "carried_by",
            message,
        )
    if supplements is not None and figures is not None:
        supplements = frames.as_polars(supplements)
        owner = dict(
            zip(figures["figure_id"].to_list(), figures["report_id"].to_list(), strict=True)
        )
        stated = supplements.select(
            report_id=pl.when(pl.col("table") == "figures")
            .then(pl.col("row_id").replace_strict(owner, default=None))
            .when(pl.col("table") == "reports")
            .then(pl.col("row_id")),
            carried_by="stated_by",
        )
        found += row_problems(
            schema.resource("supplements", root)["path"],
            stated,
            before(stated),
            "stated_by",
            lambda row: (
                f"{row['carried_by']} is dated {periods.label(published[row['carried_by']])}, "
                f"before {row['report_id']}, which it is said to state this of, was published "
                f"({periods.label(published[row['report_id']])}); expected a page of that day or "
                "later: check both dates, and that this page states it"
            ),
        )
    return found


def _cycles(keys: list, refs: list) -> list[list[int]]:
    """The cycles of a table's references to its own rows (row k refers to the row whose key is
    refs[k]), each as row indices from its first row in the file, in file order."""
    at = {k: i for i, k in enumerate(keys)}
    step = [at.get(ref) if ref is not None else None for ref in refs]
    # 0: not yet walked; otherwise the number of the walk that first met the row
    seen, out = [0] * len(keys), []
    for start in range(len(keys)):
        walk, i = [], start
        while i is not None and not seen[i]:
            seen[i] = start + 1
            walk.append(i)
            i = step[i]
        if i is not None and seen[i] == start + 1:  # this walk came back to itself
            cycle = walk[walk.index(i) :]
            first = cycle.index(min(cycle))
            out.append(cycle[first:] + cycle[:first])
    return sorted(out)


def cycle_problems(tables: dict[str, Table], root: Path | str | None = None) -> list[Problem]:
    """One problem per chain of a table's references to its own rows (a report carried by a report,
    a metric a subset or an increment of a metric) that comes back where it started instead of
    ending at a row that names none."""
    out = []
    for name, table in tables.items():
        file = schema.resource(name, root)["path"]
        for child, parent, key in schema.foreign_keys(name, root):
            if parent != name:
                continue
            keys, refs = table[key].to_list(), table[child].to_list()
            words = REFERENCE_WORDS.get(child, f"has {child}")
            for cycle in _cycles(keys, refs):
                first = keys[cycle[0]]
                chain = (
                    f"{first} {words} itself"
                    if len(cycle) == 1
                    else f"a cycle: {first} {words} "
                    + "".join(f"{keys[k]} (row {k + 2}), which {words} " for k in cycle[1:])
                    + first
                )
                out.append(
                    Problem(
                        file,
                        f"{chain}; a chain of {child} must end at a row that leaves it empty: "
                        "empty it, or correct it, "
                        f"in {'this row' if len(cycle) == 1 else 'one of these rows'}",
                        row=cycle[0] + 2,
                        column=child,
                    )
                )
    return out
