"""Rules about running series (an issuer's releases of a running total): the total never falls,
an article's figure is one the issuer released, a stated rise is the change between releases, and
figures set side by side come from one release. releases_of() picks the issuer's own points."""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks.effective import (
    BASIS,
    BASIS_WORDS,
    CADENCE_MONTHS,
    PUBLISHED_WORDS,
    data_through_dates,
    one_per_statement,
    series_cadences,
    series_noun,
)
from helpers.checks.findings import (
    ABOUT,
    FLOORS,
    LOOSE_WORDS,
    as_frame,
    finding,
    findings,
    grouped,
    loose_words,
    lowered,
    minus,
    range_gap,
    with_ends,
    with_qualified_ends,
)
from helpers.checks.registry import rule
from helpers.checks.restatements import restated_values_agree
from helpers.data import periods, text
from helpers.data.rowrules import corrected_chain
from helpers.formatting import QUALIFIER_WORDS, amount, amounts, and_list, day

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package

SERIES_KEY = ["series", "metric", "eff_geography"]


def releases_of(frame: pl.DataFrame) -> pl.DataFrame:
    """The issuer's own points of each series among the effective figures `frame`: not news
    articles' claims, one per thing stated and from the report's own carrier. Returns them by date
    (unknown dates last), then by publication (a correction of the same month after the release it
    corrects, wherever it is listed), then file order. Within cross_check, rules read
    FigureSet.releases, which works this out once."""
    points = frame.filter(
        pl.col("series").is_not_null()
        & (pl.col("report_kind") != "news_article")
        & pl.col("is_primary")
    )
    return (
        one_per_statement(points)
        .with_columns(_corrections=correction_depths(points))
        .sort("as_of", "report_published", "_corrections", "row", nulls_last=True)
        .drop("_corrections")
    )


def corrections(releases: pl.DataFrame) -> pl.DataFrame:
    """The figures of releases that correct another (reports.csv's `corrects`): SERIES_KEY,
    report_id (the correction) and report_corrects (the release it corrects); none when the data
    have no such column."""
    if "report_corrects" not in releases.columns:
        return pl.DataFrame(
            schema={c: pl.String for c in (*SERIES_KEY, "report_id", "report_corrects")}
        )
    return releases.filter(pl.col("report_corrects").is_not_null()).select(
        *SERIES_KEY, "report_id", "report_corrects"
    )


def corrected(releases: pl.DataFrame) -> pl.Expr:
    """Whether a figure is one a correction replaced: its release is corrected by another
    (reports.csv's `corrects`) that gives the same series, metric and place. The corrected
    release's other figures (its count of strikes, where the correction restates only deaths)
    stand."""
    replaced = (
        corrections(releases).select(*SERIES_KEY, report_id="report_corrects").unique().rows()
    )
    if not replaced:
        return pl.lit(False)
    keys = ["\x1f".join(str(v) for v in row) for row in replaced]
    joined = pl.concat_str([*SERIES_KEY, "report_id"], separator="\x1f")
    return joined.is_in(keys).fill_null(False)


def correction_depths(points: pl.DataFrame) -> pl.Expr:
    """For each figure, how many corrections its release stands after (reports.csv's `corrects`:
    0 for a release that corrects none, 1 for a correction of one, 2 for a correction of a
    correction), so that a correction comes after the release it corrects on the same day,
    wherever either is listed."""
    if "report_corrects" not in points.columns:
        return pl.lit(0)
    parents = dict(points.select("report_id", "report_corrects").unique().iter_rows())
    depth = {report_id: len(corrected_chain(report_id, parents)) for report_id in parents}
    return pl.col("report_id").replace_strict(depth, default=0, return_dtype=pl.Int64)


def _positions_by(frame: pl.DataFrame, columns: list[str]) -> dict[tuple, list[int]]:
    """key tuple -> positions (in frame order) of the rows with that key; rows with a missing key
    left out."""
    out: dict[tuple, list[int]] = {}
    for position, key in enumerate(zip(*(frame[c].to_list() for c in columns), strict=True)):
        if None not in key:
            out.setdefault(key, []).append(position)
    return out


def _lists(frame: pl.DataFrame, columns: Sequence[str]) -> dict[str, list]:
    """column -> its values as a plain list, for rules that walk rows one by one."""
    return {c: frame[c].to_list() for c in columns}


