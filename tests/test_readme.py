"""The README says only what is true: every path it names exists, every command it gives can run
(make targets defined, tools installed, modules importable, command-line flags accepted)."""

from __future__ import annotations

import calendar
import importlib
import re
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from helpers import paths

FRONT = (paths.ROOT / "README.md").read_text(encoding="utf-8")
GUIDES = sorted(p for p in (paths.ROOT / "docs").glob("*.md") if p.name != "data-dictionary.md")
README = "\n".join(
    [FRONT, *(p.read_text(encoding="utf-8") for p in GUIDES)]
)  # the README and the docs it links
FIRST_SCREEN = 40  # lines: what a reader sees before scrolling
MAKEFILE = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
BIN = Path(sysconfig.get_path("scripts"))  # .venv/bin under `make test`
TOOLS = {
    "python",
    "papermill",
    "jupyter",
    "frictionless",
    "pytest",
    "civcas",
}  # ours, as the README may name them bare


def code_pieces(text: str) -> list[str]:
    """Each line of a fenced block (without its # comment) and each inline code span."""
    fence = re.compile(r"^```[^\n]*\n(.*?)^```", flags=re.M | re.S)
    lines = [
        line.split(" #")[0].strip() for block in fence.findall(text) for line in block.splitlines()
    ]
    return [c for c in lines + re.findall(r"`([^`\n]+)`", fence.sub("", text)) if c]


def commands(text: str) -> list[list[str]]:
    """The pieces of code that run make, one of our tools, or a file in .venv/bin, as words; the
    tool's name without its folder."""
    out = []
    for piece in code_pieces(text):
        try:
            words = shlex.split(piece)
        except ValueError:  # an apostrophe in prose, not a command
            continue
        if words and (words[0] in TOOLS | {"make"} or words[0].startswith(".venv/bin/")):
            out.append([words[0].removeprefix(".venv/bin/"), *words[1:]])
    return out


COMMANDS = commands(README)


def recipe(target: str) -> list[str]:
    """The recipe lines make runs for target, following a target without a recipe to its
    prerequisites."""
    m = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", MAKEFILE, flags=re.M)
    assert m, f"README runs `make {target}`, which the Makefile does not define"
    lines = [line.strip() for line in m.group(2).splitlines()]
    if lines:
        return lines
    return [line for dep in m.group(1).split() if not dep.startswith("$") for line in recipe(dep)]


def cli_calls(cmds: list[list[str]]) -> list[tuple[str, list[str]]]:
    """(subcommand, flags) for every call of helpers the README gives, directly, as `civcas`, or
    through a make target whose recipe passes ARGS on to it."""
    calls = []
    for words in cmds:
        flags = [w.split("=")[0] for w in words if w.startswith("--")]
        if words[0] == "civcas" and len(words) > 1:
            calls.append((words[1], flags))
        elif words[0] == "python" and words[1:3] == ["-m", "helpers"]:
            calls.append((words[3] if len(words) > 3 else "", flags))
        elif words[0] == "make" and len(words) > 1:
            args = [w.split("=", 1)[1] for w in words[2:] if w.startswith("ARGS=")]
            passed = [f.split("=")[0] for a in args for f in a.split() if f.startswith("--")]
            for line in recipe(words[1]):
                m = re.search(r"-m helpers (\w+) \$\(ARGS\)", line)
                if m and passed:
                    calls.append((m.group(1), passed))
    return calls


def test_every_path_in_the_readme_exists():
    candidates = set(
        re.findall(r"`([A-Za-z0-9_.\-/]+\.(?:csv|json|txt|ipynb|html|md|cfg|cff|yml|py))`", README)
    )
    candidates |= {c for c in re.findall(r"`([A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-/]*)`", README)}
    candidates |= {"LICENSE", "CITATION.cff", "environment.yml", "requirements.txt", ".ci/run"}
    assert len(candidates) > 20
    missing = []
    for c in sorted(candidates):
        found = (paths.ROOT / c).exists() or (paths.HELPERS / c).exists()
        if not found:
            missing.append(c)
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_make_target_in_the_readme_exists():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"make ([a-z]+)", README)):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in README and "make test" in (paths.ROOT / ".ci" / "run").read_text()


def test_the_readme_gives_the_commands_a_reader_needs():
    tools = {words[0] for words in COMMANDS}
    assert {"make", "python", "papermill", "pytest", "frictionless"} <= tools, tools
    assert {words[1] for words in COMMANDS if words[0] == "make" and len(words) > 1} >= {
        "reports",
        "test",
        "lab",
    }


