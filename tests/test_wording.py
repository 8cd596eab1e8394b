"""The findings read as plain English: no statement, expectation, observation or evidence names a
report, figure, series, document or place by its internal id, or holds a snake_case token, except
inside a passage quoted from a source (the source's own words may hold anything) or a source's web
address. Checked on the real data and on a copy with contradictions planted in it."""

from __future__ import annotations

import random
import re

import polars as pl
import pytest

from helpers.checks import crosscheck, effective, sources
from helpers.checks.findings import (
    FIGURE_PREFIX,
    any_of,
    id_words,
    ids_in_words,
    other_keys,
    whole_words,
    worded,
)
from helpers.data import load

WORDED = ["statement", "expected", "observed", "evidence"]
SNAKE_CASE = re.compile(r"(?<![\w-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w-])")
WEB_ADDRESS = re.compile(r"https?://[^\s;)]+")


def internal_ids(pkg) -> set[str]:
    """Every id the data gives a report, document, figure, series, comparison or governorate."""
    frames = pkg.frames
    columns = [
        frames["reports"]["report_id"],
        frames["reports"]["document_id"],
        frames["figures"]["figure_id"],
        frames["figures"]["series"],
        frames["comparisons"]["comparison_id"],
        frames["governorates"]["pcode"],
    ]
    return {str(i) for column in columns for i in column.drop_nulls().to_list()}


def outside_quotes(text: str) -> str:
    """The text without the passages quoted from sources (“…”, nested quotes within them too) and
    without web addresses: what our own words say."""
    kept, depth = [], 0
    for ch in WEB_ADDRESS.sub(" ", text):
        if ch == "“":
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        elif not depth:
            kept.append(ch)
    return "".join(kept)


def leaks(pkg, results: pl.DataFrame) -> list[str]:
    """Every id or snake_case token in our own words of the findings, as "result id, column:
    token" lines."""
    an_id = whole_words(internal_ids(pkg))
    found = []
    for row in results.iter_rows(named=True):
        for column in WORDED:
            ours = outside_quotes(row[column] or "")
            tokens = an_id.findall(ours) + SNAKE_CASE.findall(ours)
            found += [f"{row['result_id']}, {column}: {token}" for token in tokens]
    return found


def test_outside_quotes_keeps_only_our_words():
    text = "VOP, paragraph 3: ““The strikes,” reads the statement.” (https://x.org/a_b; seen)"
    assert outside_quotes(text) == "VOP, paragraph 3:  ( ; seen)"


def test_the_real_findings_name_no_internal_id(pkg):
    results = crosscheck.cross_check(pkg)
    assert internal_ids(pkg) and results.height
    assert leaks(pkg, results) == []


def plant_contradictions(data_copy) -> None:
    """Break the copy so that most rules fail: a governorate's count, a subgroup above its whole,
    a reading withdrawn, a running total that falls, a stated rise that is off, a quote that is
    not in its document (and a number no longer accounted for), a report whose period is not
    stated."""
    figures = {row["figure_id"]: row for row in data_copy.rows("figures")}
    data_copy.edit("figures", "figure_id", "vop-p10-sy02", value="728", value_as_written="728")
    for children in ("horrya-snhr-children", "vop-p9-861"):
        data_copy.edit("figures", "figure_id", children, value="3000", value_as_written="3000")
    data_copy.edit("figures", "figure_id", "vop-p10-sy12", interpretation="")
    data_copy.edit(
        "figures", "figure_id", "reliefweb-20181230-civ", value="1100", value_as_written="1100"
    )
    data_copy.edit("figures", "figure_id", "dj533165-increment", value="35")
    quote = figures["vop-p2-1114"]["quote"]
    data_copy.edit("figures", "figure_id", "vop-p2-1114", quote=quote.replace("raids", "strikes"))
    data_copy.edit("reports", "report_id", "snhr-2018-09", period_start="", period_end="")


@pytest.fixture
def contradicted(data_copy):
    plant_contradictions(data_copy)
    pkg = load.load_package(data_copy.root, trace_quotes=False)
    return pkg, crosscheck.cross_check(pkg)


def test_findings_of_a_contradicted_copy_name_no_internal_id(pkg, contradicted):
    broken_pkg, results = contradicted
    failed = set(results.filter(pl.col("status") != "pass")["rule"])
    real = set(crosscheck.cross_check(pkg).filter(pl.col("status") != "pass")["rule"])
    planted = {
        "parts_sum_to_total",
        "subset_within_total",
        "cumulative_never_falls",
        "increment_matches_difference",
        "quote_in_source",
    }
    assert planted <= failed and planted - real
    assert leaks(broken_pkg, results) == []


