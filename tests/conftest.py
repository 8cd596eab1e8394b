"""Shared fixtures: the real package, and a throw-away copy of the data that a test may break."""

from __future__ import annotations

import concurrent.futures as cf
import csv
import io
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.build import kernels, runner
from helpers.data import load, schema


@pytest.fixture(scope="session")
def pkg():
    return load.load_package()


class DataCopy:
    """A copy of datapackage.json and data/ in a temporary folder, with small editing helpers."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copy(paths.ROOT / "datapackage.json", root / "datapackage.json")
        shutil.copytree(paths.ROOT / "data", root / "data")

    def path(self, name: str) -> Path:
        return schema.table_path(name, self.root)

    def rows(self, name: str) -> list[dict]:
        return list(csv.DictReader(io.StringIO(self.path(name).read_text(encoding="utf-8"))))

    def write(self, name: str, rows: list[dict], fieldnames=None) -> None:
        fieldnames = fieldnames or schema.field_names(name, self.root)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
        self.path(name).write_text(buf.getvalue(), encoding="utf-8")

    def edit(self, name: str, key: str, match: str, /, **changes) -> None:
        """Change columns of the row whose `key` column equals `value`."""
        rows = self.rows(name)
        hit = [r for r in rows if r[key] == match]
        assert hit, f"no row with {key}={match} in {name}"
        for r in hit:
            r.update(changes)
        self.write(name, rows)

    def append(self, name: str, **row) -> None:
        rows = self.rows(name)
        rows.append(row)
        self.write(name, rows)

    def load(self):
        return load.load_package(self.root)

    def build(self, out: Path, only) -> tuple[int, list[str]]:
        """Build these pages (output names) from this copy into the folder out, as `build --only`
        does: (exit code, the lines the build logged)."""
        from helpers.build import runner

        messages: list[str] = []
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(paths.DATA_ROOT_ENV, str(self.root))
            code = runner.build(
                reports_dir=out,
                workers=1,
                only=sorted(only),
                log=lambda *a, **k: messages.append(" ".join(map(str, a))),
            )
        return code, messages


@pytest.fixture
def data_copy(tmp_path):
    return DataCopy(tmp_path)


# ---- small notebooks on one warm kernel (the runner's tests) ----


@pytest.fixture(scope="module")
def pool():
    ex = cf.ThreadPoolExecutor(max_workers=1)
    yield ex
    ex.submit(kernels.discard_kernel).result()
    ex.shutdown()


def notebook(folder, name: str, *sources: str) -> runner.Job:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return runner.Job(str(path), (), name, name.title())


def snapshot(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