@rule
def cumulative_never_falls(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """Per series, metric and place with two releases or more (not increments), in that order: one
    finding that the releases, in date order, never fall; then one per other figure of the series
    (in file order) that a later release falls below. A range is read so that a fall is certain,
    never merely possible: a release falls when even its high is below the highest low before it,
    and another figure is contradicted when even its low is above a later release's high (the
    difference is that certain fall). After a release whose count is unknown, the next release has
    nothing to be compared with; a release of unknown date is left out of the order. Returns a
    findings() frame, or an empty list when no series has
    two releases."""
    key = SERIES_KEY
    releases = (
        with_qualified_ends(figures.releases)
        .select(
            *key,
            "lo",
            "hi",
            "q_lo",
            "q_hi",
            "as_of",
            "as_of_label",
            "figure_id",
            "report_id",
            "report_name",
            "series_name",
            "evidence",
            "increment_of",
            "metric_label",
            "qualifier",
        )
        .with_row_index("j")
        .drop_nulls(key)
        # a release of unknown date has no place in the order: it is compared with nothing
        .filter(pl.col("as_of").is_not_null())
        # nor has one a correction replaced: its count is no step of the running total
        .filter(~corrected(figures.releases))
    )
    releases = releases.with_columns(
        n=pl.len().over(key), incs=pl.col("increment_of").is_not_null().any().over(key)
    ).filter((pl.col("n") >= 2) & ~pl.col("incs"))
    if releases.is_empty():
        return []
    # the highest low before each release; unknown right after an unknown
    # (read by their words: "more than 30,000" is not a fall from 30,008)
    releases = releases.with_columns(prev=pl.col("q_lo").cum_max().shift(1).over(key))
    # the release that set it (the latest of equal ones): a fall is laid on the release that falls
    # and on that one, never on the series' other releases, which agree with each other
    releases = releases.with_columns(
        peak=pl.when(pl.col("q_lo") == pl.col("q_lo").cum_max().over(key))
        .then(pl.col("figure_id"))
        .forward_fill()
        .shift(1)
        .over(key)
    )
    releases = releases.with_columns(
        fall=pl.when(pl.col("q_hi") < pl.col("prev")).then(
            (pl.col("q_hi") - pl.col("prev")).round(0).cast(pl.Int64)
        ),
        step=pl.concat_str(
            [
                # words that change how a count reads stay with it: "more than 30,000" after
                # 30,008 is no fall
                loose_words("qualifier"),
                amounts(releases["lo"], releases["hi"]),
                pl.lit(" ("),
                pl.col("as_of_label"),
                pl.lit(")"),
            ]
        ),
        cited=pl.concat_str([pl.col("report_name"), pl.lit(": "), pl.col("evidence")]),
    )
    series = (
        grouped(
            releases,
            key,
            {
                "observed": (pl.col("step"), " → "),
                "figure_ids": (pl.col("figure_id"), "; "),
                "evidence": (pl.col("cited"), "; "),
                "blamed": (
                    pl.concat_list(pl.col("peak"), pl.col("figure_id"))
                    .filter(pl.col("fall").is_not_null())
                    .explode()
                    .unique(maintain_order=True),
                    "; ",
                ),
            },
            label=pl.col("metric_label").first(),
            name=pl.col("series_name").first(),
            worst=pl.col("fall").min(),
        )
        .sort(key)
        .with_row_index("g")
    )
    label = lowered(series["label"])
    # what each series' publications are called ("release", a monitor's "report")
    noun = pl.Series(
        [series_noun(pkg, name) for name in series["series"].to_list()], dtype=pl.String
    )
    out = series.select(
        "g",
        after=pl.lit(0, dtype=pl.UInt32),
        subject=pl.concat_str([pl.col("series"), pl.lit(": "), label]),
        statement=pl.concat_str(
            [
                pl.col("name").str.replace("^the ", "The "),
                pl.lit(" of "),
                label,
                pl.lit(" never falls from one "),
                noun,
                pl.lit(" to the next"),
            ]
        ),
        expected=pl.concat_str([pl.lit("each "), noun, pl.lit(" at least the one before")]),
        observed="observed",
        difference=pl.col("worst").fill_null(0),
        ok=pl.col("worst").is_null(),
        figure_ids="figure_ids",
        evidence="evidence",
        blamed="blamed",
    )
    # another figure of the series that a later release falls below
    others = (
        with_qualified_ends(
            figures.frame.filter(
                pl.col("series").is_not_null()
                & (pl.col("report_kind") != "news_article").fill_null(True)
                # a corrected release's figure was replaced: no later release contradicts it
                & ~corrected(figures.releases)
            )
        )
        .select(
            *key,
            "lo",
            "hi",
            "q_lo",
            "as_of",
            "figure_id",
            "carrier_name",
            "report_name",
            "evidence",
        )
        .with_row_index("r")
        .drop_nulls([*key, "lo", "as_of"])
        .join(releases.select(*key, "figure_id"), on=[*key, "figure_id"], how="anti")
    )
    known = releases.drop_nulls(["as_of", "hi"]).select(*key, "j", a_as_of="as_of", a_hi="q_hi")
    # the first such release, in date order
    first_below = (
        others.join(known, on=key)
        .filter((pl.col("a_as_of") > pl.col("as_of")) & (pl.col("a_hi") < pl.col("q_lo")))
        .group_by("r")
        .agg(j=pl.col("j").min())
    )
    contradicted = others.join(first_below, on="r").join(series.select(*key, "g"), on=key).sort("r")
    if not contradicted.is_empty():
        # the release each one is measured against
        against = releases.join(contradicted.select("j", "r"), on="j").sort("r")
        stated = amounts(contradicted["lo"], contradicted["hi"])
        released = amounts(against["lo"], against["hi"])
        out = pl.concat(
            [
                out,
                contradicted.select(
                    "g",
                    after=pl.col("r") + 1,
                    subject="figure_id",
                    statement=pl.concat_str(
                        [
                            pl.lit("The "),
                            stated,
                            pl.lit(" that "),
                            pl.col("carrier_name"),
                            pl.lit(" gives for "),
                            pl.col("report_name"),
                            pl.lit(" fits the running total"),
                        ]
                    ),
                    expected=pl.concat_str(
                        [
                            pl.lit("no more than the later "),
                            released,
                            pl.lit(" ("),
                            against["report_name"],
                            pl.lit(", "),
                            against["as_of_label"],
                            pl.lit(")"),
                        ]
                    ),
                    observed=stated,
                    difference=pl.col("lo") - against["hi"],
                    ok=pl.lit(False),
                    figure_ids=pl.concat_str(
                        [pl.col("figure_id"), against["figure_id"]], separator="; "
                    ),
                    evidence=pl.concat_str(
                        [
                            pl.lit("If "),
                            stated,
                            pl.lit(" were right, the running total would later fall to "),
                            released,
                            pl.lit(". | "),
                            pl.col("evidence"),
                            pl.lit(" | "),
                            against["evidence"],
                        ]
                    ),
                    blamed="figure_id",
                ),
            ],
            how="vertical_relaxed",
        )
    return findings(out.sort("g", "after"))


# how far a bound may lie from the issuer's figure that a page gives by it: "more than N" gives a
# figure above N but no more than FAR times N, "up to N" one of N/FAR to N. "More than 1,000" and
# "up to 1,200" give a release of 1,114; "more than 100" and "up to 5,000" are true of it but
# are not its figure.
FAR = 2


def claim_bounds(lo: Any, hi: Any, qualifier: Any) -> tuple[Any, Any, bool]:
    """What a claimed count allows, as (least, most, least_excluded): "more than N" anything above
    N (N itself excluded) up to FAR times N, "up to N" anything from N/FAR to N (the bound is the
    figure's own, rounded, not any number it happens to hold), "about N" N give or take ABOUT of
    it; any other qualifier its two ends as stated ("at least 1,114" is matched by a release of "at
    least 1,114", the issuer's own words, not by any larger number). None ends stay None."""
    if lo is None or hi is None:
        return lo, hi, False
    if qualifier == "more_than":
        return lo, lo * FAR if lo > 0 else float("inf"), True
    if qualifier == "up_to":
        return hi / FAR, hi, False
    if qualifier == "about":
        return lo * (1 - ABOUT), hi * (1 + ABOUT), False
    return lo, hi, False


def reads_as(
    release: tuple[Any, Any, Any], claim: tuple[Any, Any, Any], bounds: tuple[Any, Any, bool]
) -> bool:
    """Whether a release's figure (low, high, qualifier) is one a claim (low, high, qualifier, read
    as claim_bounds' bounds) gives: the release lies within the claim's bounds; or the claim gives
    the release's own words, "more than 1,300" for "more than 1,300"; or a floor gives a release's
    range by its least, "at least 459" for 459–591, as pages give a monitor's minimum (a ceiling,
    "up to 591", is within its bounds already), as the restatements read them."""
    r_lo, r_hi, r_qualifier = release
    c_lo, c_hi, open_low = bounds
    if claim[2] == r_qualifier == "more_than" and claim[0] == r_lo and claim[1] == r_hi:
        return True
    if claim[2] in FLOORS and r_lo != r_hi and claim[0] == r_lo:
        return True
    r_lo, r_hi = _bound_read(r_lo, r_hi, claim[2])
    return (r_lo > c_lo if open_low else c_lo <= r_lo) and r_hi <= c_hi


def _bound_read(r_lo: Any, r_hi: Any, qualifier: Any) -> tuple[Any, Any]:
    """The end of a release's figure that a claim's bound gives: a floor ("more than 8,000") its
    least, a ceiling ("up to 13,000") its most; both ends for any other claim."""
    if qualifier == "more_than":
        return r_lo, r_lo
    if qualifier == "up_to":
        return r_hi, r_hi
    return r_lo, r_hi


def gap_outside(
    release: tuple[Any, Any], bounds: tuple[Any, Any, bool], qualifier: Any = None
) -> float:
    """How far a release's figure (low, high; the end a floor or ceiling gives: _bound_read)
    reaches outside a claim's bounds (claim_bounds): 0 only when it is within them. Of a count (a
    release in whole numbers), in whole units, rounded up: "more than 1,302" needs 1,303 of a
    count, one more than a release of 1,302; "about 1,053" reaches down to 1,000.35, and a release
    of 1,000 lies 1 below it. Of a rate or a share (a release with decimals), as it is: 72.5
    against 7.25 is 65.25 apart."""
    r_lo, r_hi = _bound_read(*release, qualifier)
    c_lo, c_hi, open_low = bounds
    short = c_lo - r_lo
    if open_low and r_lo <= c_lo:
        short += 1 if float(c_lo).is_integer() and float(r_lo).is_integer() else 0
    over = r_hi - c_hi if c_hi != float("inf") else 0
    gap = max(short, over, 0)
    if not all(float(end).is_integer() for end in release):
        return round(gap, 9)
    return math.ceil(round(gap, 9))


# the fewest digits a count needs before a one-digit difference reads as a slip, not as a near value
SLIP_DIGITS = 3


def digit_slip(claimed: Any, released: Any) -> str | None:
    """How a claimed whole number reads as a misprint of a released one, in words, or None: "one
    digit changed" (24,502 for 34,502, 274 for 674), "two digits swapped" (1,391 for 1,319, 647
    for 674), "one digit left out" (348 for 3,480) or "one digit added" (13,480 for 3,480). Only
    for counts of SLIP_DIGITS digits or more (the longer of the two): a small count one digit off
    is as likely a near value as a slip; so is a change in the last digit (3,037 for 3,035), and a
    round number (1,100 for 1,190: zeros from the changed digit on) is a rounding. Equal numbers,
    fractions and negatives give None."""
    if claimed is None or released is None or claimed == released:
        return None
    if min(claimed, released) < 0 or claimed != int(claimed) or released != int(released):
        return None
    said, given = str(int(claimed)), str(int(released))
    if max(len(said), len(given)) < SLIP_DIGITS:
        return None
    if len(said) == len(given):
        apart = [i for i, (x, y) in enumerate(zip(said, given, strict=True)) if x != y]
        if len(apart) == 1:
            # the last digit changed is a near value (3,037 for 3,035), and 1,100 for 1,190 a
            # round number: neither reads as a slip
            last = apart[0] == len(said) - 1
            return None if last or set(said[apart[0] :]) == {"0"} else "one digit changed"
        if len(apart) == 2 and apart[1] == apart[0] + 1 and said[apart[0]] == given[apart[1]]:
            return "two digits swapped" if said[apart[1]] == given[apart[0]] else None
        return None
    longer, shorter = (said, given) if len(said) > len(given) else (given, said)
    if len(longer) != len(shorter) + 1:
        return None
    if any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))):
        return "one digit added" if longer == said else "one digit left out"
    return None


# a round number's precision in words, by how many zeros end it
ROUNDED_TO = {1: "the nearest ten", 2: "the nearest hundred", 3: "the nearest thousand"}


def rounding_of(claimed: Any, released: Any) -> str | None:
    """How a claimed round number reads as a released one rounded, in words, or None: 1,100 for
    1,114 is "the nearest hundred", 1,110 for 1,114 "the nearest ten". Only for whole numbers that
    differ; a claim of no trailing zero, or one the release does not round to, gives None."""
    if claimed is None or released is None or claimed == released or claimed <= 0:
        return None
    if claimed != int(claimed) or released != int(released):
        return None
    zeros = len(str(int(claimed))) - len(str(int(claimed)).rstrip("0"))
    step = 10 ** min(zeros, max(ROUNDED_TO))
    if not zeros or abs(released - claimed) * 2 >= step:
        return None
    return ROUNDED_TO[min(zeros, max(ROUNDED_TO))]


def claim_reading(claimed: Any, released: Any, others: Iterable[Any] = ()) -> str | None:
    """What a claimed number that is not a release's may be of it, as words to follow "24,502 is
    34,502": "with one digit changed: perhaps a misprint" (digit_slip) or "rounded to the nearest
    hundred" (rounding_of); None when it is neither. others: the other figures the claim is judged
    against; no misprint is suggested when one of them is a misprint of the claim too, or one
    digit from it, its last digit included (1,069 is one digit from 1,059 and from 1,061, and
    1,096 with two digits swapped: which was misprinted, if either, is not known)."""
    slip = digit_slip(claimed, released)
    if slip and not any(
        other != released and (_one_digit_apart(claimed, other) or digit_slip(claimed, other))
        for other in others
    ):
        return f"with {slip}: perhaps a misprint"
    to = rounding_of(claimed, released)
    return f"rounded to {to}" if to else None


def _one_digit_apart(claimed: Any, other: Any) -> bool:
    """Two whole numbers of as many digits that differ in one of them, wherever it is."""
    if claimed is None or other is None or claimed != int(claimed) or other != int(other):
        return False
    said, given = str(int(claimed)), str(int(other))
    return len(said) == len(given) and sum(x != y for x, y in zip(said, given, strict=True)) == 1


def current_release(claim_date: Any, positions: list[int], dates: list[Any]) -> int | None:
    """Of the releases at `positions` (dates[j]: the first day release j can have been published,
    or its data-through date when its publication is unknown), the one current on claim_date: the
    latest published on or before it (of equal dates, the later listed). None when none was out
    by then. claim_date None (an undated page) is not handled here: the caller matches any."""
    out = None
    for j in positions:
        out_by_then = dates[j] is not None and dates[j] <= claim_date
        if out_by_then and (out is None or dates[j] >= dates[out]):
            out = j
    return out


