"""The worker side of the build: one warm kernel per worker (per thread, if the executor uses
threads).

Each worker keeps one kernel, started on a private IPC socket (no TCP ports to race for) without
the user's own settings (isolation.kernel_environment), and clears
its namespace between notebooks, so the cost of starting a kernel and importing pandas and
matplotlib is paid once per worker, not once per notebook. A papermill engine runs notebooks on that
kernel and keeps its channels open. A kernel that failed is replaced; every kernel a process started
is killed, and its socket folder removed, however the process ends.

Standard library at import time: the namespace reset imports this module inside every kernel."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

KERNEL_START_RETRIES = 3
ENGINE = "civcas-warm"
# gc.freeze: what the warm-up imported is never walked by a garbage collection again (see
# reset_kernel_namespace)
WARM_UP_CODE = (
    "import helpers.data.load, helpers.present.views, helpers.notebook\n"
    "__import__('helpers.build.kernels', fromlist=['kernels']).freeze_heap()"
)
RESET_CODE = "__import__('helpers.build.kernels', fromlist=['kernels']).reset_kernel_namespace()"
# run before every notebook (after RESET_CODE on a kernel that ran one): the build's data root
DATA_ROOT_CODE = "__import__('helpers.build.kernels', fromlist=['kernels']).use_data_root({!r})"

_LOCAL = threading.local()
# {socket folder: kernel manager} of every kernel this process started, for an abrupt end
_STARTED: dict[str, object] = {}


def reset_kernel_namespace() -> None:
    """Runs inside a warm kernel between notebooks: IPython's own reset (every name the last
    notebook defined, its output history and aliases cleared) and the notebook's figures closed.

    The reset's full garbage collection is made cheap, not skipped: the warm-up, or else the first
    reset, freezes what survives a collection (modules, caches: gc.freeze), so later collections
    walk only what notebooks made since. Measured here after report notebooks: about 5 ms a switch,
    where a plain reset walks the whole heap each time (about 95 ms)."""
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    get_ipython().reset(new_session=False)
    if not _FROZEN:  # a kernel that ran no warm-up: freeze once, after a collection
        freeze_heap()


# whether this kernel has frozen its heap (freeze_heap); gc.get_freeze_count() would tell too, but
# it counts the frozen objects one by one (about 11 ms after the warm-up, at every notebook)
_FROZEN: list[bool] = []


def freeze_heap() -> None:
    """Runs inside a kernel, once: a full collection, then what survives it frozen (gc.freeze), so
    later collections walk only what notebooks made since."""
    import gc

    gc.collect()
    gc.freeze()
    _FROZEN.append(True)


def use_data_root(root: str | None) -> None:
    """Runs inside a kernel before a notebook: the data root the notebook reads (paths.data_root)
    is the build's, root (None: the repository's own data), whatever the kernel inherited when it
    started. A warm kernel outlives the build that started it (a Dask worker, a long-lived pool),
    and a later build may read another copy of the data."""
    from helpers import paths

    if root is None:
        os.environ.pop(paths.DATA_ROOT_ENV, None)
    else:
        os.environ[paths.DATA_ROOT_ENV] = root


def register_engine() -> None:
    """Register a papermill engine that runs on this worker's warm kernel and keeps it, and its
    client's channels, open for the next notebook; it clears the namespace first if a notebook ran
    before. Registering twice changes nothing."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    from helpers import paths
    from helpers.build import isolation

    class WarmClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            # one round trip: the last notebook's names cleared (if one ran), then the data root
            # set, whatever the kernel inherited or a notebook left in its environment
            code = DATA_ROOT_CODE.format(getattr(_LOCAL, "data_root", None))
            if getattr(_LOCAL, "runs", 0):
                code = f"{RESET_CODE}\n{code}"
            reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
            if not reply or reply["content"]["status"] != "ok":
                raise RuntimeError("could not prepare the warm kernel for the notebook")
            super().papermill_execute_cells()

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            _LOCAL.nb_man = nb_man  # the notebook as it runs, to name the cell if the kernel dies
            client = WarmClient(nb_man, **final)
            # reuse the open channels: no second wait for the kernel
            client.kc = getattr(_LOCAL, "kc", None)
            # started (if it must be) without the user's own settings, in the notebooks' folder
            result = client.execute(env=isolation.kernel_environment(), cwd=str(paths.NOTEBOOKS))
            _LOCAL.kc = client.kc
            _LOCAL.runs = getattr(_LOCAL, "runs", 0) + 1
            return result

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, WarmKernelEngine)


