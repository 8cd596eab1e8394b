"""Runs the checks that checks.csv declares over the curated data. A new report is checked by every
row whose report_id is empty, so adding a report never needs code."""

from __future__ import annotations

import pandas as pd
import polars as pl

from helpers.checks import effective
from helpers.checks.rules import FINDING, RULES, as_frame, forget
from helpers.data import frames, schema

COLUMNS = [
    "result_id",
    "check_id",
    "rule",
    "severity",
    "subject",
    "statement",
    "expected",
    "observed",
    "difference",
    "status",
    "figure_ids",
    "blamed_ids",
    "evidence",
]
STATUS_ORDER = {"fail": 0, "warning": 1, "pass": 2}


def cross_check(pkg) -> pl.DataFrame:
    """Every check in checks.csv over the whole package, as polars: one row per finding, in the order of
    checks.csv and then of each rule's findings. status is pass, fail or warning; a breach of a
    'warning' check is a warning. (Run in threads, the checks took as long on 2 cores, with more
    memory: polars already uses both cores, and the Python rules then wait for them.)"""
    enum = next(f for f in schema.fields("checks", pkg.root) if f["name"] == "rule")["constraints"][
        "enum"
    ]
    missing = set(enum) - set(RULES)
    if missing:
        raise RuntimeError(
            f"datapackage.json allows rules that helpers/rules.py does not implement: {sorted(missing)}"
        )
    fx = effective.frame(pkg)

    def one(check) -> pl.DataFrame:
        f = fx
        if check["report_id"] is not None:
            f = f.filter(
                (pl.col("report_id") == check["report_id"])
                | (pl.col("carried_by") == check["report_id"])
            )
        if check["metric"] is not None:
            m = check["metric"]
            f = f.filter(
                (pl.col("metric") == m)
                | (pl.col("subset_of") == m).fill_null(False)
                | (pl.col("increment_of") == m).fill_null(False)
            )
        res = as_frame(RULES[check["rule"]](f, pkg, check))
        if check["severity"] == "warning":
            res = res.with_columns(
                status=pl.when(pl.col("status") == "fail")
                .then(pl.lit("warning"))
                .otherwise(pl.col("status"))
            )
        return res.select(
            pl.concat_str(
                [pl.lit(check["check_id"] + "/"), pl.int_range(1, pl.len() + 1).cast(pl.String)]
            ).alias("result_id"),
            *(pl.lit(check[c], dtype=pl.String).alias(c) for c in ("check_id", "rule", "severity")),
            *FINDING,
        )

    try:
        parts = [one(check) for check in pkg.frames["checks"].iter_rows(named=True)]
    finally:
        forget()  # the statements and releases worked out for these figures
    schema_ = {c: (pl.Int64 if c == "difference" else pl.String) for c in COLUMNS}
    return pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=schema_)


def run_checks(pkg, report_id: str | None = None) -> pd.DataFrame:
    """cross_check() as pandas, for notebooks. With report_id, only findings that involve that report's
    figures (as issuer or carrier)."""
    out = frames.to_pandas(cross_check(pkg), text="str")
    if report_id is not None:
        fx = pkg.frames["figures"]
        mine = fx.filter((pl.col("report_id") == report_id) | (pl.col("carried_by") == report_id))[
            "figure_id"
        ].to_list()
        out = involving(out, mine, report_id).reset_index(drop=True)
    return out


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
    return (
        "fail"
        if counts["fail"]
        else "warning"
        if counts["warning"]
        else "pass"
        if counts["pass"]
        else "no checks"
    )
