"""The plugin pytest loads before any other (pyproject.toml's addopts: -p
helpers.build.pytest_first), so that the test run's processes skip what the build's processes
skip on import (kernels.skip_slow_optional_imports): nbval's plugin imports nbformat, and with it
jsonschema's grammar for "iri" strings, before any conftest runs. Measured: a pytest process that
runs six small tests took 3.9 s of CPU, 2.1 s with this plugin; a run starts three of them (the
controller and pytest-xdist's two workers)."""

from __future__ import annotations

from helpers.build import kernels

kernels.skip_slow_optional_imports()
