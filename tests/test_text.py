"""Numbers and passages in source text, as a fact-checker reads them (helpers/data/text.py)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import text


def tokens(s: str) -> list[str]:
    return [t for t, _, _ in text.number_tokens(s)]


def test_numbers_in_digits_with_thousands_separators_and_decimals():
    assert tokens("1,114 civilians in 28,562 strikes; 3.5 per cent; 2014") == [
        "1,114",
        "28,562",
        "3.5",
        "2014",
    ]
    assert text.number_tokens("at least 1,114 people") == [("1,114", 9, 14)]


def test_a_comma_not_followed_by_three_digits_separates_two_numbers():
    assert tokens("1,1144") == ["1", "1144"]  # not "1,114" and "4": a typo is not read as a figure
    assert tokens("1,114,5") == ["1", "114", "5"]
    assert tokens("12,3") == ["12", "3"]
    assert tokens("in 2017, 1,061") == ["2017", "1,061"]


def test_numbers_in_words_are_whole_words_in_any_case():
    assert tokens("Twenty-one children, ONE woman, a dozen men, hundreds") == [
        "Twenty",
        "one",
        "ONE",
        "dozen",
    ]
    assert tokens("someone often tends to lament") == []


def test_the_word_pattern_finds_what_a_plain_alternation_finds():
    """NUMBER groups the words by first letter behind a look-ahead (faster); the matches are those
    of the plain alternation of every word."""
    plain = re.compile(text.DIGITS + r"|\b(?:" + "|".join(text.WORDS) + r")\b", re.IGNORECASE)
    every = " ".join(w.upper() if k % 2 else w for k, w in enumerate(text.WORDS))
    assert [m.group() for m in text.NUMBER.finditer(every)] == every.split()
    _same_matches(plain, every + " tenth eleventh 1,000,000 7.25")


LETTERS = sorted(set("".join(text.WORDS)) | set("ONETW"))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list(text.WORDS)),
            st.text(st.sampled_from([*LETTERS, "1", "0", ",", ".", " ", "-", "é"]), max_size=6),
        ),
        max_size=8,
    ).map("".join)
)
def test_the_word_pattern_agrees_with_a_plain_alternation_on_any_text(s):
    plain = re.compile(text.DIGITS + r"|\b(?:" + "|".join(text.WORDS) + r")\b", re.IGNORECASE)
    _same_matches(plain, s)


def _same_matches(plain: re.Pattern, s: str) -> None:
    assert [(m.group(), m.span()) for m in text.NUMBER.finditer(s)] == [
        (m.group(), m.span()) for m in plain.finditer(s)
    ]


def test_fold_makes_runs_of_white_space_one_space():
    assert text.fold("  at\u00a0least\n\n1,114\tcivilians ") == "at least 1,114 civilians"


def test_invisible_is_every_format_character_of_this_python_s_unicode():
    """Every format character (Cf) this Python knows is invisible; everything invisible is one, or
    a character this Python's Unicode does not assign yet (INVISIBLE is Unicode 15's list)."""
    every = [chr(i) for i in range(0x110000)]
    formats = {c for c in every if unicodedata.category(c) == "Cf"}
    matched = set(text.INVISIBLE.findall("".join(every)))
    assert formats <= matched
    assert {unicodedata.category(c) for c in matched - formats} <= {"Cn"}


def test_fold_drops_what_shows_nothing_and_keeps_what_shows():
    raw = "At\u00a0least 1\u200b069 civil\u00adians, \u200fقتل\u200e ١٬٠٦٩\ufeff"
    assert text.fold(raw) == "At least 1069 civilians, قتل ١٬٠٦٩"
    assert text.visible("a\u200db") == "ab" and text.visible("1\u202f069") == "1\u202f069"


def test_find_all_finds_overlapping_passages():
    assert text.find_all("aaaa", "aa") == [0, 1, 2]
    assert text.find_all("abc", "d") == []
    assert text.find_all("abc", "") == []


def test_a_passage_is_found_only_on_whole_numbers_and_words():
    s = "have killed 1,114 civilians since August 2014, the coalition; 3.5 per cent"
    assert text.find_whole(s, "1,114 civilians") == [12]
    assert text.find_whole(s, "4 civilians") == []  # starts inside 1,114
    assert text.find_whole(s, "114 civilians") == []  # starts after "1," inside the number
    assert text.find_whole(s, "have killed 1,11") == []  # ends inside it
    assert text.find_whole(s, "since August 201") == []
    assert text.find_whole(s, "ave killed") == []  # starts inside a word
    assert text.find_whole(s, "5 per cent") == []  # after a decimal point
    assert text.find_whole(s, "2014, the") == [41]  # a comma then a space is not inside a number
    assert text.find_whole(s, ", the coalition") == [
        45
    ]  # an edge that is not a letter or digit joins nothing
    assert text.find_whole("in 2017, 1,061", "1,061") == [9]
    assert (
        text.runs_into(s, "4 civilians", 16) == 16
        and text.runs_into(s, "have killed 1,11", 0) == 16
    )


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.text(st.sampled_from(list("ab1,. 2")), max_size=12),
    st.text(st.sampled_from(list("ab1,. 2")), min_size=1, max_size=4),
)
def test_whole_finds_are_finds_whose_edges_are_not_inside_a_word_or_number(haystack, needle):
    """find_whole keeps exactly the places find_all finds whose edges no letter or digit (nor a
    digit after a separator, at a digit's edge) runs on from."""

    def runs(edge, beyond):
        return edge.isalnum() and (
            beyond[:1].isalnum()
            or (edge.isdigit() and beyond[:1] in ",." and beyond[1:2].isdigit())
        )

    expected = [
        k
        for k in text.find_all(haystack, needle)
        if not runs(needle[0], haystack[:k][::-1][:2])
        and not runs(needle[-1], haystack[k + len(needle) :][:2])
    ]
    assert text.find_whole(haystack, needle) == expected
