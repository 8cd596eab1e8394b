"""What a check rule returns, and the column helpers the rule families share.

A finding says what was expected, what was observed, the difference and the evidence. A rule never
decides severity: checks.csv does. Most rules build whole columns of findings with polars
(findings()); the claims about a series, the two document rules and the comparisons walk their
rows over plain lists and return finding() dicts. Either way a rule's findings come in a fixed
order: that of the file, or of the groups as documented in each rule.

A figure may be a range ('between': a low and a high, no value). Every rule reads a count as its two
ends (effective.LOW and HIGH, equal for one number), shows it as "1,150–1,200", and fails only on
what no number within the ranges could make true (see range_gap()), except where a rule's docstring
says otherwise."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from helpers.checks.effective import HIGH, LOW, group_words, report_names
from helpers.data import periods
from helpers.formatting import QUALIFIER_WORDS, issuer_name, per_value

if TYPE_CHECKING:
    from helpers.data.load import Package

FINDING = [
    "subject",
    "statement",
    "expected",
    "observed",
    "difference",
    "status",
    "figure_ids",
    "blamed_ids",
    "evidence",
]
# the difference in the figures' own units: whole for counts, decimal for a rate or a share
FINDING_SCHEMA = {
    column: (pl.Float64 if column == "difference" else pl.String) for column in FINDING
}


def finding(
    subject: str,
    statement: str,
    expected: str,
    observed: str,
    difference: float | None,
    ok: bool | None,
    figure_ids: Iterable[str],
    evidence: str,
    blamed: Iterable[str] | None = None,
    caveat: bool = False,
) -> dict[str, Any]:
    """One finding as a dict of FINDING's columns. ok: True (pass), False (fail) or None (not
    checkable: what it must be checked against is not held; status "unchecked", never a failure).
    figure_ids: every figure the finding rests on; blamed: those a breach is laid on (by default
    all), so that a release cited as evidence against a misquote is not itself marked as
    failing; caveat: a breach that is a warning, not a failure (as findings() reads its caveat
    column: which of two printings is right is not known)."""
    figure_ids = list(figure_ids)
    return {
        "subject": subject,
        "statement": statement,
        "expected": expected,
        "observed": observed,
        "difference": difference,
        "status": "unchecked" if ok is None else "pass" if ok else "warning" if caveat else "fail",
        "figure_ids": "; ".join(figure_ids),
        "blamed_ids": "; ".join(figure_ids if blamed is None else blamed) if ok is False else "",
        "evidence": evidence,
    }


def findings(columns: pl.DataFrame) -> pl.DataFrame:
    """Many findings at once, as finding() makes one, returned as a frame of FINDING's columns.
    `columns` has subject, statement, expected, observed, difference, ok, figure_ids (joined with
    "; ") and evidence, and may have blamed and caveat: a breach whose caveat is true is a warning,
    not a failure (two pages disagree and neither can be shown wrong)."""
    blamed = pl.col("blamed") if "blamed" in columns.columns else pl.col("figure_ids")
    caveat = pl.col("caveat").fill_null(False) if "caveat" in columns.columns else pl.lit(False)
    return columns.select(
        *(pl.col(c).cast(pl.String) for c in ("subject", "statement", "expected", "observed")),
        pl.col("difference").cast(pl.Float64),
        status=pl.when(pl.col("ok").is_null())
        .then(pl.lit("unchecked"))
        .when(pl.col("ok"))
        .then(pl.lit("pass"))
        .when(caveat)
        .then(pl.lit("warning"))
        .otherwise(pl.lit("fail")),
        figure_ids=pl.col("figure_ids"),
        blamed_ids=pl.when(pl.col("ok").not_()).then(blamed).otherwise(pl.lit("")),
        evidence=pl.col("evidence"),
    )


def as_frame(result: pl.DataFrame | Sequence[dict[str, Any]]) -> pl.DataFrame:
    """A rule's findings (a frame, or a list of finding() dicts) as a frame of FINDING_SCHEMA."""
    if isinstance(result, pl.DataFrame):
        return result.select(pl.col(c).cast(dtype) for c, dtype in FINDING_SCHEMA.items())
    return (
        pl.DataFrame(list(result), schema=FINDING_SCHEMA, orient="row")
        if result
        else pl.DataFrame(schema=FINDING_SCHEMA)
    )


# -- counts as their two ends --------------------------------------------------------------------


