"""The plain clients, as a reader types them at the repository root (the README names these
commands): the papermill command line with a parameter, pytest's nbval plugin on a committed report,
and the Frictionless command line on the data package."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import paths

BIN = Path(sys.executable).parent  # .venv/bin under `make test`
WAIT = 300  # a guard against a hung client, not a speed check


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The user's environment, minus this pytest run's own variables; kernels' connection files go
    to a temporary folder instead of the user's Jupyter runtime folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path_factory.mktemp("runtime"))
    return env


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )


def code_outputs(nb) -> list[list]:
    """Each code cell's outputs, without execution counts (how a kernel was reused is not
    content)."""
    return [
        [{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
        for c in nb.cells
        if c.cell_type == "code"
    ]


def test_papermill_command_line_runs_a_report_with_its_parameter(env, tmp_path):
    out = tmp_path / "out.ipynb"
    done = run(
        env, "papermill", "notebooks/report.ipynb", str(out), "-p", "report_id", "vop-article"
    )
    assert done.returncode == 0, done.stderr
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'report_id = "vop-article"' in injected[0].source
    outputs = [o for cell in code_outputs(nb) for o in cell]
    assert not [o for o in outputs if o["output_type"] in ("error", "stream")]
    shown = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "1,114" in shown and "1,144" in shown and "a shield" in shown
    # the committed page for this report was made with papermill's API; the command line gives the
    # same
    assert code_outputs(nb) == code_outputs(
        nbformat.read(paths.REPORTS / "report-vop-article.ipynb", as_version=4)
    )


def test_pytest_nbval_passes_on_a_committed_report_without_extra_options(env):
    report = "reports/report-snhr-2018-09.ipynb"
    cells = len(code_outputs(nbformat.read(paths.ROOT / report, as_version=4)))
    done = run(env, "pytest", "-p", "no:cacheprovider", "--nbval", report)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"^=+ {cells} passed in ", done.stdout, flags=re.M), done.stdout


def test_frictionless_validate_accepts_the_data_package(env):
    out = run(env, "frictionless", "validate", "datapackage.json")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "VALID" in out.stdout.upper() and "INVALID" not in out.stdout.upper()
    assert all(
        f"data/curated/{name}.csv" in out.stdout
        for name in ("reports", "figures", "checks", "comparisons")
    )
