"""`make lab`: JupyterLab on this project, with a kernel named for it.

The kernel `civcas` is the project's own interpreter (the one running this module), registered in
its environment's prefix so that only this environment's Jupyter sees it, and offered by Lab for new
notebooks. The committed notebooks keep `python3` in their metadata so that papermill and nbval run
them in any environment; in this environment's Jupyter `python3` is the same interpreter."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpers import paths

KERNEL_NAME = "civcas"
# the interpreter it runs
DISPLAY_NAME = f"Python {sys.version_info.major}.{sys.version_info.minor} (civcas-notebooks)"
START_NOTEBOOK = paths.NOTEBOOKS / "overview.ipynb"
START_URL = "/lab/tree/" + START_NOTEBOOK.relative_to(paths.ROOT).as_posix()


def register(prefix: str | Path = sys.prefix) -> Path:
    """Write (or rewrite: running it again changes nothing) the kernel spec; return its folder.

    ipykernel drafts the spec in a new temporary folder and removes only the spec inside it: the
    folder was left in the system's temporary folder at every registration. It is drafted in a
    folder of this checkout's own (isolation.scratch_folder), removed whole."""
    import tempfile

    from ipykernel.kernelspec import install

    from helpers.build import isolation

    folder, system_temporary = isolation.scratch_folder(), tempfile.tempdir
    try:
        tempfile.tempdir = folder
        where = install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=str(prefix))
    finally:
        tempfile.tempdir = system_temporary
        isolation.remove_folder(folder)
    return Path(where)


def lab_options() -> list[str]:
    """Lab serves the whole project (data, reports), opens on the overview (the browser it starts
    and the URL it prints, for a machine without a browser, both go there) and starts new notebooks
    on the project's kernel."""
    return [
        f"--ServerApp.root_dir={paths.ROOT}",
        f"--LabApp.default_url={START_URL}",
        f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}",
    ]


def lab_command(extra: list[str]) -> list[str]:
    """The Lab command line: our options, then the caller's (which win)."""
    return [sys.executable, "-m", "jupyterlab", *lab_options(), *extra]


def lab_environment(environ: dict[str, str]) -> dict[str, str]:
    """Lab's environment, and so its kernels': environ with numpy's matrix kernels pinned as the
    build pins them (isolation.blas_settings), so that a chart drawn in Lab is the build's to the
    byte. The reader's other settings stay: Lab is theirs to explore in."""
    from helpers.build import isolation

    return {**environ, **isolation.blas_settings()}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    where = register()
    print(f"kernel {KERNEL_NAME!r} ({DISPLAY_NAME}) registered in {where}", flush=True)
    cmd = lab_command(argv)
    os.execve(cmd[0], cmd, lab_environment(dict(os.environ)))


if __name__ == "__main__":
    main()
