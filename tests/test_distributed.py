"""The distributed path the README offers: the runner handed Dask distributed's executor runs the
notebooks in the worker processes of a cluster (here a local one) and publishes, byte for byte, what
its own process pool publishes.

A few pages stand for the collection: two reports with charts and a timeline, run by one worker
process of the cluster (each worker starts Python, Dask and a kernel: one shows the pages travel
to another process and back, as many would), which keeps the test to seconds; the index is written
whole either way. What the default build publishes is the committed
site: test_regression_all_reports holds it equal to a fresh default build, byte for byte."""

from __future__ import annotations

import logging

import pytest

try:
    import dask
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

PAGES = ["timeline-sohr-syria-cumulative", "report-snhr-2018-09", "report-vop-article"]
# the build's own record, and the index of a folder holding three pages (written in the main
# process whichever executor runs the notebooks): the rest is what the pages publish
NOT_PAGES = {".build-state.json", ".build.lock", "index.html"}
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
    spread = tmp_path / "distributed"
    messages = []
    with (
        # the cluster's scratch space in the test's folder, not in the system's /tmp
        dask.config.set({"temporary-directory": str(tmp_path / "dask")}),
        LocalCluster(
            n_workers=1,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(1, timeout=WAIT)
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
    # the notebooks ran on the worker's kernel, in a process of its own
    assert len(started) == 1 and sum(started.values()) == 1, started
    built = files(spread)
    assert {f"{page}.{ext}" for page in PAGES for ext in ("ipynb", "html")} | {"index.html"} <= set(
        built
    )
    built = {name: data for name, data in built.items() if name not in NOT_PAGES}
    committed = files(paths.REPORTS)
    assert built == {name: committed.get(name) for name in built}
