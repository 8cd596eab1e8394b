"""Rules about the raw documents: every quote is found in the document that carries it, and every
number a document prints is accounted for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from helpers.checks.findings import finding, runs
from helpers.checks.registry import rule
from helpers.data import provenance

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package


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
    out = []
    for start, stop in runs(documents):
        document, quotes, its_rows = documents[start], stop - start, set(rows[start:stop])
        bad = [problem for problem in problems if problem.row in its_rows]
        bad_rows = len({problem.row for problem in bad})
        out.append(
            finding(
                document,
                f"Quotes from {document} are found word for word in it",
                f"{quotes} of {quotes} found",
                f"{quotes - bad_rows} of {quotes} found",
                bad_rows,
                not bad,
                ids[start:stop],
                "; ".join(str(problem) for problem in bad)
                or f"All {quotes} quotes found in {document}.",
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
    out = []
    coverage = coverage.iloc[np.argsort(coverage["document_id"].to_numpy(dtype=str), kind="stable")]
    documents, tokens, contexts, accounted_by = (
        coverage[c].tolist() for c in ("document_id", "token", "context", "accounted_for_by")
    )
    for start, stop in runs(documents):
        document, numbers = documents[start], stop - start
        missing = [k for k in range(start, stop) if accounted_by[k] == ""]
        excluded = sum(1 for k in range(start, stop) if accounted_by[k].startswith("not a figure"))
        if missing:
            evidence = "Not accounted for: " + "; ".join(
                f"{tokens[k]} (…{contexts[k]}…)" for k in missing
            )
        else:
            evidence = (
                f"{numbers} numbers: {numbers - excluded} in figures or their periods, "
                f"{excluded} listed as not a figure."
            )
        out.append(
            finding(
                document,
                f"Every number printed in {document} is accounted for",
                f"{numbers} of {numbers}",
                f"{numbers - len(missing)} of {numbers}",
                len(missing),
                not missing,
                [],
                evidence,
            )
        )
    return out
