"""pytest's hooks for the whole repository: which committed notebooks nbval re-runs, and the
user's own settings left out of the whole run (isolation.ignore_user_settings)."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import paths
from helpers.build import isolation, outputs

# the test run, every build it starts and every kernel nbval starts read no one's own matplotlib,
# IPython or Jupyter settings (before anything imports matplotlib); a .cache/ that is a link or a
# file stops the run in one line, as it stops a build
try:
    isolation.ignore_user_settings()
except outputs.OutputError as exc:
    print(f"error: {exc}", file=sys.stderr)
    raise SystemExit(outputs.EXIT_UNWRITABLE) from None

from helpers.data import load  # noqa: E402


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