def test_an_untraced_quote_is_told_by_where_it_is_printed(contradicted):
    pkg, results = contradicted
    quote = results.filter(pl.col("rule") == "quote_in_source").row(0, named=True)
    figure = effective.frame(pkg).filter(pl.col("figure_id") == "vop-p2-1114").row(0, named=True)
    named = sources.document_names(pkg)[figure["carrier_document"]]
    assert quote["status"] == "fail"
    assert quote["statement"] == f"Every quote from {named} is found word for word in it"
    assert (
        f"{figure['carrier_name']}, {figure['locator']}: its quote is not found"
        in (quote["evidence"])
    )


def test_worded_names_every_id_of_curated_text(pkg):
    figures = pkg.frames["figures"]
    interpretations = figures["interpretation"].drop_nulls().to_list()
    labels = pkg.frames["comparisons"]["label"].to_list()
    results = pl.DataFrame(
        {
            "result_id": [f"zz-fixture-{k}" for k in range(len(interpretations + labels))],
            **{
                column: [worded(pkg, text) for text in interpretations + labels]
                for column in WORDED
            },
        }
    )
    assert leaks(pkg, results) == []
    assert not any(re.search(r"\b[0-9]{4}-[0-9]{2}\b", text) for text in results["statement"])


def test_any_of_matches_what_the_keys_longest_first_match():
    """worded finds ids through any_of, a trie of them: it must match what the plain alternation
    of the ids, longest first, matches, between the same word boundaries. Keys drawn from a few
    characters are prefixes of one another, run together and end in a word or not."""
    draw = random.Random(17)
    pieces = ["a", "b", "ab", " ", "-", "(", ")", "'", "é"]
    for _ in range(300):
        keys = sorted({"".join(draw.choices(pieces, k=draw.randint(1, 5))) for _ in range(12)})
        draw.shuffle(keys)
        longest_first = sorted(keys, key=len, reverse=True)
        plain, trie = (
            re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")
            for alternatives in ("|".join(map(re.escape, longest_first)), any_of(keys))
        )
        for _ in range(20):
            text = "".join(draw.choices(pieces + keys, k=draw.randint(0, 8)))
            assert trie.findall(text) == plain.findall(text), (keys, text)


def test_ids_in_words_replaces_what_a_pattern_of_every_key_finds():
    """ids_in_words builds its pattern from the keys a text holds: it must replace what the
    pattern of every key (any_of, the longest first, between the same word boundaries) replaces.
    Keys: runs of word characters and hyphens (ids), "figure " and a run, and keys of any other
    shape ("Zz'a (ZZ01)"), drawn from pieces that make them prefixes of one another."""
    assert whole_words([]).search("zz-q figure zz") is None  # no keys: nothing found
    draw = random.Random(29)
    pieces = ["zz", "q", "zz-q", "1", " ", "-", "(", ")", "'", "é", FIGURE_PREFIX]
    for _ in range(300):
        keys = {"".join(draw.choices(pieces, k=draw.randint(1, 4))) for _ in range(14)}
        keys |= {FIGURE_PREFIX + key for key in draw.sample(sorted(keys), 3)}
        words = {key: f"<{n}>" for n, key in enumerate(sorted(keys))}
        every = whole_words(words)
        for _ in range(20):
            text = "".join(draw.choices(pieces + sorted(keys), k=draw.randint(0, 8)))
            expected = every.sub(lambda found, words=words: words[found.group(1)], text)
            assert ids_in_words(words, other_keys(words), text) == expected, (sorted(keys), text)


def test_a_web_address_in_curated_text_keeps_the_ids_and_dates_in_its_path(pkg):
    """A curator may name a report after its page's address: the address stays as written (it must
    still lead to the page), while the same id and date in the running text are put in words."""
    report_id = pkg.frames["reports"]["report_id"][0]
    name = id_words(pkg)[report_id]
    address = f"https://zz-fixture.example/{report_id}/2018-09-27/{report_id}.html"
    text = f"Read at {address} (see {report_id}, 2018-09-27)."
    assert worded(pkg, text) == f"Read at {address} (see {name}, 27 September 2018)."
