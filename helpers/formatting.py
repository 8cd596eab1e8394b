"""Numbers, dates and names as readers see them, for every stage: the findings' evidence needs them
as much as the tables and charts do, so no stage imports a later one to format a number."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import polars as pl

RANGE_DASH = "–"
# a qualifier as text writes it before its number ("more than 30,000"); exact and between: nothing
QUALIFIER_WORDS = {
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
    "about": "about ",
}
# a one-word bracket after an issuer's name: "(CJTF-OIR)", "(SNHR)", "(Lebanon)"; not a web address.
# It stands for the issuer only when it is an acronym of the name before it (_abbreviates).
BRACKETED = re.compile(r"^(?P<name>[^(]*?)\s*\((?P<short>[^\s().]+)\)")
NAME_WORD = re.compile(r"[^\W_]+")


def per_value(column: pl.Series, fn: Callable[[Any], str | None], nulls: bool = True) -> pl.Series:
    """fn of each distinct value of a column, worked out once and spread back over the rows, as a
    text column (a long column has few distinct values). nulls: fn is given None for a missing value
    too; otherwise a missing value stays missing. (Spread in Python: a column's values are few,
    and a polars query costs more than a thousand look-ups.)"""
    answers: dict[Any, str | None] = {}

    def answer(value: Any) -> str | None:
        if value is None and not nulls:
            return None
        if value not in answers:
            answers[value] = fn(value)
        return answers[value]

    return pl.Series(
        column.name, [answer(v) for v in column.to_list()], dtype=pl.String, strict=False
    )


# OWASP, "CSV Injection": a spreadsheet reads a cell that starts with one of these as a formula (a
# tab or a carriage return can hide what follows it in a cell and are treated alike)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def opens_formula(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula: it starts with one of
    FORMULA_START, also after white space (" =1+1", "\n@SUM(A1)": some spreadsheets drop it on
    import)."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


# letters that draw nothing though they are not marked as spaces or controls: the combining
# grapheme joiner, Hangul fillers, the Khmer inherent vowels, the Braille blank, variation selectors
INVISIBLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0}
    | set(range(0x180B, 0x1810))
    | set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
)


def unseen(letter: str) -> bool:
    """Whether a reader cannot see this letter: a space, a control or format mark (a direction
    override), or one of INVISIBLE."""
    return unicodedata.category(letter)[0] in "CZ" or ord(letter) in INVISIBLE


# percent-escapes of bytes 0x80 and above: the UTF-8 of a web address's letters outside ASCII
_ESCAPED_LETTERS = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def readable_url(url: str | None) -> str | None:
    """A web address as a reader can read it: letters outside ASCII that it escapes (an Arabic
    path's %d8%a7%d9%84…) shown as themselves, as a browser's address bar shows them. Escapes of
    ASCII (a space, a slash, a question mark within a path) stay, so the address is still one
    word that a browser opens to the same page; so do spaces, line breaks and invisible marks
    outside ASCII (a no-break space, a direction override that would show the address reversed),
    and a byte that is not UTF-8 (an address cut inside a letter)."""
    if not url or "%" not in url:
        return url

    def letters(run: re.Match) -> str:
        escapes = run.group(0)
        raw, shown, at = bytes.fromhex(escapes.replace("%", "")), [], 0
        while at < len(raw):
            try:
                text, good_end = raw[at:].decode("utf-8"), len(raw)
            except UnicodeDecodeError as bad:
                good_end = at + bad.start
                text = raw[at:good_end].decode("utf-8")
            for letter in text:
                size = len(letter.encode("utf-8"))
                # a space, line break or invisible mark (a direction override, a filler that
                # looks like a space) stays escaped
                shown.append(escapes[3 * at : 3 * (at + size)] if unseen(letter) else letter)
                at += size
            if at < len(raw):  # the bad byte's escape as written, then the rest
                shown.append(escapes[3 * at : 3 * at + 3])
                at += 1
        return "".join(shown)

    return _ESCAPED_LETTERS.sub(letters, url)


def num(value: Any) -> str:
    """A number as text shows it: "1,114"; "n/a" when unknown; up to two decimals when not whole,
    never a trailing zero a source did not print ("72.5", "7.25", "1,234.57")."""
    if type(value) is int:  # the common case, first
        return f"{value:,}"
    if value is None or pd.isna(value):
        return "n/a"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):  # not zero, but two decimals round it away: its own digits
        text = f"{value:.12f}".rstrip("0")
    return text


def nums(column: pl.Series) -> pl.Series:
    """num() of every value of a column, as a text column ("n/a" where a value is missing)."""
    return per_value(column, num)


def _known(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def amount(low: Any, high: Any) -> str:
    """A count stated between two ends as a reader reads it: "1,114" (one number), "1,150–1,200" (a
    range), "n/a" (an end unknown)."""
    if not (_known(low) and _known(high)):
        return "n/a"
    return num(low) if low == high else f"{num(low)}{RANGE_DASH}{num(high)}"


# units that are no count, and the sign a figure of them is written with ("0.94%", "31 times")
SHARES = {"percent": "%", "ratio": " times"}


def value_words(
    value: object, qualifier: object, low: object, high: object, unit: object = None
) -> str:
    """A figure's value as stated: "1,114", "at least 976", "1,150–1,200 (a range)" (written as
    the charts and the findings write it, so that a reader finds the same text in each); a share
    or a ratio (unit, SHARES) with its sign: "0.27%", never a bare 0.27 read as 27 per cent."""
    sign = SHARES.get(unit, "") if isinstance(unit, str) else ""
    if pd.isna(value):
        return f"{amount(low, high)}{sign} (a range)"
    prefix = "" if pd.isna(qualifier) else QUALIFIER_WORDS.get(str(qualifier), "")
    return f"{prefix}{num(value)}{sign}"


def amounts(low: pl.Series, high: pl.Series) -> pl.Series:
    """amount() of every row, as a text column named "amount" (a long column has few ranges: their
    highs are written out alone)."""
    known = low.is_not_null() & high.is_not_null()
    single = nums(low)
    ranged = pl.select(pl.when(low != high).then(high)).to_series()
    spans = pl.concat_str([single, pl.lit(RANGE_DASH), nums(ranged)])
    return pl.select(
        pl.when(~known)
        .then(pl.lit("n/a"))
        .when(low == high)
        .then(single)
        .otherwise(spans)
        .alias("amount")
    ).to_series()


def day(timestamp: Any) -> str:
    """A day as the evidence writes it: "27 September 2018"; "date not stated" when it is not
    known."""
    if timestamp is not None and pd.notna(timestamp):
        return f"{timestamp.day} {timestamp.strftime('%B %Y')}"
    return "date not stated"


def geography_label(code: str | None, names: Mapping[str, str]) -> str:
    """A geography code as readers name it, by names (ISO alpha-3 code -> name: countries.csv, as
    geography.country_names reads it): "IRQ" -> "Iraq", "IRQ+SYR" -> "Iraq and Syria", "IRQ+SYR+JOR"
    -> "Iraq, Syria and Jordan"; "place not stated" when there is none. A code names lacks (which
    validation refuses) stays as it is."""
    if code is None or pd.isna(code):
        return "place not stated"
    return and_list(names.get(c, c) for c in str(code).split("+"))


def _abbreviates(short: str, name: str) -> bool:
    """True when short is an acronym or short form of name: its letters, in order, are the
    beginnings of the name's words, each word giving its first letters or none, the first letter
    that of the name's first word ("SNHR" of "Syrian Network for Human Rights", "CIVIC" of "Center
    for Civilians in Conflict", "KUNA" of "Kuwait News Agency"); never a country, language or
    common noun after a name ("Lebanon" of "The Daily Star", "blog" of "Global Faultlines")."""
    letters = "".join(NAME_WORD.findall(short)).casefold()
    words = [w.casefold() for w in NAME_WORD.findall(name)]
    if words and words[0] == "the" and len(words) > 1 and not letters.startswith("t"):
        words = words[1:]
    if not letters or not words or letters[0] != words[0][0]:
        return False

    def match(rest: str, at: int) -> bool:
        if not rest:
            return True
        for i in range(at, len(words)):
            word = words[i]
            taken = 0
            while taken < min(len(word), len(rest)) and word[taken] == rest[taken]:
                taken += 1
                if match(rest[taken:], i + 1):
                    return True
        return False

    return match(letters, 0)


def issuer_name(issuer: str | None) -> str:
    """An issuer as running text names it, from reports.csv's issuer column: the acronym it gives
    in brackets ("Combined Joint Task Force – Operation Inherent Resolve (CJTF-OIR), the US-led
    coalition" -> "CJTF-OIR"), else the name before any bracket or comma ("VOP Today News
    (voiceofpeopletoday.com)" -> "VOP Today News", "The Daily Star (Lebanon)" -> "The Daily Star",
    "Global Faultlines (blog)" -> "Global Faultlines", "AFP, carried by the Daily Mail" -> "AFP");
    "an unnamed issuer" when there is none."""
    if issuer is None or pd.isna(issuer) or not str(issuer).strip():
        return "an unnamed issuer"
    text = str(issuer).strip()
    bracketed = BRACKETED.match(text)
    if bracketed and _abbreviates(bracketed["short"], bracketed["name"]):
        return bracketed["short"]
    return re.split(r" \(|, ", text, maxsplit=1)[0].strip() or text


# plural nouns whose singular is not the word less its "s"
IRREGULAR_SINGULAR = {"children": "child", "women": "woman", "men": "man", "people": "person"}
# words that end in "s" and are the same for one ("series"), or are no plural nouns
SAME_FOR_ONE = frozenset({"series", "species", "news", "means", "times", "as", "this", "its"})


def singular(label: str) -> str:
    """A count's label (plural) as a count of one says it: its first plural word made singular
    ("reports found credible in the month" -> "report found credible in the month", "children
    killed" -> "child killed", "possible civilian victims" -> "possible civilian victim"); a label
    with no plural word stays as it is."""
    words = label.split(" ")
    for number, word in enumerate(words):
        bare = word.lower()
        if bare in IRREGULAR_SINGULAR:
            one = IRREGULAR_SINGULAR[bare]
            words[number] = one.capitalize() if word[:1].isupper() else one
        elif not bare.isalpha():  # "civilians'": a possessive, whose noun comes after it
            return label
        elif bare in SAME_FOR_ONE:
            continue
        elif len(bare) > 4 and bare.endswith("ies"):  # casualties -> casualty
            words[number] = word[:-3] + "y"
        elif len(word) > 3 and bare.endswith("s") and not bare.endswith(("ss", "us", "is")):
            words[number] = word[:-1]
        else:
            continue
        return " ".join(words)
    return label


def labelled_amount(amount_text: pl.Expr, label: pl.Expr, singular_label: pl.Expr) -> pl.Expr:
    """ "<amount> <label>", the label singular (singular_label) where the amount is "1"."""
    return pl.concat_str(
        [
            amount_text,
            pl.lit(" "),
            pl.when(amount_text == "1").then(singular_label).otherwise(label),
        ]
    )


def and_list(items: Iterable[str]) -> str:
    """Items in a sentence, each once, in order: "a", "a and b", "a, b and c"."""
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def possessive(name: str) -> str:
    """A name with its possessive, for every stage: "SNHR's", "Airwars'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun agreeing, for every stage: "1 check", "2 checks", "1,114 figures";
    plural when the noun does not simply take an "s" ("1 finding needs", "1 release")."""
    return f"{num(count)} {noun if count == 1 else plural or noun + 's'}"
