"""Runs the checks that checks.csv declares over the curated data. A new report is checked by every
row whose report_id is empty, so adding a report never needs code."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
import polars as pl

from helpers.checks import (
    books,
    claims,
    comparisons,
    effective,
    parts,
    places,
    restatements,
    series,
    sources,
)
from helpers.checks.figureset import FigureSet
from helpers.checks.findings import FINDING, as_frame
from helpers.checks.registry import RULES
from helpers.data import frames, schema

if TYPE_CHECKING:
    from helpers.data.load import Package

# The rule families: importing them registers their rules in RULES.
FAMILIES = (sources, restatements, parts, places, series, claims, comparisons, books)

COLUMNS = ["result_id", "check_id", "rule", "severity", *FINDING]
STATUS_ORDER = {"fail": 0, "warning": 1, "unchecked": 2, "pass": 3}


def unimplemented_rules(pkg: Package) -> list[str]:
    """The rules datapackage.json allows in checks.csv's `rule` column that no family registers,
    sorted."""
    field = next(f for f in schema.fields("checks", pkg.root) if f["name"] == "rule")
    return sorted(set(field["constraints"]["enum"]) - set(RULES))


def covered(figures: pl.DataFrame, check: Mapping[str, Any]) -> pl.DataFrame:
    """The effective figures a row of checks.csv covers: those of its report (as issuer or carrier)
    and of its metric (or a subset or increment of it), where it names them; all otherwise."""
    if check["report_id"] is not None:
        figures = figures.filter(
            (pl.col("report_id") == check["report_id"])
            | (pl.col("carried_by") == check["report_id"])
        )
    if check["metric"] is not None:
        metric = check["metric"]
        figures = figures.filter(
            (pl.col("metric") == metric)
            | (pl.col("subset_of") == metric).fill_null(False)
            | (pl.col("increment_of") == metric).fill_null(False)
        )
    return figures


def cross_check(pkg: Package) -> pl.DataFrame:
    """run_all_checks(pkg), worked out once per package (Package.derived): every page reads the
    same findings."""
    refuse_unimplemented_rules(pkg)
    return pkg.derived("cross_check", run_all_checks)


def refuse_unimplemented_rules(pkg: Package) -> None:
    """Raises RuntimeError when datapackage.json allows a rule that no family registers."""
    missing = unimplemented_rules(pkg)
    if missing:
        raise RuntimeError(
            f"datapackage.json allows check rules that no family in helpers/checks/ registers: "
            f"{missing}; write each as a function marked @rule in a family module"
        )


def run_all_checks(pkg: Package, rules: Iterable[str] | None = None) -> pl.DataFrame:
    """Every check in checks.csv over the whole package, as polars: one row per finding (COLUMNS),
    in the order of checks.csv and then of each rule's findings. status is pass, fail or warning; a
    breach of a 'warning' check is a warning (and a rule may give one itself: findings()). Checks
    that cover the same figures share one FigureSet, so what several rules start from is worked
    out once per run. (Run in threads, the checks took as long on 2 cores, with more memory:
    polars already uses both cores, and the Python rules then wait for them.) With rules, only
    the checks that apply those rules: the same findings, with the same result ids, as their rows
    of the whole run."""
    refuse_unimplemented_rules(pkg)
    every_figure = effective.frame(pkg)
    figure_sets: dict[tuple[str | None, str | None], FigureSet] = {}

    def results_of(check: Mapping[str, Any]) -> pl.DataFrame:
        scope = (check["report_id"], check["metric"])
        if scope not in figure_sets:
            figure_sets[scope] = FigureSet(covered(every_figure, check))
        found = as_frame(RULES[check["rule"]](figure_sets[scope], pkg, check))
        if check["severity"] == "warning":
            found = found.with_columns(
                status=pl.when(pl.col("status") == "fail")
                .then(pl.lit("warning"))
                .otherwise(pl.col("status"))
            )
        numbers = pl.int_range(1, pl.len() + 1).cast(pl.String)
        return found.select(
            pl.concat_str([pl.lit(check["check_id"] + "/"), numbers]).alias("result_id"),
            *(
                pl.lit(check[column], dtype=pl.String).alias(column)
                for column in ("check_id", "rule", "severity")
            ),
            *FINDING,
        )

    chosen = None if rules is None else set(rules)
    results = [
        results_of(check)
        for check in pkg.frames["checks"].iter_rows(named=True)
        if chosen is None or check["rule"] in chosen
    ]
    if not results:
        return pl.DataFrame(
            schema={c: (pl.Float64 if c == "difference" else pl.String) for c in COLUMNS}
        )
    return pl.concat(results, how="vertical")


def run_checks(pkg: Package, report_id: str | None = None) -> pd.DataFrame:
    """cross_check() as pandas, for notebooks. With report_id, only findings that involve that
    report's figures (as issuer or carrier)."""
    results = pkg.derived(
        "cross_check as pandas", lambda p: frames.to_pandas(cross_check(p), text="str")
    )
    if report_id is None:
        return results.copy()
    mine = pkg.derived("figure ids by report", _figure_ids_by_report).get(report_id, [])
    found = findings_index(pkg).positions(mine, report_id)
    return results.take(found).reset_index(drop=True)


