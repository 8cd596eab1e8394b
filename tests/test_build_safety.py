"""A hostile checkout, a killed build and a broken machine: nothing escapes the reports folder,
nothing is lost, every failure is one line with a documented exit code.

Each test plants its trap (a symlink, a traversal in the recorded state, a dead lock owner, a full
disk, a signal) in a temporary folder and runs the real build, in this process on the module's one
warm kernel where it can, in a real process where signals and kills are the point."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import build, changed_files, notebook, snapshot

from helpers import paths
from helpers.build import buildstate, cli, isolation, outputs, runner

CHART = (
    "from IPython.display import display\n"
    "display({{'image/svg+xml': '<svg xmlns=\"http://www.w3.org/2000/svg\"/>', 'image/png': "
    "'iVBORw0KGgo=', "
    "'text/plain': 'chart'}}, raw=True, metadata={{'civcas': {{'chart': {name!r}, 'csv': "
    "'a\\n1\\n', 'alt': 'a chart'}}}})"
)


def full_build(monkeypatch, jobs, out_dir, pool, **kw) -> tuple[int, list[str]]:
    """A build of the whole plan (pruning, the no-op check, the complete state), with the plan
    replaced by these small notebooks."""
    monkeypatch.setattr(runner, "plan", lambda pkg: list(jobs))
    return build(None, out_dir, pool, **kw)


# ---- the recorded state cannot reach outside ----


@pytest.mark.parametrize(
    "planted", ["../../victim.txt", "../README.copy", "ABSOLUTE", "figures/../../victim.txt"]
)
def test_a_state_naming_outputs_outside_the_folder_deletes_and_reads_nothing(
    tmp_path, pool, monkeypatch, planted
):
    victim = (
        (tmp_path / "victim.txt") if "victim" in planted else (tmp_path / "work" / "README.copy")
    )
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_text("not yours\n")
    rel = str(victim) if planted == "ABSOLUTE" else planted
    out_dir = tmp_path / "work" / "reports"
    out_dir.mkdir(parents=True)
    state = {
        "format": buildstate.FORMAT,
        "complete": False,
        "jobs": {
            "gone-report": {
                "key": "x",
                "outputs": {rel: buildstate.digest_bytes(victim.read_bytes())},
            }
        },
    }
    (out_dir / buildstate.STATE_FILE).write_text(json.dumps(state))
    code, messages = full_build(monkeypatch, [notebook(tmp_path, "a", "print(1)")], out_dir, pool)
    assert code == 0, messages
    assert victim.read_text() == "not yours\n"
    note = [m for m in messages if m.startswith("note:")]
    assert note == [
        f"note: .build-state.json records an output {rel[:80]!r} outside the reports folder's "
        "names for "
        "'gone-report'; the recorded state was ignored and everything is rebuilt (nothing deleted)"
    ]


def test_pruning_deletes_only_files_the_build_can_show_it_wrote(tmp_path, pool, monkeypatch):
    out_dir = tmp_path / "reports"
    a, b = notebook(tmp_path, "a", "print(1)"), notebook(tmp_path, "b", "print(2)")
    assert full_build(monkeypatch, [a, b], out_dir, pool)[0] == 0
    (out_dir / "b.html").write_text("edited by hand since\n")
    code, messages = full_build(monkeypatch, [a], out_dir, pool)
    assert code == 0
    assert (
        not (out_dir / "b.ipynb").exists()
        and (out_dir / "b.html").read_text() == "edited by hand since\n"
    )
    assert (
        "removed the outputs of b: the data no longer calls for it (kept b.html: changed since "
        "the build wrote them)" in messages
    )


@pytest.mark.parametrize(
    "forged",
    [
        "copied to a page that is gone",
        "moved to another page",
        "copied to a page named like the collection files",
        "moved to the collection files",
    ],
)
def test_a_state_giving_one_page_s_files_to_another_deletes_none_of_them(
    tmp_path, pool, monkeypatch, forged
):
    """A recorded state is trusted to say what the build wrote, with each file's sha256: one that
    lists a page's files under another page (copied to a page the data no longer calls for, or
    moved to one that runs again) was not written by a build, and deleting by it would take the
    page. It is ignored with a note, everything is rebuilt and nothing is deleted."""
    out_dir = tmp_path / "reports"
    a, b = notebook(tmp_path, "a", "print(1)"), notebook(tmp_path, "b", "print(2)")
    assert full_build(monkeypatch, [a, b], out_dir, pool)[0] == 0
    before = snapshot(out_dir)
    state = json.loads((out_dir / buildstate.STATE_FILE).read_text())
    if forged == "copied to a page that is gone":
        state["jobs"]["gone"] = {"key": "x", "outputs": dict(state["jobs"]["b"]["outputs"])}
        owner = "'b'"
    elif forged == "copied to a page named like the collection files":
        copied = dict(state["jobs"]["b"]["outputs"])
        state["jobs"]["the collection files"] = {"key": "x", "outputs": copied}
        owner = "'b'"
    elif forged == "moved to the collection files":
        state["collection"].update(state["jobs"]["b"].pop("outputs"))
        state["jobs"]["b"]["outputs"] = {}
        owner = None
    else:
        state["jobs"]["a"]["outputs"].update(state["jobs"]["b"].pop("outputs"))
        state["jobs"]["b"]["outputs"] = {}
        state["jobs"]["a"]["key"] = "stale"
        owner = None
    (out_dir / buildstate.STATE_FILE).write_text(json.dumps(state))
    code, messages = full_build(monkeypatch, [a, b], out_dir, pool)
    assert code == 0, messages
    after = snapshot(out_dir)
    kept = {name: after.get(name) for name in before if name != buildstate.STATE_FILE}
    assert not changed_files(before, kept | {buildstate.STATE_FILE: before[buildstate.STATE_FILE]})
    notes = [m for m in messages if m.startswith("note:")]
    assert len(notes) == 1 and "the recorded state was ignored" in notes[0], notes
    assert (f"that {owner} lists too" if owner else "another page's file 'b.html'") in notes[0]


@pytest.mark.parametrize(
    "forged",
    [
        "moved to a page that runs again",
        "moved to a page that is gone",
        "moved to the index",
        "moved to the index with the page, its entry gone",
        "moved to a current page, the page's entry gone",
    ],
)
def test_a_state_handing_one_page_s_charts_to_another_deletes_none_a_page_shows(
    tmp_path, pool, monkeypatch, forged
):
    """A record that moves only a page's charts (not its page files) to another entry, with their
    right sha256, passes every check of the record itself: the page that shows them still does,
    so no build deletes them by it, with --only or without, and the record gives them back to
    that page."""
    out_dir = tmp_path / "reports"
    a = notebook(tmp_path, "a", CHART.format(name="zz-a-chart"))
    b = notebook(tmp_path, "b", CHART.format(name="zz-b-chart"))
    assert full_build(monkeypatch, [a, b], out_dir, pool)[0] == 0
    before = snapshot(out_dir)
    charts = {rel: data for rel, data in before.items() if "zz-b-chart" in rel}
    assert len(charts) == 3 and all(rel.encode() in before["b.html"] for rel in charts)
    state = json.loads((out_dir / buildstate.STATE_FILE).read_text())
    moved = {rel: state["jobs"]["b"]["outputs"].pop(rel) for rel in charts}
    if forged == "moved to the index":
        state["collection"].update(moved)
    elif forged == "moved to a current page, the page's entry gone":
        # a runs no more (its key is current); b runs and publishes its charts, which a's entry
        # lists but a's page does not show: no clash
        del state["jobs"]["b"]
        state["jobs"]["a"]["outputs"].update(moved)
    elif forged == "moved to the index with the page, its entry gone":
        # (a recorded job's page in the collection's entry is refused: here b has no entry)
        state["collection"].update({**state["jobs"].pop("b")["outputs"], **moved})
    else:
        owner = "a" if forged == "moved to a page that runs again" else "gone"
        state["jobs"].setdefault(owner, {"key": "x", "outputs": {}})["outputs"].update(moved)
        state["jobs"][owner]["key"] = "stale"
    (out_dir / buildstate.STATE_FILE).write_text(json.dumps(state))
    pages = {rel: before[rel] for rel in ("b.html", "b.ipynb")}
    for only in (["a"], None):
        code, messages = full_build(monkeypatch, [a, b], out_dir, pool, only=only)
        assert code == 0, messages
        after = snapshot(out_dir)
        assert {rel: after.get(rel) for rel in charts} == charts, (only, messages)
        assert {rel: after.get(rel) for rel in pages} == pages, (only, messages)
    # the record now gives them to b, the page that shows them: when b no longer draws them, they
    # go
    b_plain = notebook(tmp_path, "b", "print(2)")
    code, messages = full_build(monkeypatch, [a, b_plain], out_dir, pool, force=True)
    assert code == 0, messages
    assert not any("zz-b-chart" in rel for rel in snapshot(out_dir)), messages


# ---- links are never followed ----


def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    (out_dir / ".build.lock").symlink_to(target)
    code, messages = build([], out_dir, None)
    assert code == 4
    assert messages == [
        "error: cannot write reports/.build.lock: it is a symbolic link, which the build never "
        "follows; remove it"
    ]
    assert target.read_text() == "keep me\n"


@pytest.mark.parametrize("where", ["figures", "reports"])
def test_a_symlinked_folder_is_refused_and_nothing_is_written_through_it(tmp_path, pool, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    out_dir = tmp_path / "reports"
    if where == "figures":
        out_dir.mkdir()
        (out_dir / "figures").symlink_to(outside)
        expected = (
            "error: reports/figures is a symbolic link; the build writes only into real folders "
            "inside reports/ "
            "and never follows a link: remove it and build again"
        )
    else:
        out_dir.symlink_to(outside)
        expected = (
            f"error: {out_dir}: the reports folder is a symbolic link, which the build never "
            "follows; "
            "give its real path with --reports-dir, or remove the link"
        )
    job = notebook(tmp_path, "charted", CHART.format(name="a-chart"))
    code, messages = build([job], out_dir, pool)
    assert code == 4 and messages[-1] == expected, messages
    assert list(outside.iterdir()) == []


def test_a_symlinked_output_is_replaced_not_written_through(tmp_path, pool):
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    (out_dir / "a.html").symlink_to(target)
    assert build([notebook(tmp_path, "a", "print(1)")], out_dir, pool)[0] == 0
    assert target.read_text() == "keep me\n" and not (out_dir / "a.html").is_symlink()


# ---- what is written: modes, temporaries, all or nothing ----


def test_published_files_have_the_checkouts_modes(tmp_path, pool):
    previous = os.umask(0o022)
    try:
        out_dir = tmp_path / "reports"
        assert (
            build([notebook(tmp_path, "charted", CHART.format(name="a-chart"))], out_dir, pool)[0]
            == 0
        )
    finally:
        os.umask(previous)
    modes = {
        p.relative_to(out_dir).as_posix(): p.stat().st_mode & 0o777
        for p in out_dir.rglob("*")
        if p.is_file()
    }
    assert set(modes) >= {
        "charted.html",
        "charted.ipynb",
        "index.html",
        "figures/a-chart.svg",
        "figures/a-chart.csv",
    }
    assert {rel: mode for rel, mode in modes.items() if rel != ".build.lock"} == dict.fromkeys(
        set(modes) - {".build.lock"}, 0o644
    )


def test_temporaries_a_killed_build_left_are_removed(tmp_path, pool):
    out_dir = tmp_path / "reports"
    (out_dir / "figures").mkdir(parents=True)
    left = [
        out_dir / ".index.html.k2j3h4x9.civcas-tmp",
        out_dir / "figures" / ".x.svg.abc123_z.civcas-tmp",
        out_dir / ".report-a.html.q8w9e7r6.tmp",  # as builds before this version named them
        out_dir / ".build-state.json.f7g8h9j0.civcas-tmp",  # the build's own state, half saved
        out_dir / "..build-state.json.a1b2c3d4.civcas-tmp",  # as earlier builds staged it
    ]
    for path in left:
        path.write_text("half a file")
    users = [
        out_dir / "notes.tmp",
        out_dir / ".deploy.config.tmp",
        out_dir / "figures" / ".mine.backup.civcas-tmp",
    ]
    for path in users:
        path.write_text("a user's file, not ours")
    code, messages = build([notebook(tmp_path, "a", "print(1)")], out_dir, pool)
    assert code == 0 and not any(p.exists() for p in left)
    assert all(p.exists() for p in users)
    assert (
        "removed reports/figures/.x.svg.abc123_z.civcas-tmp, a temporary file a stopped build "
        "left behind" in messages
    )


def test_a_temporary_a_killed_build_left_is_removed_even_when_nothing_changed(
    tmp_path, pool, monkeypatch
):
    out_dir = tmp_path / "reports"
    jobs = [notebook(tmp_path, "a", "print(1)")]
    assert full_build(monkeypatch, jobs, out_dir, pool)[0] == 0
    assert full_build(monkeypatch, jobs, out_dir, pool)[1][0].startswith("Nothing changed")
    left = out_dir / ".a.html.k2j3h4x9.civcas-tmp"
    left.write_text("half a file")
    code, messages = full_build(monkeypatch, jobs, out_dir, pool)
    assert code == 0 and not left.exists(), messages
    assert not messages[0].startswith("Nothing changed"), messages
    assert full_build(monkeypatch, jobs, out_dir, pool)[1][0].startswith("Nothing changed")


@pytest.mark.parametrize("stop", ["signal", "full disk"])
def test_what_ran_stays_recorded_when_the_build_ends_while_the_index_is_made(
    tmp_path, pool, monkeypatch, stop
):
    from helpers.present import index

    def index_while_stopped(*args, **kwargs):
        if stop == "signal":
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises here
        raise outputs.OutputError("zz-fixture: the disk is full")

    out_dir = tmp_path / "reports"
    jobs = [notebook(tmp_path, "a", "print(1)"), notebook(tmp_path, "b", "print(2)")]
    monkeypatch.setattr(index, "index_page", index_while_stopped)
    code, messages = build(jobs, out_dir, pool)
    assert code == (143 if stop == "signal" else 4), messages
    monkeypatch.undo()
    code, messages = build(jobs, out_dir, pool)
    assert code == 0 and messages[0] == "Unchanged since the last build, skipped 2: a, b", messages


def test_a_stop_before_the_workers_start_is_one_line_and_frees_the_lock(tmp_path, monkeypatch):
    def leftovers_while_stopped(self):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises here, before the build's pool is made
        return []

    monkeypatch.setattr(outputs.ReportsFolder, "remove_leftovers", leftovers_while_stopped)
    out_dir = tmp_path / "reports"
    code, messages = build([notebook(tmp_path, "a", "print(1)")], out_dir, None)
    assert code == 143 and len(messages) == 1 and messages[0].startswith("stopped by SIGTERM:")
    assert (out_dir / ".build.lock").read_text() == ""


def test_a_disk_too_full_for_the_lock_s_pid_is_one_line(tmp_path, pool, monkeypatch):
    def full(fd, data, offset):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.os, "pwrite", full)
    code, messages = build([notebook(tmp_path, "a", "print(1)")], tmp_path / "reports", pool)
    monkeypatch.undo()
    assert code == 4 and messages == [
        "error: cannot write reports/.build.lock: the disk is full; free some space and build again"
    ], messages


@pytest.mark.parametrize(
    "failure, line",
    [
        (errno.ENOSPC, "the disk is full; free some space and build again"),
        (
            errno.EROFS,
            "the reports folder is on a read-only file system; build into another with "
            "--reports-dir",
        ),
        (
            errno.EACCES,
            "permission denied; make the reports folder writable or build into another with "
            "--reports-dir",
        ),
    ],
)
def test_a_full_disk_or_read_only_folder_replaces_nothing_and_says_so_in_one_line(
    tmp_path, pool, monkeypatch, failure, line
):
    out_dir = tmp_path / "reports"
    job = notebook(tmp_path, "charted", CHART.format(name="a-chart"))
    assert build([job], out_dir, pool, force=True)[0] == 0
    before = snapshot(out_dir)
    staged = []
    real = outputs.ReportsFolder._stage_in

    def fail_on_third(self, folder, name, raw):
        staged.append(name)
        if len(staged) == 3:
            raise outputs.OutputError(
                outputs.describe(OSError(failure, os.strerror(failure)), self._show(folder / name))
            )
        return real(self, folder, name, raw)

    monkeypatch.setattr(outputs.ReportsFolder, "_stage_in", fail_on_third)
    code, messages = build([job], out_dir, pool, force=True)
    assert code == 4
    assert messages[-1] == f"error: cannot write reports/figures/a-chart.csv: {line}"
    assert not changed_files(before, snapshot(out_dir))  # nothing replaced, no temporary file left


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "256k"):
    """A real file system of `size` mounted at folder (root only; skipped where mounting is not
    allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
            capture_output=True,
        ).returncode
        != 0
    ):
        pytest.skip(
            "mounting a small file system needs root: run the tests as root (as .ci/run does) to "
            "include it; the simulated cases cover the same code"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_replaces_nothing_and_leaves_no_temporary_file(tmp_path, pool):
    with small_disk(tmp_path / "reports") as out_dir:
        job = notebook(tmp_path, "a", "print(1)")
        assert build([job], out_dir, pool)[0] == 0
        before = snapshot(out_dir)
        notebook(tmp_path, "a", "print('x' * 400_000)")
        code, messages = build([job], out_dir, pool)
        assert (
            code == 4
            and messages[-1]
            == "error: cannot write reports/a.html: the disk is full; "
            "free some space and build again"
        )
        assert not changed_files(before, snapshot(out_dir))


def test_a_really_read_only_file_system_is_one_line(tmp_path, pool):
    with small_disk(tmp_path / "reports") as out_dir:
        job = notebook(tmp_path, "a", "print(1)")
        assert build([job], out_dir, pool)[0] == 0
        before = snapshot(out_dir)
        subprocess.run(["mount", "-o", "remount,ro", str(out_dir)], check=True)
        code, messages = build([job], out_dir, pool, force=True)
        assert code == 4 and messages == [
            "error: cannot write reports/.build.lock: the reports folder is on a read-only file "
            "system; build into another with --reports-dir"
        ]
        assert not changed_files(before, snapshot(out_dir))


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason=(
        "root can write into read-only folders: run the tests as another user to include it; "
        "the read-only file system test covers root"
    ),
)
def test_a_really_read_only_folder(tmp_path, pool):
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    out_dir.chmod(0o555)
    try:
        code, messages = build([notebook(tmp_path, "a", "print(1)")], out_dir, pool)
    finally:
        out_dir.chmod(0o755)
    assert code == 4 and messages[-1].startswith("error: cannot write reports/")


