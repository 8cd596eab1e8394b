"""Tracing figures to their sources' words: raw files unchanged (sha256), every quote found in the
document that carries it, and every number in a raw document accounted for.

A raw document is read only once it is known to be a regular file inside data/raw/: never through a
symbolic link, never a folder, pipe or device, so that a planted link cannot make the build read (or
print a fingerprint of) anything else. Its text is read in the charset its media type declares."""

from __future__ import annotations

import bisect
import email.message
import functools
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import pandas as pd
import polars as pl

from helpers import paths
from helpers.data import frames, schema
from helpers.data.frames import Table
from helpers.data.text import find_whole, fold, html_text, is_html, number_tokens, runs_into
from helpers.errors import Problem

REGULAR = "a raw document is a regular file inside data/raw/: put the file itself there"


def sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as 64 hexadecimal digits (what documents.csv records)."""
    return hashlib.sha256(paths.read_regular(path)).hexdigest()


def raw_folder(root: Path | str | None = None) -> str:
    """data/raw, where the documents' record lives beside the files it describes."""
    return PurePosixPath(schema.resource("documents", root)["path"]).parent.as_posix()


class _Raw(NamedTuple):
    base: Path  # the data root
    folder: str  # data/raw
    real: Path  # data/raw with every link in its path followed


def _raw(root: Path | str | None = None) -> _Raw:
    base, folder = paths.data_root(root), raw_folder(root)
    return _Raw(base, folder, (base / folder).resolve())


def read_raw(
    rel: str, root: Path | str | None = None, raw: _Raw | None = None
) -> tuple[bytes | None, str | None]:
    """(the bytes of the raw file at rel, None), or (None, what is wrong with it). Nothing is opened
    before it is known to be a regular file (not a link) inside data/raw/; it is then opened without
    following a link and checked to be that same file."""
    raw = raw or _raw(root)
    path = raw.base / rel
    try:
        kind = paths.file_kind(path)
    except FileNotFoundError:
        return (
            None,
            f"the raw file {rel} does not exist; "
            "expected a file at that path (restore it, or correct the path)",
        )
    except OSError as exc:
        return (
            None,
            f"the raw file {rel} cannot be looked at ({exc.strerror}); "
            "expected a file at that path",
        )
    if kind == "a symbolic link":
        return None, f"{rel} is a symbolic link (to {os.readlink(path)}); {REGULAR}"
    inside = path.resolve()
    if inside.parent != raw.real:
        return (
            None,
            f"{rel} is not inside {raw.folder}/ "
            f"(it is {paths.relative(inside, raw.base)}); {REGULAR}",
        )
    try:
        return paths.read_regular(path), None
    except paths.NotAFile:
        return (
            None,
            f"{rel} is {kind}, not a file; {REGULAR}"
            if kind
            else f"{rel} was replaced while it was being read; {REGULAR}",
        )
    except OSError as exc:
        return None, f"the raw file {rel} cannot be read ({exc.strerror}); expected a readable file"


def decode(data: bytes, media_type: str, rel: str) -> tuple[str | None, str | None]:
    """(the text of a document in the charset its media type declares, utf-8 if none, None), (None,
    None) for a document that is not text, or (None, why it cannot be read)."""
    if not media_type.lower().startswith("text/"):
        return None, None
    declared = email.message.Message()
    declared["content-type"] = media_type
    charset = declared.get_content_charset("utf-8")
    try:
        return data.decode(charset), None
    except LookupError:
        return (
            None,
            f"{charset!r} is not a text charset Python knows; expected the file's charset by a "
            "known name (like utf-8, iso-8859-1 or windows-1256)",
        )
    except UnicodeDecodeError as exc:
        return None, (
            f"{rel} is not {charset} text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start:,}); declare the charset the file "
            "is written in (like text/plain; charset=iso-8859-1): raw files are never edited"
        )


