"""The check rules. Each takes the effective figures (already narrowed to the reports and metrics a
check row in checks.csv names) and returns findings: what was expected, what was observed, the
difference and the evidence. A rule never decides severity: checks.csv does."""
from __future__ import annotations

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


# -- sources -------------------------------------------------------------------------------------

def quote_in_source(f, pkg, check):
    problems = provenance.figure_source_problems(pkg.figures.loc[f.index], pkg.reports, pkg.texts, pkg.root)
    out = []
    for doc, group in f[f["carrier_document"].notna()].groupby("carrier_document"):
        bad = [p for p in problems if p.row in set(group["row"])]
        out.append(finding(doc, f"Quotes from {doc} are found word for word in it", f"{len(group)} of {len(group)} found",
                           f"{len(group) - len({p.row for p in bad})} of {len(group)} found", len({p.row for p in bad}),
                           not bad, group["figure_id"], "; ".join(str(p) for p in bad) or f"All {len(group)} quotes found in {doc}."))
    return out


def numbers_accounted_for(f, pkg, check):
    cov = provenance.number_coverage(pkg.figures.loc[f.index], pkg.reports, pkg.not_figures, pkg.texts)
    out = []
    for doc, group in cov.groupby("document_id"):
        missing = group[group["accounted_for_by"] == ""]
        excluded = group["accounted_for_by"].str.startswith("not a figure").sum()
        out.append(finding(doc, f"Every number printed in {doc} is accounted for", f"{len(group)} of {len(group)}",
                           f"{len(group) - len(missing)} of {len(group)}", len(missing), missing.empty, [],
                           "Not accounted for: " + "; ".join(f"{t} (…{c}…)" for t, c in zip(missing["token"], missing["context"]))
                           if len(missing) else f"{len(group)} numbers: {len(group) - excluded} in figures or their periods, {excluded} listed as not a figure."))
    return out


# -- one figure, several statements --------------------------------------------------------------

def restated_values_agree(f, pkg, check):
    out = []
    for key, g in f.groupby("subject_key", sort=False):
        if len(g) < 2:
            continue
        primary = g[g["is_primary"]]
        ref = primary.iloc[0] if len(primary) else g.iloc[0]
        values = g["value"].dropna().unique()
        counts = "; ".join(f"{num(v)} ({', '.join(g.loc[g['value'] == v, 'carried_by'] + ' ' + g.loc[g['value'] == v, 'locator'])})" for v in values)
        diff = int(max(abs(v - ref["value"]) for v in values)) if pd.notna(ref["value"]) else None
        out.append(finding(f"{ref['report_id']}: {ref['metric_label'].lower()}" + (f", {_part_label(pkg, ref)}" if pd.notna(ref["governorate_pcode"]) or pd.notna(ref["breakdown"]) else ""),
                           f"Every statement of {ref['report_id']}'s {ref['metric_label'].lower()} gives the same number",
                           f"{num(ref['value'])} (as {ref['carried_by']} gives it)", counts, diff, len(values) == 1,
                           g["figure_id"], " | ".join(g["evidence"]), blamed=g.loc[g["value"] != ref["value"], "figure_id"]))
    return out


# -- parts and wholes ----------------------------------------------------------------------------

def parts_sum_to_total(f, pkg, check):
    dim = check["dimension"]
    f = one_per_statement(f)
    if dim == "governorate":
        part = f["governorate_pcode"].notna() & f["breakdown"].isna()
        whole = f["governorate_pcode"].isna() & f["breakdown"].isna()
        key = ["report_id", "metric"]
    else:
        part = f["breakdown"].str.startswith(dim + ":").fillna(False) & f["governorate_pcode"].isna()
        whole = f["breakdown"].isna() & f["governorate_pcode"].isna()
        key = ["report_id", "metric"]
    out = []
    for (rid, metric), parts in f[part].groupby(key):
        totals = f[whole & (f["report_id"] == rid) & (f["metric"] == metric)]
        if len(parts) < 2 or totals.empty:
            continue
        total = totals.iloc[0]
        s = int(parts["value"].sum())
        interpreted = parts[parts.apply(lambda r: pd.notna(r["governorate_pcode"]) and not spelling_of(pkg, r["geography_as_written"], r["governorate_pcode"]), axis=1)] if dim == "governorate" else parts.iloc[0:0]
        terms = " + ".join(f"{_part_label(pkg, r)} {num(r['value'])}" for _, r in parts.iterrows())
        note = ""
        if len(interpreted):
            note = f" Without the part(s) read by interpretation the sum is {num(s - int(interpreted['value'].sum()))}."
        label = total["metric_label"].lower()
        out.append(finding(f"{rid}: {label} by {dim.replace('_', ' ')}",
                           f"{rid}'s {label} by {dim.replace('_', ' ')} add up to its total",
                           num(total["value"]), num(s), s - int(total["value"]), s == total["value"],
                           [total["figure_id"], *parts["figure_id"]], f"{terms} = {num(s)}; total {num(total['value'])}.{note}"))
    return out