# ---- names: checked, never shared ----


def test_two_charts_with_one_name_fail_their_notebook_naming_both(tmp_path, pool):
    out_dir = tmp_path / "reports"
    job = notebook(
        tmp_path, "twice", CHART.format(name="by-governorate"), CHART.format(name="by-governorate")
    )
    code, messages = build([job], out_dir, pool)
    assert code == 1
    assert (
        "the chart 'by-governorate' of cell 0 and the chart 'by-governorate' of cell 1 would both "
        "be published as "
        "figures/by-governorate.svg; two outputs may never share a name: give one of the charts "
        "another name"
    ) in messages[0]
    assert not (out_dir / "figures").exists()


def test_a_chart_name_another_page_publishes_fails_the_second_page(tmp_path, pool):
    out_dir = tmp_path / "reports"
    first, second = (
        notebook(tmp_path, "first", CHART.format(name="shared")),
        notebook(tmp_path, "second", CHART.format(name="shared")),
    )
    assert build([first], out_dir, pool)[0] == 0
    code, messages = build([first, second], out_dir, pool)
    assert code == 1
    assert (
        "the chart 'shared' of cell 0 would be published as figures/shared.svg, which first "
        "already publishes; "
        "two outputs may never share a name: rename one"
    ) in messages[-2]


