"""The collection's findings in plain sentences, and who did what, for readers on deadline.

The checks stage says which figures breach which rule; this module says it as a journalist
would: issuer names and dates in words, the most serious first, repeated findings of one kind about
one thing told once, and a breach counted against the report that printed the figure, not against
the report it misquoted. Report ids stay in the frames (for links), never in a sentence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import pandas as pd
import polars as pl

from helpers import formatting
from helpers.checks import crosscheck, effective
from helpers.checks.effective import (
    KIND_NOUNS,
    coverage_mismatches,
    dimension_words,
    effective_figures,
)
from helpers.checks.places import other_governorates
from helpers.checks.series import (
    DATE_NOT_KNOWN,
    DISPUTED_PRINTING,
    NOT_OF_ITS_DATE,
    OUT_OF_DATE,
    PUBLISHED_AFTER,
    RUNNING_NOT_SPAN,
    claim_dates,
    claim_reading,
    issued_releases,
    own_span_words,
    release_dates,
    releases_current,
    releases_of,
    series_cadences,
    ways,
    worded_for,
)
from helpers.data import periods
from helpers.data.load import Package
from helpers.formatting import and_list, num, possessive

# most serious first, in the order of the verdicts' own ranks (data/curated/verdicts.csv) for the
# rules that give one (tests/test_headlines.py holds the two alike): a figure credited to the wrong
# source, a count of reports given as deaths, a figure no release gave, a figure put in the wrong
# place, a figure printed two ways, a series that does not add up; then parts that do not add up,
# figures of different dates side by side, a place name read by interpretation, a comparison
# across places or periods
RULE_RANK = {
    "misattributed_figure": 1,
    "reports_given_as_deaths": 2,
    "series_claim_matches_release": 3,
    "claim_place_matches_release": 4,
    "restated_values_agree": 5,
    "cumulative_never_falls": 6,
    "increment_matches_difference": 6,
    "parts_sum_to_total": 7,
    "subset_within_total": 7,
    "quote_in_source": 7,
    "numbers_accounted_for": 7,
    "mixed_periods_in_carrier": 8,
    "place_name_matches_pcode": 9,
    "comparable_coverage": 10,
}
UNRANKED = {"fail": 7, "warning": 10}
# a page that gives a figure of a release its pages print two ways, neither shown wrong: a caveat,
# ranked and said as the figure printed two ways is
DISPUTED_CLAIM = "quotes a figure that pages print differently"
# the statuses that are breaches: a finding that is not checkable is none
BREACHES = ("fail", "warning")

# the rules whose breach is a page's misuse of the figures of another report, which the finding
# names among the figures it rests on: that report's page lists it too
MISUSE_RULES = (
    "reports_given_as_deaths",
    "misattributed_figure",
    "claim_place_matches_release",
    "series_claim_matches_release",
)

# the rules about an issuer's own books (books.py): a caveat on the release itself as well as on
# the pages that print it
BOOKS_RULES = ("books_balance", "carried_matches_previous")
CARRIED_RULE = "carried_matches_previous"

# what a report's status says of a breach, in a few words
RULE_SHORT = {
    "restated_values_agree": "prints one figure two ways",
    "series_claim_matches_release": "gives a figure no release current then gave",
    "reports_given_as_deaths": "gives a count of reports as deaths",
    "misattributed_figure": "credits a figure to the wrong source",
    "claim_place_matches_release": "puts a figure in the wrong place",
    "cumulative_never_falls": "a running total that falls",
    "increment_matches_difference": "a stated rise that does not add up",
    "mixed_periods_in_carrier": "figures of different dates side by side",
    "parts_sum_to_total": "parts that do not add up",
    "subset_within_total": "a part larger than its total",
    "quote_in_source": "a quote not found in its source",
    "numbers_accounted_for": "a number not accounted for",
    "place_name_matches_pcode": "a place name read by interpretation",
    "comparable_coverage": "compares different places or periods",
    "books_balance": "counts of reports that do not add up",
    "carried_matches_previous": "reports carried over that the release before did not leave open",
}

# a breach that fails where the rule's usual breach is a caveat, in a few words
RULE_SHORT_FAILED = {
    "place_name_matches_pcode": "a place name that spells another governorate",
}

KIND_NOUN = {"official": "release", "monitor": "report", "news": "article"}
KIND_GROUP = {"official": "Official releases", "monitor": "Monitors", "news": "News coverage"}
KIND_ORDER = ["official", "monitor", "news"]

FINDING_COLUMNS = [
    "rank",
    "severity",
    "kind",
    "sentence",
    "reports",
    "evidence_page",
    "result_ids",
    "figure_ids",
    "printed_by",
]


class Status(NamedTuple):
    """A report's status in words ("misquotes CJTF-OIR") and its kind for styling: "fail",
    "misquoted", "warning", "pass" or "none"."""

    words: str
    kind: str


# ---- names and titles ----


def _report(pkg: Package, report_id: str) -> pd.Series:
    positions = pkg.derived("report positions", _report_positions)
    if report_id not in positions:
        raise KeyError(f"no report {report_id!r} in reports.csv")
    return pkg.reports.iloc[positions[report_id]]


def _report_positions(pkg: Package) -> dict[str, int]:
    """Each report id's row in reports.csv (the first, should one appear twice)."""
    return _first_by_id(pkg.reports["report_id"], range(len(pkg.reports)))


def _first_by_id(ids: Iterable[str], values: Iterable[Any]) -> dict[str, Any]:
    """{id: its value} of two parallel columns, the first value of an id that appears twice."""
    found: dict[str, Any] = {}
    for report_id, value in zip(ids, values, strict=True):
        found.setdefault(report_id, value)
    return found


def issuer_name(pkg: Package, report_id: str) -> str:
    """The short human name of a report's issuer ("CJTF-OIR", "SNHR", "VOP Today News")."""
    return formatting.issuer_name(str(_report(pkg, report_id)["issuer"]))


def report_title(pkg: Package, report_id: str) -> str:
    """A report's human title (title_in_words of its title in reports.csv)."""
    return title_in_words(str(_report(pkg, report_id)["title"]))


# a weekday before a date ("Friday 31 May 2019"): titles give dates without one
WEEKDAY = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?=\d{1,2} [A-Z][a-z]+ \d{4})"
)
# a date written month first ("Dec 5, 2017", "April 30, 2018"), outside a quotation
MONTH_FIRST = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b")
QUOTED = re.compile(r"(\"[^\"]*\"|«[^»]*»|“[^”]*”)")


def _day_first(found: re.Match) -> str:
    month, day_of_month, year = found.groups()
    for pattern in ("%B", "%b"):
        try:
            name = pd.to_datetime(month, format=pattern).strftime("%B")
        except ValueError:
            continue
        return f"{int(day_of_month)} {name} {year}"
    return found.group(0)


def _note_cut(text: str) -> str:
    """text up to its first "; " outside brackets and quotations (the note after it is ours)."""
    depth = 0
    quoted = False
    for at, char in enumerate(text):
        if char in '"':
            quoted = not quoted
        elif char in "(«“":
            depth += 1
        elif char in ")»”":
            depth = max(depth - 1, 0)
        elif char == ";" and text[at + 1 : at + 2] == " " and not depth and not quoted:
            return text[:at]
    return text


def title_in_words(title: str) -> str:
    """A title as readers see it: a title as published stays as it is; our own description (in
    [brackets]) loses its brackets and any note after a semicolon (never one inside brackets or
    a quotation), and reads its dates one way, day first, without a weekday ("CJTF-OIR monthly
    civilian casualty release, 27 September 2018"; "(Dec 5, 2017)" -> "(5 December 2017)"); a
    quotation keeps its own words."""
    title = str(title).strip()
    if not (title.startswith("[") and title.endswith("]")):
        return title
    described = _note_cut(title[1:-1])
    described = re.sub(r" of (\d{4}-\d{2}(?:-\d{2})?)$", r", \1", described)
    parts = QUOTED.split(described)
    for at in range(0, len(parts), 2):  # the even parts are outside quotations
        words = WEEKDAY.sub("", periods.dates_in_words(parts[at]))
        parts[at] = MONTH_FIRST.sub(_day_first, words)
    return "".join(parts)


