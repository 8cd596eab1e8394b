"""The plugin pytest loads before any other (pyproject.toml's addopts: -p
helpers.build.pytest_first), so that the test run's processes skip what the build's processes
skip on import (kernels.skip_slow_optional_imports): nbval's plugin imports nbformat, and with it
jsonschema's grammar for "iri" strings, before any conftest runs. Measured: a pytest process that
runs six small tests took 3.9 s of CPU, 2.1 s with this plugin; a run starts three of them (the
controller and pytest-xdist's two workers).

It also gives polars one thread in the test run's processes and in every process they start
(POLARS_THREADS; a POLARS_MAX_THREADS of the user's own is kept), before anything imports polars:
`make test` runs two workers on two cores, and each worker's polars pool of two threads spent
more on handing tiny frames between its threads than it saved. Measured: the rule, input,
headline and claim-review tests in two workers took 58.9 s and 57.2 s, 49.4 s with one thread.
What polars computes is the same with any number of threads (the regression test rebuilds every
page with one thread and compares it with the committed bytes, built with two)."""

from __future__ import annotations

import os

from helpers.build import kernels

POLARS_THREADS = "POLARS_MAX_THREADS"

os.environ.setdefault(POLARS_THREADS, "1")
kernels.skip_slow_optional_imports()
