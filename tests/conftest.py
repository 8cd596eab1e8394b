"""Shared fixtures: the real package, and a throw-away copy of the data that a test may break."""

from __future__ import annotations

import concurrent.futures as cf
import csv
import fcntl
import io
import os
import pickle
import shutil
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.build import kernels, runner
from helpers.data import load, schema


@pytest.fixture(scope="session")
def pkg():
    return load.load_package()


# the folder of the site the browser tests read, instead of reports/ (e.g. a fresh
# `python -m helpers build --force --reports-dir FOLDER`)
SITE_ENV = "CIVCAS_READER_SITE"


def once_per_run(tmp_path_factory, name: str, compute: Callable[[Path], object]) -> object:
    """compute(folder)'s value, worked out once per test run however many pytest-xdist workers ask
    for it: the first to ask computes it (in folder, a temporary folder of its own) under a lock
    and leaves it pickled in the run's shared temporary folder; the others wait and read it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the base folder every worker's own temporary folder is made in
    done = root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file():
            return pickle.loads(done.read_bytes())
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        value = compute(folder)
        done.write_bytes(pickle.dumps(value))
        return value


# the committed site's browser pass, in parts (runs of pages) that workers share
SITE_PARTS = 4


def shared_parts(tmp_path_factory, name: str, parts: list, compute: Callable) -> list:
    """[compute(part, folder) for part in parts], each part worked out once per test run
    (once_per_run) however many pytest-xdist workers ask: a worker with an even number takes the
    parts from the first, one with an odd number from the last, so that two workers asking at
    once share the work instead of one waiting for the other; the values come back in parts'
    order."""
    number = os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix("gw")
    backwards = number.isdigit() and int(number) % 2 == 1
    order = list(range(len(parts)))[:: -1 if backwards else 1]
    values = {}
    for k in order:
        values[k] = once_per_run(
            tmp_path_factory, f"{name}-{k}", lambda folder, part=parts[k]: compute(part, folder)
        )
    return [values[k] for k in range(len(parts))]


@pytest.fixture(scope="session")
def committed_site(tmp_path_factory):
    """Every page of the committed site (reports/, or the folder $CIVCAS_READER_SITE names) opened
    in headless Chromium and seen at each of browser.VIEWPORTS, with all of browser.FACTS
    evaluated: [browser.Visit], viewport by viewport, pages in name order. One pass for every test
    of the whole site, in parts that the workers share (shared_parts)."""
    from browser import VIEWPORTS, visit

    folder = Path(os.environ.get(SITE_ENV) or paths.REPORTS)
    pages = sorted(p.name for p in folder.glob("*.html"))
    size = max(1, -(-len(pages) // SITE_PARTS))
    parts = [pages[start : start + size] for start in range(0, len(pages), size)]
    visits = shared_parts(
        tmp_path_factory,
        "committed-site",
        parts,
        lambda part, tmp: visit(folder, part, tmp / "profile"),
    )
    return [one for label in VIEWPORTS for part in visits for one in part if one.viewport == label]


def lightest_report_page(pkg) -> str:
    """The page (output name) of the report whose page shows the fewest figure rows (those it
    gives and those printed on it: figures' report_id and carried_by; the first such in the
    registry): the cheapest real page for a test that needs one built by the real command line."""
    figures = pkg.figures
    shown = (
        figures["report_id"].value_counts().add(figures["carried_by"].value_counts(), fill_value=0)
    )
    return f"report-{min(pkg.reports['report_id'], key=lambda rid: shown.get(rid, 0))}"


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
        """Add a row at the end of the table, in the columns of its own header (one the row leaves
        out is empty, one the header lacks is dropped); the other rows keep their bytes. (Reading
        and writing the whole table again, once per row, cost 8 ms a row.)"""
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        header = next(csv.reader([text.partition("\n")[0]]))
        if header != schema.field_names(name, self.root) or "\r" in text or "\n\n" in text:
            # a table a test wrote otherwise (other columns, line ends, blank lines): written
            # again whole, in the schema's columns, as before
            self.write(name, [*self.rows(name), row])
            return
        buf = io.StringIO()
        if text and not text.endswith("\n"):
            buf.write("\n")
        csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore").writerow(
            row
        )
        with path.open("a", encoding="utf-8") as table:
            table.write(buf.getvalue())

    def load(self):
        return load.load_package(self.root)

    def build(self, out: Path, only) -> tuple[int, list[str]]:
        """Build these pages (output names) from this copy into the folder out, as `build --only`
        does, on this test process's shared worker (shared_worker): (exit code, the lines the
        build logged)."""
        messages: list[str] = []
        worker = shared_worker()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(paths.DATA_ROOT_ENV, str(self.root))
            code = runner.build(
                reports_dir=out,
                executor=worker,
                only=sorted(only),
                log=lambda *a, **k: messages.append(" ".join(map(str, a))),
            )
        return code, messages


_SHARED_WORKER: list[cf.Executor] = []


def shared_worker() -> cf.Executor:
    """One worker process with a warm kernel, the build's own kind (runner.worker_pool), for the
    builds of data copies this test process runs: a kernel outlives each build, and each notebook
    still reads its own build's data (runner.execute's data_root), so the second build of a test
    run starts no process and no kernel. The process is started here, outside any build (it holds
    no build's lock), and replaced if it has died. Shut down at the end of the run
    (shut_shared_worker)."""
    if _SHARED_WORKER:
        try:
            _SHARED_WORKER[0].submit(int).result(timeout=60)
        except (BrokenProcessPool, cf.TimeoutError):
            _SHARED_WORKER.pop().shutdown(wait=False, cancel_futures=True)
    if not _SHARED_WORKER:
        executor = runner.worker_pool(1)
        executor.submit(int).result()  # the process starts now
        _SHARED_WORKER.append(executor)
    return _SHARED_WORKER[0]


@pytest.fixture(scope="session", autouse=True)
def shut_shared_worker():
    """The shared worker (shared_worker), if a test started it, ends with the test run, its kernel
    with it."""
    yield
    while _SHARED_WORKER:
        _SHARED_WORKER.pop().shutdown(wait=True, cancel_futures=True)


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


def build(jobs, out_dir, pool, **kw) -> tuple[int, list[str]]:
    """runner.build of these jobs into out_dir on pool: its exit code and every line it logged."""
    messages: list[str] = []
    code = runner.build(
        jobs=jobs,
        reports_dir=out_dir,
        executor=pool,
        log=lambda *a, **k: messages.append(" ".join(map(str, a))),
        **kw,
    )
    return code, messages


def printed(outputs) -> str:
    """What a cell's outputs (nbformat's, or a kernel's messages as outputs) printed, all of it:
    a busy kernel may send one print() as several stream outputs."""
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream")


def snapshot(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """What differs from one snapshot to the next, a line a file: gone, new, or changed with the
    first line that differs (each side's, cut to 200 characters), so that a failure names the file
    and shows why, where a comparison of the whole dicts prints every byte of both."""
    lines = []
    for name in sorted({*before, *after}):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old is None or new is None:
            lines.append(f"{name}: {'new' if old is None else 'gone'}")
            continue
        old_lines, new_lines = old.splitlines(), new.splitlines()
        at = next(
            (
                i
                for i, pair in enumerate(zip(old_lines, new_lines, strict=False))
                if pair[0] != pair[1]
            ),
            min(len(old_lines), len(new_lines)),
        )
        shown = [
            side[at][:200] if at < len(side) else b"(ended)" for side in (old_lines, new_lines)
        ]
        lines.append(f"{name}: line {at + 1} was {shown[0]!r}, is {shown[1]!r}")
    return lines
