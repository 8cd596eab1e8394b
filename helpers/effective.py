"""What each figure actually covers once blanks are filled from its report: period, geography, the
date it stands for on a timeline, and whether it comes from the report's own carrier."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import periods

GEOGRAPHY_NAMES = {"IRQ": "Iraq", "SYR": "Syria"}


def geography_label(code) -> str:
    if code is None or pd.isna(code):
        return "not stated"
    return " and ".join(GEOGRAPHY_NAMES.get(c, c) for c in str(code).split("+"))


ABBREVIATIONS = {"us": "US", "uk": "UK", "un": "UN", "isis": "ISIS", "sdf": "SDF"}  # written in capitals in running text


def dimension_words(dimension: str, first_capital: bool = False) -> str:
    """A breakdown dimension in words, abbreviations in capitals: "us_administration" -> "US administration".
    (str.capitalize would give "Us administration".)"""
    words = [ABBREVIATIONS.get(w, w) for w in dimension.split("_")]
    if first_capital and words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _first_present(*cols: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first non-empty value across columns, and which column (by position) it came from."""
    value = pd.Series(pd.NA, index=cols[0].index, dtype="string")
    source = pd.Series(pd.NA, index=cols[0].index, dtype="Int64")
    for k, col in enumerate(cols):
        take = value.isna() & col.notna()
        value = value.mask(take, col.astype("string"))
        source = source.mask(take, k)
    return value, source


def _map_distinct(s: pd.Series, fn, strftime: str | None = None) -> pd.Series:
    """s.map(fn) (or s.dt.strftime(strftime)), computed once per distinct value: the same result, dtype
    included, as mapping every row, at a fraction of the cost on a long column of few values."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    distinct = pd.Series(uniques, name=s.name)
    mapped = distinct.dt.strftime(strftime) if strftime else distinct.map(fn)
    return pd.Series(mapped.array.take(codes), index=s.index, name=s.name)


def _text(s: pd.Series) -> np.ndarray:
    """A text column as an object array (missing values as pd.NA), to join strings without pandas' per-call overhead."""
    return s.to_numpy(dtype=object, na_value=pd.NA)


