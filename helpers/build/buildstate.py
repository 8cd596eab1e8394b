"""What the last build ran, keyed on content hashes, so that a rebuild reruns only the notebooks
whose inputs changed: the notebook, its parameters, the data it reads, the helpers' source or the
pinned environment. Timestamps are never used: a file that is touched but not changed changes
nothing.

The state lives in reports/.build-state.json beside the outputs it describes (sorted, no times, so
it is as reproducible as the outputs). This module uses only the standard library: deciding that
nothing changed must cost a few hashes, not a pandas import."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from helpers import paths
from helpers.build import codekeys, outputs

STATE_FILE = ".build-state.json"
FORMAT = 1
# the key under which the state keeps the helpers' import statements (codekeys.remembered)
IMPORTS = "imports"
MAX_STATE_BYTES = 16 * 2**20  # a state records a few hashes a page: 13 KB for 20 pages
# a file's sha256 as the build records it (digest_bytes)
SHA256 = re.compile(r"[0-9a-f]{64}")
# a run of the characters a published file's name may have (outputs.name_problem), as bytes
NAME_WORD = re.compile(rb"[A-Za-z0-9._/-]+")


digest_bytes = outputs.digest_bytes


def digest_file(path: Path) -> str:
    """A file's content hash, never through a link: a link in a checkout is hashed as the link it
    is, and something that is not a regular file as what it is, so no input digest reads outside the
    tree."""
    try:
        return digest_bytes(paths.read_regular(path))
    except paths.NotAFile as exc:
        link = os.readlink(path) if exc.kind == "a symbolic link" else ""
        return digest_text(exc.kind, link)
    except OSError as exc:  # missing or unreadable: reported by whatever reads it next
        return digest_text("unreadable", str(exc.errno))


def digest_text(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _files_digest(files: list[tuple[str, Path]]) -> str:
    return digest_text(*(f"{name}={digest_file(path)}" for name, path in sorted(files)))


def code_files(notebook: Path | None = None) -> list[tuple[str, Path]]:
    """(name, path) of the source files one notebook's run depends on (see codekeys), or, without a
    notebook, those any notebook under notebooks/ depends on."""
    if notebook is not None:
        return codekeys.notebook_code_files(notebook)
    files = {named for _, nb in notebook_files() for named in codekeys.notebook_code_files(nb)}
    return sorted(files)


def data_files(root=None) -> list[tuple[str, Path]]:
    """datapackage.json and every file under data/ (curated tables and raw documents), and every
    empty folder."""
    base = paths.data_root(root)
    files = [("datapackage.json", base / "datapackage.json")]
    data = base / "data"
    if (
        data.is_symlink() or not data.is_dir()
    ):  # hashed as what it is; never walked into (validation refuses it)
        return files + [("data", data)]
    for folder, subfolders, names in os.walk(data):  # os.walk follows no link to a folder
        for name in names + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder) / name
            files.append((path.relative_to(base).as_posix(), path))
        if not names and not subfolders and folder != str(data):
            # an empty folder, hashed as the folder it is: validation refuses one in data/raw, so
            # a build must not find "nothing changed" when one appears
            files.append((Path(folder).relative_to(base).as_posix(), Path(folder)))
    return sorted(files)


def notebook_files() -> list[tuple[str, Path]]:
    return [
        (p.relative_to(paths.ROOT).as_posix(), p) for p in sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    ]


def code_digests(notebooks=None) -> dict[Path, str]:
    """{notebook: code_digest(notebook)} for these notebooks (default: those under notebooks/)."""
    chosen = sorted(notebooks) if notebooks is not None else [nb for _, nb in notebook_files()]
    return {nb: code_digest(nb) for nb in chosen}


def code_digest(notebook: Path | None = None) -> str:
    """The hash of code_files(notebook): what a notebook's key holds of the code."""
    return _files_digest(code_files(notebook))


def data_digest(root=None) -> str:
    return _files_digest(data_files(root))


def inputs_digest(root=None) -> str:
    """Everything any notebook or collection file can depend on, in one hash: unchanged, every
    output is current. The data's committed history counts too (the changelog is made from it)."""
    from helpers.data import history

    return digest_text(
        code_digest(),
        data_digest(root),
        _files_digest(notebook_files()),
        history.data_versions_digest(root),
    )


