"""Command line: `python -m helpers build|validate|dictionary|draft|reference`.

Every failure is one line on standard error and an exit code (see EXIT_CODES; the README lists
them); `--debug` shows the traceback of an unexpected error instead."""

from __future__ import annotations

import argparse
import math
import os
import sys
import tarfile
from pathlib import Path

from helpers import paths
from helpers.errors import DataError

EXIT_CODES = {
    0: "done (or nothing to do)",
    1: (
        "a notebook failed: named with its cell and cause; the others finished, its previous "
        "outputs stay"
    ),
    2: "bad input: an option, the curated data, a notebook or --only; nothing was run or written",
    3: "another build is writing the same reports folder",
    4: (
        "the reports folder or .cache/ cannot be written (read-only, disk full, a link or a file "
        "in its place)"
    ),
    70: "an unexpected error (a bug): one line; run again with --debug for the traceback",
    129: "stopped by SIGHUP",
    130: "stopped by SIGINT (Ctrl-C)",
    143: "stopped by SIGTERM",
}
MAX_WORKERS = 256


class OneLineParser(argparse.ArgumentParser):
    """argparse that answers a bad option with one line (no usage block) and exit code 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}; see --help\n")


def number_in_range(kind, low, high, what: str):
    """An argparse type: a finite number of `kind` from low to high, refused with the range it
    wants."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if (
            value is None
            or (isinstance(value, float) and not math.isfinite(value))
            or not low <= value <= high
        ):
            raise argparse.ArgumentTypeError(
                f"expected {what} from {low:g} to {high:g}, got {text!r}"
            )
        return value

    parse.__name__ = what
    return parse


# the checkout's own folders, which a build never writes its site into: its sources, data,
# history and tools (reports/ and a new folder of the checkout's are fine)
OWN_FOLDERS = (
    "data",
    "notebooks",
    "helpers",
    "docs",
    "tests",
    "benchmarks",
    ".git",
    ".ci",
    ".cache",
    ".github",
    "notes",
)


