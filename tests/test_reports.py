"""The generated reports: complete, executed (nbval silently skips unexecuted cells), charts saved
with their data, and a failing run that keeps the last good output."""

from __future__ import annotations

import re

import nbformat
import pytest

from helpers import paths
from helpers.build import runner
from helpers.data import load


@pytest.fixture(scope="module")
def jobs():
    return runner.plan(load.load_package())


def test_every_planned_report_is_committed(jobs):
    for job in jobs:
        assert (paths.REPORTS / f"{job.stem}.ipynb").is_file(), f"{job.stem}: run `make reports`"
        assert (paths.REPORTS / f"{job.stem}.html").is_file()
    stems = {j.stem for j in jobs}
    stale = {p.stem for p in paths.REPORTS.glob("*.ipynb")} - stems
    assert not stale, f"reports with no parameter set any more: {stale}"


def test_one_report_page_per_registry_row(jobs, pkg):
    assert {dict(j.parameters)["report_id"] for j in jobs if j.notebook == "report.ipynb"} == set(
        pkg.reports["report_id"]
    )


def test_every_reference_cell_was_executed_and_none_failed():
    for path in sorted(paths.REPORTS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts and None not in counts, (
            f"{path.name}: a code cell was never executed; nbval would skip it"
        )
        assert counts == list(range(1, len(counts) + 1)), path.name
        for c in nb.cells:
            for o in c.get("outputs", []):
                assert o["output_type"] != "error", f"{path.name}: {o.get('ename')}"
                assert o["output_type"] != "stream" or o["name"] != "stderr", (
                    f"{path.name}: stderr {o.get('text', '')[:200]}"
                )


def test_no_volatile_metadata_in_references():
    for path in sorted(paths.REPORTS.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert '"papermill"' not in text and "start_time" not in text, path.name
        assert not re.search(r"at 0x[0-9a-f]{6,}", text), path.name
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), path.name


def test_each_chart_has_svg_png_and_csv_with_fixed_svg_metadata():
    nbs = [nbformat.read(p, as_version=4) for p in sorted(paths.REPORTS.glob("*.ipynb"))]
    names = [name for nb in nbs for name, *_ in runner.chart_outputs(nb)]
    assert len(names) >= 8 and len(names) == len(set(names))
    for name in names:
        for ext in ("svg", "png", "csv"):
            assert (paths.FIGURES / f"{name}.{ext}").is_file(), f"{name}.{ext}"
        svg = (paths.FIGURES / f"{name}.svg").read_text(encoding="utf-8")
        assert "<dc:date>" not in svg
        assert (
            "Source: " in svg or "Source" in (paths.FIGURES / f"{name}.svg").read_text()
        )  # credit line drawn as text paths


def test_index_links_every_page(jobs):
    index = (paths.REPORTS / "index.html").read_text(encoding="utf-8")
    for job in jobs:
        assert f'href="{job.stem}.html"' in index
        assert f'href="{job.stem}.ipynb" download>Download the notebook (.ipynb)</a>' in index


def test_index_leads_with_the_findings():
    index = (paths.REPORTS / "index.html").read_text(encoding="utf-8")
    findings = index.find('<section id="findings">')
    assert 0 <= findings < index.find('<li class="finding') < index.find('<table class="reports">')


def test_committed_reports_are_current():
    """The committed reports were built from exactly the data, notebooks, helpers and pins in this
    tree (content hashes in reports/.build-state.json): a change that was not followed by `make
    reports` fails here, and a fresh clone's `make reports` has nothing to do."""
    from helpers.build import buildstate

    stems = buildstate.nothing_changed(paths.REPORTS)
    assert stems is not None, (
        "inputs changed since reports/ was built: run `make reports` and commit reports/"
    )
    assert set(stems) == {job.stem for job in runner.plan(load.load_package())}


def test_every_chart_on_a_page_has_its_description_as_alt_text():
    """nbconvert would say "No description has been provided for this image"; a reader with a screen
    reader gets the chart's title, subtitle, source and the file with its data instead."""
    import html

    nbs = {p.stem: nbformat.read(p, as_version=4) for p in sorted(paths.REPORTS.glob("*.ipynb"))}
    checked = 0
    for stem, nb in nbs.items():
        page = (paths.REPORTS / f"{stem}.html").read_text(encoding="utf-8")
        assert "No description has been provided" not in page, stem
        # in double quotes, or in single quotes when the text holds a double quote
        alts = [
            html.unescape(double or single)
            for double, single in re.findall(r"""<img [^>]*alt=(?:"([^"]*)"|'([^']*)')""", page)
        ]
        charts = [
            o["metadata"]["civcas"]
            for c in nb.cells
            for o in c.get("outputs", [])
            if o.get("metadata", {}).get("civcas")
        ]
        assert alts == [c["alt"] for c in charts], stem
        for c in charts:
            assert (
                c["alt"].endswith(f"Data: figures/{c['chart']}.csv.")
                and "Source: " in c["alt"]
                and "\n" not in c["alt"]
            )
            checked += 1
    assert checked >= 8