def kind_family(kind: str) -> str:
    """The family of a report kind: "official", "monitor", "news" (the part before "_")."""
    return str(kind).split("_", 1)[0]


def kind_group(kind: str) -> str:
    """The heading a report kind is listed under on the index ("Official releases", "Monitors",
    "News coverage", else "Other reports")."""
    return KIND_GROUP.get(kind_family(kind), "Other reports")


def kind_noun(pkg: Package, report_id: str) -> str:
    """What a report is called by its kind: "release" (an official release), "report" (a
    monitor's report), "estimate", "article" (effective.KIND_NOUNS)."""
    nouns = pkg.derived(
        "kind nouns",
        lambda p: {
            rid: KIND_NOUNS.get(kind, "report")
            for rid, kind in zip(p.reports["report_id"], p.reports["kind"], strict=True)
        },
    )
    return nouns.get(report_id, "report")


def source_ref(pkg: Package, report_id: str) -> str:
    """A report as a sentence refers to it: "the release of 27 September 2018", "the correction of
    28 March 1990", "an undated article"."""
    row = _report(pkg, report_id)
    corrects = row.get("corrects")
    # a release that corrects another: "the correction of 28 March 1990", told apart from the
    # release of that day it corrects
    noun = (
        "correction"
        if isinstance(corrects, str) and corrects
        else KIND_NOUN.get(kind_family(row["kind"]), "report")
    )
    published = row["published"]
    if pd.isna(published) or not str(published):
        return f"an undated {noun}"
    return f"the {noun} of {periods.label(published)}"


def series_issuer(pkg: Package, series: str) -> str:
    """The short name of the issuer whose running total a series is: as series.csv registers it
    (effective.series_issuers), never whoever quotes it most; for a series not registered, the
    issuer of most of its figures' reports (ties: the first in file order)."""
    registered = pkg.derived("series issuers", effective.series_issuers)
    if series in registered:
        return registered[series]
    names = pkg.derived("issuer names by report", _issuer_names)
    issuers = pkg.figures.loc[pkg.figures["series"] == series, "report_id"].map(names)
    return str(issuers.value_counts(sort=True).index[0]) if len(issuers) else series


def _issuer_names(pkg: Package) -> dict[str, str]:
    """The short name of each report's issuer (formatting.issuer_name), by report id."""
    short = pkg.reports["issuer"].map(formatting.issuer_name)
    return dict(zip(pkg.reports["report_id"], short, strict=True))


def series_title(pkg: Package, series: str) -> str:
    """A series' page title: "Timeline: CJTF-OIR's running count"."""
    return f"Timeline: {possessive(series_issuer(pkg, series))} running count"


# ---- findings ----


