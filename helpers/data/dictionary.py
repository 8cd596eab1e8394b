"""The data dictionary, generated from datapackage.json so that it can never drift from the schema."""

from __future__ import annotations

from helpers.data import schema


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    bits = []
    if c.get("required"):
        bits.append("required")
    if c.get("unique"):
        bits.append("unique")
    if "enum" in c:
        bits.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        bits.append(f"form `{c['pattern']}`")
    if "minimum" in c or "maximum" in c:
        bits.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
    if "maxLength" in c:
        bits.append(f"at most {c['maxLength']:,} characters")
    return "; ".join(bits)


def markdown(root=None) -> str:
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
        for f in res["schema"]["fields"]:
            out.append(
                f"| `{f['name']}` | {f.get('type', 'string')} | {_constraints(f)} | {f.get('description', '')} |"
            )
        out.append("")
    return "\n".join(out)
