"""The distributed path the README offers: the runner handed Dask distributed's executor runs the
notebooks in the worker processes of a cluster (here a local one) and publishes, byte for byte, what
its own process pool publishes.

A few pages stand for the collection: one of each notebook (overview, cross-check, timeline, two
reports with charts), which keeps the test to seconds; the index is written whole either way."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

try:
    from dask.distributed import Client, LocalCluster
except ImportError:
    pytest.skip(
        "Dask distributed is not installed, so the distributed build is not tested: `make test` "
        "installs it "
        "(requirements.txt pins it); in another environment, pip install -e '.[distributed]'",
        allow_module_level=True,
    )

from helpers import paths
from helpers.build import kernels, runner

PAGES = [
    "overview",
    "crosscheck",
    "timeline-cjtf-oir-cumulative",
    "report-snhr-2018-09",
    "report-vop-article",
]
WAIT = 600  # a guard against a hung build, not a speed check


def files(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def kernels_here() -> int:
    return len(kernels.started_kernels())


def test_a_dask_cluster_of_worker_processes_publishes_what_the_default_build_publishes(tmp_path):
    default, spread = tmp_path / "default", tmp_path / "distributed"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers",
            "build",
            "--force",
            "--reports-dir",
            str(default),
            "--only",
            *PAGES,
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    messages = []
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(2, timeout=WAIT)
        try:
            code = runner.build(
                executor=client.get_executor(),
                reports_dir=spread,
                force=True,
                only=PAGES,
                log=lambda *parts, **_: messages.append(" ".join(map(str, parts))),
            )
            started = client.run(kernels_here)
        finally:
            # the workers' warm kernels; the cluster then ends the workers
            client.run(kernels.kill_kernels)

    assert code == 0, messages
    # the notebooks ran on the workers' kernels
    assert len(started) == 2 and sum(started.values()) >= 1, started
    built = files(spread)
    assert {f"{page}.{ext}" for page in PAGES for ext in ("ipynb", "html")} | {"index.html"} <= set(
        built
    )
    assert built == files(default)
