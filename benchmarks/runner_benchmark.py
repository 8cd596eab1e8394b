"""Benchmark of the report runner against a plain papermill command-line loop, measured in one run
on this machine. Not a test: it prints figures and ratios, it asserts nothing about time.

    .venv/bin/python benchmarks/runner_benchmark.py [--workers N] [--scales 1,4,16]
        [--rows 1000000] [--skip-runner]

It times, on a copy of the data in a temporary folder (the repository is never written): (a)
`papermill in.ipynb out.ipynb -p name value` run in a shell-style loop, one notebook after another;
(b) the runner from an empty reports folder; (c) a no-op rerun, as typed: `python -m helpers build`
in a new process; (d) a rerun after editing one report's rows in figures.csv (and checks that the
result is
      byte-identical to a clean build of the edited data), and after touching the file unchanged;
and prints each with its ratio to (a), the floor (the cells' own execution time plus one kernel
start per worker, divided by the workers: both measured in this run) and the peak memory of the
whole process tree (runner, workers and kernels). It then scales the collection (every report copied
N times, see benchmarks/synthetic.py). Last (alone with --skip-runner), the data-scale test: it
validates and cross-checks a figures table of exactly --rows rows (synthetic monitors' reports added
to the real collection by synthetic.figures_table), three times in new processes, and times
`frictionless validate` on the same file: (3) the file alone against its Table Schema less the
foreign keys, (4) the file against its whole schema, (5) the whole package, which is what our
validation (1) covers."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import polars as pl
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from helpers import paths  # noqa: E402
from helpers.build import runner  # noqa: E402
from helpers.checks import crosscheck as checks  # noqa: E402
from helpers.data import frames, load, schema  # noqa: E402

BIN = Path(sys.executable).parent
EDITED_FIGURE = "horrya-snhr-sy12"


class PeakMemory:
    """Samples the resident memory of this process and all its descendants every 50 ms."""

    def __enter__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(fn):
    with PeakMemory() as mem:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    return seconds, mem.peak, result


def papermill_loop(jobs, out_dir: Path) -> float:
    """(a): what a shell loop over `papermill` does; returns the cells' own seconds."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cell_seconds = 0.0
    for job in jobs:
        out = out_dir / f"{job.stem}.ipynb"
        cmd = [
            str(BIN / "papermill"),
            str(job.path),
            str(out),
            "--no-progress-bar",
            "-k",
            "python3",
        ]
        for name, value in job.parameters:
            cmd += ["-p", name, str(value)]
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
        nb = json.loads(out.read_text(encoding="utf-8"))
        cell_seconds += sum(
            (c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0) for c in nb["cells"]
        )
    return cell_seconds


def kernel_start_seconds(n: int = 3) -> float:
    """A kernel started and ready, as the runner starts them (IPC transport), averaged."""
    from jupyter_client.manager import KernelManager

    times = []
    for _ in range(n):
        folder = tempfile.mkdtemp(prefix="civcas-bench-kernel-")
        km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "k"))
        start = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        times.append(time.perf_counter() - start)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(folder, ignore_errors=True)
    return sum(times) / len(times)


def build(reports: Path, workers: int, force: bool = False, stats=None) -> list[str]:
    lines = []
    code = runner.build(
        reports_dir=reports,
        workers=workers,
        force=force,
        stats=stats,
        log=lambda *a, **k: lines.append(" ".join(map(str, a))),
    )
    if code != 0:
        raise SystemExit("build failed:\n" + "\n".join(lines))
    return lines


