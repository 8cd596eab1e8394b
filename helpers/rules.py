"""The check rules. Each takes the effective figures (already narrowed to the reports and metrics a
check row in checks.csv names) and returns findings: what was expected, what was observed, the
difference and the evidence. A rule never decides severity: checks.csv does.

The rules are linear in the number of figures: those that make a finding per figure (subsets, places,
sums, restatements) build whole columns of findings at once (findings() returns a frame), the others
walk each series or document once over plain lists. Their output is the row-by-row definition's, word
for word and in the same order (the row-by-row versions are kept where pandas' own sort order decides
ties, and for missing values)."""
from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from . import effective, periods, provenance
from .effective import coverage_mismatches, one_per_statement


def num(x) -> str:
    if x is None or pd.isna(x):
        return "n/a"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def day(ts) -> str:
    return ts.strftime("%Y-%m-%d") if pd.notna(ts) else "date unknown"


def finding(subject, statement, expected, observed, difference, ok, figure_ids, evidence, blamed=None) -> dict:
    """figure_ids: every figure the finding rests on; blamed: those a breach is laid on (by default all),
    so that a release cited as evidence against a misquote is not itself marked as failing."""
    figure_ids = list(figure_ids)
    return {"subject": subject, "statement": statement, "expected": expected, "observed": observed,
            "difference": difference, "status": "pass" if ok else "fail",
            "figure_ids": "; ".join(figure_ids), "blamed_ids": "" if ok else "; ".join(figure_ids if blamed is None else blamed),
            "evidence": evidence}


def _name(pkg, pcode) -> str:
    return pkg.governorates.set_index("pcode")["name_en"].get(pcode, pcode)


def _part_label(pkg, r) -> str:
    if pd.notna(r["governorate_pcode"]):
        name = _name(pkg, r["governorate_pcode"])
        written = r["geography_as_written"]
        if pd.notna(r["interpretation"]) and pd.notna(written) and written != name and not spelling_of(pkg, written, r["governorate_pcode"]):
            return f"“{written}” read as {name}"
        return name
    return str(r["breakdown"]).split(":", 1)[1].replace("_", " ").title()


def _norm(s: str) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def spelling_of(pkg, written, pcode) -> bool:
    g = pkg.governorates.set_index("pcode").loc[pcode]
    names = [g["name_en"], g["name_ar"], *str(g["variants"]).split(";")]
    return _norm(written) in {_norm(n) for n in names}


FINDING = ["subject", "statement", "expected", "observed", "difference", "status", "figure_ids", "blamed_ids", "evidence"]


def findings(subject, statement, expected, observed, difference, ok, figure_ids, evidence, blamed=None) -> pd.DataFrame:
    """Many findings at once, as finding() makes one: every argument a column (array or list) or a
    scalar; figure_ids and blamed already joined with "; "."""
    ok = np.asarray(ok, dtype=bool)
    n = len(ok)

    def col(x):
        return np.full(n, x, dtype=object) if isinstance(x, str) or x is None else np.asarray(x, dtype=object)

    ids = col(figure_ids)
    return pd.DataFrame({"subject": col(subject), "statement": col(statement), "expected": col(expected),
                         "observed": col(observed), "difference": col(difference),
                         "status": np.where(ok, "pass", "fail").astype(object), "figure_ids": ids,
                         "blamed_ids": np.where(ok, "", ids if blamed is None else col(blamed)).astype(object),
                         "evidence": col(evidence)}, columns=FINDING, dtype=object)  # run_checks types the columns once


def _obj(s) -> np.ndarray:
    """A column as an object array (a missing value stays pd.NA, as iterrows gives it)."""
    a = np.asarray(s, dtype=object) if not isinstance(s, pd.Series) else s.astype(object).to_numpy()
    return a


def _per_value(s: pd.Series, fn) -> np.ndarray:
    """fn applied to each distinct value of s once, spread back over the rows (an object array)."""
    codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=False)
    # the trailing None keeps numpy from reading tuples as rows of a 2-d array
    return np.array([fn(u) for u in uniques] + [None], dtype=object)[codes] if len(s) else np.array([], dtype=object)


