"""Synthetic collections for benchmarks and scale tests. replicate(): the real curated data
replicated N times (the runner's scaling). figures_table(): a figures table of an exact number of
rows, the other tables the size of a real collection (the data-scale test); see the section below.

Copy k (k >= 2) of every report, figure, series, report-specific check and comparison gets the
suffix `-x<k>` on its identifiers and on every reference to them, so the copy is a complete, valid
collection of N times the size: N times the report pages, N timelines, N times the figure rows. Raw
documents are shared (a copy quotes the same words from the same file), so quotes still trace to
their source."""

from __future__ import annotations

import calendar
import hashlib
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import paths
from helpers.data import schema

# For each table: the columns holding identifiers that a copy renames.
RENAMED = {
    "reports": ("report_id", "carried_by"),
    "figures": ("figure_id", "report_id", "carried_by", "series"),
    "checks": ("check_id", "report_id"),
    "comparisons": ("comparison_id", "numerator", "denominator"),
    "series": ("series",),
    "carriers": ("report_id", "carried_by"),
    "supplements": ("row_id", "stated_by"),
}


def _replicate_table(df: pd.DataFrame, columns, copies: int, only_rows=None) -> pd.DataFrame:
    base = df if only_rows is None else df[only_rows]
    if copies <= 1 or base.empty:
        return df
    reps = pd.concat([base] * (copies - 1), ignore_index=True)
    k = np.repeat(np.arange(2, copies + 1), len(base)).astype(str)
    suffix = pd.Series(np.char.add("-x", k), index=reps.index)
    for col in columns:
        reps[col] = reps[col].where(reps[col] == "", reps[col] + suffix)
    return pd.concat([df, reps], ignore_index=True)


def replicate(dest, copies: int, source=None) -> Path:
    """Write a data root at dest holding `copies` copies of the collection at source (default:
    ours)."""
    src, dest = paths.data_root(source), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(src / "data", dest / "data", dirs_exist_ok=True)
    for name, columns in RENAMED.items():
        path = schema.table_path(name, src)
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        only = (
            df["report_id"] != "" if name == "checks" else None
        )  # collection-wide checks apply to copies as they are
        out = _replicate_table(df, columns, copies, only)
        out.to_csv(schema.table_path(name, dest), index=False, lineterminator="\n")
    return dest


def copies_for_rows(rows: int, source=None) -> int:
    """How many copies give at least this many figure rows."""
    n = len(pd.read_csv(schema.table_path("figures", source), dtype=str, keep_default_na=False))
    return math.ceil(rows / n)


# -- a figures table of a given size -------------------------------------------------------------
#
# The data-scale benchmark needs a million figure rows while the other tables stay the size a real
# collection would have. figures_table() adds to the real collection synthetic monitors, each with:
#   * an annual report per year 2014-2025 (kind monitor_report, Syria, read on the web: url,
#     locator, confirmed_on, no quote): civilians, children and women killed in the year; the same
#     three for each governorate SY01-SY14 (the place written in one of its known spellings);
#     civilians by month;
#   * a running-total release per year (series <monitor>-cumulative): civilians, children and women
#     since 2014, and the rise since the previous release;
#   * a news article held as a raw text document, quoting the annual totals, one running total and
#     two claims about the latest release (plus a year that is not a figure, in not_figures.csv);
#   * two comparisons (a ratio like for like, and for some monitors one across different periods).
# A known, small fraction of them is deliberately wrong (see BREACHES), so every rule in checks.csv,
# and S-MONTHS that the synthetic collection adds, finds passes and also fails or warnings.

YEARS = list(range(2014, 2026))
GOVERNORATES = 14
MONTHS_PER_YEAR = 12
CONFIRMED = "2026-11-25"
ANNUAL_ROWS = (
    3 + 3 * GOVERNORATES + MONTHS_PER_YEAR
)  # totals; three metrics per governorate; civilians by month
RELEASE_ROWS = 4
NEWS_ROWS = len(YEARS) + 3
MONITOR_ROWS = len(YEARS) * (ANNUAL_ROWS + RELEASE_ROWS) + NEWS_ROWS
METRICS3 = ("civilians_killed", "children_killed", "women_killed")
SHORT = {"civilians_killed": "civ", "children_killed": "children", "women_killed": "women"}
MONTHS_CHECK = {
    "check_id": "S-MONTHS",
    "rule": "parts_sum_to_total",
    "report_id": "",
    "metric": "",
    "dimension": "month",
    "severity": "fail",
    "statement": "The counts by month add up to the report's total.",
}
MONTH_DIMENSION = {
    "dimension": "month",
    "label": "month",
    "description": "The calendar month of the deaths (synthetic monitors' table 3).",
}