def reports_folder(text: str) -> Path:
    path = Path(text)
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a folder, got an empty name")
    shown = f"{text[:80]!r}{'…' if len(text) > 80 else ''}"
    try:
        if path.exists() and not path.is_dir():
            raise argparse.ArgumentTypeError(
                f"{shown} is a file; expected a folder (it is made if it does not exist)"
            )
        where = path.resolve()
    except (OSError, RuntimeError) as exc:  # a name too long, a loop of links
        raise argparse.ArgumentTypeError(
            f"{shown} cannot be used as a folder: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    problem = own_folder_problem(where)
    if problem:
        raise argparse.ArgumentTypeError(f"{shown} {problem}")
    return path


def own_folder_problem(where: Path) -> str | None:
    """Why a resolved folder may not take the site, or None: the checkout itself or a folder
    around it, one of its own folders (OWN_FOLDERS) or one inside them, the data root the build
    reads or a folder around it or inside its data/, or a Python environment (a folder holding
    pyvenv.cfg) or one inside it."""
    root = paths.ROOT
    if where == root or root.is_relative_to(where):
        return "is the checkout or a folder around it: choose reports/ or a new folder"
    for name in OWN_FOLDERS:
        if where.is_relative_to(root / name):
            return f"is inside the checkout's own {name}/: choose reports/ or a new folder"
    # the data the build reads ($CIVCAS_DATA_ROOT), wherever it is: its data/ is never written
    try:
        data = paths.data_root()
    except DataError:  # said as the build starts, in its own line
        data = None
    if data is not None and (
        where == data or data.is_relative_to(where) or where.is_relative_to(data / "data")
    ):
        return (
            f"is the data root (${paths.DATA_ROOT_ENV}), a folder around it or inside its data/: "
            "choose reports/ or a new folder"
        )
    for folder in (where, *where.parents):
        if (folder / "pyvenv.cfg").is_file():
            return "is inside a Python environment: choose reports/ or a new folder"
    return None


def output_name(text: str) -> str:
    from helpers.build.outputs import name_problem

    if name_problem(text) or "/" in text:
        raise argparse.ArgumentTypeError(
            f"{text[:80]!r} is not a page name; expected names like report-snhr-2018-09"
        )
    return text


def parser() -> argparse.ArgumentParser:
    top = OneLineParser(prog="civcas", description=__doc__.splitlines()[0])
    top.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate every report into reports/")
    b.add_argument(
        "--workers",
        type=number_in_range(int, 1, MAX_WORKERS, "a whole number"),
        default=None,
        help=f"notebooks run at once, 1 to {MAX_WORKERS} (default: the cores)",
    )
    b.add_argument(
        "--timeout",
        type=number_in_range(float, 1, 86400, "seconds"),
        default=600,
        help="seconds a cell may run before it is stopped (1 to 86400)",
    )
    b.add_argument(
        "--max-output-mb",
        type=number_in_range(float, 1, 2048, "megabytes"),
        default=25,
        help="the largest file a notebook may publish, in MB (1 to 2048; default 25)",
    )
    b.add_argument(
        "--only",
        nargs="+",
        type=output_name,
        default=None,
        metavar="PAGE",
        help="run only these pages (e.g. report-snhr-2018-09); the index still lists every page",
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="rerun every notebook, even those whose inputs did not change",
    )
    b.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel for every notebook instead of one warm kernel per worker",
    )
    b.add_argument(
        "--reports-dir",
        type=reports_folder,
        default=None,
        help="write the outputs here instead of reports/",
    )
    b.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    v = sub.add_parser(
        "validate", help="check the curated data against datapackage.json and print any problem"
    )
    v.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    d = sub.add_parser("dictionary", help="write docs/data-dictionary.md from datapackage.json")
    d.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    dr = sub.add_parser(
        "draft",
        help="list every number of a new document (.txt, .html) as draft rows for figures.csv",
    )
    dr.add_argument("file", help="the document: .txt, .html or .htm, UTF-8, at most 5 MB")
    dr.add_argument("--out", default=None, help="write the CSV here (inside the repository)")
    dr.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    dr.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    ref = sub.add_parser(
        "reference",
        help="derive data/reference/'s centroids table (and, given world-atlas, Syria's outline) "
        "from the originals",
    )
    ref.add_argument(
        "--world-atlas",
        default=None,
        metavar="TGZ",
        help="the npm tarball of world-atlas the outline comes from (fetch it as "
        "data/reference/syria-outline.provenance.json says); without it the outline is kept",
    )
    ref.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    return top


def _report_problems(exc) -> int:
    for p in exc.problems:
        print(p, file=sys.stderr)
    return 2


def run(args) -> int:
    if args.command == "build":
        from helpers.build import runner

        return runner.build(
            reports_dir=args.reports_dir,
            workers=args.workers,
            timeout=args.timeout,
            force=args.force,
            fresh_kernels=args.fresh_kernels,
            only=args.only,
            max_output_bytes=int(args.max_output_mb * 2**20),
            log=_log,
        )
    if args.command == "validate":
        from helpers.data import load
        from helpers.errors import DataError

        try:
            pkg = load.load_checked()
        except DataError as exc:
            return _report_problems(exc)
        print(f"valid: {', '.join(f'{k} ({len(v)} rows)' for k, v in pkg.tables.items())}")
        return 0
    if args.command == "draft":  # bad document or --out: one line, exit 2
        from helpers.data import draft

        try:
            drafted = draft.draft_csv(args.file)
            if args.out:
                draft.write_draft(drafted, args.out, force=args.force)
            else:
                _to_screen(drafted)
        except draft.DraftError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # the screen is closed, a full disk, a pipe closed early
            from helpers.build.outputs import EXIT_UNWRITABLE

            print(
                f"error: the draft cannot be written out ({exc.strerror or exc})", file=sys.stderr
            )
            return EXIT_UNWRITABLE
        return 0
    if args.command == "reference":
        return _reference(args.world_atlas)
    from helpers.build.outputs import OutputError, ReportsFolder
    from helpers.data import dictionary
    from helpers.errors import DataError

    try:  # docs/ is written as the reports folder is: no link followed, the file replaced whole
        ReportsFolder(paths.ROOT / "docs", "the docs folder", "remove the link").publish(
            {"data-dictionary.md": dictionary.markdown()}
        )
    except DataError as exc:  # a schema that cannot be read: one line, as validate says it
        return _report_problems(exc)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print("wrote docs/data-dictionary.md")
    return 0


