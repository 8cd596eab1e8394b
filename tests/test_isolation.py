"""The build reads no one's own settings and writes nothing outside the repository's folders
(helpers/build/isolation.py): a user's matplotlib, IPython and Jupyter settings, and the variables
that name settings elsewhere, change no published byte and run no code; the home folder and the
system's temporary folder are left as they were; .cache/ is never followed through a link; the
temporary folders of killed workers are removed by the next build, and no one else's."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import build, notebook

from helpers import paths
from helpers.build import isolation, outputs, runner
from helpers.data import load

RC = "axes.facecolor: yellow\nfigure.facecolor: red\nfont.size: 23\nlines.linewidth: 9\n"


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below folder: (size, modification time in ns), links not followed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def a_page_with_charts() -> runner.Job:
    """The first page of the nbval sample whose committed page shows a chart."""
    for job in runner.sample(load.load_package()):
        if "figures/" in (paths.REPORTS / f"{job.stem}.html").read_text(encoding="utf-8"):
            return job
    raise AssertionError("no page of the sample shows a chart")


def test_a_users_own_settings_change_no_published_byte_run_no_code_and_nothing_is_written_home(
    tmp_path,
):
    home, temp, elsewhere, out = (tmp_path / n for n in ("home", "temp", "elsewhere", "out"))
    for folder in (
        home / ".config" / "matplotlib",
        home / ".ipython" / "profile_default" / "startup",
        home / ".jupyter",
        home / ".local" / "share" / "jupyter" / "kernels" / "python3",
        temp,
        elsewhere,
    ):
        folder.mkdir(parents=True)
    ran = tmp_path / "ran"  # what a settings file would write if it were run
    code = f"open({str(ran)!r} + '-' + __name__, 'w').close()\n"
    (home / ".config" / "matplotlib" / "matplotlibrc").write_text(RC)
    (home / ".ipython" / "profile_default" / "startup" / "00-mine.py").write_text(code)
    (home / ".ipython" / "profile_default" / "ipython_kernel_config.py").write_text(code)
    (home / ".jupyter" / "jupyter_nbconvert_config.py").write_text(code)
    (home / ".local" / "share" / "jupyter" / "kernels" / "python3" / "kernel.json").write_text(
        '{"argv": ["/bin/false"], "display_name": "not this one", "language": "python"}'
    )
    (elsewhere / "startup.py").write_text(code)
    (elsewhere / "matplotlibrc").write_text(RC)  # as $MATPLOTLIBRC, and in the working folder
    before = {"home": files(home), "temp": files(temp)}
    page = a_page_with_charts()
    env = {k: v for k, v in os.environ.items() if k not in isolation.SETTINGS}
    env |= {
        "HOME": str(home),
        "TMPDIR": str(temp),
        "MATPLOTLIBRC": str(elsewhere / "matplotlibrc"),
        "PYTHONSTARTUP": str(elsewhere / "startup.py"),
        "MPLBACKEND": "agg",
        "PYTHONWARNINGS": "always",
        "PYTHONPATH": str(paths.ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "--force", "--only", page.stem]
        + ["--reports-dir", str(out)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(tmp_path.glob("ran*")) == []
    assert {"home": files(home), "temp": files(temp)} == before
    published = [out / f"{page.stem}.html", out / f"{page.stem}.ipynb"]
    published += sorted((out / "figures").iterdir())
    assert len(published) > 2
    differ = [
        p.relative_to(out).as_posix()
        for p in published
        if p.read_bytes() != (paths.REPORTS / p.relative_to(out)).read_bytes()
    ]
    assert differ == []


def test_a_kernel_s_environment_names_the_repository_s_folders_and_drops_the_user_s():
    mine = {name: "/home/someone/settings" for name in (*isolation.SETTINGS, *isolation.DROPPED)}
    env = isolation.kernel_environment({**mine, "LANG": "C.UTF-8"})
    own = Path(isolation.own_scratch())
    assert env == {
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": str(isolation.CACHE / "matplotlib"),
        "POLARS_OOC_SPILL_DIR": str(isolation.CACHE / "polars"),
        **{name: str(own / sub) for name, sub in isolation.FRESH.items()},
        # pinned here, or else the user's own choice of kernels kept
        "OPENBLAS_CORETYPE": "/home/someone/settings",
        **isolation.blas_settings(),
        # the kernels import this checkout's helpers, whatever an editable install elsewhere says
        "PYTHONPATH": str(paths.ROOT),
    }
    assert own.parent == isolation.SCRATCH and own.is_relative_to(paths.ROOT)
    # a user's own PYTHONPATH stays, after this checkout
    kept = isolation.kernel_environment({"PYTHONPATH": "/home/someone/lib", "LANG": "C.UTF-8"})
    assert kept["PYTHONPATH"] == os.pathsep.join([str(paths.ROOT), "/home/someone/lib"])
    assert all(Path(env[name]).is_dir() for name in isolation.FRESH)


def test_numpy_s_matrix_kernels_are_pinned_only_where_the_processor_has_their_instructions():
    avx2 = frozenset({"sse4_2", "avx", "avx2", "fma", "avx512f"})
    assert isolation.blas_settings("x86_64", avx2) == {"OPENBLAS_CORETYPE": "Haswell"}
    assert isolation.blas_settings("AMD64", avx2) == {"OPENBLAS_CORETYPE": "Haswell"}
    assert isolation.blas_settings("x86_64", frozenset({"sse4_2", "avx"})) == {}
    assert isolation.blas_settings("x86_64", frozenset()) == {}
    assert isolation.blas_settings("aarch64", avx2) == {}


# OpenBLAS's name for the kernels it chose, from the copy numpy's wheel bundles
CORE_NAME = """
import ctypes, glob, os, numpy
found = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "libscipy_openblas*"))
if found:
    blas = ctypes.CDLL(found[0])
    blas.scipy_openblas_get_corename64_.restype = ctypes.c_char_p
    print(blas.scipy_openblas_get_corename64_().decode())
