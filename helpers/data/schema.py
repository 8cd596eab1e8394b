"""The one schema: datapackage.json. Everything that needs a table's columns, types or keys reads
them here. `root` is the folder holding datapackage.json (None: the repository's, or
CIVCAS_DATA_ROOT's)."""

from __future__ import annotations

import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers import paths
from helpers.errors import DataError, Problem

TABLE_PATH = re.compile(r"data/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.csv")


def parsed(data: bytes) -> dict:
    """datapackage.json's bytes as the package (a dict), checked as package() checks the file on
    disk: UTF-8, JSON, an object with a "resources" list, each resource a CSV file inside data/.
    Anything else raises DataError with one line. The schema of any version of the data (a
    commit's datapackage.json) is read through it too."""
    try:
        out = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    "nested too deeply to be a data package; expected its schema",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
                    "save the file as UTF-8",
                )
            ]
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"not valid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}; "
                    "expected the package's Table Schema as a JSON object "
                    "(check for a missing comma, bracket or quote)",
                )
            ]
        ) from None
    if not isinstance(out, dict) or not isinstance(out.get("resources"), list):
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    'expected a JSON object with a "resources" list (a Frictionless data package)',
                )
            ]
        )
    for res in out["resources"]:
        where = res.get("path") if isinstance(res, dict) else None
        if not isinstance(where, str) or not TABLE_PATH.fullmatch(where):
            raise DataError(
                [
                    Problem(
                        "datapackage.json",
                        "the resource "
                        f"{str(res.get('name') if isinstance(res, dict) else res)[:40]!r} "
                        f"has the path {str(where)[:80]!r}; expected a CSV file inside data/ "
                        "(like data/curated/figures.csv): nothing outside the data folder is read",
                    )
                ]
            )
        problem = _schema_problem(res)
        if problem:
            raise DataError(
                [
                    Problem(
                        "datapackage.json", f"the resource {str(res.get('name'))[:40]!r} {problem}"
                    )
                ]
            )
    return out


# the field types the package's readers type (validate.TYPE_HINTS, and text)
FIELD_TYPES = ("string", "integer", "number", "boolean", "date")
# the tables the helpers read by name: a package without one cannot be loaded (carriers and
# supplements may be left out: their resources say "optional")
NEEDED = (
    "documents",
    "reports",
    "units",
    "metrics",
    "series",
    "countries",
    "governorates",
    "governorate_centroids",
    "dimensions",
    "groups",
    "figures",
    "not_figures",
    "checks",
    "comparisons",
    "verdicts",
    "verdict_rules",
)


def _package_problem(resources: list[dict]) -> str | None:
    """What across the resources the readers could not use, in words, or None: a key naming a
    field its table lacks; a foreign key to a resource the package lacks or to a field that
    resource lacks (a check that would be dropped without a word); two resources of one name or
    one path (the second would silently take the first's place)."""
    for key in ("name", "path"):
        seen: set[str] = set()
        for res in resources:
            value = str(res.get(key))
            if value in seen:
                return (
                    f"two resources have the {key} {value[:60]!r}; expected each table described "
                    "once"
                )
            seen.add(value)
    fields = {res["name"]: {f["name"] for f in res["schema"]["fields"]} for res in resources}
    for res in resources:
        name, table_schema = res["name"], res["schema"]
        where = f"the resource {name[:40]!r}"
        key = table_schema.get("primaryKey", [])
        for field in [key] if isinstance(key, str) else key:
            if field not in fields[name]:
                return f"{where} has a primaryKey naming {field[:40]!r}, which is not its field"
        for fk in table_schema.get("foreignKeys", []):
            own = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            parent = fk["reference"].get("resource") or name
            theirs = fk["reference"]["fields"]
            theirs = [theirs] if isinstance(theirs, str) else theirs
            if not isinstance(parent, str) or parent not in fields:
                return (
                    f"{where} has a foreign key to the resource {str(parent)[:40]!r}, which the "
                    "package does not have"
                )
            for field in own:
                if field not in fields[name]:
                    return f"{where} has a foreign key from {field[:40]!r}, which is not its field"
            for field in theirs:
                if field not in fields[parent]:
                    return (
                        f"{where} has a foreign key to {parent}.{field[:40]}, which is not a field "
                        f"of {parent!r}"
                    )
    return None


def _names(value: Any) -> bool:
    """A field name, or a list of them, as primaryKey and foreignKeys give them."""
    return isinstance(value, str) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
    )