def rule_results(pkg: Package, rule: str) -> pd.DataFrame:
    """run_checks(pkg)'s rows of the checks that apply one rule, worked out alone (the other
    checks are not run): for a notebook or a test that asks about one rule."""
    return frames.to_pandas(run_all_checks(pkg, rules=[rule]), text="str")


def _figure_ids_by_report(pkg: Package) -> dict[str, list[str]]:
    """The ids of the figures each report gives or carries, in file order, by report id."""
    by_report: dict[str, list[str]] = {}
    figures = pkg.frames["figures"]
    for figure_id, report_id, carried_by in zip(
        figures["figure_id"], figures["report_id"], figures["carried_by"], strict=True
    ):
        by_report.setdefault(report_id, []).append(figure_id)
        if carried_by is not None and carried_by != report_id:
            by_report.setdefault(carried_by, []).append(figure_id)
    return by_report


class FindingsIndex:
    """Which findings (rows of a results frame, by position) concern which figures, and which have
    a given report as their subject: made once, it answers for any number of reports in time
    that grows with the answer, not with the number of findings (a page per report would otherwise
    scan every finding, and a collection of n reports take n times the findings' time).

    A passing finding concerns every figure it rests on; a breach concerns only the figures it
    blames, so evidence is not marked as the culprit, or all it rests on when it blames none
    (concerned_ids). Positions are those of the
    frame the index was made from (for findings_index(pkg), run_checks(pkg) unfiltered and in its
    order): take them from that frame only."""

    def __init__(self, results: pd.DataFrame):
        self.size = len(results)
        self._by_figure: dict[str, list[int]] = {}
        for position, ids in enumerate(concerned_ids(results)):
            for figure_id in ids:
                self._by_figure.setdefault(figure_id, []).append(position)
        self._subjects = sorted((str(s), n) for n, s in enumerate(results["subject"].tolist()))

    def positions(self, figure_ids: Iterable[str], subject_prefix: str | None = None) -> list[int]:
        """The positions, in order, of the findings that concern these figures or (with
        subject_prefix, a report id) whose subject is that report (subject_of)."""
        found = {n for figure_id in set(figure_ids) for n in self._by_figure.get(figure_id, ())}
        if subject_prefix is not None:
            # the report's own subjects: its id, or its id and what it counts ("r: civilians
            # killed"), never another report whose id merely starts the same ("r-corr")
            at = bisect.bisect_left(self._subjects, (subject_prefix, -1))
            while at < len(self._subjects) and self._subjects[at][0].startswith(subject_prefix):
                subject, position = self._subjects[at]
                if subject_of(subject, subject_prefix):
                    found.add(position)
                at += 1
        return sorted(found)

    def mask(self, figure_ids: Iterable[str], subject_prefix: str | None = None) -> list[bool]:
        """positions() as one flag per finding."""
        flags = [False] * self.size
        for position in self.positions(figure_ids, subject_prefix):
            flags[position] = True
        return flags


def subject_of(subject: str, report_id: str) -> bool:
    """True when a finding's subject is the report itself: its id, or its id followed by a colon
    and what it counts ("cjtf-oir-2018-09-27: civilians killed"); not a longer id that starts with
    it ("zz-watch-2019-07-corr" is not about "zz-watch-2019-07")."""
    return subject == report_id or subject.startswith(f"{report_id}:")


def findings_index(pkg: Package) -> FindingsIndex:
    """The FindingsIndex of run_checks(pkg), made once per package."""
    return pkg.derived("cross_check findings index", lambda p: FindingsIndex(run_checks(p)))


def involving(
    results: pd.DataFrame, figure_ids: Iterable[str], subject_prefix: str | None = None
) -> pd.DataFrame:
    """The findings (rows of results) that concern these figures. A passing finding concerns every
    figure it rests on; a breach concerns only the figures it blames, so evidence is not marked as
    the culprit. With subject_prefix (a report id), also the findings whose subject is that report
    (subject_of). For many
    sets of figures of one results frame, make one FindingsIndex."""
    return results.iloc[FindingsIndex(results).positions(figure_ids, subject_prefix)]


def concerned_ids(results: pd.DataFrame) -> list[set[str]]:
    """For each finding (row of results), the ids of the figures it concerns (see involving; a
    breach that blames none concerns all it rests on)."""
    breach = results["status"].isin(["fail", "warning"])
    # a breach that blames no one (two pages print a figure two ways, the issuer's own text not
    # held) concerns every figure it rests on: each page shows the dispute
    blames = results["blamed_ids"].fillna("").astype(str) != ""
    concerned = results["figure_ids"].where(~breach | ~blames, results["blamed_ids"])
    return [set(listed.split("; ")) if isinstance(listed, str) else set() for listed in concerned]


def status_counts(results: pd.DataFrame) -> dict[str, int]:
    """How many findings fail, warn, cannot be checked and pass: {"fail": n, "warning": n,
    "unchecked": n, "pass": n}."""
    counted = Counter(results["status"])
    return {status: counted[status] for status in STATUS_ORDER}


def overall_status(results: pd.DataFrame) -> str:
    """The worst status among the findings ("fail", "warning" or "pass"), "unchecked" when every
    finding is not checkable, or "no checks" when there are none."""
    return worst_status(results["status"])


def worst_status(statuses: Iterable[str]) -> str:
    """overall_status of findings with these statuses."""
    present = set(statuses)
    for status in ("fail", "warning", "pass", "unchecked"):
        if status in present:
            return status
    return "no checks"