def month_groups() -> list[dict[str, str]]:
    """The groups of MONTH_DIMENSION the synthetic monitors use, one per month of YEARS, each in
    a reader's words ("month:2017-03": "March 2017", "in March 2017")."""
    return [
        {
            "dimension": MONTH_DIMENSION["dimension"],
            "group": f"{year}-{k:02d}",
            "label": f"{calendar.month_name[k]} {year}",
            "phrase": f"in {calendar.month_name[k]} {year}",
            "description": "The deaths of one calendar month (synthetic monitors' table 3).",
        }
        for year in YEARS
        for k in range(1, MONTHS_PER_YEAR + 1)
    ]


# Which synthetic items are wrong on purpose: a = monitor * 12 + year index (an annual report or
# release), m = monitor, p = a * 14 + governorate index (a place breach marks all three metrics'
# rows).
# tests/test_synthetic.py counts each in the findings.
BREACHES = {
    "governorate sum off by 7 (S-GOVERNORATES)": "a % 97 == 5",
    "month sum off by 3 (S-MONTHS)": "a % 89 == 3",
    "women above civilians in one governorate (S-SUBSETS; also S-GOVERNORATES for women)": (
        "a % 83 == 7"
    ),
    "place read by interpretation (P-PLACES warning)": "p % 53 == 0",
    "place neither a spelling nor interpreted (P-PLACES fail)": "p % 211 == 17",
    "news restates an annual total 10 too high (R-RESTATED)": "a % 83 == 2",
    "stated rise off by one (T-INCREMENTS)": "a % 79 == 11",
    "the 2019 release falls below 2018's (T-CUMULATIVE, T-INCREMENTS)": "m % 29 == 1",
    "news restates the 2020 running total above every later release "
    "(T-CUMULATIVE, R-RESTATED)": "m % 13 == 3",
    "news claims a running total no release gave (T-CLAIMS)": "m % 7 == 2",
    "news sets children from the 2023 release beside civilians from 2024 (C-MIXED-PERIODS; not "
    "T-CLAIMS: the page dates the children to 2023 itself)": ("m % 11 == 4"),
    "an unaccounted number in the news text (Q-NUMBERS)": "m % 17 == 6",
    "news puts the children of the Syria-only series in Iraq and Syria (T-PLACE)": "m % 23 == 5",
    "a comparison across different periods (C-COVERAGE)": "m % 5 == 0",
}