def job_key(notebook: str, parameters, data_key: str, code: str) -> str:
    """The cache key of one notebook run."""
    nb = Path(notebook) if Path(notebook).is_absolute() else paths.NOTEBOOKS / notebook
    return digest_text(
        f"format={FORMAT}",
        f"notebook={digest_file(nb)}",
        f"parameters={json.dumps(list(parameters), sort_keys=True)}",
        f"data={data_key}",
        f"code={code}",
    )


def folder(reports_dir) -> outputs.ReportsFolder:
    return (
        reports_dir
        if isinstance(reports_dir, outputs.ReportsFolder)
        else outputs.ReportsFolder(reports_dir)
    )


def empty() -> dict:
    return {"format": FORMAT, "jobs": {}}


def load(reports_dir, note=None) -> dict:
    """The recorded state, or an empty one if there is none or it cannot be read (then all reruns).
    The file is tracked in git, so a checkout may hold anything: a state that names an output
    outside the reports folder (a parent folder's name, an absolute path) is not used at all, and
    `note` is told why."""
    raw = folder(reports_dir).read_bytes(STATE_FILE)
    if raw is not None and len(raw) > MAX_STATE_BYTES:
        if note is not None:
            note(
                f"note: {STATE_FILE} is {len(raw) / 2**20:.0f} MB, more than any build writes; it "
                "was ignored and "
                "everything is rebuilt (nothing deleted)"
            )
        return empty()
    try:
        state = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        state = None
    if (
        not isinstance(state, dict)
        or state.get("format") != FORMAT
        or not isinstance(state.get("jobs"), dict)
    ):
        return empty()
    # (what it is, its name as a note gives it, its entry): the jobs, then the index and the other
    # collection files, checked like a job's (a job may be named anything, even like them)
    entries = [(stem, str(stem), entry) for stem, entry in state["jobs"].items()]
    if "collection" in state:
        entries.append((COLLECTION, "the collection files", {"outputs": state["collection"]}))
    claimed: dict = {}
    for owner, stem, entry in entries:
        problem = _entry_problem(entry) or _claimed_twice(
            owner, stem, entry, claimed, state["jobs"]
        )
        if problem:
            if note is not None:
                note(
                    f"note: {STATE_FILE} records {problem} for {str(stem)[:80]!r}; the recorded "
                    "state was ignored "
                    "and everything is rebuilt (nothing deleted)"
                )
            return empty()
    return state


def remember_imports(reports_dir) -> int:
    """Hand codekeys the import statements the last build recorded, so that working out what each
    notebook's code reaches parses only the modules edited since. Returns how many it took."""
    return codekeys.remember(load(reports_dir).get(IMPORTS, {}))


def _imports() -> dict:
    return {IMPORTS: codekeys.remembered()}


def _entry_problem(entry) -> str | None:
    """What makes one job's record unusable: outputs that are not {a name inside the folder: a
    sha256}."""
    recorded = entry.get("outputs") if isinstance(entry, dict) else None
    if not isinstance(recorded, dict):
        return "an entry without its outputs"
    for rel, digest in recorded.items():
        if outputs.name_problem(rel):
            return f"an output {str(rel)[:80]!r} outside the reports folder's names"
        if not isinstance(digest, str) or not SHA256.fullmatch(digest):
            return f"an output {rel!r} without its sha256"
    return None


# a page's own files: "<stem>.html" and "<stem>.ipynb" (runner._publish)
PAGE_FILE = re.compile(r"(?P<stem>[^/]+)\.(?:html|ipynb)")


# the owner of the collection files' entry: no job's name, whatever the record calls its jobs
COLLECTION = object()


def _claimed_twice(owner, stem: str, entry: dict, claimed: dict, jobs: dict) -> str | None:
    """An output that another entry of the record lists too (each file has one writer, so a record
    that says otherwise was not written by a build, and deleting by it could take another page's
    files), or a page's own file listed as someone else's (the collection's entry may list pages
    of its own, the index, never a recorded job's); records this entry's outputs in claimed
    ({name: (owner, its name)}). owner: the job's stem, or COLLECTION; jobs: the record's jobs."""
    for rel in entry["outputs"]:
        other, other_name = claimed.setdefault(rel, (owner, stem))
        if other != owner:
            return f"an output {str(rel)[:80]!r} that {other_name[:80]!r} lists too"
        page = PAGE_FILE.fullmatch(str(rel))
        if page and (page["stem"] in jobs if owner is COLLECTION else page["stem"] != stem):
            return f"another page's file {str(rel)[:80]!r}"
    return None


def save(reports_dir, state: dict) -> None:
    folder(reports_dir).write_internal(
        STATE_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n"
    )


