"""The curated tables' history, read from the repository's git history: each dated version of
data/curated/ and, row by row, what it added, changed and removed.

A version is the state of the curated tables at the end of a day (UTC) on which commits changed
them: the commits that changed data/curated/, in first-parent order, oldest first, each run of
commits of one day taken together (what a reader wants is what changed that day, not each step of
a curator's afternoon). Only committed history counts: uncommitted edits are not a version. A row
is followed from one version to the next by its table's primary key (datapackage.json of that
version), and each version's tables are read with that version's schema, by the same reader and
repairs as the tables on disk (validate.text_cells).

Reading a checkout's history must never run a program the checkout names. git runs with an
argument list (no shell), from the data folder only (no parent folder's repository), with the
system and user configuration ignored, the environment's GIT_* variables dropped, and every
setting of the repository's own .git/config that could run a program on the commands used here
overridden on the command line: core.fsmonitor, core.hooksPath, core.pager (and --no-pager),
diff.external, log.showSignature and gpg.*.program (a signed commit would run the verifier),
log.follow, and protocol.allow=never with GIT_NO_LAZY_FETCH (a partial clone would otherwise fetch
a missing object through core.sshCommand or a remote helper). Blobs are read with `cat-file
--batch`, which applies no textconv, filter or smudge driver. Aliases and hooks are never
invoked by these commands. Nor may it read a file outside the checkout: mailmaps are off, and a
checkout whose .git is a link or names a git folder elsewhere, whose git folder holds links or
points at other git folders or objects (alternates), or whose configuration includes other files
is not read at all (_reaches_outside)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.errors import DataError

CURATED = "data/curated"
TIMEOUT = 60  # seconds for one git command
MAX_BLOB = 64 * 2**20  # bytes of one table or schema in one version; a larger one is not read
SHORT = 7  # characters of a commit id as shown: a fixed length, the same in every clone

ADDED, CHANGED, REMOVED = "added", "changed", "removed"

GIT_OPTIONS = (
    "--no-pager",
    *("-c", "core.fsmonitor=false"),
    *("-c", "core.hooksPath=/dev/null"),
    *("-c", "core.pager=cat"),
    *("-c", "diff.external="),
    *("-c", "log.showSignature=false"),
    *("-c", "log.follow=false"),
    *("-c", "gpg.program=false"),
    *("-c", "gpg.openpgp.program=false"),
    *("-c", "gpg.x509.program=false"),
    *("-c", "gpg.ssh.program=false"),
    *("-c", "protocol.allow=never"),
    *("-c", "credential.helper="),
    *("-c", "gc.auto=0"),
    # a repository git finds without a .git (the checkout's own top folder made a bare one) is
    # not used
    *("-c", "safe.bareRepository=explicit"),
    # a mailmap is read from a file the configuration names, even for a format without names
    *("-c", "log.mailmap=false"),
    *("-c", "mailmap.file="),
    *("-c", "mailmap.blob="),
    *("-c", "maintenance.auto=false"),
)
GIT_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_PROTOCOL_FROM_USER": "0",
    "LC_ALL": "C",
}


class HistoryUnavailable(Exception):
    """git cannot give this folder's history; the message says why, in words for a reader."""


class GitFailed(HistoryUnavailable):
    """A git command ran and failed (its exit code in the message)."""


@dataclass(frozen=True)
class Table:
    """One curated table as a version holds it: its name and title (datapackage.json), its key
    columns, its columns, and its rows (text cells, an empty cell None) by key, in file order."""

    name: str
    title: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: Mapping[tuple, Mapping[str, str | None]]

    def row(self, *key: str | None) -> Mapping[str, str | None] | None:
        """The row with this key (its key columns' values, in order), or None."""
        return self.rows.get(tuple(key))


