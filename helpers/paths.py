"""Where things live. Every path in the project comes from here, found from this file's own location,
so notebooks work the same from JupyterLab, papermill, nbval or any working directory."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT_ENV = "CIVCAS_DATA_ROOT"


def data_root(root: Path | str | None = None) -> Path:
    """The folder holding datapackage.json and data/. A test or a reviewer can point the whole
    collection at a copy of the data with CIVCAS_DATA_ROOT, without touching any code."""
    if root is not None:
        return Path(root).resolve()
    env = os.environ.get(DATA_ROOT_ENV)
    return Path(env).resolve() if env else ROOT


def datapackage(root: Path | str | None = None) -> Path:
    return data_root(root) / "datapackage.json"


NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"
HELPERS = ROOT / "helpers"


def relative(path: Path, root: Path | str | None = None) -> str:
    """A path as shown to people: relative to the data root when it is inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(data_root(root)).as_posix()
    except ValueError:
        return path.as_posix()
