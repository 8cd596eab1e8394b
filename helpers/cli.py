"""Command line: `python -m helpers.cli build|validate|dictionary`."""
from __future__ import annotations

import argparse
import sys

from . import paths


def _report_problems(exc) -> int:
    for p in exc.problems:
        print(p, file=sys.stderr)
    return 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="civcas", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate every report into reports/")
    b.add_argument("--workers", type=int, default=None, help="notebooks run at once (default: the cores)")
    b.add_argument("--timeout", type=float, default=600, help="seconds a cell may run before it is stopped")
    b.add_argument("--only", nargs="*", default=None, help="run only these output names (e.g. report-snhr-2018-09)")
    b.add_argument("--force", action="store_true", help="rerun every notebook, even those whose inputs did not change")
    b.add_argument("--fresh-kernels", action="store_true", help="start a new kernel for every notebook instead of one warm kernel per worker")
    b.add_argument("--reports-dir", default=None, help="write the outputs here instead of reports/")
    sub.add_parser("validate", help="check the curated data against datapackage.json and print any problem")
    sub.add_parser("dictionary", help="write docs/data-dictionary.md from datapackage.json")
    args = parser.parse_args(argv)
    if args.command == "build":
        from . import runner
        jobs = None
        if args.only:
            from . import load
            from .errors import DataError
            try:
                pkg = load.load_package()
            except DataError as exc:
                return _report_problems(exc)
            jobs = [j for j in runner.plan(pkg) if j.stem in set(args.only)]
            unknown = sorted(set(args.only) - {j.stem for j in jobs})
            if unknown:
                print(f"error: --only names no planned notebook: {', '.join(unknown)}", file=sys.stderr)
                return 2
        return runner.build(jobs=jobs, reports_dir=args.reports_dir, workers=args.workers, timeout=args.timeout,
                            force=args.force, fresh_kernels=args.fresh_kernels)
    if args.command == "validate":
        from . import load
        from .errors import DataError
        try:
            pkg = load.load_package()
        except DataError as exc:
            return _report_problems(exc)
        print(f"valid: {', '.join(f'{k} ({len(v)} rows)' for k, v in pkg.tables.items())}")
        return 0
    if args.command == "dictionary":
        from . import dictionary
        out = paths.ROOT / "docs" / "data-dictionary.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(dictionary.markdown(), encoding="utf-8")
        print(f"wrote {out.relative_to(paths.ROOT)}")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
