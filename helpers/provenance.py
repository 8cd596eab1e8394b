"""Tracing figures to their sources' words: raw files unchanged (sha256), every quote found in the
document that carries it, and every number in a raw document accounted for."""
from __future__ import annotations

import hashlib

import pandas as pd

from . import paths, schema
from .errors import Problem
from .text import find_all, fold, number_tokens


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_problems(documents: pd.DataFrame, root=None) -> list[Problem]:
    """Raw files exist and are byte-for-byte what their provenance record says."""
    file = schema.resource("documents", root)["path"]
    out = []
    for i, row in documents.iterrows():
        path = paths.data_root(root) / row["path"]
        if not path.is_file():
            out.append(Problem(file, f"the raw file {row['path']} does not exist; expected a file at that path (restore it, or correct the path)", row=int(i) + 2, column="path"))
        elif sha256(path) != row["sha256"]:
            out.append(Problem(file, f"{row['path']} has changed: its sha256 is {sha256(path)}, the record says {row['sha256']}. Raw files are never edited; restore it, or add the new version as a new document", row=int(i) + 2, column="sha256"))
    return out


def document_texts(documents: pd.DataFrame, root=None) -> dict[str, str]:
    """document_id -> text with white space folded, for documents that exist and are text."""
    out = {}
    for _, row in documents.iterrows():
        path = paths.data_root(root) / row["path"]
        if path.is_file() and str(row["media_type"]).startswith("text/"):
            out[row["document_id"]] = fold(path.read_text(encoding="utf-8"))
    return out


def carrier_documents(figures: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """For each figure, the raw document its carrier is held as (or <NA>)."""
    return figures["carried_by"].map(reports.set_index("report_id")["document_id"])


def _tokens(text) -> list[str]:
    return [t for t, _, _ in number_tokens(text)] if isinstance(text, str) else []


def figure_source_problems(figures: pd.DataFrame, reports: pd.DataFrame, texts: dict[str, str], root=None) -> list[Problem]:
    """A figure from a held document has a quote found in it, with the number (and period words) inside
    the quote; a figure from a page we do not hold has no copied sentence, and says when it was confirmed."""
    file = schema.resource("figures", root)["path"]
    docs = carrier_documents(figures, reports)
    out = []
    held = docs.notna()
    for i in figures.index[~held & figures["quote"].notna()]:
        out.append(Problem(file, f"{figures.at[i, 'carried_by']} is not held in data/raw/, so its sentences are not copied here: leave the quote empty and give a locator", row=int(i) + 2, column="quote"))
    for i in figures.index[~held & figures["confirmed_on"].isna()]:
        out.append(Problem(file, f"{figures.at[i, 'carried_by']} is not held in data/raw/: give the day the figure was confirmed in the page (YYYY-MM-DD)", row=int(i) + 2, column="confirmed_on"))
    for i in figures.index[held]:
        quote, doc = figures.at[i, "quote"], docs.at[i]
        if pd.isna(quote):
            out.append(Problem(file, f"a quote is required: the carrier {figures.at[i, 'carried_by']} is held as raw document {doc}", row=int(i) + 2, column="quote"))
            continue
        folded = fold(str(quote))
        if doc not in texts or folded not in texts[doc]:
            out.append(Problem(file, f"quote not found word for word in {doc}: {folded[:80]!r}; copy it exactly from the raw file", row=int(i) + 2, column="quote"))
            continue
        written = figures.at[i, "value_as_written"]
        if pd.isna(written) or not set(_tokens(written)) or not set(_tokens(written)) <= set(_tokens(folded)):
            out.append(Problem(file, f"value_as_written {written!r} is not a number printed in the quote", row=int(i) + 2, column="value_as_written"))
        period = figures.at[i, "period_as_written"]
        if pd.notna(period) and fold(str(period)) not in folded:
            out.append(Problem(file, f"period_as_written {period!r} is not in the quote", row=int(i) + 2, column="period_as_written"))
    return out


def exclusion_problems(not_figures: pd.DataFrame, texts: dict[str, str], root=None) -> list[Problem]:
    file = schema.resource("not_figures", root)["path"]
    out = []
    for i, row in not_figures.iterrows():
        context = fold(row["context"])
        if context not in texts.get(row["document_id"], ""):
            out.append(Problem(file, f"context not found word for word in {row['document_id']}: {context[:80]!r}", row=int(i) + 2, column="context"))
        elif row["token"] not in _tokens(context):
            out.append(Problem(file, f"{row['token']!r} is not a number printed in the context", row=int(i) + 2, column="token"))
    return out


def number_coverage(figures: pd.DataFrame, reports: pd.DataFrame, not_figures: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Every number printed in every held document, and what accounts for it: the figures whose quote
    holds it (as the value or in the period's words) or the not-a-figure entry that explains it."""
    docs = carrier_documents(figures, reports)
    rows = []
    for doc, text in sorted(texts.items()):
        tokens = number_tokens(text)
        covered: list[list[str]] = [[] for _ in tokens]

        def mark(passage: str, wanted: set[str], label: str) -> None:
            for start in find_all(text, passage):
                end = start + len(passage)
                for k, (tok, a, b) in enumerate(tokens):
                    if a >= start and b <= end and tok in wanted and label not in covered[k]:
                        covered[k].append(label)

        for i in figures.index[docs == doc]:
            quote = figures.at[i, "quote"]
            if pd.isna(quote):
                continue
            wanted = set(_tokens(figures.at[i, "value_as_written"])) | set(_tokens(figures.at[i, "period_as_written"]))
            mark(fold(str(quote)), wanted, str(figures.at[i, "figure_id"]))
        for _, row in not_figures[not_figures["document_id"] == doc].iterrows():
            mark(fold(row["context"]), {row["token"]}, "not a figure: " + row["reason"])
        for (tok, a, b), by in zip(tokens, covered):
            rows.append({"document_id": doc, "token": tok, "offset": a,
                         "context": text[max(0, a - 40): b + 40], "accounted_for_by": "; ".join(by)})
    return pd.DataFrame(rows, columns=["document_id", "token", "offset", "context", "accounted_for_by"])