def releases_current_within(
    first: Any, last: Any, positions: list[int], dates: list[Any], shared_day: bool = True
) -> list[int]:
    """Of the releases at `positions` (dates as for current_release()), those current on some day
    from first to last, the span a page dated only by its month or year can have been published in:
    the one current the day before first, then each one out from first to last, in the order they
    came out. A release's own day is shared: a page of that day may have been written before it
    came out, and may quote the one before it or any of that day's. shared_day False: a release
    is current from its own day on, and the one before it no longer (a rule that must not read a
    small number as the older release's on the day of a new one)."""
    start = current_release(first - timedelta(days=1 if shared_day else 0), positions, dates)
    within = sorted(
        (
            j
            for j in positions
            if dates[j] is not None
            and (first <= dates[j] if shared_day else first < dates[j])
            and dates[j] <= last
        ),
        key=lambda j: dates[j],
    )
    return ([] if start is None else [start]) + [j for j in within if j != start]


def worded_for(noun: str, text: str) -> str:
    """One of this module's own texts, which call a series' publications releases ("no release",
    "released by"), as said of a series whose publications are `noun`s (effective.series_noun):
    "no report", "published by". Never for text from the data (names, evidence): only the words
    this module writes."""
    if noun == "release":
        return text

    def said(word: re.Match) -> str:
        capital, ending = word.group(1) == "R", word.group(2) or ""
        new = "published" if ending == "d" else noun + ending
        return new[:1].upper() + new[1:] if capital else new

    text = re.sub(r"\b([Rr])elease(s|d)?\b", said, text)
    # "a estimate" is "an estimate"
    return re.sub(
        rf"\b([Aa]) (?={re.escape(noun)}\b)",
        lambda article: article.group(1) + ("n " if noun[:1] in "aeiou" else " "),
        text,
    )


CURRENT_NOT_HELD = "not checkable: a release current then is not held"
UNDATED_MATCH = "not checkable: it is the figure of a release whose day is not known"
IRREGULAR_NOT_HELD = (
    "not checkable: an update of the series that is not held may have come out between the "
    "held ones"
)
# why a claim that is a release's figure is not that of a release current at the page's date, as
# T-CLAIMS's observed text gives it after the release's name (headlines names it so too)
PUBLISHED_AFTER = "published after the page"


def _others(count: int, which: str) -> str:
    """ " (and 7 later releases)": the other releases a claim (a range, "more than …") fits too,
    beside the one named; "" when none does."""
    if count <= 0:
        return ""
    return f" (and {count} {which} release{'s' if count > 1 else ''})"


OUT_OF_DATE = "out of date by the page's date"
NOT_OF_ITS_DATE = "not of the date the page gives"
DATE_NOT_KNOWN = "a release whose day is not known"
RUNNING_NOT_SPAN = "a running total since the series' start, not a count for the page's span"
# a claim that gives a printing of a release its carriers print two ways, neither shown wrong
DISPUTED_PRINTING = "a figure its pages print differently, which is right not known"


def ways(count: int) -> str:
    """ "two ways", "three ways" … : how many numbers one figure is printed as (in words as the
    documents' number words, text.WORDS, give them)."""
    words = {number: word for word, number in reversed(text.WORDS.items())}
    return f"{words.get(count, str(count))} ways"


def disputed_printings(figures: FigureSet, pkg: Package) -> dict[str, list[int]]:
    """For each release's figure (FigureSet.releases) that its carriers print two ways with no one
    shown wrong (restated_values_agree's caveat: neither the issuer's own text nor a majority of
    pages tells which is right), the positions in figures.frame of all its printings, the
    release's figure among them. A printing that rule shows wrong (blames) is a misprint, not the
    release's figure, and the figure it misprints is not disputed."""
    restated = as_frame(restated_values_agree(figures, pkg, {}))
    caveats = restated.filter(pl.col("status") == "warning")["figure_ids"].to_list()
    disputed = {figure_id for ids in caveats for figure_id in ids.split("; ")}
    releases = figures.releases.filter(pl.col("figure_id").is_in(disputed))
    if releases.is_empty():
        return {}
    frame = figures.frame.with_row_index("position").filter(pl.col("figure_id").is_in(disputed))
    return {
        release["figure_id"]: frame.filter(pl.col("subject_key") == release["subject_key"])[
            "position"
        ].to_list()
        for release in releases.iter_rows(named=True)
    }


def issued_releases(
    releases: pl.DataFrame, cadences: Mapping[str, str] | None = None
) -> dict[tuple, dict[str, list]]:
    """(series, place) -> its releases (reports) that give a figure for that place, whatever
    they count, each once in the order first listed: report_id, report_name, out (the first day
    a page can quote it: release_dates, the earliest of its figures'), surely_out (the last day
    it can have come out: its publication date read as its last day, "2018-10" as 31 October, or
    else the day a page cited it by, or else, nothing known of its publication, its out day) and
    data_through (the latest data-through date its figures state; else, given the series'
    cadences, the last day of the month the releases around it leave it, as the rises read it:
    release_months; else None)."""
    out = release_dates(releases)
    inferred = (
        [_month_end(month) for month in release_months(releases, cadences)]
        if cadences
        else [None] * releases.height
    )
    # its publication's last day, else the day a page cited it by, else (nothing known of its
    # publication) the day it is placed at as a page's quote, its out day
    surely = pl.select(
        pl.coalesce(
            periods.bound(releases["report_published"], "last"),
            pl.when(releases["as_of_basis"] != BASIS[0]).then(releases["as_of"]),
        )
    )
    columns = {
        "report_id": releases["report_id"].to_list(),
        "report_name": releases["report_name"].to_list(),
        "out": out,
        "surely_out": [
            day if day is not None else first
            for day, first in zip(surely.to_series().to_list(), out, strict=True)
        ],
        "data_through": [
            stated or guessed
            for stated, guessed in zip(
                data_through_dates(releases["as_of"].to_list(), releases["as_of_basis"].to_list()),
                inferred,
                strict=True,
            )
        ],
    }
    issued: dict[tuple, dict[str, list]] = {}
    where: dict[tuple, int] = {}
    places = zip(releases["series"].to_list(), releases["eff_geography"].to_list(), strict=True)
    for row, series in enumerate(places):
        lists = issued.setdefault(series, {column: [] for column in columns})
        i = where.get((series, columns["report_id"][row]))
        if i is None:
            where[(series, columns["report_id"][row])] = len(lists["report_id"])
            for column, values in columns.items():
                lists[column].append(values[row])
            continue
        # the earliest day any of its figures can have been quoted, the latest data-through
        for column, pick in (("out", min), ("surely_out", min), ("data_through", max)):
            if columns[column][row] is not None:
                held = lists[column][i]
                lists[column][i] = (
                    columns[column][row] if held is None else pick(held, columns[column][row])
                )
    # whether each may be the current release (stale_corrections are not), and for a correction
    # the counts it restates (it is current for those only)
    stale = stale_corrections(releases)
    restated: dict[str, set[str]] = {}
    for report_id, metric in corrections(releases).select("report_id", "metric").iter_rows():
        restated.setdefault(report_id, set()).add(metric)
    for lists in issued.values():
        lists["stale"] = [report_id in stale for report_id in lists["report_id"]]
        lists["restates"] = [restated.get(report_id) for report_id in lists["report_id"]]
    return issued


def stale_corrections(releases: pl.DataFrame) -> set[str]:
    """The corrections of older data published after a release with newer data of the same series,
    metric and place was out (a correction of January's deaths published in April, after
    February's): they replace what they correct, never the newer release, so they are never the
    one current (a page that dates its figure to January may still quote them). Report ids."""
    if "report_corrects" not in releases.columns:
        return set()
    rows = list(
        zip(
            releases.select(*SERIES_KEY).rows(),
            releases["report_id"].to_list(),
            releases["report_corrects"].to_list(),
            release_dates(releases),
            data_through_dates(releases["as_of"].to_list(), releases["as_of_basis"].to_list()),
            strict=True,
        )
    )
    stale = set()
    for key, report_id, corrects, out, through in rows:
        if corrects is None or out is None or through is None:
            continue
        if any(
            other == key and d is not None and t is not None and t > through and d <= out
            for other, _, _, d, t in rows
        ):
            stale.add(report_id)
    return stale


def releases_current(
    issued: Mapping[str, list] | None,
    first: Any,
    last: Any,
    own_end: Any,
    metric: str | None = None,
) -> tuple[set[str], list[tuple[str, str]], bool]:
    """Of an issuer's releases for one place (issued_releases' lists), those a claim on a page
    published from first to last is judged against (releases_judged): the ids of those that may
    have been current (out by the first day their publication date allows) and of those that
    surely were (by its last day: a page of 1 October may predate a release dated "October
    2018"); (id, name) of the surely current ones, in order, which leave a claim unknown when its
    figure is not held; and whether the claim's own words chose them. T-CLAIMS and the sentence
    of its finding both read them here. No releases (issued None): none current."""
    if not issued:
        return set(), [], False
    positions = list(range(len(issued["report_id"])))
    stale = issued.get("stale", [False] * len(positions))
    restates = issued.get("restates", [None] * len(positions))
    # a correction is current for the counts it restates only (metric: the claim's count); for
    # the others the release it corrects stays current
    current = [
        i
        for i in positions
        if not stale[i] and (restates[i] is None or metric is None or metric in restates[i])
    ]
    judged = {
        dates: releases_judged(
            first, last, own_end, positions, issued[dates], issued["data_through"], current
        )
        for dates in ("out", "surely_out")
    }
    ids = {issued["report_id"][i] for found, _ in judged.values() for i in found}
    surely = [(issued["report_id"][i], issued["report_name"][i]) for i in judged["surely_out"][0]]
    return ids, surely, judged["out"][1]


