"""A warm kernel outlives the build that started it (a Dask worker, a pool kept for many builds),
and the next build may read another copy of the data: each notebook reads the data root of the
build that runs it, never the one its kernel inherited when it started."""

from __future__ import annotations

import nbformat
from conftest import DataCopy, notebook

from helpers import paths
from helpers.build import kernels, runner

SHOWS_DATA_ROOT = "from helpers import paths\nprint(paths.data_root())"


def _shown_root(reports, stem: str) -> str:
    nb = nbformat.read(reports / f"{stem}.ipynb", as_version=4)
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()


def test_each_build_gives_its_data_root_to_a_kernel_started_by_another(tmp_path, pool, monkeypatch):
    copy = tmp_path / "zz-test-copy"
    copy.mkdir()
    DataCopy(copy)
    jobs = [notebook(tmp_path, "zz-test-root", SHOWS_DATA_ROOT)]
    seen, started = [], []
    # the repository's data, then the copy (given relative to the working folder, as a user may),
    # then the repository's again: one kernel, started under the first
    for n, root in enumerate([None, "zz-test-copy", None]):
        if root is None:
            monkeypatch.delenv(paths.DATA_ROOT_ENV, raising=False)
        else:
            monkeypatch.chdir(tmp_path)
            monkeypatch.setenv(paths.DATA_ROOT_ENV, root)
        out = tmp_path / f"reports-{n}"
        code = runner.build(jobs=jobs, reports_dir=out, executor=pool, log=lambda *a, **k: None)
        assert code == 0
        seen.append(_shown_root(out, "zz-test-root"))
        started.append(pool.submit(kernels.started_kernels).result())
    assert seen == [str(paths.ROOT), str(copy.resolve()), str(paths.ROOT)]
    assert started[0] == started[1] == started[2] and len(started[0]) == 1, started


def test_a_data_root_a_notebook_sets_does_not_reach_the_next(tmp_path, pool, monkeypatch):
    monkeypatch.delenv(paths.DATA_ROOT_ENV, raising=False)
    sets = notebook(
        tmp_path,
        "zz-test-sets-root",
        f"import os\nos.environ[{paths.DATA_ROOT_ENV!r}] = '/zz-test-nowhere'",
    )
    shows = notebook(tmp_path, "zz-test-root", SHOWS_DATA_ROOT)
    for n, job in enumerate([sets, shows]):
        code = runner.build(
            jobs=[job],
            reports_dir=tmp_path / f"reports-{n}",
            executor=pool,
            log=lambda *a, **k: None,
        )
        assert code == 0
    assert _shown_root(tmp_path / "reports-1", "zz-test-root") == str(paths.ROOT)
