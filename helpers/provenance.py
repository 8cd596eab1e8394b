"""Tracing figures to their sources' words: raw files unchanged (sha256), every quote found in the
document that carries it, and every number in a raw document accounted for."""
from __future__ import annotations

import bisect
import functools
import hashlib

import pandas as pd
import polars as pl

from . import frames, paths, schema
from .errors import Problem
from .text import find_all, fold, number_tokens


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_problems(documents, root=None) -> list[Problem]:
    """Raw files exist and are byte-for-byte what their provenance record says."""
    file = schema.resource("documents", root)["path"]
    out = []
    for i, row in enumerate(frames.as_polars(documents).iter_rows(named=True)):
        path = paths.data_root(root) / row["path"]
        if not path.is_file():
            out.append(Problem(file, f"the raw file {row['path']} does not exist; expected a file at that path (restore it, or correct the path)", row=i + 2, column="path"))
        elif sha256(path) != row["sha256"]:
            out.append(Problem(file, f"{row['path']} has changed: its sha256 is {sha256(path)}, the record says {row['sha256']}. Raw files are never edited; restore it, or add the new version as a new document", row=i + 2, column="sha256"))
    return out


def document_texts(documents, root=None) -> dict[str, str]:
    """document_id -> text with white space folded, for documents that exist and are text."""
    out = {}
    for row in frames.as_polars(documents).iter_rows(named=True):
        path = paths.data_root(root) / row["path"]
        if path.is_file() and str(row["media_type"]).startswith("text/"):
            out[row["document_id"]] = fold(path.read_text(encoding="utf-8"))
    return out


def carrier_documents(figures, reports) -> pl.Series:
    """For each figure, the raw document its carrier is held as (or null)."""
    f, r = frames.as_polars(figures), frames.as_polars(reports)
    return f["carried_by"].replace_strict(r["report_id"], r["document_id"], default=None, return_dtype=pl.String).alias("document_id")


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text) -> frozenset[str]:
    """The numbers printed in a text (none for a missing one). A long table repeats the same quotes,
    values and period words many times: each is read once."""
    return frozenset(t for t, _, _ in number_tokens(text)) if isinstance(text, str) else frozenset()


_fold = functools.lru_cache(maxsize=1 << 16)(fold)


def _source_problems(doc, quote, written, period, texts) -> list[tuple[str, str]]:
    """(message, column) for one held figure's quote, value_as_written and period_as_written."""
    folded = _fold(str(quote))
    if doc not in texts or folded not in texts[doc]:
        return [(f"quote not found word for word in {doc}: {folded[:80]!r}; copy it exactly from the raw file", "quote")]
    out = []
    if written is None or not _tokens(written) or not _tokens(written) <= _tokens(folded):
        out.append((f"value_as_written {(pd.NA if written is None else written)!r} is not a number printed in the quote", "value_as_written"))
    if period is not None and fold(str(period)) not in folded:
        out.append((f"period_as_written {period!r} is not in the quote", "period_as_written"))
    return out


def figure_source_problems(figures, reports, texts: dict[str, str], root=None) -> list[Problem]:
    """A figure from a held document has a quote found in it, with the number (and period words) inside
    the quote; a figure from a page we do not hold has no copied sentence, and says when it was confirmed.
    Each distinct (document, quote, value as written, period as written) is traced once."""
    file = schema.resource("figures", root)["path"]
    f = frames.as_polars(figures)
    docs = carrier_documents(f, reports)
    held = docs.is_not_null()
    out = []
    carried = f["carried_by"]
    rows = f["row"].to_list() if "row" in f.columns else list(range(2, f.height + 2))  # effective figures carry their row
    for k in (~held & f["quote"].is_not_null()).arg_true().to_list():
        out.append(Problem(file, f"{carried[k]} is not held in data/raw/, so its sentences are not copied here: leave the quote empty and give a locator", row=rows[k], column="quote"))
    for k in (~held & f["confirmed_on"].is_null()).arg_true().to_list():
        out.append(Problem(file, f"{carried[k]} is not held in data/raw/: give the day the figure was confirmed in the page (YYYY-MM-DD)", row=rows[k], column="confirmed_on"))
    at = held.arg_true()
    if not len(at):
        return out
    h = f[at].with_columns(doc=docs.gather(at))
    seen: dict = {}
    for k, doc, quote, written, period in zip(at.to_list(), *(h[c].to_list() for c in ("doc", "quote", "value_as_written", "period_as_written"))):
        if quote is None:
            out.append(Problem(file, f"a quote is required: the carrier {carried[k]} is held as raw document {doc}", row=rows[k], column="quote"))
            continue
        key = (doc, quote, written, period)
        if key not in seen:
            seen[key] = _source_problems(doc, quote, written, period, texts)
        out += [Problem(file, message, row=rows[k], column=column) for message, column in seen[key]]
    return out


def exclusion_problems(not_figures, texts: dict[str, str], root=None) -> list[Problem]:
    file = schema.resource("not_figures", root)["path"]
    out = []
    for i, row in enumerate(frames.as_polars(not_figures).iter_rows(named=True)):
        context = fold(row["context"])
        if context not in texts.get(row["document_id"], ""):
            out.append(Problem(file, f"context not found word for word in {row['document_id']}: {context[:80]!r}", row=i + 2, column="context"))
        elif row["token"] not in _tokens(context):
            out.append(Problem(file, f"{row['token']!r} is not a number printed in the context", row=i + 2, column="token"))
    return out


def number_coverage(figures, reports, not_figures, texts: dict[str, str]) -> pd.DataFrame:
    """Every number printed in every held document, and what accounts for it: the figures whose quote
    holds it (as the value or in the period's words) or the not-a-figure entry that explains it."""
    f, nf = frames.as_polars(figures), frames.as_polars(not_figures)
    q = f.with_columns(doc=carrier_documents(f, reports)).filter(pl.col("doc").is_not_null() & pl.col("quote").is_not_null())
    marks: dict[str, list] = {}  # document -> (passage, numbers it accounts for, by what): figures first, then exclusions
    for doc, quote, written, period, fid in zip(*(q[c].to_list() for c in ("doc", "quote", "value_as_written", "period_as_written", "figure_id"))):
        marks.setdefault(doc, []).append((_fold(str(quote)), _tokens(written) | _tokens(period), str(fid)))
    excluded: dict[str, list] = {}
    for doc, context, token, reason in zip(*(nf[c].to_list() for c in ("document_id", "context", "token", "reason"))):
        excluded.setdefault(doc, []).append((fold(context), {token}, "not a figure: " + reason))
    rows: dict[str, list] = {"document_id": [], "token": [], "offset": [], "context": [], "accounted_for_by": []}
    for doc, text in sorted(texts.items()):
        tokens = number_tokens(text)
        starts = [a for _, a, _ in tokens]
        covered: list[list[str]] = [[] for _ in tokens]
        for passage, wanted, label in [*marks.get(doc, []), *excluded.get(doc, [])]:  # each in file order
            for start in find_all(text, passage):
                end = start + len(passage)
                k = bisect.bisect_left(starts, start)
                while k < len(tokens) and tokens[k][1] < end:
                    tok, a, b = tokens[k]
                    if b <= end and tok in wanted and label not in covered[k]:
                        covered[k].append(label)
                    k += 1
        for (tok, a, b), by in zip(tokens, covered):
            rows["document_id"].append(doc)
            rows["token"].append(tok)
            rows["offset"].append(a)
            rows["context"].append(text[max(0, a - 40): b + 40])
            rows["accounted_for_by"].append("; ".join(by))
    return pd.DataFrame(rows, columns=list(rows))
