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

    def text_at(self, positions: Iterable[int]) -> str:
        """text() of the rows at these positions (in row order, each once): the same text as the
        flags of those rows give, without a pass over every row."""
        return "\n".join([self.header, *(self.rows[k] for k in sorted(set(positions)))])


def _positions_by(values: Iterable) -> dict:
    """{value: [the positions where it occurs, in order]}."""
    found: dict = {}
    for position, value in enumerate(values):
        found.setdefault(value, []).append(position)
    return found


class SharedInputs:
    """What report_inputs reads, made once for all reports: the effective figures, the check results
    and every table of the package as FrameLines, which rows belong to which report, which figures
    each finding concerns, and the text of everything every report page reads whole. Each report's
    text is then found by lookups, not by a pass over every table (which, once per report, grew
    with the square of the collection)."""

    def __init__(self, pkg):
        self.tables = {name: FrameLines(table) for name, table in pkg.tables.items()}
        self.figures = FrameLines(effective_figures(pkg))
        self.results = FrameLines(checks.run_checks(pkg))
        self.findings = checks.findings_index(pkg)
        reports, documents = self.tables["reports"], self.tables["documents"]
        self.report_rows = _positions_by(reports.column("report_id"))
        self.report_documents = reports.column("document_id")
        self.document_rows = _positions_by(documents.column("document_id"))
        self.figure_ids = self.figures.column("figure_id")
        self.figure_rows: dict = {}
        for column in ("report_id", "carried_by"):
            for report_id, rows in _positions_by(self.figures.column(column)).items():
                self.figure_rows.setdefault(report_id, set()).update(rows)
        whole = [
            self.tables[name].text()
            for name in sorted(self.tables)
            if name not in PER_REPORT_TABLES
        ]
        # the datapackage, and the maps' outline, the one file a page reads that is not a table
        whole.append(buildstate.digest_file(pkg.root / "datapackage.json"))
        whole.append(buildstate.digest_file(geography.reference_path(geography.OUTLINE, pkg.root)))
        self.whole = "\n".join(whole)


def report_inputs(shared: SharedInputs, report_id: str) -> str:
    """Everything notebooks/report.ipynb reads for one report, as text (hashed by the caller): its
    registry row, its raw document, the figures it gives or carries, the findings that involve
    them, and every other table whole."""
    mine_reports = shared.report_rows.get(report_id, [])
    document_ids = {shared.report_documents[k] for k in mine_reports}
    mine_figures = sorted(shared.figure_rows.get(report_id, ()))
    found = shared.findings.positions([shared.figure_ids[k] for k in mine_figures], report_id)
    parts = [
        shared.tables["reports"].text_at(mine_reports),
        shared.tables["documents"].text_at(
            k for d in document_ids for k in shared.document_rows.get(d, [])
        ),
        shared.figures.text_at(mine_figures),
        shared.results.text_at(found),
        shared.whole,
    ]
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
