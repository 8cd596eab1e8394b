"""The curated figures and the collection's findings as HXL-tagged CSV files, for analysts who work
with humanitarian data tools (HDX, the HXL Proxy, libhxl), and the same tables as a Frictionless
data package: reports/exports/.

HXL (hxlstandard.org) puts a row of hashtags under the header, one a column, saying what each
column holds in a shared vocabulary: #affected+killed for a count of people killed, #adm1+code for
an admin-1 P-code, #date+start for the start of a period. A column has one tag, so figures that
count different things cannot share a value column: the figures are split into one file per tag of
their metric's count (metrics.csv, column hxl, which is data: a metric tagged anew gets its file
with no code change), each file with the same columns. #affected+killed gathers every count of
people killed, whole or part (children, women, the rise since a release); the metric columns say
which.

Every file is written by display.csv_text (no cell starts a spreadsheet formula), in UTF-8 with
"\\n" line ends, rows in the order of figures.csv or of the findings, keys of the JSON sorted: the
same bytes on every run and every supported Python."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

from helpers.checks import crosscheck, effective
from helpers.checks.findings import worded
from helpers.data import frames, geography, schema
from helpers.formatting import per_value
from helpers.present import display, headlines

if TYPE_CHECKING:
    from helpers.data.load import Package

FOLDER = "exports"
FINDINGS = "findings"
PACKAGE = "datapackage.json"
# the count's tag stands here in a column's tag; its ends add +min and +max, as HDX's tools write a
# range ("#affected+killed+min")
COUNT = "{count}"
JOINED = "; "  # several ids or names in one cell


class Column(NamedTuple):
    """A column of an export: its name, its HXL tag, its Table Schema type, what it holds (a
    (table, field) of datapackage.json whose description it shares, or a description) and, when it
    is not its name, the column of the effective figures (checks.effective) it is read from."""

    name: str
    tag: str
    type: str
    about: tuple[str, str] | str
    source: str | None = None


FIGURE_COLUMNS = [
    Column("figure_id", "#meta+id", "string", ("figures", "figure_id")),
    Column("report_id", "#meta+source+id", "string", ("figures", "report_id")),
    Column(
        "report_title",
        "#meta+source",
        "string",
        "The report's title as given, or in [brackets] our description of a report that has none.",
    ),
    Column("issuer", "#org+reporting+name", "string", ("reports", "issuer")),
    Column(
        "issuer_short",
        "#org+reporting+acronym",
        "string",
        "The issuer as running text names it: the acronym it gives (CJTF-OIR, SNHR), else its "
        "name before any bracket or comma.",
        "issuer_name",
    ),
    Column(
        "report_kind",
        "#meta+source+type",
        "string",
        "What sort of report this is: official_statement, official_release, monitor_report, "
        "monitor_estimate or news_article.",
    ),
    Column(
        "report_published",
        "#date+reported",
        "string",
        "When the report was published, as precise as is known (YYYY, YYYY-MM or YYYY-MM-DD); "
        "empty when unknown.",
    ),
    Column("carried_by", "#meta+carrier+id", "string", ("figures", "carried_by")),
    Column(
        "carrier_name",
        "#org+carrier+name",
        "string",
        "Who published the page the figure was read on (the issuer of carried_by), as running "
        "text names it.",
    ),
    Column(
        "carrier_url",
        "#meta+url",
        "string",
        "Where the page the figure was read on is published, or 'unknown'.",
    ),
    Column("locator", "#meta+locator", "string", ("figures", "locator")),
    Column("quote", "#meta+quote", "string", ("figures", "quote")),
    Column("confirmed_on", "#date+confirmed", "date", ("figures", "confirmed_on")),
    Column(
        "is_primary",
        "#meta+primary",
        "boolean",
        "True when the figure was read where the report itself is held (the report, the page "
        "that carries it, or a further carrier in carriers.csv): the issuer's own statement, not "
        "another page's quotation of it. Keep only these to count each issuer's figures once.",
    ),
    Column("metric", "#indicator+code", "string", ("figures", "metric")),
    Column("metric_label", "#indicator+name", "string", ("metrics", "label")),
    Column("unit", "#indicator+unit", "string", ("metrics", "unit")),
    Column("qualifier", "#meta+qualifier", "string", ("figures", "qualifier")),
    Column("value", COUNT, "number", ("figures", "value")),
    Column("low", COUNT + "+min", "number", ("figures", "low")),
    Column("high", COUNT + "+max", "number", ("figures", "high")),
    Column("value_as_written", "#meta+written", "string", ("figures", "value_as_written")),
    Column(
        "period_start",
        "#date+start",
        "string",
        "Start of the period counted: the figure's own, else its report's; for a stated rise, "
        "the data-through month of the issuer's previous release. Empty when not stated.",
        "eff_period_start",
    ),
    Column(
        "period_end",
        "#date+end",
        "string",
        "End of the period counted (for a running total, the data-through date): the figure's "
        "own, else its report's. Empty when not stated.",
        "eff_period_end",
    ),
    Column("period_as_written", "#meta+period", "string", ("figures", "period_as_written")),
    Column(
        "as_of",
        "#date",
        "date",
        "The day the figure stands for: the last day of its period where that is known, else "
        "the day its report, else the page it was read on, was published.",
    ),
    Column(
        "as_of_basis",
        "#meta+date+basis",
        "string",
        "What as_of is: 'data through', 'report published' or 'carrier published'.",
    ),
    Column(
        "country_code",
        "#country+code",
        "string",
        "Countries counted, ISO 3166-1 alpha-3 codes joined by '+': the figure's own, else its "
        "report's.",
        "eff_geography",
    ),
    Column(
        "country_name",
        "#country+name",
        "string",
        "The countries counted, in English, as countries.csv names them.",
    ),
    Column(
        "place_as_written",
        "#meta+place",
        "string",
        ("figures", "geography_as_written"),
        "geography_as_written",
    ),
    Column(
        "adm1_code", "#adm1+code", "string", ("figures", "governorate_pcode"), "governorate_pcode"
    ),
    Column("adm1_name", "#adm1+name", "string", ("governorates", "name_en")),
    Column("adm1_name_ar", "#adm1+name+i_ar", "string", ("governorates", "name_ar")),
    Column("breakdown", "#meta+breakdown", "string", ("figures", "breakdown")),
    Column("series", "#meta+series", "string", ("figures", "series")),
    Column(
        "interpretation",
        "#meta+interpretation",
        "string",
        "Our reading where the source's words need one, with the reasoning (never the source's "
        "words); the reports and figures it names are named in words.",
    ),
    Column(
        "notes",
        "#meta+notes",
        "string",
        "Anything else a reader needs, with the reports and figures it names named in words.",
    ),
]

FINDING_COLUMNS = [
    Column(
        "rank",
        "#severity+rank",
        "integer",
        "How serious the finding is, 1 the most (a figure printed two ways, a figure no release "
        "gave); the rows are in this order.",
    ),
    Column(
        "severity",
        "#severity",
        "string",
        "fail: the figures cannot all be right; warning: they need a caveat.",
    ),
    Column(
        "kind", "#indicator+name", "string", "What was found, in a few words, one phrase a rule."
    ),
    Column(
        "finding",
        "#description",
        "string",
        "The finding in plain words, with issuers' names and dates in words.",
    ),
    Column(
        "report_ids",
        "#meta+source+id",
        "string",
        "The reports the finding concerns (reports.csv), the one that printed it first, joined "
        "by '; '.",
    ),
    Column(
        "report_names",
        "#meta+source",
        "string",
        "The same reports as running text names them, joined by '; '.",
    ),
    Column(
        "check_ids",
        "#indicator+code",
        "string",
        "The checks (checks.csv) whose results make the finding, joined by '; '.",
    ),
    Column(
        "rules",
        "#indicator+type",
        "string",
        "The rules those checks apply, joined by '; '.",
    ),
    Column(
        "result_ids",
        "#meta+id",
        "string",
        "The check results the finding tells (check id / number), joined by '; '.",
    ),
    Column(
        "figure_ids",
        "#meta+figure+id",
        "string",
        "The figures the results rest on (figure_id in the figures files), joined by '; '.",
    ),
    Column(
        "evidence_page",
        "#meta+page",
        "string",
        "The page of the reader's site (beside this folder) that shows the evidence.",
    ),
]


# ---- the figures ----


def count_tags(pkg: Package) -> dict[str, list[str]]:
    """Each tag of metrics.csv's hxl column with its metrics, in the order of metrics.csv."""
    metrics = pkg.frames["metrics"]
    tags: dict[str, list[str]] = {}
    for metric, tag in zip(metrics["metric"], metrics["hxl"], strict=True):
        tags.setdefault(tag, []).append(metric)
    return tags