def test_every_tool_the_readme_runs_is_installed():
    for words in COMMANDS:
        if words[0] == "make":
            continue
        assert (BIN / words[0]).is_file(), (
            f"README runs {words[0]}, which is not installed in {BIN}"
        )
        if words[0] == "jupyter" and len(words) > 1 and not words[1].startswith("-"):
            assert (BIN / f"jupyter-{words[1]}").is_file(), (
                f"README runs `jupyter {words[1]}`, which is not installed"
            )


def test_every_make_target_the_readme_runs_has_a_recipe():
    for words in COMMANDS:
        if words[0] == "make" and len(words) > 1:
            assert recipe(words[1]), words


def test_every_module_the_readme_runs_is_importable():
    modules = {w[i + 1] for w in COMMANDS for i in range(len(w) - 1) if w[i] == "-m"}
    modules |= {
        m
        for line in MAKEFILE.splitlines()
        if "$(BIN)/python -m" in line
        for m in re.findall(r"-m (helpers[\w.]*)", line)
    }
    assert "helpers" in modules and "helpers.build.lab" in modules
    for name in sorted(modules):
        importlib.import_module(name)


def test_every_helpers_cli_flag_the_readme_names_is_accepted():
    calls = cli_calls(COMMANDS)
    assert calls, "the README names no helpers command"
    for sub in sorted({sub for sub, _ in calls}):
        shown = subprocess.run(
            [sys.executable, "-m", "helpers", sub, "--help"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert shown.returncode == 0, f"README runs `helpers {sub}`: {shown.stderr}"
        accepted = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", shown.stdout))
        for flag in sorted({f for s, flags in calls if s == sub for f in flags}):
            assert flag in accepted, (
                f"README passes {flag} to `helpers {sub}`, which accepts {sorted(accepted)}"
            )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'run `make reports ARGS="--force --workers 2"` now',
            [("build", ["--force", "--workers"])],
        ),
        (
            "```\n.venv/bin/python -m helpers build --only report-x  # one\n```",
            [("build", ["--only"])],
        ),
        (
            "`civcas validate` and `make test ARGS=-x` and `make references ARGS=--force`",
            [("validate", []), ("build", ["--force"])],
        ),
    ],
)
def test_readme_commands_are_read_as_a_shell_would(text, expected):
    assert cli_calls(commands(text)) == expected


def test_the_first_screen_gives_the_two_commands_and_where_to_look():
    first = "\n".join(FRONT.splitlines()[:FIRST_SCREEN])
    assert "make reports" in first and "make test" in first
    assert "reports/index.html" in first


def test_the_readme_links_every_guide_and_each_guide_exists():
    linked = set(re.findall(r"\]\((docs/[^)#]+)\)", FRONT))
    assert {p.relative_to(paths.ROOT).as_posix() for p in GUIDES} <= linked
    for target in linked:
        assert (paths.ROOT / target).is_file(), target


def test_the_architecture_guide_names_every_helpers_module():
    """docs/architecture.md is drawn from the code: every module under helpers/ appears in it."""
    guide = (paths.ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [
        p.relative_to(paths.HELPERS)
        for p in paths.HELPERS.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    ]
    missing = [str(m) for m in modules if f"`helpers/{m.as_posix()}`" not in guide]
    assert modules and not missing, f"docs/architecture.md does not name {missing}"


def test_the_readme_s_counts_of_the_record_are_the_data_s(pkg):
    """ "The collection holds N reports: R monthly ... releases of CJTF-OIR (data through <month> to
    <month>), M monitor reports": each number and month is worked out from the registry, so a
    report added as data makes this fail until the sentence is brought up to date."""
    said = re.search(
        r"holds (\d+) reports: (\d+) monthly[^(]*\(data through (\w+)\s+(\d{4})"
        r" to (\w+)\s+(\d{4})\),\s+(\d+) monitor",
        FRONT,
    )
    assert said, "the README no longer says how many reports the collection holds"
    reports = pkg.reports
    releases = reports[reports["kind"] == "official_release"]
    monitors = reports[reports["kind"].str.startswith("monitor_")]
    months = sorted(releases["period_end"].dropna().astype(str).str[:7])

    def month_words(month: str) -> tuple[str, str]:
        year, number = month.split("-")
        return calendar.month_name[int(number)], year

    assert (int(said[1]), int(said[2]), int(said[7])) == (
        len(reports),
        len(releases),
        len(monitors),
    ), said[0]
    assert (said[3], said[4]) == month_words(months[0]), said[0]
    assert (said[5], said[6]) == month_words(months[-1]), said[0]
