"""Rules within a row, or along a table's references, that a Table Schema cannot express: ranges whose
bounds must be in order, periods that end after they start and not after their report was published, a
number that must read as its printed form, a governorate in the figure's country, references to the same
table that never come back to where they started. Column by column, but for walking those references."""

from __future__ import annotations

import polars as pl

from helpers import formatting
from helpers.data import frames, periods, schema
from helpers.data.validate import _problems
from helpers.errors import Problem

PCODE_COUNTRIES = {"SY": "SYR"}  # an OCHA P-code starts with its country's ISO alpha-2 code
REFERENCE_WORDS = {
    "carried_by": "is carried by",
    "subset_of": "is a subset of",
    "increment_of": "is an increment of",
}


def _period_problems(file: str, df: pl.DataFrame) -> list[Problem]:
    start, end = periods.bound(df["period_start"], "first"), periods.bound(df["period_end"], "last")
    return _problems(
        file,
        df,
        end < start,
        "period_end",
        lambda r: f"the period ends ({r['period_end']}) before it starts ({r['period_start']})",
    )


def figure_problems(figures, root=None) -> list[Problem]:
    file = schema.resource("figures", root)["path"]
    f = frames.as_polars(figures)
    between = (f["qualifier"] == "between").fill_null(False)
    value, low, high = f["value"], f["low"], f["high"]
    out = []
    out += _problems(
        file,
        f,
        between & (low.is_null() | high.is_null()),
        "low",
        "a range ('between') needs both low and high",
    )
    out += _problems(
        file,
        f,
        between & value.is_not_null(),
        "value",
        "leave value empty for a range ('between'); give low and high",
    )
    out += _problems(
        file,
        f,
        ~between & value.is_null(),
        "value",
        "a value is required (only a 'between' range may leave it empty)",
    )
    out += _problems(
        file,
        f,
        ~between & (low.is_not_null() | high.is_not_null()),
        "low",
        "low and high are only for a 'between' range",
    )
    out += _problems(
        file,
        f,
        low > high,
        "low",
        lambda r: (
            f"low ({r['low']:,}) is above high ({r['high']:,}); expected low no larger than high"
        ),
    )
    written = f["value_as_written"]
    plain = written.str.contains(r"^(?:[\d][\d,. ]*)$") & value.is_not_null()
    digits = written.str.replace_all(r"[^\d]", "")
    out += _problems(
        file,
        f,
        plain & (digits != value.cast(pl.String)),
        "value",
        lambda r: (
            f"{r['value']} does not match the printed {r['value_as_written']!r}; expected the same digits as value_as_written"
        ),
    )
    return out + _period_problems(file, f)


def breakdown_problems(figures, dimensions, root=None) -> list[Problem]:
    """Each breakdown's dimension (before the colon) is declared in dimensions.csv, which says how text
    writes it; a figure's group within it is free."""
    file = schema.resource("figures", root)["path"]
    f, d = frames.as_polars(figures), frames.as_polars(dimensions)
    dim = f["breakdown"].str.split(":").list.first()
    return _problems(
        file,
        f,
        dim.is_not_null() & ~dim.is_in(d["dimension"].implode()),
        "breakdown",
        lambda r: (
            f"the dimension {r['breakdown'].split(':')[0]!r} is not in {schema.resource('dimensions', root)['path']}; "
            "expected a declared dimension: add a row there saying how text writes it (like US administration)"
        ),
    )


def report_problems(reports, root=None) -> list[Problem]:
    return _period_problems(schema.resource("reports", root)["path"], frames.as_polars(reports))


def _of_report(f: pl.DataFrame, r: pl.DataFrame, column) -> pl.Series:
    """For each figure, a column of its report (as effective.py joins them: by report_id)."""
    return f["report_id"].replace_strict(
        r["report_id"], column, default=None, return_dtype=pl.String
    )


def place_problems(figures, reports, root=None) -> list[Problem]:
    """A figure for one governorate counts in that governorate's country only: its geography (its own,
    or its report's when its own is empty, as effective.py inherits it) is exactly that country."""
    file = schema.resource("figures", root)["path"]
    f, r = frames.as_polars(figures), frames.as_polars(reports)
    f = f.with_columns(
        _geo=f["geography"].fill_null(_of_report(f, r, r["geography"])),
        _country=f["governorate_pcode"]
        .str.slice(0, 2)
        .replace_strict(list(PCODE_COUNTRIES), list(PCODE_COUNTRIES.values()), default=None),
    )
    return _problems(
        file,
        f,
        f["_geo"] != f["_country"],
        "governorate_pcode",
        lambda x: (
            f"{x['governorate_pcode']} is a governorate of {formatting.geography_label(x['_country'])} ({x['_country']}), but the figure's geography"
            f"{'' if x['geography'] else ', inherited from its report ' + x['report_id'] + ','} is {x['_geo']}; expected exactly {x['_country']}: "
            f"a figure for one governorate counts in that country only (give the figure its own geography {x['_country']})"
        ),
    )


def _after_publication(
    file: str, df: pl.DataFrame, report: pl.Series, published: pl.Series
) -> list[Problem]:
    df = df.with_columns(_report=report, _published=published)
    limit = periods.bound(published, "last").dt.offset_by(
        "1d"
    )  # every year is from 1900 to tomorrow by now
    out = []
    for col, verb in (("period_start", "start"), ("period_end", "end")):
        after = periods.bound(df[col], "first") > limit
        out += _problems(
            file,
            df,
            after,
            col,
            lambda x, c=col, verb=verb: (
                f"{x[c]} is after {x['_report']} was published ({x['_published']}); a period cannot {verb} later than the day after "
                "its report's publication: check the year and month"
            ),
        )
    return out


def publication_problems(reports, figures, documents, root=None) -> list[Problem]:
    """No period, a report's or a figure's, starts or ends after the day after its report was published
    (the report's published date, or else its held document's), where that date is known."""
    r, f, d = frames.as_polars(reports), frames.as_polars(figures), frames.as_polars(documents)
    published = r["published"].fill_null(
        r["document_id"].replace_strict(
            d["document_id"], d["published"], default=None, return_dtype=pl.String
        )
    )
    return _after_publication(
        schema.resource("reports", root)["path"], r, r["report_id"], published
    ) + _after_publication(
        schema.resource("figures", root)["path"], f, f["report_id"], _of_report(f, r, published)
    )


def _cycles(keys: list, refs: list) -> list[list[int]]:
    """The cycles of a table's references to its own rows (row k refers to the row whose key is refs[k]),
    each as row indices from its first row in the file, in file order."""
    at = {k: i for i, k in enumerate(keys)}
    step = [at.get(ref) if ref is not None else None for ref in refs]
    seen, out = (
        [0] * len(keys),
        [],
    )  # 0: not yet walked; otherwise the number of the walk that first met the row
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


def cycle_problems(tables: dict, root=None) -> list[Problem]:
    """A table's references to its own rows (a report carried by a report, a metric a subset or an
    increment of a metric) end at a row that names none: no chain of them comes back where it started."""
    out = []
    for name, df in tables.items():
        file = schema.resource(name, root)["path"]
        for child, parent, key in schema.foreign_keys(name, root):
            if parent != name:
                continue
            keys, refs = df[key].to_list(), df[child].to_list()
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
                        f"{chain}; a chain of {child} must end at a row that leaves it empty: empty it, or correct it, "
                        f"in {'this row' if len(cycle) == 1 else 'one of these rows'}",
                        row=cycle[0] + 2,
                        column=child,
                    )
                )
    return out