def kernel_manager() -> Any:
    """This worker's kernel manager (its kernel is started by the first notebook that uses it)."""
    km = getattr(_LOCAL, "km", None)
    if km is None:
        from multiprocessing.util import Finalize

        from jupyter_client.manager import AsyncKernelManager

        from helpers.build import isolation

        folder = isolation.socket_folder()
        sockets = os.path.join(folder, "kernel")
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=sockets)
        _LOCAL.km, _LOCAL.folder, _LOCAL.runs, _LOCAL.kc = km, folder, 0, None
        _LOCAL.finalizer = Finalize(km, shutdown_kernel, args=(km, folder), exitpriority=10)
        _STARTED[folder] = km
    return km


def started_kernels() -> list[str]:
    """The socket folders of the kernels this process started and has not shut down."""
    return sorted(_STARTED)


def shutdown_kernel(km, folder: str) -> None:
    """Shut one kernel down (at once) and remove its socket folder; never raises."""
    from jupyter_core.utils import run_sync

    from helpers.build import isolation

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass
    _STARTED.pop(folder, None)
    isolation.remove_folder(folder)


def kill_kernels() -> None:
    """Kill every kernel this process started, at once and from any thread (its session's process
    group: a kernel runs in a session of its own), and remove their socket folders."""
    from helpers.build import isolation

    pids = {getattr(getattr(km, "provisioner", None), "pid", None) for km in _STARTED.values()}
    if _STARTED:  # and a kernel started but not yet known to its manager (a stop at its launch)
        pids.update(_kernel_children())
    for pid in pids - {None}:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for folder in list(_STARTED):
        isolation.remove_folder(folder)
    _STARTED.clear()


def _kernel_children() -> list[int]:
    """The pids of this process's children that are kernels (ipykernel's launcher); never
    raises."""
    try:
        import psutil

        return [
            child.pid
            for child in psutil.Process().children()
            if any("ipykernel" in part for part in child.cmdline())
        ]
    except Exception:
        return []


def worker_init(lock: tuple[int, int, int] | None) -> None:
    """Initializer of the runner's own worker processes. A worker
    - closes its copy of the build lock (inherited by fork), so the lock ends with the main process;
    - keeps every temporary file (its own, its kernel's connection file, socket and cell files) in
      one folder of its own under the repository's .cache/tmp/ (isolation.own_scratch), removed
      when it exits, or by the next build if it is killed;
    - ignores SIGINT and SIGHUP (a terminal's Ctrl-C reaches the whole process group: the main
      process decides) and on SIGTERM kills its kernel and exits;
    - watches its parent: if the main process is gone, even by SIGKILL, it kills its kernel and
      exits."""
    from multiprocessing.util import Finalize

    # (fd, device, inode): closed only if this process really inherited that file
    if lock is not None:
        fd, device, inode = lock
        with contextlib.suppress(OSError):
            if (os.fstat(fd).st_dev, os.fstat(fd).st_ino) == (device, inode):
                os.close(fd)
    from helpers.build import isolation

    folder = isolation.own_scratch()  # the build checked .cache/tmp before it forked
    tempfile.tempdir = os.environ["TMPDIR"] = folder  # the kernels it starts inherit TMPDIR
    # exit priority 0: after the kernels (a forked worker runs finalizers, not exit handlers)
    Finalize(None, isolation.remove_own_scratch, exitpriority=0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    whole_results()
    signal.signal(signal.SIGTERM, exit_worker)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        exit_worker()

    threading.Thread(target=watch, name="civcas-parent-watch", daemon=True).start()
    warm_up()


# a worker's sending of a result to the main process, under way (> 0) or not; and whether a
# stop came meanwhile (see whole_results)
_SENDING = {"depth": 0, "exit": False}


def whole_results() -> None:
    """Make this worker process send each result whole: a stop (SIGTERM) that comes while a result
    is being written to the pool's queue waits until it is written. A worker that exited with half a
    result in the pipe left the main process's pool reading the rest for ever (its own copy of the
    pipe's writing end keeps it open), and the build hung, deaf to signals while it shut its
    workers down. For the worker processes only: worker_init calls it after the fork."""
    from multiprocessing import queues

    send = queues.SimpleQueue.put

    def put(self, obj) -> None:
        _SENDING["depth"] += 1
        try:
            send(self, obj)
        finally:
            _SENDING["depth"] -= 1
            if not _SENDING["depth"] and _SENDING["exit"]:
                exit_worker()

    queues.SimpleQueue.put = put


def exit_worker(*_signal) -> None:
    """End this worker now: its kernels killed, its temporary folder removed; after the result it
    is sending, if it is sending one (whole_results)."""
    if _SENDING["depth"] and _signal:
        _SENDING["exit"] = True
        kill_kernels()  # the notebook it runs stops now; the process once the result is sent
        return
    from helpers.build import isolation

    kill_kernels()
    isolation.remove_own_scratch()
    os._exit(0)


def discard_kernel() -> None:
    """Replace this worker's kernel: after a failure its state cannot be trusted, and it may be dead
    or busy."""
    kc = getattr(_LOCAL, "kc", None)
    if kc is not None:
        with contextlib.suppress(Exception):
            kc.stop_channels()
    _LOCAL.kc, _LOCAL.runs = None, 0
    if getattr(_LOCAL, "km", None) is not None:
        _LOCAL.finalizer()  # runs shutdown_kernel once
        _LOCAL.km = None


def warm_up() -> None:
    """Pool initializer: import what a run needs and start this worker's kernel with the helpers
    imported, while the main process is still deciding what to run. A failure here is harmless:
    the first notebook then starts its own kernel."""
    skip_slow_optional_imports()
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(WARM_UP_CODE)]
    with tempfile.TemporaryDirectory(prefix="civcas-") as tmp:
        path = Path(tmp) / "warm-up.ipynb"
        nbformat.write(nb, path)
        try:
            nb = run_notebook(path)
            _LOCAL.warm_up_seconds = nb.cells[0].metadata.papermill.get("duration") or 0.0
        except Exception:
            discard_kernel()


