"""Rules about what a news article makes of someone else's figure, beyond whether it matches: a
count of reports given as a count of deaths, and a figure credited to the wrong issuer. Both read a
claim (a news article's own figure for a series, series.csv) against what the issuers state: the
first against the counts of the claimed series' releases that the page can have read, the second
against every figure of every issuer, whatever its series."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks.effective import data_through_dates
from helpers.checks.findings import finding, with_ends
from helpers.checks.registry import rule
from helpers.checks.series import (
    claim_bounds,
    claim_dates,
    reads_as,
    release_dates,
    releases_current_within,
    releases_judged,
    rounding_of,
)
from helpers.data import periods
from helpers.formatting import amount, day, issuer_name, possessive

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


def _claims(frame: pl.DataFrame, rises: bool = False) -> pl.DataFrame:
    """The news articles' own figures for a series, with their two ends, one number each (a claimed
    range is never read as another figure), and their page's date (claim_dates: date its last
    day, first_date its first, the same for a page dated to the day). A stated rise ("3
    more civilians killed in July") is among them only with rises=True."""
    claims = frame.filter(
        pl.col("series").is_not_null()
        & (pl.col("report_kind") == "news_article").fill_null(False)
        & (pl.lit(rises) | pl.col("increment_of").is_null())
    )
    claims = with_ends(claims).filter(pl.col("lo") == pl.col("hi"))
    return claims.with_columns(
        date=pl.Series(claim_dates(claims), dtype=pl.Date),
        first_date=pl.Series(claim_dates(claims, "first"), dtype=pl.Date),
    )


def _own_figures(frame: pl.DataFrame) -> pl.DataFrame:
    """Every figure an issuer states of its own (not a news article's claim), with its two ends."""
    return with_ends(frame.filter((pl.col("report_kind") != "news_article").fill_null(True)))


# a running total: a point of its issuer's series ("1,799 reports received since August 2014"),
# not a rise; every other count is for a period ("9 reports found credible in November", "53 more
# deaths") or of one moment ("603 reports still open")
RUNNING = pl.col("series").is_not_null() & pl.col("increment_of").is_null()


def _series_releases(releases: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """series -> its releases (releases_of()), one per report in their order (by date): report_id,
    report_name and out, the first day it can have been published (release_dates(); the earliest
    of its rows', None when unknown)."""
    out: dict[str, list[dict[str, Any]]] = {}
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    rows = releases.select("series", "report_id", "report_name").to_dicts()
    for row, first_day in zip(rows, release_dates(releases), strict=True):
        key = (row["series"], row["report_id"])
        if key not in seen:
            seen[key] = {"report_id": row["report_id"], "report_name": row["report_name"]}
            seen[key]["out"] = first_day
            out.setdefault(row["series"], []).append(seen[key])
        elif first_day is not None and (seen[key]["out"] is None or first_day < seen[key]["out"]):
            seen[key]["out"] = first_day
    return out


def _listed(counts: pl.DataFrame, names: dict[str, str]) -> str:
    """Counts of some releases as text, once each, release by release in the order of `names`
    (report_id -> name): "the CJTF-OIR release of 28 December 2017: reports of civilian harm
    received 1,799, reports assessed credible 208"."""
    per_release: dict[str, dict[str, None]] = {report_id: {} for report_id in names}
    for row in counts.iter_rows(named=True):
        text = f"{row['metric_label'].lower()} {amount(row['lo'], row['hi'])}"
        per_release[row["report_id"]][text] = None
    return "; ".join(
        f"{names[report_id]}: {', '.join(texts)}"
        for report_id, texts in per_release.items()
        if texts
    )


@rule
def reports_given_as_deaths(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's count of people for a series (its total, or a rise: "3 more
    killed in July"), in file order, whose series' releases state counts of reports (a metric whose
    unit is reports) of the same kind (of the claim's month, where it gives one): the claimed count
    of people is not a count of reports that the page can have read as deaths. "1,799 civilians
    killed" where a release received 1,799 reports of civilian harm fails. Returns finding()
    dicts.

    Which releases: any release of the series out on or before the page's date (release_dates,
    releases_current_within), the current one or an earlier one (a page may quote an out-of-date
    count), never a later one (a page cannot quote it: a count of reports of a later release that
    equals the claim is named in the evidence, never blamed). An undated page may quote any
    release; a page dated only by its month or year, any release current in it.

    Which counts, so that a small number matching by chance is not blamed: the claim is set only
    against counts that count what it counts, over the same span. A total (a running total of
    deaths) is set against running totals of reports (RUNNING: a point of the series, "1,799 reports
    received since August 2014"): large numbers that grow release by release, which a page's total
    equals by chance seldom. A rise or a count for a period is set against the counts of reports for
    a period (received, assessed, found credible in a month; reports open at a moment): small
    numbers that many months share (3 reports found credible in March and in July 2018), so only
    those of the month the claim's period ends in, where it gives a period; where it gives none,
    only those of the release current at the page's date (the month it reports on), and for an
    undated page none at all.

    A claimed number that a count of people of the same kind and span in those releases gives too
    (of any metric of people: for a rise, the release's rise or the deaths in the reports it
    assessed) is not blamed: the page may quote that count, out of date or not
    (series_claim_matches_release judges that). This is wider than the release matched and the
    current one: a number that one release gives as deaths and another as reports is more simply
    read as deaths.

    The finding is not checkable (status unchecked, never a failure) where the series has counts of
    reports of the claim's kind but none that the page could have quoted: the 396 deaths given on
    1 April 2017 equal the running total of reports of the 30 April release only, and the releases
    out by 1 April state no running total of reports."""
    frame = figures.frame
    claims = _claims(frame, rises=True).filter(pl.col("unit") == "people")
    if claims.is_empty():
        return []
    by_series = _series_releases(figures.releases)
    counts = _own_figures(frame).filter(pl.col("unit").is_in(["reports", "people"]))
    counts = counts.with_columns(running=RUNNING, month=pl.col("eff_period_end").str.slice(0, 7))
    out = []
    # the counts of a series' releases of one kind (and month): the same for many claims
    kinds: dict[tuple[Any, bool, str | None], tuple[pl.DataFrame, bool]] = {}
    for claim in claims.iter_rows(named=True):
        releases = by_series.get(claim["series"], [])
        running = claim["increment_of"] is None
        month = None if running or claim["eff_period_end"] is None else claim["eff_period_end"][:7]
        key = (claim["series"], running, month)
        if key not in kinds:
            of_kind = counts.filter(
                pl.col("report_id").is_in([r["report_id"] for r in releases])
                & (pl.col("running") == running)
            )
            if month is not None:
                of_kind = of_kind.filter(pl.col("month") == month)
            kinds[key] = (of_kind, of_kind.filter(pl.col("unit") == "reports").is_empty())
        of_kind, no_reports = kinds[key]
        if no_reports:
            continue
        out.append(_judged(claim, releases, of_kind, running, month))
    return out


def _judged(
    claim: dict[str, Any],
    releases: list[dict[str, Any]],
    of_kind: pl.DataFrame,
    running: bool,
    month: str | None,
) -> dict[str, Any]:
    """The finding of reports_given_as_deaths on one claim, given its series' releases and their
    counts (of reports and of people) of the claim's kind."""
    date = claim["date"]
    dates = [r["out"] for r in releases]
    # the release current at the page's date; those current in its month, when only that is known
    currents = (
        []
        if date is None
        else [
            releases[j]
            # the release current that day, never the one it replaced: a small count of the
            # older release's reports is too often a rise of the new one's by chance
            for j in releases_current_within(
                claim["first_date"], date, list(range(len(releases))), dates, shared_day=False
            )
        ]
    )
    current_ids = {r["report_id"] for r in currents}
    out_by_then = [
        r for r in releases if date is None or (r["out"] is not None and r["out"] <= date)
    ]
    # a count for a period with no period given: only the month the current release reports on
    per_month = running or month is not None
    quotable = out_by_then if per_month else currents
    names = {r["report_id"]: r["report_name"] for r in quotable}
    compared = of_kind.filter(pl.col("report_id").is_in(list(names)))
    reports = compared.filter(pl.col("unit") == "reports")
    equal = (pl.col("lo") == claim["lo"]) & (pl.col("hi") == claim["hi"])
    same = reports.filter(equal)
    people = compared.filter(
        (pl.col("unit") == "people") & (pl.col("lo") <= claim["lo"]) & (pl.col("hi") >= claim["hi"])
    )
    later = of_kind.filter(
        (pl.col("unit") == "reports") & ~pl.col("report_id").is_in(list(names)) & equal
    )
    order = {r["report_id"]: i for i, r in enumerate(releases)}
    claimed = amount(claim["lo"], claim["hi"])
    kind = (
        "running totals of reports"
        if running
        else f"counts of reports for {periods.label(month)}"
        if month
        else "counts of reports for a period"
    )
    if date is None:
        scope, scope_words = "of any release", "in every release (the page is undated)"
    elif running or month is not None:
        scope = "of the releases out by the page's date"
        scope_words = f"in the releases out by {day(date)}, the page's date"
    elif claim["first_date"] != date:
        scope = "of the releases current in the page's month or year"
        scope_words = (
            f"in the releases current in {periods.label(claim['carrier_published'])}, the page's "
            "date (the page gives no period)"
        )
    else:
        scope = "of the release current at the page's date"
        scope_words = (
            f"in the release current on {day(date)}, the page's date (the page gives no period)"
        )
    if reports.is_empty():
        ok = None
        expected = f"not checkable: no {kind} {scope}"
        if date is None and not running and month is None:
            expected = "not checkable: the page is undated and gives no period"
        observed = f"{claimed}: nothing to compare it with"
    else:
        ok = same.is_empty() or not people.is_empty()
        expected = f"a number other than the {kind} {scope}"
        observed = f"{claimed}: none of them"
    evidence = (
        f"{kind[:1].upper()}{kind[1:]} {scope_words}: {_listed(reports, names)}."
        if not reports.is_empty()
        else f"No {kind} {scope_words}."
    )
    if not same.is_empty():
        hit = max(same.iter_rows(named=True), key=lambda row: order[row["report_id"]])
        observed = (
            f"{claimed} = {hit['metric_label'].lower()} ({names[hit['report_id']]}), a count of "
            "reports, not of people"
        )
        if currents and hit["report_id"] not in current_ids:
            observed += ", from a release before the one current at the page's date"
        if not people.is_empty():
            also = people.row(0, named=True)
            observed += (
                f"; but {names[also['report_id']]} gives it as {also['metric_label'].lower()} too"
            )
    if not later.is_empty():
        row = later.row(0, named=True)
        evidence += (
            f" {claimed} equals the {row['metric_label'].lower()} in {row['report_name']}, "
            "published after the page: a page cannot quote a later release."
        )
    if not same.is_empty() and not people.is_empty():
        also = people.row(0, named=True)
        evidence += (
            f" {names[also['report_id']][:1].upper()}{names[also['report_id']][1:]} gives "
            f"{amount(also['lo'], also['hi'])} {also['metric_label'].lower()}: the page may quote "
            "that."
        )
    evidence += f" | {claim['evidence']}" + "".join(
        f" | {text}" for text in dict.fromkeys(same["evidence"].to_list())
    )
    return finding(
        claim["figure_id"],
        f"The {claimed} {claim['metric_label'].lower()} that {claim['carrier_name']} gives is a "
        "count of people, not of reports",
        expected,
        observed,
        0 if ok is False else None,
        ok,
        [claim["figure_id"], *same["figure_id"].to_list()],
        evidence,
        blamed=[claim["figure_id"]],
    )


# the least whole number whose equality with another issuer's figure says the page took it from
# there: a small count (50 deaths) or a share (0.35) equals some other figure by chance
DISTINCTIVE = 100


def _distinctive(lo: Any, hi: Any) -> bool:
    """Whether a claimed figure is one a page can only have taken from where it is printed: a
    whole number of DISTINCTIVE or more (each end of a range)."""
    return all(
        end is not None and float(end).is_integer() and end >= DISTINCTIVE for end in (lo, hi)
    )


def _places_meet(place: str | None, other: str | None) -> bool:
    """Whether two places (ISO codes joined with '+'; None: not known) share a country; an unknown
    place meets any."""
    if place is None or other is None:
        return True
    return bool(set(place.split("+")) & set(other.split("+")))


def _rounds_own(claim: dict[str, Any], own: pl.DataFrame, issuer: str) -> bool:
    """Whether a claimed round number (1,100) is the credited issuer's current figure rounded
    (series.rounding_of: its 1,114 to the nearest hundred): its latest figure of the claim's
    metric for a place the claim's shares, whole (no governorate, no subgroup), among those in own
    (the figures the page can have read). Then that another issuer printed the round number itself
    tells nothing of where the page took it; an old figure or a part that happens to round to it
    says nothing."""
    if claim["lo"] != claim["hi"]:
        return False
    theirs = own.filter(
        (pl.col("issuer") == issuer)
        & (pl.col("metric") == claim["metric"])
        & (pl.col("lo") == pl.col("hi"))
        & pl.col("governorate_pcode").is_null()
        & pl.col("breakdown").is_null()
    )
    places = [_places_meet(place, claim["eff_geography"]) for place in theirs["eff_geography"]]
    theirs = theirs.filter(pl.Series(places, dtype=pl.Boolean))
    if theirs.is_empty():
        return False
    # the current figure: the latest out (every one, where no date is known)
    latest = theirs["out"].max()
    current = theirs if latest is None else theirs.filter(pl.col("out") == latest)
    return any(rounding_of(claim["lo"], value) is not None for value in current["lo"])


@rule
def misattributed_figure(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's figure for a series (in file order) that equals a figure of
    the same metric stated by another issuer: the figure is the credited issuer's own (the issuer
    of its series, series.csv) too; when the credited issuer states no such number anywhere, the
    figure is misattributed. SNHR's 2,832 credited to Airwars fails. Only a figure that equality
    can tell apart (a whole number of DISTINCTIVE or more) and another issuer's figure for a place
    the claim's shares count. A claim equal to no such figure gets no finding here
    (series_claim_matches_release judges it), nor does a round number that a figure of the
    credited issuer's rounds to (_rounds_own: 1,100 for its 1,114, whoever else printed 1,100).
    Returns finding() dicts."""
    frame = figures.frame
    claims = _claims(frame)
    if claims.is_empty() or "series" not in pkg.frames:
        return []
    series = pkg.frames["series"]
    credited = dict(zip(series["series"].to_list(), series["issuer"].to_list(), strict=True))
    own = _own_figures(frame)
    # the first day each came out by its own publication date; a figure known only from the page
    # that cites it (a monitor's estimate "as cited on 5 April") may have come out any time before
    published = periods.bound(own["report_published"], "first").cast(pl.Date)
    own = own.with_columns(out=published).select(
        "figure_id",
        "issuer",
        "metric",
        "lo",
        "hi",
        "report_name",
        "evidence",
        "out",
        "eff_geography",
        "governorate_pcode",
        "breakdown",
    )
    out = []
    for claim in claims.iter_rows(named=True):
        issuer = credited.get(claim["series"])
        if issuer is None or not _distinctive(claim["lo"], claim["hi"]):
            continue
        same = own.filter(
            (pl.col("metric") == claim["metric"])
            & (pl.col("lo") == claim["lo"])
            & (pl.col("hi") == claim["hi"])
        )
        # of a place the claim's place shares (a count for Syria, for a claim of Iraq and Syria):
        # a count of another place is another count that happens to be equal
        same = same.filter(
            pl.col("eff_geography").map_elements(
                lambda place, claimed=claim["eff_geography"]: _places_meet(place, claimed),
                return_dtype=pl.Boolean,
                skip_nulls=False,
            )
        )
        # another issuer's figure the page can have taken: out by the page's last day (any, for
        # an undated page or a figure whose publication is not known); one published later is
        # not what the page quoted, and the claim is left to series_claim_matches_release
        quotable = (
            pl.lit(True)
            if claim["date"] is None
            else pl.col("out").is_null() | (pl.col("out") <= claim["date"])
        )
        others = same.filter((pl.col("issuer") != issuer) & quotable)
        if others.is_empty() or _rounds_own(claim, own.filter(quotable), issuer):
            continue
        theirs = same.filter(pl.col("issuer") == issuer)
        ok = not theirs.is_empty()
        claimed = amount(claim["lo"], claim["hi"])
        credited_name = issuer_name(issuer)
        first = others.row(0, named=True)
        other_name = issuer_name(first["issuer"])
        observed = f"{claimed} is {possessive(other_name)} figure ({first['report_name']})" + (
            f" and {possessive(credited_name)} too" if ok else f", not {possessive(credited_name)}"
        )
        out.append(
            finding(
                claim["figure_id"],
                f"The {claimed} that {claim['carrier_name']} credits to {credited_name} is "
                f"{possessive(credited_name)} own figure",
                f"a figure {credited_name} states",
                observed,
                None if ok else 0,
                ok,
                [claim["figure_id"], *others["figure_id"].to_list()],
                " | ".join([claim["evidence"], *others["evidence"].to_list()]),
                blamed=[claim["figure_id"]],
            )
        )
    return out


@rule
def claim_place_matches_release(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per news article's figure for a running series (in file order) that puts it in
    a place none of the series' releases of that metric covers: the issuer counts "Iraq and Syria"
    and the page says "in Syria". Such a claim is never matched by series_claim_matches_release,
    which compares like places only. It fails when the number is one the issuer released for
    another place (the releases it is judged against: series.releases_judged; every release for an
    undated page that dates nothing itself),
    read by the claim's qualifier (claim_bounds): the page moved the issuer's figure to a place it
    does not cover. When the number is none of them, what the issuer counted for that place is not
    known: not checkable. A claim in a place some release covers gets no finding here. Returns
    finding() dicts."""
    claims = _claims(figures.frame).filter(pl.col("eff_geography").is_not_null())
    if claims.is_empty() or "series" not in pkg.frames:
        return []
    series = pkg.frames["series"]
    credited = dict(zip(series["series"].to_list(), series["issuer"].to_list(), strict=True))
    releases = figures.releases.filter(pl.col("eff_geography").is_not_null())
    rows = with_ends(releases).select(
        "series",
        "metric",
        "eff_geography",
        "eff_place",
        "lo",
        "hi",
        "qualifier",
        "report_name",
        "figure_id",
        "evidence",
        "as_of",
        "as_of_basis",
    )
    rows = rows.with_columns(out=pl.Series(release_dates(releases), dtype=pl.Date))
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows.to_dicts():
        by_key.setdefault((row["series"], row["metric"]), []).append(row)
    out = []
    for claim in claims.iter_rows(named=True):
        released = by_key.get((claim["series"], claim["metric"]), [])
        places = list(dict.fromkeys(row["eff_geography"] for row in released))
        place_words = {row["eff_geography"]: row["eff_place"] for row in released}
        if not places or claim["eff_geography"] in places:
            continue
        # the releases it is judged against, as series_claim_matches_release judges (a page dated
        # by its month, a claim dating its own figure); every release for an undated page
        judged, own_words = releases_judged(
            claim["first_date"],
            claim["date"],
            claim["period_end"],
            list(range(len(released))),
            [row["out"] for row in released],
            data_through_dates(
                [row["as_of"] for row in released], [row["as_of_basis"] for row in released]
            ),
        )
        readable = (
            [released[j] for j in judged] if claim["date"] is not None or own_words else released
        )
        bounds = claim_bounds(claim["lo"], claim["hi"], claim["qualifier"])
        same = [
            row
            for row in readable
            if row["lo"] is not None
            and row["hi"] is not None
            and reads_as(
                (row["lo"], row["hi"], row["qualifier"]),
                (claim["lo"], claim["hi"], claim["qualifier"]),
                bounds,
            )
        ]
        claimed = amount(claim["lo"], claim["hi"])
        place = claim["eff_place"]
        covered = " or ".join(place_words[p] for p in places)
        issuer = issuer_name(credited.get(claim["series"]))
        if same:
            hit = same[0]
            observed = (
                f"{claimed} is {possessive(issuer)} count for "
                f"{hit['eff_place']} ({hit['report_name']}), not for {place}"
            )
        else:
            observed = (
                f"{issuer} counts {covered} only: no count of {possessive(issuer)} for {place} "
                "is held"
            )
        out.append(
            finding(
                claim["figure_id"],
                f"The {claimed} that {claim['carrier_name']} gives for {issuer} in {place} is a "
                f"count {issuer} gives for {place}",
                f"a count for {place}",
                observed,
                None,
                False if same else None,
                [claim["figure_id"], *(row["figure_id"] for row in same)],
                " | ".join([claim["evidence"], *(row["evidence"] for row in same)]),
                blamed=[claim["figure_id"]],
            )
        )
    return out