def test_a_chart_a_page_no_longer_draws_is_removed_unless_edited_or_taken_over(tmp_path, pool):
    """A rerun page publishes what its notebook draws now: a chart it drew before and draws no
    more is deleted, so no stale chart survives an incremental build; one edited by hand since is
    kept, with a note; one another page now publishes stays as that page wrote it."""
    out_dir = tmp_path / "reports"
    charts = [CHART.format(name=n) for n in ("zz-kept", "zz-dropped", "zz-edited", "zz-moved")]
    assert build([notebook(tmp_path, "page", *charts)], out_dir, pool)[0] == 0
    figures = out_dir / "figures"
    assert {p.stem for p in figures.glob("*.svg")} == {
        "zz-kept",
        "zz-dropped",
        "zz-edited",
        "zz-moved",
    }
    (figures / "zz-edited.csv").write_text("edited by hand\n")
    page = notebook(tmp_path, "page", charts[0])
    other = notebook(tmp_path, "other", charts[3])
    code, messages = build([page, other], out_dir, pool)
    assert code == 0, messages
    left = sorted(p.name for p in figures.iterdir())
    assert left == [
        "zz-edited.csv",
        *(f"zz-kept.{ext}" for ext in ("csv", "png", "svg")),
        *(f"zz-moved.{ext}" for ext in ("csv", "png", "svg")),
    ], left
    assert (figures / "zz-edited.csv").read_text() == "edited by hand\n"
    assert any(
        m == "note: page no longer publishes figures/zz-edited.csv, which was edited since it was "
        "built: kept; delete it if it is not wanted"
        for m in messages
    ), messages
    state = buildstate.load(out_dir)
    assert "figures/zz-moved.svg" in state["jobs"]["other"]["outputs"]
    assert "figures/zz-moved.svg" not in state["jobs"]["page"]["outputs"]


