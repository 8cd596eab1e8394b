"""Rules about the raw documents: every quote is found in the document that carries it, and every
number a document prints is accounted for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from helpers.checks.effective import report_names
from helpers.checks.findings import finding, runs
from helpers.checks.registry import rule
from helpers.data import provenance
from helpers.formatting import amount

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


def document_names(pkg: Package) -> dict[str, str]:
    """document id -> the report held as that raw document, as running text names it ("the VOP
    Today News article")."""
    reports = pkg.frames["reports"].filter(pl.col("document_id").is_not_null())
    names = report_names(pkg)
    return dict(zip(reports["document_id"], (names[r] for r in reports["report_id"]), strict=True))


# what a reader is told when a figure's words are not traced in its document, by the column at fault
UNTRACED = {
    "quote": "its quote is not found word for word in the document",
    "value_as_written": "the number as written, {written}, is not in its quote",
    "period_as_written": "the period as written, {period}, is not in its quote",
}


def _untraced(figure: dict[str, Any], column: str) -> str:
    """Why one figure's words are not traced, in words: where it is printed, and what is amiss."""
    shown = {
        "written": f"“{figure['value_as_written']}”"
        if figure["value_as_written"] is not None
        else amount(figure["value"], figure["value"]),
        "period": f"“{figure['period_as_written']}”",
    }
    wrong = UNTRACED.get(column, "its source is not traced").format(**shown)
    return f"{figure['carrier_name']}, {figure['locator']}: {wrong} (“{figure['quote']}”)"


@rule
def quote_in_source(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per held document, in order of document id: every quote of its figures found
    word for word in it. Returns finding() dicts."""
    # load_package traced these very figures already, and none failed
    clean = pkg.traced_clean()
    problems = (
        []
        if clean
        else provenance.figure_source_problems(
            figures.frame, pkg.frames["reports"], pkg.texts, pkg.root
        )
    )
    held = figures.frame.filter(pl.col("carrier_document").is_not_null()).sort(
        "carrier_document", maintain_order=True
    )
    documents, rows, ids = (held[c].to_list() for c in ("carrier_document", "row", "figure_id"))
    by_row = {figure["row"]: figure for figure in held.iter_rows(named=True)}
    names = document_names(pkg)
    out = []
    for start, stop in runs(documents):
        document, quotes, its_rows = documents[start], stop - start, set(rows[start:stop])
        bad = [problem for problem in problems if problem.row in its_rows]
        bad_rows = len({problem.row for problem in bad})
        named = names.get(document, "the document")
        out.append(
            finding(
                document,
                f"Every quote from {named} is found word for word in it",
                f"{quotes} of {quotes} found",
                f"{quotes - bad_rows} of {quotes} found",
                bad_rows,
                not bad,
                ids[start:stop],
                "; ".join(_untraced(by_row[problem.row], problem.column) for problem in bad)
                or f"All {quotes} quotes are found in {named}.",
            )
        )
    return out


@rule
def numbers_accounted_for(
    figures: FigureSet, pkg: Package, check: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One finding per held document, in order of document id: every number printed in it is a
    figure, a period, or excluded. Returns finding() dicts."""
    coverage = provenance.number_coverage(
        figures.frame, pkg.frames["reports"], pkg.frames["not_figures"], pkg.texts
    )
    names = document_names(pkg)
    out = []
    coverage = coverage.iloc[np.argsort(coverage["document_id"].to_numpy(dtype=str), kind="stable")]
    documents, tokens, contexts, accounted_by = (
        coverage[c].tolist() for c in ("document_id", "token", "context", "accounted_for_by")
    )
    for start, stop in runs(documents):
        document, numbers = documents[start], stop - start
        named = names.get(document, "the document")
        missing = [k for k in range(start, stop) if accounted_by[k] == ""]
        excluded = sum(1 for k in range(start, stop) if accounted_by[k].startswith("not a figure"))
        if missing:
            evidence = "Not accounted for: " + "; ".join(
                f"{tokens[k]} (“…{contexts[k]}…”)" for k in missing
            )
        else:
            evidence = (
                f"{numbers} numbers: {numbers - excluded} in figures or their periods, "
                f"{excluded} listed as not a figure."
            )
        out.append(
            finding(
                document,
                f"Every number printed in {named} is accounted for",
                f"{numbers} of {numbers} accounted for",
                f"{numbers - len(missing)} of {numbers} accounted for",
                len(missing),
                not missing,
                [],
                evidence,
            )
        )
    return out