def ran(lines: list[str]) -> list[str]:
    return sorted(line.split()[2] for line in lines if line.startswith("[") and " ok " in line)


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def edit_one_report(data_root: Path) -> str:
    """Change the interpretation of one SNHR figure, as a curator fixing a note would."""
    import csv
    import io

    path = schema.table_path("figures", data_root)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for r in rows:
        if r["figure_id"] == EDITED_FIGURE:
            r["interpretation"] = r["interpretation"] + " (Benchmark edit.)"
            report = r["report_id"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return report


def row(label, seconds, baseline, peak=None, note=""):
    ratio = (
        f"{baseline / seconds:7.1f}x faster"
        if seconds < baseline
        else f"{seconds / baseline:7.2f}x slower"
    )
    mem = f"{peak / 2**20:8.0f} MiB" if peak else " " * 12
    print(f"  {label:<44} {seconds:8.2f} s   {ratio}   {mem}  {note}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=runner.default_workers())
    ap.add_argument(
        "--scales", default="1,4,16", help="collection sizes to run, as copies of every report"
    )
    ap.add_argument(
        "--rows",
        type=int,
        default=1_000_000,
        help="figure rows for the data-scale test (0 to skip)",
    )
    ap.add_argument(
        "--skip-runner",
        action="store_true",
        help="skip the runner benchmark and scaling: only the data-scale test",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument(
        "--check-data", type=Path, help=argparse.SUPPRESS
    )  # data_scale's timed part, in a new process
    args = ap.parse_args(argv)
    if args.check_data:
        return check_data(args.check_data)
    workers = args.workers
    tmp = Path(tempfile.mkdtemp(prefix="civcas-bench-"))
    print(
        f"civcas-notebooks runner benchmark: {os.cpu_count()} cores, {workers} workers, Python "
        f"{sys.version.split()[0]}, in {tmp}"
    )
    try:
        if not args.skip_runner:
            data = synthetic.replicate(tmp / "data", 1, source=ROOT)
            os.environ[paths.DATA_ROOT_ENV] = str(data)
            jobs = runner.plan(load.load_package(data))
            print(
                f"\nCollection: {len(jobs)} notebooks (every report page, timeline, cross-check "
                "and overview)\n"
            )

            loop_s, loop_peak, loop_cells = timed(lambda: papermill_loop(jobs, tmp / "loop"))
            kstart = kernel_start_seconds()
            stats: dict = {}
            clean_s, clean_peak, _ = timed(
                lambda: build(tmp / "reports", workers, force=True, stats=stats)
            )
            warm = sum(s["warm_up_seconds"] for s in stats.values())
            cells = (
                sum(sum(s["cell_seconds"]) for s in stats.values()) + warm
            )  # the warm-up runs the first notebook's imports
            per_job = sum(s["seconds"] for s in stats.values())
            floor = (
                cells + kstart * workers
            ) / workers  # all the work that must happen, spread evenly over the workers
            noop_cmd = [
                sys.executable,
                "-m",
                "helpers",
                "build",
                "--reports-dir",
                str(tmp / "reports"),
            ]
            noop_s, noop_peak, noop = timed(
                lambda: subprocess.run(
                    noop_cmd, cwd=ROOT, capture_output=True, text=True, check=True
                )
            )
            os.utime(schema.table_path("figures", data))
            touch_s, _, touch_lines = timed(lambda: build(tmp / "reports", workers))
            report = edit_one_report(data)
            edit_s, edit_peak, edit_lines = timed(lambda: build(tmp / "reports", workers))
            build(tmp / "check", workers, force=True)
            same = outputs(tmp / "reports") == outputs(tmp / "check")

            print(f"{'':2}{'run':<44} {'time':>10}   {'against (a)':>16}   {'peak memory':>12}")
            row(
                "(a) papermill command line, loop",
                loop_s,
                loop_s,
                loop_peak,
                f"cells' own time {loop_cells:.1f} s",
            )
            row(
                f"(b) runner, clean, {workers} workers",
                clean_s,
                loop_s,
                clean_peak,
                f"= {clean_s / floor:.2f}x the floor of {floor:.2f} s",
            )
            row(
                "(c) no-op rerun (new process, as typed)",
                noop_s,
                loop_s,
                noop_peak,
                noop.stdout.strip()[:60] + "…",
            )
            row(
                "(d) rerun after touching figures.csv",
                touch_s,
                loop_s,
                None,
                f"reran {len(ran(touch_lines))} (content unchanged)",
            )
            reran = ran(edit_lines)
            row(
                f"(d) rerun after editing one {report} row",
                edit_s,
                loop_s,
                edit_peak,
                f"reran {len(reran)} of {len(jobs)}",
            )
            print(
                f"\n  floor = (cells' own time {cells:.2f} s + one kernel start ({kstart:.2f} s) "
                f"per worker) / {workers} workers = {floor:.2f} s"
            )
            print(
                f"  cells' own time = the notebooks' cells {cells - warm:.2f} s + each worker's "
                f"warm-up imports {warm:.2f} s (which a fresh kernel runs in the first cell)"
            )
            print(
                f"  in the workers: {per_job:.2f} s per notebook in all, of which cells "
                f"{cells - warm:.2f} s; the rest is the kernel reset and papermill "
                "(pages are rendered by the main process meanwhile)"
            )
            print(f"  (d) reran: {', '.join(reran)}")
            print(
                "  (d) outputs byte-identical to a clean build of the edited data: "
                f"{'yes' if same else 'NO'}"
            )

            scales = [int(s) for s in args.scales.split(",") if s]
            if scales:
                print(
                    "\nScaling: the collection copied N times, runner from empty, "
                    f"{workers} workers"
                )
                base = None
                for n in scales:
                    root = synthetic.replicate(tmp / f"scale-{n}x", n, source=ROOT)
                    os.environ[paths.DATA_ROOT_ENV] = str(root)
                    count = len(runner.plan(load.load_package(root)))
                    secs, peak, _ = timed(
                        lambda n=n: build(tmp / f"reports-{n}x", workers, force=True)
                    )
                    base = base or secs / count
                    print(
                        f"  {n:>3}x  {count:>4} notebooks  {secs:8.1f} s  {secs / count:6.3f} s "
                        "per notebook "
                        f"({secs / count / base:4.2f}x the 1st)  peak {peak / 2**20:6.0f} MiB"
                    )
                os.environ[paths.DATA_ROOT_ENV] = str(data)

        if args.rows:
            data_scale(tmp, args.rows)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


# scope -> what `frictionless validate` is asked to do, from the least to the most work
FRICTIONLESS = {
    "file": "(3) frictionless: figures.csv alone, its Table Schema without the foreign keys",
    "resource": "(4) frictionless: figures.csv against its whole Table Schema, keys too",
    "package": "(5) frictionless: the whole package, every table and key, as (1) does",
}


def frictionless_seconds(root: Path, scope: str, timeout: float) -> tuple[float, str]:
    """`frictionless validate` run as a user types it, in the package's folder (frictionless refuses
    absolute paths outside its working directory: "path is not safe"). scope "file": figures.csv
    with its Table Schema less the foreign keys (`--schema`), which is less than (1) checks;
    "resource": figures.csv against its whole schema as datapackage.json declares it
    (`--resource-name figures`, which reads the tables the keys point to); "package": `frictionless
    validate datapackage.json`, every table and key, the same scope as load_package."""
    figures = schema.table_path("figures", root)
    cmd, cwd = [str(BIN / "frictionless"), "validate", "datapackage.json"], root
    if scope == "resource":
        cmd += ["--resource-name", "figures"]
    elif scope == "file":
        fields = dict(schema.resource("figures", root)["schema"])
        fields.pop("foreignKeys", None)
        (figures.parent / "figures.schema.json").write_text(json.dumps(fields), encoding="utf-8")
        cmd, cwd = (
            [
                str(BIN / "frictionless"),
                "validate",
                "--schema",
                "figures.schema.json",
                figures.name,
            ],
            figures.parent,
        )
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    verdict = (
        "VALID"
        if done.returncode == 0 and "VALID" in done.stdout
        else f"exit {done.returncode}: {done.stdout.strip()[-300:]}"
    )
    return seconds, verdict


def head_package(root: Path, to: Path, rows: int) -> Path:
    """A copy of the package at root whose figures.csv has only its first `rows` rows."""
    shutil.copy(root / "datapackage.json", to / "datapackage.json")
    figures = schema.table_path("figures", root)
    for table in figures.parent.glob("*.csv"):
        out = to / table.relative_to(root)
        out.parent.mkdir(parents=True, exist_ok=True)
        if table != figures:
            shutil.copy(table, out)
            continue
        with table.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k > rows:
                    break
                dst.write(line)
    return to


def check_data(root: Path) -> int:
    """Validate and cross-check the package at root, timed, in this (new) process; prints the
    results and, last, a line for data_scale: the seconds of each."""
    load_s, load_peak, pkg = timed(lambda: load.load_package(root))
    n = len(pkg.frames["figures"])
    print(
        f"  other tables: {len(pkg.reports):,} reports, {len(pkg.documents):,} raw documents, "
        f"{len(pkg.comparisons):,} comparisons, {len(pkg.checks)} checks"
    )
    print(
        f"  (1) validate the package (schema, keys, row rules, quotes in sources)  {load_s:7.2f} "
        f"s  {n:,} figure rows   peak {load_peak / 2**20:,.0f} MiB"
    )
    checks_s, checks_peak, found = timed(lambda: checks.cross_check(pkg))
    counts = {s: int((found["status"] == s).sum()) for s in ("fail", "warning", "pass")}
    print(
        "  (2) cross-check (every rule in checks.csv)                             "
        f"{checks_s:7.2f} s  {found.height:,} findings: "
        f"{counts['fail']:,} fail, {counts['warning']:,} warning, {counts['pass']:,} pass   peak "
        f"{checks_peak / 2**20:,.0f} MiB"
    )
    by_check = (
        found.filter(pl.col("status") != "pass").group_by("check_id", maintain_order=True).len()
    )
    print(
        "      not passing, by check: " + ", ".join(f"{k} {v:,}" for k, v in by_check.iter_rows())
    )
    pandas_s, _, _ = timed(lambda: (pkg.figures, frames.to_pandas(found, text="str")))
    print(
        "      (not part of the check) the figures and the findings as pandas frames, as a "
        f"notebook would show them: {pandas_s:.2f} s"
    )
    print(f"{load_s} {checks_s}")
    return 0


def data_scale(tmp: Path, rows: int, repeats: int = 3) -> None:
    """Validation and cross-checking of a figures table of `rows` rows (synthetic monitors added to
    the real collection, see synthetic.figures_table), set against `frictionless validate` on the
    same file. Both are timed in new processes, as a user runs them on a file: not in this one,
    which has just written the table (and perhaps run the runner benchmark) and holds that memory.
    Ours runs `repeats` times (the median is compared: this machine varies by about 10% from run to
    run); frictionless once per scope."""
    gen_s, _, root = timed(lambda: synthetic.figures_table(tmp / "data-rows", rows, source=ROOT))
    figures = schema.table_path("figures", root)
    size = figures.stat().st_size
    print(
        f"\nData scale: figures.csv with {rows:,} rows ({size / 2**20:,.0f} MiB), written in "
        f"{gen_s:.1f} s by synthetic.figures_table"
    )
    sys.stdout.flush()
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_ROOT_ENV}
    runs = []
    for k in range(repeats):
        child = subprocess.run(
            [sys.executable, __file__, "--check-data", str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        *lines, last = child.stdout.splitlines()
        if k == 0:
            print("\n".join(lines))
        runs.append([float(x) for x in last.split()])
    load_s, checks_s = (statistics.median(r[i] for r in runs) for i in (0, 1))
    total = statistics.median(a + b for a, b in runs)
    print(
        f"  {repeats} runs of (1) + (2), each in a new process: "
        + ", ".join(f"{a:.2f} + {b:.2f} = {a + b:.2f} s" for a, b in runs)
        + f"; medians (1) {load_s:.2f} s, (2) {checks_s:.2f} s, (1) + (2) {total:.2f} s"
    )
    for scope, label in FRICTIONLESS.items():
        try:
            fr_s, verdict = frictionless_seconds(root, scope, timeout=600)
            note = "on the whole file"
        except subprocess.TimeoutExpired:
            part = 100_000
            head = head_package(root, Path(tempfile.mkdtemp(dir=tmp)), part)
            part_s, verdict = frictionless_seconds(head, scope, timeout=600)
            fr_s, note = (
                part_s * (rows / part),
                f"timed on the first {part:,} rows ({part_s:.1f} s) and scaled to {rows:,}",
            )
        print(f"  {label:<80} {fr_s:7.2f} s  {verdict}, {note}")
        print(
            f"      (1) alone is {fr_s / load_s:.1f}x faster; (1) + (2) is {fr_s / total:.1f}x "
            "faster"
        )


if __name__ == "__main__":
    sys.exit(main())