@pytest.mark.parametrize("name", ["../escape", "x" * 250, ".hidden", "a/b/c/d"])
def test_names_from_data_are_checked_where_files_are_written(tmp_path, pool, name):
    out_dir = tmp_path / "reports"
    code, messages = build([notebook(tmp_path, "named", CHART.format(name=name))], out_dir, pool)
    assert code == 1 and "refused to publish" in messages[0] and "(from the chart" in messages[0]
    assert not (tmp_path / "escape.svg").exists() and not (out_dir / "figures").exists()


def test_an_output_over_the_limit_is_not_published(tmp_path, pool):
    out_dir = tmp_path / "reports"
    (out_dir).mkdir()
    (out_dir / "loud.ipynb").write_text("last good")
    job = notebook(tmp_path, "loud", "print('x' * 3_000_000)")
    code, messages = build([job], out_dir, pool, max_output_bytes=2**20)
    assert code == 1
    assert messages[0].endswith(
        "its executed notebook is 2.9 MB, over the limit of 1 MB for one published file (a cell "
        "that "
        "prints too much?); nothing of it was published (raise the limit with --max-output-mb)"
    )
    assert (out_dir / "loud.ipynb").read_text() == "last good" and not (
        out_dir / "loud.html"
    ).exists()


# ---- --only, notebooks, options ----


def test_only_runs_one_page_and_keeps_the_index_whole(tmp_path, pool, monkeypatch):
    out_dir = tmp_path / "reports"
    jobs = [notebook(tmp_path, "alpha", "print(1)"), notebook(tmp_path, "beta", "print(2)")]
    assert full_build(monkeypatch, jobs, out_dir, pool)[0] == 0
    notebook(tmp_path, "alpha", "print('alpha, edited')")
    notebook(tmp_path, "beta", "print('beta, edited')")
    code, messages = full_build(monkeypatch, jobs, out_dir, pool, only=["beta"])
    assert code == 0 and messages[-1].startswith("1 notebooks ran, 0 were current")
    index = (out_dir / "index.html").read_text()
    assert 'href="alpha.html"' in index and 'href="beta.html"' in index
    assert (
        "beta, edited" in (out_dir / "beta.ipynb").read_text()
        and "alpha, edited" not in (out_dir / "alpha.ipynb").read_text()
    )
    assert buildstate.load(out_dir)["complete"] is False  # alpha is out of date


def test_only_naming_no_page_is_refused(tmp_path, pool, monkeypatch):
    code, messages = full_build(
        monkeypatch,
        [notebook(tmp_path, "alpha", "print(1)")],
        tmp_path / "reports",
        pool,
        only=["beta"],
    )
    assert code == 2 and messages == [
        "error: --only names no planned page: beta; the pages are named like alpha"
    ]
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    "damage, line",
    [
        (
            lambda p: p.unlink(),
            "the notebook is missing; expected the notebook file (restore it: git checkout -- "
            "{shown})",
        ),
        (lambda p: p.write_text("{not json"), "not a valid notebook ("),
        # JSON nested past the parser's depth, and cells that are not objects: read to work out
        # what code a notebook imports, they used to be unexpected errors (exit 70)
        (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "not a valid notebook ("),
        (
            lambda p: p.write_text(json.dumps({"cells": [1], "metadata": {}, "nbformat": 4})),
            "not a valid notebook (",
        ),
        (
            lambda p: (p.unlink(), p.symlink_to("/etc/hostname")),
            "the notebook is a symbolic link; expected the notebook file",
        ),
    ],
)
def test_a_missing_or_broken_notebook_is_one_line_and_nothing_runs(tmp_path, pool, damage, line):
    job = notebook(tmp_path, "gone", "print(1)")
    damage(job.path)
    code, messages = build([job], tmp_path / "reports", pool)
    assert code == 2 and len(messages) == 1
    assert messages[0].startswith(f"error: {job.path}: {line.format(shown=job.path)}"), messages
    assert not (tmp_path / "reports").exists()


