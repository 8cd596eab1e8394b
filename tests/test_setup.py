"""Setting up, as the Makefile does it: which Python makes .venv (the newest supported one, or
PYTHON=), the one line it says when there is none, an active virtualenv or conda environment used as
it is (and never removed), and the lock that every supported Python installs (requirements.txt, with
the optional Dask extra pinned in it).

make runs here on a copy of the Makefile in an empty folder, with a PATH of fake interpreters only
(this interpreter, reporting another version), so nothing is made or installed, and this checkout's
.venv plays no part."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import paths

MAKE = shutil.which("make")
MAKEFILE = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
LOCK = (paths.ROOT / "requirements.txt").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What an outer `make test VENV=... PYTHON=...` passes down to every make it runs, and what a shell
# may have active.
INHERITED = {
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
    "MAKEOVERRIDES",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV",
    "PYTHON",
    "VENV",
}

pytestmark = pytest.mark.skipif(
    MAKE is None,
    reason="make is not installed: `apt-get install make` (or your system's "
    "package), then run the tests again",
)


def fake_python(folder, name: str, version: tuple[int, int, int]) -> str:
    """An interpreter that says it is `version` to the Makefile's checks (`python -c CODE`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    full = ".".join(str(part) for part in version)
    prelude = (
        f"import sys; sys.version_info = {(*version, 'final', 0)!r}; "
        f"sys.version = {full + ' (fake)'!r}"
    )
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{prelude}; exec(sys.argv[1])" "$2"\n')
    path.chmod(0o755)
    return str(path)


