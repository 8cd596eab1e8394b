"""A notebook reruns when code it reaches changes, and only then: its code key hashes the helpers
its cells import and what those import (found with `ast`), never the command line, Lab or the
benchmarks.

Each test works in a temporary copy of the tree, so editing a module there touches nothing real."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lightest_report_page

from helpers import paths
from helpers.build import buildstate, codekeys

NOT_IN_ANY_RUN = ("helpers/build/cli.py", "helpers/build/lab.py", "helpers/__main__.py")


def copy_tree(to: Path, *extra: str) -> Path:
    for folder in ("helpers", "notebooks", "benchmarks", *extra):
        shutil.copytree(
            paths.ROOT / folder, to / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("requirements.txt", "datapackage.json"):
        shutil.copy(paths.ROOT / name, to / name)
    return to


def code_keys(root: Path) -> dict[str, list[tuple[str, str]]]:
    """{notebook: [(file, sha256)]} of every notebook in the copy."""
    return {
        nb.name: [
            (name, buildstate.digest_file(path))
            for name, path in codekeys.notebook_code_files(nb, root)
        ]
        for nb in sorted((root / "notebooks").glob("*.ipynb"))
    }


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_what_the_notebooks_reach_is_read_from_their_imports(tmp_path):
    root = copy_tree(tmp_path)
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        names = {name for name, _ in codekeys.notebook_code_files(nb, root)}
        # `from helpers import load, views` resolves through the lazy name table
        assert {"helpers/data/load.py", "helpers/present/views.py", "helpers/notebook.py"} <= names
        # what views imports inside its functions and what the page renderer needs count too
        assert {"helpers/present/site.py", "requirements.txt"} <= names
        assert "helpers/present/templates/civcas.html.j2" in names
        assert not names & set(NOT_IN_ANY_RUN) and not any(
            n.startswith("benchmarks/") for n in names
        )


def test_editing_the_command_line_lab_or_benchmarks_changes_no_key(tmp_path):
    root = copy_tree(tmp_path)
    before = code_keys(root)
    for name in NOT_IN_ANY_RUN:
        append(root / name, "\n# zz-fixture edit\n")
    for bench in (root / "benchmarks").glob("*.py"):
        append(bench, "\n# zz-fixture edit\n")
    assert code_keys(root) == before


def test_editing_formatting_changes_the_key_of_every_notebook_that_reaches_it(tmp_path):
    root = copy_tree(tmp_path)
    # a notebook that imports only the foundation, for a notebook whose imports differ
    nb = (root / "notebooks" / "report.ipynb").read_text(encoding="utf-8")
    (root / "notebooks" / "zz-fixture-paths.ipynb").write_text(
        nb.replace("from helpers import load, views", "from helpers import paths"), encoding="utf-8"
    )
    before = code_keys(root)
    reaching = {
        nb for nb, files in before.items() if "helpers/formatting.py" in {name for name, _ in files}
    }
    assert reaching, "no notebook reaches helpers/formatting.py: the test shows nothing"
    append(root / "helpers" / "formatting.py", "\n# zz-fixture edit\n")
    after = code_keys(root)
    assert {nb for nb in before if after[nb] != before[nb]} == reaching


def test_an_import_inside_a_function_is_followed(tmp_path):
    root = copy_tree(tmp_path)
    module = root / "helpers" / "zz_fixture_late.py"
    module.write_text("def late():\n    from helpers import formatting\n", encoding="utf-8")
    found = codekeys.closure({"helpers.zz_fixture_late"}, root)
    assert module in found and root / "helpers" / "formatting.py" in found


def test_a_notebook_that_cannot_be_read_counts_every_helpers_file(tmp_path):
    root = copy_tree(tmp_path)
    broken = root / "notebooks" / "zz-fixture-broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    names = {name for name, _ in codekeys.notebook_code_files(broken, root)}
    assert set(NOT_IN_ANY_RUN) <= names


def test_a_build_reruns_nothing_after_a_cli_edit_and_reruns_after_a_formatting_edit(tmp_path, pkg):
    """The real build, run from a copy of the tree, on one page."""
    root = copy_tree(tmp_path / "tree", "data")
    out = tmp_path / "reports"
    page = lightest_report_page(pkg)

    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "helpers", "build", "--reports-dir", str(out), "--only", page],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert f"ok      {page}" in build()
    append(root / "helpers" / "build" / "cli.py", "\n# zz-fixture edit\n")
    append(root / "benchmarks" / "runner_benchmark.py", "\n# zz-fixture edit\n")
    assert f"Unchanged since the last build, skipped 1: {page}" in build()
    append(root / "helpers" / "formatting.py", "\n# zz-fixture edit\n")
    assert f"ok      {page}" in build()


def test_a_module_or_notebook_that_is_a_link_is_never_read_through_it(tmp_path):
    """A helpers module or a notebook replaced by a link (to a file outside the tree) is not read:
    the module's imports count as unknown (so every helpers file counts, hashed as the link it is)
    and the notebook as unreadable."""
    root = copy_tree(tmp_path / "tree")
    outside = tmp_path / "outside.py"
    outside.write_text("from helpers.build import cli  # never read\n", encoding="utf-8")
    formatting = root / "helpers" / "formatting.py"
    formatting.unlink()
    formatting.symlink_to(outside)
    assert codekeys.closure({"helpers.formatting"}, root) is None
    notebook = root / "notebooks" / "report.ipynb"
    notebook.unlink()
    notebook.symlink_to(paths.ROOT / "notebooks" / "report.ipynb")
    assert codekeys.notebook_modules(notebook, root) is None


def test_a_build_keeps_the_import_statements_and_the_next_parses_only_edited_modules(tmp_path):
    """The import statements of every module read are remembered by the sha256 of its text: a
    module whose text is known is not parsed again (a recorded table is believed), and one edited
    is; what they resolve to is worked out in the tree at hand."""
    root = copy_tree(tmp_path)
    notebook = root / "notebooks" / "report.ipynb"
    codekeys.forget()
    first = {name for name, _ in codekeys.notebook_code_files(notebook, root)}
    table = codekeys.remembered()
    assert table and all(len(d) == 64 for d in table)
    (root / "helpers" / "zz_fixture_marker.py").write_text("X = 1\n", encoding="utf-8")
    formatting = root / "helpers" / "formatting.py"
    text = hashlib.sha256(formatting.read_bytes()).hexdigest()
    table[text] = [*(table[text] or []), ["from", "helpers", 0, ["zz_fixture_marker"]]]
    codekeys.forget()
    assert codekeys.remember(table) == len(table)
    believed = {name for name, _ in codekeys.notebook_code_files(notebook, root)}
    assert believed == first | {"helpers/zz_fixture_marker.py"}
    append(formatting, "\n# zz-fixture edit\n")
    assert {name for name, _ in codekeys.notebook_code_files(notebook, root)} == first
    codekeys.forget()


@pytest.mark.parametrize(
    "table",
    [
        {"0" * 64: [["import", "helpers.x"]]},  # a statement missing a field
        {"0" * 64: [["from", "helpers", True, ["x"]]]},  # a level that is not a number
        {"0" * 64: [["exec", "helpers.x"]]},  # no such kind
        {"short": []},  # not a sha256
        {"0" * 64: "helpers.x"},
        ["not", "a", "table"],
    ],
)
def test_a_recorded_table_of_another_shape_is_not_taken(table):
    assert codekeys.remember(table) == 0


def test_one_reading_finds_each_notebooks_files_once_and_an_edit_after_it_is_seen(
    tmp_path, monkeypatch
):
    root = copy_tree(tmp_path)
    notebook = root / "notebooks" / "report.ipynb"
    late = root / "helpers" / "zz_fixture_late.py"
    late.write_text("X = 1\n", encoding="utf-8")
    reads: list[Path] = []
    real = codekeys.notebook_modules
    monkeypatch.setattr(
        codekeys, "notebook_modules", lambda nb, r=None: reads.append(nb) or real(nb, r)
    )
    with codekeys.one_reading():
        first = codekeys.notebook_code_files(notebook, root)
        # an edit inside the scope is not looked for: the build takes the tree as it stands
        append(root / "helpers" / "formatting.py", "\nfrom helpers import zz_fixture_late\n")
        assert codekeys.notebook_code_files(notebook, root) == first
    assert reads == [notebook]
    after = codekeys.notebook_code_files(notebook, root)
    assert reads == [notebook, notebook]
    assert ("helpers/zz_fixture_late.py", late) in after and (
        "helpers/zz_fixture_late.py",
        late,
    ) not in first