def _documents(
    documents: Table, root: Path | str | None = None
) -> Iterator[tuple[dict, str | None, tuple[str, str] | None]]:
    """(row, its text or None if it is not text, its first problem as (column, message) or None) for
    every row of documents.csv, in order."""
    raw = _raw(root)
    for row in frames.as_polars(documents).iter_rows(named=True):
        data, wrong = read_raw(row["path"], raw=raw)
        if wrong:
            yield row, None, ("path", wrong)
        # the file's own hash is never shown: it fingerprints whatever it is
        elif hashlib.sha256(data).hexdigest() != row["sha256"]:
            yield (
                row,
                None,
                (
                    "sha256",
                    f"{row['path']} has changed: its content does not match the recorded sha256 "
                    f"{row['sha256']}. Raw files are never edited; restore it, "
                    "or add the new version as a new document",
                ),
            )
        else:
            text, wrong = decode(data, row["media_type"], row["path"])
            yield row, text, ("media_type", wrong) if wrong else None


def document_problems(documents: Table, root: Path | str | None = None) -> list[Problem]:
    """The problems with the raw files (empty when each is a regular file in data/raw/, byte for
    byte what its provenance record says and readable in the charset it declares, and every file in
    data/raw/ has its record)."""
    file = schema.resource("documents", root)["path"]
    out = [
        Problem(file, wrong[1], row=i + 2, column=wrong[0])
        for i, (_, _, wrong) in enumerate(_documents(documents, root))
        if wrong
    ]
    return out + unrecorded_problems(frames.as_polars(documents)["path"].to_list(), root)


def unrecorded_problems(recorded: list[str], root: Path | str | None = None) -> list[Problem]:
    """One problem per file or folder in data/raw/ with no row in documents.csv. Hidden files (a
    name starting with a dot, like .gitkeep) are the tools' and are left alone; documents.csv itself
    is the record."""
    folder, record = raw_folder(root), schema.resource("documents", root)["path"]
    known = {*recorded, record}
    entries = sorted(
        (e.name, e.is_dir(follow_symlinks=False))
        for e in os.scandir(paths.data_root(root) / folder)
        if not e.name.startswith(".")
    )
    return [
        Problem(
            f"{folder}/{name}",
            f"this folder has no row in {record}; {folder}/ holds raw files only, "
            "each with its row: move the folder out"
            if is_dir
            else f"this file has no row in {record}; add its provenance row or remove it",
        )
        for name, is_dir in entries
        if f"{folder}/{name}" not in known
    ]


def document_texts(documents: Table, root: Path | str | None = None) -> dict[str, str]:
    """document_id -> text with white space folded, for documents that are regular files in
    data/raw/, unchanged, text, and readable in their declared charset (document_problems names the
    others)."""
    return {
        row["document_id"]: fold(seen_text(text, row["media_type"], row["path"]))
        for row, text, _ in _documents(documents, root)
        if text is not None
    }


def seen_text(text: str, media_type: str | None, path: str = "") -> str:
    """A document's text as a reader sees it: an HTML page's words without its tags, scripts and
    entities (as the draft reads it, so a quote copied from the draft is found), any other text as
    it is. A page is HTML when its media type, its file name or its first tag says so
    (text.is_html)."""
    return html_text(text) if is_html(text, media_type, path) else text


def carrier_documents(figures: Table, reports: Table) -> pl.Series:
    """For each figure, the raw document its carrier is held as (or null), as a polars column named
    document_id."""
    figures, reports = frames.as_polars(figures), frames.as_polars(reports)
    return (
        figures["carried_by"]
        .replace_strict(
            reports["report_id"], reports["document_id"], default=None, return_dtype=pl.String
        )
        .alias("document_id")
    )


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str | None) -> frozenset[str]:
    """The numbers printed in a text (none for a missing one). A long table repeats the same quotes,
    values and period words many times: each is read once."""
    return frozenset(t for t, _, _ in number_tokens(text)) if isinstance(text, str) else frozenset()


_fold = functools.lru_cache(maxsize=1 << 16)(fold)


def _printed_in(written: str, folded_quote: str) -> bool:
    """Whether a value as written is a number printed in the (folded) quote: its numbers (digits,
    English number words) among the quote's, or else, for a number in French or Arabic words
    ("quatre-vingt-dix", "une centaine", "اثنان وعشرون"), one of the numbers the draft reads in
    the quote, whole: "ثلاثة" is not the number of "ثلاثة آلاف", nor "vingt" of "quatre-vingts"."""
    words = _fold(written)  # as the quote: "1\u200b069", copied from the page, is 1069
    tokens = _tokens(words)
    if tokens:
        # number words are the number only where no longer number takes them in: "three" is not
        # the number of "three thousand"
        in_words = not any(ch.isdigit() for ch in words)
        return tokens <= _tokens(folded_quote) and not (
            in_words and _only_inside_longer(words, folded_quote)
        )
    return bool(words) and words in _numbers_in_words(folded_quote)


