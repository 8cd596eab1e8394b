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


def _frame_text(df: pd.DataFrame) -> str:
    return df.astype("string").fillna("<NA>").to_csv(index=False, lineterminator="\n")


def report_inputs(pkg, fx: pd.DataFrame, results: pd.DataFrame, report_id: str) -> str:
    """Everything notebooks/report.ipynb reads for one report, as text (hashed by the caller)."""
    reports = pkg.reports[pkg.reports["report_id"] == report_id]
    docs = pkg.documents[pkg.documents["document_id"].isin(reports["document_id"].dropna())]
    mine = fx[(fx["report_id"] == report_id) | (fx["carried_by"] == report_id)]
    found = checks.involving(results, mine["figure_id"], report_id)
    parts = [_frame_text(reports), _frame_text(docs), _frame_text(mine), _frame_text(found)]
    parts += [
        _frame_text(pkg.tables[name])
        for name in sorted(pkg.tables)
        if name not in PER_REPORT_TABLES
    ]
    parts.append(buildstate.digest_file(pkg.root / "datapackage.json"))
    # the maps' outline, the one file a page reads that is not a table
    parts.append(buildstate.digest_file(geography.reference_path(geography.OUTLINE, pkg.root)))
    return "\n".join(parts)


def data_keys(pkg, jobs) -> dict[str, str]:
    """{stem: hash of the data that job reads}."""
    everything = buildstate.data_digest(pkg.root)
    keys = {}
    fx = results = None
    for job in jobs:
        params = dict(job.parameters)
        if _notebook_path(job.notebook) == REPORT_NOTEBOOK and set(params) == {"report_id"}:
            if fx is None:
                fx, results = effective_figures(pkg), checks.run_checks(pkg)
            keys[job.stem] = buildstate.digest_text(
                report_inputs(pkg, fx, results, params["report_id"])
            )
        else:
            keys[job.stem] = everything
    return keys


def _notebook_path(notebook: str) -> Path:
    return (paths.NOTEBOOKS / notebook).resolve()
