"""Regenerates every report: each notebook for each parameter set, executed with the papermill API,
published atomically into reports/ (executed notebook, HTML page, chart files), then the index.

Speed: notebooks run in a pool of worker processes (one per core unless told otherwise); each worker
keeps one warm kernel, started on a private IPC socket (no TCP ports to race for), and clears its
namespace (IPython's reset, sent on the open channels) between notebooks, so the cost of starting a
kernel and importing pandas and matplotlib is paid once per worker, not once per notebook.
`fresh_kernels=True` starts a new kernel for every notebook instead. A notebook is rerun only when
its inputs changed (see buildstate, codekeys and plan); the worker side is in kernels.

Safety: a failing notebook, a dead kernel or a cell past the timeout is named with its cell and
cause, its kernel is replaced, the others still finish, the last good outputs stay in place, and the
exit code is non-zero. One build at a time writes reports/ (a lock)."""

from __future__ import annotations

import base64
import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpers import paths
from helpers.build import buildstate, codekeys, isolation, kernels, outputs

VOLATILE_CELL_KEYS = ("papermill", "execution")
MAX_OUTPUT_BYTES = outputs.MAX_OUTPUT_BYTES  # one published file
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
EXIT_OK, EXIT_FAILED, EXIT_INPUTS, EXIT_LOCKED = 0, 1, 2, 3
EXIT_UNWRITABLE = outputs.EXIT_UNWRITABLE


class Stopped(BaseException):
    """The build was told to stop by a signal; exits 128 + its number (130 SIGINT, 143 SIGTERM, 129
    SIGHUP). A BaseException, like KeyboardInterrupt: no `except Exception` on the way (ours,
    nbformat's, matplotlib's optional imports) may swallow it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


@dataclass(frozen=True)
class Job:
    notebook: str  # file name under notebooks/ (or an absolute path)
    parameters: tuple  # ((name, value), ...) so a Job is hashable and picklable
    stem: str  # output name under reports/
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
    nb: object = None  # the executed notebook, for the main process to render its page
    page: str = ""
    charts: list = field(default_factory=list)
    cell_seconds: list = field(default_factory=list)
    warm_up_seconds: float = (
        0.0  # the imports this notebook's worker ran ahead of it (its first notebook only)
    )


def plan(pkg) -> list[Job]:
    """Every notebook for every parameter set the data calls for: one report page per registry row,
    one timeline per series, and the cross-check and overview once."""
    from helpers.present import headlines

    jobs = [
        Job("overview.ipynb", (), "overview", "Overview: all reports at a glance"),
        Job("crosscheck.ipynb", (), "crosscheck", "Cross-check: every check's result"),
    ]
    for s in sorted(pkg.figures["series"].dropna().unique()):
        title = headlines.series_title(pkg, s)
        jobs.append(Job("timeline.ipynb", (("series", s),), f"timeline-{s}", title))
    for rid in pkg.reports["report_id"]:
        title = headlines.report_title(pkg, rid)
        jobs.append(Job("report.ipynb", (("report_id", rid),), f"report-{rid}", title))
    return jobs


def sample(pkg, jobs: list[Job] | None = None) -> list[Job]:
    """The jobs that stand for the whole plan: the overview, the cross-check, the first timeline and
    the first report page of each kind of report, in the plan's order. Every timeline runs the same
    notebook, so one stands for them all; a report's kind changes what its page shows. nbval re-runs
    these in fresh kernels; every page is regression-tested byte for byte by a full build."""
    kinds = dict(zip(pkg.reports["report_id"], pkg.reports["kind"], strict=True))
    chosen, seen = [], set()
    for job in plan(pkg) if jobs is None else jobs:
        report_id = job.params.get("report_id")
        kind = kinds.get(report_id) if report_id is not None else job.notebook
        if kind not in seen:
            seen.add(kind)
            chosen.append(job)
    return chosen


def longest_first(jobs: list[Job], pkg) -> list[Job]:
    """The jobs in the order to hand them to the pool: the longest expected first, so that no worker
    starts a long notebook while the others run out of work. Expected length, measured here: a
    timeline, the overview and the cross-check take longest; a report page grows with the figures it
    shows. Only the order of execution changes; the index keeps plan()'s order."""
    f = pkg.figures
    shown = f["report_id"].value_counts().add(f["carried_by"].value_counts(), fill_value=0)
    rank = {"timeline.ipynb": 0, "overview.ipynb": 1, "crosscheck.ipynb": 2}

    def cost(job: Job):
        return rank.get(job.notebook, 3), -int(shown.get(job.params.get("report_id"), 0))

    return sorted(jobs, key=cost)