def _only_inside_longer(words: str, folded_quote: str) -> bool:
    """Whether every place the words stand in the quote lies inside a longer number the draft
    reads there ("three" in "three thousand", "forty" in "forty-five"). Numbers written in several
    words only: one end of a range, the count of a ratio or of odds ("sixty" of "between sixty and
    seventy", "five" of "one in five") is a number of its own."""
    spans = [
        (number.start, number.end)
        for number in _numbers_read(folded_quote)
        if number.low is None and not number.ratio and not number.odds
    ]
    hits = find_whole(folded_quote, words)
    return bool(hits) and all(
        any(a <= at and at + len(words) <= b and b - a > len(words) for a, b in spans)
        for at in hits
    )


def _numbers_in_words(folded_quote: str) -> frozenset[str]:
    """Every number the draft reads in a quote, as written (folded)."""
    return frozenset(fold(number.written) for number in _numbers_read(folded_quote))


def _numbers_read(folded_quote: str) -> tuple:
    """Every number the draft reads in a quote, in English, French and Arabic (draft.Number): only
    asked of a quote whose value is written in words. The draft's reader is imported only then
    (about 0.1 s)."""
    from helpers.data import draft

    return tuple(n for found in draft.numbers_by_language(folded_quote).values() for n in found)


def not_found(
    texts: dict[str, str], doc: str, passage: str, what: str, fix: str = ""
) -> str | None:
    """Why a (folded) passage is not traced in a document, or None where it is: it is nowhere in
    it, or only where it would start or end inside a longer number or word ("4 civilians" in "1,114
    civilians")."""
    text = texts.get(doc, "")
    if find_whole(text, passage):
        return None
    at = text.find(passage) if passage else -1
    if at < 0:
        return f"{what} not found word for word in {doc}: {passage[:80]!r}{fix}"
    edge = runs_into(text, passage, at)
    return (
        f"{what} found in {doc} only inside a longer number or word "
        f"(…{text[max(0, edge - 12) : edge + 12]}…): {passage[:80]!r}; "
        f"a {what} starts and ends on whole words and numbers: copy the number or word in full"
    )


def _source_problems(
    doc: str, quote: str, written: str | None, period: str | None, texts: dict[str, str]
) -> list[tuple[str, str]]:
    """(message, column) for one held figure's quote, value_as_written and period_as_written."""
    folded = _fold(str(quote))
    missing = not_found(texts, doc, folded, "quote", "; copy it exactly from the raw file")
    if missing:
        return [(missing, "quote")]
    out = []
    if written is None or not _printed_in(written, folded):
        out.append(
            (
                f"value_as_written {(pd.NA if written is None else written)!r} "
                "is not a number printed in the quote",
                "value_as_written",
            )
        )
    if period is not None and not find_whole(folded, fold(str(period))):
        out.append((f"period_as_written {period!r} is not in the quote", "period_as_written"))
    return out


def figure_source_problems(
    figures: Table, reports: Table, texts: dict[str, str], root: Path | str | None = None
) -> list[Problem]:
    """The problems with the figures' sources (empty when each keeps the rule): a figure from a held
    document has a quote found in it, with the number (and period words) inside the quote; a figure
    from a page we do not hold has no copied sentence, and says when it was confirmed. Each
    distinct (document, quote, value as written, period as written) is traced once."""
    file = schema.resource("figures", root)["path"]
    figures = frames.as_polars(figures)
    docs = carrier_documents(figures, reports)
    held = docs.is_not_null()
    out = []
    carried = figures["carried_by"]
    # effective figures carry their row
    rows = (
        figures["row"].to_list() if "row" in figures.columns else list(range(2, figures.height + 2))
    )
    for k in (~held & figures["quote"].is_not_null()).arg_true().to_list():
        out.append(
            Problem(
                file,
                f"{carried[k]} is not held in data/raw/, so its sentences are not copied here: "
                "leave the quote empty and give a locator",
                row=rows[k],
                column="quote",
            )
        )
    for k in (~held & figures["confirmed_on"].is_null()).arg_true().to_list():
        out.append(
            Problem(
                file,
                f"{carried[k]} is not held in data/raw/: "
                "give the day the figure was confirmed in the page (YYYY-MM-DD)",
                row=rows[k],
                column="confirmed_on",
            )
        )
    at = held.arg_true()
    if not len(at):
        return out
    held_figures = figures[at].with_columns(doc=docs.gather(at))
    seen: dict = {}
    for k, doc, quote, written, period in zip(
        at.to_list(),
        *(
            held_figures[c].to_list()
            for c in ("doc", "quote", "value_as_written", "period_as_written")
        ),
        strict=True,
    ):
        if quote is None:
            out.append(
                Problem(
                    file,
                    f"a quote is required: the carrier {carried[k]} is held as raw document {doc}",
                    row=rows[k],
                    column="quote",
                )
            )
            continue
        key = (doc, quote, written, period)
        if key not in seen:
            seen[key] = _source_problems(doc, quote, written, period, texts)
        out += [Problem(file, message, row=rows[k], column=column) for message, column in seen[key]]
    return out


