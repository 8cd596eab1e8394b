"""The build reads no one's personal settings and writes nothing outside the repository's folders.

Left to themselves, matplotlib, IPython and Jupyter read settings from the home folder and keep
caches there, and the build's workers kept their temporary files in the system's temporary folder.
Measured before this module: a `~/.config/matplotlib/matplotlibrc` recoloured every chart (the
published files then differ from the committed ones byte for byte), a file in
`~/.ipython/profile_default/startup/` ran in every kernel, and a build wrote matplotlib's font cache
and an IPython profile into the home folder. $MATPLOTLIBRC, $PYTHONSTARTUP, $MPLBACKEND and
$PYTHONWARNINGS would do the same from the environment, and a kernel named python3 in the user's
Jupyter folder would run every notebook in another Python.

- ignore_user_settings(): the build's own process, and so every worker and kernel it starts (and the
  test run), keeps matplotlib's font cache in the repository's .cache/matplotlib/ (nothing else may
  be there), gives IPython, Jupyter and everything that looks in the home folder new empty folders
  of its own (FRESH), drops the variables that name settings elsewhere (DROPPED) and pins the
  kernels numpy's matrix products use (blas_settings: the same bytes on every x86-64 processor);
  kernel_environment() is that environment, given to every kernel the build starts, a worker of
  someone else's pool included.
- own_scratch(): a process's temporary folder, under .cache/tmp/ (SCRATCH), held by a lock for as
  long as the process lives; remove_abandoned() removes those whose process is gone (a build
  killed with SIGKILL leaves them), as each build starts, under its lock.

.cache/ is found without following a link: a link or a file in its place (a checkout may hold one)
stops the build with one line (OutputError, exit 4). Standard library only (and paths, outputs)."""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import json
import os
import platform
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from helpers import paths
from helpers.build import outputs

CACHE = paths.ROOT / ".cache"
# kept from build to build, under CACHE: matplotlib's font cache (its only file: a matplotlibrc or a
# style planted there is refused, see checked_matplotlib_folder; the house style draws with the
# fonts matplotlib ships whatever the cache lists, style.bundled_fonts_only)
MATPLOTLIB = "matplotlib"
MATPLOTLIB_FILES = re.compile(r"fontlist-v[\d.]+\.json(?:\.matplotlib-lock)?")
# made new in each process's own temporary folder (own_scratch), so that nothing a checkout or an
# earlier run left there is read: IPython's profile (no startup file, no configuration), Jupyter's
# configuration, data (kernels, templates) and runtime, and an empty home folder for everything
# else that looks there (matplotlib's font search and fc-list, ~/.fonts included)
FRESH = {
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "HOME": "home",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_CACHE_HOME": "home/.cache",
}
# OpenBLAS, which numpy's matrix products call, picks its kernels by the processor, and kernels
# for different processors round the last bit differently: on an AMD EPYC with AVX-512 a label's
# leader line in two timeline charts ended 0.006 pt from where an AVX2 machine drew it, and 6 of
# the 549 published files differed from the committed ones. Every process the build and the tests
# start uses the AVX2 kernels (OpenBLAS's "Haswell") where the processor has AVX2 and FMA, as
# almost every x86-64 processor since 2015 has, whatever the user set; elsewhere OpenBLAS chooses,
# or the user's own OPENBLAS_CORETYPE does (set to stop a misdetected processor crashing), and the
# bytes may differ.
BLAS_CORE = "OPENBLAS_CORETYPE"
BLAS_CORE_NAME, BLAS_CORE_NEEDS = "Haswell", frozenset({"avx2", "fma"})
SETTINGS = ("MPLCONFIGDIR", "POLARS_OOC_SPILL_DIR", *FRESH, BLAS_CORE)
# variables naming settings or code outside the repository, or changing what a notebook shows: a
# kernel then uses its defaults (the inline backend, Python's own warning filters)
DROPPED = (
    "MATPLOTLIBRC",
    "MPLBACKEND",
    "PYTHONSTARTUP",
    "PYTHONWARNINGS",
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
)
SCRATCH = CACHE / "tmp"  # each process's temporary folder (own_scratch)
OWNER = ".owner"  # in each: the file its process keeps locked while it lives
# a kernel's sockets: "<folder>/kernel-<port>-<n>" must fit in a Unix socket's 107 bytes; in a
# checkout whose path is too long, they go in a private folder of SOCKETS instead
SOCKET_ROOM = 80
SOCKETS, SOCKET_PREFIX = Path("/tmp"), "civcas-kernel-"
POLARS = "polars"  # polars' spill folder (it would list and clean /var/tmp/polars-$USER/spill)
STALE_LOCK_SECONDS = 60  # matplotlib's lock on its font cache is held for about a second
# a temporary folder with no OWNER is being made for an instant; one untouched this long is
# abandoned
STALE_FOLDER_SECONDS = 60
# a folder opened as one, never through a link
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
REMOVE_IT = "remove it (the build makes the folder, and keeps its caches and temporary files there)"
UNWRITABLE = (
    "not writable; the build keeps its caches and temporary files in .cache/ (git ignores it): "
    "make it writable"
)
# folder -> (its parent folder, open; its name; its OWNER file, open and locked) for each folder
# this process holds: removed through the open parent, never by a path a link could redirect
_HELD: dict[str, tuple[int, str, int]] = {}
_OWN: dict[int, str] = {}  # pid -> its temporary folder (a forked child makes its own)