def _cli(argv: list[str]) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", *argv],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stderr


OPTION_CASES = {
    "workers_negative": (
        ["--workers", "-1"],
        "argument --workers: expected a whole number from 1 to 256, got '-1'",
    ),
    "workers_zero": (
        ["--workers", "0"],
        "argument --workers: expected a whole number from 1 to 256, got '0'",
    ),
    "workers_not_a_number": (
        ["--workers", "two"],
        "argument --workers: expected a whole number from 1 to 256, got 'two'",
    ),
    "timeout_nan": (
        ["--timeout", "nan"],
        "argument --timeout: expected seconds from 1 to 86400, got 'nan'",
    ),
    "timeout_infinite": (
        ["--timeout", "inf"],
        "argument --timeout: expected seconds from 1 to 86400, got 'inf'",
    ),
    "timeout_negative": (
        ["--timeout", "-5"],
        "argument --timeout: expected seconds from 1 to 86400, got '-5'",
    ),
    "max_output_zero": (
        ["--max-output-mb", "0"],
        "argument --max-output-mb: expected megabytes from 1 to 2048, got '0'",
    ),
    "bare_only": (["--only"], "argument --only: expected at least one argument"),
    "only_traversal": (
        ["--only", "../README"],
        "argument --only: '../README' is not a page name; expected names like report-snhr-2018-09",
    ),
    "reports_dir_is_a_file": (
        ["--reports-dir", "README.md"],
        "argument --reports-dir: 'README.md' is a file; expected a folder (it is made if it does "
        "not exist)",
    ),
    "unknown_option": (["--wrokers", "2"], "unrecognized arguments: --wrokers 2"),
    # the checkout's own folders never take the site (the notebooks were overwritten by their
    # executed copies, data/raw got files no documents.csv row names): reports/ or a new folder
    "reports_dir_in_notebooks": (
        ["--reports-dir", "notebooks"],
        "argument --reports-dir: 'notebooks' is inside the checkout's own notebooks/: choose "
        "reports/ or a new folder",
    ),
    "reports_dir_in_raw_data": (
        ["--reports-dir", "data/raw"],
        "argument --reports-dir: 'data/raw' is inside the checkout's own data/: choose reports/ "
        "or a new folder",
    ),
    "reports_dir_the_checkout": (
        ["--reports-dir", "."],
        "argument --reports-dir: '.' is the checkout or a folder around it: choose reports/ or a "
        "new folder",
    ),
    "reports_dir_name_too_long": (
        ["--reports-dir", "a" * 300 + "/x"],
        "argument --reports-dir: '"
        + "a" * 80
        + "'… cannot be used as a folder: File name too long",
    ),
}


@pytest.mark.parametrize("case", OPTION_CASES)
def test_a_bad_option_is_refused_by_the_parser_in_one_line(case, capsys):
    argv, message = OPTION_CASES[case]
    before = snapshot(paths.REPORTS)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", *argv])
    assert exit_.value.code == 2
    prog = "civcas" if case == "unknown_option" else "civcas build"
    assert capsys.readouterr().err == f"{prog}: error: {message}; see --help\n"
    assert not changed_files(before, snapshot(paths.REPORTS))


def test_an_unexpected_error_is_one_line_unless_debug_is_asked_for(monkeypatch, capsys):
    from helpers.build import runner as runner_module

    def broken(**kwargs):
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(runner_module, "build", broken)
    assert cli.main(["build"]) == 70
    assert capsys.readouterr().err == (
        "civcas: unexpected error: ZeroDivisionError: division by zero "
        "(run again with --debug for the traceback)\n"
    )
    with pytest.raises(ZeroDivisionError):
        cli.main(["--debug", "build"])


def test_every_exit_code_is_documented_in_the_build_guide():
    readme = (paths.ROOT / "docs" / "build.md").read_text(encoding="utf-8")
    for code in cli.EXIT_CODES:
        assert f"`{code}`" in readme, code


# ---- inputs are digested when the build starts ----


def test_data_edited_while_a_build_runs_is_rebuilt_next_time(
    tmp_path, pool, monkeypatch, data_copy
):
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    figures = data_copy.path("figures")
    editor = notebook(
        tmp_path, "editor", f"open({str(figures)!r}, 'a').write('\\n')"
    )  # an empty line at the end: valid
    out_dir = tmp_path / "reports"
    code, messages = full_build(monkeypatch, [editor], out_dir, pool)
    assert code == 0
    assert any(
        m.startswith("note: the data, notebooks or helpers changed while the build ran")
        for m in messages
    )
    state = buildstate.load(out_dir)
    assert state["complete"] is False and state["inputs"] is None
    code, messages = full_build(monkeypatch, [editor], out_dir, pool)
    assert not messages[0].startswith("Nothing changed"), messages


# ---- signals, kills and locks, with real processes ----

BUILD_SCRIPT = """
import signal, sys
# as from a terminal, whatever the test process ignores (a background job ignores SIGINT)
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
from helpers.build import isolation, kernels, runner
from pathlib import Path
isolation.SCRATCH = Path({temp!r})  # the workers' temporary folders: where the test looks
# the sleepers import nothing: each kernel is warmed up (started, a cell run) without the helpers
kernels.WARM_UP_CODE = "pass"
{preamble}
jobs = [
    runner.Job({path!r}, (), "sleeper", "Sleeper"),
    runner.Job({path!r}, (), "sleeper-two", "Sleeper two"),
]
sys.exit(runner.build(jobs=jobs, reports_dir={out!r}, workers=2))
"""


