"""The data each notebook run reads, as a content hash, for incremental rebuilds.

A report page shows its registry row, its raw document, the figures it gives or carries (with what
they inherit from their reports and metrics), the governorate names its charts use (and the
centroids and outline its maps use), and the check
findings that involve it, which rest on other reports' figures too. Its key hashes exactly those,
computed by the same helpers the notebook calls, so editing one report's rows reruns that page, the
pages whose findings change with it, and the collection-wide pages; nothing else. Any other notebook
(overview, cross-check, timeline, or one this module does not know) is keyed on every data file:
when unsure, rerun."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.build import buildstate
from helpers.checks import crosscheck as checks
from helpers.checks.effective import effective_figures
from helpers.data import geography

# The tables read per report (its rows only); every other table (names, labels, units, dimensions,
# the checks) may shape any report page, and is hashed whole: when unsure, rerun.
PER_REPORT_TABLES = ("figures", "reports", "documents")
REPORT_NOTEBOOK = (paths.NOTEBOOKS / "report.ipynb").resolve()


class FrameLines:
    """A frame as text, one line per row, made once: the text of any selection of its rows is then
    a join, not a new selection and conversion (a collection of 200 reports selects 200 times)."""

    def __init__(self, df: pd.DataFrame):
        self.frame = df
        text = df.astype("string").fillna("<NA>")
        self.header = "\x1f".join(map(str, df.columns))
        self.rows = ["\x1f".join(row) for row in text.itertuples(index=False, name=None)]

    def column(self, name: str) -> list:
        return self.frame[name].tolist()

    def text(self, selected: Iterable[bool] | None = None) -> str:
        """The text of the rows where selected is true (one flag per row), or of every row."""
        rows = (
            self.rows
            if selected is None
            else [row for row, keep in zip(self.rows, selected, strict=True) if keep]
        )
        return "\n".join([self.header, *rows])


class SharedInputs:
    """What report_inputs reads, made once for all reports: the effective figures, the check results
    and every table of the package as FrameLines, and which figures each finding concerns."""

    def __init__(self, pkg):
        self.tables = {name: FrameLines(table) for name, table in pkg.tables.items()}
        self.figures = FrameLines(effective_figures(pkg))
        self.results = FrameLines(checks.run_checks(pkg))
        self.findings = checks.findings_index(pkg)
        self.datapackage = buildstate.digest_file(pkg.root / "datapackage.json")
        # the maps' outline, the one file a page reads that is not a table
        self.outline = buildstate.digest_file(geography.reference_path(geography.OUTLINE, pkg.root))


def report_inputs(shared: SharedInputs, report_id: str) -> str:
    """Everything notebooks/report.ipynb reads for one report, as text (hashed by the caller): its
    registry row, its raw document, the figures it gives or carries, the findings that involve
    them, and every other table whole."""
    reports, documents = shared.tables["reports"], shared.tables["documents"]
    mine_reports = [rid == report_id for rid in reports.column("report_id")]
    document_ids = {
        d for d, keep in zip(reports.column("document_id"), mine_reports, strict=True) if keep
    }
    mine_figures = [
        given == report_id or carried == report_id
        for given, carried in zip(
            shared.figures.column("report_id"), shared.figures.column("carried_by"), strict=True
        )
    ]
    figure_ids = [
        f for f, keep in zip(shared.figures.column("figure_id"), mine_figures, strict=True) if keep
    ]
    found = shared.findings.mask(figure_ids, report_id)
    parts = [
        reports.text(mine_reports),
        documents.text([d in document_ids for d in documents.column("document_id")]),
        shared.figures.text(mine_figures),
        shared.results.text(found),
    ]
    parts += [
        shared.tables[name].text()
        for name in sorted(shared.tables)
        if name not in PER_REPORT_TABLES
    ]
    parts.append(shared.datapackage)
    parts.append(shared.outline)
    return "\n".join(parts)


def data_keys(pkg, jobs) -> dict[str, str]:
    """{stem: hash of the data that job reads}."""
    everything = buildstate.data_digest(pkg.root)
    keys = {}
    shared = None
    for job in jobs:
        params = dict(job.parameters)
        if _notebook_path(job.notebook) == REPORT_NOTEBOOK and set(params) == {"report_id"}:
            shared = shared or SharedInputs(pkg)
            keys[job.stem] = buildstate.digest_text(report_inputs(shared, params["report_id"]))
        else:
            keys[job.stem] = everything
    return keys


def _notebook_path(notebook: str) -> Path:
    return (paths.NOTEBOOKS / notebook).resolve()