def range_gap(a_low: pl.Expr, a_high: pl.Expr, b_low: pl.Expr, b_high: pl.Expr) -> pl.Expr:
    """How far the count a lies above (+) or below (−) the count b, each given by its two ends: 0
    where the two meet (some number within both), null where an end is unknown. For two single
    numbers, a − b."""
    known = pl.all_horizontal(end.is_not_null() for end in (a_low, a_high, b_low, b_high))
    return (
        pl.when(a_low > b_high)
        .then(a_low - b_high)
        .when(a_high < b_low)
        .then(a_high - b_low)
        .when(known)
        .then(pl.lit(0, dtype=pl.Int64))
    )


def with_ends(figures: pl.DataFrame) -> pl.DataFrame:
    """The figures with two more columns, lo and hi: each figure's LOW and HIGH."""
    return figures.with_columns(lo=LOW, hi=HIGH)


# "about N" holds for a count within this share of N either way
ABOUT = 0.05
# words that round a figure: it agrees with any number they allow
LOOSE = ["more_than", "up_to", "about"]
# the words of those qualifiers, which change how a number reads ("more than ", "up to ", "about ")
LOOSE_WORDS = {q: QUALIFIER_WORDS[q] for q in LOOSE}


def loose_words(column: str) -> pl.Expr:
    """The LOOSE_WORDS of the qualifier in column; "" for any other (exact, at least, none)."""
    return (
        pl.col(column).replace_strict(LOOSE_WORDS, default="", return_dtype=pl.String).fill_null("")
    )


# one number given as a bound: a floor ("at least 459", "more than 459") or a ceiling ("up to 591"),
# which may name the end of a range on its side
FLOORS = ["at_least", "more_than"]
CEILINGS = ["up_to"]


def with_qualified_ends(figures: pl.DataFrame) -> pl.DataFrame:
    """with_ends(), and two more columns, q_lo and q_hi: what the figure's words allow, its
    qualifier applied. "more than 30,000" allows anything above 30,000 (q_hi infinite), "up to 51"
    anything from 0, "about 400" 400 give or take ABOUT of it; "at least" and an exact count allow
    their own ends (the issuer's own words: a later "at least" below an earlier one is a fall)."""
    qualifier = pl.col("qualifier")
    return with_ends(figures).with_columns(
        q_lo=pl.when(qualifier == "up_to")
        .then(pl.lit(0.0))
        .when(qualifier == "about")
        .then(pl.col("lo") * (1 - ABOUT))
        .otherwise(pl.col("lo").cast(pl.Float64)),
        q_hi=pl.when(qualifier == "more_than")
        .then(pl.lit(float("inf")))
        .when(qualifier == "about")
        .then(pl.col("hi") * (1 + ABOUT))
        .otherwise(pl.col("hi").cast(pl.Float64)),
    )


def minus(a: tuple[Any, Any], b: tuple[Any, Any]) -> tuple[Any, Any]:
    """a − b for counts given as (low, high): what it can be at least and at most, as (low, high).
    Works on numbers and on columns alike."""
    return a[0] - b[1], a[1] - b[0]


# -- grouping ------------------------------------------------------------------------------------


def grouped(
    frame: pl.DataFrame,
    by: str | list[str],
    joins: dict[str, tuple[pl.Expr, str]],
    **aggregations: pl.Expr,
) -> pl.DataFrame:
    """frame grouped by `by`, groups in order of first appearance, rows in file order: returns one
    row per group with the `aggregations`, and for each name in `joins` (name -> (expression,
    separator)) the group's texts joined. The texts are gathered as lists and joined after: polars'
    str.join inside an aggregation takes several times longer."""
    out = frame.group_by(by, maintain_order=True).agg(
        **aggregations, **{name: texts for name, (texts, _) in joins.items()}
    )
    return out.with_columns(
        pl.col(name).list.join(separator) for name, (_, separator) in joins.items()
    )


def runs(codes: Sequence[Any]) -> list[tuple[int, int]]:
    """(start, stop) of each run of equal codes in a sorted sequence, in order."""
    codes = np.asarray(codes, dtype=object)
    if not len(codes):
        return []
    cut = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    return list(zip([0, *cut.tolist()], [*cut.tolist(), len(codes)], strict=True))


def lowered(texts: pl.Series) -> pl.Series:
    """The texts in lower case ("Civilians killed" -> "civilians killed"), nulls kept."""
    return per_value(texts, str.lower, nulls=False)


# -- places and parts ----------------------------------------------------------------------------


def normalised(name: object) -> str:
    """A place name as spellings are compared: lower case, letters and digits only."""
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def governorate_names(pkg: Package) -> dict[str, str]:
    """pcode -> English name of every governorate in governorates.csv."""
    governorates = pkg.frames["governorates"]
    return dict(
        zip(governorates["pcode"].to_list(), governorates["name_en"].to_list(), strict=True)
    )