@dataclass(frozen=True)
class RowChange:
    """One row of one table added, changed or removed: `before` and `after` are the row in the
    previous version and in this one (None where it is not there); `fields` the columns whose
    value changed, in column order (empty for a row added or removed)."""

    table: str
    change: str
    key: tuple
    before: Mapping[str, str | None] | None
    after: Mapping[str, str | None] | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Version:
    """One dated version: its day (YYYY-MM-DD, UTC), its commits (full ids, oldest first; the
    tables are as the last one left them), the tables before and after it, what changed, and a line
    for each table that could not be read in it (its changes then count with the next version that
    can be read)."""

    date: str
    commits: tuple[str, ...]
    before: Mapping[str, Table]
    after: Mapping[str, Table]
    changes: tuple[RowChange, ...]
    unread: tuple[str, ...] = ()

    @property
    def commit(self) -> str:
        """The short id of the commit whose tables this version is."""
        return self.commits[-1][:SHORT]

    def of(self, table: str, change: str) -> list[RowChange]:
        """The changes of one kind to one table, in order."""
        return [c for c in self.changes if c.table == table and c.change == change]


@dataclass(frozen=True)
class History:
    """The versions, oldest first, and a line for a reader when the history is not (all) there."""

    versions: tuple[Version, ...] = ()
    note: str | None = None
    # False when git could not be asked (missing, failed, no repository): the history is unknown
    read: bool = True


def data_versions_digest(root: Path | str | None = None) -> str:
    """A hash of the list of commits that changed data/curated/ (ids and dates) and of whether the
    history is whole: the same exactly when data_history() would read the same versions. Cheap
    (three git commands, no table read), for a build to tell when the changelog is stale."""
    root = paths.data_root(root)
    try:
        shallow = _repository(root)
        listed = [f"{commit} {seconds}" for commit, seconds in _data_commits(root)]
    except HistoryUnavailable as exc:
        listed, shallow = [f"unavailable: {exc}"], False
    text = "\n".join([f"shallow: {shallow}", *listed])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def data_history(root: Path | str | None = None) -> History:
    """Every dated version of the curated tables with what it changed (see the module's
    docstring). When git is missing, the folder is not the top of a git repository or git fails,
    no version and a one-line note; in a shallow clone, the versions after its oldest commit and a
    note saying where the changelog starts."""
    root = paths.data_root(root)
    try:
        shallow = _repository(root)
        commits = _data_commits(root)
        baseline = commits[:1] if shallow else []
        days = _days(commits[len(baseline) :])
        # a day's tables are as its last commit left them: no other commit's tables are read
        states = _states(root, [c for c, _ in baseline] + [group[-1] for _, group in days])
    except HistoryUnavailable as exc:
        return History(
            note=f"History not available in this copy ({exc}): the changelog lists nothing.",
            read=False,
        )
    note = None
    before: dict[str, Table] = {}
    if baseline:
        note = (
            "This copy holds only part of the history (a shallow clone): changes made on or "
            f"before {_day(baseline[0][1])} are not listed."
        )
        before, _ = _carried(states[baseline[0][0]], {})
    versions = []
    for date, group in days:
        after, unread = _carried(states[group[-1]], before)
        changes = diff(before, after)
        if changes or unread:
            versions.append(Version(date, tuple(group), before, after, tuple(changes), unread))
        before = after
    return History(tuple(versions), note)


def diff(before: Mapping[str, Table], after: Mapping[str, Table]) -> list[RowChange]:
    """Every row added, changed or removed from one state of the tables to the next: tables in
    the later state's order (then any it no longer has), and within a table the rows changed, then
    removed, then added, each in file order. A row is matched by the later table's key."""
    out = []
    for name in [*after, *(n for n in before if n not in after)]:
        old, new = before.get(name), after.get(name)
        newest = new or old
        key = newest.key or newest.columns
        columns = [
            *newest.columns,
            *(c for c in (old.columns if old else ()) if c not in newest.columns),
        ]
        old_rows = _keyed(old.rows.values() if old else (), key)
        new_rows = _keyed(new.rows.values() if new else (), key)
        for k, row in new_rows.items():
            if k in old_rows:
                fields = tuple(c for c in columns if row.get(c) != old_rows[k].get(c))
                if fields:
                    out.append(RowChange(name, CHANGED, k, old_rows[k], row, fields))
        out += [
            RowChange(name, REMOVED, k, row, None)
            for k, row in old_rows.items()
            if k not in new_rows
        ]
        out += [
            RowChange(name, ADDED, k, None, row) for k, row in new_rows.items() if k not in old_rows
        ]
    return out


