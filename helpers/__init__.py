"""civcas-notebooks' helpers: the notebooks' public API, over four stages.

    helpers.data      read, type and validate the data package; provenance of every figure
    helpers.checks    the effective figures, the rule families and the cross-check
    helpers.present   tables, charts and the site, as readers see them
    helpers.build     planning, kernels, running, build state, the reports folder, the command line

Below them all: helpers.paths (where things are), helpers.errors (problems in the data) and
helpers.formatting (numbers, dates and names as text). A stage imports only earlier stages.

In a notebook or JupyterLab::

    from helpers import load, views, show
    pkg = load.load_package()  # pkg.figures, pkg.reports, ... (pandas; tab completion lists them)
    views.figures_table(pkg, "snhr-2018-09")  # a DataFrame, shown as the report's table

The names below are imported on first use, so `import helpers` alone costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and editors; at run time the names load on first use
    from helpers import checks  # noqa: F401
    from helpers.data import load  # noqa: F401
    from helpers.data.load import Package, load_package  # noqa: F401
    from helpers.notebook import show  # noqa: F401
    from helpers.present import charts, views  # noqa: F401

# public name -> (module, attribute or None for the module itself)
_PUBLIC = {
    "load": ("helpers.data.load", None),
    "load_package": ("helpers.data.load", "load_package"),
    "Package": ("helpers.data.load", "Package"),
    "checks": ("helpers.checks", None),
    "views": ("helpers.present.views", None),
    "charts": ("helpers.present.charts", None),
    "show": ("helpers.notebook", "show"),
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    """The public name, imported on first use (a module, a function or the Package class)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    module_name, attribute = _PUBLIC[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names and every public name, loaded or not (for tab completion)."""
    return sorted({*globals(), *_PUBLIC})