def _start_sleeping_build(tmp_path: Path, preamble: str = ""):
    """The build script, with preamble run first (it may stand in for parts of the build)."""
    marker = tmp_path / "started"
    job = notebook(
        tmp_path,
        "sleeper",
        f"import os, time\nopen({str(marker)!r} + str(os.getpid()), 'w').close()\ntime.sleep(300)",
    )
    out_dir = tmp_path / "reports"
    temp = tmp_path / "temp"  # where the build's processes keep their temporary files (TMPDIR too)
    temp.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BUILD_SCRIPT.format(
                preamble=preamble, path=str(job.path), out=str(out_dir), temp=str(temp)
            ),
        ],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("started*"))) < 2:  # both kernels are running a cell
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.1)
    tree = psutil.Process(proc.pid).children(recursive=True)
    kernels = [int(p.name.removeprefix("started")) for p in tmp_path.glob("started*")]
    assert {k for k in kernels} <= {p.pid for p in tree} and len(
        tree
    ) >= 4  # two workers, two kernels
    return proc, tree, out_dir


def _gone(processes, seconds: float = 20) -> list:
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    return alive


@pytest.fixture
def sleeping_build(tmp_path):
    """A real build process with two workers, each running a notebook that sleeps; whatever the test
    does, nothing of it outlives the test."""
    proc, tree, out_dir = _start_sleeping_build(tmp_path)
    yield proc, tree, out_dir
    _kill_what_is_left(proc, tree)


def _kill_what_is_left(proc, tree) -> None:
    """Whatever happened, nothing of a started build outlives its test."""
    for process in [psutil.Process(proc.pid), *tree] if proc.poll() is None else tree:
        with contextlib.suppress(psutil.Error):
            process.kill()


@pytest.mark.parametrize(
    "sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)]
)
def test_a_signal_stops_the_build_in_one_line_and_takes_every_worker_and_kernel_with_it(
    sleeping_build, sig, code
):
    proc, tree, out_dir = sleeping_build
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr == (
        f"stopped by {signal.Signals(sig).name}: the notebooks published before it keep their new "
        "outputs, "
        "the others their previous ones; run the build again to finish\n"
    )
    assert _gone(tree) == []
    assert (out_dir / ".build.lock").read_text() == ""  # ended cleanly: no owner left behind
    assert (
        list((out_dir.parent / "temp").iterdir()) == []
    )  # no temporary file or kernel socket left


# While the workers run, the build's main thread works with polars (the index's statuses): here it
# is sent SIGINT in the middle of a polars call. Polars hooks SIGINT itself and raises its own
# KeyboardInterrupt, and the build's handler for the same signal runs only afterwards, when the
# build is already ending: once, it ran at the start of the clean-up and skipped it, leaving the
# workers and kernels running and the build hung at exit.
POLARS_INTERRUPTED = """
import atexit, contextlib, os, signal, threading, time
from pathlib import Path
{ignore}

def statuses_in_polars(*args, **kwargs):
    import polars as pl

    folder = Path({folder!r})
    while len(list(folder.glob("started*"))) < 2:  # both kernels are running a cell
        time.sleep(0.05)
    # long calls with little Python around them, so that the signal lands inside one: a lazy query
    # (an eager call's Python wrapper and unchecked tail let Python's handler win 1 time in 6)
    words = pl.LazyFrame({{"w": (pl.int_range(0, 10_000_000, eager=True) % 1000).cast(pl.String)}})
    old, new = pl.Series([str(n) for n in range(1000)]), pl.Series(range(1000))
    query = words.select(pl.col("w").replace_strict(old, new, default=None))
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
    deadline = time.monotonic() + {seconds}
    try:
        while time.monotonic() < deadline:
            query.collect()
    except KeyboardInterrupt:  # polars' own, not the build's
        INTERRUPTED[0] = True  # no call here: the build's pending handler would run at one
        raise
    (folder / "polars-done").touch()
    return STATUSES[0](*args, **kwargs)


INTERRUPTED, STATUSES = [False], []
atexit.register(lambda: INTERRUPTED[0] and Path({folder!r}, "polars-interrupted").touch())

handlers_then_polars = runner.stop_on_signals


@contextlib.contextmanager
def stop_on_signals():
    # polars, imported after the build's handlers as in a real build, hooks SIGINT over them
    with handlers_then_polars():
        from helpers.present import index

        STATUSES.append(index.page_statuses)
        index.page_statuses = statuses_in_polars
        yield


runner.stop_on_signals = stop_on_signals
"""


# Where the signal lands is up to the operating system: now and then Python's handler runs before
# polars looks (the build stops cleanly then too, which each try checks); a try that missed polars
# is made again, up to TRIES in all.
TRIES = 3


def test_sigint_inside_polars_stops_the_build_cleanly(tmp_path):
    for attempt in range(TRIES):
        folder = tmp_path / f"try-{attempt}"
        folder.mkdir()
        proc, tree, out_dir = _start_sleeping_build(
            folder, POLARS_INTERRUPTED.format(folder=str(folder), ignore="", seconds=300)
        )
        try:
            stdout, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            alive = [p.cmdline()[1:3] for p in tree if p.is_running()]
            pytest.fail(f"the build did not exit within 60 s of SIGINT; still running: {alive}")
        finally:
            _kill_what_is_left(proc, tree)
        assert proc.returncode == 130, stderr
        assert stderr == (
            "stopped by SIGINT: the notebooks published before it keep their new outputs, the "
            "others their previous ones; run the build again to finish\n"
        )
        assert _gone(tree) == []
        assert (out_dir / ".build.lock").read_text() == ""
        assert list((out_dir.parent / "temp").iterdir()) == []
        if (folder / "polars-interrupted").exists():
            return
    pytest.fail(f"the signal did not reach polars in {TRIES} tries")


def test_a_build_started_ignoring_sigint_ignores_it_in_polars_too(tmp_path):
    """A background job ignores SIGINT; polars, imported by the build, hooks SIGINT to raise its
    own KeyboardInterrupt: the build ignores the signal again once polars is in."""
    preamble = POLARS_INTERRUPTED.format(
        folder=str(tmp_path), ignore="signal.signal(signal.SIGINT, signal.SIG_IGN)", seconds=1.5
    )
    proc, tree, out_dir = _start_sleeping_build(tmp_path, preamble)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "polars-done").exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the polars work did not end"
            time.sleep(0.1)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        _kill_what_is_left(proc, tree)
    assert not (tmp_path / "polars-interrupted").exists()
    assert proc.returncode == 143 and stderr.startswith("stopped by SIGTERM:"), stderr