def plain_folder(folder: Path) -> Path:
    """folder, made if missing, and each folder from CACHE (or, outside it, folder itself) down to
    it a real folder (outputs.ReportsFolder.folder): a symbolic link or a file in the way raises
    OutputError naming it, and nothing is followed or made beyond it."""
    top = CACHE if folder.is_relative_to(CACHE) else folder
    below = folder.relative_to(top).as_posix() if folder != top else ""
    return outputs.ReportsFolder(top, "the build's cache folder", REMOVE_IT, UNWRITABLE).folder(
        below
    )


def checked_matplotlib_folder() -> Path:
    """CACHE/matplotlib (plain_folder), holding nothing but matplotlib's font cache: a settings
    file or a style someone put there (a checkout may hold one) raises OutputError naming it."""
    folder = plain_folder(CACHE / MATPLOTLIB)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if not (entry.is_file(follow_symlinks=False) and MATPLOTLIB_FILES.fullmatch(entry.name)):
            raise outputs.OutputError(
                f"{entry.path} was not made by the build, which keeps only matplotlib's font cache "
                "there and reads no one's settings: remove it"
            )
        # a lock a killed process left (matplotlib would warn and rebuild the cache every time),
        # or a cache that is not matplotlib's (it would fail every build): removed, and made again
        stale = entry.name.endswith(".matplotlib-lock") and (
            time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_LOCK_SECONDS
        )
        if stale or not (entry.name.endswith(".matplotlib-lock") or font_cache_ok(entry.path)):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
    return folder


FONT_FIELDS = {"fname": str, "name": str, "style": str, "variant": str, "stretch": str}


def font_cache_ok(path: str) -> bool:
    """Whether a file reads as matplotlib's font cache: a JSON object whose ttflist and afmlist
    are lists of font entries, each with its fields of the right kinds."""
    try:
        cache = json.loads(paths.read_regular(path))
    except (OSError, ValueError):
        return False
    if not isinstance(cache, dict):
        return False
    fonts = [cache.get("ttflist"), cache.get("afmlist")]
    return all(isinstance(found, list) for found in fonts) and all(
        isinstance(font, dict)
        and font.get("__class__") == "FontEntry"
        and all(isinstance(font.get(k), kind) for k, kind in FONT_FIELDS.items())
        and isinstance(font.get("weight"), int | str)
        and isinstance(font.get("size"), int | float | str)
        for found in fonts
        for font in found
    )


def kernel_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """environ (os.environ) without DROPPED, with MPLCONFIGDIR naming CACHE/matplotlib, each FRESH
    variable a folder (made here) in this process's own temporary folder (own_scratch; raises
    OutputError), and this checkout first on PYTHONPATH. CACHE/matplotlib is checked by
    ignore_user_settings."""
    env = {k: v for k, v in (os.environ if environ is None else environ).items()}
    for name in DROPPED:
        env.pop(name, None)
    own = Path(own_scratch())
    env["MPLCONFIGDIR"] = str(CACHE / MATPLOTLIB)
    env["POLARS_OOC_SPILL_DIR"] = str(CACHE / POLARS)
    for name, sub in FRESH.items():
        (own / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(own / sub)
    env.update(blas_settings())
    # the kernels import this checkout's helpers, as this process did: an environment shared with
    # another checkout (its editable install) would hand them the other's code and data
    env["PYTHONPATH"] = os.pathsep.join(
        [str(paths.ROOT), *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)]
    )
    return env


