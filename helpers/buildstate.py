"""What the last build ran, keyed on content hashes, so that a rebuild reruns only the notebooks whose
inputs changed: the notebook, its parameters, the data it reads, the helpers' source or the pinned
environment. Timestamps are never used: a file that is touched but not changed changes nothing.

The state lives in reports/.build-state.json beside the outputs it describes (sorted, no times, so it is
as reproducible as the outputs). This module uses only the standard library: deciding that nothing
changed must cost a few hashes, not a pandas import."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import paths

STATE_FILE = ".build-state.json"
FORMAT = 1
ENVIRONMENT_FILES = ("requirements.txt",)


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    return digest_bytes(Path(path).read_bytes())


def digest_text(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _files_digest(files: list[tuple[str, Path]]) -> str:
    return digest_text(*(f"{name}={digest_file(path)}" for name, path in sorted(files)))


def code_files() -> list[tuple[str, Path]]:
    """The helpers' source (with the page template) and the pinned environment: a change to either
    reruns every notebook."""
    code = [p for p in paths.HELPERS.rglob("*") if p.is_file() and p.suffix in (".py", ".j2")]
    files = [(p.relative_to(paths.ROOT).as_posix(), p) for p in sorted(code)]
    files += [(name, paths.ROOT / name) for name in ENVIRONMENT_FILES if (paths.ROOT / name).is_file()]
    return files


def data_files(root=None) -> list[tuple[str, Path]]:
    """datapackage.json and every file under data/ (curated tables and raw documents)."""
    base = paths.data_root(root)
    files = [("datapackage.json", base / "datapackage.json")]
    files += [(p.relative_to(base).as_posix(), p) for p in sorted((base / "data").rglob("*")) if p.is_file()]
    return files


def notebook_files() -> list[tuple[str, Path]]:
    return [(p.relative_to(paths.ROOT).as_posix(), p) for p in sorted(paths.NOTEBOOKS.glob("*.ipynb"))]


def code_digest() -> str:
    return _files_digest(code_files())


def data_digest(root=None) -> str:
    return _files_digest(data_files(root))


def inputs_digest(root=None) -> str:
    """Everything any notebook can depend on, in one hash: unchanged means every output is current."""
    return digest_text(code_digest(), data_digest(root), _files_digest(notebook_files()))


def job_key(notebook: str, parameters, data_key: str, code: str) -> str:
    """The cache key of one notebook run."""
    nb = Path(notebook) if Path(notebook).is_absolute() else paths.NOTEBOOKS / notebook
    return digest_text(f"format={FORMAT}", f"notebook={digest_file(nb)}", f"parameters={json.dumps(list(parameters), sort_keys=True)}",
                       f"data={data_key}", f"code={code}")


def state_path(reports_dir) -> Path:
    return Path(reports_dir) / STATE_FILE


def load(reports_dir) -> dict:
    """The recorded state, or an empty one if there is none or it cannot be read (then all reruns)."""
    try:
        state = json.loads(state_path(reports_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": FORMAT, "jobs": {}}
    if not isinstance(state, dict) or state.get("format") != FORMAT or not isinstance(state.get("jobs"), dict):
        return {"format": FORMAT, "jobs": {}}
    return state


def save(reports_dir, state: dict) -> None:
    path = state_path(reports_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(state, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


def outputs_intact(entry: dict, reports_dir) -> bool:
    """The files a job wrote are all still there, unchanged."""
    for rel, digest in entry.get("outputs", {}).items():
        path = Path(reports_dir) / rel
        if not path.is_file() or digest_file(path) != digest:
            return False
    return bool(entry.get("outputs"))


def up_to_date(state: dict, stem: str, key: str, reports_dir) -> bool:
    entry = state["jobs"].get(stem)
    return bool(entry) and entry.get("key") == key and outputs_intact(entry, reports_dir)


def nothing_changed(reports_dir, root=None) -> list[str] | None:
    """The stems a complete earlier build produced, if no input and no output changed since; else None.
    Costs hashing the inputs and outputs (a few MB), so a no-op rebuild returns at once."""
    state = load(reports_dir)
    if not state.get("complete") or state.get("inputs") != inputs_digest(root):
        return None
    if state.get("index") is None or not (Path(reports_dir) / "index.html").is_file() \
            or digest_file(Path(reports_dir) / "index.html") != state["index"]:
        return None
    if not all(outputs_intact(entry, reports_dir) for entry in state["jobs"].values()):
        return None
    return sorted(state["jobs"])
