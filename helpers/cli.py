"""`python -m helpers.cli build|validate|dictionary|draft`: the command line of helpers.build.cli,
run as a module of its own (the same as `python -m helpers`)."""

from __future__ import annotations

from helpers.build.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