def spellings(pkg: Package) -> set[str]:
    """Every known spelling of every governorate (English, Arabic, variants), as "pcode|normalised
    name" keys."""
    governorates = pkg.frames["governorates"]
    columns = (governorates[c].to_list() for c in ("pcode", "name_en", "name_ar", "variants"))
    return {
        f"{pcode}|{normalised(name)}"
        for pcode, english, arabic, variants in zip(*columns, strict=True)
        for name in [english, arabic, *str(variants).split(";")]
    }


def spelled(pkg: Package, written: pl.Series, pcode: pl.Series) -> pl.Series:
    """For every row, whether the place as written is a known spelling of its governorate, as a
    boolean Series; False where either is missing."""
    key = (
        pl.concat_str([pcode, pl.lit("|"), per_value(written, normalised)])
        if len(written)
        else pl.lit("")
    )
    known = key.is_in(sorted(spellings(pkg))) & written.is_not_null() & pcode.is_not_null()
    return pl.select(known.alias("spelled")).to_series()


def part_labels(pkg: Package, parts: pl.DataFrame) -> pl.Series:
    """What each part is called, as a Series: its governorate's name (or "“<as written>” read as
    <name>" when it was placed by interpretation), else its breakdown group as groups.csv names it
    ("us_administration:obama" -> "Obama administration")."""
    pcode, written = parts["governorate_pcode"], parts["geography_as_written"]
    names = governorate_names(pkg)
    name = pcode.replace(list(names), list(names.values()))
    read = (
        parts["interpretation"].is_not_null()
        & written.is_not_null()
        & (written != name).fill_null(True)
        & ~spelled(pkg, written, pcode)
    )
    group = per_value(parts["breakdown"], lambda b: group_words(pkg, b), nulls=False)
    return pl.select(
        pl.when(pcode.is_not_null())
        .then(
            pl.when(read)
            .then(pl.concat_str([pl.lit("“"), written, pl.lit("” read as "), name]))
            .otherwise(name)
        )
        .otherwise(group)
        .alias("label")
    ).to_series()


def part_suffix(pkg: Package, rows: pl.DataFrame) -> pl.Series:
    """For each row, ", <part label>" if it is a part (a place or a breakdown group), else "" (a
    whole), as a Series."""
    part = rows["governorate_pcode"].is_not_null() | rows["breakdown"].is_not_null()
    return pl.select(
        pl.when(part)
        .then(pl.concat_str([pl.lit(", "), part_labels(pkg, rows)]))
        .otherwise(pl.lit(""))
        .alias("place")
    ).to_series()


def part_phrase(pkg: Package, rows: pl.DataFrame) -> pl.Series:
    """For each row, " (<part>)" if it is a part, else "" (a whole), as a Series: the part as
    running text names it, a place by its name ("(Ar-Raqqa)", "(“a shield” read as Dar'a)"), a
    breakdown group by its phrase in groups.csv ("(under the Obama administration)")."""
    running = per_value(rows["breakdown"], lambda b: group_words(pkg, b, phrase=True), nulls=False)
    part = pl.when(rows["governorate_pcode"].is_not_null()).then(part_labels(pkg, rows))
    part = part.otherwise(running)
    return pl.select(
        pl.concat_str([pl.lit(" ("), part, pl.lit(")")]).fill_null("").alias("part")
    ).to_series()


# -- curated text in words -----------------------------------------------------------------------


# how curated text may name a figure by its id: "figure vop-p1-1144"
FIGURE_PREFIX = "figure "


def id_words(pkg: Package) -> dict[str, str]:
    """Every id curated text may mention, with the words a reader knows it by: a report id its
    report_name() ("the CJTF-OIR release of 27 September 2018"), a figure id (alone or after
    "figure ") where it is printed ("Horrya Press, paragraph 3"), a series id its issuer's running
    total, a governorate's pcode its name ("SY12" -> "Dar'a"; "Dar'a (SY12)" -> "Dar'a")."""
    words = report_names(pkg)
    reports, figures = pkg.frames["reports"], pkg.frames["figures"]
    issuers = dict(
        zip(
            reports["report_id"], per_value(reports["issuer"], issuer_name, nulls=True), strict=True
        )
    )
    carriers = figures["carried_by"].fill_null(figures["report_id"])
    for figure_id, carrier, locator in zip(
        figures["figure_id"], carriers, figures["locator"], strict=True
    ):
        where = issuers.get(carrier, "its source")
        words[figure_id] = words[f"{FIGURE_PREFIX}{figure_id}"] = (
            f"{where}, {locator}" if locator else where
        )
    own = figures.join(
        reports.select("report_id", "kind"), on="report_id", how="left", maintain_order="left"
    ).filter(pl.col("series").is_not_null())
    for series, report_id in (
        own.sort(pl.col("kind") == "news_article", "report_id")
        .unique("series", keep="first", maintain_order=True)
        .select("series", "report_id")
        .iter_rows()
    ):
        words.setdefault(series, f"the {issuers.get(report_id, 'unnamed')} running total")
    for pcode, name in governorate_names(pkg).items():
        words[pcode], words[f"{name} ({pcode})"] = name, name
    return words