def releases_judged(
    first: Any,
    last: Any,
    own_end: Any,
    positions: list[int],
    dates: list[Any],
    data_through: list[Any],
    current: list[int] | None = None,
) -> tuple[list[int], bool]:
    """The releases a claim on a page published from first to last (claim_dates) is judged
    against, and whether the claim's own words chose them. A claim that dates its figure itself
    (own_end, its own period end: "between August 2014 and the end of April", "at the end of
    August") is judged against the releases at `positions` whose data run to that month
    (data_through: each release's data-through date, None where it states none) or that were
    current in it (the words may mean either), out by the page's last day (any, for an undated
    page: last None); a page may quote an old figure as old. Otherwise, or when no such release is
    held, the releases current on the page's dates (releases_current_within; none for an undated
    page). current: the positions that may be the current release (all by default; a late
    correction of older data may not: stale_corrections)."""
    current = positions if current is None else current
    month = str(own_end)[:7] if own_end is not None and len(str(own_end)) >= 7 else None
    if month is not None:
        year, number = int(month[:4]), int(month[5:])
        start = datetime(year, number, 1)
        end = datetime(year, number, calendar.monthrange(year, number)[1])
        # "at the end of August" may mean the count current then or the count of data to then
        current_then = releases_current_within(start, end, current, dates)
        dated = [
            j
            for j in positions
            if (
                j in current_then
                or (data_through[j] is not None and data_through[j].strftime("%Y-%m") == month)
            )
            and (last is None or (dates[j] is not None and dates[j] <= last))
        ]
        if dated:
            return sorted(dated, key=lambda j: (dates[j] is None, dates[j] or start)), True
    if last is None:
        return [], False
    return releases_current_within(first, last, current, dates), False


def release_dates(releases: pl.DataFrame) -> list[Any]:
    """For each release, the first day it can have been published (report_published read as its
    first day), or, when that is unknown, its data-through date: the day from which a page can
    quote it."""
    published = periods.bound(releases["report_published"], "first")
    return pl.select(pl.coalesce(published, releases["as_of"])).to_series().to_list()


def claim_dates(claims: pl.DataFrame, which: str = "last") -> list[Any]:
    """For each claim, the last day its page can have been published (the carrier's date read as
    its last day: "2019-06" is 30 June 2019), or with which="first" the first (1 June 2019); None
    for an undated page."""
    return periods.bound(claims["carrier_published"], which).to_list()


def _only_exact_in(
    later: list[int], earlier: list[int], released: Mapping[str, list], bounds: tuple[Any, Any]
) -> bool:
    """True when some of the later releases give the claimed number itself (bounds: its low and
    high as stated, not what its words allow) and none of the earlier ones does: the page then
    most likely quotes the later one (a misdated page). Otherwise an earlier release, one it could
    have seen, is named: "more than 180" fits a later 210 by its words, but an earlier release
    gave 180 itself."""

    def exact(rows: list[int]) -> bool:
        return any((released["lo"][j], released["hi"][j]) == bounds for j in rows)

    return exact(later) and not exact(earlier)


