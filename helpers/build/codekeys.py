"""Which source files a notebook's run depends on, found by reading the code, never by running it.

A notebook reruns when a file it can reach changes, and only then: the helpers modules its code
cells import, the modules those import in turn (imports inside functions count too), the modules
that run in every kernel or shape every published file (the warm-up imports, the kernel side of the
build, the runner, the page renderer), the page template and the pinned environment. Editing the
command line, JupyterLab's launcher or the benchmarks reruns nothing.

`from helpers import load` resolves through the lazy name table in helpers/__init__.py (read here
with `ast`, not imported). When a notebook or a module cannot be read, every helpers file counts:
when unsure, rerun. Standard library only: a no-op build decides with a few parses and hashes."""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from helpers import paths

PACKAGE = "helpers"
PUBLIC_TABLE = "_PUBLIC"
# What runs in every kernel or shapes every published file, whatever a notebook imports.
BUILD_MODULES = (
    "helpers.data.load",
    "helpers.present.views",
    "helpers.notebook",
    "helpers.build.kernels",
    "helpers.build.runner",
    "helpers.present.site",
)
TEMPLATE_SUFFIXES = (".j2",)
BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
DYNAMIC_IMPORTS = ("__import__", "import_module")
ENVIRONMENT_FILES = ("requirements.txt",)
T = TypeVar("T")


def module_file(module: str, root: Path | None = None) -> Path | None:
    """The file of a helpers module (a package's __init__.py), or None if there is none."""
    root = root or paths.ROOT
    return _once_per_reading("module_file", (module, root), lambda: _module_file(module, root))


def _module_file(module: str, root: Path) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _source(path: Path) -> str | None:
    """The text of a source file of the tree, read without following a link (paths.read_regular);
    None if it is not a regular file or cannot be read as UTF-8."""
    try:
        return paths.read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _parse(path: Path, source: str | None = None) -> ast.Module | None:
    source = _source(path) if source is None else source
    try:
        return None if source is None else ast.parse(source, filename=str(path))
    except (SyntaxError, ValueError):
        return None


@lru_cache(maxsize=8)
def public_names(root: Path | None = None) -> dict[str, str]:
    """{public name: the module that provides it} from helpers/__init__.py's lazy name table."""
    init = module_file(PACKAGE, root)
    tree = _parse(init) if init else None
    for node in tree.body if tree else []:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == PUBLIC_TABLE for t in targets):
            table = ast.literal_eval(node.value)
            return {name: module for name, (module, _attribute) in table.items()}
    return {}


def _statements_importing(statements: list[ast.stmt]):
    """The import statements among these and in every block nested in them (functions, classes,
    branches, handlers), except under `if TYPE_CHECKING:`, which never runs. Expressions are not
    walked: statements are all an import can be."""
    for node in statements:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        test = node.test if isinstance(node, ast.If) else None
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        fields = ("orelse",) if name == "TYPE_CHECKING" else BLOCK_FIELDS
        for field in fields:
            for child in getattr(node, field, None) or []:
                yield from _statements_importing(
                    child.body if isinstance(child, ast.excepthandler | ast.match_case) else [child]
                )


def _with_parents(module: str) -> set[str]:
    """A module and the packages above it, which Python imports first."""
    parts = module.split(".")
    return {".".join(parts[: k + 1]) for k in range(len(parts))}


def _resolve_from(base: str, names: list[str], root: Path | None) -> set[str]:
    """`from base import a, b`: a name is a submodule if a file says so, else it comes from base
    (for the top package, through its lazy name table)."""
    found = _with_parents(base)
    public = public_names(root) if base == PACKAGE else {}
    for name in names:
        if name == "*":
            found.update(public.values())
        elif module_file(f"{base}.{name}", root) is not None:
            found.add(f"{base}.{name}")
        elif name in public:
            found.update(_with_parents(public[name]))
    return found