def blas_settings(machine: str | None = None, cpu_flags: frozenset[str] | None = None) -> dict:
    """{BLAS_CORE: BLAS_CORE_NAME} on an x86-64 processor with BLAS_CORE_NEEDS (machine and
    cpu_flags: this one's, from platform and /proc/cpuinfo), else {} (OpenBLAS chooses; a core
    forced on a processor without its instructions would crash). Read before numpy is imported."""
    machine = platform.machine() if machine is None else machine
    if machine.lower() not in ("x86_64", "amd64"):
        return {}
    flags = processor_flags() if cpu_flags is None else cpu_flags
    return {BLAS_CORE: BLAS_CORE_NAME} if flags >= BLAS_CORE_NEEDS else {}


def processor_flags() -> frozenset[str]:
    """The instruction-set flags of this machine's first processor in /proc/cpuinfo (Linux);
    none where it cannot be read."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                name, _, value = line.partition(":")
                if name.strip() == "flags":
                    return frozenset(value.split())
    except OSError:
        pass
    return frozenset()


def ignore_user_settings() -> None:
    """This process, and every process it starts from now on, uses kernel_environment(), its
    folders checked (checked_matplotlib_folder, SCRATCH; raises OutputError). Call it before
    matplotlib, IPython or Jupyter is imported: they read their settings once."""
    checked_matplotlib_folder()
    plain_folder(CACHE / POLARS)
    plain_folder(SCRATCH)  # (a process that made its own folder earlier would not look again)
    env = kernel_environment()
    for name in DROPPED:
        os.environ.pop(name, None)
    os.environ.update({name: env[name] for name in SETTINGS if name in env})


def own_scratch() -> str:
    """This process's temporary folder under SCRATCH, made by its first call (scratch_folder) and
    removed when the process exits normally or is stopped (remove_own_scratch; a worker's, by
    its own finalizer), else by the next build (remove_abandoned); a forked child makes its own."""
    pid = os.getpid()
    if pid not in _OWN:
        _OWN.clear()
        _OWN[pid] = scratch_folder()
        atexit.register(remove_own_scratch)
    return _OWN[pid]


def remove_own_scratch() -> None:
    """Remove this process's temporary folder (own_scratch), if it made one. It is forgotten only
    once removed: a stop that cuts into a removal (a worker's exit, told to end by the pool at that
    moment) removes it again, whole."""
    folder = _OWN.get(os.getpid())
    if folder is not None:
        remove_folder(folder)
        _OWN.pop(os.getpid(), None)


def scratch_folder(root: Path | None = None, prefix: str = "w-") -> str:
    """A new folder for this process's temporary files, under root (SCRATCH, checked by
    plain_folder: raises OutputError), held as long as the process lives or until remove_folder:
    its OWNER file, locked, appears in it only once the lock is taken, so no other build sees it
    free."""
    where = root or plain_folder(SCRATCH)
    parent = folder_fd = fd = -1
    try:
        parent = os.open(where, DIR_FLAGS)
        for _ in range(100):
            name = f"{prefix}{secrets.token_hex(4)}"
            try:
                os.mkdir(name, 0o700, dir_fd=parent)
                break
            except FileExistsError:
                continue
        else:  # never another process's folder
            raise FileExistsError(errno.EEXIST, "no free name")
        folder_fd = os.open(name, DIR_FLAGS, dir_fd=parent)
        staged = f"{OWNER}.new"
        fd = os.open(
            staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600, dir_fd=folder_fd
        )
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(staged, OWNER, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except OSError as exc:  # (a folder half made is removed by a later build: remove_abandoned)
        for opened in (fd, parent):
            if opened >= 0:
                os.close(opened)
        raise outputs.OutputError(
            outputs.describe(exc, f"{where}/{prefix}*", None if root else UNWRITABLE)
        ) from None
    finally:
        if folder_fd >= 0:
            os.close(folder_fd)
    folder = os.path.join(str(where), name)
    _HELD[folder] = (parent, name, fd)
    return folder


def remove_folder(folder: str) -> None:
    """Remove a folder of this process (scratch_folder, socket_folder) and let go of its lock;
    never raises. A held folder, and one inside it, is removed through its open parent: a link put
    in place of a folder on its path since (.cache/tmp, say) is never followed. It is forgotten
    only once removed (a stop that cuts in removes it again, whole)."""
    held = _HELD.get(folder)
    if held is not None:
        parent, name, fd = held
        shutil.rmtree(name, ignore_errors=True, dir_fd=parent)
        _HELD.pop(folder, None)
        for opened in (fd, parent):
            with contextlib.suppress(OSError):
                os.close(opened)
        return
    for path, (parent, name, _fd) in list(_HELD.items()):
        if os.path.dirname(folder) == path:  # a kernel's folder in this process's own (k-*)
            try:
                inside = os.open(name, DIR_FLAGS, dir_fd=parent)
            except OSError:
                return
            try:
                shutil.rmtree(os.path.basename(folder), ignore_errors=True, dir_fd=inside)
            finally:
                os.close(inside)
            return
    shutil.rmtree(folder, ignore_errors=True)


def sockets_elsewhere() -> bool:
    """Whether this checkout's path is too long for kernels' sockets in its own folders."""
    return len(str(SCRATCH)) + len("/w-12345678/k-12345678") > SOCKET_ROOM


def socket_folder() -> str:
    """A new folder for one kernel's sockets and files, in this process's temporary folder; in a
    checkout whose path is too long for a socket (sockets_elsewhere), a private folder of SOCKETS
    held like scratch_folder's, which the next build removes if its process is killed."""
    if sockets_elsewhere():
        return scratch_folder(SOCKETS, SOCKET_PREFIX)
    return tempfile.mkdtemp(prefix="k-", dir=own_scratch())