def _to_screen(text: str) -> None:
    """text to standard output in UTF-8 whatever its encoding says (an Arabic draft redirected on
    a system whose locale is ASCII); a closed output is an OSError, as a full one is."""
    if sys.stdout is None:
        raise OSError("standard output is closed")
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
    sys.stdout.flush()


def _reference(world_atlas: str | None) -> int:
    """Write the derived files of data/reference/ from the originals there (and the world-atlas
    tarball, if given): bad input is one line and exit code 2."""
    from helpers.build.outputs import OutputError, ReportsFolder
    from helpers.data import geography
    from helpers.errors import DataError

    try:
        derived = {
            "governorate-centroids.csv": geography.centroids_csv(
                geography.read_reference(geography.OPENSYRIA)
            )
        }
        if world_atlas is not None:
            provenance = geography.outline_provenance()
            member = geography.packed_member(paths.read_regular(world_atlas), provenance)
            derived["syria-outline.geojson"] = geography.outline_geojson(member, provenance)
    except DataError as exc:
        return _report_problems(exc)
    except FileNotFoundError:
        print(f"error: --world-atlas {world_atlas} does not exist", file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError, TypeError, tarfile.TarError) as exc:
        # a tarball or topology of another shape than provenance records, in one line
        said = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        print(f"error: --world-atlas {world_atlas}: {said}", file=sys.stderr)
        return 2
    folder = paths.data_root() / geography.FOLDER
    try:  # written as the reports folder is: no link followed, each file replaced whole
        ReportsFolder(folder, "the reference folder", "remove the link").publish(derived)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    for name in derived:
        print(f"wrote {geography.FOLDER}/{name}")
    return 0


def _log(*parts, file=None) -> None:
    print(*parts, file=file or sys.stdout, flush=True)


def _late_stops_ignored(done: list) -> None:
    """Once the work is done (done non-empty), a stop signal has nothing left to stop: it is let
    pass while the process removes its temporary folder and exits with its own code, instead of
    ending it half-way (a traceback, a folder left). Before that, it acts as it would have (the
    build sets its own handlers meanwhile and puts these back after). Signals the process was
    started ignoring stay ignored."""
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        before = signal.getsignal(sig)
        if before is signal.SIG_IGN:
            continue

        def late(signum, frame, before=before):
            if done:
                return
            signal.signal(signum, before)
            if callable(before):
                before(signum, frame)
            else:
                os.kill(os.getpid(), signum)

        signal.signal(sig, late)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    done: list[bool] = []
    if argv is None:  # a process of its own
        _late_stops_ignored(done)
    from helpers.errors import DataError

    try:
        code = run(args)
        done.append(True)
    except DataError as exc:  # bad input found outside a command's own reading (the data root)
        done.append(True)
        code = _report_problems(exc)
    except KeyboardInterrupt:
        done.append(True)
        code = 130
        print("civcas: stopped by SIGINT (Ctrl-C)", file=sys.stderr)
    except Exception as exc:
        done.append(True)
        if args.debug:
            raise
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        print(
            f"civcas: unexpected error: {type(exc).__name__}: {first} (run again with --debug for "
            "the traceback)",
            file=sys.stderr,
        )
        code = 70
    if (
        code > 128 and argv is None
    ):  # stopped by a signal: its one line is the last word, whatever exit handlers
        sys.stdout.flush()  # of the process pool still have to say
        sys.stderr.flush()
        from helpers.build import isolation

        isolation.remove_own_scratch()  # (os._exit runs no exit handler)
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