def subset_within_total(f, pkg, check):
    f = one_per_statement(f)
    out = []
    subsets = f[f["subset_of"].notna()]
    place = ["report_id", "governorate_pcode", "breakdown"]
    for _, whole in f[f["metric"].isin(subsets["subset_of"])].iterrows():
        same = (subsets[place].fillna("") == whole[place].fillna("")).all(axis=1) & (subsets["subset_of"] == whole["metric"])
        parts = subsets[same]
        for _, p in parts.iterrows():
            out.append(finding(f"{whole['report_id']}: {p['metric_label'].lower()} within {whole['metric_label'].lower()}" + (f", {_part_label(pkg, whole)}" if pd.notna(whole["breakdown"]) or pd.notna(whole["governorate_pcode"]) else ""),
                               f"{p['metric_label']} are no more than {whole['metric_label'].lower()}",
                               f"at most {num(whole['value'])}", num(p["value"]), int(p["value"] - whole["value"]),
                               p["value"] <= whole["value"], [p["figure_id"], whole["figure_id"]], f"{p['evidence']} | {whole['evidence']}"))
        if len(parts) > 1:
            s = int(parts["value"].sum())
            names = " and ".join(parts["metric_label"].str.lower())
            out.append(finding(f"{whole['report_id']}: {names} together" + (f", {_part_label(pkg, whole)}" if pd.notna(whole["breakdown"]) else ""),
                               f"{names.capitalize()} together are no more than {whole['metric_label'].lower()}",
                               f"at most {num(whole['value'])}", num(s), s - int(whole["value"]), s <= whole["value"],
                               [*parts["figure_id"], whole["figure_id"]], " + ".join(num(v) for v in parts["value"]) + f" = {num(s)} of {num(whole['value'])}"))
    return out


def place_name_matches_pcode(f, pkg, check):
    out = []
    for _, r in f[f["governorate_pcode"].notna()].iterrows():
        name = _name(pkg, r["governorate_pcode"])
        written = r["geography_as_written"]
        ok = pd.notna(written) and spelling_of(pkg, written, r["governorate_pcode"])
        res = finding(f"{r['figure_id']}", f"“{written}” is a spelling of {name} ({r['governorate_pcode']})",
                      f"a spelling of {name}", f"“{written}”", None, ok, [r["figure_id"]],
                      r["evidence"] + ("" if ok else f" | Interpretation: {r['interpretation']}" if pd.notna(r["interpretation"]) else " | No interpretation recorded."))
        if not ok and pd.notna(r["interpretation"]):
            res["status"] = "warning"
        out.append(res)
    return out


# -- running series ------------------------------------------------------------------------------

def releases_of(f: pd.DataFrame) -> pd.DataFrame:
    """The issuer's own points of each series: not news articles' claims, and from the report's own carrier."""
    points = f[f["series"].notna() & (f["report_kind"] != "news_article") & f["is_primary"]]
    return one_per_statement(points).sort_values(["as_of", "row"])


def _series_groups(f):
    rel = releases_of(f)
    for key, g in rel.groupby(["series", "metric", "eff_geography"]):
        yield key, g


def cumulative_never_falls(f, pkg, check):
    out = []
    for (series, metric, geo), g in _series_groups(f):
        if g["increment_of"].notna().any() or len(g) < 2:
            continue
        prev = g["value"].cummax().shift()
        falls = g[g["value"] < prev]
        path = " → ".join(f"{num(v)} ({d})" for v, d in zip(g["value"], g["as_of_label"]))
        out.append(finding(f"{series}: {g['metric_label'].iloc[0].lower()}", f"{series}'s {g['metric_label'].iloc[0].lower()} never falls from one release to the next",
                           "each release at least the one before", path, int((falls["value"] - prev[falls.index]).min()) if len(falls) else 0,
                           falls.empty, g["figure_id"], "; ".join(g["report_id"] + ": " + g["evidence"])))
        later = f[(f["series"] == series) & (f["metric"] == metric) & (f["eff_geography"] == geo) & ~f["figure_id"].isin(g["figure_id"]) & (f["report_kind"] != "news_article")]
        for _, r in later.iterrows():
            after = g[(g["as_of"] > r["as_of"]) & (g["value"] < r["value"])]
            if after.empty:
                continue
            a = after.iloc[0]
            out.append(finding(f"{r['figure_id']}", f"{r['carried_by']}'s {num(r['value'])} for {r['report_id']} fits the series",
                               f"no more than the later {num(a['value'])} ({a['report_id']}, {a['as_of_label']})", num(r["value"]),
                               int(r["value"] - a["value"]), False, [r["figure_id"], a["figure_id"]],
                               f"If {num(r['value'])} were right, the running total would later fall to {num(a['value'])}. | {r['evidence']} | {a['evidence']}",
                               blamed=[r["figure_id"]]))
    return out


