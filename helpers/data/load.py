"""Loading the curated data: every table typed and validated against datapackage.json, references
resolved, sources verified. A failure raises DataError with one line per problem (file, row,
column).

A Package holds each table twice over, each made when first asked for: pkg.frames[name] as polars
(what validation and the checks work on) and pkg.tables[name], or pkg.<name>, as pandas (what
notebooks, views and charts use). One is converted from the other, types exact (see frames.py)."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl

from helpers import paths
from helpers.data import frames as convert
from helpers.data import geography, provenance, rowrules, schema, validate
from helpers.data.kept import Kept
from helpers.data.supplements import repointed, supplied
from helpers.errors import DataError


class _Tables(Mapping):
    """One library's view of a package's tables, converted from the other's on first use."""

    def __init__(self, own: dict, other: dict, to: Callable[[Any], Any]) -> None:
        self._own, self._other, self._to = own, other, to

    def __getitem__(self, name: str) -> Any:
        if name not in self._own:
            self._own[name] = self._to(self._other[name])
        return self._own[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._own, *self._other]))

    def __len__(self) -> int:
        return len(set(self._own) | set(self._other))


class _ReadOnly(Mapping):
    """A read-only copy of a mapping (unlike MappingProxyType, it can be pickled)."""

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, name: str) -> Any:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)


class Package:
    """The curated data: pkg.<name> (pandas) or pkg.frames[name] (polars) for each table of
    datapackage.json, pkg.texts the documents' texts by document_id, pkg.root the data folder.

    The tables and texts are read-only through this object (a Mapping each); a package with other
    tables or texts is a new Package, or one whose `texts` is set anew. quote_problems, when given,
    are the problems load_package found tracing every quote of exactly these figures in exactly
    these texts; setting `texts` forgets them, as they no longer describe the package."""

    def __init__(
        self,
        root: Path,
        tables: Mapping[str, pd.DataFrame] | None = None,
        texts: Mapping[str, str] | None = None,
        frames: Mapping[str, pl.DataFrame] | None = None,
        quote_problems: Sequence[Any] | None = None,
    ) -> None:
        self.root = root
        self._derived: dict[str, Any] = {}
        pandas_, polars_ = dict(tables or {}), dict(frames or {})
        self._tables = _Tables(pandas_, polars_, convert.to_pandas)
        self._frames = _Tables(polars_, pandas_, convert.to_polars)
        self.texts = texts if texts is not None else {}
        # set after texts: setting texts forgets what was traced in other texts
        self._quote_problems = tuple(quote_problems) if quote_problems is not None else None

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Every table as pandas, by resource name (converted from polars on first use)."""
        return self._tables

    @property
    def frames(self) -> Mapping[str, pl.DataFrame]:
        """Every table as polars, by resource name (converted from pandas on first use)."""
        return self._frames

    @property
    def texts(self) -> Mapping[str, str]:
        """The held documents' texts by document_id (read-only)."""
        return self._texts

    @texts.setter
    def texts(self, texts: Mapping[str, str]) -> None:
        self._texts = _ReadOnly(texts)
        self._quote_problems = None
        self._derived = {}

    def derived(self, name: str, compute: Callable[[Package], Any]) -> Any:
        """What compute(self) returns, worked out once for this package and kept with it (its
        tables cannot be replaced; setting `texts` forgets everything kept), so that helpers which
        read the same words for every page do not redo them, and keep no state of their own."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def traced_clean(self) -> bool:
        """True when load_package traced every quote of these very figures in these very texts and
        found no problem, so the check Q-QUOTE need not trace them again; False for a package built
        or changed any other way (its quotes have not been traced for what it now holds)."""
        return self._quote_problems == ()

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("_tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        """The attributes, and the table names, so that `pkg.<TAB>` offers pkg.figures, ..."""
        return sorted({*super().__dir__(), *self._tables})


def load_frame(
    name: str,
    root: Path | str | None = None,
    on_text: Callable[[pl.DataFrame], None] | None = None,
    supplements: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One table as polars, typed and checked against its schema (not against other tables).
    supplements, if given (supplements.csv, typed), fill the blanks they are for before the table is
    typed. on_text, if given, is called with the table's text cells once they are read and
    supplemented, before they are typed."""
    data = validate.table_bytes(schema.table_path(name, root), name, root)
    key = None
    if len(data) <= _TYPED_BYTES:
        mine = None if supplements is None else supplements.filter(pl.col("table") == name)
        key = (name, _resource_digest(name, root), hashlib.sha256(data).hexdigest())
        key += (_frame_digest(mine),)
    hit = None if key is None else _TYPED.get(key)
    if hit is not None:
        text, typed = hit
    else:
        text = validate.table_cells(data, name, root)
        if supplements is not None:
            text, problems = supplied(name, text, supplements, root)
            if problems:
                raise DataError(problems)
        typed = None
    if on_text is not None:
        on_text(text.clone())
    if typed is None:
        try:
            typed = validate.typed_table(text, name, root)
        except DataError as exc:
            keys = _keys({name: text}, root)
            raise DataError(repointed(exc.problems, keys, supplements, root)) from None
        if key is not None:
            _TYPED.put(key, (text, typed))
    # each package its own frame (the columns' memory shared): one changed in place changes no other
    return typed.clone()


