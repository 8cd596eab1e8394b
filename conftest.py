"""pytest's hooks for the whole repository: which committed notebooks nbval re-runs."""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.data import load


# nbval re-runs these committed notebooks, each in a fresh kernel: every collection page and the
# first report page of each kind of report, in the build's order. Every other generated report is
# regression-tested byte for byte by test_regression_all_reports.py.
def _nbval_sample() -> set[str]:
    from helpers.build import runner

    pkg = load.load_package()
    kinds = dict(zip(pkg.reports["report_id"], pkg.reports["kind"], strict=True))
    sample, seen = set(), set()
    for job in runner.plan(pkg):
        report_id = dict(job.parameters).get("report_id")
        if report_id is None:
            sample.add(job.stem)
        elif kinds[report_id] not in seen:
            seen.add(kinds[report_id])
            sample.add(job.stem)
    return sample


_SAMPLE: set[str] | None = None


def pytest_ignore_collect(collection_path, config):
    """Leave out of nbval the committed notebooks that are not in the sample."""
    global _SAMPLE
    path = Path(collection_path)
    if path.suffix != ".ipynb" or path.parent.resolve() != paths.REPORTS.resolve():
        return None
    if _SAMPLE is None:
        _SAMPLE = _nbval_sample()
    return True if path.stem not in _SAMPLE else None