def outputs_intact(entry: dict, reports_dir) -> bool:
    """The files a job wrote are all still there, unchanged (read without following a link)."""
    reports = folder(reports_dir)
    return bool(entry.get("outputs")) and all(
        reports.digest(rel) == d for rel, d in entry["outputs"].items()
    )


def up_to_date(state: dict, stem: str, key: str, reports_dir) -> bool:
    entry = state["jobs"].get(stem)
    return bool(entry) and entry.get("key") == key and outputs_intact(entry, reports_dir)


def nothing_changed(reports_dir, root=None, inputs: str | None = None) -> list[str] | None:
    """The stems a complete earlier build produced, if no input and no output changed since; else
    None. Costs hashing the inputs and outputs (a few MB), so a no-op rebuild returns at once.
    `inputs`: the inputs' digest if the caller has taken it already."""
    reports = folder(reports_dir)
    state = load(reports)
    if not state.get("complete") or state.get("inputs") != (inputs or inputs_digest(root)):
        return None
    collection = state.get("collection")
    if not collection or "index.html" not in collection:
        return None
    if not all(reports.digest(rel) == d for rel, d in collection.items()):
        return None
    if not all(outputs_intact(entry, reports) for entry in state["jobs"].values()):
        return None
    return sorted(state["jobs"])