def _untouched_for(parent: int, name: str, seconds: float) -> bool:
    """Whether nothing in the folder name of parent (its entries, one level down) changed in the
    last seconds."""
    try:
        fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    except OSError:
        return False
    try:
        times = [os.fstat(fd).st_mtime]
        times += [e.stat(follow_symlinks=False).st_mtime for e in os.scandir(fd)]
    except OSError:
        return False
    finally:
        os.close(fd)
    return time.time() - max(times) > seconds


def remove_abandoned() -> list[str]:
    """Remove every folder of SCRATCH (and kernels' folders of SOCKETS, if sockets_elsewhere) whose
    OWNER file no live process holds (a process killed with its build left it) and return their
    paths. A folder in use is left, and so is one with no OWNER (being made) until nothing in it
    has changed for STALE_FOLDER_SECONDS; so is anything that is not a plain folder (nothing is
    followed: each is reached through its open parent)."""
    removed = []
    for root, prefix in [(SCRATCH, "")] + [(SOCKETS, SOCKET_PREFIX)] * sockets_elsewhere():
        try:
            parent = os.open(plain_folder(root) if root == SCRATCH else root, DIR_FLAGS)
        except (outputs.OutputError, OSError):
            continue
        try:
            names = sorted(
                e.name
                for e in os.scandir(parent)
                if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)
            )
            removed += [
                os.path.join(str(root), name) for name in names if _abandoned_removed(parent, name)
            ]
        except OSError:
            continue
        finally:
            os.close(parent)
    return removed


def _abandoned_removed(parent: int, name: str) -> bool:
    """Remove the folder name of parent if no live process holds it (remove_abandoned); whether
    it is gone."""
    try:  # without waiting: a named pipe in its place would block an open
        fd = os.open(f"{name}/{OWNER}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=parent)
    except FileNotFoundError:
        # no owner: a folder being made (for an instant), or one whose process was killed while
        # making or removing it, or that a dying kernel wrote again after its worker removed it:
        # taken once nothing has changed in it for a while
        if not _untouched_for(parent, name, STALE_FOLDER_SECONDS):
            return False
        fd = None
    except OSError:
        return False
    try:
        if fd is not None:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(name, ignore_errors=True, dir_fd=parent)
    except OSError:
        return False
    finally:
        if fd is not None:
            os.close(fd)
    try:
        os.lstat(name, dir_fd=parent)
    except FileNotFoundError:
        return True
    except OSError:
        pass
    return False