# ---- git, safely -------------------------------------------------------------------------------


def git(root: Path, *args: str, stdin: bytes | None = None, git_dir: Path | None = None) -> bytes:
    """What a git command prints, run in root with the protections of the module's docstring
    (git_dir: the git folder it is told to use instead of finding one). Raises HistoryUnavailable
    (in words) when git is missing, fails or takes too long."""
    program = shutil.which("git")
    if program is None:
        raise HistoryUnavailable("git is not installed here")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(GIT_ENVIRONMENT, GIT_CEILING_DIRECTORIES=str(root.parent))
    if git_dir is not None:
        environment["GIT_DIR"] = str(git_dir)
    try:
        done = subprocess.run(
            [program, "-C", str(root), *GIT_OPTIONS, *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=environment,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise HistoryUnavailable(f"git took more than {TIMEOUT} seconds") from None
    except OSError as exc:
        raise HistoryUnavailable(f"git could not be run: {exc.strerror}") from None
    if done.returncode:  # git's own message may name folders of this machine: not for a page
        raise GitFailed(f"git could not read it, exit code {done.returncode}")
    return done.stdout


# configuration names that make git read another file as configuration
INCLUDES = ("include.", "includeif.")
# what a git folder may hold that points git at files elsewhere: another git folder shared by
# worktrees, other repositories' objects
POINTERS = ("commondir", "objects/info/alternates", "objects/info/http-alternates")


def _odd_entry(git_dir: Path) -> str | None:
    """What in the git folder, at any depth, is a link (git follows it: a ref, a loose object, a
    pack's index or the grafts could be read from anywhere, or endlessly from /dev/zero) or
    neither a file nor a folder (a pipe holds git until TIMEOUT); None if nothing is."""
    folders = [git_dir]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return "its git folder cannot be read"
        for entry in entries:
            shown = Path(entry.path).relative_to(git_dir).as_posix()
            if entry.is_symlink():
                return f"its .git/{shown} is a link"
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif not entry.is_file(follow_symlinks=False):
                return f"its .git/{shown} is not a file"
    return None


def _named_git_folder(root: Path) -> Path | None:
    """The git folder a .git file at root names ("gitdir: PATH", relative to root), resolved;
    None when the file names none. Raises OSError when it cannot be read as a file."""
    named = paths.read_regular(root / ".git")[:4096].decode("utf-8", "replace").strip()
    where = named.removeprefix("gitdir:").strip() if named.startswith("gitdir:") else ""
    return (root / where).resolve() if where else None


def _git_folder(root: Path) -> Path | None:
    """The git folder a repository at root uses, as _reaches_outside accepted it: .git, or the
    folder inside root that a .git file names."""
    dot_git = root / ".git"
    if os.path.isfile(dot_git) and not os.path.islink(dot_git):
        return _named_git_folder(root)
    return dot_git.resolve()


def _reaches_outside(root: Path) -> str | None:
    """Why git, asked about root's history, would read a file outside root because the checkout
    says so, in words for a reader; None if it would not. A checkout may hold a .git that is a
    link, or a file naming a git folder elsewhere (a worktree's or a submodule's); a git folder
    with links in it, or files pointing at other git folders or other repositories' objects
    (POINTERS); a configuration that includes other files (include, includeIf), which git follows
    whatever the command line says. Its configuration is listed by git itself (BOM, carriage
    returns, several sections on a line: git's own reading), with includes off and no repository
    around it."""
    dot_git = root / ".git"
    try:
        info = os.lstat(dot_git)
    except FileNotFoundError:
        return None  # no repository: git says so
    except OSError:
        return "its .git cannot be read"
    if stat.S_ISLNK(info.st_mode):
        return "its .git is a link"
    top = root.resolve()
    git_dir = dot_git
    if stat.S_ISREG(info.st_mode):
        try:
            git_dir = _named_git_folder(root)
        except OSError:
            return "its .git cannot be read"
        if git_dir is None or git_dir == top or not git_dir.is_relative_to(top):
            return "its .git names a git folder elsewhere (a worktree's or a submodule's)"
    elif not stat.S_ISDIR(info.st_mode):
        return "its .git is not a folder"
    odd = _odd_entry(git_dir)  # links and pipes anywhere in it, its config files too
    if odd:
        return odd
    for pointer in POINTERS:
        if os.path.lexists(git_dir / pointer):
            return (
                "it reads objects from another repository (alternates)"
                if "alternates" in pointer
                else f"its .git/{pointer} names another git folder"
            )
    for name in ("config", "config.worktree"):
        if not os.path.lexists(git_dir / name):
            continue
        try:
            listed = git(
                root,
                "config",
                "--no-includes",
                "--file",
                str(git_dir / name),
                "--name-only",
                "--list",
                # no repository around the file: git reads nothing but it
                git_dir=git_dir / "civcas-no-repository",
            )
        except GitFailed:
            return f"its .git/{name} cannot be read"
        if any(
            line.lower().startswith(INCLUDES)
            for line in listed.decode("utf-8", "replace").split("\n")
        ):
            return f"its .git/{name} includes other files"
    return None


def _repository(root: Path) -> bool:
    """Whether root's history is shallow; HistoryUnavailable unless root is the top folder of a
    git repository's working tree whose settings keep git inside it (_reaches_outside)."""
    outside = _reaches_outside(root)
    if outside:
        raise HistoryUnavailable(f"git would read files outside this folder: {outside}")
    try:
        top, shallow, git_dir = (
            git(
                root,
                "rev-parse",
                "--show-toplevel",
                "--is-shallow-repository",
                "--absolute-git-dir",
            )
            .decode("utf-8", "replace")
            .splitlines()[:3]
        )
    except (GitFailed, ValueError):
        raise HistoryUnavailable("this folder is not a git repository") from None
    if Path(top).resolve() != root.resolve():
        raise HistoryUnavailable("the data folder is not the top of a git repository")
    # the git folder checked, not another one git found (a bare repository at the top, say)
    if Path(git_dir).resolve() != _git_folder(root):
        raise HistoryUnavailable("the data folder's git folder is not its .git")
    return shallow.strip() == "true"


def _data_commits(root: Path) -> list[tuple[str, int]]:
    """(id, commit time in seconds since 1970) of each commit that changed the curated tables, in
    first-parent order, oldest first; none when the repository has no commit yet."""
    try:
        git(root, "rev-parse", "--quiet", "--verify", "HEAD^{commit}")
    except GitFailed:
        return []
    listed = git(
        root,
        "log",
        "--first-parent",
        "--no-show-signature",
        "--format=%H %ct",
        "HEAD",
        "--",
        CURATED,
    ).decode("ascii", "replace")
    commits = []
    for line in reversed(listed.splitlines()):
        commit, _, seconds = line.partition(" ")
        commits.append((commit, int(seconds)))
    return commits


def _day(seconds: int) -> str:
    """A commit time as its UTC day, YYYY-MM-DD."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).strftime("%Y-%m-%d")


def _days(commits: list[tuple[str, int]]) -> list[tuple[str, list[str]]]:
    """Runs of consecutive commits of one UTC day, as (day, their ids)."""
    out: list[tuple[str, list[str]]] = []
    for commit, seconds in commits:
        day = _day(seconds)
        if out and out[-1][0] == day:
            out[-1][1].append(commit)
        else:
            out.append((day, [commit]))
    return out


def _blobs(root: Path, names: list[str]) -> dict[str, bytes | None]:
    """The content of each object name ("<commit>:<path>"), None where there is none (or it is no
    file, or too large to read), each distinct blob read once."""
    if not names:
        return {}
    wanted = sorted(set(names))
    checked = git(
        root, "cat-file", "--batch-check", stdin="".join(f"{n}\n" for n in wanted).encode()
    )
    ids: dict[str, str | None] = {}
    for name, line in zip(wanted, checked.decode("ascii", "replace").splitlines(), strict=True):
        parts = line.split()
        ok = (
            len(parts) == 3
            and parts[1] == "blob"
            and parts[2].isdigit()
            and int(parts[2]) <= MAX_BLOB
        )
        ids[name] = parts[0] if ok else None
    distinct = sorted({i for i in ids.values() if i})
    contents = _batch(root, distinct)
    return {name: contents.get(i) if i else None for name, i in ids.items()}


def _batch(root: Path, ids: list[str]) -> dict[str, bytes]:
    """The content of each blob id, read with one `cat-file --batch`."""
    if not ids:
        return {}
    raw = git(root, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode())
    out, at = {}, 0
    try:
        for blob in ids:
            end = raw.index(b"\n", at)
            size = int(raw[at:end].split()[2])
            out[blob] = raw[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
    except (ValueError, IndexError):
        raise HistoryUnavailable("git's answer could not be read") from None
    return out


# ---- the tables of each version ----------------------------------------------------------------


def _states(root: Path, commits: list[str]) -> dict[str, dict[str, Table | str] | str]:
    """For each commit, its curated tables by name (schema order), each a Table or a line saying
    why it could not be read; or one line when its datapackage.json cannot be read."""
    # imported here: data_versions_digest, which a no-op build calls, needs no pandas
    from helpers.data import schema

    schemas = _blobs(root, [f"{c}:datapackage.json" for c in commits])
    listed: dict[str, list[dict] | str] = {}
    for commit in commits:
        data = schemas[f"{commit}:datapackage.json"]
        try:
            if data is None:
                raise HistoryUnavailable("datapackage.json: the file is missing")
            listed[commit] = [
                res
                for res in schema.parsed(data)["resources"]
                if res["path"].startswith(CURATED + "/")
            ]
        except (DataError, HistoryUnavailable) as exc:
            listed[commit] = str(exc)
    blobs = _blobs(
        root,
        [
            f"{c}:{res['path']}"
            for c, tables in listed.items()
            if isinstance(tables, list)
            for res in tables
        ],
    )
    return {
        commit: tables
        if isinstance(tables, str)
        else {str(res.get("name")): _table(res, blobs[f"{commit}:{res['path']}"]) for res in tables}
        for commit, tables in listed.items()
    }


def _table(res: dict, data: bytes | None) -> Table | str:
    """A resource's table read from its blob, or the line saying why it cannot be read."""
    from helpers.data import schema, validate

    path = res["path"]
    try:
        fields = res["schema"]["fields"]
        columns = tuple(str(f["name"]) for f in fields)
        key = tuple(schema.key_columns(res))
    except (KeyError, TypeError, AttributeError):
        return f"datapackage.json: the table {path} has no readable list of fields"
    if data is None:
        if res.get("optional", False):
            data = ",".join(columns).encode("utf-8")
        else:
            return f"{path}: the file is missing"
    try:
        cells = validate.text_cells(data, path, list(columns), optional=True)
    except DataError as exc:
        return str(exc.problems[0]) if exc.problems else f"{path}: cannot be read"
    name = str(res.get("name"))
    rows = _keyed(cells.to_dicts(), key or columns)
    return Table(name, str(res.get("title") or name), key, columns, rows)


def _keyed(
    rows: Iterable[Mapping[str, str | None]], key: Sequence[str]
) -> dict[tuple, Mapping[str, str | None]]:
    """Rows by the values of key's columns, in order; a key met again keeps its first row."""
    out: dict[tuple, Mapping[str, str | None]] = {}
    for row in rows:
        out.setdefault(tuple(row.get(c) for c in key), row)
    return out


def _carried(
    state: Mapping[str, Table | str] | str, before: Mapping[str, Table]
) -> tuple[dict[str, Table], tuple[str, ...]]:
    """A commit's tables, each one that cannot be read carried over from before (its changes count
    with the next version that can be read), and the lines saying which were not read."""
    if isinstance(state, str):
        return dict(before), (state,)
    tables, unread = {}, []
    for name, table in state.items():
        if isinstance(table, Table):
            tables[name] = table
        else:
            unread.append(table)
            if name in before:
                tables[name] = before[name]
    return tables, tuple(unread)