def make(*args, path: str, **env) -> subprocess.CompletedProcess:
    """make in a folder holding only the Makefile and the files its setup depends on, beside the
    fakes in `path`."""
    folder = os.path.join(path, "checkout")
    os.makedirs(folder, exist_ok=True)
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(paths.ROOT / name, os.path.join(folder, name))
    base = {k: v for k, v in os.environ.items() if k not in INHERITED}
    return subprocess.run(
        [MAKE, "--no-print-directory", "-s", *args],
        cwd=folder,
        env={**base, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def fake_env(folder, version: tuple[int, int, int]):
    """A virtual environment's folder whose python is a fake of `version`."""
    fake_python(folder / "bin", "python", version)
    (folder / "pyvenv.cfg").write_text("home = /nowhere\n")
    return folder


def test_the_newest_supported_python_on_path_makes_the_environment(tmp_path):
    for name, version in [
        ("python3.11", (3, 11, 7)),
        ("python3.12", (3, 12, 1)),
        ("python3.13", (3, 13, 0)),
        ("python3", (3, 11, 7)),
    ]:
        fake_python(tmp_path, name, version)
    assert make("python", path=str(tmp_path)).stdout == "python3.13\n"
    (tmp_path / "python3.13").unlink()
    assert make("python", path=str(tmp_path)).stdout == "python3.12\n"
    assert make("python", "PYTHON=python3.11", path=str(tmp_path)).stdout == "python3.11\n"


def test_a_python_older_than_3_11_5_is_passed_over(tmp_path):
    fake_python(tmp_path, "python3.11", (3, 11, 2))  # Debian 12's
    fake_python(tmp_path, "python3", (3, 12, 3))
    assert make("python", path=str(tmp_path)).stdout == "python3\n"


@pytest.mark.parametrize(
    "found", [[], [("python3.11", (3, 11, 2)), ("python3", (3, 10, 13))], [("python3", (3, 14, 0))]]
)
def test_without_a_supported_python_one_line_says_which_work_and_how_to_get_one(tmp_path, found):
    for name, version in found:
        fake_python(tmp_path, name, version)
    for args in (
        ["python"],
        ["setup", f"VENV={tmp_path / 'env'}"],
        ["test", f"VENV={tmp_path / 'env'}"],
    ):
        done = make(*args, path=str(tmp_path))
        assert done.returncode != 0 and done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        line = lines[0]
        assert "3.11.5 to 3.13" in line and all(
            way in line
            for way in (
                "uv python install",
                "pyenv install",
                "conda create",
                "Debian",
                "Ubuntu",
                "make PYTHON=",
            )
        )
        for name, version in found:
            assert f"{name} is {'.'.join(str(part) for part in version)}" in line
        assert not (tmp_path / "env").exists()


def test_a_named_python_that_does_not_run_is_named(tmp_path):
    done = make("python", f"PYTHON={tmp_path / 'nothing'}", path=str(tmp_path))
    assert done.returncode != 0 and len(done.stderr.splitlines()) == 1
    assert f"PYTHON={tmp_path / 'nothing'}: it does not run" in done.stderr


def test_a_named_python_x_y_not_on_path_is_found_among_pyenv_s_versions(tmp_path):
    """pyenv's shim for a version installed but not selected does not run: `PYTHON=python3.12`
    then takes pyenv's newest 3.12; a Python found on PATH still comes first, and without PYTHON
    only PATH is searched, as before."""
    root = tmp_path / "pyenv"
    for version in [(3, 12, 1), (3, 12, 9), (3, 13, 0)]:
        fake_python(
            root / "versions" / ".".join(map(str, version)) / "bin",
            f"python3.{version[1]}",
            version,
        )
    shim = tmp_path / "bin" / "python3.12"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\necho 'pyenv: python3.12: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    for tool in ("ls", "sort"):  # what the search runs, beside the fakes
        (tmp_path / "bin" / tool).symlink_to(shutil.which(tool))
    fake_python(tmp_path / "bin", "python3.11", (3, 11, 7))
    found = make("python", "PYTHON=python3.12", path=str(tmp_path / "bin"), PYENV_ROOT=str(root))
    assert found.stdout == f"{root}/versions/3.12.9/bin/python3.12\n", found.stderr
    assert make("python", path=str(tmp_path / "bin"), PYENV_ROOT=str(root)).stdout == "python3.11\n"
    fake_python(tmp_path / "bin", "python3.12", (3, 12, 3))
    found = make("python", "PYTHON=python3.12", path=str(tmp_path / "bin"), PYENV_ROOT=str(root))
    assert found.stdout == "python3.12\n"
    none = make("python", "PYTHON=python3.10", path=str(tmp_path / "bin"), PYENV_ROOT=str(root))
    assert none.returncode != 0 and len(none.stderr.splitlines()) == 1, none.stderr


def test_an_active_virtualenv_or_conda_environment_is_used_as_it_is(tmp_path):
    fake_python(tmp_path / "bin", "python3.13", (3, 13, 0))
    path = str(tmp_path / "bin")

    def runs_tests_with(**env) -> str:
        done = make("-n", "test", path=path, **env)
        assert done.returncode == 0, done.stderr
        return re.search(r"^(\S+) -m pytest ", done.stdout, flags=re.M).group(1)

    assert runs_tests_with() == ".venv/bin/python"
    assert runs_tests_with(VIRTUAL_ENV="/envs/mine") == "/envs/mine/bin/python"
    assert (
        runs_tests_with(CONDA_PREFIX="/conda/envs/civcas", CONDA_DEFAULT_ENV="civcas")
        == "/conda/envs/civcas/bin/python"
    )
    assert (
        runs_tests_with(CONDA_PREFIX="/conda", CONDA_DEFAULT_ENV="base") == ".venv/bin/python"
    )  # conda's own base: not ours to fill
    assert (
        runs_tests_with(
            VIRTUAL_ENV="/envs/mine", CONDA_PREFIX="/conda/envs/civcas", CONDA_DEFAULT_ENV="civcas"
        )
        == "/envs/mine/bin/python"
    )
    assert (
        runs_tests_with(VIRTUAL_ENV="/envs/mine", PYTHON="python3.13") == ".venv/bin/python"
    )  # asked for a Python: .venv


def test_an_active_environment_with_an_unsupported_python_is_refused_in_one_line_and_never_removed(
    tmp_path,
):
    env = fake_env(tmp_path / "old-env", (3, 10, 13))
    done = make("test", path=str(tmp_path), VIRTUAL_ENV=str(env))
    assert done.returncode != 0 and len(done.stderr.splitlines()) == 1, done.stderr
    assert (
        f"the active virtualenv {env} has Python 3.10.13" in done.stderr
        and "deactivate it" in done.stderr
    )
    done = make("clean", path=str(tmp_path), VIRTUAL_ENV=str(env))
    assert done.returncode == 0 and "leaves the active virtualenv" in done.stdout
    assert (env / "bin" / "python").exists()


def test_an_environment_made_with_another_python_than_the_one_named_is_refused(tmp_path):
    env = fake_env(tmp_path / "env", (3, 11, 7))
    wanted = fake_python(tmp_path / "bin", "python3.13", (3, 13, 0))
    done = make("setup", f"VENV={env}", f"PYTHON={wanted}", path=str(tmp_path / "bin"))
    assert done.returncode != 0 and len(done.stderr.splitlines()) == 1, done.stderr
    assert (
        f"{env} has Python 3.11.7, not {wanted} (3.13.0)" in done.stderr
        and "VENV=.venv-3.13" in done.stderr
    )


def test_the_supported_versions_agree_between_makefile_pyproject_and_ci():
    assert "sys.exit(not (3, 11, 5) <= v < (3, 14))" in MAKEFILE
    assert PYPROJECT["project"]["requires-python"] == ">=3.11.5,<3.14"
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "for minor in 11 13; do" in ci and 'make test PYTHON="$py" VENV="$venv"' in ci


def lock_pins() -> dict[str, str]:
    lines = [line for line in LOCK.splitlines() if line.strip() and not line.startswith("#")]
    pins = {}
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", line), (
            f"requirements.txt: {line!r} is not name==version alone"
        )
        name, version = line.split("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_lock_pins_everything_the_project_declares_including_the_dask_extra():
    pins = lock_pins()
    declared = PYPROJECT["project"]["dependencies"] + [
        d for extra in PYPROJECT["project"]["optional-dependencies"].values() for d in extra
    ]
    assert "distributed" in PYPROJECT["project"]["optional-dependencies"]["distributed"]
    for requirement in declared:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()
        assert name in pins, f"pyproject.toml declares {name}, which requirements.txt does not pin"
    assert {
        "pytest",
        "pytest-xdist",
        "nbval",
        "hypothesis",
        "frictionless",
        "jupyterlab",
        "dask",
        "distributed",
    } <= set(pins)


def test_uv_is_bootstrapped_at_a_pinned_version():
    assert re.search(r"^UV_VERSION := \d+\.\d+\.\d+$", MAKEFILE, flags=re.M)
    assert '"uv==$(UV_VERSION)"' in MAKEFILE


def test_the_test_run_skips_the_grammar_the_build_skips():
    """pytest_first ran before nbval's plugin imported nbformat: jsonschema found no
    rfc3987_syntax to import (1.7 s of CPU in each pytest process)."""
    assert "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None


# plugins installed as dependencies of what the project uses, whose pytest plugins it does not use
UNUSED_PYTEST_PLUGINS = {"anyio", "platformdirs"}


def test_every_installed_pytest_plugin_is_named_or_known_to_be_unused(pytestconfig):
    """The run loads its plugins by name (--disable-plugin-autoload in pyproject.toml's addopts):
    pytest would otherwise rewrite the assertions of every module of each plugin's package, in
    every process. A plugin installed later would then be silently left out: each one installed
    is named there, or listed here as unused."""
    import importlib.metadata

    addopts = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "pytest"
    ]["ini_options"]["addopts"].split()
    assert "--disable-plugin-autoload" in addopts
    named = {addopts[i + 1] for i, option in enumerate(addopts) if option == "-p"}
    assert addopts.index("helpers.build.pytest_first") < addopts.index("nbval")
    for dist in importlib.metadata.distributions():
        # by the entry point's name, as `-p no:NAME` names it
        plugins = {ep.name for ep in dist.entry_points if ep.group == "pytest11"}
        if plugins and dist.metadata["Name"].lower() not in UNUSED_PYTEST_PLUGINS:
            assert plugins <= named, f"{dist.metadata['Name']}'s pytest plugin is not named"
            # loaded, unless this run turned it off (`-p no:xdist` is how a user runs serially)
            manager = pytestconfig.pluginmanager
            loaded = [p for p in plugins if not manager.is_blocked(p)]
            assert all(manager.has_plugin(p) for p in loaded), plugins


def _root_conftest(config):
    """The repository's own conftest.py, as pytest loaded it (tests/ has another of that name)."""
    root = paths.ROOT / "conftest.py"
    return next(
        plugin
        for plugin in config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) and Path(plugin.__file__) == root
    )


