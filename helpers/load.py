"""Loading the curated data: every table typed and validated against datapackage.json, references
resolved, sources verified. A failure raises DataError with one line per problem (file, row, column)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths, provenance, rowrules, schema, validate
from .errors import DataError


@dataclass
class Package:
    root: Path
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def load_table(name: str, root=None) -> pd.DataFrame:
    """One table, typed and checked against its schema (not against other tables)."""
    text = validate.read_text_table(schema.table_path(name, root), name, root)
    return validate.typed_table(text, name, root)


def load_package(root=None) -> Package:
    """All tables, with foreign keys, row rules and source tracing checked. Collects problems from
    every table before raising, so one run shows everything to fix."""
    root = paths.data_root(root)
    tables, problems = {}, []
    for name in schema.resource_names(root):
        try:
            tables[name] = load_table(name, root)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    problems += validate.check_foreign_keys(tables, root)
    problems += rowrules.figure_problems(tables["figures"], root)
    problems += rowrules.report_problems(tables["reports"], root)
    problems += provenance.document_problems(tables["documents"], root)
    if problems:
        raise DataError(problems)
    texts = provenance.document_texts(tables["documents"], root)
    problems += provenance.figure_source_problems(tables["figures"], tables["reports"], texts, root)
    problems += provenance.exclusion_problems(tables["not_figures"], texts, root)
    if problems:
        raise DataError(problems)
    return Package(root=root, tables=tables, texts=texts)
