"""The check rules are registered by a decorator: what is registered is what datapackage.json allows
in checks.csv's `rule` column and what checks.csv uses, a name is never registered twice, and a rule
written in any module shows up once that module is imported."""

from __future__ import annotations

import copy
import importlib
import json
import shutil
import sys
import uuid

import pytest

from helpers import paths
from helpers.checks import crosscheck
from helpers.checks.registry import RULES, rule, unregister
from helpers.data import schema


def allowed_rules(root=None) -> set[str]:
    field = next(f for f in schema.fields("checks", root) if f["name"] == "rule")
    return set(field["constraints"]["enum"])


def test_the_registry_is_what_datapackage_allows(pkg):
    assert set(RULES) == allowed_rules(pkg.root)
    assert crosscheck.unimplemented_rules(pkg) == []


def test_every_rule_checks_csv_uses_is_registered(pkg):
    used = set(pkg.frames["checks"]["rule"].to_list())
    assert used and used <= set(RULES)


def test_a_rule_is_registered_under_its_name_and_called_as_written():
    for name, function in RULES.items():
        assert function.__name__ == name and callable(function)
        assert function.__module__.startswith("helpers.checks.")


def test_the_registry_is_read_only():
    with pytest.raises(TypeError):
        RULES["zz_fixture_rule"] = print  # type: ignore[index]


def test_a_duplicate_name_is_refused():
    taken = next(iter(RULES))
    before = dict(RULES)

    def impostor(figures, pkg, check):
        return []

    impostor.__name__ = taken
    with pytest.raises(ValueError, match=taken):
        rule(impostor)
    with pytest.raises(ValueError, match=taken):
        rule(taken)(lambda figures, pkg, check: [])
    assert dict(RULES) == before


def test_a_rule_in_a_temporary_module_is_registered_then_removed(tmp_path, pkg):
    module = f"zz_fixture_rules_{uuid.uuid4().hex}"
    name = f"zz_fixture_rule_{uuid.uuid4().hex}"
    (tmp_path / f"{module}.py").write_text(
        "from helpers.checks.findings import finding\n"
        "from helpers.checks.registry import rule\n\n\n"
        f'@rule("{name}")\n'
        "def counts_the_figures(figures, pkg, check):\n"
        "    height = figures.frame.height\n"
        '    return [finding("all", "counted", str(height), str(height), 0, True, [], "")]\n',
        encoding="utf-8",
    )
    sys.path.insert(0, str(tmp_path))
    try:
        written = importlib.import_module(module)
        assert RULES[name] is written.counts_the_figures
        from helpers.checks import effective
        from helpers.checks.figureset import FigureSet

        figures = FigureSet(effective.frame(pkg))
        (result,) = RULES[name](figures, pkg, {})
        assert result["observed"] == str(pkg.frames["figures"].height)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(module, None)
        if name in RULES:
            unregister(name)
    assert name not in RULES


def test_cross_check_refuses_a_rule_datapackage_allows_but_nobody_wrote(tmp_path, pkg):
    shutil.copy(paths.ROOT / "datapackage.json", tmp_path / "datapackage.json")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "checks")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "rule")
    field["constraints"]["enum"].append("zz_fixture_unwritten_rule")
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    changed = copy.copy(pkg)
    changed.root = tmp_path
    assert crosscheck.unimplemented_rules(changed) == ["zz_fixture_unwritten_rule"]
    with pytest.raises(RuntimeError, match="zz_fixture_unwritten_rule"):
        crosscheck.cross_check(changed)