def test_a_build_started_ignoring_sighup_keeps_ignoring_it(tmp_path):
    """`nohup make reports` outlives its terminal: SIGHUP, ignored when the build starts, is not
    turned into a stop."""
    proc, tree, out_dir = _start_sleeping_build(
        tmp_path, "signal.signal(signal.SIGHUP, signal.SIG_IGN)"
    )
    try:
        proc.send_signal(signal.SIGHUP)
        with pytest.raises(subprocess.TimeoutExpired):
            proc.communicate(timeout=2)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        _kill_what_is_left(proc, tree)
    assert proc.returncode == 143 and stderr.startswith("stopped by SIGTERM:"), stderr
    assert _gone(tree) == []


def test_sigkill_of_the_build_leaves_no_worker_or_kernel_and_the_next_build_is_not_refused(
    tmp_path, sleeping_build, pool, monkeypatch
):
    proc, tree, out_dir = sleeping_build
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(tree) == [], [p.cmdline() for p in tree if p.is_running()]
    # the workers removed their temporary folders; the build's own is left for the next build
    temp = out_dir.parent / "temp"
    assert len(list(temp.iterdir())) == 1
    monkeypatch.setattr(isolation, "SCRATCH", temp)
    quick = notebook(tmp_path, "quick", "print(1)")
    messages: list[str] = []
    # the next build runs on the module's warm kernel: what it must show is that the lock the
    # killed build left behind is taken over
    code = runner.build(
        jobs=[quick],
        reports_dir=out_dir,
        executor=pool,
        log=lambda *a, **k: messages.append(" ".join(map(str, a))),
    )
    assert code == 0, messages
    assert (
        messages[0]
        == f"note: the build with pid {proc.pid} stopped without finishing; took its lock over"
    )
    assert list(temp.iterdir()) == []


def test_the_temporary_folders_of_workers_killed_with_their_build_are_removed_by_the_next(
    tmp_path, sleeping_build, pool, monkeypatch
):
    # SIGKILL to the build and its workers, as to the whole process group: nothing cleans up
    proc, tree, out_dir = sleeping_build
    temp = out_dir.parent / "temp"
    workers = [p for p in tree if p.ppid() == proc.pid]
    for process in [psutil.Process(proc.pid), *workers]:
        process.kill()
    proc.communicate(timeout=60)
    assert _gone(tree) == [], [p.cmdline() for p in tree if p.is_running()]
    left = sorted(p.name for p in temp.iterdir())  # the workers' and the build's own
    assert len(left) == len(workers) + 1 == 3 and all(name.startswith("w-") for name in left)
    monkeypatch.setattr(isolation, "SCRATCH", temp)
    code, messages = build([notebook(tmp_path, "quick", "print(1)")], out_dir, pool)
    assert code == 0, messages
    assert list(temp.iterdir()) == []
    # (kernels' socket folders in /tmp too, where this test's long temporary path puts them)
    removed = [m for m in messages if m.startswith(f"removed {temp}")]
    assert removed == [
        f"removed {temp / name}, the temporary folder of a stopped build's process" for name in left
    ]


def test_a_lock_held_by_what_a_dead_build_left_running_is_taken_over(tmp_path, pool):
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    lock = out_dir / ".build.lock"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.write_text(str(dead.pid))
    orphan = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, time\nf = open({str(lock)!r})\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert orphan.stdout.readline() == "held\n"
        code, messages = build([notebook(tmp_path, "a", "print(1)")], out_dir, pool)
    finally:
        orphan.kill()
        orphan.wait()
    assert code == 0, messages
    assert (
        messages[0]
        == f"note: build {dead.pid} died and left processes holding its lock; took the lock over"
    )


def test_a_lock_held_by_a_live_build_is_refused_with_its_pid(tmp_path):
    out_dir = tmp_path / "reports"
    with outputs.ReportsFolder(out_dir).lock():
        code, messages = build([], out_dir, None)
    assert code == 3
    assert messages == [
        f"error: another build is already writing {out_dir} (pid {os.getpid()}); wait for it to "
        "finish and run again"
    ]


def test_a_breakdown_named_like_another_chart_is_a_collision_naming_both(
    tmp_path, data_copy, monkeypatch
):
    """The case seen in the wild: a breakdown by a dimension called `governorate` makes a chart
    named like the report's governorate chart; neither silently overwrites the other."""
    for figure_id, group in (("vop-p10-sy02", "aleppo"), ("vop-p10-sy09", "deir-ez-zor")):
        data_copy.append(
            "groups",
            dimension="governorate",
            group=group,
            label=group,
            phrase=f"in {group}",
            description="zz-test: a group declared for this test only.",
        )
        data_copy.edit(
            "figures",
            "figure_id",
            figure_id,
            breakdown=f"governorate:{group}",
            governorate_pcode="",
        )
    code, messages = data_copy.build(tmp_path / "reports", {"report-snhr-2018-09"})
    assert code == 1
    failed = next(m for m in messages if "FAILED" in m)
    chart = r"the chart 'snhr-2018-09__by-governorate' \(.+?\) of cell \d+"
    assert re.search(
        f"after it ran: {chart} and {chart} would both be published as "
        "figures/snhr-2018-09__by-governorate.svg; "
        "two outputs may never share a name: give one of the charts another name$",
        failed,
    ), failed
    assert not (tmp_path / "reports" / "figures").exists()


# ---- found by review: each failed before its fix ----


def test_a_signal_during_page_rendering_is_not_swallowed(tmp_path, pool, monkeypatch):
    from helpers.present import site

    def render_while_stopped(nb, job, pkg=None):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises here
        raise AssertionError("the signal was not delivered")

    monkeypatch.setattr(site, "notebook_page", render_while_stopped)
    code, messages = build([notebook(tmp_path, "a", "print(1)")], tmp_path / "reports", pool)
    assert code == 143 and messages[-1].startswith("stopped by SIGTERM:"), messages


def test_a_folder_where_an_output_goes_replaces_nothing_and_is_one_line(tmp_path, pool):
    out_dir = tmp_path / "reports"
    job = notebook(tmp_path, "a", "print(1)")
    assert build([job], out_dir, pool)[0] == 0
    (out_dir / "a.ipynb").unlink()
    (out_dir / "a.ipynb").mkdir()
    before = snapshot(out_dir)
    code, messages = build([job], out_dir, pool)
    assert (
        code == 4
        and messages[-1]
        == "error: cannot write reports/a.ipynb: "
        "a folder stands where a file must be written; remove it"
    )
    assert not changed_files(before, snapshot(out_dir))  # a.html was not replaced either