def effective_figures(pkg) -> pd.DataFrame:
    """figures joined with their report, carrier and metric. Columns prefixed eff_ hold what applies
    after inheritance; as_of is the day a figure stands for (data-through date where known)."""
    f = pkg.figures.copy()
    f["row"] = f.index + 2
    reports = pkg.reports.set_index("report_id")
    rep = reports.reindex(f["report_id"]).set_axis(f.index)
    car = reports.reindex(f["carried_by"]).set_axis(f.index)
    metrics = pkg.metrics.set_index("metric").reindex(f["metric"]).set_axis(f.index)
    joined = {"report_kind": (rep, "kind"), "report_title": (rep, "title"), "issuer": (rep, "issuer"),
              "report_published": (rep, "published"), "carrier_kind": (car, "kind"), "carrier_issuer": (car, "issuer"),
              "carrier_url": (car, "url"), "carrier_published": (car, "published"), "carrier_document": (car, "document_id"),
              "metric_label": (metrics, "label"), "unit": (metrics, "unit"), "subset_of": (metrics, "subset_of"),
              "increment_of": (metrics, "increment_of")}
    for name, (frame, col) in joined.items():
        f[name] = frame[col]
    f["eff_period_start"], _ = _first_present(f["period_start"], rep["period_start"])
    f["eff_period_end"], _ = _first_present(f["period_end"], rep["period_end"])
    f["eff_geography"], _ = _first_present(f["geography"], rep["geography"])
    as_of, basis = _first_present(f["eff_period_end"], rep["published"], car["published"])
    f["as_of"] = periods.series_bound(as_of, "last")
    f["as_of_basis"] = basis.map({0: "data through", 1: "report published", 2: "carrier published"}).astype("string")
    words = _map_distinct(as_of, lambda v: periods.label(v) if isinstance(v, str) else "unknown")
    f["as_of_label"] = (basis.map({0: "data to ", 1: "released ", 2: "cited "}).astype("string") + words).fillna("date unknown")
    primary_carrier = rep["carried_by"].fillna(f["report_id"])
    f["is_primary"] = (f["carried_by"] == primary_carrier).fillna(False)
    held = f["quote"].notna()
    shown = f["value_as_written"].fillna(_map_distinct(f["value"], lambda v: f"{v:,}" if pd.notna(v) else "range"))
    o = {c: _text(f[c]) for c in ("carried_by", "locator", "report_id", "metric")}
    issuer, url, quote = _text(f["carrier_issuer"].fillna("")), _text(f["carrier_url"].fillna("")), _text(f["quote"].fillna(""))
    shown_, confirmed = _text(shown), _text(_map_distinct(f["confirmed_on"], None, "%Y-%m-%d").fillna("unknown"))
    place = [_text(f[c].fillna("")) for c in ("eff_geography", "governorate_pcode", "breakdown", "eff_period_end")]
    if not any(pd.isna(a).any() for a in (*o.values(), shown_)):  # one string per row; joining with + gives the same when nothing is missing
        external = np.array([f"{i}, {lo}: {sh} ({u}; confirmed {c})" for i, lo, sh, u, c in zip(issuer, o["locator"], shown_, url, confirmed)], dtype=object)
        quoted = np.array([f"{cb}, {lo}: “{q}”" for cb, lo, q in zip(o["carried_by"], o["locator"], quote)], dtype=object)
        key = np.array([f"{r}|{m}|{g}|{p}|{b}|{e}" for r, m, g, p, b, e in zip(o["report_id"], o["metric"], *place)], dtype=object)
    else:
        external = issuer + ", " + o["locator"] + ": " + shown_ + " (" + url + "; confirmed " + confirmed + ")"
        quoted = o["carried_by"] + ", " + o["locator"] + ": “" + quote + "”"
        key = o["report_id"] + "|" + o["metric"] + "|" + place[0] + "|" + place[1] + "|" + place[2] + "|" + place[3]
    f["evidence"] = pd.Series(pd.array(np.where(held.to_numpy(dtype=bool), quoted, external), dtype=f["carried_by"].dtype), index=f.index)
    f["subject_key"] = pd.Series(pd.array(key, dtype=f["report_id"].dtype), index=f.index)
    return f


def one_per_statement(f: pd.DataFrame) -> pd.DataFrame:
    """One figure per thing stated (report, metric, place, subgroup, period): the report's own carrier
    first, otherwise the first in the file. Disagreements between carriers are R-RESTATED's business."""
    if f["row"].is_unique and f["is_primary"].notna().all():  # the same rows as the sorts below, without sorting the frame three times
        order = np.lexsort((f["row"].to_numpy(), ~f["is_primary"].to_numpy(dtype=bool)))
        keep = order[~f["subject_key"].iloc[order].duplicated().to_numpy()]
        return f.iloc[keep[np.argsort(f["row"].to_numpy()[keep], kind="stable")]]
    return f.sort_values(["is_primary", "row"], ascending=[False, True]).drop_duplicates("subject_key").sort_values("row")


def coverage_mismatches(a: pd.Series, b: pd.Series) -> list[str]:
    """Plain-language differences of place and period between two effective figures."""
    out = []
    if a["eff_geography"] != b["eff_geography"]:
        out.append(f"places differ: {geography_label(a['eff_geography'])} against {geography_label(b['eff_geography'])}")
    if a["eff_period_start"] != b["eff_period_start"]:
        out.append(f"starts differ: from {periods.label(a['eff_period_start'])} against from {periods.label(b['eff_period_start'])}")
    if a["as_of"] != b["as_of"]:
        out.append(f"ends differ: {a['as_of_label']} against {b['as_of_label']}")
    return out
