"""Regenerates every report: each notebook for each parameter set, executed with the papermill API,
published atomically into reports/ (executed notebook, HTML page, chart files), then the index.

Speed: notebooks run in a pool of worker processes (one per core unless told otherwise); each worker keeps
one warm kernel, started on a private IPC socket (no TCP ports to race for), and clears its namespace
(`%reset -f`, sent on the open channels) between notebooks, so the cost of starting a kernel and importing pandas and matplotlib
is paid once per worker, not once per notebook. `fresh_kernels=True` starts a new kernel for every
notebook instead. A notebook is rerun only when its inputs changed (see buildstate and jobinputs).

Safety: a failing notebook, a dead kernel or a cell past the timeout is named with its cell and cause,
its kernel is replaced, the others still finish, the last good outputs stay in place, and the exit code
is non-zero. One build at a time writes reports/ (a lock)."""
from __future__ import annotations

import base64
import concurrent.futures as cf
import fcntl
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import buildstate, paths

VOLATILE_CELL_KEYS = ("papermill", "execution")
KERNEL_START_RETRIES = 3
ENGINE = "civcas-warm"
WARM_UP_CODE = "import helpers.load, helpers.views, helpers.notebook"
RESET_CODE = "__import__('helpers.runner', fromlist=['runner']).reset_kernel_namespace()"


@dataclass(frozen=True)
class Job:
    notebook: str            # file name under notebooks/ (or an absolute path)
    parameters: tuple        # ((name, value), ...) so a Job is hashable and picklable
    stem: str                # output name under reports/
    title: str

    @property
    def params(self) -> dict:
        return dict(self.parameters)

    @property
    def path(self) -> Path:
        return paths.NOTEBOOKS / self.notebook


@dataclass
class Outcome:
    job: Job
    ok: bool
    seconds: float = 0.0
    cell: int | None = None  # the cell that failed, if one did
    error: str = ""
    page_failed: bool = False  # every cell ran, but the page could not be rendered
    notebook_json: str = ""
    nb: object = None        # the executed notebook, for the main process to render its page
    page: str = ""
    charts: list = field(default_factory=list)
    cell_seconds: list = field(default_factory=list)
    warm_up_seconds: float = 0.0  # the imports this notebook's worker ran ahead of it (its first notebook only)


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


def longest_first(jobs: list[Job], pkg) -> list[Job]:
    """The jobs in the order to hand them to the pool: the longest expected first, so that no worker
    starts a long notebook while the others run out of work. Expected length, measured here: a timeline,
    the overview and the cross-check take longest; a report page grows with the figures it shows.
    Only the order of execution changes; the index keeps plan()'s order."""
    f = pkg.figures
    shown = f["report_id"].value_counts().add(f["carried_by"].value_counts(), fill_value=0)
    rank = {"timeline.ipynb": 0, "overview.ipynb": 1, "crosscheck.ipynb": 2}

    def cost(job: Job):
        return rank.get(job.notebook, 3), -int(shown.get(job.params.get("report_id"), 0))
    return sorted(jobs, key=cost)


def strip_volatile(nb) -> None:
    """Timings and run metadata change every run; nothing a reader needs is lost. Execution counts
    are numbered 1, 2, ... as a fresh kernel would (a warm kernel's counter carries on)."""
    nb.metadata.pop("papermill", None)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)


def reset_kernel_namespace() -> None:
    """Runs inside a warm kernel between notebooks: what `%reset -f` does (every name the last notebook
    defined, its output history and aliases cleared) and its figures closed, without the two full garbage
    collections IPython adds to a reset (60 ms each, measured here after a report notebook: more than
    half the cost of switching notebooks). Unreachable cycles are still freed by the interpreter's own
    collector as it allocates; nothing a notebook prints depends on when."""
    import gc

    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect


# ---- worker side: one warm kernel per worker (per thread, if the executor uses threads) ----

_LOCAL = threading.local()