def _schema_problem(res: dict) -> str | None:
    """What in one resource's Table Schema the package's readers could not use, in words ("has a
    field that is not an object"), or None: a name; a schema object with a list of fields, each an
    object with a text name and, if given, a text type and a constraints object (an enum a list,
    bounds numbers, a pattern a regular expression); keys naming fields."""
    if not isinstance(res.get("name"), str):
        return "has no text name"
    table_schema = res.get("schema")
    if not isinstance(table_schema, dict) or not isinstance(table_schema.get("fields"), list):
        return 'has no "schema" object with a "fields" list'
    for field in table_schema["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            return "has a field that is not an object with a text name"
        where = f"has a field {field['name'][:40]!r} whose"
        if not isinstance(field.get("type", ""), str):
            return f"{where} type is not text"
        if field.get("type", "string") not in FIELD_TYPES:
            return (
                f"{where} type {str(field['type'])[:40]!r} is not one the readers type "
                f"({', '.join(FIELD_TYPES)})"
            )
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            return f"{where} constraints are not an object"
        kind = field.get("type", "string")
        enum = constraints.get("enum", [])
        if not isinstance(enum, list):
            return f"{where} enum is not a list"
        if kind == "string" and not all(isinstance(item, str) for item in enum):
            return f"{where} enum lists something other than text"
        for bound in ("minLength", "maxLength"):
            value = constraints.get(bound, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return f"{where} {bound} is not a whole number"
        for bound in ("minimum", "maximum"):
            value = constraints.get(bound, 0)
            number = (
                not isinstance(value, bool)
                and isinstance(value, (int, float))
                and math.isfinite(value)
            )
            # a date's bound is a date, written as text; a count's a number
            if (kind in ("integer", "number") and not number) or not (
                number or isinstance(value, str)
            ):
                return f"{where} {bound} is not a {'number' if kind != 'date' else 'date'}"
        for flag in ("required", "unique"):
            if not isinstance(constraints.get(flag, False), bool):
                return f"{where} {flag} is not true or false"
        pattern = constraints.get("pattern")
        if pattern is not None and not _pattern_ok(pattern):
            return f"{where} pattern {str(pattern)[:40]!r} is not a regular expression"
    if "primaryKey" in table_schema and not _names(table_schema["primaryKey"]):
        return "has a primaryKey that names no field"
    keys = table_schema.get("foreignKeys", [])
    if not isinstance(keys, list) or not all(
        isinstance(fk, dict)
        and _names(fk.get("fields"))
        and isinstance(fk.get("reference"), dict)
        and _names(fk["reference"].get("fields"))
        for fk in keys
    ):
        return "has a foreignKeys entry without its fields and reference"
    return None


def _pattern_ok(pattern: Any) -> bool:
    """A pattern both Python's re and polars (whose regular expressions validation uses) accept."""
    if not isinstance(pattern, str):
        return False
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    import polars as pl  # only when a package has patterns, which every real one has

    try:
        pl.Series([""], dtype=pl.String).str.contains(pattern)
    except Exception:  # polars.exceptions.ComputeError: its own regex dialect refuses it
        return False
    return True


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple[int, ...]) -> dict:
    """The live datapackage.json, parsed and checked whole: every table the helpers read, and keys
    that name what the package holds (an earlier version of the package, which the changelog
    reads through parsed(), may lack a table added since, and a test's trimmed copy keys to
    tables it left out)."""
    loaded = parsed(paths.read_regular(path))
    names = {res["name"] for res in loaded["resources"]}
    missing = [name for name in NEEDED if name not in names]
    if missing:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"has no resource {missing[0]!r}; the helpers read it (only carriers and "
                    "supplements may be left out)",
                )
            ]
        )
    problem = _package_problem(loaded["resources"])
    if problem:
        raise DataError([Problem("datapackage.json", problem)])
    return loaded


def package(root: Path | str | None = None) -> dict:
    """The data package read from datapackage.json (read again only when the file changes). A
    missing, linked, unreadable or malformed file, or a resource whose path is not a CSV file inside
    data/, raises DataError."""
    path = paths.datapackage(root)
    try:
        kind = paths.file_kind(path)
        # read again when the file changes: its change time too, which no copy keeps (cp -p,
        # rsync -t and tar keep the modification time)
        found = os.lstat(path)
        stamp = (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)
    except FileNotFoundError:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"the file is missing; expected the package's schema at {path}",
                )
            ]
        ) from None
    except NotADirectoryError:  # the data root (CIVCAS_DATA_ROOT) names a file
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"{path.parent} is not a folder; expected the folder holding "
                    f"datapackage.json and data/ (${paths.DATA_ROOT_ENV} names it)",
                )
            ]
        ) from None
    if kind:
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    f"the file is {kind}; expected the schema itself, a regular JSON file "
                    "(never a link to another file)",
                )
            ]
        )
    return _load(str(path), stamp)


def resource(name: str, root: Path | str | None = None) -> dict:
    """The resource of that name in the package (its path, title, schema ...); KeyError if none."""
    for res in package(root)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"datapackage.json has no resource named {name!r}")


def resource_names(root: Path | str | None = None) -> list[str]:
    """The names of the package's tables, in the package's order."""
    return [res["name"] for res in package(root)["resources"]]


def fields(name: str, root: Path | str | None = None) -> list[dict]:
    """The Table Schema fields of a table (name, type, constraints, description), in column
    order."""
    return resource(name, root)["schema"]["fields"]


def field_names(name: str, root: Path | str | None = None) -> list[str]:
    """The column names of a table, in the schema's order."""
    return [f["name"] for f in fields(name, root)]


def primary_key(name: str, root: Path | str | None = None) -> list[str]:
    """The columns of a table's primary key (empty when it declares none)."""
    return key_columns(resource(name, root))


def key_columns(res: dict) -> list[str]:
    """The columns of a resource's primary key (a resource of package() or parsed()), in order;
    empty when it declares none."""
    key = res.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def foreign_keys(name: str, root: Path | str | None = None) -> list[tuple[str, str, str]]:
    """(child column, parent resource, parent column) for each single-column foreign key of a table;
    a key to the table's own rows names the table itself as the parent."""
    out = []
    for fk in resource(name, root)["schema"].get("foreignKeys", []):
        child = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
        ref = fk["reference"]
        parent_field = ref["fields"] if isinstance(ref["fields"], str) else ref["fields"][0]
        out.append((child, ref["resource"] or name, parent_field))
    return out


def table_path(name: str, root: Path | str | None = None) -> Path:
    """Where a table's CSV file is: its resource path under the data root."""
    return paths.data_root(root) / resource(name, root)["path"]
