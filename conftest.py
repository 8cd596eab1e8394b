"""pytest's hooks for the whole repository: which committed notebooks nbval re-runs, the order
the test modules are handed to pytest-xdist's workers, and the user's own settings left out of the
whole run (isolation.ignore_user_settings)."""

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


# The test modules that take longest, longest first (seconds of one worker each, measured with
# `pytest --durations=0` on 2 cores; the rest take under 9 s each). `make test` hands whole modules
# to its two workers in the order they are collected (--dist loadscope --no-loadscope-reorder):
# the long ones first, so that the short ones fill the gaps at the end and both workers finish
# together. (pytest-xdist's own order, most tests first, left the 25 s regression build last.)
LONGEST_FIRST = (
    "test_build_safety.py",  # 71 s: real builds stopped by signals and kills
    "test_record_rules.py",  # 39
    "test_reader_pages.py",  # 31: every page in Chromium, and a collection four times the size
    "test_regression_all_reports.py",  # 25: the whole site built again
    "test_runner.py",  # 20
    "test_ranges.py",  # 19
    "test_browser.py",  # 16
    "test_chart_rules.py",  # 15
    "test_bad_input.py",  # 14
    "test_csv_formula_safe.py",  # 14
    "test_codekeys.py",  # 13
    "test_draft.py",  # 12
    "test_clients.py",  # 11
)


def pytest_collection_modifyitems(session, config, items):
    """The modules of LONGEST_FIRST first, in its order; the others after them, as collected (a
    stable sort: each module's tests keep their own order)."""
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
