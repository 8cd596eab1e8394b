"""Reading numbers and passages out of source text the way a fact-checker does: white space folded,
every number found, whether written in digits or in words, a passage found only where it starts and
ends on whole words and numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

WHITESPACE = re.compile(r"\s+")
# Unicode's format characters (category Cf), which show nothing or only shape the letters around
# them: a zero-width space or joiner, a soft hyphen, the marks that set the direction of Arabic
# text, a byte order mark, a word joiner. A page copied from the web holds them inside words and
# numbers ("1\u200b069"), where a reader sees 1069. The list is Unicode 15's (a test compares it
# with this Python's unicodedata).
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "dozen": 12,
}


def _by_first_letter(words: Iterable[str]) -> str:
    """The words as one alternation grouped by first letter, behind a look-ahead for those letters:
    the same matches (each is a whole word between \\b), found in two thirds of the time."""
    by: dict[str, list[str]] = {}
    for word in words:
        by.setdefault(word[0], []).append(re.escape(word[1:]))
    return (
        f"(?=[{''.join(sorted(by))}])(?:"
        + "|".join(
            f"{c}(?:{'|'.join(rest)})" if len(rest) > 1 else c + rest[0] for c, rest in by.items()
        )
        + ")"
    )


# digits: with thousands separators (a group of three digits runs on only into a fourth digit or
# another ",digit", and then the digits are read without it), else plain or with decimals
DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?"
NUMBER = re.compile(DIGITS + r"|\b" + _by_first_letter(WORDS) + r"\b", re.IGNORECASE)


def visible(text: str) -> str:
    """text without its invisible format characters (INVISIBLE): what a reader sees. A soft hyphen
    between two numbers that read as a range (the second larger, not starting with 0) is its dash:
    a PDF's text writes the dash of "45-60" so; one inside a number ("1\u00ad069", "2\u00ad000")
    is the break a browser hides."""
    return INVISIBLE.sub("", SOFT_HYPHEN_IN_NUMBERS.sub(_soft_hyphen, text))


# a soft hyphen between two numbers, each read whole (digits with their , and . separators)
SOFT_HYPHEN_IN_NUMBERS = re.compile(r"(?<![\d,.])(\d(?:[\d,.]*\d)?)\u00ad(\d(?:[\d,.]*\d)?)")


def _soft_hyphen(m: re.Match) -> str:
    low, high = m.group(1), m.group(2)
    digits = [re.sub(r"\D", "", side) for side in (low, high)]
    dash = not high.startswith("0") and int(digits[1]) > int(digits[0])
    return f"{low}-{high}" if dash else low + high


def fold(text: str) -> str:
    """What a reader sees of the text, its runs of white space (including no-break spaces and line
    ends) one space each: a quote copied without a page's invisible characters is found in it."""
    return WHITESPACE.sub(" ", visible(text)).strip()


def number_tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every number in the text, in order."""
    return [(m.group(), m.start(), m.end()) for m in NUMBER.finditer(text)]


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start position of needle in haystack (overlaps allowed)."""
    out, start = [], haystack.find(needle)
    while start != -1 and needle:
        out.append(start)
        start = haystack.find(needle, start + 1)
    return out


# between two digits these join them into one number: 1,114 and 3.5 (and the Arabic separators ٬
# and ٫)
NUMBER_JOINERS = ",.'\u2019\u066b\u066c"


def _runs_on(edge: str, beyond: str) -> bool:
    """Does a word or number whose last character (towards `beyond`) is edge run on into beyond, the
    next two characters that way (nearest first)? A letter or digit does; so do a separator and a
    digit after a digit ("1,|114")."""
    return edge.isalnum() and (
        beyond[:1].isalnum()
        or (
            len(beyond) == 2
            and edge.isdigit()
            and beyond[0] in NUMBER_JOINERS
            and beyond[1].isdigit()
        )
    )


def runs_into(haystack: str, needle: str, start: int) -> int | None:
    """Where the passage needle, found at start, begins or ends inside a longer word or number (that
    offset in haystack), or None where it stands on its own: "4 civilians" inside "1,114
    civilians"."""
    end = start + len(needle)
    if needle and _runs_on(needle[0], haystack[max(0, start - 2) : start][::-1]):
        return start
    if needle and _runs_on(needle[-1], haystack[end : end + 2]):
        return end
    return None


def find_whole(haystack: str, needle: str) -> list[int]:
    """Every start of needle in haystack where it neither starts nor ends inside a word or
    number."""
    return [s for s in find_all(haystack, needle) if runs_into(haystack, needle, s) is None]


# ---- the words of an HTML page ------------------------------------------------------------------

BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    ]
)
HIDDEN = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "object"])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":  # a line break within the paragraph; two of them end it
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(re.sub(r"[ \t\r\n\f\v]+", " ", data))


def html_text(markup: str) -> str:
    """The words of an HTML page: tags, scripts and styles gone, entities decoded, one paragraph per
    block element (paragraphs separated by a blank line); a line break (<br>) is a space within its
    paragraph ("about<br>300 civilians" is "about 300 civilians"), two of them end it."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    blocks = "".join(parser.parts).split("\n\n")
    return "\n\n".join(p for block in blocks if (p := block.strip().replace("\n", " ")))


# what opens an HTML page, whatever its file is called
HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def is_html(text: str, media_type: str | None = None, path: str = "") -> bool:
    """Whether a document is an HTML page: its media type (text/html), its file name (.html,
    .htm) or its first tag says so. The draft and the quote check ask the same, so a page that
    one reads without its markup the other does too."""
    kind = (media_type or "").split(";")[0].strip().lower()
    named = path.lower().endswith((".html", ".htm"))
    return kind == "text/html" or named or bool(HTML_START.match(text[:4096]))
