"""The data dictionary, generated from datapackage.json so that it can never drift from the
schema."""

from __future__ import annotations

from pathlib import Path

from helpers.data import schema


def _constraints(field: dict) -> str:
    constraints = field.get("constraints", {})
    bits = []
    if constraints.get("required"):
        bits.append("required")
    if constraints.get("unique"):
        bits.append("unique")
    if "enum" in constraints:
        bits.append("one of: " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        bits.append(f"form `{constraints['pattern']}`")
    if "minimum" in constraints or "maximum" in constraints:
        bits.append(f"{constraints.get('minimum', '')}–{constraints.get('maximum', '')}")
    if "maxLength" in constraints:
        bits.append(f"at most {constraints['maxLength']:,} characters")
    return "; ".join(bits)


def markdown(root: Path | str | None = None) -> str:
    """The data dictionary as Markdown: one section per table with its file, keys and references,
    and a row per column with its type, constraints and meaning, all read from the schema."""
    pkg = schema.package(root)
    out = [
        "# Data dictionary",
        "",
        "Generated from `datapackage.json` by `make dictionary`; do not edit by hand "
        "(a test fails if this file and the schema disagree).",
        "",
    ]
    for res in pkg["resources"]:
        name = res["name"]
        out += [
            f"## `{name}`: {res.get('title', '')}",
            "",
            f"File: `{res['path']}`. {res.get('description', '')}",
            "",
            f"Primary key: {', '.join(f'`{k}`' for k in schema.primary_key(name, root))}.",
        ]
        fks = schema.foreign_keys(name, root)
        if fks:
            out.append("References: " + "; ".join(f"`{c}` → `{p}.{pc}`" for c, p, pc in fks) + ".")
        out += ["", "| column | type | constraints | meaning |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            out.append(
                f"| `{field['name']}` | {field.get('type', 'string')} | {_constraints(field)} "
                f"| {field.get('description', '')} |"
            )
        out.append("")
    return "\n".join(out)
