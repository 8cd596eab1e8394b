"""The layering of helpers/, read from the source with ast: a stage imports only itself, earlier
stages and the foundation (data -> checks -> present -> build); nothing in helpers/ imports
benchmarks/; no module uses another module's private (underscore) names. Imports inside functions
count too.

Every violation is listed in one message, so one run says everything that is left to fix."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FOUNDATION = {"helpers.paths", "helpers.errors", "helpers.formatting"}
# a module may import modules of its own rank or lower; the public API and command line sit on top
RANKS = {"foundation": 0, "data": 1, "checks": 2, "present": 3, "build": 4, "api": 5}
STAGE_PACKAGES = ("data", "checks", "present", "build")


def module_name(path: Path, root: Path) -> str:
    """The dotted module name of a .py file under root: helpers/data/__init__.py -> helpers.data."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage(module: str) -> str:
    """The stage a helpers module belongs to: foundation, data, checks, present, build or api (the
    package's public names, its command line and anything else at the top of helpers/)."""
    if module in FOUNDATION:
        return "foundation"
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGE_PACKAGES:
        return parts[1]
    return "api"


def is_private(name: str) -> bool:
    """An underscore name that is not a dunder (__init__, __version__ are public by convention)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <dots><target> import ...` written in module."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, target] if target else base)


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]):
    """(line, imported module, imported name or None, local alias) for every import in the tree, the
    ones inside functions and `if TYPE_CHECKING:` blocks included, and every
    importlib.import_module("literal") call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                bound = alias.name if alias.asname else alias.name.split(".")[0]
                yield node.lineno, alias.name, None, (local, bound)
        elif isinstance(node, ast.ImportFrom):
            source = (
                resolve_relative(module, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                local = alias.asname or alias.name
                if submodule in known:  # `from helpers.data import validate`: a module
                    yield node.lineno, submodule, None, (local, submodule)
                else:
                    yield node.lineno, source, alias.name, (local, None)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value, None, (None, None)


def _dotted(node: ast.AST) -> list[str] | None:
    """a.b.c as ["a", "b", "c"]; None for anything that is not a chain of names."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(names)]


def _project(module: str) -> bool:
    return module.split(".")[0] in ("helpers", "benchmarks")


def _private_part(module: str) -> str | None:
    return next((part for part in module.split(".") if is_private(part)), None)


def violations(root: Path) -> list[str]:
    """Every breach of the layering in root/helpers/**/*.py, one line each, as path:line: what."""
    files = sorted((root / "helpers").rglob("*.py"))
    known = {module_name(path, root) for path in files}
    found = []
    for path in files:
        module = module_name(path, root)
        is_package = path.name == "__init__.py"
        own_stage = stage(module)
        own_package = module if is_package else module.rpartition(".")[0]
        where = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases: dict[str, str] = {}
        for line, target, name, (local, bound) in _imports(tree, module, is_package, known):
            if bound:
                aliases[local] = bound
            if not _project(target):
                continue
            if target.split(".")[0] == "benchmarks":
                found.append(f"{where}:{line}: imports {target} (benchmark-only code)")
                continue
            if target != module and RANKS[stage(target)] > RANKS[own_stage]:
                found.append(
                    f"{where}:{line}: the {own_stage} stage imports {target}, "
                    f"of the later {stage(target)} stage"
                )
            private = _private_part(target)
            if private and not target.startswith(own_package + "."):
                found.append(f"{where}:{line}: imports the private module {target}")
            if name and is_private(name):
                found.append(f"{where}:{line}: imports the private name {name} of {target}")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            chain = _dotted(node)
            if not chain or chain[0] not in aliases:
                continue
            full = [*aliases[chain[0]].split("."), *chain[1:]]
            # the longest prefix that is a module; the name after it is an attribute of that module
            cut = max(k for k in range(1, len(full) + 1) if ".".join(full[:k]) in known or k == 1)
            owner = ".".join(full[:cut])
            if cut < len(full) and is_private(full[cut]) and owner != module and _project(owner):
                found.append(f"{where}:{node.lineno}: uses the private name {full[cut]} of {owner}")
    return sorted(set(found))


def test_helpers_keep_their_layers():
    """The real tree: every violation at once, so the message is the to-do list."""
    found = violations(ROOT)
    assert not found, f"{len(found)} layering violation(s):\n" + "\n".join(found)


TREE = {
    "helpers/__init__.py": "import importlib\nimportlib.import_module('helpers.build.cli')\n",
    "helpers/paths.py": "ROOT = 1\n",
    "helpers/errors.py": "from helpers import paths\n",
    "helpers/formatting.py": "",
    "helpers/data/__init__.py": "",
    "helpers/data/schema.py": "from helpers import paths\n\ndef _load():\n    return 1\n",
    "helpers/data/validate.py": "from helpers.data import schema\n",
    "helpers/checks/__init__.py": "",
    "helpers/checks/rules.py": "from helpers.data import validate\nfrom . import effective\n",
    "helpers/checks/effective.py": "",
    "helpers/present/__init__.py": "",
    "helpers/present/views.py": "from helpers.checks import rules\n",
    "helpers/build/__init__.py": "",
    "helpers/build/cli.py": "from helpers.present import views\nfrom helpers.data import schema\n",
}


def plant(root: Path, files: dict[str, str]) -> Path:
    """A helpers/ tree (and benchmarks/) written under root from {path: source}."""
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_a_tree_that_keeps_its_layers_passes(tmp_path):
    assert violations(plant(tmp_path, TREE)) == []


@pytest.mark.parametrize(
    ("rel", "source", "expected"),
    [
        (
            "helpers/paths.py",
            "from helpers.data import schema\n",
            "helpers/paths.py:1: the foundation stage imports helpers.data.schema, of the later",
        ),
        (
            "helpers/data/validate.py",
            "def late():\n    from helpers.checks import rules\n    return rules\n",
            "helpers/data/validate.py:2: the data stage imports helpers.checks.rules, of the later",
        ),
        (
            "helpers/checks/rules.py",
            "import helpers.present.views as views\n",
            "helpers/checks/rules.py:1: the checks stage imports helpers.present.views",
        ),
        (
            "helpers/present/views.py",
            "from ..build import cli\n",
            "helpers/present/views.py:1: the present stage imports helpers.build.cli",
        ),
        (
            "helpers/build/cli.py",
            "import benchmarks.synthetic\n",
            "helpers/build/cli.py:1: imports benchmarks.synthetic (benchmark-only code)",
        ),
        (
            "helpers/data/validate.py",
            "from helpers.data.schema import _load\n",
            "helpers/data/validate.py:1: imports the private name _load of helpers.data.schema",
        ),
        (
            "helpers/build/cli.py",
            "def run():\n    from helpers.data import schema\n    return schema._load()\n",
            "helpers/build/cli.py:3: uses the private name _load of helpers.data.schema",
        ),
        (
            "helpers/build/cli.py",
            "import helpers.data.schema\nhelpers.data.schema._load()\n",
            "helpers/build/cli.py:2: uses the private name _load of helpers.data.schema",
        ),
        (
            "helpers/data/validate.py",
            "import importlib\nimportlib.import_module('helpers.present.views')\n",
            "helpers/data/validate.py:2: the data stage imports helpers.present.views",
        ),
    ],
)
def test_the_checker_catches_a_planted_violation(tmp_path, rel, source, expected):
    found = violations(plant(tmp_path, {**TREE, rel: source}))
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_every_violation_is_reported_at_once(tmp_path):
    planted = {
        **TREE,
        "helpers/paths.py": "from helpers.build import cli\n",
        "helpers/data/validate.py": "from helpers.data.schema import _load\n",
    }
    found = violations(plant(tmp_path, planted))
    assert [line.split(":")[0] for line in found] == [
        "helpers/data/validate.py",
        "helpers/paths.py",
    ], found


def test_a_module_may_use_its_own_private_names_and_dunders(tmp_path):
    planted = {
        **TREE,
        "helpers/data/schema.py": "import helpers.data.schema as me\n\ndef _load():\n"
        "    return me._load, me.__name__\n",
    }
    assert violations(plant(tmp_path, planted)) == []
