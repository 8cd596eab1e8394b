"""reports/exports/: the curated figures and the findings as HXL-tagged CSV and as a Frictionless
data package. libhxl reads every file and finds a tag on every column, the HXL standard's default
schema finds no error in them, each figure's count carries the tag its metric is given in
metrics.csv, the files hold every figure and every finding once, Frictionless validates the
package, the bytes do not depend on where the data lies, and no cell starts a spreadsheet
formula."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import frictionless
import hxl
import pandas as pd
import pytest
from test_csv_formula_safe import PAYLOADS, formula_cells

from helpers import paths
from helpers.data.load import Package
from helpers.errors import DataError
from helpers.present import exports, headlines

PACKAGE = f"{exports.FOLDER}/{exports.PACKAGE}"
FINDINGS = f"{exports.FOLDER}/{exports.FINDINGS}.csv"


@pytest.fixture(scope="module")
def exported(pkg) -> dict[str, str]:
    return exports.files(pkg)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def figure_files(files: dict[str, str]) -> dict[str, str]:
    return {
        name: text for name, text in files.items() if name.endswith(".csv") and name != FINDINGS
    }


def number(value: float) -> str:
    """A number as the CSV writes it: 1114, 0.94."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def metric_tags(pkg: Package) -> dict[str, str]:
    return dict(zip(pkg.metrics["metric"], pkg.metrics["hxl"], strict=True))