@rule
def series_claim_matches_release(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's figure for a running series (in file order) that the series
    has releases for, of the same metric and place: the figure is the one the issuer's release
    current at the page's date states. A page cannot quote a later release, and a figure of an
    earlier release was out of date by then; a page dated only by its month or year may quote any
    release current in that span, and a claim that dates its own figure ("between August 2014
    and the end of April", "at the end of August": its own period end) any release current in that
    month or with data to it (releases_judged); an undated page any release. A claim is read by
    its qualifier (claim_bounds): "more than 1,400" is matched by 1,410, "up to 51" by 51; a
    claimed range matches a release that lies within it; a release given as a range is matched
    only by a claim whose range holds all of it. The difference is how far the nearest of the
    releases it is judged against (for an undated page, the nearest release) reaches outside the
    claim. The evidence names those releases first, then what the claim may be of them
    (claim_reading: a misprint, a rounding), or else the nearest release on either side, and for
    an undated page the last ones published by the claim's date. Returns finding() dicts."""
    out: list[dict[str, Any]] = []
    frame = figures.frame
    claims = frame.filter(
        pl.col("series").is_not_null() & (pl.col("report_kind") == "news_article").fill_null(False)
    )
    if claims.is_empty():
        return out
    cadences = series_cadences(pkg)
    # pages' own rises that the change between two releases judges (increment_matches_difference)
    judged_rises = set(page_rises(figures, cadences)["figure_id"].to_list())
    # only the releases and the stated rises that some claim is set against, in their own order
    releases = figures.releases.join(
        claims.select(SERIES_KEY).unique(), on=SERIES_KEY, how="semi", maintain_order="left"
    )
    releases_by_series = _positions_by(releases, SERIES_KEY)
    released = _lists(
        with_ends(releases),
        [
            "lo",
            "hi",
            "qualifier",
            "report_id",
            "report_name",
            "as_of_label",
            "figure_id",
            "as_of",
            "as_of_basis",
        ],
    )
    released["data_through"] = data_through_dates(released["as_of"], released["as_of_basis"])
    # the last day each release's count can start on ("2014" may mean any day of 2014)
    released["starts_by"] = periods.bound(releases["eff_period_start"], "last").to_list()
    released["pub"] = periods.bound(releases["report_published"], "last").to_list()
    released["out"] = release_dates(releases)
    # which release was current at a date is a matter of when the issuer published, not of which
    # of its figures are held: every release of the claims' series, whatever it counts
    issued = issued_releases(
        figures.releases.join(
            claims.select("series", "eff_geography").unique(),
            on=["series", "eff_geography"],
            how="semi",
        ),
        cadences,
    )
    rises = frame.filter(
        pl.col("increment_of").is_not_null() & pl.col("series").is_not_null()
    ).join(
        claims.select(pl.col("metric").alias("increment_of"), "series").unique(),
        on=["increment_of", "series"],
        how="semi",
        maintain_order="left",
    )
    rises_by_series = _positions_by(rises, ["increment_of", "series"])
    rise = _lists(with_ends(rises), ["report_id", "report_name", "lo", "hi"])
    claim_columns = [
        "lo",
        "hi",
        "qualifier",
        "as_of",
        "figure_id",
        "carrier_name",
        "series",
        "series_name",
        "metric",
        "eff_geography",
        "evidence",
        "period_end",
        "metric_label",
        "increment_of",
        "period_start",
        "metric_span",
    ]
    claimed = _lists(with_ends(claims), claim_columns)
    # releases printed two ways, neither shown wrong, and each printing's number and carrier
    printed = disputed_printings(figures, pkg)
    printing = (
        _lists(with_ends(frame), ["lo", "hi", "qualifier", "figure_id", "carrier_name"])
        if printed
        else {}
    )
    claimed["date"] = claim_dates(claims)
    claimed["first"] = claim_dates(claims, "first")
    claimed["published"] = claims["carrier_published"].to_list()

    def described(positions: list[int]) -> str:
        # in the release's own words where they change how it reads: "more than 7,900"
        return (
            ", ".join(
                f"{LOOSE_WORDS.get(released['qualifier'][j] or '', '')}"
                f"{amount(released['lo'][j], released['hi'][j])} "
                f"({named_with_date(released['report_name'][j], released['as_of_label'][j])})"
                for j in positions
            )
            or "none"
        )

    for k in range(len(claims)):
        # a rise is not the running total itself: "the CJTF-OIR running total (civilians killed
        # since the previous release)"
        of_series = claimed["series_name"][k] + (
            f" ({claimed['metric_label'][k].lower()})" if claimed["increment_of"][k] else ""
        )
        key = (claimed["series"][k], claimed["metric"][k], claimed["eff_geography"][k])
        positions = releases_by_series.get(key, []) if key[2] is not None else []
        # this module's words for the series' publications: "release", or a monitor's "report"
        noun = series_noun(pkg, claimed["series"][k])
        says = functools.partial(worded_for, noun)
        if not positions:
            continue
        c_lo, c_hi, open_low = claim_bounds(
            claimed["lo"][k], claimed["hi"][k], claimed["qualifier"][k]
        )
        claim_date = claimed["date"][k]
        # an unknown count matches nothing
        known = (
            [
                j
                for j in positions
                if released["lo"][j] is not None and released["hi"][j] is not None
            ]
            if c_lo is not None and c_hi is not None
            else []
        )

        def within(j: int, k=k, bounds=(c_lo, c_hi, open_low)) -> bool:
            return reads_as(
                (released["lo"][j], released["hi"][j], released["qualifier"][j]),
                (claimed["lo"][k], claimed["hi"][k], claimed["qualifier"][k]),
                bounds,
            )

        def printings_read(j: int, k=k, bounds=(c_lo, c_hi, open_low)) -> tuple[list, list]:
            """(the printings of release j's figure the claim reads as, all its printings), for
            a release its pages print two ways, neither shown wrong; ([], []) for any other."""
            every = printed.get(released["figure_id"][j], [])
            claim_read = (claimed["lo"][k], claimed["hi"][k], claimed["qualifier"][k])
            return [
                i
                for i in every
                if reads_as(
                    (printing["lo"][i], printing["hi"][i], printing["qualifier"][i]),
                    claim_read,
                    bounds,
                )
            ], every

        # a release its pages print two ways is matched by a claim of either printing
        match = [j for j in known if within(j) or printings_read(j)[0]]
        if _own_span(claimed, k, [released["starts_by"][j] for j in positions]):
            out.append(_span_finding(claimed, k, of_series, released, match, claim_date, noun))
            continue
        below = [
            j
            for j in known
            if j not in match
            and (released["hi"][j] <= c_lo if open_low else released["hi"][j] < c_lo)
        ]
        above = [j for j in known if j not in match and released["lo"][j] > c_hi]
        # only where a range is involved
        overlap = [j for j in known if j not in below and j not in above and j not in match]
        # the nearest release on each side, of those a dated page could have quoted (out by its
        # date); of equal ones, the later-listed below and the earlier above
        quotable = [
            j
            for j in known
            if claim_date is None
            or (released["out"][j] is not None and released["out"][j] <= claim_date)
        ]
        below = [j for j in below if j in quotable]
        above = [j for j in above if j in quotable]
        top = max((released["hi"][j] for j in below), default=None)
        low = min((released["lo"][j] for j in above), default=None)
        below = [j for j in below if released["hi"][j] == top][-1:]
        above = [j for j in above if released["lo"][j] == low][:1]
        dated = [
            j
            for j in positions
            if released["pub"][j] is not None
            and claim_as_of_ok(claim_date, claimed["as_of"][k])
            and released["pub"][j] <= (claim_date or claimed["as_of"][k])
        ]
        before = sorted(dated, key=lambda j: released["pub"][j])[-2:]
        # the issuer's releases current then (a page dated to the month or the year may quote
        # any current in that span); one surely current whose figure of this is not held leaves
        # the claim unknown
        current_ids, surely, own_words = releases_current(
            issued[(claimed["series"][k], claimed["eff_geography"][k])],
            claimed["first"][k],
            claim_date,
            claimed["period_end"][k],
            claimed["metric"][k],
        )
        currents = sorted(
            (j for j in positions if released["report_id"][j] in current_ids),
            key=lambda j: (released["out"][j] is None, released["out"][j] or date.min),
        )
        held_ids = {released["report_id"][j] for j in positions}
        unheld = [name for report_id, name in surely if report_id not in held_ids]
        if claimed["increment_of"][k] and unheld and claimed["figure_id"][k] in judged_rises:
            # a page's own rise over a release that states none: the change between the totals
            # is what it is checked against (increment_matches_difference), not a rise not held
            continue
        # a release its pages print two ways, neither shown wrong (the one current then; for an
        # undated page, one it matches): a claim that fits some of its printings but not all is
        # disputed, whichever the series draws; one that fits every printing is simply right
        dispute: tuple[int, int] | None = None
        dated = claim_date is not None or own_words
        for j in reversed((currents if not unheld else []) if dated else match):
            hits, every = printings_read(j)
            if hits and len(hits) < len(every):
                exact = [
                    i
                    for i in hits
                    if (printing["lo"][i], printing["hi"][i])
                    == (claimed["lo"][k], claimed["hi"][k])
                ]
                dispute = (j, (exact or hits)[0])
                break
        spanned = claim_date is not None and claimed["first"][k] != claim_date
        judged_against = (
            says(
                f"The page dates the figure itself ({periods.label(claimed['period_end'][k])}): "
                "the releases current then or with data to then: "
            )
            + f"{described(currents)}."
            if own_words
            else says(
                f"Releases current in {periods.label(claimed['published'][k])}, the page's "
                "date (its day is not stated): "
            )
            + f"{described(currents)}."
            if spanned and len(currents) > 1
            else says(
                f"Release{'s' if len(currents) > 1 else ''} current on {day(claim_date)}, the "
                "page's date: "
            )
            + f"{described(currents)}."
            if currents
            else says(f"Release current on {day(claim_date)}, the page's date: none held for this.")
            if claim_date is not None and unheld
            else says(f"No release was out by {day(claim_date)}, the page's date.")
            if claim_date is not None
            else says("The page is undated: it is matched against every release.")
        ) + (f" Not held: what {' and '.join(unheld)} gave for this." if unheld else "")
        # a misprint or a rounding of a release it is judged against (claim_reading), unless it
        # is a held release's own figure ("841 is 831 with one digit changed" of a claim that
        # matches the 841 current then; "520 is 560 with one digit changed" of a claim that is an
        # earlier release's 520): that explains it
        readings = "".join(
            f" {amount(claimed['lo'][k], claimed['hi'][k])} is "
            f"{amount(released['lo'][j], released['hi'][j])} ({released['report_name'][j]}) "
            f"{reading}."
            for j in currents
            if not match
            and dispute is None
            and claimed["lo"][k] == claimed["hi"][k]
            and released["lo"][j] == released["hi"][j]
            and (
                reading := claim_reading(
                    claimed["lo"][k],
                    released["lo"][j],
                    [released["lo"][i] for i in currents if released["lo"][i] == released["hi"][i]],
                )
            )
        )
        # the release(s) it is judged against first; the nearest values only where no reading of
        # them explains the claim
        evidence = (
            judged_against
            + readings
            + (
                says(
                    f" Nearest values released by {day(claim_date)}: "
                    if claim_date is not None
                    else " Nearest released values: "
                )
                + f"{described(below)} below, {described(above)} above."
                if not readings and dispute is None
                else ""
            )
            + (f" Overlapping it but not within it: {described(overlap)}." if overlap else "")
            + (
                says(f" Last releases published by {day(claimed['as_of'][k])}: ")
                + f"{described(before)}."
                if claim_date is None and not own_words and claimed["as_of"][k] is not None
                else ""
            )
        )
        # the rises the releases named above state (each once): what the release before each held
        named_above = {released["report_id"][j] for j in (*currents, *below, *above)}
        sums: dict[str, None] = {}
        for i in rises_by_series.get((claimed["metric"][k], claimed["series"][k]), []):
            own = [j for j in positions if released["report_id"][j] == rise["report_id"][i]]
            if own and rise["report_id"][i] in named_above:
                total = (released["lo"][own[0]], released["hi"][own[0]])
                increase = (rise["lo"][i], rise["hi"][i])
                rest = (
                    amount(*minus(total, increase))
                    if None not in (*total, *increase)
                    else amount(None, None)
                )
                named = rise["report_name"][i]
                sums[
                    f" {named[:1].upper()}{named[1:]} says {amount(*increase)} more than before: "
                    f"{amount(*total)} − {amount(*increase)} = {rest}."
                ] = None
        evidence += "".join(sums)
        evidence += f" | {claimed['evidence'][k]}"
        claim = QUALIFIER_WORDS.get(claimed["qualifier"][k] or "", "") + amount(
            claimed["lo"][k], claimed["hi"][k]
        )
        irregular, missing = False, None
        if claim_date is None and not own_words:
            ok = bool(match)
            shown = claim + (
                f" = {released['report_name'][dispute[0]]}, {DISPUTED_PRINTING}"
                if dispute is not None
                else f" = {released['report_name'][match[0]]}"
                if match
                else says(" (no release)")
            )
            judged = known
        else:
            matched_current = [j for j in currents if j in match]
            # not matched, but a release current then is not held: it may be the one quoted
            # or it is the figure of a release whose day is not known: that may be the one
            ok = (
                True
                if matched_current
                else None
                if unheld or any(released["out"][j] is None for j in match)
                else False
            )
            judged = [j for j in currents if j in known]
            later = [
                j
                for j in match
                if claim_date is not None
                and released["out"][j] is not None
                and released["out"][j] > claim_date
            ]
            undated = [j for j in match if released["out"][j] is None]
            earlier = [j for j in match if j not in later + undated and j not in currents]
            if dispute is not None:
                shown = f"{claim} = {released['report_name'][dispute[0]]}, {DISPUTED_PRINTING}"
            elif ok:
                shown = f"{claim} = {released['report_name'][matched_current[-1]]}"
            elif earlier and not _only_exact_in(
                later, earlier, released, (claimed["lo"][k], claimed["hi"][k])
            ):
                # a page quotes what was out by its date before a release it could not have seen:
                # an earlier release is named unless only a later one gives the number itself
                named = released["report_name"][earlier[-1]] + says(
                    _others(len(earlier) - 1, "earlier")
                )
                shown = f"{claim} = {named}, " + (NOT_OF_ITS_DATE if own_words else OUT_OF_DATE)
            elif later:
                named = released["report_name"][later[0]] + says(_others(len(later) - 1, "later"))
                shown = f"{claim} = {named}, {PUBLISHED_AFTER}"
            elif undated:
                shown = f"{claim} = {released['report_name'][undated[0]]}, " + says(DATE_NOT_KNOWN)
            else:
                shown = claim + says(" (no release)")
            # a figure no held release gives may be that of a release out between the held ones,
            # if it lies between them: any update of an irregular series (no cadence to tell a
            # missing one by); a release of a series with a cadence whose month is not held (the
            # months of the held releases on either side of the page's date leave one out)
            step = CADENCE_MONTHS.get(cadences.get(claimed["series"][k], ""), 0)
            missing = (
                _months_not_held(released, known, currents, claim_date, step)
                if step and ok is False and not match and not own_words
                else None
            )
            between = (
                None
                if ok is not False
                or match
                or own_words
                or claim_date is None
                or (step and not missing)
                else _unheld_update(released, known, currents, claim_date, (c_lo, c_hi), missing)
            )
            if between is not None:
                ok, irregular = None, not step
                evidence = evidence.replace(" | ", f" {says(between)} | ", 1)
            # the figure of the release current then, as far as the held ones tell; but a release
            # after it is not held and may have come out by the page's date, replacing it
            superseded = (
                _months_not_held(released, known, matched_current[-1:], claim_date, step)
                if step and ok and dispute is None and not own_words
                else None
            )
            if superseded:
                ok, missing = None, superseded
                evidence = evidence.replace(
                    " | ",
                    says(
                        f" {_not_held(superseded)} may have come out by the page's date and "
                        "replaced "
                    )
                    + f"{released['report_name'][matched_current[-1]]}. | ",
                    1,
                )
        if ok:
            gap = 0
        elif judged and ok is not None:
            gap = min(
                gap_outside(
                    (released["lo"][j], released["hi"][j]),
                    (c_lo, c_hi, open_low),
                    claimed["qualifier"][k],
                )
                for j in judged
            )
        else:
            gap = None
        if dispute is not None:
            # the printing it gives first, then the others; the evidence lists each number with
            # the pages that print it
            j, hit = dispute
            every = printed[released["figure_id"][j]]
            disputed_ids = [
                printing["figure_id"][i] for i in (hit, *(i for i in every if i != hit))
            ]
            by_number: dict[str, list[str]] = {}
            for i in every:
                by_number.setdefault(amount(printing["lo"][i], printing["hi"][i]), []).append(
                    printing["carrier_name"][i]
                )
            name = released["report_name"][j]
            evidence = evidence.replace(
                " | ",
                f" {name[:1].upper()}{name[1:]} is printed {ways(len(by_number))}, neither "
                "shown wrong: "
                + "; ".join(f"{number} ({', '.join(pages)})" for number, pages in by_number.items())
                + ". | ",
                1,
            )
            ok, gap = False, 0  # a caveat (finding's caveat): flagged, never a failure of it
        matched_ids = (
            disputed_ids
            if dispute is not None
            else [released["figure_id"][matched_current[-1]]]
            if ok and (claim_date is not None or own_words)
            else [released["figure_id"][j] for j in match]
            if ok
            else []
        )
        out.append(
            finding(
                claimed["figure_id"][k],
                f"The {claim} that {claimed['carrier_name'][k]} gives matches "
                + (
                    f"the figure of {of_series} for the date the page gives it"
                    if own_words
                    else f"the figure of {of_series} current at the page's date"
                    if claim_date is not None
                    else f"a figure of {of_series}"
                ),
                says(
                    (
                        IRREGULAR_NOT_HELD
                        if irregular
                        else CURRENT_NOT_HELD
                        if unheld or claim_date is None or missing
                        else UNDATED_MATCH
                    )
                    if ok is None
                    else f"a release of {periods.label(claimed['period_end'][k])}, the page's "
                    "own date"
                    if own_words
                    else "the release current at the page's date"
                    if claim_date is not None
                    else "a released value"
                ),
                shown,
                gap,
                ok,
                [claimed["figure_id"][k], *matched_ids],
                evidence,
                blamed=[claimed["figure_id"][k]],
                caveat=dispute is not None,
            )
        )
    return out


def _months_not_held(
    released: Mapping[str, list], known: list[int], currents: list[int], claim_date: Any, step: int
) -> list[str] | None:
    """For a claim of a series with a cadence (step months): the data-through months ("April
    2021") of the releases not held between the held release current at its date and the next held
    one, of those that can have been out by the page's date: a release comes out after its month
    ends, and no sooner after it than the issuer's quickest held release came out after its own
    (data to February, out on 28 March: 28 days); None when there is none, or a month is not
    known."""
    current = [j for j in currents if j in known][-1:]
    after = sorted(
        (j for j in known if released["out"][j] is not None and released["out"][j] > claim_date),
        key=lambda j: released["out"][j],
    )[:1]
    if not current or not after:
        return None
    first, last = (month_index(released["data_through"][j]) for j in (current[0], after[0]))
    if first is None or last is None:
        return None
    by = _day(claim_date)
    lags = [
        (_day(released["out"][j]) - _month_end(month_index(released["data_through"][j]))).days
        for j in known
        if released["out"][j] is not None and released["data_through"][j] is not None
    ]
    lag = timedelta(days=max(0, min(lags, default=0)))
    months = [
        m for m in range(first + step, last, step) if (end := _month_end(m)) and end + lag < by
    ]
    return [periods.label(month_text(m)) for m in months] or None


def _not_held(months: list[str]) -> str:
    """ "Not every release of the series is held: that with data to April 2021" (those, for
    several months): how a sentence about releases not held begins."""
    which = "that" if len(months) == 1 else "those"
    return f"Not every release of the series is held: {which} with data to {and_list(months)}"


def _day(when: Any) -> date:
    """A date or a datetime as the date it falls on."""
    return when.date() if isinstance(when, datetime) else when


def _unheld_update(
    released: Mapping[str, list],
    known: list[int],
    currents: list[int],
    claim_date: Any,
    bounds,
    missing: list[str] | None = None,
) -> str | None:
    """For a claim that no held release gives, of an irregular series or (missing: the months of
    the releases not held, _months_not_held) of a series with a cadence: the words saying it may
    be a release out between the held release current at its date and the next held one, when it
    lies between their counts (a running total never falls: at least the current's least, at most
    the next's most); None when it does not, and so no release can give it."""
    c_lo, c_hi = bounds
    current = [j for j in currents if j in known][-1:]
    after = sorted(
        (j for j in known if released["out"][j] is not None and released["out"][j] > claim_date),
        key=lambda j: released["out"][j],
    )[:1]
    if c_lo is None or c_hi is None:
        return None
    if current and c_hi < released["lo"][current[0]]:
        return None
    if after and c_lo > released["hi"][after[0]]:
        return None
    when = " and ".join(
        [
            *(f"after {day(released['out'][j])}" for j in current),
            *(f"before {day(released['out'][j])}" for j in after),
        ]
    )
    where = (
        "between the counts of the held releases on either side"
        if current and after
        else "no lower than the count of the held release before it"
        if current
        else "no higher than the count of the held release after it"
        if after
        else "where no held release contradicts it"
    )
    if missing:
        return f"{_not_held(missing)}, published {when}, may give this figure, which lies {where}."
    return (
        "The series has no regular cadence and not every update of it is held: one published "
        f"{when or 'at another date'} may give this figure, which lies {where}."
    )


def claim_as_of_ok(claim_date: Any, as_of: Any) -> bool:
    """Whether a claim has a date to list the releases published by (its page's, else its own)."""
    return claim_date is not None or as_of is not None


NOT_HELD = "not checkable: previous release not held"
# a page's own rise on a date when more than one release may have been current
UNPLACED = "not checkable: which release was current at the page's date is not known"


def month_index(when: Any) -> int | None:
    """A date's month as a count of months (year * 12 + month - 1); None for an unknown date."""
    return None if when is None else when.year * 12 + when.month - 1


def _month_end(index: int | None) -> date | None:
    """The last day of a month counted as month_index() does; None stays None."""
    if index is None:
        return None
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def month_text(index: int | None) -> str | None:
    """A count of months (month_index()) written YYYY-MM; None stays None."""
    return None if index is None else f"{index // 12:04d}-{index % 12 + 1:02d}"


def release_months(releases: pl.DataFrame, cadences: Mapping[str, str]) -> list[int | None]:
    """For each release (rows of FigureSet.releases, in their order), the month its data run to, as
    month_index(): its data-through date where it states one; for a release of a series with a
    regular cadence (series.csv: monthly, yearly) that states none, the one month that what is
    known leaves it. The issuer's releases of one series, metric and place, in publication order
    (published, else data-through date; then file order), each run one cadence step or more
    beyond the one before, and none runs past the month it was published in: a release published
    between February's and April's of a monthly series ran to March. None where that leaves more
    than one month (or none: the data contradict the cadence), for an irregular series, and for a
    release whose place in the order is unknown."""
    step = [
        CADENCE_MONTHS.get(cadences.get(series, ""), 0) for series in releases["series"].to_list()
    ]
    stated = [
        month_index(when) if basis == "data through" else None
        for when, basis in zip(releases["as_of"], releases["as_of_basis"], strict=True)
    ]
    published = [month_index(d) for d in periods.bound(releases["report_published"], "last")]
    out: list[int | None] = list(stated)
    ordered = (
        releases.select(
            *SERIES_KEY,
            "row",
            when=pl.coalesce(periods.bound(releases["report_published"], "first"), "as_of"),
        )
        .with_row_index("j")
        .drop_nulls([*SERIES_KEY, "when"])
        .sort("when", "row")
    )
    for positions in _positions_by(ordered, SERIES_KEY).values():
        js = ordered["j"].gather(positions).to_list()
        cadence = step[js[0]]
        if not cadence:
            continue
        # the earliest month each can run to, from those before it; the latest, from those after
        # it and the month it was published in
        least: list[int | None] = []
        for j in js:
            before = least[-1] if least else None
            least.append(
                stated[j] if stated[j] is not None else None if before is None else before + cadence
            )
        most: list[int | None] = []
        for j in reversed(js):
            after = most[-1] - cadence if most and most[-1] is not None else None
            bounds = [b for b in (published[j], after) if b is not None]
            most.append(stated[j] if stated[j] is not None else min(bounds, default=None))
        for j, low, high in zip(js, least, reversed(most), strict=True):
            if stated[j] is None and low is not None and low == high:
                out[j] = low
    return out


def _own_span(claimed: Mapping[str, list], k: int, starts_by: list[Any]) -> bool:
    """Whether claim k gives a running count (a metric counted since the series' start, span
    "report") for a span of its own that starts after every release's count could start: "130
    killed in 1990" of a total kept since August 1989 is no count of the series."""
    own = claimed["period_start"][k]
    if own is None or claimed["increment_of"][k] or claimed["metric_span"][k] == "release":
        return False
    latest = max((day for day in starts_by if day is not None), default=None)
    first = periods.bound([own], "first").item()
    if latest is None or first is None or first <= latest:
        return False
    # a span the page closes ("in 1990", "from January to March 1990") is its own; one it leaves
    # open ("since September 1989") only from a later year than the series' start, as "since
    # 2017" of a total kept since 2014 is: a start a few weeks off is a loose "since"
    return claimed["period_end"][k] is not None or first.year > latest.year


def named_with_date(name: str, as_of_label: str) -> str:
    """A release's name and its date's label, the label only where the name does not already say
    that date: "the Airwars estimate as cited in June 2019" (never again ", as cited in June
    2019"), "the report of 9 March 2016" (not ", as released on 9 March 2016"), "the release of
    28 March 2019, data to 28 February 2019"."""
    basis = "|".join(re.escape(words) for words in [*BASIS_WORDS, PUBLISHED_WORDS])
    when = re.sub(rf"^(?:{basis})(?:on\s+|in\s+)?", "", as_of_label or "")
    return name if not as_of_label or (when and when in name) else f"{name}, {as_of_label}"


def own_span_words(start: Any, end: Any) -> str:
    """The span a claim gives itself, in words after a count: "in 1990", "from January 1990 to
    February 1990", "since 2017" (no end)."""
    if end is None:
        return f"since {periods.label(start)}"
    if end == start:
        return f"in {periods.label(start)}"
    return f"from {periods.label(start)} to {periods.label(end)}"


def _span_finding(
    claimed: Mapping[str, list],
    k: int,
    of_series: str,
    released: Mapping[str, list],
    match: list[int],
    claim_date: Any,
    noun: str,
) -> dict[str, Any]:
    """T-CLAIMS's finding on a claim of a span of its own (_own_span): no release counts that span,
    so it is not checkable; but a running total out by the page's date given as the count of that
    span fails, the classic misreading of a total since the start as a year's count. noun: what the
    series' publications are called (worded_for)."""
    claim = amount(claimed["lo"][k], claimed["hi"][k])
    span = own_span_words(claimed["period_start"][k], claimed["period_end"][k])
    quoted = [
        j
        for j in match
        if claim_date is None
        or (released["out"][j] is not None and released["out"][j] <= claim_date)
    ]
    shown = (
        f"{claim} = {released['report_name'][quoted[-1]]}, {RUNNING_NOT_SPAN}"
        if quoted
        else f"{claim}: " + worded_for(noun, f"no release counts {span} alone")
    )
    return finding(
        claimed["figure_id"][k],
        f"The {claim} that {claimed['carrier_name'][k]} gives {span} is a count of {of_series} "
        f"{span}",
        f"a count {span}"
        if quoted
        else worded_for(noun, f"not checkable: no release counts {span} alone"),
        shown,
        None,
        False if quoted else None,
        [claimed["figure_id"][k], *(released["figure_id"][j] for j in quoted[-1:])],
        worded_for(noun, f"The page gives the figure {span}; the releases count from the series' ")
        + "start. | "
        f"{claimed['evidence'][k]}",
        blamed=[claimed["figure_id"][k]],
    )


def page_rises(figures: FigureSet, cadences: Mapping[str, str]) -> pl.DataFrame:
    """The rises news pages state on their own that increment_matches_difference sets against the
    change between the release current at the page's date and the one before (_pages_own_rises):
    their figure_id and t, the current release's position in figures.releases."""
    key = SERIES_KEY
    releases = figures.releases.select(*key, "report_id", "report_name").with_row_index("j")
    stated = (
        figures.frame.filter(pl.col("increment_of").is_not_null())
        .select(
            "series",
            pl.col("increment_of").alias("metric"),
            "eff_geography",
            "report_id",
            "figure_id",
            "report_kind",
            "carrier_published",
        )
        .drop_nulls(key)
    )
    own = releases.group_by(*key, "report_id").agg(t=pl.col("j").min())
    return _pages_own_rises(figures.releases, releases, stated, own, cadences).select(
        "figure_id", "t"
    )


def _pages_own_rises(
    issued: pl.DataFrame,
    releases: pl.DataFrame,
    stated: pl.DataFrame,
    own: pl.DataFrame,
    cadences: Mapping[str, str],
    keep_unplaced: bool = False,
) -> pl.DataFrame:
    """The rises news pages state of a series on their own ("up 22 since last month"), each with
    the release current at the page's date as its own (t: its position in `releases`, rows of
    `issued`, figures.releases, in order), as the claims read which release is current
    (releases_current); a page dated only by a span in which the current release changed, or
    undated, has none and is left out, and so is a page whose current release states its own rise
    (series_claim_matches_release sets the page's against that one). keep_unplaced: a dated page
    whose date leaves more than one release current is kept, t null, its column may_be naming
    them ("; "-joined), so that it is said not checkable rather than passed over."""
    key = SERIES_KEY
    # of a series with a regular cadence only: an irregular one has no month a rise runs from
    regular = [series for series, cadence in cadences.items() if cadence in CADENCE_MONTHS]
    pages = stated.join(own, on=[*key, "report_id"], how="anti").filter(
        (pl.col("report_kind") == "news_article") & pl.col("series").is_in(regular)
    )
    by_place = issued_releases(issued, cadences)
    positions = _positions_by(releases, key)
    # the releases that state their own rise: a page's rise is set against that one instead
    stating = set(stated.join(own, on=[*key, "report_id"]).select(*key, "report_id").rows())
    report_ids = releases["report_id"].to_list()
    names = dict(zip(report_ids, releases["report_name"].to_list(), strict=True))
    found, may_be = [], []
    for row, first, last in zip(
        pages.select(key).rows(),
        claim_dates(pages, "first"),
        claim_dates(pages, "last"),
        strict=True,
    ):
        series, metric, place = row
        current_ids, _, _ = releases_current(
            by_place.get((series, place)), first, last, None, metric
        )
        then = [j for j in positions.get(tuple(row), []) if report_ids[j] in current_ids]
        held = list(dict.fromkeys(report_ids[j] for j in then))
        # one release current over the page's whole date, which states no rise of its own
        one = len(held) == 1 and len(current_ids) == 1
        found.append(then[0] if one and (*row, held[0]) not in stating else None)
        # a page whose date leaves more than one release current: which one it runs from is not
        # known (the names of those held), unless one of them states its own rise (then
        # series_claim_matches_release sets the page's against theirs)
        unplaced = not one and first is not None and held
        judged = any((*row, r) in stating for r in held)
        may_be.append("; ".join(names[r] for r in held) if unplaced and not judged else "")
    placed = pages.with_columns(
        t=pl.Series(found, dtype=pl.UInt32), may_be=pl.Series(may_be, dtype=pl.String)
    )
    return placed if keep_unplaced else placed.drop_nulls("t").drop("may_be")


@rule
def increment_matches_difference(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """One finding per stated rise ("53 more"), in file order, whose own release is held: the rise
    equals the release's total minus that of the issuer's immediately previous release, and only
    that one (its data-through month is the rise's period start: see effective._increment_starts,
    which reads the series' cadence; where a release states no data-through date, the month the
    releases around it leave it: release_months()). When that release is not held, the finding is
    not checkable ("not checkable: previous release not held"), never a failure: a missing month is
    a gap in the collection, not an error of the issuer. With a range among the three, the change
    is a range too, and the rise matches when the two meet. Returns a findings() frame, or an empty
    list when no rise has its own release."""
    key = SERIES_KEY
    cadences = series_cadences(pkg)
    months = release_months(figures.releases, cadences)
    releases = (
        with_ends(figures.releases)
        .select(
            *key,
            "report_id",
            "report_name",
            "as_of",
            "as_of_basis",
            "lo",
            "hi",
            "figure_id",
            "evidence",
        )
        .with_columns(
            month=pl.Series([month_text(m) for m in months], dtype=pl.String),
            out=pl.Series(release_dates(figures.releases), dtype=pl.Date),
            # the last day it can have come out ("1990-03": 31 March)
            out_last=pl.coalesce(
                periods.bound(figures.releases["report_published"], "last"),
                pl.Series(release_dates(figures.releases), dtype=pl.Date),
            ),
        )
        .with_row_index("j")
    )
    stated_rises = (
        with_qualified_ends(figures.frame.filter(pl.col("increment_of").is_not_null()))
        .select(
            "series",
            pl.col("increment_of").alias("metric"),
            "eff_geography",
            "report_id",
            "report_name",
            "lo",
            "hi",
            "q_lo",
            "q_hi",
            "qualifier",
            "figure_id",
            "evidence",
            "report_kind",
            "carrier_published",
            previous_month=pl.col("eff_period_start").str.slice(0, 7),
        )
        .with_row_index("k")
        .drop_nulls(key)
    )
    # the rise's own release (the first, in date order)
    own_release = releases.group_by(*key, "report_id").agg(t=pl.col("j").min())
    pages = _pages_own_rises(
        figures.releases, releases, stated_rises, own_release, cadences, keep_unplaced=True
    )
    unplaced = [
        finding(
            row["figure_id"],
            f"The rise {row['report_name']} states equals the change since the previous release",
            UNPLACED,
            QUALIFIER_WORDS.get(row["qualifier"] or "", "") + amount(row["lo"], row["hi"]),
            None,
            None,
            [row["figure_id"]],
            f"Releases that may be current at the page's date: {row['may_be'].replace('; ', ', ')}"
            f"; the rise cannot be set against one of them. | {row['evidence']}",
        )
        for row in pages.filter(pl.col("t").is_null() & (pl.col("may_be") != "")).iter_rows(
            named=True
        )
    ]
    rises = pl.concat(
        [
            stated_rises.join(own_release, on=[*key, "report_id"], how="inner"),
            pages.drop_nulls("t").drop("may_be"),
        ]
    ).sort("k")
    if rises.is_empty():
        return unplaced
    # a rise whose release states no data-through date: the month before the one its release ran
    # to, where the releases around it tell
    step = [CADENCE_MONTHS.get(cadences.get(series, ""), 0) for series in rises["series"]]
    inferred = [
        month_text(months[t] - gap) if gap and months[t] is not None else None
        for t, gap in zip(rises["t"], step, strict=True)
    ]
    rises = rises.with_columns(
        pl.col("previous_month").fill_null(pl.Series(inferred, dtype=pl.String))
    )
    # the previous release: the one whose data-through month is the rise's period start, of those
    # out by the day the rise's own release came out (a correction published later is not what
    # it rose from)
    previous_of = (
        rises.select("k", *key, "previous_month", own_out=releases["out_last"].gather(rises["t"]))
        .join(
            releases.select(*key, "j", "out", previous_month="month"),
            on=[*key, "previous_month"],
        )
        .filter(
            pl.col("out").is_null()
            | pl.col("own_out").is_null()
            | (pl.col("out") <= pl.col("own_out"))
        )
        .group_by("k")
        .agg(p=pl.col("j").max())
    )
    rises = rises.join(previous_of, on="k", how="left").sort("k")
    held = rises["p"].is_not_null()
    total = releases[rises["t"]]
    previous = releases[rises["p"].fill_null(0)]
    change_lo, change_hi = minus((total["lo"], total["hi"]), (previous["lo"], previous["hi"]))
    # the rise read by what its words allow (with_qualified_ends, as restatements read them): "more
    # than 25 more" meets a change of 26 or more (a count: one more than 25), "up to 30 more" one of
    # 0 to 30, "about 100 more" one of 95 to 105; the difference, in whole numbers, is how far the
    # change lies from what the words allow (+ where the rise says more)
    least = (
        pl.when(pl.col("qualifier") == "more_than")
        .then(pl.col("q_lo") + 1)
        .otherwise(pl.col("q_lo"))
    )
    apart = range_gap(least, pl.col("q_hi"), change_lo, change_hi)
    gap = pl.when(apart > 0).then(apart.ceil()).otherwise(apart.floor()).cast(pl.Int64)
    since = pl.concat_str(
        [
            pl.lit("the previous release (data to "),
            pl.col("previous_month").map_elements(periods.label, return_dtype=pl.String),
            pl.lit(")"),
        ]
    ).fill_null(pl.lit("the previous release"))
    judged = findings(
        rises.with_columns(held=held).select(
            subject="figure_id",
            statement=pl.concat_str(
                [
                    pl.lit("The rise stated for "),
                    pl.col("report_name"),
                    pl.lit(" equals the change since "),
                    pl.when(pl.col("held")).then(previous["report_name"]).otherwise(since),
                ]
            ),
            expected=pl.when(pl.col("held"))
            .then(
                pl.concat_str(
                    [
                        amounts(total["lo"], total["hi"]),
                        pl.lit(" − "),
                        amounts(previous["lo"], previous["hi"]),
                        pl.lit(" = "),
                        amounts(change_lo, change_hi),
                    ]
                )
            )
            .otherwise(pl.lit(NOT_HELD)),
            observed=pl.concat_str(
                [
                    pl.col("qualifier").replace_strict(QUALIFIER_WORDS, default="").fill_null(""),
                    amounts(rises["lo"], rises["hi"]),
                ]
            ),
            difference=pl.when(pl.col("held")).then(gap),
            ok=pl.when(pl.col("held")).then((gap == 0).fill_null(False)),
            figure_ids=pl.when(pl.col("held"))
            .then(
                pl.concat_str(
                    [pl.col("figure_id"), total["figure_id"], previous["figure_id"]],
                    separator="; ",
                )
            )
            .otherwise(pl.concat_str([pl.col("figure_id"), total["figure_id"]], separator="; ")),
            evidence=pl.when(pl.col("held"))
            .then(
                pl.concat_str(
                    [pl.col("evidence"), total["evidence"], previous["evidence"]],
                    separator=" | ",
                )
            )
            .otherwise(
                pl.concat_str(
                    [
                        pl.lit("The collection does not hold "),
                        since,
                        pl.lit(", so the rise cannot be checked. | "),
                        pl.col("evidence"),
                        pl.lit(" | "),
                        total["evidence"],
                    ]
                )
            ),
            blamed="figure_id",
        )
    )
    # the pages of no one current release after the others: their results' numbers stay
    return pl.concat([judged, as_frame(unplaced)]) if unplaced else judged


DATES_UNSTATED = "not checkable: not every date is stated"


@rule
def mixed_periods_in_carrier(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> pl.DataFrame | list[dict[str, Any]]:
    """Two metrics of one series set side by side must share a data-through date, or any rate made
    from them pairs different releases (the article's 1,114 deaths beside 28,562 strikes). One
    finding per carrier and series with two metrics or more, in order of carrier and series: it
    passes when some date is every metric's; fails only when the dates known show that no date
    can be: a data-through date is the day a figure stands for, a date it was released or cited on
    only the last day its data can run to, and a figure of no date at all fits any. Otherwise (an
    unknown date alone is no different date) it is not checkable. The evidence says why a rate
    must pair one release's figures only where the metrics are of different units. Returns a
    findings() frame, or an empty list when no carrier sets two metrics side by side."""
    key = ["carried_by", "series"]
    points = (
        with_ends(figures.frame)
        .select(
            *key,
            "lo",
            "hi",
            "increment_of",
            "metric",
            "as_of",
            "as_of_basis",
            "as_of_label",
            "metric_label",
            "unit",
            "series_name",
            "carrier_name",
            "figure_id",
            "evidence",
        )
        .filter(
            pl.col("series").is_not_null()
            & pl.col("increment_of").is_null()
            & pl.col("carried_by").is_not_null()
            & pl.col("metric").is_not_null()
        )
    )
    # each metric's dates; where it has several, each with the numbers given for it ("civilians
    # killed: 939 (data to 31 May 2018), 940 (date not stated)")
    per_date = grouped(
        # in date order, an unknown date last
        points.with_columns(said=amounts(points["lo"], points["hi"])).sort(
            *key, "metric", "as_of", "as_of_label", nulls_last=True
        ),
        [*key, "metric", "as_of_label"],
        {"values": (pl.col("said").drop_nulls().unique(maintain_order=True), " and ")},
        metric_label=pl.col("metric_label").first(),
    )
    valued = pl.concat_str([pl.col("values"), pl.lit(" ("), pl.col("as_of_label"), pl.lit(")")])
    per_metric = grouped(
        per_date.with_columns(label=lowered(per_date["metric_label"])),
        [*key, "metric"],
        {"plain": (pl.col("as_of_label"), ", "), "valued": (valued, ", ")},
        label=pl.col("label").first(),
        dates=pl.len(),
    ).with_columns(
        spans=pl.when(pl.col("dates") > 1).then(pl.col("valued")).otherwise(pl.col("plain"))
    )
    # a date every metric of the group has: some day counted once per metric, as often as there
    # are metrics
    per_day = (
        points.filter(pl.col("as_of").is_not_null())
        .unique([*key, "metric", "as_of"])
        .group_by(*key, "as_of")
        .len()
    )
    metric_spans = pl.concat_str([pl.col("label"), pl.lit(": "), pl.col("spans")])
    carriers = grouped(
        per_metric.sort(*key, "metric"),
        key,
        {"observed": (metric_spans, "; ")},
        metrics=pl.len(),
        several=(pl.col("dates") > 1).any(),
    ).filter(pl.col("metrics") >= 2)
    if carriers.is_empty():
        return []
    # the latest date every metric has a figure of, as the figures word it: named first where a
    # metric also has others, so that a passing finding does not read as a mismatch
    common = (
        per_day.join(carriers.select(*key, "metrics"), on=key)
        .filter(pl.col("len") == pl.col("metrics"))
        .join(
            points.select(*key, "as_of", "as_of_label").unique([*key, "as_of"], keep="first"),
            on=[*key, "as_of"],
        )
        .sort("as_of", "as_of_label", descending=True)
        .group_by(key)
        .agg(common=pl.col("as_of_label").first())
    )
    shared = per_day.group_by(key).agg(most=pl.col("len").max())
    # a date some figure gives, and whether every metric has a figure it fits: one that stands for
    # that day, one released or cited on it or later, or one of no date
    candidates = points.filter(pl.col("as_of").is_not_null()).select(*key, day="as_of").unique()
    fits = (
        pl.col("as_of").is_null()
        | (pl.col("as_of") == pl.col("day"))
        | ((pl.col("as_of_basis") != "data through") & (pl.col("as_of") >= pl.col("day")))
    )
    possible = (
        candidates.join(points.select(*key, "metric", "as_of", "as_of_basis"), on=key)
        .group_by(*key, "day", "metric")
        .agg(fits=fits.any())
        .group_by(*key, "day")
        .agg(every=pl.col("fits").all())
        .group_by(key)
        .agg(possible=pl.col("every").any())
    )
    cited = grouped(
        points,
        key,
        {"figure_ids": (pl.col("figure_id"), "; "), "evidence": (pl.col("evidence"), " | ")},
        series_name=pl.col("series_name").first(),
        carrier_name=pl.col("carrier_name").first(),
        units=pl.col("unit").n_unique(),
    )
    carriers = (
        carriers.sort(key)
        .join(shared, on=key, how="left", maintain_order="left")
        .join(possible, on=key, how="left", maintain_order="left")
        .join(cited, on=key, how="left", maintain_order="left")
        .join(common, on=key, how="left", maintain_order="left")
        .with_columns(
            ok=pl.when(pl.col("most") == pl.col("metrics"))
            .then(pl.lit(True))
            .when(pl.col("possible").not_())
            .then(pl.lit(False))
        )
    )
    return findings(
        carriers.select(
            subject=pl.concat_str([pl.col("carried_by"), pl.lit(": "), pl.col("series")]),
            statement=pl.concat_str(
                [
                    pl.lit("The figures of "),
                    pl.col("series_name"),
                    pl.lit(" that "),
                    pl.col("carrier_name"),
                    pl.lit(" sets side by side share a data-through date"),
                ]
            ),
            expected=pl.when(pl.col("ok").is_null())
            .then(pl.lit(DATES_UNSTATED))
            .otherwise(pl.lit("a shared data-through date")),
            observed=pl.when(pl.col("several") & pl.col("common").is_not_null())
            .then(
                pl.concat_str(
                    [
                        pl.lit("every metric has a figure of "),
                        pl.col("common"),
                        pl.lit(" ("),
                        pl.col("observed"),
                        pl.lit(")"),
                    ]
                )
            )
            .otherwise(pl.col("observed")),
            difference=pl.lit(None, dtype=pl.Float64),
            ok="ok",
            figure_ids="figure_ids",
            evidence=pl.concat_str(
                [
                    pl.when(pl.col("ok").is_null())
                    .then(
                        pl.lit(
                            "Not every figure states the date its data run to, and nothing "
                            "stated shows two different ones: whether they share one cannot be "
                            "told. | "
                        )
                    )
                    .when(pl.col("ok").not_() & (pl.col("units") >= 2))
                    .then(
                        pl.lit(
                            "A rate such as deaths per strike must pair figures of the same "
                            "release. "
                        )
                    )
                    .otherwise(pl.lit("")),
                    pl.col("evidence"),
                ]
            ),
        )
    )