def _register_engine() -> None:
    """A papermill engine that runs on this worker's warm kernel and keeps it, and its client's
    channels, open for the next notebook; it clears the namespace first if a notebook ran before."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class WarmClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            if getattr(_LOCAL, "runs", 0):
                reply = self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False))
                if not reply or reply["content"]["status"] != "ok":
                    raise RuntimeError("could not reset the warm kernel before the notebook")
            super().papermill_execute_cells()

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            _LOCAL.nb_man = nb_man  # the notebook as it runs, to name the cell if the kernel dies
            client = WarmClient(nb_man, **final)
            client.kc = getattr(_LOCAL, "kc", None)  # reuse the open channels: no second wait for the kernel
            result = client.execute()
            _LOCAL.kc = client.kc
            _LOCAL.runs = getattr(_LOCAL, "runs", 0) + 1
            return result

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, WarmKernelEngine)


def _kernel():
    """This worker's kernel manager (its kernel is started by the first notebook that uses it)."""
    km = getattr(_LOCAL, "km", None)
    if km is None:
        from multiprocessing.util import Finalize

        from jupyter_client.manager import AsyncKernelManager

        folder = tempfile.mkdtemp(prefix="civcas-kernel-")
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "kernel"))
        _LOCAL.km, _LOCAL.folder, _LOCAL.runs, _LOCAL.kc = km, folder, 0, None
        _LOCAL.finalizer = Finalize(km, _shutdown, args=(km, folder), exitpriority=10)
    return km


def _shutdown(km, folder) -> None:
    from jupyter_core.utils import run_sync
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass
    shutil.rmtree(folder, ignore_errors=True)


def _discard_kernel() -> None:
    """Replace this worker's kernel: after a failure its state cannot be trusted, and it may be dead or busy."""
    kc = getattr(_LOCAL, "kc", None)
    if kc is not None:
        try:
            kc.stop_channels()
        except Exception:
            pass
    _LOCAL.kc, _LOCAL.runs = None, 0
    if getattr(_LOCAL, "km", None) is not None:
        _LOCAL.finalizer()  # runs _shutdown once
        _LOCAL.km = None


def warm_up() -> None:
    """Pool initializer: import what a run needs and start this worker's kernel with the helpers
    imported, while the main process is still deciding what to run. A failure here is harmless:
    the first notebook then starts its own kernel."""
    _skip_slow_optional_imports()
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(WARM_UP_CODE)]
    with tempfile.TemporaryDirectory(prefix="civcas-") as tmp:
        path = Path(tmp) / "warm-up.ipynb"
        nbformat.write(nb, path)
        try:
            nb = _run_on_warm_kernel(path, path)
            _LOCAL.warm_up_seconds = nb.cells[0].metadata.papermill.get("duration") or 0.0
        except Exception:
            _discard_kernel()


def _run_on_warm_kernel(path: Path, out: Path, parameters: dict | None = None, timeout: float | None = None):
    """papermill's API on this worker's kernel; the notebook stays in memory while it runs."""
    import papermill as pm

    _register_engine()
    _LOCAL.nb_man = None  # set by the engine once this notebook starts; a failure before that names no cell
    return pm.execute_notebook(str(path), str(out), parameters=parameters, engine_name=ENGINE, km=_kernel(),
                               kernel_name="python3", progress_bar=False, log_output=False, execution_timeout=timeout,
                               language="python", request_save_on_cell_execute=False)


def execute(job: Job, timeout: float | None = None, fresh_kernel: bool = False) -> Outcome:
    """Run one notebook; never raises. Runs in a worker. The notebook is kept in memory while it runs
    (papermill is not asked to save it after every cell). Its page is rendered by the main process,
    which is otherwise idle, so this worker's kernel moves on to the next notebook at once."""
    _skip_slow_optional_imports()
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="civcas-") as tmp:
        out = Path(tmp) / Path(job.notebook).name
        for attempt in range(KERNEL_START_RETRIES):
            try:
                nb = _run_on_warm_kernel(job.path, out, job.params, timeout)
                break
            except PapermillExecutionError as exc:
                _discard_kernel()
                return Outcome(job, False, time.perf_counter() - start, exc.cell_index, f"{exc.ename}: {exc.evalue}")
            except Exception as exc:  # the kernel died, a cell timed out, or the kernel could not start
                cell = _failed_cell()
                _discard_kernel()
                if cell is None and attempt + 1 < KERNEL_START_RETRIES:
                    continue  # no cell ran: a kernel that failed to start or a stale warm kernel; try a new one
                return Outcome(job, False, time.perf_counter() - start, cell, _cause(exc, timeout))
    if fresh_kernel:
        _discard_kernel()
    cell_seconds = [c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells]
    warm_up_seconds, _LOCAL.warm_up_seconds = getattr(_LOCAL, "warm_up_seconds", 0.0), 0.0
    strip_volatile(nb)
    return Outcome(job, True, time.perf_counter() - start, notebook_json=nbformat.writes(nb) + "\n", nb=nb,
                   charts=chart_outputs(nb), cell_seconds=cell_seconds, warm_up_seconds=warm_up_seconds)