def strip_volatile(nb) -> None:
    """Timings and run metadata change every run; nothing a reader needs is lost. Execution counts
    are numbered 1, 2, ... as a fresh kernel would (a warm kernel's counter carries on). The
    kernel's Python version is not recorded: the same pins give the same outputs on 3.11, 3.12 and
    3.13. What a cell printed is kept as the kernel's flushes never split it: one output for each
    run of printing to one stream (a busy kernel flushes print(1) as "1" and "\n" now and then)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
        if cell.cell_type == "code":
            cell.outputs = joined_streams(cell.get("outputs", []))
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)


def joined_streams(outputs: list) -> list:
    """outputs with each run of stream outputs to the same stream (stdout, stderr) made one, its
    texts joined in order; every other output, and the order of all, as they were."""
    joined: list = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (
            output.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == output.get("name")
        ):
            last["text"] = _stream_text(last) + _stream_text(output)
        else:
            joined.append(output)
    return joined


def _stream_text(output) -> str:
    """A stream output's text, which a notebook file may hold as a list of lines."""
    text = output.get("text", "")
    return text if isinstance(text, str) else "".join(text)


def execute(
    job: Job,
    timeout: float | None = None,
    fresh_kernel: bool = False,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
    data_root: str | None = None,
) -> Outcome:
    """Run one notebook; never raises. Runs in a worker. The notebook is kept in memory while it
    runs (papermill is not asked to save it after every cell). Its page is rendered by the main
    process, which is otherwise idle, so this worker's kernel moves on to the next notebook at
    once. data_root: the build's $CIVCAS_DATA_ROOT (None: unset), given to the kernel whatever
    the worker's own environment holds (a worker may outlive the build that started it)."""
    kernels.skip_slow_optional_imports()
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    for attempt in range(kernels.KERNEL_START_RETRIES):
        try:
            nb = kernels.run_notebook(job.path, job.params, timeout, data_root)
            break
        except PapermillExecutionError as exc:
            kernels.discard_kernel()
            return Outcome(
                job,
                False,
                time.perf_counter() - start,
                exc.cell_index,
                f"{exc.ename}: {exc.evalue}",
            )
        except Exception as exc:  # the kernel died, a cell timed out, or the kernel could not start
            cell = kernels.failed_cell()
            kernels.discard_kernel()
            if cell is None and attempt + 1 < kernels.KERNEL_START_RETRIES:
                # no cell ran: a kernel that failed to start or a stale warm kernel; try a new
                # one
                continue
            return Outcome(
                job,
                False,
                time.perf_counter() - start,
                cell,
                kernels.failure_cause(exc, timeout),
            )
    if fresh_kernel:
        kernels.discard_kernel()
    cell_seconds = [c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells]
    warm_up_seconds = kernels.take_warm_up_seconds()
    strip_volatile(nb)
    notebook_json = nbformat.writes(nb) + "\n"
    try:
        charts = chart_outputs(nb)
    except OutputClash as exc:
        return Outcome(job, False, time.perf_counter() - start, error=str(exc))
    if len(notebook_json) > max_output_bytes:  # characters: a lower bound of its bytes, and cheap
        return Outcome(
            job,
            False,
            time.perf_counter() - start,
            error=too_large("its executed notebook", notebook_json, max_output_bytes),
            page_failed=True,
        )
    return Outcome(
        job,
        True,
        time.perf_counter() - start,
        notebook_json=notebook_json,
        nb=nb,
        charts=charts,
        cell_seconds=cell_seconds,
        warm_up_seconds=warm_up_seconds,
    )


def too_large(what: str, data: str | bytes, limit: int) -> str:
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    return (
        f"{what} is {size / 2**20:.1f} MB, over the limit of {limit / 2**20:g} MB for one "
        "published file "
        "(a cell that prints too much?); nothing of it was published (raise the limit with "
        "--max-output-mb)"
    )


