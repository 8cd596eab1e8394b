"""Stage 2, checks: the effective figures, the rule families and the cross-check that runs them.

`from helpers import checks` then `checks.run_checks(pkg)` is what notebooks and the build use. The
rules live in one module per family (sources, restatements, parts, places, series, comparisons),
each marked with registry.rule; findings holds what a rule returns and the helpers they share."""

from helpers.checks.crosscheck import (
    FindingsIndex,
    concerned_ids,
    cross_check,
    findings_index,
    involving,
    overall_status,
    run_checks,
    status_counts,
    worst_status,
)
from helpers.checks.figureset import FigureSet
from helpers.checks.registry import RULES, rule

__all__ = [
    "RULES",
    "FigureSet",
    "FindingsIndex",
    "concerned_ids",
    "cross_check",
    "findings_index",
    "involving",
    "overall_status",
    "rule",
    "run_checks",
    "status_counts",
    "worst_status",
]