# The tables this process has read, supplemented and typed, by what they were made from: (name,
# sha256 of its resource in the schema, sha256 of its bytes, digest of its rows of supplements) ->
# (its text cells, its typed frame). A copy of the data with one table edited (a test's, a
# reviewer's) reads and checks only that table again: typing and checking a table is pure, and
# its inputs are in the key. Only tables that passed are kept. (Loading one package took 0.17 s,
# two thirds of it reading and typing tables.)
_TYPED: Kept[tuple[pl.DataFrame, pl.DataFrame]] = Kept(64)
# a larger table (the benchmark's million rows) is not kept: its text cells would stay in memory
_TYPED_BYTES = 16 * 2**20


def _resource_digest(name: str, root: Path | str | None) -> str:
    """sha256 of the table's resource in datapackage.json as the typing reads it (schema.resource:
    its path, fields and constraints), not of the file's bytes: a table is keyed by the schema it
    was typed with, and an edit to another table's schema retypes only that one."""
    described = json.dumps(schema.resource(name, root), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def _frame_digest(frame: pl.DataFrame | None) -> str:
    """A digest of a frame's columns, types and values ("" for none)."""
    if frame is None:
        return ""
    return hashlib.sha256(
        repr(frame.schema).encode() + b"\0" + frame.write_csv().encode("utf-8", "surrogatepass")
    ).hexdigest()


def load_table(name: str, root: Path | str | None = None) -> pd.DataFrame:
    """One table as pandas, typed and checked against its schema (not against other tables)."""
    return convert.to_pandas(load_frame(name, root))


# The packages loaded in this process, by data folder and tracing: (digest of its files, Package).
# A notebook kernel that runs page after page loads the same files each time; it gets the package
# already loaded (a copy of it: setting texts on one never changes another) as long as not one
# byte of datapackage.json or of the data folder has changed.
_LOADED: Kept[tuple[str, Package]] = Kept(8)


def files_digest(root: Path) -> str:
    """sha256 of datapackage.json and of every regular file under the data folder (names and
    bytes): the same exactly when not one byte the package is read from has changed."""
    digest = hashlib.sha256()
    listed = [paths.datapackage(root)]
    data = Path(root) / "data"
    if data.is_dir() and not data.is_symlink():
        listed += sorted(p for p in data.rglob("*") if p.is_file() and not p.is_symlink())
    for path in listed:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            # never through a link, never blocking on a pipe or reading a device (/dev/zero)
            digest.update(paths.read_regular(path))
        except OSError:  # NotAFile too: the package's own check then names what stands there
            digest.update(b"\1unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def load_checked(root: Path | str | None = None) -> Package:
    """load_package(), with the reference files the pages draw from checked too (Syria's outline:
    geography.outline_rings), so that a broken one is a DataError naming it before anything runs,
    not a failure inside a page. What `validate` and the build read first."""
    from helpers.data import geography

    pkg = load_package(root)
    geography.outline_rings(pkg.root)
    return pkg


def load_package(root: Path | str | None = None, trace_quotes: bool = True) -> Package:
    """load_fresh(), or, when not one byte of the data has changed since this process last loaded
    it, a copy of the package it loaded then (with what it has worked out kept: Package.derived)."""
    root = paths.data_root(root)
    key = (str(root), trace_quotes)
    digest = files_digest(root)
    hit = _LOADED.get(key)
    if hit is not None and hit[0] == digest:
        return copy.copy(hit[1])
    pkg = load_fresh(root, trace_quotes)
    _LOADED.put(key, (digest, pkg))
    return copy.copy(pkg)


def load_fresh(root: Path | str | None = None, trace_quotes: bool = True) -> Package:
    """All tables, with foreign keys, row rules and source tracing checked, as a Package. Collects
    problems from every table before raising DataError, so one run shows everything to fix.

    Tracing quotes is Python's work: it starts as soon as the figures are read (the quotes, values
    and periods it reads are text either way, and every other table is typed and valid by then) and
    runs in a thread while polars types and checks the figures beside it. Its result is used only if
    the tables, keys and rows all pass: a quote cannot be traced in a file that is not what its
    record says. With trace_quotes=False the quotes are not traced (the exclusions still are): the
    package then says so (traced_clean() is False) and the check Q-QUOTE traces them itself."""
    root = paths.data_root(root)
    names = schema.resource_names(root)
    frames, failed = {}, {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        tracing = None

        written: dict[str, pl.DataFrame] = {}

        def trace(text: pl.DataFrame) -> None:
            """Called with the figures' text cells, every other table loaded."""
            nonlocal tracing
            written["figures"] = text
            if not failed:
                tables = {**frames, "figures": text}
                tracing = pool.submit(_trace_sources, tables, root, trace_quotes)

        # what supplements the other tables first, the long table last
        order = [n for n in names if n not in ("figures", "supplements")] + ["figures"]
        supplements = None
        if "supplements" in names:
            try:
                supplements = frames["supplements"] = load_frame("supplements", root)
            except DataError as exc:
                failed["supplements"] = exc.problems
        for name in order:
            try:
                frames[name] = load_frame(
                    name,
                    root,
                    on_text=trace if name == "figures" else None,
                    supplements=supplements,
                )
            except DataError as exc:
                failed[name] = exc.problems
        # in the order of datapackage.json
        problems = [p for name in names for p in failed.get(name, [])]
        if problems:
            raise DataError(problems)
        problems += validate.check_foreign_keys(frames, root)
        problems += geography.pcode_problems(
            frames["governorates"], frames[geography.CENTROIDS], root
        )
        problems += rowrules.figure_problems(frames["figures"], root)
        problems += rowrules.count_problems(
            frames["figures"], frames["metrics"], frames["units"], root, written.get("figures")
        )
        problems += rowrules.breakdown_problems(frames["figures"], frames["dimensions"], root)
        problems += rowrules.group_problems(
            frames["figures"], frames["dimensions"], frames["groups"], root
        )
        problems += rowrules.report_problems(frames["reports"], root, frames["figures"])
        problems += rowrules.balance_problems(frames["metrics"], root)
        problems += rowrules.hxl_problems(frames["metrics"], root)
        problems += rowrules.issuer_problems(
            frames["figures"], frames["reports"], frames["series"], root
        )
        problems += geography.country_problems(frames, root)
        problems += rowrules.place_problems(
            frames["figures"], frames["reports"], frames[geography.COUNTRIES], root
        )
        problems += rowrules.publication_problems(
            frames["reports"], frames["figures"], frames["documents"], root
        )
        cycles = rowrules.cycle_problems(frames, root)
        problems += cycles
        if not cycles:  # pages that carry each other in a ring: the ring is the one problem
            problems += rowrules.carrier_date_problems(
                frames["reports"],
                frames["carriers"],
                root,
                frames["figures"],
                frames.get("supplements"),
            )
        problems += provenance.document_problems(frames["documents"], root)
        if problems:  # the raw files and keys first
            # rules across cells: the supplied value is named, the row's own may be the wrong one
            keys = _keys(frames, root)
            raise DataError(repointed(problems, keys, supplements, root, move=False))
        texts, quote_problems, exclusion_problems = tracing.result()
    if quote_problems or exclusion_problems:
        raise DataError([*(quote_problems or []), *exclusion_problems])
    frames = {name: frames[name] for name in names}  # in the order of datapackage.json
    return Package(root=root, frames=frames, texts=texts, quote_problems=quote_problems)


def _keys(frames: dict[str, pl.DataFrame], root: Path | str | None) -> dict[str, list]:
    """Each loaded table's key column, its values in row order (supplements.repointed)."""
    keys = {}
    for name, frame in frames.items():
        key = schema.primary_key(name, root)
        if len(key) == 1 and key[0] in frame.columns:
            keys[name] = frame[key[0]].to_list()
    return keys


def _trace_sources(
    frames: dict[str, pl.DataFrame], root: Path, trace_quotes: bool
) -> tuple[dict[str, str], list | None, list]:
    """The documents' texts, the problems of the figures' quotes (None when not traced) and the
    problems of the exclusions."""
    texts = provenance.document_texts(frames["documents"], root)
    quote_problems = (
        provenance.figure_source_problems(frames["figures"], frames["reports"], texts, root)
        if trace_quotes
        else None
    )
    return texts, quote_problems, provenance.exclusion_problems(frames["not_figures"], texts, root)