"""


def test_where_nothing_is_pinned_the_user_s_own_kernels_are_kept(monkeypatch):
    """On a processor the pin is not for (arm64 here), a user's OPENBLAS_CORETYPE (set to stop
    OpenBLAS crashing on a processor it misdetects) reaches the kernels unchanged."""
    monkeypatch.setattr(isolation.platform, "machine", lambda: "aarch64")
    env = isolation.kernel_environment({"OPENBLAS_CORETYPE": "ARMV8", "LANG": "C.UTF-8"})
    assert env["OPENBLAS_CORETYPE"] == "ARMV8"
    monkeypatch.setattr(isolation.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(isolation, "processor_flags", lambda: frozenset({"avx2", "fma"}))
    env = isolation.kernel_environment({"OPENBLAS_CORETYPE": "Prescott", "LANG": "C.UTF-8"})
    assert env["OPENBLAS_CORETYPE"] == "Haswell"


def test_a_kernel_s_numpy_uses_the_pinned_kernels_whatever_the_user_set():
    """The AVX-512 kernels (SkylakeX) round matrix products differently from the AVX2 ones: a
    kernel the build starts uses the AVX2 ones, even when the user asked for others."""
    pinned = isolation.blas_settings()
    if not pinned:
        pytest.skip("this processor has no AVX2 and FMA: OpenBLAS chooses its own kernels")
    env = isolation.kernel_environment({**os.environ, "OPENBLAS_CORETYPE": "Prescott"})
    run = subprocess.run(
        [sys.executable, "-c", CORE_NAME], env=env, capture_output=True, text=True, check=True
    )
    if not run.stdout.strip():
        pytest.skip("this numpy does not bundle OpenBLAS: its matrix kernels are not pinned")
    assert run.stdout.strip() == pinned["OPENBLAS_CORETYPE"]


def test_the_house_font_is_matplotlib_s_own_whatever_the_font_cache_lists():
    """A font named like the house font in another case ("Dejavu Sans"), listed first by the font
    cache (a font in ~/.fonts, or a cache a checkout holds), is never drawn with."""
    from matplotlib import font_manager

    from helpers.present import style

    manager = font_manager.fontManager
    listed = list(manager.ttflist)
    other = next(f for f in listed if not f.name.lower().startswith("dejavu"))
    impostor = font_manager.FontEntry(**{**vars(other), "name": "Dejavu Sans"})
    try:
        manager.ttflist = [impostor, *listed]
        style.bundled_fonts_only()
        found = Path(manager.findfont("DejaVu Sans", rebuild_if_missing=False))
    finally:
        manager.ttflist = listed
        manager._findfont_cached.cache_clear()
    assert impostor not in listed and found.parent == style.BUNDLED_FONTS


@pytest.mark.parametrize(
    "planted", ["link", "file", "link below", "scratch a link", "settings planted"]
)
def test_a_cache_folder_that_is_a_link_a_file_or_holds_settings_stops_the_build_in_one_line(
    tmp_path, pool, monkeypatch, planted
):
    victim = tmp_path / "victim"
    victim.mkdir()
    cache = tmp_path / "checkout" / ".cache"
    cache.parent.mkdir()
    # (what the one line starts with, what it says)
    said = (f"error: {cache}: the build's cache folder is a symbolic link", "never follows")
    if planted == "link":
        cache.symlink_to(victim)
    elif planted == "file":
        cache.write_text("not a folder\n")
        said = (f"error: {cache}: not a folder", "must be a folder")
    elif planted in ("link below", "scratch a link"):
        (cache / "matplotlib").mkdir(parents=True)
        name = "matplotlib" if planted == "link below" else "tmp"
        if name == "matplotlib":
            (cache / name).rmdir()
        (cache / name).symlink_to(victim)
        said = (f"error: .cache/{name} is a symbolic link", "never follows a link")
    else:  # a checkout's own matplotlib settings, where the build keeps its font cache
        (cache / "matplotlib").mkdir(parents=True)
        planted_rc = cache / "matplotlib" / "matplotlibrc"
        planted_rc.write_text("axes.facecolor: yellow\n")
        said = (f"error: {planted_rc} was not made by the build", "reads no one's settings")
    monkeypatch.setattr(isolation, "CACHE", cache)
    monkeypatch.setattr(isolation, "SCRATCH", cache / "tmp")
    environ = dict(os.environ)
    code, messages = build([notebook(tmp_path, "quick", "print(1)")], tmp_path / "out", pool)
    assert code == outputs.EXIT_UNWRITABLE == 4
    assert len(messages) == 1 and messages[0].startswith(said[0]), messages
    assert said[1] in messages[0]
    assert list(victim.iterdir()) == [] and dict(os.environ) == environ
    assert not (tmp_path / "out").exists()


def test_a_stale_lock_or_a_font_cache_that_is_not_matplotlib_s_is_removed(tmp_path, monkeypatch):
    cache = tmp_path / ".cache"
    folder = cache / "matplotlib"
    folder.mkdir(parents=True)
    real = next((isolation.CACHE / "matplotlib").glob("fontlist-v*.json"))
    name = real.name
    (folder / name).write_bytes(real.read_bytes())
    monkeypatch.setattr(isolation, "CACHE", cache)
    (folder / f"{name}.matplotlib-lock").touch()  # being written now
    isolation.checked_matplotlib_folder()
    assert sorted(p.name for p in folder.iterdir()) == [name, f"{name}.matplotlib-lock"]
    old = os.stat(folder / name).st_mtime - isolation.STALE_LOCK_SECONDS - 1
    os.utime(folder / f"{name}.matplotlib-lock", (old, old))  # left by a killed process
    broken = json.loads(real.read_bytes())
    broken["ttflist"].insert(0, {"name": "x"})  # would fail every build
    (folder / name).write_text(json.dumps(broken))
    isolation.checked_matplotlib_folder()
    assert list(folder.iterdir()) == []


def hold_a_scratch_folder(scratch: Path, sockets: Path | None = None) -> subprocess.Popen:
    """A process that takes a scratch folder under `scratch` (or, given sockets, a kernel's socket
    folder there, as in a checkout whose path is too long), prints it and waits."""
    take = "own_scratch()" if sockets is None else "socket_folder()"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom helpers.build import isolation\n"
            f"isolation.SCRATCH = Path({str(scratch)!r})\n"
            f"isolation.SOCKETS = Path({str(sockets)!r})\n"
            f"print(isolation.{take}, flush=True)\ntime.sleep(300)",
        ],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc


def test_only_the_temporary_folders_of_processes_that_are_gone_are_removed(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n")
    live, dead = hold_a_scratch_folder(scratch), hold_a_scratch_folder(scratch)
    try:
        live_folder, dead_folder = (Path(p.stdout.readline().strip()) for p in (live, dead))
        dead.send_signal(signal.SIGKILL)
        dead.wait()
        (scratch / "w-being-made").mkdir()  # no owner file yet: a worker is making it
        # no owner, and nothing changed in it for long: a process killed as it made or removed it,
        # or a folder a dying kernel wrote again after its worker removed it
        stale = scratch / "w-stale"
        (stale / "ipython").mkdir(parents=True)
        long_ago = time.time() - 2 * isolation.STALE_FOLDER_SECONDS
        for path in (stale / "ipython", stale):
            os.utime(path, (long_ago, long_ago))
        (scratch / "w-link").symlink_to(victim)
        (scratch / "w-a-file").write_text("x\n")
        (scratch / "w-fifo").mkdir()
        os.mkfifo(scratch / "w-fifo" / isolation.OWNER)  # opened, it would wait for a writer
        monkeypatch.setattr(isolation, "SCRATCH", scratch)
        monkeypatch.setattr(isolation, "SOCKETS", tmp_path / "sockets")  # not the machine's /tmp
        assert isolation.remove_abandoned() == sorted([str(dead_folder), str(stale)])
        assert sorted(p.name for p in scratch.iterdir()) == sorted(
            [live_folder.name, "w-being-made", "w-link", "w-a-file", "w-fifo"]
        )
        assert (victim / "keep.txt").read_text() == "mine\n"
        assert isolation.remove_abandoned() == []
    finally:
        live.kill()
        live.wait()
    assert isolation.remove_abandoned() == [str(live_folder)]


def test_in_a_checkout_with_a_long_path_a_killed_kernel_s_socket_folder_is_removed_too(
    tmp_path, monkeypatch
):
    scratch = tmp_path / ("long-" * 12) / "tmp"  # a socket path there would pass 107 bytes
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    (sockets / "someone-else").mkdir()
    live, dead = hold_a_scratch_folder(scratch, sockets), hold_a_scratch_folder(scratch, sockets)
    try:
        live_folder, dead_folder = (Path(p.stdout.readline().strip()) for p in (live, dead))
        assert live_folder.parent == dead_folder.parent == sockets
        dead.send_signal(signal.SIGKILL)
        dead.wait()
        monkeypatch.setattr(isolation, "SCRATCH", scratch)
        monkeypatch.setattr(isolation, "SOCKETS", sockets)
        assert isolation.sockets_elsewhere()
        assert isolation.remove_abandoned() == [str(dead_folder)]
        assert sorted(p.name for p in sockets.iterdir()) == sorted(
            [live_folder.name, "someone-else"]
        )
    finally:
        live.kill()
        live.wait()


def test_a_held_folder_is_removed_through_its_parent_never_through_a_link_put_on_its_path(
    tmp_path, monkeypatch
):
    scratch = tmp_path / "scratch"
    monkeypatch.setattr(isolation, "SCRATCH", scratch)
    folder = Path(isolation.scratch_folder())
    kernel_folder = Path(isolation.tempfile.mkdtemp(prefix="k-", dir=folder))
    # .cache/tmp swapped for a link to a folder holding folders of the same names
    victim = tmp_path / "victim"
    for name in (folder.name, f"{folder.name}/{kernel_folder.name}"):
        (victim / name).mkdir(parents=True)
        (victim / name / "canary").write_text("mine\n")
    scratch.rename(tmp_path / "moved")
    scratch.symlink_to(victim)
    isolation.remove_folder(str(kernel_folder))
    isolation.remove_folder(str(folder))
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("canary")) == sorted(
        [f"{folder.name}/canary", f"{folder.name}/{kernel_folder.name}/canary"]
    )
    assert list((tmp_path / "moved").iterdir()) == []  # the real folders, removed


def test_a_scratch_folder_that_cannot_be_made_is_one_line_naming_it(tmp_path, monkeypatch):
    (tmp_path / "cache").write_text("a file where a folder must be\n")
    with pytest.raises(outputs.OutputError, match=r"cache/w-\*"):
        isolation.scratch_folder(tmp_path / "cache")


# a process whose work is done when a stop signal comes: the signal lands in its exit handlers
LATE_SIGNAL = """
import atexit, os, signal, sys
from helpers.build import cli

