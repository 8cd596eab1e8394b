"""pytest's hooks for the whole repository: which committed notebooks nbval re-runs."""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.data import load


# nbval re-runs these committed notebooks, each in a fresh kernel: the overview, the cross-check,
# one timeline and the first report page of each kind of report (runner.sample). Every other
# generated report is regression-tested byte for byte by test_regression_all_reports.py.
def _nbval_sample() -> set[str]:
    from helpers.build import runner

    return {job.stem for job in runner.sample(load.load_package())}


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