@pytest.mark.parametrize(
    "content, note",
    [
        (
            '{"format": 1, "jobs": {"x": {"outputs": {"a.html": 5}}}}',
            "an output 'a.html' without its sha256 for 'x'",
        ),
        ('{"format": 1, "jobs": {"x": []}}', "an entry without its outputs for 'x'"),
        (
            '{"format": 1, "jobs": {"x": {"outputs": {"figures/a.svg": ""}}}}',
            "an output 'figures/a.svg' without its sha256 for 'x'",
        ),
        ("[" * 100_000, None),
        ("null", None),
    ],
)
def test_any_state_file_content_is_ignored_with_at_most_a_note(tmp_path, pool, content, note):
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    (out_dir / buildstate.STATE_FILE).write_text(content)
    code, messages = build([notebook(tmp_path, "a", "print(1)")], out_dir, pool)
    assert code == 0
    notes = [m for m in messages if m.startswith("note:")]
    assert notes == (
        [
            f"note: .build-state.json records {note}; the recorded state was ignored and "
            "everything is rebuilt "
            "(nothing deleted)"
        ]
        if note
        else []
    )


def test_a_reports_folder_below_a_file_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("x")
    code, messages = build([], tmp_path / "a-file" / "reports", None)
    assert code == 4 and messages == [
        f"error: {tmp_path / 'a-file' / 'reports'}: cannot be the reports folder: "
        "a part of the path is not a folder"
    ]


def test_a_lock_naming_an_impossible_pid_is_refused_while_held(tmp_path):
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    lock = out_dir / ".build.lock"
    lock.write_text("9" * 30)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, time\nf = open({str(lock)!r})\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        code, messages = build([], out_dir, None)
    finally:
        holder.kill()
        holder.wait()
    assert code == 3 and messages == [
        f"error: another build is already writing {out_dir} (pid unknown); wait for it to finish "
        "and run again"
    ]


def test_a_data_folder_that_is_a_link_is_never_walked(tmp_path, data_copy):
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "secret.txt").write_text("not yours")
    root = tmp_path / "linked-root"
    root.mkdir()
    (root / "datapackage.json").write_bytes((data_copy.root / "datapackage.json").read_bytes())
    (root / "data").symlink_to(outside)
    assert buildstate.data_files(root) == [
        ("datapackage.json", root / "datapackage.json"),
        ("data", root / "data"),
    ]


def test_an_empty_folder_in_the_data_changes_what_a_build_reads(data_copy):
    """validate refuses an empty folder in data/raw, but a build found "nothing changed" (it
    hashed files only) and exited 0 without validating."""
    before = buildstate.data_digest(data_copy.root)
    (data_copy.root / "data" / "raw" / "zz-empty").mkdir()
    assert ("data/raw/zz-empty", data_copy.root / "data" / "raw" / "zz-empty") in (
        buildstate.data_files(data_copy.root)
    )
    assert buildstate.data_digest(data_copy.root) != before


def test_every_small_table_is_in_a_report_pages_key(data_copy, monkeypatch):
    """A dimension's label is shown by report charts: editing it reruns the report pages."""
    from helpers.build import plan as jobinputs

    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    jobs = [job for job in runner.plan(data_copy.load()) if job.stem == "report-snhr-2018-09"]
    before = jobinputs.data_keys(data_copy.load(), jobs)
    dimension = data_copy.rows("dimensions")[0]["dimension"]
    data_copy.edit("dimensions", "dimension", dimension, label="an edited label")
    assert jobinputs.data_keys(data_copy.load(), jobs) != before


def test_the_data_dictionary_is_never_written_through_a_link(tmp_path, monkeypatch, capsys):
    victim = tmp_path / "victim.md"
    victim.write_text("keep me\n")
    docs = tmp_path / "repo" / "docs"
    docs.mkdir(parents=True)
    (docs / "data-dictionary.md").symlink_to(victim)
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(paths.ROOT))
    monkeypatch.setattr(paths, "ROOT", tmp_path / "repo")
    assert cli.main(["dictionary"]) == 0
    assert victim.read_text() == "keep me\n" and not (docs / "data-dictionary.md").is_symlink()
    (docs / "data-dictionary.md").unlink()
    docs.rmdir()
    docs.symlink_to(tmp_path)
    assert cli.main(["dictionary"]) == 4
    assert capsys.readouterr().err == (
        f"error: {docs}: the docs folder is a symbolic link, which the build never follows; "
        "remove the link\n"
    )


def test_an_index_never_links_a_page_that_was_never_built(tmp_path, pool, monkeypatch):
    out_dir = tmp_path / "reports"
    jobs = [
        notebook(tmp_path, "alpha", "print(1)"),
        notebook(tmp_path, "beta", "raise ValueError('no')"),
    ]
    code, _ = full_build(monkeypatch, jobs, out_dir, pool)
    index = (out_dir / "index.html").read_text()
    assert code == 1 and 'href="alpha.html"' in index and 'href="beta.html"' not in index
    assert "run failed: not built yet" in index


class _StopsWhileSent:
    """A result that sends its own worker SIGTERM while it is being written to the pool's queue
    (as it is pickled, inside the queue's put), then waits for the signal's handler to run."""

    def __reduce__(self):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)  # the handler runs here, in the worker's main thread
        return (bytes, (b"sent whole",))


def _result_stopped_midway() -> _StopsWhileSent:
    return _StopsWhileSent()


def test_a_worker_stopped_while_it_sends_a_result_sends_it_whole_then_exits():
    """A worker that exited on SIGTERM with half a result in the pool's pipe left the main
    process reading the rest for ever: a build whose publishing failed while another worker was
    busy hung, deaf to signals. The stop now waits until the result is sent, then the worker
    exits (its kernel killed at once)."""
    import multiprocessing

    before = set(multiprocessing.active_children())
    pool = runner.worker_pool(1)
    try:
        pool.submit(int).result(timeout=120)  # the worker is up
        (worker,) = set(multiprocessing.active_children()) - before
        assert pool.submit(_result_stopped_midway).result(timeout=120) == b"sent whole"
        worker.join(30)
        assert not worker.is_alive()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
