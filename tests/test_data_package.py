"""The curated data package: raw sources unchanged, every quote and number traced, schema valid."""

from __future__ import annotations

import json
import os
import re

import polars as pl
import pytest

from helpers import paths
from helpers.checks import crosscheck as checks
from helpers.data import dictionary, load, periods, provenance, schema, validate
from helpers.errors import DataError


def test_raw_files_match_their_recorded_sha256(pkg):
    for _, doc in pkg.documents.iterrows():
        assert provenance.sha256(paths.ROOT / doc["path"]) == doc["sha256"], doc["path"]


def test_raw_article_is_the_seed_byte_for_byte(pkg):
    seed = paths.ROOT.parent / "shared" / "seeds" / "000_e23c092b9a89b1c4.txt"
    if not seed.exists():
        pytest.skip(
            "the seed copy of the raw article (../shared/seeds/000_e23c092b9a89b1c4.txt) is not "
            "beside this checkout: run the tests in the project workspace, beside shared/, to "
            "compare with it; the sha256 test still checks the file"
        )
    raw = paths.ROOT / pkg.documents.set_index("document_id").loc["vop-article", "path"]
    assert raw.read_bytes() == seed.read_bytes()


def test_every_quote_is_found_in_its_source(pkg):
    assert provenance.figure_source_problems(pkg.figures, pkg.reports, pkg.texts) == []
    held = pkg.figures[pkg.figures["quote"].notna()]
    assert len(held) == 22


def test_every_number_in_the_article_is_accounted_for(pkg):
    cov = provenance.number_coverage(pkg.figures, pkg.reports, pkg.not_figures, pkg.texts)
    assert (cov["accounted_for_by"] != "").all(), cov[cov["accounted_for_by"] == ""]
    tokens = cov["token"].tolist()
    for n in [
        "1,114",
        "1,144",
        "1,069",
        "28,562",
        "2,832",
        "861",
        "617",
        "1133",
        "782",
        "447",
        "218",
        "126",
        "121",
        "5",
        "976",
        "194",
        "294",
        "1856",
        "667",
        "323",
        "four",
        "23",
        "2014",
        "2017",
    ]:
        assert n in tokens, n
    assert tokens.count("1,114") == 2 and tokens.count("1,144") == 2
    assert len(cov) == 31


def test_both_1114_and_1144_are_curated_for_the_same_statement(pkg):
    f = pkg.figures[pkg.figures["report_id"] == "cjtf-oir-2018-09-27"]
    from_article = f[f["carried_by"] == "vop-article"]
    assert sorted(from_article["value"].tolist()) == [1114, 1114, 1144, 1144]


def _snhr(pkg, **where):
    f = pkg.figures[
        (pkg.figures["report_id"] == "snhr-2018-09") & (pkg.figures["carried_by"] == "vop-article")
    ]
    for k, v in where.items():
        f = f[f[k].isna()] if v is None else f[f[k] == v]
    return f


def test_snhr_governorates_sum_to_total_only_with_the_shield_read_as_daraa(pkg):
    total = _snhr(pkg, metric="civilians_killed", governorate_pcode=None, breakdown=None)[
        "value"
    ].item()
    parts = _snhr(pkg, metric="civilians_killed", breakdown=None).dropna(
        subset=["governorate_pcode"]
    )
    assert len(parts) == 7
    assert parts["value"].sum() == total == 2832
    assert parts.loc[parts["governorate_pcode"] != "SY12", "value"].sum() == 2827
    shield = parts[parts["governorate_pcode"] == "SY12"].iloc[0]
    assert shield["geography_as_written"] == "a shield" and "a shield" in shield["quote"]
    assert "Dar'a" in shield["interpretation"] and "Dar'a" not in shield["quote"]


@pytest.mark.parametrize(
    "metric,total", [("civilians_killed", 2832), ("children_killed", 861), ("women_killed", 617)]
)
def test_snhr_administrations_sum_to_totals(pkg, metric, total):
    whole = _snhr(pkg, metric=metric, governorate_pcode=None, breakdown=None)["value"].item()
    parts = _snhr(pkg, metric=metric, governorate_pcode=None).dropna(subset=["breakdown"])
    assert set(parts["breakdown"]) == {"us_administration:obama", "us_administration:trump"}
    assert whole == total and parts["value"].sum() == whole


def test_the_checks_agree_with_the_sums(pkg):
    res = checks.run_checks(pkg)
    sums = res[res["rule"] == "parts_sum_to_total"]
    assert not sums.empty and (sums["status"] == "pass").all()


def test_governorate_table_has_the_14_ocha_pcodes(pkg):
    g = pkg.governorates
    assert g["pcode"].tolist() == [f"SY{i:02d}" for i in range(1, 15)]
    assert g.set_index("pcode").loc["SY12", "name_en"] == "Dar'a"


