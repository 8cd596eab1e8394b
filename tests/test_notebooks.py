"""The source notebooks in notebooks/: committed without outputs (JupyterLab autosaves a notebook
you ran; this catches it before it lands), parameterised the way papermill expects, and written like
an article: prose in markdown, short calls into helpers, no logic of their own."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from helpers import paths
from helpers.build import runner
from helpers.data import load
from helpers.present import views

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
MAX_CODE_LINES = 3


@pytest.fixture(scope="module", params=[p.name for p in NOTEBOOKS])
def nb(request):
    return nbformat.read(paths.NOTEBOOKS / request.param, as_version=4)


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {
        "report.ipynb",
        "timeline.ipynb",
        "crosscheck.ipynb",
        "overview.ipynb",
    }


def test_committed_without_outputs_or_execution_counts(nb):
    nbformat.validate(nb)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"cell {k} holds outputs from a run: clear them before committing "
                "(Lab: Edit > Clear Outputs of All Cells)"
            )
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_code_cells_are_short_calls_with_prose_before_them(nb):
    code = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code"]
    assert code and nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for k, cell in code:
        assert len(cell.source.splitlines()) <= MAX_CODE_LINES, (
            f"cell {k}: move the logic into helpers/"
        )
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)
            ), f"cell {k}: {type(node).__name__} in a notebook; logic lives in helpers/"
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert cell.source.strip(), f"cell {k} is an empty markdown cell"


def test_parameters_cells_declare_exactly_what_the_runner_passes():
    passed: dict[str, set[str]] = {}
    for job in runner.plan(load.load_package()):
        passed.setdefault(job.notebook, set()).update(job.params)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        names = {
            t.id
            for c in tagged
            for node in ast.parse(c.source).body
            if isinstance(node, ast.Assign)
            for t in node.targets
        }
        assert len(tagged) <= 1, path.name
        assert names == passed.get(path.name, set()), (
            f"{path.name}: parameters cell {names}, runner passes {passed.get(path.name)}"
        )


def test_no_notebook_records_the_python_that_ran_it():
    """The lock gives the same outputs on Python 3.11, 3.12 and 3.13, so neither a source notebook
    nor an executed one in reports/ may say which ran it (the runner drops language_info.version),
    or they would differ by Python."""
    for path in [*NOTEBOOKS, *sorted(paths.REPORTS.glob("*.ipynb"))]:
        meta = nbformat.read(path, as_version=4).metadata
        assert "version" not in meta.get("language_info", {}), (
            f"{path.name} records the Python version that ran it"
        )
        assert meta["kernelspec"]["name"] == "python3", path.name


def test_the_page_drops_notebook_mechanics_and_leads_with_what_the_notebook_shows():
    """A cell tagged lab-only (a note for JupyterLab readers) and the parameters are not on the
    reader's page; the contents list comes after what the page shows first, and the notebook
    link says what it is."""
    from types import SimpleNamespace

    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from helpers.present import site

    lead = new_code_cell("zz", outputs=[new_output("display_data", {"text/html": "<h1>Z</h1>"})])
    nb = new_notebook(
        cells=[
            new_markdown_cell("# zz-fixture lab note", metadata={"tags": ["lab-only"]}),
            lead,
            new_markdown_cell("## First section"),
            new_markdown_cell("## Second section"),
        ]
    )
    job = SimpleNamespace(
        stem="report-zz-fixture",
        title="Z",
        notebook="report.ipynb",
        parameters=[("report_id", "zz-fixture")],
    )
    page = site.notebook_page(nb, job)
    visible = page.split("<details>", 1)[0]
    assert "zz-fixture lab note" not in page and "Parameters:" not in page
    assert "zz-fixture" not in re.sub(r"<[^>]+>", " ", visible)
    assert page.index("<h1>Z</h1>") < page.index('<nav class="toc"') < page.index("First section")
    assert '<a href="report-zz-fixture.html' not in page
    assert '<a href="report-zz-fixture.ipynb" download>Download the notebook (.ipynb)</a>' in page


def test_report_notebooks_show_their_heading_before_anything_else():
    """The report and timeline pages open with the heading view (title and findings), then the
    most telling chart, before any section."""
    for name, heading in (("report.ipynb", "report_heading"), ("timeline.ipynb", "series_heading")):
        cells = nbformat.read(paths.NOTEBOOKS / name, as_version=4).cells
        shown = [
            c
            for c in cells
            if "lab-only" not in c.metadata.get("tags", [])
            and (c.cell_type == "markdown" or "show(" in c.source or "views." in c.source)
            and "load_package" not in c.source
        ]
        assert f"views.{heading}(" in shown[0].source, name
        assert "show(" in shown[1].source and shown[2].source.startswith("## "), name


def test_the_crosscheck_page_opens_with_what_the_checks_found(pkg):
    """The cross-check page's first shown cell is its heading, whose lede counts what the checks
    found (the counts worked out from the results), before how to read them."""
    cells = nbformat.read(paths.NOTEBOOKS / "crosscheck.ipynb", as_version=4).cells
    shown = [
        c
        for c in cells
        if "lab-only" not in c.metadata.get("tags", [])
        and (c.cell_type == "markdown" or "views." in c.source)
        and "run_checks" not in c.source
    ]
    assert "views.crosscheck_heading(" in shown[0].source
    results = views.checks.run_checks(pkg)
    counts = views.checks.status_counts(results)
    text = views.crosscheck_heading(pkg, results).text
    lede = text.split("\n", 1)[1]
    assert lede.startswith(f"Of {len(results):,} checks run over {len(pkg.reports):,} reports, ")
    assert f"{counts['fail']} do" in lede and f"{counts['pass']} check" in lede


def test_the_cross_check_lists_the_results_of_every_status():
    """The page titled "every check and its result" shows a section for each status a result can
    have (views.STATUS_CAPTION), the results that cannot be checked among them, and the committed
    page lists each of those results."""
    source = nbformat.read(paths.NOTEBOOKS / "crosscheck.ipynb", as_version=4)
    called = "\n".join(cell.source for cell in source.cells if cell.cell_type == "code")
    for status in views.STATUS_CAPTION:
        assert f'views.findings(pkg, results, "{status}")' in called, status
    page = (paths.REPORTS / "crosscheck.html").read_text(encoding="utf-8")
    results = views.checks.run_checks(load.load_package())
    for result_id in results.loc[results["status"] == "unchecked", "result_id"]:
        assert f'data-result-id="{result_id}"' in page, result_id