def _cause(exc: Exception, timeout: float | None) -> str:
    name = type(exc).__name__
    if name == "CellTimeoutError" or "timed out" in str(exc).lower():
        return f"{name}: the cell ran longer than the timeout of {timeout:g} s and was stopped"
    if name == "DeadKernelError" or "kernel died" in str(exc).lower():
        return f"{name}: the kernel died while the cell ran (a crash, os._exit or running out of memory)"
    first = str(exc).strip().splitlines()
    return f"{name}: {first[0]}" if first else name


def _failed_cell() -> int | None:
    """The cell that was running when the kernel died or timed out: the last one the notebook being
    run (held in memory by the engine) shows as started. None if no cell started."""
    nb_man = getattr(_LOCAL, "nb_man", None)
    if nb_man is None:
        return None
    started = [i for i, cell in enumerate(nb_man.nb.cells) if cell.metadata.get("papermill", {}).get("start_time")]
    return started[-1] if started else None


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


def publish(outcome: Outcome, reports_dir: Path) -> dict[str, str]:
    """Write the notebook, its page and its charts, each file replaced atomically.
    Returns {path under reports_dir: sha256} of what was written."""
    files = {}
    for name, svg, png, csv in outcome.charts:
        for ext, data in (("svg", svg), ("png", png), ("csv", csv)):
            files[f"figures/{name}.{ext}"] = data
    files[f"{outcome.job.stem}.html"] = outcome.page
    files[f"{outcome.job.stem}.ipynb"] = outcome.notebook_json
    written = {}
    for rel, data in files.items():
        raw = data.encode("utf-8") if isinstance(data, str) else data
        _write_atomic(reports_dir / rel, raw)
        written[rel] = buildstate.digest_bytes(raw)
    return written


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
          executor: cf.Executor | None = None, timeout: float | None = None, force: bool = False,
          fresh_kernels: bool = False, log=print, stats: dict | None = None) -> int:
    """Run the jobs whose inputs changed (all of them with force) and publish what succeeds.
    Returns the process exit code: 0 all ran or were current, 1 a notebook failed, 2 the data has
    problems, 3 another build holds the lock. `stats`, if given, receives per-notebook timings
    ({stem: {"seconds", "cell_seconds", "warm_up_seconds"}}) for benchmarks."""
    reports_dir = Path(reports_dir or paths.REPORTS)
    full = jobs is None
    if full and not force:
        current = buildstate.nothing_changed(reports_dir)
        if current is not None:
            log(f"Nothing changed since the last build: skipped all {len(current)} notebooks ({_names(current)}).")
            return 0

    _skip_slow_optional_imports()
    from . import jobinputs, load
    from .errors import DataError

    try:
        pkg = load.load_package()
    except DataError as exc:
        log("The curated data has problems; no report was run and reports/ is unchanged:", file=sys.stderr)
        for p in exc.problems:
            log(f"  {p}", file=sys.stderr)
        return 2
    jobs = plan(pkg) if full else jobs
    try:
        lock = BuildLock(reports_dir).__enter__()
    except RuntimeError as exc:
        log(f"error: {exc}", file=sys.stderr)
        return 3
    failures = []
    own = executor is None
    if own:  # fork the workers now, so they import and start their kernels while the keys are computed
        executor = cf.ProcessPoolExecutor(max_workers=workers or min(default_workers(), len(jobs) or 1), initializer=warm_up)
        executor.submit(int)
    from . import site  # nbconvert: imported after the fork, while the workers start (they do not need it)

    try:
        state = buildstate.load(reports_dir)
        code = buildstate.code_digest()
        data = jobinputs.data_keys(pkg, jobs)
        keys = {job.stem: buildstate.job_key(str(job.path), job.parameters, data[job.stem], code) for job in jobs}
        todo = [job for job in jobs if force or not buildstate.up_to_date(state, job.stem, keys[job.stem], reports_dir)]
        todo = longest_first(todo, pkg)
        skipped = sorted(job.stem for job in jobs if job not in todo)
        if skipped:
            log(f"Unchanged since the last build, skipped {len(skipped)}: {_names(skipped)}")
        statuses = {}
        if todo:
            failures = _run(todo, reports_dir, state, keys, executor, timeout, fresh_kernels, log, stats,
                            while_waiting=lambda: (site._exporter(), statuses.update(site.page_statuses(pkg, jobs))))
        if full:
            _prune(state, {job.stem for job in jobs}, reports_dir, log)
        index = site.index_page(pkg, jobs, failed={o.job.stem for o in failures}, statuses=statuses or None)
        _write_atomic(reports_dir / "index.html", index)
        state["index"] = buildstate.digest_bytes(index.encode("utf-8"))
        state["complete"] = full and not failures
        state["inputs"] = buildstate.inputs_digest() if state["complete"] else None
        buildstate.save(reports_dir, state)
    finally:
        if own:
            executor.shutdown(cancel_futures=True)
        lock.__exit__(None, None, None)
    if failures:
        log(f"{len(failures)} of {len(todo)} notebooks failed; their previous outputs were kept.", file=sys.stderr)
        return 1
    log(f"{len(todo)} notebooks ran, {len(skipped)} were current; outputs in {reports_dir}.")
    return 0