cli.run = lambda args: 0  # the work, done
atexit.register(lambda: print("exit handlers ran", flush=True))
atexit.register(lambda: os.kill(os.getpid(), signal.{sig}))
sys.argv = ["civcas", "build"]
raise SystemExit(cli.main())
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_stop_signal_after_the_work_is_done_lets_the_process_end_as_it_would(sig):
    done = subprocess.run(
        [sys.executable, "-c", LATE_SIGNAL.format(sig=sig)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "exit handlers ran\n", "")


# a worker told to stop as its kernel starts: the kernel runs, its manager does not know it yet
UNKNOWN_KERNEL = """
import subprocess, sys, time
from helpers.build import kernels

kernel = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(120)", "ipykernel_launcher"],
    start_new_session=True,
)
bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
kernels._STARTED["{folder}"] = object()  # a kernel manager with no pid yet
kernels.kill_kernels()
print(kernel.wait(timeout=20), bystander.poll(), flush=True)
bystander.kill()
"""


def test_a_kernel_its_manager_does_not_know_yet_is_killed_with_the_others(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", UNKNOWN_KERNEL.format(folder=tmp_path / "k-x")],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout == f"{-signal.SIGKILL} None\n", done.stderr


def test_a_build_with_nothing_to_do_still_removes_what_stopped_builds_left(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    dead = hold_a_scratch_folder(scratch)
    left = Path(dead.stdout.readline().strip())
    dead.kill()
    dead.wait()
    monkeypatch.setattr(isolation, "SCRATCH", scratch)
    # kernels' folders of its own: another build's in /tmp are not this test's to count
    (tmp_path / "sockets").mkdir()
    monkeypatch.setattr(isolation, "SOCKETS", tmp_path / "sockets")
    # the build's record says every page is current (whatever the workspace's pages are)
    monkeypatch.setattr(runner.buildstate, "nothing_changed", lambda *a, **k: ["overview"])
    messages: list[str] = []
    code = runner.build(
        reports_dir=tmp_path / "reports",
        log=lambda *a, **k: messages.append(" ".join(map(str, a))),
    )
    assert code == 0 and messages[-1].startswith("Nothing changed"), messages
    assert (
        messages[:-1] == [f"removed {left}, the temporary folder of a stopped build's process"]
        and not left.exists()
    )


class BrokenPool:
    """An executor whose workers died before the pages were handed out (the system killed one)."""

    def submit(self, *args, **kwargs):
        import concurrent.futures.process

        raise concurrent.futures.process.BrokenProcessPool("A child process terminated abruptly")

    def shutdown(self, *args, **kwargs):
        pass


def test_a_pool_broken_before_the_pages_are_handed_out_names_each_page_as_failed(tmp_path):
    job = notebook(tmp_path, "quick", "print(1)")
    code, messages = build([job], tmp_path / "out", BrokenPool())
    assert code == 1, messages
    assert any("quick" in line and "BrokenProcessPool" in line for line in messages), messages
