"""The runner: incremental rebuilds keyed on content, and failures that name their notebook, cell
and cause, replace the kernel, let the other notebooks finish and keep the last good outputs.

Small throw-away notebooks run on one warm kernel shared by the whole module (a one-thread executor
keeps it), so the module starts only the kernels that the failure cases kill."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
from conftest import build as run
from conftest import changed_files, notebook, printed, snapshot

from helpers import paths
from helpers.build import buildstate, isolation, kernels, outputs, runner
from helpers.build import plan as jobinputs

# ---- failures ----


def test_raise_kernel_death_and_hang_are_named_others_finish_last_good_output_kept(tmp_path, pool):
    jobs = [
        notebook(tmp_path, "raises", "x = 1", "raise ValueError('figure missing')"),
        notebook(tmp_path, "dies", "import os", "os._exit(1)"),
        notebook(tmp_path, "hangs", "import time", "time.sleep(600)"),
        notebook(tmp_path, "fine", "print(6 * 7)"),
    ]
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    for stem in ("raises", "dies", "hangs"):
        (out_dir / f"{stem}.ipynb").write_text(f"last good {stem}")
    code, messages = run(jobs, out_dir, pool, timeout=2)
    assert code == 1
    failed = sorted((m for m in messages if "FAILED" in m), key=lambda m: m.split("FAILED")[1])
    assert len(failed) == 3, messages
    dies, hangs, raises = failed
    assert (
        "dies.ipynb" in dies
        and "cell 1: DeadKernelError: the kernel died while the cell ran" in dies
    )
    assert (
        "hangs.ipynb" in hangs
        and "cell 1: CellTimeoutError: the cell ran longer than the timeout of 2 s and was stopped"
        in hangs
    )
    assert "raises.ipynb" in raises and "cell 1: ValueError: figure missing" in raises
    for stem in ("raises", "dies", "hangs"):
        assert (out_dir / f"{stem}.ipynb").read_text() == f"last good {stem}"
        assert not (out_dir / f"{stem}.html").exists()
    fine = nbformat.read(out_dir / "fine.ipynb", as_version=4)
    assert printed(fine.cells[0].outputs) == "42\n"
    assert messages[-1] == "3 of 4 notebooks failed; their previous outputs were kept."
    # the failures are remembered as not done: the next build tries exactly those again
    state = buildstate.load(out_dir)
    assert set(state["jobs"]) == {"fine"} and state["complete"] is False


def test_a_page_that_cannot_be_rendered_is_a_named_failure_and_publishes_nothing(
    tmp_path, pool, monkeypatch
):
    from helpers.present import site

    jobs = [notebook(tmp_path, "renders", "print(1)"), notebook(tmp_path, "breaks", "print(2)")]
    real = site.notebook_page

    def page(nb, job, pkg=None):
        if job.stem == "breaks":
            raise ValueError("template missing")
        return real(nb, job, pkg)

    monkeypatch.setattr(site, "notebook_page", page)
    out_dir = tmp_path / "reports"
    code, messages = run(jobs, out_dir, pool)
    assert code == 1
    assert any(
        "FAILED  breaks:" in m
        and "after it ran: ValueError: its page could not be rendered (template missing)" in m
        for m in messages
    ), messages
    assert (
        (out_dir / "renders.html").is_file()
        and not (out_dir / "breaks.ipynb").exists()
        and not (out_dir / "breaks.html").exists()
    )


def test_a_warm_kernel_starts_each_notebook_with_an_empty_namespace(tmp_path, pool):
    first = notebook(
        tmp_path,
        "first",
        "leftover = 'from the first notebook'",
        "import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as "
        "plt\nplt.figure()\n6 * 7",
    )
    second = notebook(
        tmp_path,
        "second",
        "print('leftover' in dir(), 'plt' in dir(), len(Out))",
        "import gc, matplotlib.pyplot as plt\nprint(plt.get_fignums(), type(gc.collect).__name__)",
    )
    # what survived the first reset is frozen, once: later resets freeze nothing more (the count
    # falls as frozen objects are freed)
    frozen = "import builtins, gc\nbuiltins.frozen_at_{} = gc.get_freeze_count()"
    third = notebook(
        tmp_path,
        "third",
        frozen.format("third"),
        "print(frozen_at_second > 0, frozen_at_third <= frozen_at_second)\n"
        "del builtins.frozen_at_second, builtins.frozen_at_third",
    )
    nb2 = nbformat.read(second.path, as_version=4)
    nb2.cells.append(nbformat.v4.new_code_cell(frozen.format("second")))
    nbformat.write(nb2, second.path)
    out_dir = tmp_path / "reports"
    assert run([first], out_dir, pool)[0] == 0
    assert run([second], out_dir, pool)[0] == 0
    assert run([third], out_dir, pool)[0] == 0
    nb = nbformat.read(out_dir / "second.ipynb", as_version=4)
    assert printed(nb.cells[0].outputs) == "False False 0\n"  # names and output history gone
    # the first notebook's figure closed, and the garbage collector is the interpreter's own
    assert printed(nb.cells[1].outputs) == "[] builtin_function_or_method\n"
    assert nb.cells[0].execution_count == 1  # numbered as a fresh kernel would
    assert (
        printed(nbformat.read(out_dir / "third.ipynb", as_version=4).cells[1].outputs)
        == "True True\n"
    )


def test_the_longest_notebooks_are_handed_out_first_and_the_index_keeps_its_order():
    from helpers.data import load

    pkg = load.load_package()
    jobs = runner.plan(pkg)
    order = runner.longest_first(jobs, pkg)
    assert (
        sorted(order, key=lambda j: j.stem) == sorted(jobs, key=lambda j: j.stem) and order != jobs
    )
    # the collection's pages first (timelines, then the overview and the cross-check), then the
    # report pages, those that show the most figures first (counted from the data)
    collection = [j for j in jobs if j.notebook != "report.ipynb"]
    kinds = [j.notebook for j in order[: len(collection)]]
    assert kinds == sorted(
        kinds, key=["timeline.ipynb", "overview.ipynb", "crosscheck.ipynb"].index
    )
    figures = pkg.figures
    shown = (
        figures["report_id"].value_counts().add(figures["carried_by"].value_counts(), fill_value=0)
    )
    counts = [
        int(shown.get(j.params["report_id"], 0)) for j in order if j.notebook == "report.ipynb"
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert runner.plan(pkg) == jobs  # plan(), which the index follows, is untouched


def test_a_second_build_at_once_is_refused(tmp_path):
    out_dir = tmp_path / "reports"
    with outputs.ReportsFolder(out_dir).lock():
        messages = []
        code = runner.build(
            jobs=[], reports_dir=out_dir, log=lambda *a, **k: messages.append(" ".join(map(str, a)))
        )
    assert code == 3 and "another build is already writing" in messages[0]


def test_two_command_line_builds_started_together(tmp_path):
    """Two real `build` processes on the same reports folder: one runs, the other is refused with a
    clear message, and what is left is complete and identical to the reference."""
    out_dir = tmp_path / "reports"
    cmd = [
        sys.executable,
        "-m",
        "helpers",
        "build",
        "--reports-dir",
        str(out_dir),
        "--only",
        "report-snhr-2018-09",
    ]
    procs = [
        subprocess.Popen(
            cmd, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 3], results
    refused = next(err for code, _, err in results if code == 3)
    assert f"error: another build is already writing {out_dir}" in refused
    for name in ("report-snhr-2018-09.ipynb", "report-snhr-2018-09.html"):
        assert (out_dir / name).read_bytes() == (paths.REPORTS / name).read_bytes()


def test_what_a_cell_printed_is_one_output_however_the_kernel_flushed_it(tmp_path, pool):
    """A busy kernel now and then sends print(1) as two messages, "1" and "\\n" (its output thread
    flushed between the two writes): the page must not change with the machine's load. Here the
    cell flushes between writes itself, every time."""
    split = (
        "import sys\n"
        "sys.stdout.write('1'); sys.stdout.flush(); sys.stdout.write('\\n'); sys.stdout.flush()\n"
        "sys.stderr.write('w'); sys.stderr.flush(); sys.stderr.write('\\n'); sys.stderr.flush()\n"
        "print(2); display('shown'); print(3); sys.stdout.flush(); print(4)"
    )
    out_dir = tmp_path / "reports"
    code, messages = run([notebook(tmp_path, "a", split)], out_dir, pool)
    assert code == 0, messages
    outputs = nbformat.read(out_dir / "a.ipynb", as_version=4).cells[0].outputs
    assert [(o.output_type, o.get("name"), o.get("text")) for o in outputs] == [
        ("stream", "stdout", "1\n"),
        ("stream", "stderr", "w\n"),
        ("stream", "stdout", "2\n"),
        ("display_data", None, None),
        ("stream", "stdout", "3\n4\n"),
    ]


def test_joined_streams_joins_runs_of_one_stream_and_keeps_the_order_of_the_rest():
    def stream(name, text):
        return nbformat.v4.new_output("stream", name=name, text=text)

    shown = nbformat.v4.new_output("display_data", data={"text/plain": "x"})
    outputs = [
        stream("stdout", "a"),
        stream("stdout", ["b\n", "c"]),  # as a file may hold it, in lines
        stream("stderr", "e"),
        stream("stdout", "d"),
        shown,
        stream("stdout", "f"),
        stream("stdout", ""),
    ]
    assert [(o.get("name"), o.get("text")) for o in runner.joined_streams(outputs)] == [
        ("stdout", "ab\nc"),
        ("stderr", "e"),
        ("stdout", "d"),
        (None, None),
        ("stdout", "f"),
    ]
    assert runner.joined_streams([]) == []


# ---- incremental rebuilds ----


def test_unchanged_inputs_are_skipped_and_changed_ones_rerun(tmp_path, pool):
    a = notebook(tmp_path, "a", "print('a')")
    b = notebook(tmp_path, "b", "print('b')")
    out_dir = tmp_path / "reports"
    code, messages = run([a, b], out_dir, pool)
    assert (
        code == 0
        and messages[-1]
        == f"2 notebooks ran, 0 were current; outputs in {out_dir}. "
        f"Open {out_dir}/index.html to read them."
    )
    before = snapshot(out_dir)

    code, messages = run([a, b], out_dir, pool)
    assert code == 0 and messages == [
        "Unchanged since the last build, skipped 2: a, b",
        f"0 notebooks ran, 2 were current; outputs in {out_dir}. Open {out_dir}/index.html to "
        "read them.",
    ]
    assert not changed_files(before, snapshot(out_dir))

    os.utime(tmp_path / "a.ipynb")  # touched, not changed: nothing to do
    assert "skipped 2" in run([a, b], out_dir, pool)[1][0]

    notebook(tmp_path, "a", "print('a, edited')")
    code, messages = run([a, b], out_dir, pool)
    assert messages[0] == "Unchanged since the last build, skipped 1: b"
    assert "ok      a" in messages[1]

    (out_dir / "b.html").unlink()  # an output lost or edited by hand is regenerated
    assert "ok      b" in run([a, b], out_dir, pool)[1][1]

    code, messages = run([a, b], out_dir, pool, force=True)
    assert not any("skipped" in m for m in messages) and messages[-1].startswith("2 notebooks ran")


def test_the_job_key_covers_notebook_parameters_data_and_code(tmp_path):
    nb = tmp_path / "n.ipynb"
    nb.write_text("{}")
    key = buildstate.job_key(str(nb), (("report_id", "x"),), "data", "code")
    assert key == buildstate.job_key(str(nb), (("report_id", "x"),), "data", "code")
    assert key != buildstate.job_key(str(nb), (("report_id", "y"),), "data", "code")
    assert key != buildstate.job_key(str(nb), (("report_id", "x"),), "data2", "code")
    assert key != buildstate.job_key(str(nb), (("report_id", "x"),), "data", "code2")
    nb.write_text('{"cells": []}')
    assert key != buildstate.job_key(str(nb), (("report_id", "x"),), "data", "code")
    names = [name for name, _ in buildstate.code_files()]
    assert (
        "requirements.txt" in names
        and "helpers/build/runner.py" in names
        and "helpers/present/templates/civcas.html.j2" in names
    )


def test_editing_one_reports_rows_changes_only_the_pages_that_read_them(data_copy):
    before = data_copy.load()
    jobs = runner.plan(before)
    keys = jobinputs.data_keys(before, jobs)
    # the collection's pages (overview, cross-check, timelines) all read everything
    collection = [j for j in jobs if j.notebook != "report.ipynb"]
    assert len(set(keys.values())) == len(keys) - (len(collection) - 1)

    data_copy.path("figures").write_bytes(
        data_copy.path("figures").read_bytes()
    )  # rewritten unchanged
    assert jobinputs.data_keys(data_copy.load(), jobs) == keys

    data_copy.edit("figures", "figure_id", "vop-p10-sy12", interpretation="Read as Dar'a (SY12).")
    edited = jobinputs.data_keys(data_copy.load(), jobs)
    changed = {s for s, k in edited.items() if k != keys[s]}
    # the SNHR page shows the figure; the article carries it; the collection pages read everything
    assert changed == {
        "report-snhr-2018-09",
        "report-vop-article",
        *(j.stem for j in collection),
    }

    keys = edited  # the keys of the data as it now is
    data_copy.edit("figures", "figure_id", "sputnik-20180830-civ", value="1161")
    changed = {s for s, k in jobinputs.data_keys(data_copy.load(), jobs).items() if k != keys[s]}
    # a release's value feeds the series checks, whose findings every coalition page shows; the
    # monitors' pages show none of them and stay as they are
    assert {
        "report-cjtf-oir-2018-08-30",
        "report-sputnik-2018-08-30",
        "report-cjtf-oir-2018-09-27",
    } <= changed
    assert not changed & {
        "report-snhr-2018-09",
        "report-horrya-76151",
        "report-airwars-cited-2018-06-01",
    }


def test_a_no_op_build_needs_no_pandas(tmp_path):
    """The whole point of a no-op: hashing only. Proven by running it where pandas cannot be
    imported."""
    state = {
        "format": buildstate.FORMAT,
        "complete": True,
        "inputs": buildstate.inputs_digest(),
        "jobs": {},
    }
    (tmp_path / "index.html").write_text("index")
    index_digest = buildstate.digest_file(tmp_path / "index.html")
    state["collection"] = {"index.html": index_digest}
    (tmp_path / "overview.html").write_text("overview")
    page_digest = buildstate.digest_file(tmp_path / "overview.html")
    state["jobs"]["overview"] = {"key": "k", "outputs": {"overview.html": page_digest}}
    buildstate.save(tmp_path, state)
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "pandas.py").write_text("raise ImportError('pandas was imported')")
    (blocker / "nbformat.py").write_text("raise ImportError('nbformat was imported')")
    out = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "--reports-dir", str(tmp_path)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(blocker)},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "Nothing changed since the last build: the data, notebooks and helpers are as they were "
        "when all 1 "
        f"pages were built and checked (overview). Open {tmp_path}/index.html to read them; to "
        "rebuild "
        "every page anyway: make reports ARGS=--force\n"
    )


def test_worker_kernels_listen_on_private_ipc_sockets_not_tcp_ports(pool):
    """Parallel kernel starts cannot race for TCP ports: each worker's kernel gets its own socket
    files, in a private folder of the repository's (or, for a checkout with a long path, /tmp)."""
    km = pool.submit(kernels.kernel_manager).result()
    folder = Path(km.ip).parent
    where = isolation.SOCKETS if isolation.sockets_elsewhere() else isolation.SCRATCH
    assert km.transport == "ipc" and folder.is_relative_to(where) and len(km.ip) < 100
    assert all(
        stat.S_IMODE(p.stat().st_mode) == 0o700
        for p in (folder, *folder.parents)
        if p.is_relative_to(where) and p != where
    )


def test_the_build_s_main_process_imports_no_plotting_library():
    """The main process plans, hashes, renders pages and makes the index: it draws nothing, and
    importing matplotlib (about 0.4 s of CPU) would cost every build, a no-op's start included.
    Only the kernels draw."""
    modules = (
        "helpers.build.runner, helpers.build.plan, helpers.data.load, helpers.present.index, "
        "helpers.present.site, helpers.present.headlines"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, {modules}; print(sorted({{m.split('.')[0] for m in sys.modules}} "
            "& {'matplotlib', 'seaborn'}))",
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == "[]\n"


def test_the_warm_up_imports_the_helpers_and_freezes_the_heap():
    """What a worker's kernel runs before its first notebook (a failure there would be swallowed:
    the first notebook would only start slower)."""
    code = f"import gc, sys\nexec({kernels.WARM_UP_CODE!r})\n" + (
        "print(gc.get_freeze_count() > 0, 'helpers.present.views' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert (out.returncode, out.stdout) == (0, "True True\n"), out.stderr