def written(files: dict[str, str], folder: Path) -> Path:
    """The files written under folder as the build would publish them; the package's path."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / PACKAGE


def test_the_exports_are_a_figures_file_per_count_tag_the_findings_and_a_package(pkg, exported):
    used = {metric_tags(pkg)[m] for m in pkg.figures["metric"]}
    expected = {f"{exports.FOLDER}/{exports.file_stem(tag)}.csv" for tag in used}
    assert set(figure_files(exported)) == expected
    assert set(exported) == expected | {FINDINGS, PACKAGE}
    assert list(exported) == sorted(exported)


def test_every_file_is_utf8_text_with_newline_line_ends(exported):
    for name, text in exported.items():
        assert text.endswith("\n") and "\r\n" not in text, name
        text.encode("utf-8")


@pytest.mark.parametrize("which", ["figures", "findings"])
def test_libhxl_reads_every_csv_and_every_column_has_its_tag(exported, which):
    chosen = figure_files(exported) if which == "figures" else {FINDINGS: exported[FINDINGS]}
    for name, text in chosen.items():
        header, tags, *body = rows_of(text)
        source = hxl.data(io.BytesIO(text.encode("utf-8")))
        columns = source.columns
        assert [c.header for c in columns] == header, name
        assert [c.display_tag for c in columns] == tags, name
        assert all(c.display_tag.startswith("#") for c in columns), name
        assert len(list(source)) == len(body), name


def test_the_hxl_default_schema_finds_no_error_or_warning(exported):
    for name, text in exported.items():
        if name.endswith(".csv"):
            report = hxl.validate(io.BytesIO(text.encode("utf-8")))
            assert report["stats"]["error"] == 0 and report["stats"]["warning"] == 0, (
                name,
                report["issues"],
            )


def test_each_figure_is_in_the_file_of_its_metrics_tag_and_its_count_carries_it(pkg, exported):
    tags = metric_tags(pkg)
    seen: Counter[str] = Counter()
    for name, text in figure_files(exported).items():
        header, tag_row, *body = rows_of(text)
        column = dict(zip(header, tag_row, strict=True))
        tag = column["value"]
        assert name == f"{exports.FOLDER}/{exports.file_stem(tag)}.csv"
        assert (column["low"], column["high"]) == (f"{tag}+min", f"{tag}+max")
        metric = header.index("metric")
        assert {tags[row[metric]] for row in body} == {tag}, name
        seen.update(row[header.index("figure_id")] for row in body)
    assert seen == Counter(pkg.figures["figure_id"])


def test_the_counts_are_the_curated_values(pkg, exported):
    curated = pkg.figures.set_index("figure_id")
    for text in figure_files(exported).values():
        header, _, *body = rows_of(text)
        for row in body:
            cells = dict(zip(header, row, strict=True))
            figure = curated.loc[cells["figure_id"]]
            for column in ("value", "low", "high"):
                stated = figure[column]
                assert cells[column] == ("" if pd.isna(stated) else number(stated)), column


def test_the_findings_are_the_collections_one_row_each_most_serious_first(pkg, exported):
    found = headlines.collection_findings(pkg)
    header, tags, *body = rows_of(exported[FINDINGS])
    assert header == [c.name for c in exports.FINDING_COLUMNS]
    assert tags == [c.tag for c in exports.FINDING_COLUMNS]
    assert len(body) == len(found)
    assert [row[header.index("finding")] for row in body] == found["sentence"].tolist()
    ranks = [int(row[header.index("rank")]) for row in body]
    assert ranks == sorted(ranks)
    for row, (_, finding) in zip(body, found.iterrows(), strict=True):
        assert row[header.index("result_ids")].split("; ") == list(finding["result_ids"])
        checks = {r.split("/")[0] for r in finding["result_ids"]}
        assert set(row[header.index("check_ids")].split("; ")) == checks


def test_no_id_in_the_findings_words(pkg, exported):
    header, _, *body = rows_of(exported[FINDINGS])
    ids = set(pkg.figures["figure_id"]) | set(pkg.reports["report_id"])
    for row in body:
        for column in ("kind", "finding", "report_names"):
            words = set(row[header.index(column)].replace(";", " ").split())
            assert not words & ids, (column, words & ids)


def test_frictionless_validates_the_package(exported, tmp_path):
    report = frictionless.validate(str(written(exported, tmp_path)))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    for name, text in exported.items():
        if name.endswith(".csv"):
            stem = Path(name).stem
            assert rows[stem] == len(rows_of(text)) - 2, name  # the header and the tags


def test_the_package_describes_every_column_with_its_tag(exported):
    described = json.loads(exported[PACKAGE])
    assert described["profile"] == "tabular-data-package" and described["licenses"]
    by_path = {r["path"]: r for r in described["resources"]}
    assert set(by_path) == {Path(n).name for n in exported if n.endswith(".csv")}
    for name, text in exported.items():
        if name.endswith(".csv"):
            header, tags, *_ = rows_of(text)
            fields = by_path[Path(name).name]["schema"]["fields"]
            assert [f["name"] for f in fields] == header
            assert [f["hxl"] for f in fields] == tags
            assert all(f["description"] for f in fields)
    for name in figure_files(exported):
        assert by_path[Path(name).name]["schema"]["primaryKey"] == ["figure_id"]


def test_the_links_name_every_export_in_words(pkg, exported):
    listed = exports.links(pkg)
    assert sorted(name for name, _ in listed) == list(exported)
    tokens = {m for m in pkg.metrics["metric"] if "_" in m}  # "engagements" is also a word
    for _, title in listed:
        assert title and "#" not in title and not set(title.split()) & tokens, title


def test_the_same_bytes_from_a_copy_of_the_data_elsewhere(exported, data_copy):
    again = exports.files(data_copy.load())
    assert again == exported
    for text in exported.values():
        assert str(paths.ROOT) not in text and str(data_copy.root) not in text


def test_a_metric_tagged_anew_gets_a_file_of_its_own(pkg, data_copy):
    metric = pkg.metrics.loc[pkg.metrics["hxl"] == "#affected+killed", "metric"].iloc[-1]
    data_copy.edit("metrics", "metric", metric, hxl="#affected+killed+zz_test")
    copied = data_copy.load()
    files = exports.files(copied)
    name = f"{exports.FOLDER}/{exports.file_stem('#affected+killed+zz_test')}.csv"
    header, tags, *body = rows_of(files[name])
    assert tags[header.index("value")] == "#affected+killed+zz_test"
    assert len(body) == int((copied.figures["metric"] == metric).sum()) > 0
    assert sum(len(rows_of(t)) - 2 for t in figure_files(files).values()) == len(copied.figures)


def test_a_tag_that_is_not_hxl_is_refused_in_one_line(data_copy):
    data_copy.edit("metrics", "metric", "airstrikes", hxl="strikes")
    with pytest.raises(DataError) as refused:
        data_copy.load()
    lines = str(refused.value).splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("data/curated/metrics.csv, row ") and 'column "hxl"' in lines[0]


def test_no_cell_starts_a_formula_however_the_curated_text_starts(pkg, data_copy):
    """A zz-test figure (a copy of a figure read on a page not held, so no quote is traced) whose
    text starts formulas, on a report whose title does."""
    formula, command, total, sneaky = PAYLOADS
    rows = data_copy.rows("figures")
    model = next(r for r in rows if not r["quote"] and r["value"] and not r["value_as_written"])
    data_copy.append(
        "figures",
        **{
            **model,
            "figure_id": "zz-test-formula",
            "locator": formula,
            "period_as_written": sneaky,
            "interpretation": command,
            "notes": total,
        },
    )
    data_copy.edit("reports", "report_id", model["report_id"], title=formula)
    files = exports.files(data_copy.load())
    seen = []
    for name, text in files.items():
        if name.endswith(".csv"):
            assert formula_cells(text) == [], name
            seen += [cell for row in rows_of(text) for cell in row]
    for payload in (formula, command, total, sneaky):
        assert "'" + payload in seen, payload  # kept as text, never dropped
