"""Where things live. Every path in the project comes from here, found from this file's own
location, so notebooks work the same from JupyterLab, papermill, nbval or any working directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT_ENV = "CIVCAS_DATA_ROOT"


def data_root(root: Path | str | None = None) -> Path:
    """The folder holding datapackage.json and data/. A test or a reviewer can point the whole
    collection at a copy of the data with CIVCAS_DATA_ROOT, without touching any code."""
    if root is not None:
        return Path(root).resolve()
    env = os.environ.get(DATA_ROOT_ENV)
    if not env:
        return ROOT
    shown = f"{env[:80]!r}{'…' if len(env) > 80 else ''}"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in env):
        raise _root_problem(f"{shown} holds a control character (a line break?)")
    try:
        where = Path(env).resolve()
        os.lstat(where)
    except FileNotFoundError:  # said where datapackage.json is looked for
        return where
    except (OSError, RuntimeError) as exc:  # a name too long, a loop of links
        reason = getattr(exc, "strerror", None) or exc
        raise _root_problem(f"{shown} cannot be used: {reason}") from None
    return where


def _root_problem(what: str) -> Exception:
    """The one-line DataError for a $CIVCAS_DATA_ROOT that names no usable folder."""
    from helpers.errors import DataError, Problem

    return DataError(
        [
            Problem(
                f"${DATA_ROOT_ENV}",
                f"{what}; expected the folder holding datapackage.json and data/",
            )
        ]
    )


def datapackage(root: Path | str | None = None) -> Path:
    """The path of datapackage.json under the data root."""
    return data_root(root) / "datapackage.json"


NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"
HELPERS = ROOT / "helpers"


def relative(path: Path | str, root: Path | str | None = None) -> str:
    """A path as shown to people: relative to the data root when it is inside it, else as given (in
    POSIX form either way)."""
    path = Path(path)
    try:
        return path.resolve().relative_to(data_root(root)).as_posix()
    except ValueError:
        return path.as_posix()


# ---- reading a file of the tree without following a link ----------------------------------------
# the one way raw documents, tables, the schema, the build state and outputs read back are opened

KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFile(OSError):
    """Something other than a regular file stands at a path; `kind` says what, in words."""

    def __init__(self, kind: str, path: Path | str) -> None:
        super().__init__(f"{path} is {kind}")
        self.kind = kind


def file_kind(path: Path | str) -> str | None:
    """None for a regular file; else what stands there, in words ("a symbolic link", "a folder",
    ...), the link itself, not what it points to. Raises FileNotFoundError when nothing does."""
    mode = os.lstat(path).st_mode
    return (
        None
        if stat.S_ISREG(mode)
        else next((kind for test, kind in KINDS if test(mode)), "not a regular file")
    )


def read_regular(path: Path | str) -> bytes:
    """The bytes of the regular file at path. A link, folder, pipe or device raises NotAFile before
    anything is opened; the file is then opened without following a link and checked to be the one
    looked at (a swap in between raises NotAFile too). Other failures raise OSError as usual."""
    kind = file_kind(path)
    if kind:
        raise NotAFile(kind, path)
    looked = os.lstat(path)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (looked.st_dev, looked.st_ino) or not stat.S_ISREG(
        opened.st_mode
    ):
        os.close(fd)
        raise NotAFile("replaced while it was being read", path)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()
