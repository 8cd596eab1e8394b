"""Regenerates every report: each notebook for each parameter set, executed with the papermill API,
published atomically into reports/ (executed notebook, HTML page, chart files), then the index.

A failing notebook is named with its cell and error; the others still finish; the last good outputs
stay in place; the exit code is non-zero."""
from __future__ import annotations

import base64
import concurrent.futures as cf
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import paths

VOLATILE_CELL_KEYS = ("papermill", "execution")
KERNEL_START_RETRIES = 3


@dataclass(frozen=True)
class Job:
    notebook: str            # file name under notebooks/
    parameters: tuple        # ((name, value), ...) so a Job is hashable and picklable
    stem: str                # output name under reports/
    title: str

    @property
    def params(self) -> dict:
        return dict(self.parameters)


@dataclass
class Outcome:
    job: Job
    ok: bool
    seconds: float = 0.0
    cell: int | None = None
    error: str = ""
    notebook_json: str = ""
    cell_seconds: list = field(default_factory=list)


def plan(pkg) -> list[Job]:
    """Every notebook for every parameter set the data calls for: one report page per registry row,
    one timeline per series, and the cross-check and overview once."""
    jobs = [Job("overview.ipynb", (), "overview", "Overview: all reports at a glance"),
            Job("crosscheck.ipynb", (), "crosscheck", "Cross-check: every check's result")]
    for s in sorted(pkg.figures["series"].dropna().unique()):
        jobs.append(Job("timeline.ipynb", (("series", s),), f"timeline-{s}", f"Timeline: {s}"))
    for rid, title in zip(pkg.reports["report_id"], pkg.reports["title"]):
        jobs.append(Job("report.ipynb", (("report_id", rid),), f"report-{rid}", f"{rid}: {title}"))
    return jobs


def strip_volatile(nb) -> None:
    """Timings and run metadata change every run; nothing a reader needs is lost."""
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)


def execute(job: Job, timeout: float | None = None) -> Outcome:
    """Run one notebook in a fresh kernel; never raises. Runs in a worker process."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="civcas-") as tmp:
        out = Path(tmp) / job.notebook
        for attempt in range(KERNEL_START_RETRIES):
            try:
                pm.execute_notebook(str(paths.NOTEBOOKS / job.notebook), str(out), parameters=job.params,
                                    kernel_name="python3", progress_bar=False, log_output=False,
                                    execution_timeout=timeout, language="python")
                break
            except PapermillExecutionError as exc:
                return Outcome(job, False, time.perf_counter() - start, exc.cell_index, f"{exc.ename}: {exc.evalue}")
            except Exception as exc:  # kernel died, timed out, or could not start
                text = f"{type(exc).__name__}: {exc}".strip()
                starting = "address already in use" in text.lower() or "kernel didn't respond" in text.lower()
                if starting and attempt + 1 < KERNEL_START_RETRIES:
                    continue
                cell = _failed_cell(out)
                return Outcome(job, False, time.perf_counter() - start, cell, text.splitlines()[0] if text else repr(exc))
        nb = nbformat.read(out, as_version=4)
    cell_seconds = [c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells]
    strip_volatile(nb)
    return Outcome(job, True, time.perf_counter() - start, notebook_json=nbformat.writes(nb) + "\n", cell_seconds=cell_seconds)


def _failed_cell(path: Path) -> int | None:
    """The cell that was running when a kernel died or timed out, from papermill's saved progress."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return None
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("papermill", {}).get("status") == "running":
            return i
    return None


def _write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def chart_outputs(nb) -> list[tuple[str, str, bytes, str]]:
    """(name, svg, png, csv) for each chart a notebook displayed."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("civcas")
            if meta:
                out.append((meta["chart"], o["data"]["image/svg+xml"], base64.b64decode(o["data"]["image/png"]), meta["csv"]))
    return out


def publish(outcome: Outcome, reports_dir: Path) -> list[str]:
    """Write the notebook, its page and its charts; every file replaced atomically."""
    from . import site

    nb = nbformat.reads(outcome.notebook_json, as_version=4)
    page = site.notebook_page(nb, outcome.job)
    written = []
    for name, svg, png, csv in chart_outputs(nb):
        for ext, data in (("svg", svg), ("png", png), ("csv", csv)):
            _write_atomic(reports_dir / "figures" / f"{name}.{ext}", data)
            written.append(f"figures/{name}.{ext}")
    _write_atomic(reports_dir / f"{outcome.job.stem}.html", page)
    _write_atomic(reports_dir / f"{outcome.job.stem}.ipynb", outcome.notebook_json)
    return written + [f"{outcome.job.stem}.html", f"{outcome.job.stem}.ipynb"]


class BuildLock:
    """One build at a time: a second one started meanwhile stops with a clear message."""

    def __init__(self, reports_dir: Path):
        self.path = reports_dir / ".build.lock"

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "another process"
            self.fh.close()
            raise RuntimeError(f"another build is already writing {self.path.parent} (pid {holder}); wait for it to finish and run again") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def build(jobs: list[Job] | None = None, reports_dir: Path | None = None, workers: int | None = None,
          executor: cf.Executor | None = None, timeout: float | None = None, log=print) -> int:
    """Run the jobs and publish what succeeds. Returns the process exit code (0 only if all passed)."""
    from . import load, site
    from .errors import DataError

    reports_dir = Path(reports_dir or paths.REPORTS)
    try:
        pkg = load.load_package()
    except DataError as exc:
        log("The curated data has problems; no report was run and reports/ is unchanged:", file=sys.stderr)
        for p in exc.problems:
            log(f"  {p}", file=sys.stderr)
        return 2
    jobs = plan(pkg) if jobs is None else jobs
    workers = workers or min(default_workers(), len(jobs))
    try:
        lock = BuildLock(reports_dir).__enter__()
    except RuntimeError as exc:
        log(f"error: {exc}", file=sys.stderr)
        return 3
    failures = []
    try:
        own = executor is None
        ex = executor or cf.ProcessPoolExecutor(max_workers=workers)
        try:
            futures = {ex.submit(execute, job, timeout): job for job in jobs}
            for n, fut in enumerate(cf.as_completed(futures), 1):
                job = futures[fut]
                try:
                    outcome = fut.result()
                except Exception as exc:  # a worker process died
                    outcome = Outcome(job, False, error=f"{type(exc).__name__}: {exc}")
                if outcome.ok:
                    publish(outcome, reports_dir)
                    log(f"[{n}/{len(jobs)}] ok      {job.stem} ({outcome.seconds:.1f} s)")
                else:
                    failures.append(outcome)
                    where = f"cell {outcome.cell}" if outcome.cell is not None else "before any cell ran"
                    log(f"[{n}/{len(jobs)}] FAILED  {job.stem}: notebooks/{job.notebook} {dict(job.parameters)}, {where}: {outcome.error}", file=sys.stderr)
        finally:
            if own:
                ex.shutdown()
        _write_atomic(reports_dir / "index.html", site.index_page(pkg, jobs, failed={o.job.stem for o in failures}))
    finally:
        lock.__exit__(None, None, None)
    if failures:
        log(f"{len(failures)} of {len(jobs)} notebooks failed; their previous outputs were kept.", file=sys.stderr)
        return 1
    log(f"All {len(jobs)} notebooks ran; outputs in {reports_dir}.")
    return 0
