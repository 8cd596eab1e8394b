"""Recall of the drafting helper (helpers/data/draft.py) on the documents we hold. Not a test: it
prints figures, it asserts nothing.

    .venv/bin/python benchmarks/draft_recall.py

For every raw document in data/raw/documents.csv the curated truth is every figures.csv row it
carries (carried_by names a report whose document_id is that document) and every not_figures.csv
token of that document. Each is matched to at most one draft row (one of the same sentence first):
value recall is the share whose number the draft lists (a figure's value, or its low and high; a
token's value); full recall also asks a figure's qualifier and metric to be the curated ones; the
period count is how many figures found by value have the curated period words (period_as_written,
both empty included)."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository's helpers
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import paths
from helpers.data import draft, schema
from helpers.data.text import WORDS, fold


def table(name: str, root: Path | str | None = None) -> list[dict[str, str]]:
    """The rows of a table of datapackage.json, as text."""
    text = schema.table_path(name, root).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def number(text: str, lang: str) -> Decimal | None:
    """The value of a number as curated (digits, separators, a number word), or None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        return draft.parse_number(text, lang)[0]
    except ValueError:
        return Decimal(WORDS[text.lower()]) if text.lower() in WORDS else None


def truth(root: Path | str | None = None) -> dict[str, list[dict]]:
    """document_id -> the curated numbers it carries: {kind: figure or not_figure, id, value, low,
    high, qualifier, metric, period (as written), passage}."""
    reports = {r["report_id"]: r["document_id"] for r in table("reports", root)}
    docs = {d["document_id"]: d for d in table("documents", root)}
    out: dict[str, list[dict]] = {doc: [] for doc in docs}
    for f in table("figures", root):
        doc = reports.get(f["carried_by"])
        if doc in out:
            out[doc].append(
                {
                    "kind": "figure",
                    "id": f["figure_id"],
                    "value": number(f["value"] or f["value_as_written"], "en")
                    if f["qualifier"] != "between"
                    else None,
                    "low": number(f["low"], "en"),
                    "high": number(f["high"], "en"),
                    "qualifier": f["qualifier"],
                    "metric": f["metric"],
                    "period": f["period_as_written"],
                    "passage": f["quote"],
                }
            )
    for n in table("not_figures", root):
        if n["document_id"] in out:
            out[n["document_id"]].append(
                {
                    "kind": "not_figure",
                    "id": f"{n['document_id']}:{n['token']}",
                    "token": n["token"],
                    "passage": n["context"],
                }
            )
    return out


def _overlap(a: str, b: str) -> bool:
    a, b = fold(a or ""), fold(b or "")
    return bool(a and b) and (a in b or b in a)


def _value(row: dict) -> tuple:
    return (number(row["value"], "en"), number(row["low"], "en"), number(row["high"], "en"))


def match(expected: list[dict], rows: list[dict], lang: str, full: bool) -> list[dict | None]:
    """For each expected number, the draft row it is matched to (None where none is left): rows
    are used once, one quoting the same sentence first."""
    used: set[int] = set()
    out: list[dict | None] = []
    for e in expected:
        if e["kind"] == "figure":
            want = (e["value"], e["low"], e["high"])
        else:
            want = (number(e["token"], lang), None, None)

        def fits(row: dict, e=e, want=want) -> bool:
            if _value(row) != want:
                return False
            return not (
                full
                and e["kind"] == "figure"
                and (row["qualifier"], row["metric"]) != (e["qualifier"], e["metric"])
            )

        candidates = [i for i, r in enumerate(rows) if i not in used and fits(r)]
        candidates.sort(key=lambda i: not _overlap(rows[i]["quote"], e["passage"]))
        if candidates:
            used.add(candidates[0])
            out.append(rows[candidates[0]])
        else:
            out.append(None)
    return out


def measure(root: Path | str | None = None) -> list[dict]:
    """One dict per held document: its id, the numbers the draft lists, the curated numbers
    (figures and not-figures), how many of them the draft lists with the right value, and (for
    figures) with the right qualifier and metric too, and the ids missed."""
    base = paths.data_root(root)
    docs = {d["document_id"]: d for d in table("documents", root)}
    results = []
    for doc, expected in truth(root).items():
        text = draft.read_document(base / docs[doc]["path"], root=base)
        lang = draft.document_language(text)  # to read the curated tokens
        # as the command drafts it: each paragraph read in its own language
        rows = draft.draft_rows(text, Path(docs[doc]["path"]).name)
        by_value = match(expected, rows, lang, full=False)
        by_all = match(expected, rows, lang, full=True)
        figures = [e for e in expected if e["kind"] == "figure"]
        results.append(
            {
                "document_id": doc,
                "drafted": len(rows),
                "expected": len(expected),
                "figures": len(figures),
                "not_figures": len(expected) - len(figures),
                "value_hits": sum(m is not None for m in by_value),
                "full_hits": sum(
                    m is not None for e, m in zip(expected, by_all, strict=True) if e in figures
                ),
                "period_hits": sum(
                    m is not None and fold(m["period_as_written"]) == fold(e["period"])
                    for e, m in zip(expected, by_value, strict=True)
                    if e in figures
                ),
                "dates_flagged": sum(
                    m is not None and "probably a date" in m["notes"]
                    for e, m in zip(expected, by_value, strict=True)
                    if e["kind"] == "not_figure"
                ),
                "missed": [e["id"] for e, m in zip(expected, by_value, strict=True) if m is None],
                "misread": [
                    e["id"]
                    for e, m in zip(expected, by_all, strict=True)
                    if e in figures and m is None
                ],
            }
        )
    return results


def main() -> int:
    results = measure()
    total = {k: sum(r[k] for r in results) for k in ("expected", "figures", "value_hits")}
    full = sum(r["full_hits"] for r in results)
    for r in results:
        print(
            f"{r['document_id']}: {r['drafted']} numbers drafted; "
            f"value recall {r['value_hits']}/{r['expected']} "
            f"({r['figures']} figures, {r['not_figures']} not-figures); "
            f"value+qualifier+metric recall {r['full_hits']}/{r['figures']} figures; "
            f"period words as curated {r['period_hits']}/{r['figures']} figures; "
            f"not-figures flagged as dates {r['dates_flagged']}/{r['not_figures']}"
        )
        for label in ("missed", "misread"):
            if r[label]:
                print(f"  {label}: {', '.join(r[label])}")
    if total["expected"]:
        print(
            f"all {len(results)} held document(s): value recall "
            f"{total['value_hits'] / total['expected']:.3f}, value+qualifier+metric recall "
            f"{full / max(total['figures'], 1):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