class _Context:
    """What the sentences look up, worked out once: effective figures by id, names of reports."""

    def __init__(self, pkg: Package, results: pd.DataFrame):
        self.pkg = pkg
        self.results = results
        self.figures = effective_figures(pkg).set_index("figure_id", drop=False)
        self.names = pkg.derived("issuer names by report", _issuer_names)
        self.series_names: dict[str, str] = {}
        # what the sentences look up again and again, worked out once each (_once)
        self._worked_out: dict[tuple, Any] = {}
        breaches = results[results["status"].isin(BREACHES)]
        self.blamed = {fid for ids in breaches["blamed_ids"] for fid in _ids(ids)}
        self.checks = pkg.checks.set_index("check_id")
        # the printings of a carried-over count that what the release before left open bears out
        # (books.carried_matches_previous passes them; its first figure is the printing)
        carried = results[(results["rule"] == CARRIED_RULE) & (results["status"] == "pass")]
        self.borne = {_ids(ids)[0] for ids in carried["figure_ids"] if _ids(ids)}

    def _once(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute()'s value, worked out once per key for this context (the sentences never
        change what it returns)."""
        if key not in self._worked_out:
            self._worked_out[key] = compute()
        return self._worked_out[key]

    def borne_out(self, figs: list[pd.Series]) -> str | None:
        """The number, of printings of one figure that differ, that what the release before left
        open bears out (the carried-over count it passes), if exactly one of them is; else
        None."""
        numbers = {number for fig in figs for number in _values([fig])}
        borne = {
            number for fig in figs if fig["figure_id"] in self.borne for number in _values([fig])
        }
        return next(iter(borne)) if len(borne) == 1 and len(numbers) > 1 else None

    def figure(self, figure_id: str) -> pd.Series:
        """The effective figure of this id, as a row (a row of a wide frame is slow to take)."""
        return self._once(("figure", figure_id), lambda: self.figures.loc[figure_id])

    def page_date(self, published, which: str = "last") -> object:
        """The date a page of this publication date is read as (series.claim_dates): its last day,
        or with which="first" its first (the same for a page dated to the day)."""
        key = None if pd.isna(published) else str(published)
        page = pl.DataFrame({"carrier_published": pl.Series([key], dtype=pl.String)})
        return self._once(("page date", key, which), lambda: claim_dates(page, which)[0])

    def releases_like(self, series: pd.DataFrame, fig: pd.Series) -> pd.DataFrame:
        """The releases of a series (by_series' frame) of the figure's metric and place."""
        return self._once(
            ("releases", fig["series"], fig["metric"], fig["eff_geography"]),
            lambda: series[
                (series["metric"] == fig["metric"])
                & (series["eff_geography"] == fig["eff_geography"])
            ],
        )

    def figures_of_value(self, value) -> pd.DataFrame:
        """The effective figures whose value is this number, in file order."""
        valued, positions = self._once(("by value",), self._positions_by_value)
        found = positions.get(float(value))
        return self.figures.iloc[0:0] if found is None else valued.iloc[found]

    def _positions_by_value(self) -> tuple[pd.DataFrame, dict[float, Any]]:
        """The figures with a value, and each value's positions among them (a frame for each of
        the collection's values, made whether asked for or not, cost 0.2 s per index)."""
        valued = self.figures[self.figures["value"].notna()]
        groups = valued.groupby("value", sort=False).indices
        return valued, {float(v): at for v, at in groups.items()}

    def carrier(self, fig: pd.Series) -> str:
        return self.names[fig["carried_by"]]

    def owner_id(self, fig: pd.Series) -> str:
        """The report whose figure this is said to be."""
        return str(fig["report_id"])

    def owner(self, fig: pd.Series) -> str:
        """Whose figure this is: its report's issuer; for an article's own claim about a series,
        the series' issuer."""
        if fig["report_id"] == fig["carried_by"] and pd.notna(fig["series"]):
            series = str(fig["series"])
            if series not in self.series_names:
                self.series_names[series] = series_issuer(self.pkg, series)
            return self.series_names[series]
        return self.names[fig["report_id"]]

    def metric(self, fig: pd.Series) -> str:
        return str(fig["metric_label"]).lower()

    def count_of(self, fig: pd.Series) -> str:
        """ "CJTF-OIR's count of civilians killed"; of a share or a ratio (a unit that is no
        count), "CJTF-OIR's figure for reports as a share of engagements"."""
        if fig.get("unit") in SHARES:
            return f"{possessive(self.owner(fig))} figure for {self.metric(fig)}"
        return f"{possessive(self.owner(fig))} count of {self.metric(fig)}"

    def ref(self, fig: pd.Series) -> str:
        """ "from the release of 27 September 2018", or nothing for an article's own claim."""
        if fig["report_id"] == fig["carried_by"]:
            return ""
        return f" from {source_ref(self.pkg, fig['report_id'])}"


def _ids(listed: Any) -> list[str]:
    return [i for i in str(listed or "").split("; ") if i and i != "nan"]


# units that are no count, and the sign a figure of them is written with ("0.94%", "31 times")
SHARES = formatting.SHARES


def _values(figs: Iterable[pd.Series], qualified: bool = False) -> list[str]:
    """The counts the figures give, smallest first, each once: "459", or "459–591" for a range; a
    share with its sign ("0.94%"); qualified: in the figures' own words ("more than 1,600", "about
    1,350")."""
    ends = set()
    for f in figs:
        low = f["value"] if pd.notna(f["value"]) else f["low"]
        high = f["value"] if pd.notna(f["value"]) else f["high"]
        qualifier = f["qualifier"] if qualified and isinstance(f["qualifier"], str) else ""
        sign = SHARES.get(f.get("unit"), "")
        if pd.notna(low) and pd.notna(high):
            ends.add((float(low), float(high), formatting.QUALIFIER_WORDS.get(qualifier, ""), sign))
    return [words + formatting.amount(low, high) + sign for low, high, words, sign in sorted(ends)]


def _surely_below(lower: pd.Series, upper: pd.Series) -> bool:
    """Whether one figure's count is below another's whatever ranges they give: its most below the
    other's least."""
    most = lower["value"] if pd.notna(lower["value"]) else lower["high"]
    least = upper["value"] if pd.notna(upper["value"]) else upper["low"]
    return bool(pd.notna(most) and pd.notna(least) and most < least)


def _blamed_and_rest(ctx: _Context, row: pd.Series) -> tuple[list[pd.Series], list[pd.Series]]:
    """The figures a finding rests on, split into those it blames and the others, in its order."""
    blamed = set(_ids(row["blamed_ids"]))
    figs = [ctx.figure(f) for f in _ids(row["figure_ids"])]
    return [f for f in figs if f["figure_id"] in blamed], [
        f for f in figs if f["figure_id"] not in blamed
    ]


def _restated(ctx: _Context, rows: pd.DataFrame) -> str:
    wrong, right = _blamed_and_rest(ctx, rows.iloc[0])
    first = ctx.figure(_ids(rows.iloc[0]["figure_ids"])[0])
    owner = f"{ctx.count_of(first)}{ctx.ref(first)}"
    if not wrong:  # no text of the issuer's own held, and no majority: nobody is blamed
        # the pages that print the same number named together: "as 3,037 by Thiqa Agency and
        # A News"
        carriers_of: dict[str, list[str]] = {}
        for carrier, figs in _by_carrier(ctx, right).items():
            carriers_of.setdefault(and_list(_values(figs)), []).append(carrier)
        printed = [f"{values} by {and_list(names)}" for values, names in carriers_of.items()]
        borne = ctx.borne_out(right)
        known = (
            f"but what the release before left open bears out {borne}"
            if borne
            else "so which is right is not known"
        )
        return (
            f"{owner[0].upper()}{owner[1:]} is printed as {' and as '.join(printed)}; the "
            f"issuer's own text is not held, {known}."
        )
    wrong_carriers = and_list(ctx.carrier(f) for f in wrong)
    right_values, wrong_values = _values(right), _values(wrong)
    also = [f for f in right if ctx.carrier(f) == wrong_carriers]
    if len({ctx.carrier(f) for f in wrong}) == 1 and also:
        if ctx.owner(first) == wrong_carriers:  # "SOHR prints its count", not "SOHR's"
            owner = f"its count of {ctx.metric(first)}{ctx.ref(first)}"
        others = [f for f in right if ctx.carrier(f) != wrong_carriers]
        tail = f"; {and_list(ctx.carrier(f) for f in others)} give {and_list(_values(others))}"
        return (
            f"{wrong_carriers} prints {owner} as {' and as '.join(_values(also) + wrong_values)}"
            f"{tail if others else ''}."
        )
    return (
        f"{owner[0].upper()}{owner[1:]} is printed as {and_list(wrong_values)} by "
        f"{wrong_carriers}, but as {and_list(right_values)} by "
        f"{and_list(ctx.carrier(f) for f in right)}."
    )


def _by_carrier(ctx: _Context, figs: list[pd.Series]) -> dict[str, list[pd.Series]]:
    """Figures by the page that prints them, in their order."""
    out: dict[str, list[pd.Series]] = {}
    for fig in figs:
        out.setdefault(ctx.carrier(fig), []).append(fig)
    return out


def _series_releases(pkg: Package) -> pd.DataFrame:
    """The issuer's own points of every series (series.releases_of), as pandas, with two more
    columns: out, the first day each can have been quoted (series.release_dates), and lo/hi, its
    two ends."""
    releases = releases_of(effective.frame(pkg))
    frame = effective.as_pandas(releases)
    low, high = effective.bounds(frame)
    out = pd.Series(release_dates(releases), index=frame.index, dtype="datetime64[ns]")
    return frame.assign(out=out, lo=low, hi=high)


def _releases_by_series(pkg: Package) -> dict[str, pd.DataFrame]:
    """_series_releases(pkg) with two ends known, by series (each in its frame's order)."""
    releases = pkg.derived("series releases, for headlines", _series_releases)
    known = releases[releases["lo"].notna()]
    return {str(series): rows for series, rows in known.groupby("series", sort=False)}


def _issued(pkg: Package) -> dict:
    """issued_releases of every series' releases: which were current when, as T-CLAIMS reads it."""
    return issued_releases(releases_of(effective.frame(pkg)), series_cadences(pkg))


def _nearest(ctx: _Context, fig: pd.Series, quoted: bool = False) -> str:
    """What a claim no release gave can be set against, as T-CLAIMS sets it: the release of its
    series, metric and place current at the page's date (series.releases_judged: those current
    in its month, for a page dated only by its month; those of the data-through month a claim
    gives itself) first, then the
    nearest counts below and above it of the other releases the page could have quoted (out by its
    date; all, for an undated page), only where nearer the claim than the current one; and, where
    the claimed number is one a release of the series gives for another metric (a count of
    reports, say), which one. quoted: the claim is another release's figure, which the sentence
    names; only the releases current then follow it (a misprint or a nearer value would mislead).
    Empty when there is nothing to say."""
    by_series = ctx.pkg.derived("series releases by series, for headlines", _releases_by_series)
    low, high = (
        (fig["value"], fig["value"]) if pd.notna(fig["value"]) else (fig["low"], fig["high"])
    )
    if pd.isna(low) or pd.isna(high) or fig["series"] not in by_series:
        return ""
    series = by_series[fig["series"]]
    same = ctx.releases_like(series, fig)
    page_date = ctx.page_date(fig["carrier_published"])
    outs = [None if pd.isna(d) else d for d in same["out"]]
    quotable = [
        j for j, d in enumerate(outs) if page_date is None or (d is not None and d <= page_date)
    ]
    # which releases were current: T-CLAIMS's own reading (series.releases_current), from all of
    # the issuer's releases for the place, whatever figures of them are held
    issued = ctx.pkg.derived("issued releases, for headlines", _issued)
    current_ids, _, own_words = releases_current(
        issued.get((fig["series"], fig["eff_geography"])),
        ctx.page_date(fig["carrier_published"], "first"),
        page_date,
        None if pd.isna(fig["period_end"]) else fig["period_end"],
        fig["metric"],
    )
    report_ids = same["report_id"].tolist()
    currents = sorted(
        (j for j in range(len(same)) if report_ids[j] in current_ids),
        key=lambda j: (outs[j] is None, outs[j] or pd.Timestamp.min),
    )

    # each release's two ends, read once: a row looked up by position costs more than the sum
    los, his = same["lo"].tolist(), same["hi"].tolist()

    def distance(j: int) -> float:
        return max(low - his[j], los[j] - high, 0)

    def said(j: int) -> str:
        row = same.iloc[j]
        return f"{formatting.amount(row['lo'], row['hi'])} in {_release_ref(ctx, row)}"

    parts = []
    others = [j for j in quotable if j not in currents]
    if currents:
        when = (
            f"current in {periods.label(fig['period_end'])} or with data to it, the date the "
            "page's words give the figure"
            if own_words
            else f"current in {periods.label(fig['carrier_published'])}, the page's date"
            if len(currents) > 1 and len(str(fig["carrier_published"])) < len("YYYY-MM-DD")
            # a page of the day a release came out may quote it or the one before
            else f"current on {periods.label(fig['carrier_published'])}, the page's date and "
            "the day a release came out"
            if len(currents) > 1
            else "current at the page's date"
        )
        parts.append(f"{when}: {and_list(said(j) for j in currents)}")
        if quoted:
            return f" ({parts[0]})"
        closest = min(distance(j) for j in currents)
        others = [j for j in others if distance(j) < closest]
        # a misprint or a rounding of one of them (series.claim_reading): older releases nearer
        # by chance say nothing then
        readings: dict[str, list[str]] = {}
        for j in currents:
            whole = [los[i] for i in currents if los[i] == his[i]]
            if low == high and los[j] == his[j] and (reading := claim_reading(low, los[j], whole)):
                readings.setdefault(reading, []).append(num(los[j]))
        if readings:
            parts.extend(
                f"{num(low)} is {and_list(values)} {how}" for how, values in readings.items()
            )
            others = []
    below = sorted((j for j in others if his[j] < low), key=distance)
    above = sorted((j for j in others if los[j] > high), key=distance)
    nearest = [said(j) for j in (below[:1] + above[:1])]
    if nearest:
        parts.append(
            f"{'the nearest out by then' if parts else 'the nearest'}: {and_list(nearest)}"
        )
    if low == high:
        # the same number given for another metric by a release of the series: the latest out by
        # the page's date, else the first
        out_of = series.groupby("report_id")["out"].min()
        figures = ctx.figures_of_value(low)
        given = figures[
            figures["report_id"].isin(out_of.index) & (figures["metric"] != fig["metric"])
        ]
        if not given.empty:
            outs = given["report_id"].map(out_of)
            given = given.assign(_out=outs).sort_values("_out", kind="stable")
            later = False  # only a release out after the page gives it: the page cannot have
            if page_date is not None:
                by_then = (given["_out"] <= page_date).fillna(False)
                given = given[by_then].iloc[::-1] if by_then.any() else given
                later = not by_then.any()
            row = given.iloc[0]
            parts.append(
                f"{num(low)} is the count of {str(row['metric_label']).lower()} in "
                f"{_release_ref(ctx, row)}" + (", out after the page's date" if later else "")
            )
    return f" ({'; '.join(parts)})" if parts else ""


def _release_ref(ctx: _Context, row: pd.Series) -> str:
    """A release as the sentence names it: "the release of 27 September 2018"; one of no date of
    its own by its name ("the Airwars estimate as cited on 27 September 2018")."""
    ref = source_ref(ctx.pkg, row["report_id"])
    return str(row["report_name"]) if ref.startswith("an undated") else ref


# how T-CLAIMS's observed text ends when the claim is the figure of a release the page could not
# quote then ("130 = the ZZTC release of 28 March 1990, published after the page"), and the words
# the sentence gives it
QUOTED_ANOTHER = {
    f", {PUBLISHED_AFTER}": "published after the page's date",
    f", {OUT_OF_DATE}": "out of date by the page's date",
    f", {NOT_OF_ITS_DATE}": "not of the date the page's words give it",
    f", {DATE_NOT_KNOWN}": "a release whose day is not known",
}


def _disputed_claim(row: pd.Series) -> bool:
    """Whether a finding is a claim that gives a figure of a release its pages print two ways,
    neither shown wrong (series.DISPUTED_PRINTING)."""
    return row["rule"] == "series_claim_matches_release" and str(row["observed"]).endswith(
        f", {DISPUTED_PRINTING}"
    )


def _kind(row: pd.Series, otherwise: str | None = None, noun: str = "release") -> str:
    """A breach in a few words (RULE_SHORT; otherwise, or the rule's name, for a rule it lacks), a
    series' publications called `noun`s (series.worded_for)."""
    if _disputed_claim(row):
        return DISPUTED_CLAIM
    if row["status"] == "fail" and row["rule"] in RULE_SHORT_FAILED:
        return RULE_SHORT_FAILED[row["rule"]]
    return worded_for(
        noun, RULE_SHORT.get(row["rule"], otherwise or str(row["rule"]).replace("_", " "))
    )


def _printed_two_ways(ctx: _Context, row: pd.Series) -> str:
    """ "Daily Example gives 131 for ZZTC's count of civilians killed, the figure of the ZZTC
    release of 28 March 1990 as Page B prints it, while Page A prints 130; which is right is not
    known." The finding's figures: the claim, the printing it gives, then the others."""
    claim, *printings = [ctx.figure(f) for f in _ids(row["figure_ids"])]
    release = str(row["observed"]).partition(" = ")[2].removesuffix(f", {DISPUTED_PRINTING}")
    pages: dict[str, list[str]] = {}  # number -> the pages (report ids) that print it
    for fig in printings:
        pages.setdefault(_values([fig])[0], []).append(str(fig["carried_by"]))
    given, *others = pages
    qualifier = claim["qualifier"] if isinstance(claim["qualifier"], str) else "exact"
    said = formatting.QUALIFIER_WORDS.get(qualifier, "") + _values([claim])[0]

    def print_(page_ids: list[str]) -> str:
        names = list(dict.fromkeys(ctx.names[page] for page in page_ids))
        return f"{and_list(names)} print{'s' if len(names) == 1 else ''}"

    return (
        f"{ctx.carrier(claim)} gives {said} for {ctx.count_of(claim)}, "
        + ("the figure of " if qualifier in ("exact", "at_least") else "which fits the figure of ")
        + f"{release} as {print_(pages[given])} it, while "
        + and_list(
            # a page that prints the figure both ways is "it": named once
            f"it prints {number} elsewhere"
            if set(pages[number]) == set(pages[given]) and len(set(pages[given])) == 1
            else f"{print_(pages[number])} {number}"
            for number in others
        )
        + "; which is right is not known."
    )


def _noun(ctx: _Context, fig: pd.Series) -> str:
    """What the publications of a figure's series are called (effective.series_noun)."""
    return effective.series_noun(ctx.pkg, fig["series"] if pd.notna(fig["series"]) else None)


def _row_noun(ctx: _Context, row: pd.Series) -> str:
    """_noun of the first figure a finding blames ("release" when it blames none)."""
    blamed = _ids(row["blamed_ids"])
    return _noun(ctx, ctx.figure(blamed[0])) if blamed else "release"


def _claim(ctx: _Context, rows: pd.DataFrame) -> str:
    if _disputed_claim(rows.iloc[0]):
        return " ".join(_printed_two_ways(ctx, row) for _, row in rows.iterrows())
    figs = [ctx.figure(f) for ids in rows["blamed_ids"] for f in _ids(ids)]
    fig = figs[0]
    counts = _values(figs)
    if len(figs) == 1:
        # the figure of another release: named as such, never as "a figure no release gave"; the
        # claim in its own words ("more than 125"), which a release's figure fits, not equals
        rest = str(rows.iloc[0]["observed"]).partition(" = ")[2]
        qualifier = fig["qualifier"] if isinstance(fig["qualifier"], str) else "exact"
        said = formatting.QUALIFIER_WORDS.get(qualifier, "") + counts[0]
        same = qualifier in ("exact", "at_least")
        if rest.endswith(f", {RUNNING_NOT_SPAN}"):
            span = own_span_words(
                None if pd.isna(fig["period_start"]) else fig["period_start"],
                None if pd.isna(fig["period_end"]) else fig["period_end"],
            )
            release = rest.removesuffix(f", {RUNNING_NOT_SPAN}")
            return (
                f"{ctx.carrier(fig)} gives {said} for {ctx.count_of(fig)} {span}, but "
                + (
                    f"{counts[0]} is the running total of "
                    if same
                    else "that fits the running total of "
                )
                + f"{release}, counted from the series' start, not a count {span}."
            )
        noun = _noun(ctx, fig)
        for ending, why in QUOTED_ANOTHER.items():
            ending, why = worded_for(noun, ending), worded_for(noun, why)
            if rest.endswith(ending):
                return (
                    f"{ctx.carrier(fig)} gives {said} for {ctx.count_of(fig)}, "
                    + ("the figure of " if same else "which fits the figure of ")
                    + f"{rest.removesuffix(ending)}, {why}{_nearest(ctx, fig, quoted=True)}."
                )
    said = _values(figs, qualified=True)
    what = "a figure" if len(said) == 1 else "figures"
    noun = _noun(ctx, fig)
    return (
        f"{ctx.carrier(fig)} gives {and_list(said)} for "
        f"{ctx.count_of(fig)}, {what} no "
        # several figures: the releases current then, which they share, without one figure's
        # nearest values or reading
        f"{ctx.owner(fig)} {noun} gave{_nearest(ctx, fig, quoted=len(figs) > 1)}."
    )


# how a metric's label says it counts one month's reports ("reports found credible in the month")
IN_THE_MONTH = " in the month"


def _reports_as_deaths(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    fig = ctx.figure(_ids(row["blamed_ids"])[0])
    value, _, rest = str(row["observed"]).partition(" = ")
    what, _, release = rest.partition(" (")
    release = release.split(")")[0]
    # a count of one month's reports names its month: "reports found credible in July 2018"
    counted = [ctx.figure(f) for f in _ids(row["figure_ids"])[1:2]]
    start, month = (counted[0]["period_start"], counted[0]["period_end"]) if counted else (0, 0)
    if (
        what.endswith(IN_THE_MONTH)
        and isinstance(month, str)
        and start == month
        and len(month) == len("1990-01")
    ):
        what = f"{what.removesuffix(IN_THE_MONTH)} in {periods.label(month)}"
    # deaths where the metric counts people killed (its HXL tag, metrics.csv), else people
    metrics = ctx.pkg.frames["metrics"]
    tag = metrics.filter(pl.col("metric") == fig["metric"])["hxl"].to_list()
    people = "deaths" if tag and "killed" in tag[0].split("+")[1:] else "people"
    # the claim in its own words: "at least 3", where the page says so
    qualifier = fig["qualifier"] if isinstance(fig["qualifier"], str) else "exact"
    said = formatting.QUALIFIER_WORDS.get(qualifier, "") + value
    return (
        f"{ctx.carrier(fig)} gives {said} as {ctx.count_of(fig)}, but {value} is the number of "
        f"{what} in {release}: reports of possible harm, not {people}."
    )


def _misattributed(ctx: _Context, rows: pd.DataFrame) -> str:
    """One page's figures, each another report's (the same one), credited to the series' issuer
    (_group_key): "credits 2,832 (civilians killed) to Airwars, but it is SNHR's figure (...)", or
    for several
    "credits 2,832 (civilians killed), 861 (children killed) and 617 (women killed) to Airwars,
    but they are SNHR's figures (...)"."""
    row = rows.iloc[0]
    figs = [ctx.figure(_ids(blamed)[0]) for blamed in rows["blamed_ids"]]
    credited = str(row["statement"]).partition(" credits to ")[2].partition(" is ")[0]
    values = [str(observed).partition(" is ")[0] for observed in rows["observed"]]
    whose = str(row["observed"]).partition(" is ")[2]
    if len(rows) == 1:
        # with what it counts: "credits 176 (civilians killed) to SNHR"
        return (
            f"{ctx.carrier(figs[0])} credits {values[0]} ({ctx.metric(figs[0])}) to {credited}, "
            f"but it is {whose}."
        )
    # each count with what it counts, when the page's figures count different things
    if len({fig["metric"] for fig in figs}) > 1:
        values = [f"{value} ({ctx.metric(fig)})" for value, fig in zip(values, figs, strict=True)]
    whose = whose.replace(" figure (", " figures (", 1)
    return f"{ctx.carrier(figs[0])} credits {and_list(values)} to {credited}, but they are {whose}."


def _wrong_place(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    fig = ctx.figure(_ids(row["blamed_ids"])[0])
    value, _, whose = str(row["observed"]).partition(" is ")
    whose, _, place = whose.rpartition(", not for ")
    return f"{ctx.carrier(fig)} gives {value} for {place}, but it is {whose}."


def _given(ctx: _Context, fig: pd.Series) -> str:
    """ "SMM Syria gives 1,144 for CJTF-OIR's count of civilians killed from the release of ...";
    an issuer's figure read on its own release: "ZZTC gives 95 for its count of civilians killed
    in the release of 28 March 1990"."""
    if ctx.carrier(fig) == ctx.owner(fig):
        return (
            f"{ctx.carrier(fig)} gives {num(fig['value'])} for its count of {ctx.metric(fig)} in "
            f"{source_ref(ctx.pkg, fig['report_id'])}"
        )
    return f"{ctx.carrier(fig)} gives {num(fig['value'])} for {ctx.count_of(fig)}{ctx.ref(fig)}"


def _falls(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    wrong, others = _blamed_and_rest(ctx, row)
    if len(wrong) > 1:
        # both ends of a fall blamed (the release that falls and the one it falls below): the
        # first that falls below the one before it is named
        dated = sorted(wrong, key=lambda f: (pd.isna(f["as_of"]), f["as_of"]))
        pairs = zip(dated, dated[1:], strict=False)
        then, now = next(((a, b) for a, b in pairs if _surely_below(b, a)), dated[:2])
        wrong, others = [now], [then]
    fig = wrong[0]
    said = _given(ctx, fig)
    if not others:
        return f"{said}, and the running total would fall."
    other = others[0]
    later = pd.notna(other["as_of"]) and pd.notna(fig["as_of"]) and other["as_of"] > fig["as_of"]
    count = (_values([other]) or ["unknown count"])[0]
    return (
        f"{said}, {'more' if later else 'less'} than the {count} of "
        f"{'the later' if later else 'the earlier'} "
        f"{source_ref(ctx.pkg, other['report_id']).removeprefix('the ')}: "
        "the running total would fall."
    )


def _increment(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    figs = [ctx.figure(f) for f in _ids(row["figure_ids"])]
    rise = next((f for f in figs if pd.notna(f["increment_of"])), figs[0])
    totals = [f for f in figs if f["metric"] == rise["increment_of"]]
    own = [f for f in totals if f["report_id"] == rise["report_id"]]
    before = [f for f in totals if f["report_id"] != rise["report_id"]]
    whose = "its" if ctx.carrier(rise) == ctx.owner(rise) else possessive(ctx.owner(rise))
    where = source_ref(ctx.pkg, rise["report_id"])
    said = (
        # an issuer's release states its own rise; a page says a count rose (it did not rise in
        # the article): "says in the article of 2 April 1990 that …"
        f"{ctx.carrier(rise)} says {whose} count rose by {num(rise['value'])} in {where}"
        if rise["report_kind"] != "news_article"
        else f"{ctx.carrier(rise)} says in {where} that {whose} count rose by {num(rise['value'])}"
    )
    if own and before:
        now, then, of_now = own[0], before[0], ""
    elif not own and len(before) == 2:
        # a page's own rise: the release current at its date, then the one before it
        now, then = before
        of_now = f" of {source_ref(ctx.pkg, now['report_id'])}"
    else:
        return f"{said}, which does not match the change between releases."
    if pd.isna(now["value"]) or pd.isna(then["value"]):  # a range among them: the check's sums
        return f"{said}, but the releases give {row['expected']}."
    if of_now:
        said = f"{said}, but the {num(now['value'])}{of_now}"
    change = int(now["value"]) - int(then["value"])
    return (
        (said if of_now else f"{said}, but {num(now['value'])}")
        + f" against the {num(then['value'])} of {source_ref(ctx.pkg, then['report_id'])} is "
        + (f"a rise of {num(change)}." if change >= 0 else f"a fall of {num(-change)}.")
    )


def _mixed(ctx: _Context, rows: pd.DataFrame) -> str:
    figs = [ctx.figure(f) for ids in rows["figure_ids"] for f in _ids(ids)]
    # one date once: "August 2018" and "31 August 2018" are the same last day, said the more
    # precise way
    by_metric: dict[str, dict[tuple[str, str], str]] = {}
    for fig in sorted(figs, key=lambda f: (str(f["metric_label"]), str(f["as_of"]))):
        dates = by_metric.setdefault(ctx.metric(fig), {})
        key = (str(fig["as_of"]), str(fig["as_of_basis"]))
        label = str(fig["as_of_label"])
        if len(label) > len(dates.get(key, "")):
            dates[key] = label
    parts = [f"{metric} ({'; '.join(dates.values())})" for metric, dates in by_metric.items()]
    return (
        f"{ctx.carrier(figs[0])} sets {ctx.owner(figs[0])} figures of different dates side by "
        f"side: {and_list(parts)}."
    )


def _parts(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    figs = [ctx.figure(f) for f in _ids(row["figure_ids"])]
    whole = [f for f in figs if pd.isna(f["governorate_pcode"]) and pd.isna(f["breakdown"])]
    parts = [f for f in figs if not any(f is w for w in whole)]
    dimension = ctx.checks.loc[row["check_id"], "dimension"]
    by = f" by {dimension_words(ctx.pkg, dimension)}" if pd.notna(dimension) else ""
    fig = (whole or figs)[0]
    total = f"the total of {num(whole[0]['value'])}" if whole else "the total"
    added = num(sum(int(f["value"]) for f in parts if pd.notna(f["value"])))
    return (
        f"{ctx.carrier(fig)} gives {possessive(ctx.owner(fig))} {ctx.metric(fig)}{by}"
        f"{ctx.ref(fig)} as parts that add up to {added}, not {total}."
    )


def _subset(ctx: _Context, rows: pd.DataFrame) -> str:
    wrong, others = _blamed_and_rest(ctx, rows.iloc[0])
    part = (wrong or others)[0]
    whole = [f for f in others if f["metric"] == part["subset_of"]]
    of_total = f" of {num(whole[0]['value'])}" if whole else ""
    return (
        f"{ctx.carrier(part)} gives {num(part['value'])} {ctx.metric(part)} in "
        f"{ctx.count_of(part)}{ctx.ref(part)}, more than its total{of_total}."
    )


def _place(ctx: _Context, rows: pd.DataFrame) -> str:
    figs = [ctx.figure(f) for ids in rows["blamed_ids"] for f in _ids(ids)]
    fig = figs[0]
    names = ctx.pkg.governorates.set_index("pcode")["name_en"]
    place = names.get(fig["governorate_pcode"], "a governorate")
    written = fig["geography_as_written"]
    if not isinstance(written, str) or not written:  # no name recorded: never "“<NA>”"
        return (
            f"{ctx.carrier(fig)} gives one of {possessive(ctx.owner(fig))} figures for a place "
            f"whose name is not recorded as written; we read it as {place}."
        )
    interpreted = isinstance(fig["interpretation"], str) and bool(fig["interpretation"])
    other = other_governorates(ctx.pkg, written, fig["governorate_pcode"])
    said = (
        f"{ctx.carrier(fig)} writes “{written}” for a place in {possessive(ctx.owner(fig))} figures"
    )
    if other is not None:
        return f"{said}, a spelling of {other}, " + (
            f"and we read it as {place}."
            if interpreted
            else f"but the figure is placed in {place}."
        )
    return f"{said}; it is no known spelling of a place, and " + (
        f"we read it as {place}."
        if interpreted
        else f"nothing recorded says why it is placed in {place}."
    )


def _coverage(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    ids = _ids(row["figure_ids"])
    if len(ids) < 2:
        return _fallback(ctx, rows)
    top, bottom = ctx.figure(ids[0]), ctx.figure(ids[1])
    differences = "; ".join(coverage_mismatches(top, bottom))
    second = "its" if ctx.owner(top) == ctx.owner(bottom) else possessive(ctx.owner(bottom))
    return (
        f"{ctx.carrier(top)} sets {possessive(ctx.owner(top))} {num(top['value'])} "
        f"{ctx.metric(top)} against {second} {num(bottom['value'])} {ctx.metric(bottom)}, "
        f"figures that differ in coverage. {differences[:1].upper()}{differences[1:]}."
    )


def _books(ctx: _Context, rows: pd.DataFrame) -> str:
    """ "In the CJTF-OIR release of 26 April 2018, as Kuwait News Gazette prints it, reports still
    open come to 522 + 122 − 49 = 595 by its own counts, but it gives 475." (books_balance), or
    "… carries over 524 reports open at the start of the month, but the release before left 522
    still open (…)." (carried_matches_previous)."""
    row = rows.iloc[0]
    ids = _ids(row["figure_ids"])
    figs = [ctx.figure(f) for f in ids]
    fig = figs[0]
    name = str(fig["report_name"])
    pages = and_list(dict.fromkeys(ctx.carrier(f) for f in figs))
    prints = "print" if len(dict.fromkeys(ctx.carrier(f) for f in figs)) > 1 else "prints"
    if row["rule"] == "books_balance":
        return (
            f"In {name}, as {pages} {prints} it, {ctx.metric(fig)} come to {row['expected']} by "
            f"its own counts, but it gives {row['observed']}."
        )
    before = ctx.figure(ids[1]) if len(ids) > 1 else fig
    return (
        f"{name[:1].upper()}{name[1:]}, as {ctx.carrier(fig)} prints it, carries over "
        f"{row['observed']} {ctx.metric(fig)}, but {before['report_name']} left "
        f"{num(before['value'])} {ctx.metric(before)} (as {ctx.carrier(before)} prints it)."
    )


def _fallback(ctx: _Context, rows: pd.DataFrame) -> str:
    row = rows.iloc[0]
    figs = [ctx.figure(f) for ids in rows["blamed_ids"] for f in _ids(ids)]
    statement = str(ctx.checks.loc[row["check_id"], "statement"]).rstrip(".")
    who = and_list(ctx.carrier(f) for f in figs)
    subject = statement[:1].lower() + statement[1:]
    return f"Not so in {who}: {subject}." if who else f"Not so: {subject}."


Sentence = Callable[[_Context, pd.DataFrame], str]
SENTENCES: dict[str, Sentence] = {
    "restated_values_agree": _restated,
    "series_claim_matches_release": _claim,
    "reports_given_as_deaths": _reports_as_deaths,
    "misattributed_figure": _misattributed,
    "claim_place_matches_release": _wrong_place,
    "cumulative_never_falls": _falls,
    "increment_matches_difference": _increment,
    "mixed_periods_in_carrier": _mixed,
    "parts_sum_to_total": _parts,
    "subset_within_total": _subset,
    "place_name_matches_pcode": _place,
    "comparable_coverage": _coverage,
    "books_balance": _books,
    "carried_matches_previous": _books,
}


def _group_key(ctx: _Context, row: pd.Series) -> tuple:
    """Findings of one kind about one thing share a key and make one sentence: an article's
    claims about one series, one value printed against one later release, one place name."""
    blamed = [ctx.figure(f) for f in _ids(row["blamed_ids"])]
    if not blamed:
        return (row["rule"], row["result_id"])
    fig = blamed[0]
    if row["rule"] == "series_claim_matches_release":
        return (row["rule"], fig["carried_by"], fig["series"], fig["metric"], _disputed_claim(row))
    if row["rule"] == "cumulative_never_falls":
        return (row["rule"], fig["carried_by"], fig["report_id"], fig["metric"], fig["value"])
    if row["rule"] == "place_name_matches_pcode":
        return (
            row["rule"],
            fig["carried_by"],
            fig["geography_as_written"],
            fig["governorate_pcode"],
        )
    if row["rule"] == "misattributed_figure":
        # one page crediting several figures of one other report to the series' issuer: one
        # error of attribution, one sentence ("credits 2,832, 861 and 617 to Airwars")
        whose = [f for f in _ids(row["figure_ids"]) if f not in _ids(row["blamed_ids"])]
        source = ctx.figure(whose[0])["report_id"] if whose else row["result_id"]
        return (row["rule"], fig["carried_by"], fig["series"], source)
    return (row["rule"], row["result_id"])


def _releases_own_books(rule: str, figure_ids: Iterable[str], blamed_ids: Iterable[str]) -> bool:
    """Whether a breach of the books rules (BOOKS_RULES) is the release's own: its numbers
    disagree and nothing tells which is wrong (every figure the breach rests on is blamed). A page
    printing a carried-over count that the other printings and the release before disagree with
    is blamed alone: then the breach is that page's, not the release's."""
    figures = {f for ids in figure_ids for f in _ids(ids)}
    return rule in BOOKS_RULES and figures == {f for ids in blamed_ids for f in _ids(ids)}


def collection_findings(
    pkg: Package, results: pd.DataFrame | None = None, fold: bool = True
) -> pd.DataFrame:
    """The collection's findings, one row each, most serious first: rank (1 is the most serious),
    severity ("fail" or "warning"), kind (a few words), sentence (plain words, no ids), reports
    (the report ids it concerns, the report that printed it first), evidence_page (the page that
    shows the evidence), result_ids and figure_ids (for a fact-checker), printed_by (the pages whose
    own printing it is about: the pages that print the figures it blames, and for an issuer's
    books the release too; empty when it blames none). Passing checks are not findings. fold: a
    finding that blames only figures a more serious one already blames is folded into it
    (_folded); fold=False keeps every one."""
    if results is None:  # the collection's own findings: worked out once per package
        return pkg.derived(
            "collection findings", lambda p: collection_findings(p, crosscheck.run_checks(p))
        ).copy()
    breaches = results[results["status"].isin(BREACHES)]
    if breaches.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})
    ctx = _Context(pkg, results)
    groups: dict[tuple, list[int]] = {}
    for position, (_, row) in enumerate(breaches.iterrows()):
        groups.setdefault(_group_key(ctx, row), []).append(position)
    out = []
    for members in groups.values():
        rows = breaches.iloc[members]
        first = rows.iloc[0]
        severity = "fail" if (rows["status"] == "fail").any() else "warning"
        rank = (
            RULE_RANK["restated_values_agree"]
            if _disputed_claim(first)
            else RULE_RANK.get(first["rule"], UNRANKED[severity])
        )
        blamed = [ctx.figure(f) for ids in rows["blamed_ids"] for f in _ids(ids)]
        carriers = [str(f["carried_by"]) for f in blamed]
        owners = [str(f["report_id"]) for f in blamed]
        # a release's own books: its page first (its own caveat), then the pages that print them
        own_books = _releases_own_books(first["rule"], rows["figure_ids"], rows["blamed_ids"])
        concerned = owners + carriers if own_books else carriers + owners
        # the pages whose own printing the finding is about: the pages that print the blamed
        # figures, and the release itself where its own books disagree
        printed_by = tuple(dict.fromkeys(owners + carriers if own_books else carriers))
        if first["rule"] in MISUSE_RULES:
            # the reports whose figures a page misused (counted reports as deaths, credited to
            # another issuer, quoted out of date): their pages list it under what others get wrong
            blamed_ids = {f for ids in rows["blamed_ids"] for f in _ids(ids)}
            concerned += [
                str(ctx.figure(f)["report_id"])
                for ids in rows["figure_ids"]
                for f in _ids(ids)
                if f not in blamed_ids
            ]
        reports = tuple(dict.fromkeys(concerned))
        out.append(
            {
                "rank": rank,
                "severity": severity,
                "kind": _kind(first, noun=_row_noun(ctx, first)),
                "sentence": SENTENCES.get(first["rule"], _fallback)(ctx, rows),
                "reports": reports,
                "evidence_page": f"report-{reports[0]}.html" if reports else "crosscheck.html",
                "result_ids": tuple(rows["result_id"]),
                "figure_ids": tuple(
                    dict.fromkeys(f for ids in rows["figure_ids"] for f in _ids(ids))
                ),
                "printed_by": printed_by,
                "_blamed": frozenset(f for ids in rows["blamed_ids"] for f in _ids(ids)),
            }
        )
    frame = pd.DataFrame(out, columns=[*FINDING_COLUMNS, "_blamed"])
    order = frame["severity"].map({"fail": 0, "warning": 1})
    frame = frame.assign(_order=order).sort_values(["rank", "_order"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    return _folded(frame) if fold else frame.drop(columns="_blamed")


def _folded(frame: pd.DataFrame) -> pd.DataFrame:
    """The findings with each one whose blamed figures a more serious finding before it already
    blames folded into that one: one error is one finding ("1,799 is a count of reports" says what
    "a figure no release gave" would say again), its results and figures kept with the finding
    that explains it, so that its evidence is still one click away. Findings that blame nothing
    are never folded."""
    kept: list[dict] = []
    for row in frame.to_dict("records"):
        blamed = row.pop("_blamed")
        host = next((k for k in kept if blamed and blamed <= k["_covers"]), None)
        if host is None:
            kept.append({**row, "_covers": set(blamed)})
            continue
        host["result_ids"] = (*host["result_ids"], *row["result_ids"])
        host["figure_ids"] = tuple(dict.fromkeys((*host["figure_ids"], *row["figure_ids"])))
    return pd.DataFrame([{c: k[c] for c in FINDING_COLUMNS} for k in kept], columns=FINDING_COLUMNS)


# ---- who did what ----


MISQUOTES = "misquotes "
# "credits SNHR's figure to Airwars": "figures" where a page credits more than one (_breach_words)
ONE_FIGURE_TO = " figure to "


def _breach_words(ctx: _Context, row: pd.Series, fig: pd.Series) -> str:
    """What a page did to an issuer's figure, as its status says it: "credits SNHR's figure to
    Airwars", "gives CJTF-OIR's reports as deaths", "puts CJTF-OIR's count in the wrong place",
    "quotes an out-of-date CJTF-OIR figure", else "misquotes CJTF-OIR"."""
    owner = ctx.owner(fig)
    if row["rule"] == "misattributed_figure":
        whose = str(row["observed"]).partition(" is ")[2].partition(" figure")[0]
        return f"credits {whose}{ONE_FIGURE_TO}{owner}" if whose else f"misattributes to {owner}"
    if row["rule"] == "reports_given_as_deaths":
        # as what the page counted them: deaths, or (possible victims) people
        counted = "deaths" if "killed" in str(fig["metric"]) else "people"
        return f"gives {possessive(owner)} reports as {counted}"
    if row["rule"] == "claim_place_matches_release":
        return f"puts {possessive(owner)} count in the wrong place"
    if row["rule"] == "series_claim_matches_release" and OUT_OF_DATE in str(row["observed"]):
        return f"quotes an out-of-date {owner} figure"
    return f"{MISQUOTES}{owner}"


def report_statuses(pkg: Package, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every report's status in words and its kind, one row per report of reports.csv (columns
    report_id, status, kind). A breach counts against the report that carries the blamed figure
    ("misquotes CJTF-OIR"); the report it misquotes reads "misquoted by VOP Today News" and is not
    failed for it. A warning is a caveat on the report that carries the figure. A breach that
    blames no one (two pages print one figure two ways and the issuer's own text is not held) is a
    caveat on every page that prints it and on the report whose figure it is."""
    if results is None:  # the collection's own statuses: worked out once per package
        return pkg.derived(
            "report statuses", lambda p: report_statuses(p, crosscheck.run_checks(p))
        ).copy()
    ctx = _Context(pkg, results)
    # carrier -> figure -> what the page did to it (_breach_words)
    misquotes: dict[str, dict[str, list[str]]] = {}
    misquoted_by: dict[str, list[str]] = {}
    own: dict[str, list[str]] = {}
    caveats: dict[str, list[str]] = {}
    # a breach that blames no one: pages that print one figure two ways, who is right not known
    disputes: dict[str, list[str]] = {}
    for _, row in results[results["status"].isin(BREACHES)].iterrows():
        short = _kind(row, "a check not met", _row_noun(ctx, row))
        if not _ids(row["blamed_ids"]):
            figs = [ctx.figure(fid) for fid in _ids(row["figure_ids"])]
            pages = {str(fig["carried_by"]): ctx.carrier(fig) for fig in figs}
            numbers: dict[str, set[str]] = {}  # each page's numbers: its dispute is with others
            for fig in figs:
                numbers.setdefault(str(fig["carried_by"]), set()).update(_values([fig]))
            printed_as = ways(len(set().union(*numbers.values())))
            borne = ctx.borne_out(figs)
            which = (
                f"the release before bears out {borne}" if borne else "which is right is not known"
            )
            for carrier in pages:
                others = and_list(
                    name for page, name in pages.items() if numbers[page] != numbers[carrier]
                )
                owners = and_list(dict.fromkeys(possessive(ctx.owner(f)) for f in figs))
                # a page at odds with itself alone prints the figure more than one way
                how = f"otherwise than {others}" if others else printed_as
                disputes.setdefault(carrier, []).append(f"prints {owners} figure {how} ({which})")
            for owner_id in dict.fromkeys(str(fig["report_id"]) for fig in figs):
                if owner_id not in pages:
                    disputes.setdefault(owner_id, []).append(
                        f"printed {printed_as} by {and_list(pages.values())} ({which})"
                    )
            continue
        for fid in _ids(row["blamed_ids"]):
            fig = ctx.figure(fid)
            carrier, owner_id = str(fig["carried_by"]), str(fig["report_id"])
            if row["status"] == "warning":
                caveats.setdefault(carrier, []).append(short)
                if _releases_own_books(row["rule"], [row["figure_ids"]], [row["blamed_ids"]]):
                    caveats.setdefault(owner_id, []).append(short)
            elif carrier != owner_id:
                misquotes.setdefault(carrier, {}).setdefault(fid, []).append(
                    _breach_words(ctx, row, fig)
                )
                misquoted_by.setdefault(owner_id, []).append(ctx.carrier(fig))
            elif ctx.owner(fig) != ctx.names[carrier]:
                misquotes.setdefault(carrier, {}).setdefault(fid, []).append(
                    _breach_words(ctx, row, fig)
                )
            else:
                own.setdefault(carrier, []).append(short)
    # what the findings that concern each report say (those its page lists: a breach concerns
    # the figures it blames, a pass every figure it rests on), for a report with no breach
    index = crosscheck.FindingsIndex(results)
    statuses = results["status"].to_numpy()

    def concerning(rid: str) -> set[str]:
        return set(statuses[index.positions(effective.involved_values(pkg, rid, "figure_id"), rid)])

    rows = []
    for rid in pkg.reports["report_id"]:
        words = []
        if rid in misquotes:
            # "misquotes CJTF-OIR and SNHR", then what is not a misquote, each once; a figure a
            # check says more of ("credits SNHR's figure to Airwars") is not also a misquote
            said_of = [
                dict.fromkeys([p for p in said if not p.startswith(MISQUOTES)] or said)
                for said in misquotes[rid].values()
            ]
            figures_each = Counter(phrase for said in said_of for phrase in said)
            phrases = [
                phrase.replace(ONE_FIGURE_TO, " figures to ", 1)
                if figures_each[phrase] > 1
                else phrase
                for phrase in dict.fromkeys(phrase for said in said_of for phrase in said)
            ]
            owners = [p.removeprefix(MISQUOTES) for p in phrases if p.startswith(MISQUOTES)]
            words.append(
                and_list(
                    ([f"{MISQUOTES}{and_list(owners)}"] if owners else [])
                    + [p for p in phrases if not p.startswith(MISQUOTES)]
                )
            )
        if rid in own:
            words.append(and_list(own[rid]))
        if rid in misquoted_by:
            words.append(f"misquoted by {and_list(misquoted_by[rid])}")
        if rid in disputes:
            words.append(and_list(dict.fromkeys(disputes[rid])))
        if rid in caveats:
            notes = list(dict.fromkeys(caveats[rid]))
            words.append(f"{'caveats' if len(notes) > 1 else 'caveat'}: {and_list(notes)}")
        if rid in misquotes or rid in own:
            kind = "fail"
        elif rid in misquoted_by:
            kind = "misquoted"
        elif rid in caveats or rid in disputes:
            kind = "warning"
        elif "pass" in (found := concerning(rid)):
            kind, words = "pass", ["checks out"]
        elif "unchecked" in found:
            # only checks that cannot be made: nothing about it checks out
            kind, words = "none", ["cannot be checked"]
        else:
            kind, words = "none", ["no checks"]
        rows.append({"report_id": rid, "status": "; ".join(words), "kind": kind})
    return pd.DataFrame(rows, columns=["report_id", "status", "kind"])


def page_check_counts(pkg: Package, results: pd.DataFrame | None = None) -> dict[str, dict]:
    """How many of the checks each report's page lists fail, warn, cannot be made and pass (the
    findings that concern its figures: crosscheck.status_counts), by report id; results: the
    collection's own checks when None."""
    if results is None:
        results, index = crosscheck.run_checks(pkg), crosscheck.findings_index(pkg)
    else:
        index = crosscheck.FindingsIndex(results)
    return {
        rid: crosscheck.status_counts(
            results.iloc[index.positions(effective.involved_values(pkg, rid, "figure_id"), rid)]
        )
        for rid in pkg.reports["report_id"]
    }


def status_words(standing: Status, counts: dict[str, int]) -> str:
    """A report's status in words that agree with the counts shown beside it: "checks out" only
    when every check involving it passes; a report with no breach of its own whose checks do not
    all pass says how many do ("2 of 3 checks pass; 1 cannot be checked")."""
    if standing.kind != "pass" or counts["pass"] == sum(counts.values()):
        return standing.words
    total = sum(counts.values())
    said = [
        f"{counts['pass']} of {formatting.counted(total, 'check')} "
        f"{'passes' if total == 1 else 'pass'}"
    ]
    others = counts["fail"] + counts["warning"]
    if others:
        said.append(f"{formatting.counted(others, 'finding')} about others' use of its figures")
    if counts.get("unchecked"):
        said.append(f"{counts['unchecked']} cannot be checked")
    return "no error of its own; " + "; ".join(said)


def report_status(pkg: Package, report_id: str, results: pd.DataFrame | None = None) -> str:
    """One report's status in words: "misquotes CJTF-OIR", "misquoted by VOP Today News",
    "checks out", "caveat: …", "cannot be checked" or "no checks" (see report_statuses)."""
    return report_standing(pkg, report_id, results).words


def report_standing(pkg: Package, report_id: str, results: pd.DataFrame | None = None) -> Status:
    """One report's status in words and its kind for styling (see report_statuses)."""
    if results is None:  # the collection's own statuses, looked up by report id
        standings = pkg.derived("report standings", _standings)
        if report_id not in standings:
            raise KeyError(f"no report {report_id!r} in reports.csv")
        return standings[report_id]
    table = report_statuses(pkg, results)
    row = table[table["report_id"] == report_id]
    if row.empty:
        raise KeyError(f"no report {report_id!r} in reports.csv")
    return Status(str(row.iloc[0]["status"]), str(row.iloc[0]["kind"]))


def _standings(pkg: Package) -> dict[str, Status]:
    """report_standing() of every report, by report id (the first row, should one appear twice)."""
    table = report_statuses(pkg)
    return _first_by_id(
        table["report_id"],
        (Status(str(w), str(k)) for w, k in zip(table["status"], table["kind"], strict=True)),
    )
