"""What each figure actually covers once blanks are filled from its report: period, geography, the
date it stands for on a timeline, whether it comes from the report's own carrier, and the count it
states: one number (value) or, for a range ('between'), only a low and a high. Whatever reads a
figure's count reads it as its two ends (LOW and HIGH, or bounds() in pandas), equal for one number,
and shows it with amount(): "1,114" or "1,150–1,200"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
import polars as pl

from helpers.data import frames, geography, periods
from helpers.formatting import (
    amount,
    amounts,
    day,
    geography_label,
    issuer_name,
    per_value,
    readable_url,
)

if TYPE_CHECKING:
    from helpers.data.load import Package

Frame = TypeVar("Frame", pd.DataFrame, pl.DataFrame)

# The least and the most a figure states: its value twice, or a range's low and high (its qualifier,
# such as "at least", is not applied). Null where neither is known.
LOW = pl.coalesce("value", "low")
HIGH = pl.coalesce("value", "high")


def bounds(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """LOW and HIGH of every figure of a pandas frame (charts and views), as two Series."""
    return figures["value"].fillna(figures["low"]), figures["value"].fillna(figures["high"])


def amount_of(figures: pd.DataFrame) -> pd.Series:
    """amount() of every figure of a pandas frame, as a Series of text: what a reader sees, and what
    tells two counts apart."""
    low, high = bounds(figures)
    shown = [amount(least, most) for least, most in zip(low, high, strict=True)]
    return pd.Series(shown, index=figures.index, dtype=object)


def ratio_bounds(
    a: tuple[float, float], b: tuple[float, float]
) -> tuple[float, float | None] | None:
    """The least and the most a / b can be, for counts a and b given as (low, high): a_low / b_high
    and a_high / b_low. None when b can only be 0 (no ratio at all); the most is None (no upper
    bound) when b may be 0 and a may not."""
    (a_low, a_high), (b_low, b_high) = a, b
    if not b_high:
        return None
    most = a_high / b_low if b_low else (0.0 if not a_high else None)
    return a_low / b_high, most


def dimension_words(pkg: Package, dimension: str, first_capital: bool = False) -> str:
    """A breakdown dimension as running text writes it, from dimensions.csv: "us_administration" ->
    "US administration" (first_capital: as a legend's title starts). Raises KeyError for a
    dimension dimensions.csv does not declare."""
    dimensions = pkg.frames["dimensions"]
    hit = dimensions.filter(pl.col("dimension") == dimension)["label"]
    if hit.is_empty():
        raise KeyError(f"the dimension {dimension!r} is not declared in dimensions.csv")
    words = hit[0]
    return words[:1].upper() + words[1:] if first_capital else words


def group_words(
    pkg: Package, breakdown: str, phrase: bool = False, first_capital: bool = False
) -> str:
    """A figure's breakdown group as readers see it, from groups.csv, never its code: named on its
    own, as a legend, a sum or a list names it ("us_administration:obama" -> "Obama
    administration"; first_capital: as a legend's entry starts), or with phrase, as running text
    puts it after what a count counts ("under the Obama administration"). Every stage words a
    group through this one function. Raises KeyError for a breakdown groups.csv does not declare
    (loading refuses a figure that names one)."""
    declared = pkg.derived("group words", _declared_groups)
    if breakdown not in declared:
        raise KeyError(f"the breakdown {breakdown!r} is not declared in groups.csv")
    label, running = declared[breakdown]
    words = running if phrase else label
    return words[:1].upper() + words[1:] if first_capital else words


def _declared_groups(pkg: Package) -> dict[str, tuple[str, str]]:
    """Every declared group by its breakdown ("us_administration:obama"): (label, phrase)."""
    groups = pkg.frames["groups"]
    return {
        f"{dimension}:{group}": (label, phrase)
        for dimension, group, label, phrase in groups.select(
            "dimension", "group", "label", "phrase"
        ).iter_rows()
    }


REPORT_COLUMNS = {
    "report_kind": "kind",
    "report_title": "title",
    "issuer": "issuer",
    "report_published": "published",
    "report_corrects": "corrects",
}
CARRIER_COLUMNS = {
    "carrier_kind": "kind",
    "carrier_issuer": "issuer",
    "carrier_url": "url",
    "carrier_published": "published",
    "carrier_document": "document_id",
}
METRIC_COLUMNS = {
    "metric_label": "label",
    "unit": "unit",
    "subset_of": "subset_of",
    "increment_of": "increment_of",
    "metric_span": "span",
}
BASIS = ["data through", "report published", "carrier published"]
# what as_of_label says the date is, by basis: "data to 31 August 2018", "as released in July
# 2018", "as cited on 27 September 2018"
BASIS_WORDS = ["data to ", "as released ", "as cited "]
# a news article's own figure, dated by its publication: "as published on 5 April 2021" (an
# article is published, not released)
PUBLISHED_WORDS = "as published "
KIND_NOUNS = {
    "official_release": "release",
    "monitor_report": "report",
    "monitor_estimate": "estimate",
    "news_article": "article",
}


CADENCE_MONTHS = {"monthly": 1, "yearly": 12}


def months_before(when: Any, months: int) -> str | None:
    """The month `months` before a date, written YYYY-MM (None for an unknown date)."""
    if when is None:
        return None
    index = when.year * 12 + when.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _increment_starts(joined: pl.DataFrame, cadences: Mapping[str, str]) -> pl.Series:
    """For each figure, the period start it is given: its own, else for a stated rise ("53 more")
    the data-through month of the issuer's immediately previous release, else its report's. The
    previous release is known from the series' cadence (series.csv): the month before the rise's
    own data-through month for a monthly series, twelve months before for a yearly one, whether or
    not that release is held (unknown when the rise's release states no data-through date). For
    an irregular series it is the latest earlier release held of the
    same series, metric and place (by as_of, then file order; null when there is none or it states
    no data-through date). A rise covers the months since the previous release, never its report's
    whole period."""
    releases = joined.filter(
        pl.col("series").is_not_null()
        & (pl.col("report_kind") != "news_article").fill_null(True)
        & pl.col("is_primary")
        & pl.col("increment_of").is_null()
        & pl.col("as_of").is_not_null()
    ).select(
        "series",
        increment_of="metric",
        eff_geography="eff_geography",
        p_as_of="as_of",
        p_row="row",
        previous_end="eff_period_end",
    )
    rises = joined.filter(pl.col("increment_of").is_not_null()).select(
        "row", "series", "increment_of", "eff_geography", "as_of"
    )
    previous = (
        rises.join(releases, on=["series", "increment_of", "eff_geography"])
        .filter(pl.col("p_as_of") < pl.col("as_of"))
        .sort("p_as_of", "p_row")
        .group_by("row")
        .agg(pl.col("previous_end").last())
    )
    by_cadence = [
        months_before(when, CADENCE_MONTHS[cadences[series]])
        if series in cadences and cadences[series] in CADENCE_MONTHS and rise
        else None
        for series, when, rise in zip(
            joined["series"],
            # only a data-through date says which month the previous release covered
            joined.select(
                pl.when(pl.col("as_of_basis") == BASIS[0]).then(pl.col("as_of"))
            ).to_series(),
            joined["increment_of"].is_not_null(),
            strict=True,
        )
    ]
    starts = (
        joined.select("row", "series", "period_start", "eff_period_start", "increment_of")
        .with_columns(cadence_start=pl.Series(by_cadence, dtype=pl.String))
        .join(previous, on="row", how="left", maintain_order="left")
    )
    regular = pl.col("series").replace_strict(
        list(cadences), [c in CADENCE_MONTHS for c in cadences.values()], default=False
    )
    return starts.select(
        pl.when(pl.col("period_start").is_not_null() | pl.col("increment_of").is_null())
        .then(pl.col("eff_period_start"))
        .when(regular)
        .then(pl.col("cadence_start"))
        .otherwise(pl.col("previous_end"))
        .alias("eff_period_start")
    ).to_series()


def _period_label(start: Any, end: Any, as_of_label: str, basis: Any, rise: bool) -> str:
    """The months a figure covers as a reader reads them: "August 2014 to 31 August 2018", "from
    2014, as cited on 27 September 2018", "from the previous release (data to July 2018) to 31
    August 2018", "dates not stated"."""
    if rise:
        since = (
            f"from the previous release (data to {periods.label(start)})"
            if start is not None
            else "since the previous release"
        )
        return f"{since} to {periods.label(end)}" if end is not None else since
    if basis == 0 or basis is None:
        return periods.span(start, end)
    return f"from {periods.label(start)}, {as_of_label}" if start is not None else as_of_label


def series_issuers(pkg: Package) -> dict[str, str]:
    """series -> the short name (issuer_name) of its issuer as series.csv gives it: whose running
    total it is, however many pages quote it."""
    if "series" not in pkg.frames:
        return {}
    table = pkg.frames["series"]
    return dict(
        zip(table["series"].to_list(), per_value(table["issuer"], issuer_name), strict=True)
    )


def _series_names(joined: pl.DataFrame, registered: Mapping[str, str]) -> pl.Series:
    """Each figure's series as running text names it, "the CJTF-OIR running total": its issuer as
    registered (series_issuers); for a series not registered, the issuer of the series' first
    report that is not a news article (else of its first report); null for a figure of no
    series."""
    own = (pl.col("report_kind") != "news_article").fill_null(True)
    issuers = (
        joined.filter(pl.col("series").is_not_null())
        .sort(~own, "row")
        .group_by("series", maintain_order=True)
        .agg(pl.col("issuer_name").first())
        .with_columns(
            issuer_name=pl.col("series")
            .replace_strict(registered, default=None, return_dtype=pl.String)
            .fill_null(pl.col("issuer_name"))
        )
    )
    named = joined.select("series").join(issuers, on="series", how="left", maintain_order="left")
    return named.select(
        pl.concat_str([pl.lit("the "), pl.col("issuer_name"), pl.lit(" running total")]).alias(
            "series_name"
        )
    ).to_series()


def report_name(issuer: str, kind: Any, published: Any, cited: Any, corrects: Any = None) -> str:
    """A report as running text names it, from its issuer's name (issuer_name()), its kind, the
    day it was published and, when that is not known, the day its carrier cited it: "the CJTF-OIR
    release of 27 September 2018", "the SNHR report of September 2018", "the Airwars estimate as
    cited on 27 September 2018", "the VOP Today News article"; a release that corrects another is
    "the CJTF-OIR correction of 30 April 2020" (told apart from the release of that day it
    corrects); an issuer whose name begins with "The" is not given a second one ("the News
    International article")."""
    noun = "correction" if corrects else KIND_NOUNS.get(kind, "report")
    issuer = issuer.removeprefix("The ")
    if published is not None:
        return f"the {issuer} {noun} of {periods.label(published)}"
    if cited is not None:
        return f"the {issuer} {noun} as cited {periods.on(cited)}"
    return f"the {issuer} {noun}"


def _report_names(joined: pl.DataFrame) -> pl.Series:
    """Each figure's report as running text names it (report_name())."""
    columns = (
        "issuer_name",
        "report_kind",
        "report_published",
        "report_cited",
        "report_corrects",
    )
    names = [report_name(*row) for row in zip(*(joined[c] for c in columns), strict=True)]
    return pl.Series("report_name", names, dtype=pl.String)


def first_cited(pkg: Package) -> dict[str, str]:
    """report_id -> the date (as written in reports.csv) of the earliest page that carries it:
    its own carrier (reports.carried_by), a further one (carriers.csv) or a page that prints one
    of its figures, the earliest by the last day each date allows ("2018-06" is no earlier than
    30 June). A report that gives no date of its own was out by then: an estimate cited on 31 May
    and again in June was out on 31 May. Reports no dated page carries are left out."""
    reports = pkg.frames["reports"]
    pairs = [
        reports.select("report_id", "carried_by"),
        pkg.frames["figures"].select("report_id", "carried_by"),
    ]
    if "carriers" in pkg.frames:
        pairs.append(pkg.frames["carriers"].select("report_id", "carried_by"))
    dates = reports.select(pl.col("report_id").alias("carried_by"), cited="published")
    carried = (
        pl.concat(pairs)
        .filter(pl.col("carried_by").is_not_null() & (pl.col("carried_by") != pl.col("report_id")))
        .unique(maintain_order=True)
        .join(dates, on="carried_by", how="inner", maintain_order="left")
        .filter(pl.col("cited").is_not_null())
    )
    carried = carried.with_columns(last=periods.bound(carried["cited"], "last"))
    earliest = carried.sort("last", maintain_order=True).unique("report_id", keep="first")
    return dict(zip(earliest["report_id"].to_list(), earliest["cited"].to_list(), strict=True))


def report_names(pkg: Package) -> dict[str, str]:
    """report_id -> report_name() of every report in reports.csv (a report that gives no date of
    its own is dated by the earliest page that carries it: first_cited)."""
    reports = pkg.frames["reports"]
    cited = first_cited(pkg)
    named = reports.with_columns(
        cited=pl.col("report_id").replace_strict(cited, default=None, return_dtype=pl.String)
    )
    columns = (
        per_value(named["issuer"], issuer_name, nulls=True),
        named["kind"],
        named["published"],
        named["cited"],
        named["corrects"] if "corrects" in named.columns else [None] * named.height,
    )
    return {
        report_id: report_name(*row)
        for report_id, *row in zip(named["report_id"], *columns, strict=True)
    }


def series_cadences(pkg: Package) -> dict[str, str]:
    """series -> its cadence (series.csv): monthly, yearly or irregular."""
    if "series" not in pkg.frames:
        return {}
    table = pkg.frames["series"]
    return dict(zip(table["series"].to_list(), table["cadence"].to_list(), strict=True))


def series_noun(pkg: Package, series: Any) -> str:
    """What a series' own publications are called: the KIND_NOUNS word of most of the reports that
    give its figures ("release" for the coalition's, "report" for a monitor's, "estimate" for an
    estimate cited by others; of equals, the first met); "release" for a series none gives."""
    nouns = pkg.derived("series nouns", _series_nouns)
    return nouns.get(str(series), "release") if series is not None else "release"


def _series_nouns(pkg: Package) -> dict[str, str]:
    """series -> series_noun, for every series some report (not a news article) gives."""
    figures = pkg.frames["figures"].filter(pl.col("series").is_not_null())
    kinds = dict(
        zip(pkg.frames["reports"]["report_id"], pkg.frames["reports"]["kind"], strict=True)
    )
    counted: dict[str, dict[str, int]] = {}
    for series, report_id in zip(figures["series"], figures["report_id"], strict=True):
        noun = KIND_NOUNS.get(kinds.get(report_id), "report")
        if noun != "article":
            tally = counted.setdefault(series, {})
            tally[noun] = tally.get(noun, 0) + 1
    return {series: max(tally, key=tally.__getitem__) for series, tally in counted.items()}


def place_words(pkg: Package, code: str | None) -> str:
    """A geography code in readers' words, by the package's countries.csv: "IRQ+SYR" -> "Iraq and
    Syria" (the eff_place of a figure)."""
    names = pkg.derived(
        "country names", lambda p: geography.country_names(p.frames[geography.COUNTRIES])
    )
    return geography_label(code, names)


def frame(pkg: Package) -> pl.DataFrame:
    """effective_frame(pkg), worked out once per package (Package.derived)."""
    return pkg.derived("effective frame", effective_frame)


def effective_frame(pkg: Package) -> pl.DataFrame:
    """figures joined with their report, carrier and metric, as polars. Columns prefixed eff_ hold
    what applies after inheritance (a figure of a metric whose span is "release" inherits no
    period start); eff_place is eff_geography in readers' words ("Iraq and Syria"); as_of is the
    day a figure stands for (data-through date where known)."""
    figures, reports, metrics = (pkg.frames[n] for n in ("figures", "reports", "metrics"))

    report = reports.select(
        "report_id",
        *(pl.col(c).alias(name) for name, c in REPORT_COLUMNS.items()),
        *(
            pl.col(c).alias(f"rep_{c}")
            for c in ("period_start", "period_end", "geography", "carried_by")
        ),
    )
    carrier = reports.select(
        pl.col("report_id").alias("carried_by"),
        *(pl.col(c).alias(name) for name, c in CARRIER_COLUMNS.items()),
    )
    metric = metrics.select(
        "metric", *(pl.col(c).alias(name) for name, c in METRIC_COLUMNS.items())
    )
    # a further carrier of the report (carriers.csv): its figures are the report's own
    further = (
        pkg.frames["carriers"].select("report_id", "carried_by", _further_carrier=pl.lit(True))
        if "carriers" in pkg.frames
        else pl.DataFrame(
            schema={"report_id": pl.String, "carried_by": pl.String, "_further_carrier": pl.Boolean}
        )
    )
    # keys are unique: one match or none
    joined = (
        figures.with_columns(pl.int_range(2, figures.height + 2, dtype=pl.Int64).alias("row"))
        .join(further, on=["report_id", "carried_by"], how="left", maintain_order="left")
        .with_columns(pl.col("_further_carrier").fill_null(False))
        .join(report, on="report_id", how="left", maintain_order="left")
        .join(carrier, on="carried_by", how="left", maintain_order="left")
        .join(metric, on="metric", how="left", maintain_order="left")
    )
    # a report that gives no date of its own stands on the day the earliest page carrying it was
    # out by (first_cited), else on its figure's own carrier's
    cited = first_cited(pkg)
    joined = joined.with_columns(
        report_cited=pl.col("report_id")
        .replace_strict(cited, default=None, return_dtype=pl.String)
        .fill_null(pl.col("carrier_published"))
    )
    basis = (
        pl.when(pl.col("eff_period_end").is_not_null())
        .then(0)
        .when(pl.col("report_published").is_not_null())
        .then(1)
        .when(pl.col("report_cited").is_not_null())
        .then(2)
    )
    # a count of what one release adds or reports for its month (metrics.csv span "release")
    # takes its report's end, never its start: 105 deaths in the reports assessed in June are not
    # deaths "since August 2014"
    joined = joined.with_columns(
        eff_period_start=pl.coalesce(
            "period_start",
            pl.when((pl.col("metric_span") != "release").fill_null(True)).then("rep_period_start"),
        ),
        eff_period_end=pl.coalesce("period_end", "rep_period_end"),
        eff_geography=pl.coalesce("geography", "rep_geography"),
    )
    joined = joined.with_columns(
        _as_of=pl.coalesce("eff_period_end", "report_published", "report_cited"),
        _basis=basis,
        issuer_name=per_value(joined["issuer"], issuer_name, nulls=True),
        carrier_name=per_value(joined["carrier_issuer"], issuer_name, nulls=True),
        eff_place=per_value(
            joined["eff_geography"], lambda code: place_words(pkg, code), nulls=True
        ),
    )
    words = per_value(joined["_as_of"], periods.label, nulls=False)
    dated = per_value(joined["_as_of"], periods.on, nulls=False)
    confirmed = per_value(joined["confirmed_on"], day, nulls=False).fill_null(periods.UNSTATED)
    address = per_value(joined["carrier_url"], readable_url, nulls=False)
    shown = joined["value_as_written"].fill_null(
        amounts(joined.select(LOW).to_series(), joined.select(HIGH).to_series())
    )
    joined = joined.with_columns(
        as_of=periods.bound(joined["_as_of"], "last"),
        as_of_basis=pl.col("_basis").replace_strict(
            range(3), BASIS, default=None, return_dtype=pl.String
        ),
        as_of_label=pl.concat_str(
            [
                pl.when((pl.col("_basis") == 1) & (pl.col("report_kind") == "news_article"))
                .then(pl.lit(PUBLISHED_WORDS))
                .otherwise(
                    pl.col("_basis").replace_strict(
                        range(3), BASIS_WORDS, default=None, return_dtype=pl.String
                    )
                ),
                pl.when(pl.col("_basis") == 0).then(words).otherwise(dated),
            ]
        ).fill_null(periods.UNSTATED),
        is_primary=(
            (pl.col("carried_by") == pl.col("rep_carried_by").fill_null(pl.col("report_id")))
            | (pl.col("carried_by") == pl.col("report_id"))
            | pl.col("_further_carrier")
        ).fill_null(False),
        evidence=pl.when(pl.col("quote").is_not_null())
        .then(
            pl.concat_str(
                [
                    pl.col("carrier_name"),
                    pl.lit(", "),
                    pl.col("locator"),
                    pl.lit(": “"),
                    pl.col("quote"),
                    pl.lit("”"),
                ]
            )
        )
        .otherwise(
            pl.concat_str(
                [
                    pl.col("carrier_name"),
                    pl.lit(", "),
                    pl.col("locator"),
                    pl.lit(": "),
                    shown,
                    pl.lit(" ("),
                    address.fill_null(""),
                    pl.lit("; confirmed "),
                    confirmed,
                    pl.lit(")"),
                ]
            )
        ),
        # what a figure states: a news article's claim about a series and its own count of the
        # same metric are two things (teleSUR's "1,100" admitted by the coalition and its own
        # "11,800"); an issuer's figure is one thing whether or not a page carrying it names
        # the series
        subject_key=pl.concat_str(
            [
                pl.col("report_id"),
                pl.col("metric"),
                *(
                    pl.col(c).fill_null("")
                    for c in ("eff_geography", "governorate_pcode", "breakdown")
                ),
                # the period by the day it starts on and the last day it ends on: "2019-02" and
                # "2019-02-28" end one period; a start given by its year alone that is the year
                # its report's period starts in is the report's start ("since 2014" in a headline,
                # "since August 2014" in the text); 4 deaths in February 2017 and 229 since
                # August 2014 are two, and so are 100 in December and 1,200 in the whole year
                periods.bound(
                    joined.select(
                        pl.when(
                            (pl.col("eff_period_start").str.len_chars() == 4)
                            & (
                                pl.col("rep_period_start").str.slice(0, 4)
                                == pl.col("eff_period_start")
                            ).fill_null(False)
                        )
                        .then(pl.col("rep_period_start"))
                        .otherwise(pl.col("eff_period_start"))
                    ).to_series(),
                    "first",
                )
                .cast(pl.String)
                .fill_null(""),
                periods.bound(joined["eff_period_end"], "last").cast(pl.String).fill_null(""),
                pl.when(pl.col("report_kind") == "news_article")
                .then(pl.col("series").fill_null(""))
                .otherwise(pl.lit("")),
            ],
            separator="|",
        ),
    )
    joined = joined.with_columns(
        eff_period_start=_increment_starts(joined, series_cadences(pkg)),
        report_name=_report_names(joined),
        series_name=_series_names(joined, series_issuers(pkg)),
    )
    joined = joined.with_columns(
        eff_period_label=pl.Series(
            "eff_period_label",
            [
                _period_label(*row)
                for row in zip(
                    joined["eff_period_start"],
                    joined["eff_period_end"],
                    joined["as_of_label"],
                    joined["_basis"],
                    joined["increment_of"].is_not_null(),
                    strict=True,
                )
            ],
            dtype=pl.String,
        )
    )
    return joined.drop(
        "_as_of",
        "_basis",
        "_further_carrier",
        "rep_period_start",
        "rep_period_end",
        "rep_geography",
        "rep_carried_by",
    )


def as_pandas(figures: pl.DataFrame) -> pd.DataFrame:
    """Effective figures (all, or some rows of them) as pandas, for notebooks, views and charts."""
    return frames.to_pandas(figures, plain=("row",))


def effective_figures(pkg: Package) -> pd.DataFrame:
    """frame(pkg) as pandas (a copy of the one worked out once per package)."""
    return pkg.derived("effective figures", lambda p: as_pandas(frame(p))).copy()


def involved_figures(pkg: Package, report_id: str) -> pd.DataFrame:
    """The effective figures the report gives or carries, in file order, from the figures laid out
    report by report once per package: a report's figures are then a slice, not a copy of every
    column."""
    by_report, rows = _rows_of(pkg, report_id)
    return by_report.iloc[rows]


def involved_values(pkg: Package, report_id: str, column: str) -> pd.Series:
    """One column of involved_figures: a slice of that column alone, for a loop over every report
    (slicing all of the figures' columns each time costs about ten times as much)."""
    by_report, rows = _rows_of(pkg, report_id)
    return by_report[column].iloc[rows]


def _rows_of(pkg: Package, report_id: str) -> tuple[pd.DataFrame, slice]:
    """The figures laid out report by report (_by_report), and the report's rows among them."""
    by_report, spans = pkg.derived("effective figures by report", _by_report)
    return by_report, spans.get(report_id, slice(0, 0))


def _by_report(pkg: Package) -> tuple[pd.DataFrame, dict[str, slice]]:
    """The effective figures, each once for the report that gives it and once for the report that
    carries it (if another), report after report, in file order within each; and the rows of each
    report, by report id."""
    figures = effective_figures(pkg)
    rows: dict[str, list[int]] = {}
    for position, (report_id, carrier) in enumerate(
        zip(figures["report_id"], figures["carried_by"], strict=True)
    ):
        rows.setdefault(report_id, []).append(position)
        if pd.notna(carrier) and carrier != report_id:
            rows.setdefault(carrier, []).append(position)
    spans, start = {}, 0
    for report_id, positions in rows.items():
        spans[report_id] = slice(start, start + len(positions))
        start += len(positions)
    return figures.take([p for positions in rows.values() for p in positions]), spans


def one_per_statement(figures: Frame, key: np.ndarray | None = None) -> Frame:
    """One figure per thing stated (report, metric, place, subgroup, period): the report's own
    carrier first, otherwise the first in the file. Disagreements between carriers are
    R-RESTATED's business. Takes and returns a pandas or a polars frame, in file order. key: the
    subject_key as integers, if the caller has them."""
    if isinstance(figures, pl.DataFrame):
        row = figures["row"].to_numpy()
        primary = figures["is_primary"].fill_null(False).to_numpy()
        if key is None:
            key = figures["subject_key"].rank("dense").fill_null(0).to_numpy()
    else:
        row = figures["row"].to_numpy()
        primary = figures["is_primary"].fillna(False).to_numpy(dtype=bool)
        key = pd.factorize(figures["subject_key"])[0]
    order = np.lexsort((row, ~primary))
    first = order[np.unique(key[order], return_index=True)[1]]
    keep = (
        np.sort(first)
        if len(figures) and (np.diff(row) > 0).all()
        else first[np.argsort(row[first], kind="stable")]
    )
    return figures[keep] if isinstance(figures, pl.DataFrame) else figures.iloc[keep]


def data_through_dates(as_of: Sequence[Any], basis: Sequence[Any]) -> list[Any]:
    """Each release's data-through date (its as_of where its as_of_basis says so), else None; a
    pandas column's NaT or NA is None too (NaT is not equal to itself)."""
    return [
        when
        if isinstance(why, str) and why == BASIS[0] and when is not None and when == when
        else None
        for when, why in zip(as_of, basis, strict=True)
    ]


def coverage_mismatches(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """How two effective figures (rows, as dicts or pandas rows) differ in place and period, as a
    list of phrases that name each figure by its count: "different places: Syria (2,832) against
    Iraq and Syria (1,114)", "different periods: from 2014, as cited on 27 September 2018 (6,575),
    against August 2014 to 31 August 2018 (1,114)"; empty when they cover the same. An unknown end
    (none stated, or only the day a figure was released or cited on) is never the same as another;
    a start given to the year or month is the same as one within it."""

    def against(first: str, second: str) -> str:
        count, other = (amount(*_ends(row)) for row in (a, b))
        pause = "," if "," in first else ""
        return f"{first} ({count}){pause} against {second} ({other})"

    def data_end_unknown(row: Mapping[str, Any]) -> bool:
        # a day it was released or cited on says nothing of the day its data run to
        return data_through_dates([row["as_of"]], [row.get("as_of_basis", BASIS[0])])[0] is None

    def same_start(first: Any, second: Any) -> bool:
        # "from 2014" holds "from August 2014": a start given to the year or month is the same
        # as one within it
        if pd.isna(first) or pd.isna(second):
            return pd.isna(first) and pd.isna(second)
        first, second = str(first), str(second)
        return first.startswith(second) or second.startswith(first)

    out = []
    if a["eff_geography"] != b["eff_geography"]:
        places = (row["eff_place"] for row in (a, b))
        out.append(f"different places: {against(*places)}")
    unknown_end = data_end_unknown(a) or data_end_unknown(b)
    if (
        unknown_end
        or not same_start(a["eff_period_start"], b["eff_period_start"])
        or a["as_of"] != b["as_of"]
    ):
        what = "periods that cannot be compared" if unknown_end else "different periods"
        out.append(f"{what}: {against(a['eff_period_label'], b['eff_period_label'])}")
    return out


def _ends(row: Mapping[str, Any]) -> tuple[Any, Any]:
    """A figure's two ends (LOW and HIGH) from a row of effective figures."""
    value = row["value"]
    return (row["low"], row["high"]) if value is None or pd.isna(value) else (value, value)
