"""The rules a check in checks.csv can name. A family module marks each of its rules with @rule, and
the name a check gives in checks.csv's `rule` column is the function's name (or the one given to the
decorator). Importing the family registers its rules: crosscheck.FAMILIES imports them all.

A rule is called as rule(figures, pkg, check): figures is a FigureSet (figures.frame holds the
effective figures the check row covers, as polars), pkg the Package, check the row of checks.csv
(a mapping of its columns). It returns its findings as a frame (findings()) or as a list of
finding() dicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias, overload

import polars as pl

if TYPE_CHECKING:
    from helpers.checks.figureset import FigureSet
    from helpers.data.load import Package

Findings: TypeAlias = "pl.DataFrame | list[dict]"
Rule: TypeAlias = "Callable[[FigureSet, Package, Mapping[str, Any]], Findings]"

_REGISTERED: dict[str, Rule] = {}

# name -> rule, read-only: what the checks in checks.csv can name.
RULES: Mapping[str, Rule] = MappingProxyType(_REGISTERED)


def register(function: Rule, name: str | None = None) -> Rule:
    """Registers `function` under `name` (by default its own name) and returns it unchanged.
    Raises ValueError when a rule of that name is registered already: two families may not both
    claim it."""
    key = function.__name__ if name is None else name
    if key in _REGISTERED:
        held = _REGISTERED[key]
        raise ValueError(
            f"a check rule named {key!r} is registered already "
            f"({held.__module__}.{held.__name__}); "
            f"rename {function.__module__}.{function.__name__} or give @rule another name"
        )
    _REGISTERED[key] = function
    return function


@overload
def rule(function: Rule, /) -> Rule: ...
@overload
def rule(name: str | None = None, /) -> Callable[[Rule], Rule]: ...


def rule(function_or_name: Rule | str | None = None, /) -> Rule | Callable[[Rule], Rule]:
    """The decorator that registers a check rule: `@rule` (under the function's name) or
    `@rule("other_name")`. Returns the function itself, so a rule can still be called directly."""
    if callable(function_or_name):
        return register(function_or_name)

    def decorate(function: Rule) -> Rule:
        return register(function, function_or_name)

    return decorate


def unregister(name: str) -> Rule:
    """Removes the rule registered under `name` and returns it (for tests and temporary modules).
    Raises KeyError when no rule has that name."""
    return _REGISTERED.pop(name)