def import_statements(tree: ast.Module, dynamic: bool = True) -> list[list]:
    """The import statements of a piece of code, as data that depends on its text alone (nothing is
    resolved against the tree): ["import", name, bare], ["from", base, level, [names]] and, with
    dynamic, ["dynamic", name] for `__import__("helpers...")` and `import_module("helpers...")`
    calls (a walk of every expression; the caller may know from the text that there are none)."""
    found: list[list] = []
    for node in _statements_importing(tree.body):
        if isinstance(node, ast.Import):
            found += [["import", a.name, a.asname is None] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(["from", node.module or "", node.level, [a.name for a in node.names]])
    if dynamic:
        for node in ast.walk(tree):
            func = node.func if isinstance(node, ast.Call) and node.args else None
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0] if func is not None else None
            if (
                called in DYNAMIC_IMPORTS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append(["dynamic", first.value])
    return found


def resolved(statements: list[list], module: str = "", root: Path | None = None) -> set[str]:
    """The helpers modules these import statements (import_statements) import, including the
    packages above them; `module` names the code's own module for relative imports."""
    found: set[str] = set()
    for statement in statements:
        kind, name = statement[0], statement[1]
        if kind == "from":
            level, names = statement[2], statement[3]
            base = name
            if level:
                package = module.split(".")[:-level] if module else []
                base = ".".join([*package, *([base] if base else [])])
            if base.split(".")[0] == PACKAGE:
                found |= _resolve_from(base, names, root)
        elif name.split(".")[0] == PACKAGE:
            found |= _with_parents(name)
            if kind == "import" and name == PACKAGE and statement[2]:
                found |= {m for v in public_names(root).values() for m in _with_parents(v)}
    return found


def imported_modules(
    tree: ast.Module, module: str = "", root: Path | None = None, dynamic: bool = True
) -> set[str]:
    """The helpers modules a piece of code imports anywhere in it (top level or in a function),
    including the packages above them; `module` names the code's own module for relative imports.
    dynamic: also look for `__import__("helpers...")` and `import_module("helpers...")` calls."""
    return resolved(import_statements(tree, dynamic), module, root)


def every_helpers_file(root: Path | None = None) -> set[Path]:
    """All the helpers' source and templates: what counts when the code cannot be read (within
    one_reading(), the folder is walked once)."""
    base = (root or paths.ROOT) / PACKAGE
    found = _once_per_reading(
        "every_helpers_file",
        (base,),
        lambda: frozenset(
            p
            for p in base.rglob("*")
            if p.is_file() and (p.suffix == ".py" or p.suffix in TEMPLATE_SUFFIXES)
        ),
    )
    return set(found)


# {sha256 of a module's text: its import statements (import_statements), None if it does not
# parse}. Parsing is most of what a no-op build costs, so the build state keeps this table from one
# build to the next (remember, remembered); what a statement resolves to is worked out anew.
_STATEMENTS: dict[str, list | None] = {}
_READ: set[str] = set()
# While one_reading() is open: each notebook's files, each module's file and each module's imports,
# found once however often they are asked for ({kind: {question: answer}}).
_READING: list[dict[str, dict]] = []


@contextmanager
def one_reading() -> Iterator[None]:
    """A scope in which the tree is taken to stay as it is: each notebook's code files are found
    once (the build asks for them per notebook and again for all notebooks together), and so are
    each module's file and the modules it imports (every notebook reaches most of the same
    modules). Closed, every question reads the files again, so an edit made after it is seen."""
    _READING.append({})
    try:
        yield
    finally:
        _READING.pop()


def _once_per_reading(kind: str, question: tuple, answer: Callable[[], T]) -> T:
    """answer(), worked out once per question while one_reading() is open; every time outside."""
    if not _READING:
        return answer()
    found = _READING[-1].setdefault(kind, {})
    if question not in found:
        found[question] = answer()
    return found[question]


STATEMENT_KINDS = {"import": 3, "from": 4, "dynamic": 2}


def _well_formed(statements) -> bool:
    """Whether a recorded entry has the shape import_statements gives (the build state is tracked
    in git, so a checkout may hold anything)."""
    return statements is None or (
        isinstance(statements, list) and all(_statement_ok(s) for s in statements)
    )


def _statement_ok(statement) -> bool:
    if not (
        isinstance(statement, list)
        and statement
        and STATEMENT_KINDS.get(statement[0]) == len(statement)
        and isinstance(statement[1], str)
    ):
        return False
    if statement[0] == "import":
        return isinstance(statement[2], bool)
    if statement[0] == "from":
        level, names = statement[2], statement[3]
        return (
            type(level) is int
            and 0 <= level < 100
            and isinstance(names, list)
            and all(isinstance(n, str) for n in names)
        )
    return True


def remember(table: object) -> int:
    """Take the import statements an earlier build recorded ({sha256 of a text: statements});
    entries of another shape are left out. Returns how many were taken."""
    taken = 0
    for digest, statements in table.items() if isinstance(table, dict) else ():
        if isinstance(digest, str) and len(digest) == 64 and _well_formed(statements):
            _STATEMENTS.setdefault(digest, statements)
            taken += 1
    return taken


def forget() -> None:
    """Forget every import statement this process remembered or read."""
    _STATEMENTS.clear()
    _READ.clear()


def remembered() -> dict[str, list | None]:
    """The table for the build state to keep: the statements of every text this process read (so
    that the texts of files since edited or removed drop out)."""
    return {d: _STATEMENTS[d] for d in sorted(_READ)}


def module_imports(path: Path, module: str, root: Path | None = None) -> frozenset[str] | None:
    """imported_modules of one module's file, None if it cannot be read or parsed; its text is
    parsed once (import statements are remembered by the sha256 of the text), and within
    one_reading() read and resolved once."""
    return _once_per_reading(
        "module_imports", (path, module, root), lambda: _module_imports(path, module, root)
    )


def _module_imports(path: Path, module: str, root: Path | None) -> frozenset[str] | None:
    source = _source(path)
    if source is None:
        return None
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if digest not in _STATEMENTS:
        tree = _parse(path, source)
        dynamic = tree is not None and any(call in source for call in DYNAMIC_IMPORTS)
        _STATEMENTS[digest] = None if tree is None else import_statements(tree, dynamic)
    _READ.add(digest)
    statements = _STATEMENTS[digest]
    return None if statements is None else frozenset(resolved(statements, module, root))


def closure(modules: set[str], root: Path | None = None) -> set[Path] | None:
    """The files of these modules and of every helpers module they import, transitively; None if one
    of them cannot be parsed (then the caller counts every file)."""
    files: set[Path] = set()
    todo = sorted(modules)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = module_file(module, root)
        if path is None:
            continue  # a name that is no module (an import that fails at run time)
        own = module if path.name != "__init__.py" else f"{module}.__init__"
        imported = module_imports(path, own, root)
        if imported is None:
            return None
        files.add(path)
        todo.extend(imported - seen)
    return files


def notebook_modules(notebook: Path, root: Path | None = None) -> set[str] | None:
    """The helpers modules a notebook's code cells import; None if it cannot be read. Lines that are
    IPython syntax (magics, shell escapes) are left out before parsing."""
    try:
        cells = json.loads(paths.read_regular(notebook).decode("utf-8"))["cells"]
        sources = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c.get("cell_type") == "code"
        ]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None  # not a notebook: the runner's check names it in one line
    except RecursionError:  # JSON nested too deeply for the parser
        return None
    found: set[str] = set()
    for source in sources:
        python = "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        )
        try:
            tree = ast.parse(python)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            # code the parser cannot take (MemoryError: too deeply nested for its stack): the
            # kernel fails the cell and names it
            return None
        found |= imported_modules(tree, "", root)
    return found


def notebook_code_files(notebook: Path, root: Path | None = None) -> list[tuple[str, Path]]:
    """(name under the repository, path) of every file this notebook's run depends on, sorted."""
    root = root or paths.ROOT
    return list(
        _once_per_reading(
            "notebook_code_files", (notebook, root), lambda: _notebook_code_files(notebook, root)
        )
    )


def _notebook_code_files(notebook: Path, root: Path) -> list[tuple[str, Path]]:
    modules = notebook_modules(notebook, root)
    files = closure(modules | set(BUILD_MODULES), root) if modules is not None else None
    if files is None:
        files = every_helpers_file(root)
    files |= {p for p in every_helpers_file(root) if p.suffix in TEMPLATE_SUFFIXES}
    named = [(p.relative_to(root).as_posix(), p) for p in files]
    named += [(name, root / name) for name in ENVIRONMENT_FILES if (root / name).is_file()]
    return sorted(named)