def test_the_modules_run_first_are_test_modules(pytestconfig):
    """The root conftest's LONGEST_FIRST names test modules that exist (a renamed one would
    quietly lose its place), each once; and `make test` keeps their order."""
    root_conftest = _root_conftest(pytestconfig)
    names = root_conftest.LONGEST_FIRST
    assert len(set(names)) == len(names)
    missing = [name for name in names if not (paths.ROOT / "tests" / name).is_file()]
    assert not missing, f"LONGEST_FIRST names test modules that do not exist: {missing}"
    assert "--no-loadscope-reorder" in (paths.ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_longest_modules_are_collected_first(pytestconfig):
    """The hook sorts items by LONGEST_FIRST, keeping each module's own order."""
    root_conftest = _root_conftest(pytestconfig)

    class Item:
        def __init__(self, name, number):
            self.path, self.number = paths.ROOT / "tests" / name, number

    first, second = root_conftest.LONGEST_FIRST[:2]
    items = [Item("test_zz_other.py", 1), Item(second, 2), Item("test_zz_other.py", 3)]
    items += [Item(first, 4), Item(second, 5)]
    root_conftest.pytest_collection_modifyitems(None, None, items)
    assert [(item.path.name, item.number) for item in items] == [
        (first, 4),
        (second, 2),
        (second, 5),
        ("test_zz_other.py", 1),
        ("test_zz_other.py", 3),
    ]