def series_claim_matches_release(f, pkg, check):
    out = []
    rel = releases_of(f)
    claims = f[f["series"].notna() & (f["report_kind"] == "news_article")]
    for _, c in claims.iterrows():
        g = rel[(rel["series"] == c["series"]) & (rel["metric"] == c["metric"]) & (rel["eff_geography"] == c["eff_geography"])]
        if g.empty:
            continue
        match = g[g["value"] == c["value"]]
        below, above = g[g["value"] < c["value"]].sort_values("value").tail(1), g[g["value"] > c["value"]].sort_values("value").head(1)
        by_date = g[g["report_published"].notna()].copy()
        by_date["pub"] = periods.series_bound(by_date["report_published"], "last")
        before = by_date[by_date["pub"] <= c["as_of"]].sort_values("pub").tail(2)
        def desc(rows):
            return ", ".join(f"{num(r['value'])} ({r['report_id']}, {r['as_of_label']})" for _, r in rows.iterrows()) or "none"
        evidence = (f"Nearest released values: {desc(below)} below, {desc(above)} above. "
                    f"Last releases published by {day(c['as_of'])}: {desc(before)}.")
        inc = f[(f["increment_of"] == c["metric"]) & (f["series"] == c["series"])]
        for _, i in inc.iterrows():
            tot = g[g["report_id"] == i["report_id"]]
            if len(tot):
                evidence += f" {i['report_id']} says {num(i['value'])} more than before: {num(tot['value'].iloc[0])} − {num(i['value'])} = {num(tot['value'].iloc[0] - i['value'])}."
        evidence += f" | {c['evidence']}"
        out.append(finding(c["figure_id"], f"{c['carried_by']}'s {num(c['value'])} matches a figure {c['series']} released",
                           "a released value", num(c["value"]) + (f" = {match['report_id'].iloc[0]}" if len(match) else " (no release)"),
                           0 if len(match) else int(min(abs(g["value"] - c["value"]))), not match.empty, [c["figure_id"], *match["figure_id"]], evidence,
                           blamed=[c["figure_id"]]))
    return out


def increment_matches_difference(f, pkg, check):
    out = []
    rel = releases_of(f)
    for _, i in f[f["increment_of"].notna()].iterrows():
        g = rel[(rel["series"] == i["series"]) & (rel["metric"] == i["increment_of"]) & (rel["eff_geography"] == i["eff_geography"])]
        this = g[g["report_id"] == i["report_id"]]
        if this.empty:
            continue
        prev = g[g["as_of"] < this["as_of"].iloc[0]].tail(1)
        if prev.empty:
            continue
        t, p = this.iloc[0], prev.iloc[0]
        diff = int(t["value"] - p["value"])
        out.append(finding(i["figure_id"], f"{i['report_id']}'s stated rise equals the change since {p['report_id']}",
                           f"{num(t['value'])} − {num(p['value'])} = {num(diff)}", num(i["value"]), int(i["value"] - diff),
                           i["value"] == diff, [i["figure_id"], t["figure_id"], p["figure_id"]],
                           f"{i['evidence']} | {t['evidence']} | {p['evidence']}", blamed=[i["figure_id"]]))
    return out


def mixed_periods_in_carrier(f, pkg, check):
    """Two metrics of one series set side by side must share a data-through date, or any rate made
    from them pairs different releases (the article's 1,114 deaths beside 28,562 strikes)."""
    out = []
    s = f[f["series"].notna() & f["increment_of"].isna()]
    for (carrier, series), g in s.groupby(["carried_by", "series"]):
        dates = {m: set(x.dropna()) for m, x in g.groupby("metric")["as_of"]}
        if len(dates) < 2:
            continue
        shared = set.intersection(*dates.values())
        labels = {m: sorted(set(g.loc[g["metric"] == m, "as_of_label"])) for m in dates}
        spans = "; ".join(f"{g.loc[g['metric'] == m, 'metric_label'].iloc[0].lower()}: {', '.join(ls)}" for m, ls in labels.items())
        out.append(finding(f"{carrier}: {series}", f"The {series} figures {carrier} sets side by side share a data-through date",
                           "a shared data-through date", spans, None, bool(shared), g["figure_id"],
                           ("" if shared else "A rate such as deaths per strike must pair figures of the same release. ") + " | ".join(g["evidence"])))
    return out


def comparable_coverage(f, pkg, check):
    out = []
    by_id = f.set_index("figure_id")
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