class BuildState:
    """The one owner of a build's state: it loads the record, says which jobs are stale, records
    each job as it is published, prunes the jobs the data no longer calls for and saves the record.
    The runner asks it once what to run and tells it what ran; nothing else reads or writes the
    record."""

    def __init__(self, reports_dir, keys: dict[str, str], note=None):
        """keys: {stem: job key} of every planned job; note: told why a recorded state is unused."""
        self.reports = folder(reports_dir)
        self.keys = dict(keys)
        self.record = load(self.reports, note)
        # {page: (what identified its file, the names it holds)}: _names_in
        self._page_names: dict[str, tuple] = {}

    def stale(self, selected: list[str], force: bool = False) -> list[str]:
        """The stems of `selected` to run, in their order: every one with force; else those whose
        key changed since they were built or whose outputs are gone or were edited."""
        return [
            stem
            for stem in selected
            if force or not up_to_date(self.record, stem, self.keys[stem], self.reports)
        ]

    def prune(self) -> list[tuple[str, list[str]]]:
        """Remove the outputs of recorded jobs that are not planned (a report deleted from the
        registry): only the files whose content is what the build recorded writing there. Returns
        (stem, [names kept because they changed since]) for each job removed."""
        removed = []
        for stem in sorted(set(self.record["jobs"]) - set(self.keys)):
            recorded = self.record["jobs"].pop(stem).get("outputs", {})
            kept = [
                rel
                for rel, digest in sorted(self._left_to_delete(recorded, recorded).items())
                if not self.reports.remove(rel, digest) and self.reports.digest(rel) is not None
            ]
            removed.append((stem, kept))
        return removed

    def _names_in(self, page: str) -> frozenset[str]:
        """Every name a published file could have that the page (a name in the folder) holds,
        read once while the page stays the same file (its inode, size and change time), so that
        asking about many names reads each page once, not once a name: a forged record may list
        hundreds of thousands."""
        try:
            info = os.lstat(self.reports.root / page)
        except OSError:
            return frozenset()
        seen = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        cached = self._page_names.get(page)
        if cached is None or cached[0] != seen:
            text = self.reports.read_bytes(page) or b""
            words = {w.decode("ascii") for w in NAME_WORD.findall(text)}
            # a name as the page writes it, less a sentence's full stop, from any folder down
            words |= {w.rstrip(".") for w in words}
            words |= {w.split("/", k)[-1] for w in list(words) for k in range(1, w.count("/") + 1)}
            cached = self._page_names[page] = (seen, frozenset(words))
        return cached[1]

    def _left_to_delete(self, files: dict, entry) -> dict:
        """Those of files ({name: sha256} that a record's entry is about to delete; entry: all that
        entry's file names) that no published page outside entry shows or links. Each file has one
        writer, but the record is tracked in git and a checkout may hold one that hands a page's
        charts to another entry: deleting by it would leave a current page without them. A file a
        page still shows is kept and recorded as that page's, which repairs the record (its next
        run removes it if it no longer shows it). Pages' own files are left to the record (the
        index links every page). Reads the folder's pages only when there is a file to ask
        about."""
        asked = [str(rel) for rel in files if not PAGE_FILE.fullmatch(str(rel))]
        if not asked:
            return dict(files)
        own = {str(rel) for rel in entry}
        try:
            pages = sorted(
                e.name
                for e in os.scandir(self.reports.root)
                if e.name.endswith(".html")
                and e.name not in own
                and e.is_file(follow_symlinks=False)
                # larger than any file a build publishes: not a page it wrote
                and e.stat(follow_symlinks=False).st_size <= outputs.MAX_OUTPUT_BYTES
            )
        except OSError:
            return {}  # the pages cannot be listed: delete nothing
        shown: dict[str, str] = {}
        left = set(asked)
        for name in pages:
            if not left:
                break
            found = left & self._names_in(name)  # as long as the shorter of the two
            shown.update((rel, name.removesuffix(".html")) for rel in found)
            left -= found
        jobs = self.record["jobs"]
        for rel, stem in shown.items():
            if isinstance(jobs.get(stem), dict):
                jobs[stem]["outputs"][rel] = files[rel]
        return {rel: digest for rel, digest in files.items() if rel not in shown}

    def _planned_page(self, rel: str) -> bool:
        """Whether rel is a planned page's own file (<stem>.html or .ipynb), which only that
        page's run replaces: never deleted by another entry's record, even when the page failed
        and owns nothing yet."""
        page = PAGE_FILE.fullmatch(str(rel))
        return page is not None and page["stem"] in self.keys

    def owners(self) -> dict[str, str]:
        """{output name: the planned job that published it}: its own page files, and each other
        file its record lists that its page shows. A record may be forged: a page's charts given
        to another page that does not show them are not that page's, and would otherwise make
        the page that draws them fail as a clash at every build."""
        owned = {}
        for stem, entry in self.record["jobs"].items():
            if stem not in self.keys:
                continue
            shown = None
            for rel in entry["outputs"]:
                if not PAGE_FILE.fullmatch(str(rel)):
                    shown = self._names_in(f"{stem}.html") if shown is None else shown
                    if rel not in shown:
                        continue
                owned[rel] = stem
        return owned

    def ran(self, stem: str, written: dict[str, str]) -> list[str]:
        """Record that a job ran and published these outputs ({name: sha256}); saved by finish().
        What the job published before and no longer does (a chart its new data no longer calls
        for) is removed, unless another page now publishes it or it was edited since it was
        written: returns those kept because they were edited."""
        before = self.record["jobs"].get(stem, {}).get("outputs", {})
        # each file has one writer: what this job just wrote is no other entry's any more (a
        # real clash fails before this; a forged record's claim does not)
        for other, entry in self.record["jobs"].items():
            if other != stem:
                for rel in written:
                    entry["outputs"].pop(rel, None)
        self.record["jobs"][stem] = {"key": self.keys[stem], "outputs": written}
        owned = self.owners()
        dropped = {
            rel: digest for rel, digest in before.items() if rel not in owned and rel not in written
        }
        return [
            rel
            for rel, digest in sorted(self._left_to_delete(dropped, dropped).items())
            if not self.reports.remove(rel, digest) and self.reports.digest(rel) is not None
        ]

    def built(self) -> set[str]:
        """The stems that have published outputs on record."""
        return set(self.record["jobs"])

    def current(self) -> bool:
        """Every planned job is recorded as built from its present key."""
        jobs = self.record["jobs"]
        return all(jobs.get(stem, {}).get("key") == key for stem, key in self.keys.items())

    def save_stopped(self) -> None:
        """Save what was published before a stop, so that the next build does not redo it."""
        save(self.reports, {**self.record, "complete": False, "inputs": None, **_imports()})

    def finish(self, collection: dict[str, str], inputs: str | None) -> None:
        """Save the record after the collection files (the index, the exports...) were published:
        collection, {name: sha256} of what was written; `inputs` is the digest of everything read if
        the build is complete (every planned page current), else None. A collection file recorded
        before and not written now is removed, if its content is what was recorded."""
        owned = self.owners()  # a page's files, whatever an old collection record listed
        dropped = {
            rel: digest
            for rel, digest in self.record.get("collection", {}).items()
            if rel not in collection and rel not in owned and not self._planned_page(rel)
        }
        for rel, digest in sorted(self._left_to_delete(dropped, collection).items()):
            self.reports.remove(rel, digest)
        self.record["collection"] = dict(collection)
        self.record["complete"] = inputs is not None
        self.record["inputs"] = inputs
        save(self.reports, {**self.record, **_imports()})