def chart_outputs(nb) -> list[tuple[str, str, bytes, str, str]]:
    """(name, svg, png, csv, source) for each chart a notebook displayed; source says which chart it
    is in words (its title and cell), to name both sides of a clash. A chart output without its
    files is an OutputClash."""
    out = []
    for index, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("civcas")
            if not meta:
                continue
            try:
                name, data = str(meta["chart"]), o["data"]
                title = str(data.get("text/plain", "")).partition(": ")[2][:80]
                source = f"the chart {name!r}{f' ({title})' if title else ''} of cell {index}"
                out.append(
                    (
                        name,
                        data["image/svg+xml"],
                        base64.b64decode(data["image/png"], validate=True),
                        meta["csv"],
                        source,
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise OutputClash(
                    f"a chart output of cell {index} lacks its files ({type(exc).__name__}: "
                    f"{exc}); "
                    "show charts with helpers.notebook.show"
                ) from None
    return out


class OutputClash(Exception):
    """A notebook's outputs cannot be published under the names they ask for; one line."""


def output_files(
    outcome: Outcome, owners: dict[str, str], max_output_bytes: int = MAX_OUTPUT_BYTES
) -> dict[str, str | bytes]:
    """{name under the reports folder: content} of one notebook run: its charts' SVG, PNG and CSV,
    its page and the executed notebook. Two outputs may never share a name: two charts of one
    notebook with one name, or a name another page already publishes (owners: {name: stem}), is an
    OutputClash naming both; so is a name the reports folder would refuse, or a file over the size
    limit."""
    stem = outcome.job.stem
    files, sources = {}, {}
    for name, svg, png, csv, source in outcome.charts:
        for ext, data in (("svg", svg), ("png", png), ("csv", csv)):
            rel = f"figures/{name}.{ext}"
            if rel in files:
                raise OutputClash(
                    f"{sources[rel]} and {source} would both be published as {rel}; two outputs "
                    "may never "
                    "share a name: give one of the charts another name"
                )
            files[rel], sources[rel] = data, source
    files[f"{stem}.html"] = outcome.page
    files[f"{stem}.ipynb"] = outcome.notebook_json
    for rel, data in files.items():
        problem = outputs.name_problem(rel)
        if problem:
            raise OutputClash(f"refused to publish {problem} (from {sources.get(rel, stem)})")
        if owners.get(rel, stem) != stem:
            raise OutputClash(
                f"{sources.get(rel, stem)} would be published as {rel}, which {owners[rel]} "
                "already publishes; "
                "two outputs may never share a name: rename one"
            )
        if (
            len(data) > max_output_bytes // 4
            and len(data.encode("utf-8") if isinstance(data, str) else data) > max_output_bytes
        ):
            raise OutputClash(too_large(rel, data, max_output_bytes))
    return files


def publish(
    outcome: Outcome,
    reports,
    owners: dict[str, str] | None = None,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
) -> dict[str, str]:
    """Write the notebook, its page and its charts through the reports folder's owner: all staged,
    then all replaced, so a failure replaces none. Returns {path under the reports folder:
    sha256}."""
    return buildstate.folder(reports).publish(output_files(outcome, owners or {}, max_output_bytes))


def default_workers() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


class _StopState:
    """What the main thread knows of stop signals while a build runs (stop_on_signals)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """As at the start of a build."""
        self.held = 0  # signals_held blocks open
        self.stopping = False  # a stop is under way: later signals are only recorded
        self.pending: int | None = None  # a signal that arrived while held
        self.ignored: tuple[int, ...] = ()  # signals ignored when the build started


_STOP = _StopState()


def _stop_under_way() -> bool:
    """Whether the main thread is already handling a stop: ours, or the KeyboardInterrupt a library
    raises for SIGINT by itself (polars does, from its own SIGINT hook, before our handler runs)."""
    return _STOP.stopping or isinstance(sys.exc_info()[1], (Stopped, KeyboardInterrupt))


@contextlib.contextmanager
def stop_on_signals():
    """SIGINT, SIGTERM and SIGHUP raise Stopped in the main thread while the build runs (elsewhere,
    nothing changes: signals are the main thread's), unless the build was started ignoring them.
    One stop at a time: a signal that arrives while a stop is under way, or while signals are held
    (signals_held), is recorded, never raised in the middle of the work that ends the build
    cleanly."""
    if threading.current_thread() is threading.main_thread():
        _STOP.reset()

        def stop(signum, _frame):
            if _STOP.held or _stop_under_way():
                _STOP.pending = _STOP.pending or signum
                return
            _STOP.stopping = True
            raise Stopped(signum)

        # a signal the build was started ignoring stays ignored: `nohup make reports` outlives
        # its terminal, and a background job of a non-interactive shell ignores SIGINT
        _STOP.ignored = tuple(s for s in STOP_SIGNALS if signal.getsignal(s) is signal.SIG_IGN)
        previous = {
            sig: signal.signal(sig, stop) for sig in STOP_SIGNALS if sig not in _STOP.ignored
        }
    else:
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def keep_ignored() -> None:
    """Ignore again the signals the build was started ignoring (stop_on_signals): polars hooks
    SIGINT when it is imported, to raise its own KeyboardInterrupt, over whatever was there."""
    if threading.current_thread() is threading.main_thread():
        for sig in _STOP.ignored:
            signal.signal(sig, signal.SIG_IGN)


@contextlib.contextmanager
def signals_held():
    """Signals wait while files are replaced and the state saved, so a stop never splits a
    notebook's outputs from their record; one that arrived meanwhile is raised when the outermost
    block ends (unless a stop is already under way). The operating system may hand a signal to
    any thread, and Python runs its handler in the main thread whatever that thread blocks: the
    handler itself defers while a block is open (stop_on_signals)."""
    held = threading.current_thread() is threading.main_thread()
    if held:
        _STOP.held += 1
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        if held:
            _STOP.held -= 1
            if not _STOP.held:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
                pending, _STOP.pending = _STOP.pending, None
                if pending is not None and not _stop_under_way():
                    _STOP.stopping = True
                    raise Stopped(pending)


def missing_notebooks(jobs: list[Job]) -> list[str]:
    """One line for each planned notebook that is not there or is not a notebook."""
    import nbformat

    out = []
    if paths.NOTEBOOKS.is_symlink() and any(
        Path(os.path.abspath(job.path)).is_relative_to(paths.NOTEBOOKS) for job in jobs
    ):
        return [
            f"{_shown(paths.NOTEBOOKS)} is a symbolic link; expected the notebooks folder itself "
            "(restore it: git checkout -- notebooks)"
        ]
    for path in sorted({job.path for job in jobs}):
        shown = _shown(path)
        if path.is_symlink() or not path.is_file():
            what = (
                "a symbolic link"
                if path.is_symlink()
                else "missing"
                if not path.exists()
                else "not a file"
            )
            out.append(
                f"{shown}: the notebook is {what}; expected the notebook file (restore it: git "
                f"checkout -- {shown})"
            )
            continue
        try:
            nbformat.read(path, as_version=4)
        except (
            Exception
        ) as exc:  # JSON, encoding or notebook-format errors all mean the same to a user
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
            out.append(
                f"{shown}: not a valid notebook ({first}); restore it (git checkout -- {shown}) "
                "or repair it in JupyterLab"
            )
    return out


def build(
    jobs: list[Job] | None = None,
    reports_dir: Path | None = None,
    workers: int | None = None,
    executor: cf.Executor | None = None,
    timeout: float | None = None,
    force: bool = False,
    fresh_kernels: bool = False,
    log=print,
    stats: dict | None = None,
    only: list[str] | None = None,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
) -> int:
    """Run the jobs whose inputs changed (all of them with force; of those, only the stems in
    `only`) and publish what succeeds; the index always lists every planned page. Returns the exit
    code: 0 all ran or were current, 1 a notebook failed, 2 the inputs (data, notebooks, --only)
    have problems and nothing ran, 3 another build holds the lock, 4 the reports folder cannot be
    written, 128 + n stopped by signal n (130 SIGINT, 143 SIGTERM, 129 SIGHUP). `stats`, if given,
    receives per-notebook timings ({stem: {"seconds", "cell_seconds", "warm_up_seconds"}}) for
    benchmarks."""
    with stop_on_signals():
        try:
            return _build(
                jobs,
                reports_dir,
                workers,
                executor,
                timeout,
                force,
                fresh_kernels,
                log,
                stats,
                only,
                max_output_bytes,
            )
        except (Stopped, KeyboardInterrupt) as exc:
            # a library's own KeyboardInterrupt is the SIGINT it was sent
            stop = exc if isinstance(exc, Stopped) else Stopped(signal.SIGINT)
            log(
                f"stopped by {stop}: the notebooks published before it keep their new outputs, "
                "the others their "
                "previous ones; run the build again to finish",
                file=sys.stderr,
            )
            return stop.exit_code
        except outputs.OutputError as exc:
            log(f"error: {exc}", file=sys.stderr)
            return exc.exit_code


def _build(
    jobs,
    reports_dir,
    workers,
    executor,
    timeout,
    force,
    fresh_kernels,
    log,
    stats,
    only,
    max_output_bytes,
) -> int:
    reports = outputs.ReportsFolder(reports_dir or paths.REPORTS)
    full = jobs is None
    # the code each notebook depends on, before any process imports the helpers, and everything this
    # build reads, before it reads anything
    notebooks = {job.path for job in jobs} if jobs is not None else None
    buildstate.remember_imports(reports)
    with codekeys.one_reading():
        codes = buildstate.code_digests(notebooks)
        inputs = buildstate.inputs_digest()
    # (with a temporary file a killed build left, the build goes on, to remove it under the lock)
    if full and not force and not only and not reports.has_leftovers():
        current = buildstate.nothing_changed(reports, inputs=inputs)
        if current is not None:
            if os.path.lexists(isolation.SCRATCH):  # (a no-op makes no folder)
                _remove_abandoned(log)
            log(
                "Nothing changed since the last build: the data, notebooks and helpers are as "
                "they were when all "
                f"{len(current)} pages were built and checked ({_names(current)}). Open "
                f"{_shown(reports.root / 'index.html')} "
                "to read them; to rebuild every page anyway: make reports ARGS=--force"
            )
            return EXIT_OK

    # the user's own matplotlib, IPython and Jupyter settings are not read, by this process (before
    # matplotlib is imported) nor by the workers and kernels it starts
    isolation.ignore_user_settings()
    kernels.skip_slow_optional_imports()
    from helpers.data import load
    from helpers.errors import DataError

    keep_ignored()  # polars is in

    try:
        pkg = load.load_checked()
    except DataError as exc:
        log(
            f"The curated data has problems; no report was run and {reports.shown} is unchanged:",
            file=sys.stderr,
        )
        for p in exc.problems:
            log(f"  {p}", file=sys.stderr)
        return EXIT_INPUTS
    planned = plan(pkg) if full else jobs
    problems = missing_notebooks(planned)
    unknown = sorted(set(only or ()) - {job.stem for job in planned})
    if unknown:
        problems.append(
            f"--only names no planned page: {_names(unknown)}; the pages are named like "
            f"{planned[-1].stem if planned else 'report-<report_id>'}"
        )
    if problems:  # one line each; nothing was run and reports/ is unchanged
        for line in problems:
            log(f"error: {line}", file=sys.stderr)
        return EXIT_INPUTS
    try:
        lock = reports.lock(note=lambda line: log(line, file=sys.stderr)).__enter__()
    except outputs.LockHeld as exc:
        log(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    own = executor is None
    workers_started = []
    try:
        for leftover in reports.remove_leftovers():
            log(f"removed {leftover}, a temporary file a stopped build left behind")
        _remove_abandoned(log)
        # fork the workers now, so they import and start their kernels while the keys are computed
        if own:
            before = set(multiprocessing.active_children())
            held = os.fstat(lock.fileno)
            executor = worker_pool(
                # no more workers (each warms a kernel) than there are pages to run
                workers or min(default_workers(), len(only or planned) or 1),
                (lock.fileno, held.st_dev, held.st_ino),
            )
            with contextlib.suppress(cf.BrokenExecutor):  # a dead worker: each page says so
                executor.submit(int)
            workers_started = [p for p in multiprocessing.active_children() if p not in before]
        return _run_and_publish(
            pkg,
            planned,
            only,
            full,
            reports,
            (codes, inputs),
            executor,
            timeout,
            force,
            fresh_kernels,
            log,
            stats,
            max_output_bytes,
        )
    finally:
        # the workers end and the lock is let go whatever happens: a stop raised as this begins
        # (before signals are held: a library's KeyboardInterrupt lets ours follow it here) makes
        # it start again, and is raised once it is done; no call comes before the `try`, since a
        # pending signal's handler runs at a call
        stop, done = None, False
        while not done:
            try:
                abrupt = stop is not None or sys.exc_info()[0] is not None
                with signals_held():
                    if own and executor is not None:  # a stop may come before the pool is made
                        _stop_workers(executor, workers_started if abrupt else [])
                    lock.__exit__(None, None, None)
                    done = True
            except (Stopped, KeyboardInterrupt) as exc:
                stop = stop or exc
        if stop is not None:
            raise stop


def worker_pool(workers: int, lock: tuple[int, int, int] | None = None) -> cf.Executor:
    """The build's pool of worker processes, each warming a kernel as it starts
    (kernels.worker_init); lock: the build lock's (fd, device, inode), which each worker closes.
    A pool made without one (lock None) may serve any number of builds: each notebook is handed its
    build's data root."""
    return cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),  # the default up to 3.13
        initializer=kernels.worker_init,
        initargs=(lock,),
    )


def _remove_abandoned(log) -> None:
    """Remove the temporary folders of stopped builds' processes (isolation.remove_abandoned), a
    line for each."""
    for folder in isolation.remove_abandoned():
        log(f"removed {_shown(Path(folder))}, the temporary folder of a stopped build's process")


def _stop_workers(executor: cf.Executor, busy: list) -> None:
    """End the runner's own pool. After a stop, the workers (`busy`) may still be running notebooks:
    each is told to stop (it kills its kernel) and, if it does not, killed; then the pool is shut
    down once, waiting for its manager thread, so that nothing of it is left for the interpreter's
    exit."""
    busy = [p for p in busy if p.is_alive()]
    for process in busy:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in busy:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
    executor.shutdown(wait=True, cancel_futures=True)


def _run_and_publish(
    pkg,
    planned,
    only,
    full,
    reports,
    digests,
    executor,
    timeout,
    force,
    fresh_kernels,
    log,
    stats,
    max_output_bytes,
) -> int:
    """digests: ({notebook: its code's digest}, everything's digest) as taken when the build
    started."""
    # nbconvert (under site) is imported after the fork, while the workers start (which do not
    # need it)
    from helpers.build import plan as jobinputs
    from helpers.present import index, site

    codes, inputs = digests
    data = jobinputs.data_keys(pkg, planned)
    keys = {
        job.stem: buildstate.job_key(
            str(job.path),
            job.parameters,
            data[job.stem],
            codes.get(job.path) or buildstate.code_digest(job.path),
        )
        for job in planned
    }
    state = buildstate.BuildState(reports, keys, note=lambda line: log(line, file=sys.stderr))
    selected = [job.stem for job in planned if only is None or job.stem in only]
    stale = set(state.stale(selected, force))
    todo = longest_first([job for job in planned if job.stem in stale], pkg)
    skipped = sorted(stem for stem in selected if stem not in stale)
    if skipped:
        log(f"Unchanged since the last build, skipped {len(skipped)}: {_names(skipped)}")
    if full:
        for stem, kept in state.prune():
            log(
                f"removed the outputs of {stem}: the data no longer calls for it"
                + (f" (kept {_names(kept)}: changed since the build wrote them)" if kept else "")
            )
    statuses = {}
    failures = []
    saved = False
    try:
        if todo:
            failures = _run(
                todo,
                reports,
                state,
                executor,
                timeout,
                fresh_kernels,
                log,
                stats,
                while_waiting=lambda: (
                    site.exporter(),
                    statuses.update(index.page_statuses(pkg, planned)),
                ),
                max_output_bytes=max_output_bytes,
                pkg=pkg,
            )
        index_html = index.index_page(
            pkg,
            planned,
            failed={o.job.stem for o in failures},
            statuses=statuses or None,
            built=state.built(),
        )
        complete = full and not failures and state.current()
        if complete and buildstate.inputs_digest() != inputs:
            log(
                "note: the data, notebooks or helpers changed while the build ran; the pages show "
                "what was read at the start, and the next build reruns what the change touches",
                file=sys.stderr,
            )
            complete = False
        # the collection's own files with the planned pages' build, not with a caller's list of
        # jobs
        collection = {"index.html": index_html, **(index.collection_files(pkg) if full else {})}
        with signals_held():
            state.finish(reports.publish(collection), inputs if complete else None)
            saved = True
    except (Stopped, KeyboardInterrupt, outputs.OutputError):
        # stopped, or the folder cannot be written, before the record was saved (while the
        # notebooks ran or the index was made): what was published so far is recorded, so that
        # the next build does not redo it; a folder that takes nothing more keeps the last record
        if not saved:
            with signals_held(), contextlib.suppress(outputs.OutputError):
                state.save_stopped()
        raise
    if failures:
        log(
            f"{len(failures)} of {len(todo)} notebooks failed; their previous outputs were kept.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    log(
        f"{len(todo)} notebooks ran, {len(skipped)} were current; outputs in {reports.root}. "
        f"Open {_shown(reports.root / 'index.html')} to read them."
    )
    return EXIT_OK


def _shown(path: Path) -> str:
    """A path as a user would type it: relative to the repository when inside it (links not
    followed)."""
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return str(path)


def _names(stems: list[str], shown: int = 6) -> str:
    return ", ".join(stems[:shown]) + (
        f" and {len(stems) - shown} more" if len(stems) > shown else ""
    )


def _run(
    todo,
    reports,
    state: buildstate.BuildState,
    executor,
    timeout,
    fresh_kernels,
    log,
    stats=None,
    while_waiting=None,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
    pkg=None,
) -> list[Outcome]:
    """Execute in the pool, publishing each notebook as it finishes (its page rendered here);
    returns the failures. while_waiting: work for this process to do once the notebooks are
    submitted; pkg: the package the build read, which the pages' claim reviews come from (None:
    each page loads it)."""
    from helpers.present import site

    failures = []
    # as this process resolves it: a worker's or kernel's working folder may be another
    data_root = str(paths.data_root()) if os.environ.get(paths.DATA_ROOT_ENV) else None
    futures = {}
    for job in todo:
        try:
            fut = executor.submit(execute, job, timeout, fresh_kernels, max_output_bytes, data_root)
        except cf.BrokenExecutor as exc:  # a worker died before (the system killed it): named below
            fut = cf.Future()
            fut.set_exception(exc)
        futures[fut] = job
    if while_waiting is not None:
        while_waiting()
    for n, fut in enumerate(_completed(futures), 1):
        job = futures[fut]
        try:
            outcome = fut.result()
        except Exception as exc:  # the worker process itself died
            outcome = Outcome(
                job, False, error=f"{type(exc).__name__}: the worker running it stopped ({exc})"
            )
        if stats is not None:
            stats[job.stem] = {
                "seconds": outcome.seconds,
                "cell_seconds": outcome.cell_seconds,
                "warm_up_seconds": outcome.warm_up_seconds,
            }
        if outcome.ok:
            try:
                outcome.page = site.notebook_page(outcome.nb, job, pkg)
            except (
                Exception
            ) as exc:  # the notebook ran but its page cannot be made: publish neither
                outcome = Outcome(
                    job,
                    False,
                    outcome.seconds,
                    error=f"{type(exc).__name__}: its page could not be rendered ({exc})",
                    page_failed=True,
                )
        if outcome.ok:
            try:
                with signals_held():
                    written = publish(outcome, reports, state.owners(), max_output_bytes)
                    for rel in state.ran(job.stem, written):
                        log(
                            f"note: {job.stem} no longer publishes {rel}, which was edited "
                            "since it was built: kept; delete it if it is not wanted"
                        )
            except OutputClash as exc:
                outcome = Outcome(job, False, outcome.seconds, error=str(exc), page_failed=True)
        if outcome.ok:
            log(f"[{n}/{len(todo)}] ok      {job.stem} ({outcome.seconds:.1f} s)")
        else:
            failures.append(outcome)
            where = (
                f"cell {outcome.cell}"
                if outcome.cell is not None
                else "after it ran"
                if outcome.page_failed
                else "before any cell ran"
            )
            log(
                f"[{n}/{len(todo)}] FAILED  {job.stem}: {_shown(job.path)}"
                # its parameters, when it has any ("{}" said nothing)
                + (f" {dict(job.parameters)}" if job.parameters else "")
                + f", {where}: {outcome.error}",
                file=sys.stderr,
            )
    return failures


def _completed(futures):
    """Futures as they finish. The main thread wakes every quarter second rather than blocking in
    one wait: a signal that the operating system hands to another thread (polars and jemalloc run
    their own) is acted on only when the main thread runs Python code again."""
    pending = set(futures)
    while pending:
        done, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
        yield from sorted(done, key=list(futures).index)
