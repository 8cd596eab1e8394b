"""The one owner of the reports folder. Everything the build writes, replaces, reads back or deletes
there goes through a ReportsFolder, which makes these promises whatever a checkout holds:

- a path is used only if it is a plain name below the folder (no `..`, no absolute path, no hidden
  name, letters, digits, `.`, `_` and `-` only, at most MAX_NAME characters a part), whatever the
  data or the recorded build state says: names built from data are checked here too;
- no symbolic link is ever followed: not the folder itself, not a subfolder such as `figures/`, not
  a file read back for its digest, not the lock; a link found where a folder must be stops the
  build;
- every file is written to a temporary file beside it and renamed into place, all of one notebook's
  files staged before any is replaced, so a full disk or a read-only folder replaces nothing; the
  temporary files are removed then, and a later build removes any that a killed build left;
- published files get the mode a checkout gives new files (0666 less the umask), not mkstemp's 0600;
- a file is deleted only when its content is what the build recorded writing there;
- one build at a time holds the lock; the lock of a build that died is taken over with a note.

Failures raise OutputError with one line naming the file and what to do. Standard library only (and
paths, for reading a file without following a link)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from helpers import paths

# the largest file a build publishes by default (runner.build: --max-output-mb); the largest page
# today is about 0.6 MB
MAX_OUTPUT_BYTES = 25 * 2**20
MAX_NAME = 200  # characters in one part of a published name; file systems allow 255 bytes
SAFE_PART = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_NAME - 1}}}")
MAX_DEPTH = 3
TEMP_SUFFIX = ".civcas-tmp"
# What a stopped build leaves: ".<output name>.<mkstemp's 8 characters><suffix>"; earlier builds
# used the suffix ".tmp", and staged their own state with two dots first ("..build-state.json.…").
# Only names of that exact form, of the kinds of file the build writes, are removed.
LEFTOVER = re.compile(
    r"^\.\.?[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|ipynb|svg|png|csv|json)\.[a-z0-9_]{8}"
    r"(?:\.civcas-tmp|\.tmp)$"
)
MAX_PID = 2**22  # Linux's largest pid_max
LOCK_FILE = ".build.lock"
EXIT_UNWRITABLE = 4


class OutputError(Exception):
    """The reports folder cannot be written as asked; the message is the one line a user sees."""

    exit_code = EXIT_UNWRITABLE


class LockHeld(Exception):
    """Another live build holds the folder."""

    exit_code = 3


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def name_problem(rel: str) -> str | None:
    """Why `rel` may not be a published name, or None when it may."""
    if not isinstance(rel, str) or not rel:
        return "an empty name"
    if "\\" in rel or rel.startswith("/") or os.path.isabs(rel):
        return f"{rel[:80]!r} is not a name inside the reports folder"
    parts = rel.split("/")
    if len(parts) > MAX_DEPTH:
        return f"{rel[:80]!r} is nested deeper than {MAX_DEPTH} folders"
    for part in parts:
        if part in ("", ".", ".."):
            return f"{rel[:80]!r} leaves the reports folder"
        if len(part) > MAX_NAME:
            return f"{part[:40]}... is {len(part)} characters long; expected at most {MAX_NAME}"
        if not SAFE_PART.fullmatch(part):
            return (
                f"{rel[:80]!r} has a character outside A-Z, a-z, 0-9, '.', '_' and '-' or starts "
                "with one of '.', '_', '-'"
            )
    return None


def checked_name(rel: str, source: str = "") -> str:
    problem = name_problem(rel)
    if problem:
        raise OutputError(
            f"refused to write {problem}{f' (from {source})' if source else ''}; nothing outside "
            "the reports folder is ever written"
        )
    return rel


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def describe(exc: OSError, where: str, unwritable: str | None = None) -> str:
    """One line for an operating-system failure on a file of the reports folder (unwritable: what
    to do when the folder cannot be written, for another folder than the reports folder)."""
    reasons = {
        errno.ENOSPC: "the disk is full; free some space and build again",
        errno.EDQUOT: "the disk quota is used up; free some space and build again",
        errno.EROFS: (
            "the reports folder is on a read-only file system; build into another with "
            "--reports-dir"
        ),
        errno.EACCES: (
            "permission denied; make the reports folder writable or build into another with "
            "--reports-dir"
        ),
        errno.EPERM: (
            "permission denied; make the reports folder writable or build into another with "
            "--reports-dir"
        ),
        errno.ENAMETOOLONG: "the name is too long for the file system",
        errno.ELOOP: "it is a symbolic link, which the build never follows; remove it",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "a folder stands where a file must be written; remove it",
    }
    if unwritable is not None:
        reasons.update(dict.fromkeys((errno.EROFS, errno.EACCES, errno.EPERM), unwritable))
    return f"cannot write {where}: {reasons.get(exc.errno, exc.strerror or type(exc).__name__)}"


class ReportsFolder:
    """The reports folder of one build. Nothing is created until something is written."""

    def __init__(
        self,
        root: Path | str,
        role: str = "the reports folder",
        fix: str = "give its real path with --reports-dir, or remove the link",
        unwritable: str | None = None,
    ):
        self.root = Path(os.path.abspath(root))
        self.unwritable = unwritable  # what to do when it cannot be written (describe)
        self.shown = self.root.name + "/"
        try:
            info = os.lstat(self.root)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise OutputError(
                f"{self.root}: cannot be {role}: "
                f"{describe(exc, 'it').removeprefix('cannot write it: ')}"
            ) from None
        if info is not None and stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"{self.root}: {role} is a symbolic link, which the build never follows; {fix}"
            )
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise OutputError(
                f"{self.root}: not a folder; {role} must be a folder (or not exist yet)"
            )
        self.mode = 0o666 & ~_umask()

    # ---- paths ----

    def _folder(self, parts: list[str], create: bool) -> Path:
        """The real folder below the root named by parts, every step checked not to be a link."""
        folder = self.root
        for part in [None, *parts]:
            folder = folder if part is None else folder / part
            try:
                info = os.lstat(folder)
            except FileNotFoundError:
                if not create:
                    raise
                info = None
            except OSError as exc:
                raise OutputError(describe(exc, self._show(folder), self.unwritable)) from None
            if info is None:
                try:
                    os.mkdir(folder, 0o777)
                except FileExistsError:  # made meanwhile by another process: checked below
                    pass
                except OSError as exc:
                    raise OutputError(describe(exc, self._show(folder), self.unwritable)) from None
                info = os.lstat(folder)
            if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
                what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a folder"
                raise OutputError(
                    f"{self._show(folder)} is {what}; the build writes only into real folders "
                    "inside "
                    f"{self.shown} and never follows a link: remove it and build again"
                )
        return folder

    def _show(self, path: Path) -> str:
        return (
            (Path(self.root.name) / path.relative_to(self.root)).as_posix()
            if path != self.root
            else self.shown
        )

    def path(self, rel: str, create: bool = False) -> Path:
        """The checked path of a published name (its folders made when create is true)."""
        parts = checked_name(rel).split("/")
        return self._folder(parts[:-1], create) / parts[-1]

    def folder(self, rel: str = "") -> Path:
        """The real folder of a checked name below the root (the root itself for ""), made with
        every folder above it if missing; a link or a file on the way raises OutputError."""
        return self._folder(checked_name(rel).split("/") if rel else [], create=True)

    # ---- reading back, never through a link ----

    def read_bytes(self, rel: str) -> bytes | None:
        """The content of a regular file the build may have written, or None (missing, a link, a
        folder, anything else). Internal names such as the build state are allowed here."""
        try:
            path = self.path(rel) if name_problem(rel) is None else self._internal(rel)
        except (OutputError, FileNotFoundError):
            return None
        try:
            return paths.read_regular(path)
        except OSError:
            return None

    def digest(self, rel: str) -> str | None:
        data = self.read_bytes(rel)
        return None if data is None else digest_bytes(data)

    def _internal(self, name: str) -> Path:
        if name not in (".build-state.json", LOCK_FILE):
            raise OutputError(f"refused to use {name!r}: not a published name")
        return self.root / name

    # ---- writing ----

    def publish(self, files: dict[str, bytes | str]) -> dict[str, str]:
        """Write every file, all or nothing: each is staged beside its place first, then all are
        renamed into place. On any failure the staged files are removed and nothing is replaced.
        Returns {name: sha256} of what was written."""
        staged: list[tuple[Path, Path]] = []
        digests = {}
        try:
            for rel, data in files.items():
                raw = data.encode("utf-8") if isinstance(data, str) else data
                staged.append((self._stage(rel, raw), self.path(rel)))
                digests[rel] = digest_bytes(raw)
            for _tmp, final in staged:  # nothing is replaced if one place cannot take a file
                if final.is_dir() and not final.is_symlink():
                    raise OutputError(
                        describe(OSError(errno.EISDIR, "Is a directory"), self._show(final))
                    )
            for tmp, final in staged:
                try:
                    os.replace(tmp, final)
                except OSError as exc:
                    raise OutputError(describe(exc, self._show(final))) from None
        except BaseException:
            self._discard([tmp for tmp, _ in staged])
            raise
        return digests

    def write_internal(self, name: str, data: bytes | str) -> None:
        """Replace one of the build's own files (the build state) atomically."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self._folder([], create=True)
        tmp = self._stage_in(self.root, name, raw)
        try:
            os.replace(tmp, self._internal(name))
        except OSError as exc:
            self._discard([tmp])
            raise OutputError(describe(exc, self.shown + name)) from None

    def _stage(self, rel: str, raw: bytes) -> Path:
        final = self.path(rel, create=True)
        return self._stage_in(final.parent, final.name, raw)

    def _stage_in(self, folder: Path, name: str, raw: bytes) -> Path:
        try:
            # hidden by one dot, whatever the name starts with (the build state's is ".build-…")
            prefix = f".{name.lstrip('.')[:60]}."
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=TEMP_SUFFIX)
        except OSError as exc:
            raise OutputError(describe(exc, self._show(folder / name))) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), self.mode)
                fh.write(raw)
        except BaseException as exc:
            self._discard([Path(tmp)])
            if isinstance(exc, OSError):
                raise OutputError(describe(exc, self._show(folder / name))) from None
            raise
        return Path(tmp)

    @staticmethod
    def _discard(paths: list[Path]) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)

    # ---- deleting ----

    def remove(self, rel: str, recorded: str) -> bool:
        """Delete a published file, only if its content is what the build recorded writing there."""
        if name_problem(rel) is not None or self.digest(rel) != recorded:
            return False
        try:
            os.unlink(self.path(rel))
        except OSError:
            return False
        return True

    def _leftovers(self):
        """The temporary files (os.DirEntry) a killed or failed build left in the folder and its
        real subfolders."""
        folders = [self.root]
        try:
            folders += [
                self.root / e.name for e in os.scandir(self.root) if e.is_dir(follow_symlinks=False)
            ]
        except OSError:
            return
        for folder in folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:  # gone or unreadable since it was listed: nothing of it to remove
                continue
            for entry in entries:
                if LEFTOVER.match(entry.name) and entry.is_file(follow_symlinks=False):
                    yield entry

    def has_leftovers(self) -> bool:
        """Whether a killed or failed build left a temporary file (read without the lock)."""
        return next(self._leftovers(), None) is not None

    def remove_leftovers(self) -> list[str]:
        """Remove the temporary files a killed or failed build left (under the lock): their
        names."""
        removed = []
        for entry in self._leftovers():
            try:
                os.unlink(entry.path)
                removed.append(self._show(Path(entry.path)))
            except OSError:
                pass
        return removed

    # ---- the lock ----

    def lock(self, note=None) -> BuildLock:
        return BuildLock(self, note)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BuildLock:
    """One build at a time writes a reports folder: an advisory lock on reports/.build.lock, which
    holds the owner's pid while it runs and is emptied when it ends. The file is opened without
    following a link. A build that died (even by SIGKILL) releases the lock with its last process;
    one whose orphaned processes still hold it while its pid is dead has the lock file replaced.
    Either way the taking build says so in one line."""

    def __init__(self, folder: ReportsFolder, note=None):
        self.folder, self.note, self.fd = folder, note or (lambda message: None), None

    @property
    def fileno(self) -> int | None:
        return self.fd

    def __enter__(self) -> BuildLock:
        self.folder._folder([], create=True)
        path = self.folder.root / LOCK_FILE
        for _ in range(5):
            fd = self._open(path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                os.close(fd)
                if holder is None or _alive(holder):
                    raise LockHeld(
                        f"another build is already writing {self.folder.root} (pid "
                        f"{holder or 'unknown'}); "
                        "wait for it to finish and run again"
                    ) from None
                os.unlink(path)  # held by what a dead build left running: start a new lock file
                self.note(
                    f"note: build {holder} died and left processes holding its lock; took the "
                    "lock over"
                )
                continue
            if not self._same_file(fd, path):  # replaced by another build between open and lock
                os.close(fd)
                continue
            holder = self._holder(fd)
            if holder is not None and holder != os.getpid():
                self.note(
                    f"note: the build with pid {holder} stopped without finishing; took its lock "
                    "over"
                )
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
            except OSError as exc:  # a full disk: the pid cannot be written
                os.close(fd)
                raise OutputError(describe(exc, self.folder.shown + LOCK_FILE)) from None
            self.fd = fd
            return self
        raise LockHeld(f"could not take the lock {self.folder.shown}{LOCK_FILE}; run again")

    def _open(self, path: Path) -> int:
        try:
            fd = os.open(
                path,
                os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK,
                self.folder.mode,
            )
        except OSError as exc:
            raise OutputError(describe(exc, self.folder.shown + LOCK_FILE)) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(
                f"{self.folder.shown}{LOCK_FILE} is not a regular file; remove it and build again"
            )
        return fd

    @staticmethod
    def _same_file(fd: int, path: Path) -> bool:
        try:
            now = os.lstat(path)
        except OSError:
            return False
        mine = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)

    @staticmethod
    def _holder(fd: int) -> int | None:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() and 0 < int(text) < MAX_PID else None

    def __exit__(self, *exc) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)  # a clean end leaves no pid behind
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