def take_warm_up_seconds() -> float:
    """The seconds of imports this worker's warm-up ran ahead of its first notebook, once: later
    notebooks get 0."""
    seconds, _LOCAL.warm_up_seconds = getattr(_LOCAL, "warm_up_seconds", 0.0), 0.0
    return seconds


def run_notebook(
    path: Path,
    parameters: dict | None = None,
    timeout: float | None = None,
    data_root: str | None = None,
) -> Any:
    """Execute one notebook with papermill's API on this worker's kernel and return it executed; the
    notebook stays in memory while it runs and is written nowhere (the caller publishes it), and
    reads the data under data_root (None: the repository's own; see use_data_root). Raises what
    papermill raises."""
    import papermill as pm

    register_engine()
    _LOCAL.data_root = data_root
    # set by the engine once this notebook starts; a failure before that names no cell
    _LOCAL.nb_man = None
    return pm.execute_notebook(
        str(path),
        None,  # no output file: papermill would write the whole notebook out once more
        parameters=parameters,
        engine_name=ENGINE,
        km=kernel_manager(),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        execution_timeout=timeout,
        language="python",
        request_save_on_cell_execute=False,
    )


def failure_cause(exc: Exception, timeout: float | None) -> str:
    """One line for a kernel that died, a cell past the timeout or a kernel that did not start."""
    name = type(exc).__name__
    if name == "CellTimeoutError" or "timed out" in str(exc).lower():
        return f"{name}: the cell ran longer than the timeout of {timeout:g} s and was stopped"
    if name == "DeadKernelError" or "kernel died" in str(exc).lower():
        return (
            f"{name}: the kernel died while the cell ran "
            "(a crash, os._exit or running out of memory)"
        )
    first = str(exc).strip().splitlines()
    return f"{name}: {first[0]}" if first else name


def failed_cell() -> int | None:
    """The cell that was running when the kernel died or timed out: the last one the notebook being
    run (held in memory by the engine) shows as started. None if no cell started."""
    nb_man = getattr(_LOCAL, "nb_man", None)
    if nb_man is None:
        return None
    started = [
        i
        for i, cell in enumerate(nb_man.nb.cells)
        if cell.metadata.get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


def skip_slow_optional_imports() -> None:
    """jsonschema, under nbformat, imports rfc3987_syntax when it is installed, only to check the
    "iri" string format, and that import compiles a grammar: 1.0 s of a 1.5 s `import papermill,
    nbconvert`, measured here, paid in the main process and again in every worker. Notebook
    validation never uses that format, so the build's processes, and the test run's
    (pytest_first), mark the module absent (jsonschema then skips the check)."""
    sys.modules.setdefault("rfc3987_syntax", None)
