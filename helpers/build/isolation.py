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
  test run), points matplotlib, IPython and Jupyter at folders under the repository's .cache/
  (SETTINGS) and drops the variables that name settings elsewhere (DROPPED); kernel_environment()
  is that environment, given to every kernel the build starts, a worker of someone else's pool
  included.
- scratch_folder(): a worker's temporary folder, under .cache/tmp/ (SCRATCH), held by a lock for
  as long as the worker lives; remove_abandoned() removes those whose worker is gone (a build
  killed with SIGKILL leaves them), as each build starts, under its lock.

.cache/ is found without following a link: a link or a file in its place (a checkout may hold one)
stops the build with one line (OutputError, exit 4). Standard library only (and paths, outputs)."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from helpers import paths
from helpers.build.outputs import OutputError

CACHE = paths.ROOT / ".cache"
# variable -> its folder under CACHE: matplotlib's settings and font cache, IPython's profile (no
# startup files, no configuration), Jupyter's configuration, data (kernels, templates) and runtime
SETTINGS = {
    "MPLCONFIGDIR": "matplotlib",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
}
# variables naming settings or code outside the repository, or changing what a notebook shows: a
# kernel then uses its defaults (the inline backend, Python's own warning filters)
DROPPED = (
    "MATPLOTLIBRC",
    "MPLBACKEND",
    "PYTHONSTARTUP",
    "PYTHONWARNINGS",
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
)
SCRATCH = CACHE / "tmp"  # workers' temporary folders
OWNER = ".owner"  # in each: the file its worker keeps locked while it lives
_HELD: list[int] = []  # this process's own OWNER files, open (and locked) until it exits


def plain_folder(folder: Path) -> Path:
    """folder, made if missing, and each folder from CACHE (or, outside it, folder's parent) down to
    it a real folder: a symbolic link or a file in the way raises OutputError naming it, and nothing
    is followed or made beyond it."""
    top = CACHE if folder.is_relative_to(CACHE) else folder
    path = top
    for part in ("", *folder.relative_to(top).parts):
        path = path / part if part else path
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
            except OSError as exc:
                raise OutputError(
                    f"{path} cannot be made ({exc.strerror}); the build keeps its caches and "
                    f"temporary files in {CACHE}: make it writable"
                ) from None
            mode = os.lstat(path).st_mode
        if not stat.S_ISDIR(mode):
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
            raise OutputError(
                f"{path} is {kind}; the build keeps its caches and temporary files there and "
                "follows no link: remove it (the build makes the folder)"
            )
    return folder


def kernel_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """environ (os.environ) without DROPPED and with each SETTINGS variable naming its folder under
    CACHE (not made here: see ignore_user_settings)."""
    env = {k: v for k, v in (os.environ if environ is None else environ).items()}
    for name in DROPPED:
        env.pop(name, None)
    env.update({name: str(CACHE / sub) for name, sub in SETTINGS.items()})
    return env


def ignore_user_settings() -> None:
    """This process, and every process it starts from now on, uses kernel_environment(): the
    SETTINGS folders are made (plain_folder; raises OutputError) and set, DROPPED unset. Call it
    before matplotlib, IPython or Jupyter is imported: they read their settings once."""
    for sub in SETTINGS.values():
        plain_folder(CACHE / sub)
    env = kernel_environment()
    for name in DROPPED:
        os.environ.pop(name, None)
    os.environ.update({name: env[name] for name in SETTINGS})


def scratch_folder() -> str:
    """A new folder for this process's temporary files, under SCRATCH (plain_folder; raises
    OutputError), held as long as the process lives: its OWNER file, locked, appears in it only
    once the lock is taken, so no other build sees it free."""
    folder = tempfile.mkdtemp(prefix="w-", dir=plain_folder(SCRATCH))
    staged = os.path.join(folder, f"{OWNER}.new")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(staged, os.path.join(folder, OWNER))
    _HELD.append(fd)
    return folder


def remove_abandoned() -> list[str]:
    """Remove every folder of SCRATCH whose OWNER file no live process holds (a worker killed
    with its build left it) and return their paths. A folder in use, or still being made (no OWNER
    yet), is left; so is anything that is not a plain folder (nothing is followed)."""
    try:
        entries = sorted(os.scandir(plain_folder(SCRATCH)), key=lambda entry: entry.name)
    except (OutputError, OSError):
        return []
    removed = []
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            fd = os.open(os.path.join(entry.path, OWNER), os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os.close(fd)
        if not os.path.lexists(entry.path):
            removed.append(entry.path)
    return removed
