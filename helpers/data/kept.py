"""Kept: what a process has worked out, by what it was worked out from, up to a number of
entries; the least recently used goes first. The one bounded memory of the data stage: loaded
packages (load._LOADED), typed tables (load._TYPED) and dates by their text
(periods._KEPT). Standard library only."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """At most `most` values by key, the least recently used dropped first."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._values: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        """The value kept for key (now the most recently used), or None."""
        if key not in self._values:
            return None
        self._values.move_to_end(key)
        return self._values[key]

    def put(self, key: Hashable, value: V) -> V:
        """Keep value for key, dropping the least recently used beyond `most`; returns value."""
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.most:
            self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values