def exclusion_problems(
    not_figures: Table, texts: dict[str, str], root: Path | str | None = None
) -> list[Problem]:
    """The problems with the not-a-figure entries (empty when each keeps the rule): its context is
    found in its document, and its token is a number printed in that context."""
    file = schema.resource("not_figures", root)["path"]
    out = []
    for i, row in enumerate(frames.as_polars(not_figures).iter_rows(named=True)):
        context = fold(row["context"])
        missing = not_found(texts, row["document_id"], context, "context")
        if missing:
            out.append(Problem(file, missing, row=i + 2, column="context"))
        elif row["token"] not in _tokens(context):
            out.append(
                Problem(
                    file,
                    f"{row['token']!r} is not a number printed in the context",
                    row=i + 2,
                    column="token",
                )
            )
    return out


def number_coverage(
    figures: Table, reports: Table, not_figures: Table, texts: dict[str, str]
) -> pd.DataFrame:
    """Every number printed in every held document, and what accounts for it: the figures whose
    quote holds it (as the value or in the period's words) or the not-a-figure entry that explains
    it. A pandas frame, one row per number: document_id, token, offset, context, accounted_for_by
    (empty where nothing does)."""
    figures, not_figures = frames.as_polars(figures), frames.as_polars(not_figures)
    quoted = figures.with_columns(doc=carrier_documents(figures, reports)).filter(
        pl.col("doc").is_not_null() & pl.col("quote").is_not_null()
    )
    # document -> (passage, numbers it accounts for, by what): figures first, then exclusions
    marks: dict[str, list] = {}
    for doc, quote, written, period, fid in zip(
        *(
            quoted[c].to_list()
            for c in ("doc", "quote", "value_as_written", "period_as_written", "figure_id")
        ),
        strict=True,
    ):
        marks.setdefault(doc, []).append(
            (_fold(str(quote)), _tokens(written) | _tokens(period), str(fid))
        )
    excluded: dict[str, list] = {}
    for doc, context, token, reason in zip(
        *(not_figures[c].to_list() for c in ("document_id", "context", "token", "reason")),
        strict=True,
    ):
        excluded.setdefault(doc, []).append((fold(context), {token}, "not a figure: " + reason))
    rows: dict[str, list] = {
        "document_id": [],
        "token": [],
        "offset": [],
        "context": [],
        "accounted_for_by": [],
    }
    for doc, text in sorted(texts.items()):
        tokens = number_tokens(text)
        starts = [a for _, a, _ in tokens]
        covered: list[list[str]] = [[] for _ in tokens]
        # each in file order
        for passage, wanted, label in [*marks.get(doc, []), *excluded.get(doc, [])]:
            for start in find_whole(text, passage):
                end = start + len(passage)
                k = bisect.bisect_left(starts, start)
                while k < len(tokens) and tokens[k][1] < end:
                    tok, a, b = tokens[k]
                    if b <= end and tok in wanted and label not in covered[k]:
                        covered[k].append(label)
                    k += 1
        for (tok, a, b), by in zip(tokens, covered, strict=True):
            rows["document_id"].append(doc)
            rows["token"].append(tok)
            rows["offset"].append(a)
            rows["context"].append(text[max(0, a - 40) : b + 40])
            rows["accounted_for_by"].append("; ".join(by))
    return pd.DataFrame(rows, columns=list(rows))