def worded(pkg: Package, text: str) -> str:
    """Curated text (a reading, a comparison's label) as a reader reads it: every id in it
    replaced by id_words() and every ISO date by its words ("2018-09-27" -> "27 September
    2018"). Each text is worded once per package: pages repeat the same findings."""
    done = pkg.derived("worded texts", lambda _: {})
    if text not in done:
        words, others = pkg.derived("id words", _id_words_and_others)
        # a web address stays as written: an id or a date in its path is part of the address
        # ("https://example.org/reports/2018-09-27/zz-report-1" must still lead there)
        pieces = _WEB_ADDRESS.split(text)
        done[text] = "".join(
            piece if odd else periods.dates_in_words(ids_in_words(words, others, piece))
            for odd, piece in zip(itertools.cycle((False, True)), pieces)
        )
    return done[text]


# a web address as curated text writes one, with its scheme (to the next space)
_WEB_ADDRESS = re.compile(r"(\b(?:https?|ftp)://\S+)")


# a run of the characters ids are made of; an id that is one (every report, figure and series id)
# can only be found as a whole run
_RUN = re.compile(r"[\w-]+")


def _id_words_and_others(pkg: Package) -> tuple[dict[str, str], list[str]]:
    """id_words(), and its other_keys()."""
    words = id_words(pkg)
    return words, other_keys(words)


def other_keys(keys: Iterable[str]) -> list[str]:
    """The keys that are neither a run of word characters and hyphens nor "figure " and one (a
    governorate's "Name (PCODE)"): what ids_in_words looks for in a text as it is."""
    return [
        key
        for key in keys
        if not _RUN.fullmatch(key)
        and not (key.startswith(FIGURE_PREFIX) and _RUN.fullmatch(key[len(FIGURE_PREFIX) :]))
    ]


def ids_in_words(words: Mapping[str, str], others: Iterable[str], text: str) -> str:
    """text with every key of words in it (found as a whole word, the longest that fits first)
    replaced by its words; others: the keys that are neither a run of word characters and hyphens
    nor "figure " and one (each is looked for in the text as it is). The pattern is made of the
    keys the text holds, not of every key (a trie of a thousand ids took 40 ms to compile, in
    every package a test run loads): it finds the same, as a key the text does not hold matches
    nowhere in it."""
    runs = _RUN.findall(text)
    present = {run for run in runs if run in words}
    present |= {FIGURE_PREFIX + run for run in runs if FIGURE_PREFIX + run in words}
    present |= {key for key in others if key in text}
    if not present:
        return text
    return whole_words(present).sub(lambda found: words[found.group(1)], text)


def whole_words(keys: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of keys as a whole word (no word character or hyphen on either
    side), the longest that fits first (any_of); group 1 is the key found. Compiled once per
    process for the same keys (the same texts recur in every package of a test run). No keys: a
    pattern that finds nothing."""
    alternatives = any_of(sorted(set(keys)))
    return _compiled(r"(?<![\w-])(" + alternatives + r")(?![\w-])" if alternatives else r"(?!)")


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def any_of(keys: Iterable[str]) -> str:
    """A pattern matching any of keys, the longest first, written as a trie: one branch per next
    character, a key that goes on tried before the key it extends. It matches what the plain
    alternation of the keys sorted longest first matches (the keys that match at one place are
    prefixes of one another, so the longest that fits is found first either way), without trying
    each of a thousand ids at every word of a text."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # a key ends here

    def branches(node: dict[str, dict]) -> str:
        going_on = [re.escape(char) + branches(rest) for char, rest in node.items() if char]
        if not going_on:
            return ""
        either = going_on[0] if len(going_on) == 1 else "(?:" + "|".join(going_on) + ")"
        return f"(?:{either})?" if "" in node else either

    return branches(trie)