def _skip_slow_optional_imports() -> None:
    """jsonschema, under nbformat, imports rfc3987_syntax when it is installed, only to check the "iri"
    string format, and that import compiles a grammar: 1.0 s of a 1.5 s `import papermill, nbconvert`,
    measured here, paid in the main process and again in every worker. Notebook validation never uses
    that format, so the runner's processes mark the module absent (jsonschema then skips the check)."""
    sys.modules.setdefault("rfc3987_syntax", None)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return str(path)


def _names(stems: list[str], shown: int = 6) -> str:
    return ", ".join(stems[:shown]) + (f" and {len(stems) - shown} more" if len(stems) > shown else "")


def _run(todo, reports_dir, state, keys, executor, timeout, fresh_kernels, log, stats=None, while_waiting=None) -> list[Outcome]:
    """Execute in the pool, publishing each notebook as it finishes (its page rendered here); returns
    the failures. while_waiting: work for this process to do once the notebooks are submitted."""
    from . import site

    failures = []
    futures = {executor.submit(execute, job, timeout, fresh_kernels): job for job in todo}
    if while_waiting is not None:
        while_waiting()
    for n, fut in enumerate(cf.as_completed(futures), 1):
        job = futures[fut]
        try:
            outcome = fut.result()
        except Exception as exc:  # the worker process itself died
            outcome = Outcome(job, False, error=f"{type(exc).__name__}: the worker running it stopped ({exc})")
        if stats is not None:
            stats[job.stem] = {"seconds": outcome.seconds, "cell_seconds": outcome.cell_seconds, "warm_up_seconds": outcome.warm_up_seconds}
        if outcome.ok:
            try:
                outcome.page = site.notebook_page(outcome.nb, job)
            except Exception as exc:  # the notebook ran but its page cannot be made: publish neither
                outcome = Outcome(job, False, outcome.seconds, error=f"{type(exc).__name__}: its page could not be rendered ({exc})", page_failed=True)
        if outcome.ok:
            state["jobs"][job.stem] = {"key": keys[job.stem], "outputs": publish(outcome, reports_dir)}
            log(f"[{n}/{len(todo)}] ok      {job.stem} ({outcome.seconds:.1f} s)")
        else:
            failures.append(outcome)
            where = f"cell {outcome.cell}" if outcome.cell is not None else "after it ran" if outcome.page_failed else "before any cell ran"
            log(f"[{n}/{len(todo)}] FAILED  {job.stem}: {_shown(job.path)} {dict(job.parameters)}, {where}: {outcome.error}", file=sys.stderr)
    return failures


def _prune(state: dict, planned: set[str], reports_dir: Path, log) -> None:
    """Remove the outputs of notebooks the data no longer calls for (a report deleted from the registry)."""
    for stem in sorted(set(state["jobs"]) - planned):
        for rel in state["jobs"].pop(stem).get("outputs", {}):
            (reports_dir / rel).unlink(missing_ok=True)
        log(f"removed the outputs of {stem}: the data no longer calls for it")
