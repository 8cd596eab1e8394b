"""Loading the curated data: every table typed and validated against datapackage.json, references
resolved, sources verified. A failure raises DataError with one line per problem (file, row, column).

A Package holds each table twice over, each made when first asked for: pkg.frames[name] as polars (what
validation and the checks work on) and pkg.tables[name], or pkg.<name>, as pandas (what notebooks,
views and charts use). One is converted from the other, types exact (see frames.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import polars as pl

from helpers import paths
from helpers.data import frames as convert
from helpers.data import provenance, rowrules, schema, validate
from helpers.errors import DataError


class _Tables(Mapping):
    """One library's view of a package's tables, converted from the other's on first use."""

    def __init__(self, own: dict, other: dict, to):
        self._own, self._other, self._to = own, other, to

    def __getitem__(self, name):
        if name not in self._own:
            self._own[name] = self._to(self._other[name])
        return self._own[name]

    def __iter__(self):
        return iter(dict.fromkeys([*self._own, *self._other]))

    def __len__(self):
        return len(set(self._own) | set(self._other))


class Package:
    def __init__(
        self,
        root: Path,
        tables: dict[str, pd.DataFrame] | None = None,
        texts: dict[str, str] | None = None,
        frames: dict[str, pl.DataFrame] | None = None,
        traced=None,
    ):
        self.root, self.texts = root, texts if texts is not None else {}
        self._traced = traced
        pandas_, polars_ = dict(tables or {}), dict(frames or {})
        self.tables = _Tables(pandas_, polars_, convert.to_pandas)
        self.frames = _Tables(polars_, pandas_, convert.to_polars)

    def traced_clean(self) -> bool:
        """Did load_package find every quote of these very figures in these very texts (so the check
        Q-QUOTE need not trace them again)? False for a package built or changed any other way."""
        t = self.__dict__.get("_traced")
        return (
            t is not None
            and t[0] is self.frames["figures"]
            and t[1] is self.frames["reports"]
            and t[2] is self.texts
            and t[3] is provenance.figure_source_problems
        )

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(name)


def load_frame(name: str, root=None, on_text=None) -> pl.DataFrame:
    """One table as polars, typed and checked against its schema (not against other tables). on_text, if
    given, is called with the table's text cells once they are read, before they are typed."""
    text = validate.read_text_table(schema.table_path(name, root), name, root)
    if on_text is not None:
        on_text(text)
    return validate.typed_table(text, name, root)


def load_table(name: str, root=None) -> pd.DataFrame:
    """One table as pandas, typed and checked against its schema (not against other tables)."""
    return convert.to_pandas(load_frame(name, root))


def load_package(root=None) -> Package:
    """All tables, with foreign keys, row rules and source tracing checked. Collects problems from
    every table before raising, so one run shows everything to fix.

    Tracing quotes is Python's work: it starts as soon as the figures are read (the quotes, values and
    periods it reads are text either way, and every other table is typed and valid by then) and runs in a
    thread while polars types and checks the figures beside it. Its result is used only if the tables, keys
    and rows all pass: a quote cannot be traced in a file that is not what its record says."""
    root = paths.data_root(root)
    names = schema.resource_names(root)
    frames, failed = {}, {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        tracing = None

        def trace(
            text: pl.DataFrame,
        ) -> None:  # called with the figures' text cells, every other table loaded
            nonlocal tracing
            if not failed:
                tracing = pool.submit(_trace_sources, {**frames, "figures": text}, root)

        for name in [n for n in names if n != "figures"] + ["figures"]:  # the long table last
            try:
                frames[name] = load_frame(name, root, on_text=trace if name == "figures" else None)
            except DataError as exc:
                failed[name] = exc.problems
        problems = [
            p for name in names for p in failed.get(name, [])
        ]  # in the order of datapackage.json
        if problems:
            raise DataError(problems)
        problems += validate.check_foreign_keys(frames, root)
        problems += rowrules.figure_problems(frames["figures"], root)
        problems += rowrules.breakdown_problems(frames["figures"], frames["dimensions"], root)
        problems += rowrules.report_problems(frames["reports"], root)
        problems += rowrules.place_problems(frames["figures"], frames["reports"], root)
        problems += rowrules.publication_problems(
            frames["reports"], frames["figures"], frames["documents"], root
        )
        problems += rowrules.cycle_problems(frames, root)
        problems += provenance.document_problems(frames["documents"], root)
        if problems:  # the raw files and keys first
            raise DataError(problems)
        texts, source_problems, tracer = tracing.result()
    if source_problems:
        raise DataError(source_problems)
    traced = (frames["figures"], frames["reports"], texts, tracer)
    return Package(root=root, frames=frames, texts=texts, traced=traced)


def _trace_sources(frames: dict[str, pl.DataFrame], root):
    """The documents' texts, the problems of quotes and exclusions, and the function that traced quotes."""
    texts, tracer = (
        provenance.document_texts(frames["documents"], root),
        provenance.figure_source_problems,
    )
    return (
        texts,
        tracer(frames["figures"], frames["reports"], texts, root)
        + provenance.exclusion_problems(frames["not_figures"], texts, root),
        tracer,
    )