def file_stem(tag: str) -> str:
    """The name of the figures file of a count tag, without .csv: "#affected+killed" ->
    "figures-affected-killed" (a tag's characters are a-z, 0-9, '_' and '+', by the schema)."""
    return "figures-" + tag.lstrip("#").replace("+", "-")


def figure_rows(pkg: Package) -> pl.DataFrame:
    """Every curated figure with the columns of FIGURE_COLUMNS and its count's tag (hxl), in the
    order of figures.csv: what the figures files hold, before it is split by tag."""
    figures = effective.frame(pkg).sort("row")
    governorates = pkg.frames["governorates"].select(
        governorate_pcode="pcode", adm1_name="name_en", adm1_name_ar="name_ar"
    )
    tags = pkg.frames["metrics"].select("metric", "hxl")
    figures = figures.join(
        governorates, on="governorate_pcode", how="left", maintain_order="left"
    ).join(tags, on="metric", how="left", maintain_order="left")

    def in_words(column: str) -> pl.Series:
        return per_value(figures[column], lambda text: worded(pkg, text), nulls=False).alias(column)

    def iso_day(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%Y-%m-%d")

    figures = figures.with_columns(
        iso_day("confirmed_on"),
        iso_day("as_of"),
        pl.when(pl.col("eff_geography").is_not_null())
        .then(pl.col("eff_place"))
        .alias("country_name"),
        in_words("interpretation"),
        in_words("notes"),
    )
    return figures.select(
        *(pl.col(c.source or c.name).alias(c.name) for c in FIGURE_COLUMNS), "hxl"
    )


def counts_whole(pkg: Package, metrics: list[str]) -> bool:
    """Whether every one of these metrics counts whole things (units.csv is_count)."""
    units = dict(zip(pkg.frames["units"]["unit"], pkg.frames["units"]["is_count"], strict=True))
    measured = pkg.frames["metrics"].filter(pl.col("metric").is_in(metrics))["unit"]
    return all(units[unit] for unit in measured)


# ---- files ----


def tagged_csv(table: pl.DataFrame, tags: list[str]) -> str:
    """table as a reader's CSV (display.csv_text: no cell starts a formula) with the HXL tag row
    under its header."""
    text = display.csv_text(frames.to_pandas(table))
    header, _, rows = text.partition("\n")
    tag_row = io.StringIO()
    csv.writer(tag_row, lineterminator="\n").writerow([display.formula_safe(t) for t in tags])
    return f"{header}\n{tag_row.getvalue()}{rows}"


def field(column: Column, tag: str, type_: str, pkg: Package) -> dict[str, object]:
    """A column as a Table Schema field, its HXL tag beside its type. A column that is a curated
    field shares its description and the values it allows (enum)."""
    if isinstance(column.about, str):
        return {"name": column.name, "type": type_, "description": column.about, "hxl": tag}
    table, name = column.about
    curated = next(f for f in schema.fields(table, pkg.root) if f["name"] == name)
    out: dict[str, object] = {
        "name": column.name,
        "type": type_,
        "description": curated["description"],
        "hxl": tag,
    }
    if "enum" in curated.get("constraints", {}):
        out["constraints"] = {"enum": curated["constraints"]["enum"]}
    return out


def resource(
    stem: str, title: str, description: str, fields: list[dict[str, object]], key: str | None = None
) -> dict[str, object]:
    """The CSV file stem.csv of the exports as a tabular data resource: its header is row 1, its
    HXL tags row 2 (a row the data does not count, as a comment). Its name is the stem, an
    underscore (which Frictionless does not allow in a name) read as a dot; key, when given, is
    the column whose values are unique."""
    return {
        "name": stem.replace("_", "."),
        "path": f"{stem}.csv",
        "profile": "tabular-data-resource",
        "title": title,
        "description": description + " Row 2 holds the HXL hashtags of the columns.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"headerRows": [1], "commentRows": [2]},
        "schema": {
            "fields": fields,
            "missingValues": [""],
            **({"primaryKey": [key]} if key else {}),
        },
    }


def figure_files(pkg: Package) -> tuple[dict[str, str], list[dict[str, object]]]:
    """The figures files by name (one a count tag that some figure carries, in the order of
    metrics.csv) and their resources."""
    parts = figure_parts(pkg)
    return {stem: tagged_csv(rows, tags) for stem, rows, tags, _ in parts}, [
        copy.deepcopy(described) for *_, described in parts
    ]


def figure_parts(pkg: Package) -> list[tuple[str, pl.DataFrame, list[str], dict[str, object]]]:
    """(stem, rows, HXL tags, resource) of each figures file (figure_files), worked out once per
    package: the index lists the files by their resources, and only a whole build writes them."""
    return pkg.derived("export figure parts", _figure_parts)


def _figure_parts(pkg: Package) -> list[tuple[str, pl.DataFrame, list[str], dict[str, object]]]:
    rows = figure_rows(pkg)
    labels = dict(zip(pkg.frames["metrics"]["metric"], pkg.frames["metrics"]["label"], strict=True))
    parts = []
    for tag, metrics in count_tags(pkg).items():
        chosen = rows.filter(pl.col("hxl") == tag).drop("hxl")
        if chosen.is_empty():
            continue
        count_type = "integer" if counts_whole(pkg, metrics) else "number"
        tags = [c.tag.replace(COUNT, tag) for c in FIGURE_COLUMNS]
        types = [count_type if c.tag.startswith(COUNT) else c.type for c in FIGURE_COLUMNS]
        stem = file_stem(tag)
        present = [m for m in metrics if m in set(chosen["metric"])]
        others = len(present) - 1
        related = f" and {others} related {'count' if others == 1 else 'counts'}" if others else ""
        counted = ", ".join(labels[m].lower() for m in present)
        described = resource(
            stem,
            f"Figures: {labels[present[0]].lower()}{related}",
            f"The curated figures whose counts HXL tags {tag} (metrics.csv, column hxl): "
            f"{counted}. One row per statement of a figure, with its report, the page it "
            "was read on, its period, place and qualifier.",
            [field(c, t, ty, pkg) for c, t, ty in zip(FIGURE_COLUMNS, tags, types, strict=True)],
            key=FIGURE_COLUMNS[0].name,
        )
        parts.append((stem, chosen, tags, described))
    return parts


def finding_rows(pkg: Package) -> pl.DataFrame:
    """The collection's findings (headlines.collection_findings), most serious first, with the
    columns of FINDING_COLUMNS."""
    found = headlines.collection_findings(pkg)
    results = crosscheck.cross_check(pkg)
    checks = dict(zip(results["result_id"], results["check_id"], strict=True))
    rules = dict(zip(results["result_id"], results["rule"], strict=True))
    names = effective.report_names(pkg)

    def joined(ids: list[str], lookup: Mapping[str, str] | None = None) -> str:
        return JOINED.join(dict.fromkeys(lookup[i] for i in ids) if lookup else ids)

    result_ids = [list(ids) for ids in found["result_ids"]]
    report_ids = [list(ids) for ids in found["reports"]]
    return pl.DataFrame(
        {
            "rank": pl.Series(found["rank"].tolist(), dtype=pl.Int64),
            "severity": found["severity"].tolist(),
            "kind": found["kind"].tolist(),
            "finding": found["sentence"].tolist(),
            "report_ids": [joined(ids) for ids in report_ids],
            "report_names": [joined(ids, names) for ids in report_ids],
            "check_ids": [joined(ids, checks) for ids in result_ids],
            "rules": [joined(ids, rules) for ids in result_ids],
            "result_ids": [joined(ids) for ids in result_ids],
            "figure_ids": [joined(list(ids)) for ids in found["figure_ids"]],
            "evidence_page": found["evidence_page"].tolist(),
        },
        schema={c.name: pl.Int64 if c.type == "integer" else pl.String for c in FINDING_COLUMNS},
    )


def _countries_counted(pkg: Package) -> list[str]:
    """The names of the countries the figures count (their own geography or their report's), in
    the order of countries.csv."""
    counted = {
        code
        for place in effective.frame(pkg)["eff_geography"].drop_nulls().unique().to_list()
        for code in place.split("+")
    }
    names = geography.country_names(pkg.frames[geography.COUNTRIES])
    return [name for code, name in names.items() if code in counted]


def data_package(pkg: Package, resources: list[dict[str, object]]) -> str:
    """The exports' datapackage.json: the resources, the curated data's licence, and where the
    figures come from."""
    curated = schema.package(pkg.root)
    described = {
        "name": "civcas-notebooks-exports",
        "title": f"{curated['title']}: figures and findings, HXL-tagged",
        "description": (
            f"{curated['description']} The figures, one file per HXL tag of what they count, and "
            "what the checks found, each CSV with a row of HXL hashtags under its header."
        ),
        "profile": "tabular-data-package",
        # and the countries the figures count, as countries.csv names them, in its order
        "keywords": ["HXL", "civilian casualties", "airstrikes", *_countries_counted(pkg)],
        "licenses": curated["licenses"],
        "sources": [
            {
                "title": "The reports named in each row (report_title, issuer, carrier_url), as "
                "curated in civcas-notebooks' data/curated/ and checked by its helpers/checks/"
            }
        ],
        "resources": resources,
    }
    return json.dumps(described, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def files(pkg: Package) -> dict[str, str]:
    """Every file of the exports, by its name under reports/ ("exports/figures-affected-killed.csv",
    "exports/findings.csv", "exports/datapackage.json"), sorted by name: the figures, one file per
    HXL tag of their counts; the collection's findings; the Frictionless data package that
    describes them. Worked out once per package (the index lists them, the build publishes them)."""
    return dict(pkg.derived("exports", _files))


def _files(pkg: Package) -> dict[str, str]:
    texts, _ = figure_files(pkg)
    texts[FINDINGS] = tagged_csv(finding_rows(pkg), [c.tag for c in FINDING_COLUMNS])
    out = {f"{FOLDER}/{stem}.csv": text for stem, text in texts.items()}
    out[f"{FOLDER}/{PACKAGE}"] = data_package(pkg, resources(pkg))
    return dict(sorted(out.items()))


def resources(pkg: Package) -> list[dict[str, object]]:
    """The data package's resources: each figures file's (figure_parts), then the findings'."""
    findings = resource(
        FINDINGS,
        "What the checks found",
        "The collection's findings in plain words, most serious first, one row each: how "
        "serious, what kind, the sentence, the reports it concerns, and the checks, results "
        "and figures it rests on. Checks that pass are not findings.",
        [field(c, c.tag, c.type, pkg) for c in FINDING_COLUMNS],
    )
    return [*(copy.deepcopy(described) for *_, described in figure_parts(pkg)), findings]


def links(pkg: Package) -> list[tuple[str, str]]:
    """(name under reports/, title) of every file of the exports, for the site to link to: the
    figures files and the findings in the order of the data package's resources, then the package
    itself. The titles are words, never a tag or an id ("Figures: civilians killed and 6 related
    counts"). Read from the resources alone: the files' text is not made for them."""
    listed = [(f"{FOLDER}/{r['path']}", str(r["title"])) for r in resources(pkg)]
    return [*listed, (f"{FOLDER}/{PACKAGE}", "The data package: every column described (JSON)")]
