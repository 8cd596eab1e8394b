"""Kept: the data stage's one bounded memory (loaded packages, typed tables, short columns)."""

from __future__ import annotations

from helpers.data.kept import Kept


def test_the_least_recently_used_goes_first():
    kept: Kept[str] = Kept(2)
    kept.put("zz-a", "first")
    kept.put("zz-b", "second")
    assert kept.get("zz-a") == "first"  # now the most recently used
    kept.put("zz-c", "third")
    assert "zz-b" not in kept and kept.get("zz-a") == "first" and kept.get("zz-c") == "third"
    assert len(kept) == 2


def test_a_missing_key_is_none_and_a_key_put_again_takes_the_new_value():
    kept: Kept[list[int]] = Kept(4)
    assert kept.get("zz-missing") is None
    kept.put("zz-key", [1])
    kept.put("zz-key", [2])
    assert kept.get("zz-key") == [2] and len(kept) == 1