def _compose(fn, *cols) -> np.ndarray:
    """fn(*values) for every row, worked out once per distinct combination of the columns' values."""
    cols = [np.asarray(c, dtype=object) for c in cols]
    n = len(cols[0])
    if not n:
        return np.array([], dtype=object)
    key = np.zeros(n, dtype=np.int64)
    for c in cols:
        codes, uniques = pd.factorize(c, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
    codes, _ = pd.factorize(key)
    first = np.unique(codes, return_index=True)[1]
    return np.array([fn(*(c[i] for c in cols)) for i in first] + [None], dtype=object)[:-1][codes]


def nums(s: pd.Series) -> np.ndarray:
    """num() of every value."""
    return _per_value(s, num)


def _lower(s) -> np.ndarray:
    return _per_value(pd.Series(_obj(s)), lambda v: v.lower())


def _names(pkg) -> dict:
    return dict(zip(pkg.governorates["pcode"], pkg.governorates["name_en"]))


def _spellings(pkg) -> set[str]:
    g = pkg.governorates
    return {f"{p}|{_norm(n)}" for p, en, ar, var in zip(g["pcode"], g["name_en"], g["name_ar"], g["variants"])
            for n in [en, ar, *str(var).split(";")]}


def _spelled(pkg, written: pd.Series, pcode: pd.Series) -> np.ndarray:
    """spelling_of() for every row (rows with a P-code)."""
    key = _obj(pcode).astype(str).astype(object) + "|" + _per_value(written, _norm)
    return pd.Series(key, dtype=object).isin(_spellings(pkg)).to_numpy(dtype=bool) if len(key) else np.zeros(0, dtype=bool)


def _part_labels(pkg, r: pd.DataFrame) -> np.ndarray:
    """_part_label() for every row (rows with a P-code or a breakdown)."""
    out = np.empty(len(r), dtype=object)
    pc = r["governorate_pcode"].notna().to_numpy()
    if pc.any():
        g = r[pc]
        names = _names(pkg)
        name = _per_value(g["governorate_pcode"], lambda p: names.get(p, p))
        written = g["geography_as_written"]
        wn = written.notna().to_numpy()
        read = g["interpretation"].notna().to_numpy() & wn
        read[read] &= _obj(written[read]) != name[read]
        read[read] &= ~_spelled(pkg, written[read], g["governorate_pcode"][read])
        label = name.copy()
        if read.any():
            label[read] = "“" + _obj(written[read]) + "” read as " + name[read]
        out[pc] = label
    if (~pc).any():
        out[~pc] = _per_value(r.loc[~pc, "breakdown"], lambda b: str(b).split(":", 1)[1].replace("_", " ").title())
    return out


PLACE = ["report_id", "metric", "metric_label", "value", "figure_id", "evidence", "governorate_pcode", "breakdown",
         "geography_as_written", "interpretation", "row", "is_primary", "subject_key"]


def _narrow(f: pd.DataFrame, extra=()) -> pd.DataFrame:
    """Only the columns a parts-and-wholes rule reads: filtering rows of a narrow frame is cheap."""
    return f[[*PLACE, *extra]]


_MEMO: dict = {}


def _memo(f: pd.DataFrame, name: str, compute):
    """compute(f), worked out once for this very frame: run_checks hands the same effective figures to
    every check, and several rules start from the same statements or releases."""
    hit = _MEMO.get((id(f), name))
    if hit is None or hit[0]() is not f:
        for key in [k for k, (ref, _) in _MEMO.items() if ref() is None]:
            del _MEMO[key]
        hit = _MEMO[id(f), name] = (weakref.ref(f), compute(f))
    return hit[1].copy(deep=False)  # copy-on-write: a caller that changes its copy leaves the memo alone


def _statements(f: pd.DataFrame) -> pd.DataFrame:
    """one_per_statement() of the parts-and-wholes columns."""
    return _memo(f, "statements", lambda f: one_per_statement(_narrow(f, ["subset_of"])))


def _group_join(codes: np.ndarray, texts, sep: str, n: int) -> list[str]:
    """sep.join of texts by group code (0..n-1), each group in the order given ("" for an empty group).
    Vectorised over groups: one pass per position within a group, so for groups of a few items."""
    codes = np.asarray(codes, dtype=np.int64)
    texts = np.asarray(texts, dtype=object)
    sizes = np.bincount(codes, minlength=n) if len(codes) else np.zeros(n, dtype=np.int64)
    out = np.full(n, "", dtype=object)
    if not len(codes):
        return list(out)
    if sizes.max() > 64:  # long groups: one Python pass
        buckets: list[list[str]] = [[] for _ in range(n)]
        for k, t in zip(codes.tolist(), texts.tolist()):
            buckets[k].append(t)
        return [sep.join(b) for b in buckets]
    order = np.argsort(codes, kind="stable")
    t = texts[order]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    has = np.flatnonzero(sizes > 0)
    out[has] = t[starts[has]]
    for j in range(1, int(sizes.max())):
        g = np.flatnonzero(sizes > j)
        out[g] = out[g] + sep + t[starts[g] + j]
    return list(out)


# -- sources -------------------------------------------------------------------------------------

def _runs(codes: np.ndarray):
    """(start, stop) of each run of equal codes in a sorted array."""
    if not len(codes):
        return []
    cut = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    return list(zip([0, *cut.tolist()], [*cut.tolist(), len(codes)]))


def _figures_of(pkg, f) -> pd.DataFrame:
    """The curated rows of these effective figures (all of them, uncopied, when f has every row)."""
    return pkg.figures if f.index.equals(pkg.figures.index) else pkg.figures.loc[f.index]


def quote_in_source(f, pkg, check):
    problems = provenance.figure_source_problems(_figures_of(pkg, f), pkg.reports, pkg.texts, pkg.root)
    out = []
    held = f[f["carrier_document"].notna()]
    held = held.iloc[np.argsort(held["carrier_document"].to_numpy(dtype=str), kind="stable")]
    docs, rows, ids = held["carrier_document"].tolist(), held["row"].tolist(), held["figure_id"].tolist()
    by_row: dict[int, list] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(p)
    for a, b in _runs(np.asarray(docs, dtype=object)):
        doc, n, group_rows = docs[a], b - a, set(rows[a:b])
        bad = [p for p in problems if p.row in group_rows] if by_row else []
        nbad = len({p.row for p in bad})
        out.append(finding(doc, f"Quotes from {doc} are found word for word in it", f"{n} of {n} found",
                           f"{n - nbad} of {n} found", nbad,
                           not bad, ids[a:b], "; ".join(str(p) for p in bad) or f"All {n} quotes found in {doc}."))
    return out


def numbers_accounted_for(f, pkg, check):
    cov = provenance.number_coverage(_figures_of(pkg, f), pkg.reports, pkg.not_figures, pkg.texts)
    out = []
    cov = cov.iloc[np.argsort(cov["document_id"].to_numpy(dtype=str), kind="stable")]
    docs, tokens, contexts, by = (cov[c].tolist() for c in ("document_id", "token", "context", "accounted_for_by"))
    for a, b in _runs(np.asarray(docs, dtype=object)):
        doc, n = docs[a], b - a
        missing = [k for k in range(a, b) if by[k] == ""]
        excluded = sum(1 for k in range(a, b) if by[k].startswith("not a figure"))
        out.append(finding(doc, f"Every number printed in {doc} is accounted for", f"{n} of {n}",
                           f"{n - len(missing)} of {n}", len(missing), not missing, [],
                           "Not accounted for: " + "; ".join(f"{tokens[k]} (…{contexts[k]}…)" for k in missing)
                           if missing else f"{n} numbers: {n - excluded} in figures or their periods, {excluded} listed as not a figure."))
    return out


# -- one figure, several statements --------------------------------------------------------------

def _first_per_group(codes: np.ndarray, n: int, mask=None) -> np.ndarray:
    """The first position of each group (codes 0..n-1) among rows where mask holds; -1 where none."""
    first = np.full(n, -1, dtype=np.int64)
    pos = np.arange(len(codes)) if mask is None else np.flatnonzero(mask)
    c = codes[pos]
    keep = np.unique(c, return_index=True)
    first[keep[0]] = pos[keep[1]]
    return first


def _with_part_label(pkg, rows: pd.DataFrame, when: np.ndarray) -> np.ndarray:
    """", <part label>" where `when` holds, else ""."""
    out = np.full(len(rows), "", dtype=object)
    if when.any():
        out[when] = ", " + _part_labels(pkg, rows[when])
    return out


def restated_values_agree(f, pkg, check):
    sub = f[f["subject_key"].notna() & f["subject_key"].duplicated(keep=False)]
    if sub.empty:
        return []
    gid, keys = pd.factorize(sub["subject_key"])  # codes in order of first appearance, as groupby(sort=False)
    n = len(keys)
    first = _first_per_group(gid, n)
    prim = _first_per_group(gid, n, sub["is_primary"].to_numpy(dtype=bool))
    ref = np.where(prim >= 0, prim, first)
    R = sub.iloc[ref]
    value = sub["value"]
    has = value.notna().to_numpy()
    v = value.to_numpy(dtype="float64", na_value=np.nan)
    rv = R["value"].to_numpy(dtype="float64", na_value=np.nan)
    # distinct values of each group, in order of appearance, with who gives each
    vkey = pd.Series(gid[has]).astype(str) + "|" + value[has].astype("int64").astype(str).to_numpy() if has.any() else pd.Series([], dtype=str)
    vid, vkeys = pd.factorize(vkey)
    who = (sub["carried_by"].astype(object) + " " + sub["locator"].astype(object)).to_numpy()[has]
    joined = _group_join(vid, who, ", ", len(vkeys))
    vfirst = _first_per_group(vid, len(vkeys))
    vgid = gid[has][vfirst]
    texts = [f"{num(x)} ({j})" for x, j in zip(value[has].iloc[vfirst].tolist(), joined)]
    counts = _group_join(vgid, texts, "; ", n)
    nvalues = np.bincount(vgid, minlength=n)
    dev = np.abs(v - rv[gid])
    maxdev = pd.Series(dev[has]).groupby(gid[has]).max().reindex(range(n)).to_numpy()
    diff = np.array([int(d) if not np.isnan(r) else None for d, r in zip(maxdev, rv)], dtype=object)
    label = _lower(R["metric_label"])
    rid = _obj(R["report_id"])
    where = (R["governorate_pcode"].notna() | R["breakdown"].notna()).to_numpy()
    ids = _obj(sub["figure_id"])
    blamed_mask = has & ~np.isnan(rv[gid]) & (v != rv[gid])
    return findings(rid + ": " + label + _with_part_label(pkg, R, where),
                    "Every statement of " + rid + "'s " + label + " gives the same number",
                    nums(R["value"]) + " (as " + _obj(R["carried_by"]) + " gives it)", counts, diff, nvalues == 1,
                    _group_join(gid, ids, "; ", n), _group_join(gid, _obj(sub["evidence"]), " | ", n),
                    blamed=_group_join(gid[blamed_mask], ids[blamed_mask], "; ", n))


# -- parts and wholes ----------------------------------------------------------------------------

def parts_sum_to_total(f, pkg, check):
    dim = check["dimension"]
    f = _statements(f)
    if dim == "governorate":
        part = f["governorate_pcode"].notna() & f["breakdown"].isna()
        whole = f["governorate_pcode"].isna() & f["breakdown"].isna()
    else:
        part = f["breakdown"].str.startswith(dim + ":").fillna(False) & f["governorate_pcode"].isna()
        whole = f["breakdown"].isna() & f["governorate_pcode"].isna()
    P = f[part.to_numpy(dtype=bool)]
    if P.empty:
        return []
    codes = P.groupby(["report_id", "metric"], sort=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    P, codes = P.iloc[order], codes[order]
    n = int(codes.max()) + 1
    first = _first_per_group(codes, n)
    G = P.iloc[first][["report_id", "metric"]].reset_index(drop=True)
    totals = f[whole.to_numpy(dtype=bool)].drop_duplicates(["report_id", "metric"], keep="first")
    T = G.merge(totals, on=["report_id", "metric"], how="left", indicator=True)
    keep = (np.bincount(codes, minlength=n) >= 2) & (T["_merge"] == "both").to_numpy()
    if not keep.any():
        return []
    value = P["value"].fillna(0).astype("int64").to_numpy()
    s = np.bincount(codes, weights=value, minlength=n).astype(np.int64)
    if dim == "governorate":
        interp = P["governorate_pcode"].notna().to_numpy() & ~_spelled(pkg, P["geography_as_written"], P["governorate_pcode"])
    else:
        interp = np.zeros(len(P), dtype=bool)
    isum = np.bincount(codes, weights=np.where(interp, value, 0), minlength=n).astype(np.int64)
    anyi = np.bincount(codes, weights=interp, minlength=n) > 0
    terms = _group_join(codes, _part_labels(pkg, P) + " " + nums(P["value"]), " + ", n)
    ids = _group_join(codes, _obj(P["figure_id"]), "; ", n)
    T, s, isum, anyi = T[keep], s[keep], isum[keep], anyi[keep]
    terms, ids = np.array(terms, dtype=object)[keep], np.array(ids, dtype=object)[keep]
    tv = T["value"].astype("int64").to_numpy()
    snum, tnum = nums(pd.Series(s)), nums(T["value"])
    note = np.full(len(T), "", dtype=object)
    if anyi.any():
        note[anyi] = " Without the part(s) read by interpretation the sum is " + nums(pd.Series(s[anyi] - isum[anyi])) + "."
    label, rid, words = _lower(T["metric_label"]), _obj(T["report_id"]), effective.dimension_words(dim)
    return findings(rid + ": " + label + f" by {words}", rid + "'s " + label + f" by {words} add up to its total",
                    tnum, snum, (s - tv).astype(object), s == tv, _obj(T["figure_id"]) + "; " + ids,
                    terms + " = " + snum + "; total " + tnum + "." + note)


def subset_within_total(f, pkg, check):
    f = _statements(f)
    subsets = f[f["subset_of"].notna()]
    wholes = f[f["metric"].isin(subsets["subset_of"])]
    if wholes.empty or subsets.empty:
        return []

    def keyed(d, metric):
        key = (_obj(d["report_id"].fillna("")) + "|" + _obj(d["governorate_pcode"].fillna("")) + "|"
               + _obj(d["breakdown"].fillna("")) + "|" + _obj(d[metric]))
        return pd.DataFrame({"k": key, "pos": np.arange(len(d))})
    M = keyed(wholes, "metric").merge(keyed(subsets, "subset_of"), on="k", suffixes=("_w", "_p"))
    if M.empty:
        return []
    M = M.sort_values(["pos_w", "pos_p"], kind="stable")
    W, P = wholes.iloc[M["pos_w"].to_numpy()], subsets.iloc[M["pos_p"].to_numpy()]
    wv, pv = W["value"].astype("int64").to_numpy(), P["value"].astype("int64").to_numpy()
    wlabel, plabel = _lower(W["metric_label"]), _obj(P["metric_label"])
    place = _with_part_label(pkg, W, (W["breakdown"].notna() | W["governorate_pcode"].notna()).to_numpy())
    at_most = _compose(lambda v: f"at most {num(v)}", W["value"].astype(object))
    wid, pid = _obj(W["figure_id"]), _obj(P["figure_id"])
    within = _compose(lambda p, w: f"{p.lower()} within {w.lower()}", plabel, _obj(W["metric_label"]))
    pairs = findings(_obj(W["report_id"]) + ": " + within + place,
                     _compose(lambda p, w: f"{p} are no more than {w.lower()}", plabel, _obj(W["metric_label"])), at_most, nums(P["value"]), (pv - wv).astype(object),
                     pv <= wv, pid + "; " + wid, _obj(P["evidence"]) + " | " + _obj(W["evidence"]))
    # several subsets of one whole: together no more than the whole
    wpos = M["pos_w"].to_numpy()
    codes, wholes_in = pd.factorize(wpos)
    n = len(wholes_in)
    size = np.bincount(codes, minlength=n)
    firsts = _first_per_group(codes, n)
    several = size > 1
    if not several.any():
        return pairs
    s = np.bincount(codes, weights=pv, minlength=n).astype(np.int64)
    names = np.array(_group_join(codes, _lower(P["metric_label"]), " and ", n), dtype=object)
    plus = np.array(_group_join(codes, nums(P["value"]), " + ", n), dtype=object)
    pids = np.array(_group_join(codes, pid, "; ", n), dtype=object)
    sel = firsts[several]
    Wt = W.iloc[sel]
    snum = nums(pd.Series(s[several]))
    tv = wv[sel]
    bplace = np.where(Wt["breakdown"].notna().to_numpy(), place[sel], "").astype(object)
    together = findings(_obj(Wt["report_id"]) + ": " + names[several] + " together" + bplace,
                        _per_value(pd.Series(names[several]), lambda x: x.capitalize()) + " together are no more than " + wlabel[sel],
                        at_most[sel], snum, (s[several] - tv).astype(object), s[several] <= tv,
                        pids[several] + "; " + wid[sel], plus[several] + " = " + snum + " of " + nums(Wt["value"]))
    # each whole's findings: one per subset, then the subsets together
    before = np.cumsum(several) - several  # "together" findings of earlier wholes
    at_pair = np.arange(len(pairs)) + before[codes]
    at_together = (firsts + size + before)[several]
    out = np.empty((len(pairs) + len(together), len(FINDING)), dtype=object)
    out[at_pair] = pairs.to_numpy(dtype=object)
    out[at_together] = together.to_numpy(dtype=object)
    return pd.DataFrame(out, columns=FINDING, dtype=object)


def place_name_matches_pcode(f, pkg, check):
    r = f[["governorate_pcode", "geography_as_written", "interpretation", "figure_id", "evidence"]]
    r = r[r["governorate_pcode"].notna()]
    if r.empty:
        return []
    names = _names(pkg)
    pc = _obj(r["governorate_pcode"])
    name = _per_value(r["governorate_pcode"], lambda p: names.get(p, p))
    written = r["geography_as_written"]
    shown = _per_value(written, lambda w: f"{w}")
    ok = written.notna().to_numpy() & _spelled(pkg, written, r["governorate_pcode"])
    interp = r["interpretation"].notna().to_numpy()
    tail = np.where(ok, "", np.where(interp, " | Interpretation: " + _per_value(r["interpretation"], lambda x: f"{x}"), " | No interpretation recorded."))
    ids = _obj(r["figure_id"])
    out = findings(ids, _compose(lambda w, n, p: f"“{w}” is a spelling of {n} ({p})", shown, name, pc), _compose(lambda n: f"a spelling of {n}", name),
                   _compose(lambda w: f"“{w}”", shown), None, ok, ids, _obj(r["evidence"]) + tail.astype(object))
    out.loc[~ok & interp, "status"] = "warning"
    return out


# -- running series ------------------------------------------------------------------------------

def releases_of(f: pd.DataFrame) -> pd.DataFrame:
    """The issuer's own points of each series: not news articles' claims, and from the report's own carrier."""
    return _memo(f, "releases", _releases_of)


def _releases_of(f: pd.DataFrame) -> pd.DataFrame:
    points = f[f["series"].notna() & (f["report_kind"] != "news_article") & f["is_primary"]]
    return one_per_statement(points).sort_values(["as_of", "row"])


def _positions_by(df: pd.DataFrame, cols: list[str]) -> dict:
    """key tuple -> positions (in df order) of the rows with that key; rows with a missing key left out."""
    keys = df[cols].astype(object)
    ok = keys.notna().all(axis=1).to_numpy()
    out: dict = {}
    for k, key in enumerate(zip(*(keys[c].tolist() for c in cols))):
        if ok[k]:
            out.setdefault(key, []).append(k)
    return out


def _lists(df: pd.DataFrame, cols) -> dict[str, list]:
    return {c: df[c].astype(object).where(df[c].notna(), None).tolist() for c in cols}


def cumulative_never_falls(f, pkg, check):
    out = []
    rel = releases_of(f)
    R = _lists(rel, ["value", "as_of", "as_of_label", "figure_id", "report_id", "evidence", "increment_of", "metric_label"])
    cand = f[f["series"].notna() & (f["report_kind"] != "news_article").fillna(True)]
    C = _lists(cand, ["value", "as_of", "figure_id", "carried_by", "report_id", "evidence"])
    later_by = _positions_by(cand, ["series", "metric", "eff_geography"])
    for key, g in sorted(_positions_by(rel, ["series", "metric", "eff_geography"]).items()):
        series = key[0]
        if any(R["increment_of"][k] is not None for k in g) or len(g) < 2:
            continue
        values = [R["value"][k] for k in g]
        # the highest earlier value before each release; unknown after a release whose value is unknown
        # (a range), and an unknown value never counts as a fall
        prev, top, last = [], None, None
        for v in values:
            prev.append(top if last is not None else None)
            if v is not None:
                top = v if top is None else max(top, v)
            last = v
        falls = [v - p for v, p in zip(values, prev) if v is not None and p is not None and v < p]
        path = " → ".join(f"{num(v)} ({R['as_of_label'][k]})" for v, k in zip(values, g))
        label = R["metric_label"][g[0]].lower()
        ids = {R["figure_id"][k] for k in g}
        out.append(finding(f"{series}: {label}", f"{series}'s {label} never falls from one release to the next",
                           "each release at least the one before", path, int(min(falls)) if falls else 0,
                           not falls, [R["figure_id"][k] for k in g], "; ".join(R["report_id"][k] + ": " + R["evidence"][k] for k in g)))
        for r in later_by.get(key, []):
            if C["figure_id"][r] in ids:
                continue
            rv, ra = C["value"][r], C["as_of"][r]
            if rv is None or ra is None:
                continue
            after = [k for k in g if R["as_of"][k] is not None and R["value"][k] is not None
                     and R["as_of"][k] > ra and R["value"][k] < rv]
            if not after:
                continue
            a = after[0]
            out.append(finding(f"{C['figure_id'][r]}", f"{C['carried_by'][r]}'s {num(rv)} for {C['report_id'][r]} fits the series",
                               f"no more than the later {num(R['value'][a])} ({R['report_id'][a]}, {R['as_of_label'][a]})", num(rv),
                               int(rv - R["value"][a]), False, [C["figure_id"][r], R["figure_id"][a]],
                               f"If {num(rv)} were right, the running total would later fall to {num(R['value'][a])}. | {C['evidence'][r]} | {R['evidence'][a]}",
                               blamed=[C["figure_id"][r]]))
    return out


def series_claim_matches_release(f, pkg, check):
    out = []
    rel = releases_of(f)
    claims = f[f["series"].notna() & (f["report_kind"] == "news_article").fillna(False)]
    if claims.empty:
        return out
    groups = _positions_by(rel, ["series", "metric", "eff_geography"])
    R = _lists(rel, ["value", "report_id", "as_of_label", "figure_id"])
    pub = periods.series_bound(rel["report_published"], "last")
    R["pub"] = pub.astype(object).where(pub.notna(), None).tolist()
    incs = f[f["increment_of"].notna() & f["series"].notna()]
    inc_by = _positions_by(incs, ["increment_of", "series"])
    I = _lists(incs, ["report_id", "value"])
    C = _lists(claims, ["value", "as_of", "figure_id", "carried_by", "series", "metric", "eff_geography", "evidence"])
    for k in range(len(claims)):
        key = (C["series"][k], C["metric"][k], C["eff_geography"][k])
        g = groups.get(key, []) if key[2] is not None else []
        if not g:
            continue
        cv, ca = C["value"][k], C["as_of"][k]
        known = [j for j in g if R["value"][j] is not None]  # a range release has no single value to match
        below = [j for j in known if cv is not None and R["value"][j] < cv]
        above = [j for j in known if cv is not None and R["value"][j] > cv]
        top = max((R["value"][j] for j in below), default=None)
        low = min((R["value"][j] for j in above), default=None)
        # the nearest release on each side; of equal ones, the later-listed below and the earlier above
        below = [j for j in below if R["value"][j] == top][-1:]
        above = [j for j in above if R["value"][j] == low][:1]
        dated = [j for j in g if R["pub"][j] is not None and ca is not None and R["pub"][j] <= ca]
        before = sorted(dated, key=lambda j: R["pub"][j])[-2:]

        def desc(rows):
            return ", ".join(f"{num(R['value'][j])} ({R['report_id'][j]}, {R['as_of_label'][j]})" for j in rows) or "none"
        evidence = (f"Nearest released values: {desc(below)} below, {desc(above)} above. "
                    f"Last releases published by {day(ca if ca is not None else pd.NaT)}: {desc(before)}.")
        for i in inc_by.get((C["metric"][k], C["series"][k]), []):
            tot = [j for j in g if R["report_id"][j] == I["report_id"][i]]
            if tot:
                t, iv = R["value"][tot[0]], I["value"][i]
                rest = num(t - iv) if t is not None and iv is not None else num(None)
                evidence += f" {I['report_id'][i]} says {num(iv)} more than before: {num(t)} − {num(iv)} = {rest}."
        evidence += f" | {C['evidence'][k]}"
        match = [j for j in known if cv is not None and R["value"][j] == cv]
        gap = 0 if match else (int(min(abs(R["value"][j] - cv) for j in known)) if cv is not None and known else None)
        out.append(finding(C["figure_id"][k], f"{C['carried_by'][k]}'s {num(cv)} matches a figure {C['series'][k]} released",
                           "a released value", num(cv) + (f" = {R['report_id'][match[0]]}" if match else " (no release)"),
                           gap, bool(match), [C["figure_id"][k], *(R["figure_id"][j] for j in match)],
                           evidence, blamed=[C["figure_id"][k]]))
    return out


def increment_matches_difference(f, pkg, check):
    out = []
    rel = releases_of(f)
    groups = _positions_by(rel, ["series", "metric", "eff_geography"])
    R = _lists(rel, ["value", "report_id", "as_of", "figure_id", "evidence"])
    incs = f[f["increment_of"].notna()]
    I = _lists(incs, ["series", "increment_of", "eff_geography", "report_id", "value", "figure_id", "evidence"])
    for k in range(len(incs)):
        g = groups.get((I["series"][k], I["increment_of"][k], I["eff_geography"][k]), [])
        this = [j for j in g if R["report_id"][j] == I["report_id"][k]]
        if not this:
            continue
        t = this[0]
        prev = [j for j in g if R["as_of"][t] is not None and R["as_of"][j] is not None and R["as_of"][j] < R["as_of"][t]]
        if not prev:
            continue
        p = prev[-1]
        diff = int(R["value"][t] - R["value"][p])
        iv = I["value"][k]
        out.append(finding(I["figure_id"][k], f"{I['report_id'][k]}'s stated rise equals the change since {R['report_id'][p]}",
                           f"{num(R['value'][t])} − {num(R['value'][p])} = {num(diff)}", num(iv), int(iv - diff),
                           iv == diff, [I["figure_id"][k], R["figure_id"][t], R["figure_id"][p]],
                           f"{I['evidence'][k]} | {R['evidence'][t]} | {R['evidence'][p]}", blamed=[I["figure_id"][k]]))
    return out


def mixed_periods_in_carrier(f, pkg, check):
    """Two metrics of one series set side by side must share a data-through date, or any rate made
    from them pairs different releases (the article's 1,114 deaths beside 28,562 strikes)."""
    out = []
    s = f[f["series"].notna() & f["increment_of"].isna() & f["carried_by"].notna()]
    if s.empty:
        return out
    codes = s.groupby(["carried_by", "series"], sort=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    s, codes = s.iloc[order], codes[order]
    L = _lists(s, ["carried_by", "series", "metric", "as_of", "as_of_label", "metric_label", "figure_id", "evidence"])
    for a, b in _runs(codes):
        rows = range(a, b)
        metrics = sorted({L["metric"][k] for k in rows if L["metric"][k] is not None})
        if len(metrics) < 2:
            continue
        dates = {m: {L["as_of"][k] for k in rows if L["metric"][k] == m and L["as_of"][k] is not None} for m in metrics}
        shared = set.intersection(*dates.values())
        spans = "; ".join(f"{next(L['metric_label'][k] for k in rows if L['metric'][k] == m).lower()}: "
                          f"{', '.join(sorted({L['as_of_label'][k] for k in rows if L['metric'][k] == m}))}" for m in metrics)
        carrier, series = L["carried_by"][a], L["series"][a]
        out.append(finding(f"{carrier}: {series}", f"The {series} figures {carrier} sets side by side share a data-through date",
                           "a shared data-through date", spans, None, bool(shared), L["figure_id"][a:b],
                           ("" if shared else "A rate such as deaths per strike must pair figures of the same release. ") + " | ".join(L["evidence"][a:b])))
    return out


def comparable_coverage(f, pkg, check):
    out = []
    wanted = f["figure_id"].isin(set(pkg.comparisons["numerator"]) | set(pkg.comparisons["denominator"]))
    by_id = f[wanted.to_numpy(dtype=bool)].set_index("figure_id")
    for _, c in pkg.comparisons.iterrows():
        if c["numerator"] not in by_id.index or c["denominator"] not in by_id.index:
            continue
        a, b = by_id.loc[c["numerator"]], by_id.loc[c["denominator"]]
        ratio = a["value"] / b["value"] if b["value"] else None
        mism = coverage_mismatches(a, b)
        shown = f"{num(a['value'])} / {num(b['value'])} = {ratio:.3g}" if ratio is not None else "undefined"
        out.append(finding(c["comparison_id"], c["label"], "the same places and period", shown + ("; " + "; ".join(mism) if mism else "; like for like"),
                           None, not mism, [c["numerator"], c["denominator"]], f"{a['evidence']} | {b['evidence']}"))
    return out


RULES = {name: obj for name, obj in globals().items() if callable(obj) and name in {
    "quote_in_source", "numbers_accounted_for", "restated_values_agree", "parts_sum_to_total",
    "subset_within_total", "place_name_matches_pcode", "cumulative_never_falls",
    "series_claim_matches_release", "increment_matches_difference", "mixed_periods_in_carrier",
    "comparable_coverage"}}