def test_data_dictionary_is_generated_from_the_schema():
    on_disk = (paths.ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert on_disk == dictionary.markdown(), (
        "docs/data-dictionary.md is stale: run `make dictionary`"
    )


def test_every_schema_field_is_in_the_dictionary():
    text = dictionary.markdown()
    for name in schema.resource_names():
        for field in schema.field_names(name):
            assert f"| `{field}` |" in text


def _pins(lines):
    return {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in lines
        if "==" in line
    }


def test_environment_yml_pins_the_same_packages_as_requirements():
    req = (paths.ROOT / "requirements.txt").read_text().split()
    env = (paths.ROOT / "environment.yml").read_text()
    env_pins = re.findall(r"^\s+- ([A-Za-z0-9_.-]+==[^\s]+)\s*$", env, flags=re.M)
    assert _pins(req) == _pins(env_pins)
    assert re.search(r"^\s+- python=3\.11\s*$", env, flags=re.M)


def test_no_path_climbs_out_of_a_notebook_or_helper():
    for path in [*paths.HELPERS.glob("*.py"), *paths.NOTEBOOKS.glob("*.ipynb")]:
        assert "../" not in path.read_text(encoding="utf-8"), path


def _field(name: str, column: str) -> dict:
    return next(f for f in schema.fields(name) if f["name"] == column)


def test_every_reference_has_the_form_and_length_of_the_id_it_names():
    """A foreign-key column takes its key's pattern (ASCII only) and maxLength, so a look-alike
    letter or a runaway value in it is refused for what it is, not reported as an unknown id."""
    for name in schema.resource_names():
        for child, parent, key in schema.foreign_keys(name):
            mine, theirs = (
                _field(name, child).get("constraints", {}),
                _field(parent, key)["constraints"],
            )
            assert (mine.get("pattern"), mine.get("maxLength")) == (
                theirs["pattern"],
                theirs["maxLength"],
            ), (name, child)


def test_every_id_is_ascii_and_short_enough_to_name_a_file():
    """Ids become file names (report-<id>.html, timeline-<series>.html,
    <report>__by-<dimension>.svg)."""
    ids = [
        (name, key)
        for name in schema.resource_names()
        for key in schema.primary_key(name)
        if len(schema.primary_key(name)) == 1
    ] + [("figures", "series")]
    for name, column in ids:
        c = _field(name, column)["constraints"]
        assert validate.ascii_only(c["pattern"]) and c["maxLength"] <= 64, (name, column)


def test_dates_are_written_in_ascii_digits():
    """\\d takes any script's digits (٢٠١٨ passes ^\\d{4}$); every date pattern says [0-9]."""
    for name in schema.resource_names():
        for f in schema.fields(name):
            p = f.get("constraints", {}).get("pattern", "")
            assert "\\d" not in p, (name, f["name"])
    assert (
        validate.ascii_only(periods.REDUCED)
        and not validate.ascii_only(r"^\d{4}$")
        and not validate.ascii_only(r"^https?://\S+$")
    )


def test_the_raw_folder_holds_only_recorded_files(pkg):
    assert provenance.unrecorded_problems(pkg.documents["path"].tolist()) == []


def test_a_copy_reads_again_exactly_the_tables_whose_inputs_changed(data_copy, monkeypatch):
    """Tables are typed once per process for the same bytes, schema and supplements
    (load._TYPED): a copy sees its edited table, supplement and schema at once, and only what
    changed is read again."""
    data_copy.load()
    typed: list[str] = []
    real = validate.typed_table

    def counted(cells, name, root=None):
        typed.append(name)
        return real(cells, name, root)

    monkeypatch.setattr(validate, "typed_table", counted)
    figure = data_copy.rows("figures")[0]["figure_id"]
    data_copy.edit("figures", "figure_id", figure, notes="zz-fixture note")
    edited = data_copy.load()
    assert typed == ["figures"]
    assert edited.figures.set_index("figure_id").loc[figure, "notes"] == "zz-fixture note"

    # a supplement given another value: it and the table it fills are typed again
    supplements = data_copy.rows("supplements")
    first = next(s for s in supplements if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["value"]))
    (key,) = schema.primary_key(first["table"], data_copy.root)
    # (another day of the same month: a supplement may make a partial date exact)
    other = first["value"][:8] + ("02" if first["value"].endswith("-01") else "01")
    data_copy.edit("supplements", "value", first["value"], value=other)
    typed.clear()
    supplied = data_copy.load()
    assert sorted(typed) == sorted({"supplements", first["table"]})
    shown = supplied.tables[first["table"]].set_index(key).loc[first["row_id"], first["column"]]
    assert str(shown)[:10] == other

    # a table's schema edited, its file's times kept (as cp -p keeps them): that table again
    package = data_copy.root / "datapackage.json"
    described = json.loads(package.read_text(encoding="utf-8"))
    units = next(r for r in described["resources"] if r["name"] == "units")
    units["schema"]["fields"][0]["constraints"] = {
        **units["schema"]["fields"][0].get("constraints", {}),
        "maxLength": 1,
    }
    times = package.stat()
    package.write_text(json.dumps(described, indent=2), encoding="utf-8")
    os.utime(package, ns=(times.st_atime_ns, times.st_mtime_ns))
    typed.clear()
    with pytest.raises(DataError, match="units"):
        data_copy.load()
    assert typed == ["units"]


def test_each_package_has_its_own_frames(data_copy):
    """Packages loaded from the same bytes share no frame object: one changed in place (polars
    can) changes no other, nor the next load."""
    first, second = data_copy.load(), load.load_fresh(data_copy.root)
    assert first.frames["units"] is not second.frames["units"]
    first.frames["units"].insert_column(
        0, pl.Series("zz_fixture", [0] * first.frames["units"].height)
    )
    assert "zz_fixture" not in second.frames["units"].columns
    assert "zz_fixture" not in load.load_fresh(data_copy.root).frames["units"].columns
