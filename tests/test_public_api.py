"""The notebooks' public API: `from helpers import ...` gives every public name, dir() lists them,
a package lists its tables for tab completion, and every public function says what it returns."""

from __future__ import annotations

import importlib
import inspect
import re
import types

import pandas as pd
import pytest

import helpers
from helpers.data import schema
from helpers.present import display

PUBLIC = ("load", "views", "checks", "charts", "show", "Package", "load_package")


def test_the_public_names_import_and_are_listed():
    namespace: dict = {}
    exec(f"from helpers import {', '.join(PUBLIC)}", namespace)
    assert all(namespace[name] is getattr(helpers, name) for name in PUBLIC)
    assert set(PUBLIC) <= set(dir(helpers)) and set(helpers.__all__) == set(PUBLIC)
    with pytest.raises(AttributeError):
        helpers.zz_fixture_no_such_name  # noqa: B018


def test_a_package_lists_its_tables_for_tab_completion(pkg):
    names = schema.resource_names(pkg.root)
    assert names and set(names) <= set(dir(pkg))
    assert {"tables", "frames", "texts", "traced_clean"} <= set(dir(pkg))
    for name in names:
        assert isinstance(getattr(pkg, name), pd.DataFrame)


def _public_functions():
    """Every public function or method reachable from helpers' public names: the modules' own
    functions and classes (not what they import), and the public methods of those classes."""
    seen = {}
    for name in helpers.__all__:
        value = getattr(helpers, name)
        if isinstance(value, types.ModuleType):
            modules = [value]
            # a package's public names come from its submodules
            modules += [
                importlib.import_module(obj.__module__)
                for obj in vars(value).values()
                if callable(obj) and getattr(obj, "__module__", "").startswith("helpers.")
            ]
            members = [
                obj
                for module in modules
                for key, obj in vars(module).items()
                if not key.startswith("_") and getattr(obj, "__module__", None) == module.__name__
            ]
        else:
            members = [value]
        for obj in members:
            if inspect.isclass(obj):
                for key, method in vars(obj).items():
                    if inspect.isfunction(method) and not key.startswith("_"):
                        seen[f"{obj.__module__}.{obj.__qualname__}.{key}"] = method
                    elif isinstance(method, property) and not key.startswith("_"):
                        seen[f"{obj.__module__}.{obj.__qualname__}.{key}"] = method.fget
            elif inspect.isfunction(obj):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return seen


def test_every_public_function_has_a_docstring_and_a_return_annotation():
    functions = _public_functions()
    assert "helpers.present.views.figures_table" in functions  # the walk reaches the views
    assert "helpers.data.load.Package.traced_clean" in functions
    undocumented = [name for name, f in functions.items() if not inspect.getdoc(f)]
    unannotated = [
        name for name, f in functions.items() if "return" not in getattr(f, "__annotations__", {})
    ]
    assert undocumented == [] and unannotated == [], (undocumented, unannotated)


def test_a_view_is_a_frame_that_shows_as_its_table(pkg):
    report_id = pkg.reports["report_id"].iloc[0]
    from helpers import views

    figures = views.figures_table(pkg, report_id)
    assert isinstance(figures, pd.DataFrame) and len(figures) > 0
    involved = (figures["report id"] == report_id) | (figures["carried by id"] == report_id)
    assert involved.all()
    caption = f"{len(figures)} statements of a figure"
    shown = display.rendered(figures).html
    assert (
        shown
        == display.table(
            figures,
            caption,
            hidden=["figure id", "report id", "carried by id", "source address"],
            anchor="figure id",
            links={"source's words": "source address"},
        ).html
    )
    # the ids are data an analyst filters by, kept in the rows' attributes, never in a cell
    for figure_id in figures["figure id"]:
        assert f'id="{display.anchor_id(figure_id)}"' in shown
        assert f">{figure_id}<" not in shown
    assert '<th scope="col">figure id</th>' not in shown
    # filtered, it keeps the look but not a caption whose count would be wrong
    fewer = display.rendered(figures.head(1)).html
    assert "<caption>" not in fewer and "civcas-table" in fewer
    # a frame without the mark shows as pandas shows it
    assert display.rendered(pd.DataFrame({"zz-fixture": [1]})) is None


def test_hidden_columns_stay_in_attributes_and_every_cell_is_labelled():
    frame = pd.DataFrame(
        {
            "what": ["zz-fixture <b>words</b>"],
            "count": [1200],
            "zz id": ["zz-fixture-id/1"],
            "page": ["report-zz-fixture.html"],
        }
    )
    shown = display.table(
        frame, hidden=["zz id", "page"], anchor="zz id", links={"what": "page"}
    ).html
    assert 'id="zz-fixture-id-1"' in shown and 'data-zz-id="zz-fixture-id/1"' in shown
    assert "title=" not in shown  # shown on hover: no id there either
    assert '<td data-label="what"><a href="report-zz-fixture.html">' in shown
    assert "&lt;b&gt;words&lt;/b&gt;" in shown and '<td class="num" data-label="count">' in shown
    visible = re.sub(r"<[^>]+>", " ", shown.split("</style>", 1)[1])
    assert "zz-fixture-id" not in visible
    # a link only to a page of the site or an http(s) address
    bad = display.table(
        frame.assign(page="javascript:alert(1)"), hidden=["page"], links={"what": "page"}
    ).html
    assert 'href="javascript:' not in bad and '<td data-label="what">zz-fixture' in bad


def test_the_provenance_card_is_a_frame_of_facts(pkg):
    from helpers import views

    report = pkg.reports.iloc[0]
    card = views.provenance(pkg, report["report_id"])
    facts = dict(zip(card["fact"], card["value"], strict=True))
    assert facts["Report id"] == report["report_id"] and facts["Issuer"] == report["issuer"]
    shown = display.rendered(card)
    # the id is folded away for fact-checkers, after the facts every reader sees
    visible, folded = shown.html.split("<details>", 1)
    assert report["report_id"] not in re.sub(r"<[^>]+>", " ", visible.split("</style>", 1)[1])
    assert f"<dd>{display.esc(report['report_id'])}</dd>" in folded
    assert shown.text.splitlines()[0] == f"Issuer: {report['issuer']}"


def test_an_ipython_shell_shows_a_marked_frame_as_its_html_and_text():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert display.register_formatters(shell) and display.register_formatters(shell)
        frame = pd.DataFrame({"zz-fixture-name": ["a <b>", "c"], "count": [1200, 3]})
        marked = display.as_table(frame, caption="zz-fixture caption")
        data, _ = shell.display_formatter.format(marked)
        expected = display.table(frame, caption="zz-fixture caption")
        assert data["text/html"] == expected.html and data["text/plain"] == expected.text
        plain, _ = shell.display_formatter.format(frame)
        assert plain["text/html"] == frame._repr_html_() and plain["text/plain"] == repr(frame)
    finally:
        InteractiveShell.clear_instance()