def _split(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Whole numbers in proportion to weights (one row per total) that add up exactly to total."""
    x = total[:, None] * weights / weights.sum(axis=1, keepdims=True)
    base = np.floor(x).astype(np.int64)
    rest = total - base.sum(axis=1)
    order = np.argsort(-(x - base), axis=1, kind="stable")
    rank = np.argsort(order, axis=1, kind="stable")
    return base + (rank < rest[:, None])


def _cat(*parts) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars."""
    out = pd.Series(
        [""] * max((len(p) for p in parts if not isinstance(p, str)), default=1), dtype=object
    )
    for p in parts:
        out = out + (
            p if isinstance(p, str) else pd.Series(np.asarray(p).astype(str), dtype=object)
        )
    return out.to_numpy(dtype=object)


def _spellings(src) -> list[list[str]]:
    g = pd.read_csv(
        schema.table_path("governorates", src), dtype=str, keep_default_na=False
    ).sort_values("pcode")
    return [
        list(dict.fromkeys([r["name_en"], *r["variants"].split(";"), r["name_ar"]]))
        for _, r in g.iterrows()
    ]


def _frame(columns: list[str], n: int, **values) -> pd.DataFrame:
    return pd.DataFrame({c: values.get(c, np.full(n, "", dtype=object)) for c in columns})


def figures_table(dest, rows: int, source=None, seed: int = 0) -> Path:
    """Write a data root at dest: the collection at source (default: ours) plus synthetic monitors,
    so that figures.csv has exactly `rows` rows. Deterministic for a given rows and seed."""
    src, dest = paths.data_root(source), Path(dest)
    real = {
        name: pd.read_csv(schema.table_path(name, src), dtype=str, keep_default_na=False)
        for name in (
            "figures",
            "reports",
            "documents",
            "not_figures",
            "comparisons",
            "checks",
            "dimensions",
            "groups",
            "series",
        )
    }
    monitors, extra = divmod(rows - len(real["figures"]), MONITOR_ROWS)
    if monitors < 1:
        raise ValueError(
            f"figures_table needs at least {len(real['figures']) + MONITOR_ROWS:,} rows (one "
            f"synthetic monitor), got {rows:,}"
        )
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(src / "data", dest / "data", dirs_exist_ok=True)
    rng = np.random.default_rng(seed)
    cols = {name: list(df.columns) for name, df in real.items()}
    Y, G, K = len(YEARS), GOVERNORATES, MONTHS_PER_YEAR
    nA = monitors * Y
    a = np.arange(nA)
    m_of_a, y_of_a = a // Y, a % Y
    mon = np.char.add("mon", np.char.zfill(np.arange(1, monitors + 1).astype(str), 4)).astype(
        object
    )
    year = np.array(YEARS).astype(str).astype(object)
    annual_id = _cat(mon[m_of_a], "-", year[y_of_a])
    release_id = _cat(annual_id, "-total")
    news_id = _cat(mon, "-news")
    series = _cat(mon, "-cumulative")

    # values of the annual reports
    civ_g = 5 + rng.integers(0, 300, (nA, G))
    total = civ_g.sum(axis=1)
    civ_m = _split(total, rng.integers(50, 150, (nA, K)).astype(float))
    ch_total = np.floor(total * rng.uniform(0.25, 0.35, nA)).astype(np.int64)
    wo_total = np.floor(total * rng.uniform(0.15, 0.25, nA)).astype(np.int64)
    ch_g, wo_g = _split(ch_total, civ_g.astype(float)), _split(wo_total, civ_g.astype(float))
    civ_g[a % 97 == 5, 0] += 7
    civ_m[a % 89 == 3, 0] += 3
    bad = a % 83 == 7
    wo_g[bad, 1] = civ_g[bad, 1] + 2
    cum = {
        k: v.reshape(monitors, Y).cumsum(axis=1).reshape(-1)
        for k, v in (("civ", total), ("children", ch_total), ("women", wo_total))
    }
    rise = total.copy()
    falls = (m_of_a % 29 == 1) & (y_of_a == YEARS.index(2019))
    cum_civ = cum["civ"].copy()
    cum_civ[falls] -= total[falls] + 5
    rise[a % 79 == 11] += 1

    # annual report rows: template position j within each report
    j = np.arange(ANNUAL_ROWS)
    gov_j, mon_j = (j - 3) // 3, j - 3 - 3 * G
    is_gov, is_month = (j >= 3) & (j < 3 + 3 * G), j >= 3 + 3 * G
    metric_j = np.where(j < 3 + 3 * G, np.array(METRICS3, dtype=object)[j % 3], "civilians_killed")
    values = np.concatenate(
        [
            np.stack([total, ch_total, wo_total], 1),
            np.stack([civ_g, ch_g, wo_g], 2).reshape(nA, 3 * G),
            civ_m,
        ],
        axis=1,
    )
    suffix = np.where(
        is_gov,
        _cat("sy", np.char.zfill((gov_j + 1).astype(str), 2), "-", [SHORT[x] for x in metric_j]),
        np.where(
            is_month,
            _cat("m", np.char.zfill((mon_j + 1).astype(str), 2)),
            [SHORT[x] for x in metric_j],
        ),
    )
    locator_j = np.where(
        is_gov,
        _cat("table 2 (governorates), row ", gov_j + 1),
        np.where(is_month, _cat("table 3 (months), row ", mon_j + 1), "table 1 (totals)"),
    )
    A = lambda arr: np.tile(arr, nA)  # noqa: E731 - per template row
    R = lambda arr: np.repeat(arr, ANNUAL_ROWS)  # noqa: E731 - per report
    pcode = np.where(is_gov, _cat("SY", np.char.zfill((gov_j + 1).astype(str), 2)), "")
    month = _cat(R(year[y_of_a]), "-", A(np.char.zfill((mon_j + 1).astype(str), 2)))
    spell = _spellings(src)
    p = R(a) * G + A(gov_j)
    written = np.array(
        [
            spell[g][k % len(spell[g])] if g >= 0 and g < G else ""
            for g, k in zip(A(np.where(is_gov, gov_j, -1)), R(a) + A(gov_j), strict=True)
        ],
        dtype=object,
    )
    interpreted = A(is_gov) & (p % 53 == 0)
    unread = A(is_gov) & (p % 211 == 17)
    written[interpreted | unread] = np.where(
        unread, "the north of the country", "the governorate the table lists in this row"
    )[interpreted | unread]
    interpretation = np.where(
        interpreted & ~unread,
        _cat(
            "Read as ",
            A(pcode),
            " from the order of the table, which lists the governorates by P-code.",
        ),
        "",
    )
    annual_fig = _frame(
        cols["figures"],
        nA * ANNUAL_ROWS,
        figure_id=_cat(R(annual_id), "-", A(suffix)),
        report_id=R(annual_id),
        carried_by=R(annual_id),
        locator=A(locator_j),
        confirmed_on=np.full(nA * ANNUAL_ROWS, CONFIRMED, dtype=object),
        metric=A(metric_j),
        value=values.reshape(-1).astype(str),
        qualifier=np.full(nA * ANNUAL_ROWS, "exact", dtype=object),
        period_start=np.where(A(is_month), month, ""),
        period_end=np.where(A(is_month), month, ""),
        geography_as_written=np.where(A(is_gov), written, ""),
        governorate_pcode=A(pcode),
        breakdown=np.where(A(is_month), _cat("month:", month), ""),
        interpretation=interpretation,
    )
    annual_fig["_order"] = R(m_of_a) * 10**6 + R(y_of_a) * 10**3 + A(j)

    # running-total releases
    n = nA * RELEASE_ROWS
    rj = np.tile(np.arange(RELEASE_ROWS), nA)
    ra = np.repeat(a, RELEASE_ROWS)
    rel_values = np.stack([cum_civ, cum["children"], cum["women"], rise], 1).reshape(-1)
    rel_metric = np.array([*METRICS3, "civilians_killed_increment"], dtype=object)[rj]
    release_fig = _frame(
        cols["figures"],
        n,
        figure_id=_cat(
            release_id[ra], "-", np.array(["civ", "children", "women", "rise"], dtype=object)[rj]
        ),
        report_id=release_id[ra],
        carried_by=release_id[ra],
        locator=np.where(rj < 3, "the running totals", "the summary line"),
        confirmed_on=np.full(n, CONFIRMED, dtype=object),
        metric=rel_metric,
        value=rel_values.astype(str),
        qualifier=np.full(n, "exact", dtype=object),
        series=series[m_of_a[ra]],
    )
    release_fig["_order"] = m_of_a[ra] * 10**6 + y_of_a[ra] * 10**3 + 500 + rj

    # news articles, held as raw text
    news_rows, docs, texts = [], [], []
    last, y2020 = YEARS.index(2024), YEARS.index(2020)
    for m in range(monitors):
        lines = [
            "Civilian deaths in Syria: what the monitor says",
            "The monitor was founded in 2011.",
        ]
        k = m * Y
        for y, yr in enumerate(YEARS):
            v = int(total[k + y]) + (10 if (k + y) % 83 == 2 else 0)
            q = f"In {yr} the monitor counted {v:,} civilians killed."
            lines.append(q)
            news_rows.append(
                dict(
                    figure_id=f"{news_id[m]}-{yr}",
                    report_id=annual_id[k + y],
                    carried_by=news_id[m],
                    locator=f"paragraph {y + 3}",
                    quote=q,
                    metric="civilians_killed",
                    value=str(v),
                    value_as_written=f"{v:,}",
                    qualifier="exact",
                    period_as_written=f"In {yr}",
                )
            )
        v = int(cum_civ[k + y2020]) + (int(cum_civ[k + Y - 1]) + 100 if m % 13 == 3 else 0)
        q = f"By the end of 2020 the monitor's running total stood at {v:,} civilians."
        lines.append(q)
        news_rows.append(
            dict(
                figure_id=f"{news_id[m]}-running-2020",
                report_id=release_id[k + y2020],
                carried_by=news_id[m],
                locator=f"paragraph {Y + 3}",
                quote=q,
                metric="civilians_killed",
                value=str(v),
                value_as_written=f"{v:,}",
                qualifier="exact",
                period_as_written="the end of 2020",
                series=series[m],
            )
        )
        v = int(cum_civ[k + last]) + (3 if m % 7 == 2 else 0)
        q = f"The monitor says {v:,} civilians have been killed since 2014."
        lines.append(q)
        news_rows.append(
            dict(
                figure_id=f"{news_id[m]}-claim-civ",
                report_id=news_id[m],
                carried_by=news_id[m],
                locator=f"paragraph {Y + 4}",
                quote=q,
                metric="civilians_killed",
                value=str(v),
                value_as_written=f"{v:,}",
                qualifier="at_least",
                period_start="2014",
                period_end="2024-12",
                period_as_written="since 2014",
                series=series[m],
            )
        )
        cy = last - 1 if m % 11 == 4 else last
        v = int(cum["children"][k + cy])
        moved = m % 23 == 5  # the monitor counts Syria only
        where = " in Iraq and Syria" if moved else ""
        q = f"Of them, {v:,} were children{where}, in figures to the end of {YEARS[cy]}."
        lines.append(q)
        news_rows.append(
            dict(
                figure_id=f"{news_id[m]}-claim-children",
                report_id=news_id[m],
                carried_by=news_id[m],
                locator=f"paragraph {Y + 4}",
                quote=q,
                metric="children_killed",
                value=str(v),
                value_as_written=f"{v:,}",
                qualifier="exact",
                period_start="2014",
                period_end=f"{YEARS[cy]}-12",
                period_as_written=f"the end of {YEARS[cy]}",
                geography="IRQ+SYR" if moved else "",
                geography_as_written=where.strip(),
                series=series[m],
            )
        )
        if m % 17 == 6:
            lines.append("A further 12 cases are under review.")
        text = "\n\n".join(lines) + "\n"
        path = f"data/raw/{news_id[m]}.txt"
        (dest / path).write_text(text, encoding="utf-8")
        docs.append(
            dict(
                document_id=news_id[m],
                path=path,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                media_type="text/plain; charset=utf-8",
                publisher_as_credited="Synthetic News",
                title="Civilian deaths in Syria: what the monitor says",
                url=f"https://example.org/news/{news_id[m]}",
                published="2026-01-20",
                published_note="Synthetic.",
                received_as=f"{news_id[m]}.txt, written by benchmarks/synthetic.py",
                received_on=CONFIRMED,
                licence="Synthetic test data.",
                transcription_notes="Synthetic; every sentence is a figure.",
            )
        )
        texts.append(
            dict(
                document_id=news_id[m],
                token="2011",
                context="The monitor was founded in 2011.",
                reason="A date, not a count: when the monitor was founded.",
            )
        )
    news_fig = _frame(
        cols["figures"],
        len(news_rows),
        **{c: np.array([r.get(c, "") for r in news_rows], dtype=object) for c in cols["figures"]},
    )
    news_fig["_order"] = (
        np.repeat(np.arange(monitors), NEWS_ROWS) * 10**6
        + 900_000
        + np.tile(np.arange(NEWS_ROWS), monitors)
    )

    synth = (
        pd.concat([annual_fig, release_fig, news_fig], ignore_index=True)
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
    )
    if extra:  # the rows that do not make a whole monitor: restatements, by a page read on the web
        base = synth[(synth["carried_by"] == synth["report_id"]) & (synth["series"] == "")]
        copy = base.iloc[np.arange(extra) % len(base)].copy()
        copy["figure_id"] = [f"synthetic-wire-{k + 1:04d}" for k in range(extra)]
        copy["carried_by"] = "synthetic-wire"
        copy["locator"] = [f"table, row {k + 1}" for k in range(extra)]
        copy[["quote", "value_as_written", "period_as_written"]] = ""
        copy["confirmed_on"] = CONFIRMED
        synth = pd.concat([synth, copy], ignore_index=True)

    report_common = dict(
        issuer_as_written="the monitor",
        published_note="Synthetic.",
        geography="SYR",
        confirmed_on=CONFIRMED,
    )
    issuer = _cat("Synthetic Monitor ", np.char.zfill(np.arange(1, monitors + 1).astype(str), 4))
    annual_rep = _frame(
        cols["reports"],
        nA,
        report_id=annual_id,
        title=_cat("[Annual report ", year[y_of_a], "]"),
        issuer=issuer[m_of_a],
        kind=np.full(nA, "monitor_report", dtype=object),
        published=_cat((year[y_of_a].astype(int) + 1).astype(str), "-01-15"),
        url=_cat("https://example.org/", mon[m_of_a], "/", year[y_of_a]),
        period_start=_cat(year[y_of_a], "-01"),
        period_end=_cat(year[y_of_a], "-12"),
        coverage_note=np.full(nA, "Civilians killed in Syria in the year.", dtype=object),
        **{k: np.full(nA, v, dtype=object) for k, v in report_common.items()},
    )
    release_rep = annual_rep.assign(
        report_id=release_id,
        title=_cat("[Running totals to the end of ", year[y_of_a], "]"),
        url=_cat("https://example.org/", mon[m_of_a], "/", year[y_of_a], "/totals"),
        period_start="2014-01",
        coverage_note="Civilians killed in Syria since January 2014.",
    )
    news_rep = _frame(
        cols["reports"],
        monitors,
        report_id=news_id,
        title=np.full(monitors, "Civilian deaths in Syria: what the monitor says", dtype=object),
        issuer=np.full(monitors, "Synthetic News", dtype=object),
        kind=np.full(monitors, "news_article", dtype=object),
        published=np.full(monitors, "2026-01-20", dtype=object),
        document_id=news_id,
        url=_cat("https://example.org/news/", news_id),
        coverage_note=np.full(monitors, "Carries the monitor's figures.", dtype=object),
        **{
            k: np.full(monitors, v, dtype=object)
            for k, v in report_common.items()
            if k != "confirmed_on"
        },
    )
    order = np.argsort(
        np.concatenate([a * 3, a * 3 + 1, np.arange(monitors) * Y * 3 + Y * 3 - 1]), kind="stable"
    )
    reports = pd.concat([annual_rep, release_rep, news_rep], ignore_index=True).iloc[order]
    if extra:
        reports = pd.concat(
            [
                reports,
                _frame(
                    cols["reports"],
                    1,
                    report_id=["synthetic-wire"],
                    title=["[Synthetic wire: tables restated]"],
                    issuer=["Synthetic Wire"],
                    kind=["news_article"],
                    published=["2026-01-22"],
                    url=["https://example.org/wire"],
                    coverage_note=["Restates monitors' tables."],
                    **{k: [v] for k, v in report_common.items()},
                ),
            ]
        )

    k2018 = np.arange(monitors) * Y + YEARS.index(2018)
    like = _frame(
        cols["comparisons"],
        monitors,
        comparison_id=_cat(mon, "-children-share-2018"),
        numerator=_cat(annual_id[k2018], "-children"),
        denominator=_cat(annual_id[k2018], "-civ"),
        label=np.full(monitors, "Children's share of the civilians killed in 2018", dtype=object),
    )
    across = np.arange(monitors) % 5 == 0
    unlike = _frame(
        cols["comparisons"],
        int(across.sum()),
        comparison_id=_cat(mon[across], "-2018-against-running-total"),
        numerator=_cat(annual_id[k2018][across], "-civ"),
        denominator=_cat(release_id[k2018][across], "-civ"),
        label=np.full(
            int(across.sum()),
            "Deaths in 2018 against the running total to the end of 2018",
            dtype=object,
        ),
    )

    out = {
        "figures": pd.concat([real["figures"], synth[cols["figures"]]], ignore_index=True),
        "reports": pd.concat([real["reports"], reports[cols["reports"]]], ignore_index=True),
        "documents": pd.concat(
            [real["documents"], pd.DataFrame(docs, columns=cols["documents"])], ignore_index=True
        ),
        "not_figures": pd.concat(
            [real["not_figures"], pd.DataFrame(texts, columns=cols["not_figures"])],
            ignore_index=True,
        ),
        "comparisons": pd.concat([real["comparisons"], like, unlike], ignore_index=True),
        "checks": pd.concat(
            [real["checks"], pd.DataFrame([MONTHS_CHECK], columns=cols["checks"])],
            ignore_index=True,
        ),
        "dimensions": pd.concat(
            [real["dimensions"], pd.DataFrame([MONTH_DIMENSION], columns=cols["dimensions"])],
            ignore_index=True,
        ),
        "groups": pd.concat(
            [real["groups"], pd.DataFrame(month_groups(), columns=cols["groups"])],
            ignore_index=True,
        ),
        # each monitor's running total, released once a year
        "series": pd.concat(
            [
                real["series"],
                pd.DataFrame(
                    {
                        "series": series,
                        "issuer": issuer,
                        "primary_metric": "civilians_killed",
                        "cadence": "yearly",
                        "count_word": "counted",
                        "geography": "SYR",
                        "description": "A synthetic monitor's running total.",
                    },
                    columns=cols["series"],
                ),
            ],
            ignore_index=True,
        ),
    }
    assert len(out["figures"]) == rows
    for name, df in out.items():
        df.fillna("").to_csv(schema.table_path(name, dest), index=False, lineterminator="\n")
    return dest
