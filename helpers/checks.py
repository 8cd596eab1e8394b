"""Runs the checks that checks.csv declares over the curated data. A new report is checked by every
row whose report_id is empty, so adding a report never needs code."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .effective import effective_figures
from .rules import FINDING, RULES

COLUMNS = ["result_id", "check_id", "rule", "severity", "subject", "statement", "expected", "observed",
           "difference", "status", "figure_ids", "blamed_ids", "evidence"]
STATUS_ORDER = {"fail": 0, "warning": 1, "pass": 2}


def run_checks(pkg, report_id: str | None = None) -> pd.DataFrame:
    """One row per finding. status is pass, fail or warning; a breach of a 'warning' check is a
    warning. With report_id, only findings that involve that report's figures (as issuer or carrier)."""
    enum = next(f for f in schema.fields("checks", pkg.root) if f["name"] == "rule")["constraints"]["enum"]
    missing = set(enum) - set(RULES)
    if missing:
        raise RuntimeError(f"datapackage.json allows rules that helpers/rules.py does not implement: {sorted(missing)}")
    fx = effective_figures(pkg)
    parts, heads = [], []
    for _, check in pkg.checks.iterrows():
        f = fx
        if pd.notna(check["report_id"]):
            f = f[(f["report_id"] == check["report_id"]) | (f["carried_by"] == check["report_id"])]
        if pd.notna(check["metric"]):
            f = f[(f["metric"] == check["metric"]) | (f["subset_of"] == check["metric"]) | (f["increment_of"] == check["metric"])]
        res = RULES[check["rule"]](f, pkg, check)  # a list of findings, or a frame of them
        res = res if isinstance(res, pd.DataFrame) else pd.DataFrame(res, columns=FINDING)
        status = res["status"].to_numpy(dtype=object)
        if check["severity"] == "warning":
            status = np.where(status == "fail", "warning", status).astype(object)
        heads.append((check["check_id"], check["rule"], check["severity"], len(res)))
        parts.append({**{c: res[c].to_numpy(dtype=object) for c in FINDING if c != "status"}, "status": status})
    counts = [n for *_, n in heads]
    # the columns that repeat one value per check row, made once for all findings
    shared = {"result_id": np.array([f"{cid}/{k}" for cid, *_, n in heads for k in range(1, n + 1)], dtype=object),
              **{c: np.repeat(np.array([h[j] for h in heads], dtype=object), counts) for j, c in enumerate(("check_id", "rule", "severity"))}}
    out = pd.DataFrame({c: shared[c] if c in shared else np.concatenate([p[c] for p in parts]) if parts else np.array([], dtype=object)
                        for c in COLUMNS}, columns=COLUMNS)
    out["difference"] = out["difference"].astype("Int64")
    if report_id is not None:
        out = involving(out, fx.loc[(fx["report_id"] == report_id) | (fx["carried_by"] == report_id), "figure_id"], report_id)
    return out.reset_index(drop=True)


def involving(results: pd.DataFrame, figure_ids, subject_prefix: str | None = None) -> pd.DataFrame:
    """The findings that concern these figures. A passing finding concerns every figure it rests on;
    a breach concerns only the figures it blames, so evidence is not marked as the culprit."""
    ids = set(figure_ids)
    col = results["figure_ids"].where(results["status"] == "pass", results["blamed_ids"])
    hit = col.str.split("; ").map(lambda xs: bool(ids & set(xs)))
    if subject_prefix is not None:
        hit |= results["subject"].str.startswith(subject_prefix)
    return results[hit]


def status_counts(results: pd.DataFrame) -> dict[str, int]:
    return {s: int((results["status"] == s).sum()) for s in ("fail", "warning", "pass")}


def overall_status(results: pd.DataFrame) -> str:
    counts = status_counts(results)
    return "fail" if counts["fail"] else "warning" if counts["warning"] else "pass" if counts["pass"] else "no checks"
