"""Builders of a test record in a copy of the data (conftest.DataCopy): a series of its own,
its releases, news articles and their figures, with ids that can never be real (zz-test-…). The
rules' tests and the headlines' tests set up their records with these, so that no test depends on
today's data."""

from __future__ import annotations

ISSUER = "ZZ Test Coalition (ZZTC)"
MONITOR = "ZZ Test Monitor (ZZTM)"
SERIES = "zz-test-cumulative"
MONITOR_SERIES = "zz-test-monitor-cumulative"
# a country no report can really cover: ISO 3166 leaves the codes ZZA-ZZZ to users
COUNTRY = {"iso3": "ZZA", "iso2": "ZZ", "name_en": "Zedland"}


def add_country(
    data_copy,
    iso3: str = COUNTRY["iso3"],
    iso2: str = COUNTRY["iso2"],
    name_en: str = COUNTRY["name_en"],
) -> None:
    """A row of countries.csv: a geography code and the name readers see."""
    data_copy.append("countries", iso3=iso3, iso2=iso2, name_en=name_en)


def add_series(data_copy, series: str, issuer: str, cadence: str, word: str) -> None:
    data_copy.append(
        "series",
        series=series,
        issuer=issuer,
        primary_metric="civilians_killed",
        cadence=cadence,
        count_word=word,
        geography="IRQ+SYR",
        description="test fixture",
    )


def add_report(data_copy, report_id: str, published: str, end: str = "", **extra) -> None:
    row = dict(
        report_id=report_id,
        title=f"[{report_id}]",
        issuer=ISSUER,
        issuer_as_written="the test coalition",
        kind="official_release",
        published=published,
        published_note="test fixture",
        url="unknown",
        geography="IRQ+SYR",
        period_start="1989-08" if end else "",
        period_end=end,
        coverage_note="test fixture",
        confirmed_on="2026-12-03",
    )
    row.update(extra)
    data_copy.append("reports", **row)


def add_article(data_copy, report_id: str, published: str) -> None:
    add_report(
        data_copy,
        report_id,
        published,
        issuer="ZZ Test Daily",
        issuer_as_written="ZZ Test Daily",
        kind="news_article",
    )


def add_figure(data_copy, figure_id: str, report_id: str, metric: str, value, **extra) -> None:
    row = dict(
        figure_id=figure_id,
        report_id=report_id,
        carried_by=report_id,
        locator="paragraph 1",
        confirmed_on="2026-12-03",
        metric=metric,
        value=str(value),
        qualifier="at_least",
        series=SERIES,
    )
    row.update(extra)
    data_copy.append("figures", **row)


def add_releases(data_copy, points) -> None:
    """Monthly releases of the test series: (data-through month, published day, deaths)."""
    add_series(data_copy, SERIES, ISSUER, "monthly", "admitted")
    for month, published, deaths in points:
        report_id = f"zz-test-release-{month}"
        add_report(data_copy, report_id, published, end=month)
        add_figure(data_copy, f"zz-test-{month}-civ", report_id, "civilians_killed", deaths)


def add_claim(data_copy, page_date: str, metric: str, value, **extra):
    """A news article of that date (zz-test-article) giving one figure for the test series
    (zz-test-claim, exact unless extra says otherwise); returns the copy's package."""
    add_article(data_copy, "zz-test-article", page_date)
    add_figure(
        data_copy,
        "zz-test-claim",
        "zz-test-article",
        metric,
        value,
        **{"qualifier": "exact", **extra},
    )
    return data_copy.load()


def add_supplement(data_copy, table: str, row_id: str, column: str, value: str) -> int:
    """A row of supplements.csv filling `column` of a row of `table`, as the January release of the
    test series states it; returns its row number in the file (the header is row 1)."""
    data_copy.append(
        "supplements",
        table=table,
        row_id=row_id,
        column=column,
        value=value,
        stated_by="zz-test-release-1990-01",
        locator="paragraph 1",
        confirmed_on="2026-12-03",
    )
    return len(data_copy.rows("supplements")) + 1


def print_february_two_ways(data_copy) -> None:
    """January's 100 and February's 130 of the test series, read on page a, and February's
    printed as 131 on page b (both pages of 29 March 1990): the issuer's own text is not held, so
    which is right is not known."""
    add_releases(data_copy, [("1990-01", "1990-02-27", 100), ("1990-02", "1990-03-28", 130)])
    for page in ("zz-test-page-a", "zz-test-page-b"):
        add_article(data_copy, page, "1990-03-29")
    for figure_id in ("zz-test-1990-01-civ", "zz-test-1990-02-civ"):
        data_copy.edit("figures", "figure_id", figure_id, carried_by="zz-test-page-a")
    add_figure(
        data_copy,
        "zz-test-1990-02-civ-b",
        "zz-test-release-1990-02",
        "civilians_killed",
        131,
        carried_by="zz-test-page-b",
    )


def add_monitor_updates(data_copy, updates) -> None:
    """The test monitor's series, with no regular cadence, and its updates: (report_id, the day
    it came out and its data run to, deaths)."""
    add_series(data_copy, MONITOR_SERIES, MONITOR, "irregular", "counted")
    for report_id, out, value in updates:
        add_report(
            data_copy,
            report_id,
            out,
            end=out,
            issuer=MONITOR,
            issuer_as_written="the test monitor",
            kind="monitor_report",
        )
        add_figure(
            data_copy,
            f"{report_id}-civ",
            report_id,
            "civilians_killed",
            value,
            series=MONITOR_SERIES,
            qualifier="exact",
        )
