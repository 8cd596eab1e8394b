"""Stage 2, checks: the effective figures, the rule families and the cross-check that runs them.

`from helpers import checks` then `checks.run_checks(pkg)` is what notebooks and the build use."""

from helpers.checks.crosscheck import (
    cross_check,
    involving,
    overall_status,
    run_checks,
    status_counts,
)

__all__ = ["cross_check", "involving", "overall_status", "run_checks", "status_counts"]
