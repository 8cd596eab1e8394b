"""The one schema: datapackage.json. Everything that needs a table's columns, types or keys reads them here."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import paths


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def package(root=None) -> dict:
    path = paths.datapackage(root)
    return _load(str(path), path.stat().st_mtime_ns)


def resource(name: str, root=None) -> dict:
    for res in package(root)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"datapackage.json has no resource named {name!r}")


def resource_names(root=None) -> list[str]:
    return [res["name"] for res in package(root)["resources"]]


def fields(name: str, root=None) -> list[dict]:
    return resource(name, root)["schema"]["fields"]


def field_names(name: str, root=None) -> list[str]:
    return [f["name"] for f in fields(name, root)]


def primary_key(name: str, root=None) -> list[str]:
    pk = resource(name, root)["schema"].get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def foreign_keys(name: str, root=None) -> list[tuple[str, str, str]]:
    """(child column, parent resource, parent column) for each single-column foreign key."""
    out = []
    for fk in resource(name, root)["schema"].get("foreignKeys", []):
        child = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
        ref = fk["reference"]
        parent_field = ref["fields"] if isinstance(ref["fields"], str) else ref["fields"][0]
        out.append((child, ref["resource"] or name, parent_field))
    return out


def table_path(name: str, root=None) -> Path:
    return paths.data_root(root) / resource(name, root)["path"]
