"""Drafting rows for figures.csv from a new document: every number in it (digits in any of the three
scripts, with their thousands and decimal separators, ranges, number words, ratios such as "ten
times" and odds such as "1 in 157"), with its sentence, a guess at its metric, qualifier and period,
and the reasons for each guess in `notes`. Each paragraph is read in its own language (a French
quote in an English article has French separators), the document's where it says too little.

The curator decides: a year or a day of the month is listed too, flagged "probably a date" (it goes
to not_figures.csv); a metric is left blank where no word points to one. Positions are counted as a
reader counts them: paragraph N (blocks between blank lines; HTML block elements), sentence M."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from helpers import paths
from helpers.data import schema
from helpers.data.text import WORDS, html_text, is_html, visible
from helpers.formatting import opens_formula

MAX_BYTES = 5 * 2**20
SUFFIXES = (".txt", ".html", ".htm")
# Arabic-Indic and Extended Arabic-Indic digits, one character for one: offsets are unchanged
ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
AR_THOUSANDS, AR_DECIMAL = "\u066c", "\u066b"
# how far before and after a number its words are looked for (a qualifier, a verb, a noun): a
# number's reading never depends on what is further away, so that a long run of numbers (a table
# pasted as one sentence) is read in time proportional to its length
WINDOW = 200
# how far before a number the words that qualify it are looked for ("at least", "rose by"): the
# longest such phrase, with the words it may skip, is well within it
BEFORE_WINDOW = 100
# a sentence longer than this is read, and quoted, in parts of at most this many characters
MAX_QUOTE = 1000
# the most runs of digits a document to draft may hold (a number such as 1,114 is two): about
# twenty thousand numbers, far more than any article or report; a table belongs in a CSV
MAX_DIGIT_RUNS = 40_000
DIGIT_RUN = re.compile(r"[0-9٠-٩۰-۹]+")
# the most digits one run may have: more is no number of a report (a checksum, a table run together)
MAX_DIGITS = 30
# what validate refuses in a cell (validate.CONTROL) and a draft's quote would carry: never in
# text typed by hand; tab, line ends, and the form feed and vertical tab that text exports put
# between pages and lines (paragraphs() folds them) are fine
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# no-break, thin, narrow no-break and figure spaces group thousands anywhere
SPACES = "\u00a0\u2009\u202f\u2007"


class DraftError(ValueError):
    """A document (or an --out path) that cannot be drafted; the message is one line naming it."""


# ---- reading -------------------------------------------------------------------------------------


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_document(path: Path | str, root: Path | str | None = None) -> str:
    """The text of a .txt, .html or .htm document in UTF-8, at most MAX_BYTES. A symbolic link is
    followed only to a file inside the repository (root, by default the data root). Raises
    DraftError, one line naming the file, for anything else: missing, a folder, too big, not
    UTF-8, another kind of file."""
    name = str(path)
    path, root = Path(path), paths.data_root(root)
    try:
        if path.is_symlink():
            target = path.resolve()
            if not _inside(target, root):
                raise DraftError(
                    f"{name} is a symbolic link to {target}, outside the repository; copy the "
                    "document in, or name it directly"
                )
            path = target
        kind = paths.file_kind(path)
        if kind:
            raise DraftError(f"{name} is {kind}; expected a .txt, .html or .htm file")
        if path.suffix.lower() not in SUFFIXES:
            raise DraftError(f"{name} is not a .txt, .html or .htm file; expected one of those")
        size = os.lstat(path).st_size
        if size > MAX_BYTES:
            raise DraftError(
                f"{name} is {size / 2**20:.1f} MB; a document to draft is at most "
                f"{MAX_BYTES // 2**20} MB"
            )
        data = paths.read_regular(path)
    except FileNotFoundError:
        raise DraftError(f"{name} does not exist; expected a .txt, .html or .htm file") from None
    except paths.NotAFile as exc:
        raise DraftError(f"{name} is {exc.kind}; expected a .txt, .html or .htm file") from None
    except OSError as exc:
        raise DraftError(f"{name} cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise DraftError(f"{name} is larger than {MAX_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
            "save it as UTF-8"
        ) from None
    control = CONTROL_CHARACTER.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise DraftError(
            f"{name} holds a control character (0x{ord(control.group()):02x}, line {line:,}) that "
            "no text typed by hand holds, and no row of figures.csv may: is it a binary file? "
            "Remove it, or copy the text out"
        )
    text = html_text(text) if is_html(text, None, path.name) else text
    longest = max((len(m.group()) for m in DIGIT_RUN.finditer(text)), default=0)
    if longest > MAX_DIGITS:
        raise DraftError(
            f"{name} holds a run of {longest:,} digits; a number to draft has at most "
            f"{MAX_DIGITS} (a count, a date, a phone number): this is no article or report"
        )
    runs = sum(1 for _ in DIGIT_RUN.finditer(text))
    if runs > MAX_DIGIT_RUNS:
        raise DraftError(
            f"{name} holds {runs:,} runs of digits; a document to draft holds at most "
            f"{MAX_DIGIT_RUNS:,} (about {MAX_DIGIT_RUNS // 2:,} numbers): a table belongs in a CSV "
            "file, an article or report can be drafted in parts"
        )
    return text


# ---- paragraphs and sentences --------------------------------------------------------------------


# the line break before a bulleted item: a bullet ("• ", "▪ ", "* "), or a dash after a line
# that ends as a sentence or an introduction does ("…as follows:\n- 1,437 civilians")
BULLET = re.compile(r"[ \t]*[•▪◦‣][ \t]")
DASH_ITEM = re.compile(r"[ \t]*[-–—*·][ \t]")


def _bulleted(block: str) -> list[str]:
    """A block's lines, a bulleted item's line starting a part of its own: a bullet ("• ", "▪ ")
    after a line that ends as a sentence or an introduction does, or after another item; a dash,
    an asterisk or a middle dot ("- ", "* ") only after a line that ends so ("…as follows:\n-
    1,437 civilians"): a text wrapped by hand breaks anywhere."""
    parts: list[list[str]] = [[]]
    previous, in_list = "", False
    for line in block.split("\n"):
        ends = previous.rstrip()[-1:] in (".", "!", ":", ";", "?")
        bullet = bool(BULLET.match(line))
        item = (bullet and (ends or in_list)) or (bool(DASH_ITEM.match(line)) and ends)
        if item and parts[-1]:
            parts.append([])
        parts[-1].append(line)
        in_list = in_list or item
        previous = line
    return ["\n".join(lines) for lines in parts]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: blocks between blank lines, each folded onto one line (a text
    with no blank line at all has one paragraph per line). No-break spaces are kept: they may group
    a number's thousands."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blank = re.compile(r"\n[ \t\u00a0]*\n")
    blocks = blank.split(text) if blank.search(text) else text.split("\n")
    # a line that starts a numbered list's item ("2) …") or a bulleted one ("• …") is a
    # paragraph of its own, as it shows
    items = [
        item for b in blocks for numbered in LIST_ITEM_LINE.split(b) for item in _bulleted(numbered)
    ]
    return [p for b in items if (p := re.sub(r"[ \t\n\f\v]+", " ", b).strip())]


# the line break before a numbered list's item ("1. ", "2) ", "(3) ", "• 4. "; "١- " never: a dash
# after a number may be a range's), after a line that ends as a sentence or an introduction does (a
# text wrapped by hand breaks lines anywhere: "killed a total of\n352. Airwars says")
LIST_ITEM_LINE = re.compile(
    r"(?<=[.!:;)»\"”])[ \t]*\n(?=[ \t]*(?:[•*·–—-][ \t]*)?\(?[0-9٠-٩]{1,2}[.)][ \t])"
)


ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "vs",
        "gen",
        "col",
        "lt",
        "sgt",
        "maj",
        "capt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mme",
        "mm",
        "art",
        "p",
        "pp",
        "fig",
        "approx",
        "est",
    ]
)
SENTENCE_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(\s+)(?=\S)")


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph: split after . ! ? ؟ … (and any closing quote) before a space,
    except after an abbreviation or an initial ("U.S.", "Sept.") or before a lower-case letter."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(paragraph):
        nxt = paragraph[m.end()]
        if nxt.islower() and nxt.isascii():
            continue
        # the word before the stop (an abbreviation or initials are short: 64 characters before
        # it are enough, and a paragraph of many stops is read in time proportional to it)
        last = re.search(r"(\S*)$", paragraph[max(start, m.start() - 64) : m.start()])
        last = last.group(1).lower()
        if paragraph[m.start()] == "." and (
            last.strip("(\"'“‘") in ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", last)
        ):
            continue
        out.append(paragraph[start : m.start(1)])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


# the function words that tell French from English (a French name in an English sentence, such as
# "Médecins Sans Frontières", says nothing)
FRENCH_WORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "des",
        "du",
        "et",
        "à",
        "depuis",
        "dans",
        "une",
        "un",
        "au",
        "aux",
        "en",
        "sur",
        "pour",
        "par",
        "selon",
        "ont",
        "été",
        "sont",
        "est",
        "qui",
        "que",
        "plus",
        "fois",
        "soit",
        "cette",
        "ces",
        "avec",
        "l",
        "d",
        "qu",
    }
)
ENGLISH_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "since",
        "in",
        "an",
        "by",
        "with",
        "was",
        "were",
        "is",
        "are",
        "that",
        "than",
        "from",
        "for",
        "at",
        "more",
        "times",
    }
)
MIN_SIGNAL = 2  # a paragraph with fewer words of its language than this takes the document's
LANGUAGES = {"en": "English", "fr": "French", "ar": "Arabic"}


def language(text: str, fallback: str | None = None) -> str:
    """The language of a text, "ar", "fr" or "en": Arabic where Arabic letters are a fifth of the
    letters, else French where French function words outnumber English ones. With a fallback (the
    document's language, for one of its paragraphs), a text that says too little to tell (no
    letter, a tie, or fewer than MIN_SIGNAL words of the language that wins) is given the
    fallback: "soit 2,5 fois plus" is French, "1,114." is whatever its document is."""
    letters = sum(ch.isalpha() for ch in text)
    if fallback is not None and not letters:
        return fallback
    if sum("\u0600" <= ch <= "\u06ff" for ch in text) / (letters or 1) > 0.2:
        return "ar"
    words = re.findall(r"[a-zà-ÿœ]+", text.lower())
    fr = sum(w in FRENCH_WORDS for w in words)
    en = sum(w in ENGLISH_WORDS for w in words)
    if fallback is not None and (fr == en or max(fr, en) < MIN_SIGNAL):
        return fallback
    return "fr" if fr > en else "en"


def document_language(text: str) -> str:
    """The language of most of a document: that of the paragraphs which say clearly what theirs
    is, weighed by their letters (an English page with one Arabic paragraph is English, though a
    fifth of its letters may be Arabic); language(text) when none does."""
    letters: dict[str, int] = {}
    for para in paragraphs(text):
        lang = language(para, fallback="")
        if lang:
            letters[lang] = letters.get(lang, 0) + sum(ch.isalpha() for ch in para)
    return max(letters, key=letters.get) if letters else language(text)


# ---- words that carry meaning --------------------------------------------------------------------

MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_EN_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MONTHS_FR = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre"
)
MONTHS_AR = (
    "كانون الثاني|كانون الأول|تشرين الأول|تشرين الثاني|يناير|فبراير|شباط|مارس|آذار|أبريل|ابريل|"
    "إبريل|نيسان|مايو|أيار|ايار|يونيو|يونيه|حزيران|يوليو|يوليه|تموز|أغسطس|اغسطس|آب|سبتمبر|أيلول|"
    "ايلول|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
)
MONTH = (
    rf"(?:\b(?:{MONTHS_EN})\b|\b(?:{MONTHS_EN_SHORT})\b\.?|\b(?i:{MONTHS_FR})\b|(?<!\w)[وبل]?(?:{MONTHS_AR})(?!\w))"
    rf"(?:\s*/\s*(?<!\w)(?:{MONTHS_AR})(?!\w))?"
)
MONTH_RE = re.compile(MONTH)
YEAR = r"(?<![\d,.])(?:199\d|20[0-3]\d)(?!\d)"
DAY = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|e)?(?!\d)"
DATE = rf"(?:(?:{DAY}\s+(?:of\s+)?)?{MONTH}(?:\s+{DAY})?(?:,?\s+(?:of\s+)?{YEAR})?|{YEAR})"
WORD_NUMBERS = "|".join(WORDS)
PREP = (
    r"(?i:since|from|as of|as at|until|till|through|between|in|during|by|before|after|"
    r"at the (?:end|beginning|start) of|(?:the )?(?:end|beginning|start|middle) of|early|late|"
    r"depuis|à partir d[eu]|entre|en|jusqu['’](?:à|au|en)|(?:à la )?fin|au début d[eu]|début|de|du)"
    r"|منذ|(?<!أكثر )(?<!اكثر )(?<!أقل )(?<!اقل )من|حتى|خلال|في|بين|بداية|نهاية|مطلع|أواخر"
    r"|أوائل|منتصف|عامي|عام|العام|سنتي|سنة"
)
NAME = r"[A-Z][\w-]*"  # a capitalised name
PERIOD = re.compile(
    rf"(?:(?<!\w)(?:{PREP})\s+(?:(?i:le|la|the)\s+)?){{0,2}}{DATE}"
    rf"(?:\s*(?:[-–—]|(?i:to|until|through|and|à|au|et|jusqu['’](?:à|au))\b|إلى|الى|حتى|و)\s*"
    rf"(?:(?i:le|la|the)\s+)?(?:(?i:(?:end|beginning|start|middle)\s+of|fin|début)\s+"
    rf"(?:(?i:de\s+|d['’]))?)?{DATE})?"
    rf"|(?i:\b(?:over|in|during|for|within) the (?:past|last|previous) )"
    rf"(?:\d+\s+|(?i:{WORD_NUMBERS})\s+)?(?i:years?|months?|weeks?|days?|decades?)\b"
    r"|(?i:\bau cours des (?:\d+ |\w+ )?derni(?:ers|ères) (?:années|ans|mois|semaines|jours))"
    r"|(?i:\bsince the (?:beginning|start) of)(?:\s+(?:the\s+)?[A-Z][\w-]*)+"
    # "since the start of the campaign", "since the beginning of its air war" (a date after it is
    # joined to it: periods)
    r"|(?i:\bsince the (?:beginning|start|launch) of (?:the|its|their) (?:[\w-]+ ){0,2}?"
    r"(?:campaign|war|operations?|intervention|offensive|strikes|bombing|battle|conflict)s?\b)"
    # part of a year or month: "in the first half of 2017", "during the first seven months of
    # 2017", "in the whole of 2016", "au premier semestre 2017"
    rf"|(?i:\b(?:in|during|over|for|throughout) the (?:(?:first|second|last|final) "
    rf"(?:half|quarter|(?:(?:\d+|{WORD_NUMBERS}) )?(?:months?|weeks?|days?))|whole) of )"
    rf"(?:(?i:the )?{DATE})"
    rf"|(?i:\b(?:au|le|du) (?:premier|second|deuxième|dernier) (?:semestre|trimestre)"
    rf"(?: d[eu']\s*)?\s*){DATE}"
    r"|(?:خلال|في) (?:النصف|الربع|الثلث) (?:الأول|الثاني|الأخير)(?: من)?(?: عام| العام| سنة)? "
    rf"{DATE}"
    r"|(?:خلال|في) (?:الأشهر|الشهور|الأسابيع|الأيام) [^\s.,،؛:]+ (?:الأولى|الأخيرة|الماضية)"
    rf"(?: من(?: عام| العام| سنة)? {DATE})?"
    # a time counted back from the page: "last week", "a year earlier", "le mois précédent",
    # "الشهر الماضي"
    r"|(?i:\b(?:last|the previous|the past|the preceding) (?:week|month|year)\b)"
    r"|(?i:\ba (?:week|month|year) (?:earlier|before)\b)"
    r"|(?i:\b(?:le|la|l['’]) ?(?:mois|semaine|année|an) (?:précédente?|dernière?|passée?)\b)"
    r"|(?:الشهر|الأسبوع|العام|السنة) (?:الماضي|الماضية|السابق|السابقة)"
    r"|(?i:\bdepuis (?:le|la) (?:début|lancement) d(?:e |u |['’]))\s*(?:l['’]|la )?[\w-]+"
    r"(?:\s+[A-Z][\w-]*)*"
    r"|منذ\s+(?:بدء|بداية|انطلاق)\s+\S+(?:\s+\S+)?"
    r"|خلال(?:\s+\S+){1,3}?\s+الماضي(?:ة|ين)?"
    # a president's time: "in the Trump era", "under the Obama administration", "under President
    # Trump", "under the Obama" (the name ends the phrase), "sous la présidence de Trump", "في عهد
    # أوباما"
    rf"|(?i:\b(?:in|during|under) the ){NAME}(?:\s+{NAME})?"
    r"\s+(?i:era|administration|presidency|years)\b"
    rf"|(?i:\bunder (?:the )?president )(?:{NAME}\s+)?{NAME}"
    rf"|(?i:\bunder the ){NAME}(?=\s*(?:[,.;)]|$))"
    rf"|(?i:\b(?:sous|pendant) (?:l['’]administration|la présidence|le mandat|l['’]ère) d[eu']\s*)"
    rf"(?:{NAME}\s+)?{NAME}"
    r"|(?:في|خلال) (?:عهد|فترة|ولاية|حكم|رئاسة)(?: الرئيس)?(?: الأمريكي| الأميركي)?"
    # a name, after a first name if one is given ("دونالد ترامب"), never the verb after it
    r" (?:(?:دونالد|باراك|جو|جورج|بيل) )?[^\s.,،؛:]+"
)
# a month named just before a day, or just after it ("May 5", "5th of May")
MONTH_BEFORE = re.compile(rf"{MONTH}\s*$")
MONTH_AFTER = re.compile(
    rf"(?:st|nd|rd|th|er|e)?(?:\s*(?:,|&|[-–]|(?i:and|et|to|au|or|ou)\b)\s*{DAY})?"
    rf"\s+(?:of\s+)?(?:{MONTH})"
)  # "6 May", and the first of "5 and 6 May", "5-6 May", "5 et 6 mai"
NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?!\d)"
)

# Arabic short vowels, tanween, shadda and sukun, written over a letter now and then ("قُتل")
ARABIC_MARKS = "[\u064b-\u065f\u0670]*"
UNMARKED = re.compile(ARABIC_MARKS)


def marks_allowed(pattern: str) -> str:
    """pattern with Arabic marks (ARABIC_MARKS) allowed after each Arabic letter outside a
    character class, after the letter's quantifier if it has one: "قتل" then matches "قُتل"."""
    out, k, in_class = [], 0, False
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            out.append(pattern[k : k + 2])
            k += 2
            continue
        out.append(ch)
        k += 1
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif not in_class and "\u0621" <= ch <= "\u064a":
            while k < len(pattern) and pattern[k] in "?*+":
                out.append(pattern[k])
                k += 1
            out.append(ARABIC_MARKS)
    return "".join(out)


# (metric family, pattern): the noun that says what is counted; Arabic stems match inside a word
NOUNS = (
    (
        "children",
        r"\b(?:child(?:ren)?|kids?|minors?|infants?|boys?|girls?|enfants?|mineurs?|garçons?|"
        r"fillettes?)\b|أطفال|طفل|قاصر",
    ),
    ("women", r"\b(?:wom[ae]n|femmes?)\b|نساء|امرأة|إمرأة|سيدة|سيدات"),
    ("injured", r"\b(?:injured|wounded|bless[ée]e?s)\b|جرحى|جريح|مصاب"),
    (
        "civilians",
        r"\b(?:civilians?|civils?|people|persons?|personnes?|individuals?|victims?|victimes|dead|"
        r"deaths?|morts?|tués|décès|fatalities|lives|tolls?|bilan)\b|مدني|شخص|أشخاص|قتيل|قتلى|ضحي|"
        r"ضحايا|وفاة|شهيد|شهداء|نسمة|حصيلة",
    ),
    ("engagements", r"\b(?:engagements?)\b|اشتباك"),
    (
        "strikes",
        r"\b(?:air ?strikes?|strikes?|raids?|sorties|bombings?|frappes?|bombardements?)\b|غار|ضرب"
        r"|قصف",
    ),
    (
        "reports",
        r"\b(?:reports?|allegations?|claims?|signalements?|allégations?|rapports?)\b|تقرير|تقارير"
        r"|بلاغ|ادعاء|مزاعم",
    ),
)
NOUN_RES = tuple((family, re.compile(marks_allowed(p), re.IGNORECASE)) for family, p in NOUNS)
REPORT_NOUN = dict(NOUN_RES)["reports"]
KILL = re.compile(
    marks_allowed(
        r"\b(?:kill(?:ed|ing|s)?|dead|deaths?|died|lives|fatalit(?:y|ies)|tu[ée]e?s?|morts?|décès|"
        r"décédée?s?|périe?s?)\b|قتل|قتيل|قتلى|مقتل|وفاة|توفي|شهيد|شهداء|استشهاد|مصرع"
    ),
    re.IGNORECASE,
)
INJURE = re.compile(
    marks_allowed(
        r"\b(?:injur(?:ed|ies|y|ing)|wound(?:ed|ing|s)?|hurt|bless[ée]e?s?|blessures?)\b|جرح|جريح|جرحى|"
        r"إصاب|اصاب|مصاب|أصيب|اصيب|جروح"
    ),
    re.IGNORECASE,
)
# words that name the official count a ratio may be set against ("31 times the coalition's figure")
OFFICIAL = re.compile(
    marks_allowed(
        r"\b(?:official(?:ly|s)?|coalition|pentagon|cjtf(?:-oir)?|admit(?:s|ted)?|acknowledged|"
        r"officiel(?:le)?s?|pentagone|reconnu(?:e?s)?|admise?s?)\b|التحالف|رسمي|البنتاغون|البنتاجون|"
        r"اعترف"
    ),
    re.IGNORECASE,
)
# a count of people that civilians are among: "4,321 people, including 1,876 civilians",
# "4 321 personnes, dont 1 876 civils", "4321 شخصا بينهم 1876 مدنيا"
ALL_PEOPLE_AFTER = re.compile(
    r"\s*(?i:people|persons|personnes|individuals)\b[^0-9]{0,40}?"
    r"(?P<among>(?i:\bincluding|\bamong them|\bof whom|\bdont|\bparmi (?:eux|lesquel(?:le)?s))"
    r"|بينهم|منهم)[^0-9]{0,20}[0-9٠-٩][0-9٠-٩,.\s]*\s*(?i:civilians?|civils?)|"
    r"\s*(?:شخص|أشخاص)\S*\s+(?P<ar>بينهم|منهم)\s+[0-9٠-٩]+\s+مدني"
)
# the first word of harm in a number's own words, within three words after it and before any
# punctuation ("three others wounded", "une femme blessée", "civilians were also wounded")
HARM_AFTER = re.compile(
    rf"\s*(?:(?!(?:and|et|or|ou|but|mais|while|tandis|و)\b)[^\s,;:.()]+\s+){{0,3}}?"
    rf"(?P<harm>{INJURE.pattern}|{KILL.pattern})",
    re.IGNORECASE,
)
# a word of killing just before the number ("killed 40", "killing at least 40")
KILLED_BEFORE = re.compile(rf"(?:{KILL.pattern})(?:\s+\S+){{0,2}}\s*$", re.IGNORECASE)
# deaths a release puts to the reports it found credible ("…credible, resulting in 45 deaths"),
# and deaths alleged (before a monitor's own assessment)
RESULTING_BEFORE = re.compile(
    r"(?i:\bresult(?:ing|ed|s)? in|\bled to|\bayant (?:entraîné|causé)|\bentraînant)"
    r"(?:\s+\S+){0,3}?\s*$|(?:أسفرت عن|أسفر عن|أدت إلى|أدى إلى)(?:\s+\S+){0,3}?\s*$"
)
ALLEGED = re.compile(r"(?i:\balleg(?:ed|edly|ations?)\b|\ballégu[ée]e?s?\b)|مزعوم|المزعوم")
TOLL = re.compile(r"(?i:tolls?|bilan)|حصيلة")
# people who fled or lost their homes: counted by some sources, but no harm a metric of ours holds
DISPLACED = re.compile(
    r"(?i:\b(?:fled|flee(?:ing)?|displaced|displacement|homeless|refugees?|evacuated|uprooted|"
    r"déplacée?s?|réfugiée?s?|(?:ont|avaient|a)\s+fui|fuyant|évacuée?s?|sans[- ]abri)\b)"
    r"|نزح|نازح|نزوح|مهجر|مهجّر|لاجئ"
)
# fighters, not civilians: no metric of ours counts them alone ("3,000 ISIS fighters remain")
COMBATANTS = re.compile(
    r"(?i:\b(?:fighters?|militants?|combatants?|soldiers?|troops|jihadists?|insurgents?|"
    r"gunmen|combattants?|jihadistes?|militaires?|soldats?)\b)|مقاتل|مسلح|جندي|جنود|عناصر|عنصر"
)
# "displaced 200,000", "نزح ٢٠٠ ألف" (not across "and": "ont fui et 40 civils ont été tués")
DISPLACED_BEFORE = re.compile(
    rf"(?:{DISPLACED.pattern})(?:\s+(?!(?i:and|et|but|mais)\b)[^\s,;]+){{0,2}}\s*$"
)
CASUALTIES = re.compile(r"\bcasualt(?:y|ies)\b|\bpertes\b|خسائر", re.IGNORECASE)
PERCENT = re.compile(
    r"\s*(?:%|٪|(?i:per ?cent|pour ?cent)\b|(?:في\s+ال|بال)م[ئا]ئ?ة)", re.IGNORECASE
)
# the Arabic "per cent" in words ("في المئة", "بالمائة"): its "مئة" is no number of its own
PERCENT_WORDS = re.compile(r"(?:في\s+ال|بال)م[ئا]ئ?ة(?!\w)")
MULTIPLIER = re.compile(
    r"\s*(?:(?i:(?P<m>millions?|milliards?|billions?|thousand|mille))\b|(?P<am>مليون|ملايين|مليار|"
    r"ألف|آلاف|الف|الاف)(?!\w))"
)
MULTIPLIERS = {
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "thousand": 1000,
    "mille": 1000,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "ألف": 1000,
    "آلاف": 1000,
    "الف": 1000,
    "الاف": 1000,
}

# (kind, phrases) written before the number; longest first within a kind does not matter: the
# longest match over all kinds wins
BEFORE = {
    "at_least": (
        "at least|no fewer than|no less than|not less than|a minimum of|au moins|"
        # "pas moins de", and with the verb's auxiliary between: "il n'y a pas eu moins de"
        "pas (?:eu |été )?moins de|pas (?:eu |été )?moins d'|"
        "au minimum|ما لا يقل عن|لا يقل عن|لا تقل عن|ما لا تقل عن|على الأقل"
    ),
    "more_than": (
        "more than|over|upwards of|in excess of|plus de|plus d'|au-delà de|au delà de|أكثر من|"
        "أزيد من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على"
    ),
    "about": (
        "nearly|almost|about|around|approximately|roughly|some|an estimated|estimated|close to|"
        "closer to|"
        "près de|environ|quelque|presque|approximativement|autour de|aux alentours de|حوالي|"
        "حوالى|نحو|قرابة|زهاء|ما يقارب|ما يقرب من|يقارب|ما يناهز|يناهز|تقريباً|تقريبا|~|≈"
    ),
    "up_to": "up to|as many as|as much as|jusqu'à|jusqu’à|jusqu'a|ما يصل إلى|ما يصل الى",
    "at_most": (
        "at most|no more than|not more than|fewer than|less than|under|moins de|moins d'|au plus|"
        "au maximum|pas (?:eu |été )?plus de|pas (?:eu |été )?plus d'|"
        "لا أكثر من|ليس أكثر من|أقل من|ما لا يزيد عن|"
        "لا يزيد عن"
    ),
}
BEFORE_RES = tuple(
    (
        kind,
        re.compile(
            # a phrase starts a word: after a letter only where Arabic joins a particle to it
            # (و, ب, ل), and after an apostrophe only where French elides a word to it ("qu'au
            # moins", "d'au moins", "l'environ" never: only qu', d', l', j' and s')
            # (or an apostrophe that opens a quotation: "told us 'at least 80 people'")
            r"(?:^|(?<=[^\w'’])|(?<=[وبل])|(?<=\bqu['’])|(?<=\b[dljs]['’])|(?<=\s['’])|(?<=\A['’]))("
            + phrases.replace("'", "['’]")  # "plus d'une", "plus d’une"
            # "about a dozen", "nearly a hundred"
            + r")(?:\s+(?i:a|an))?[\s\u00a0]*$",
            re.IGNORECASE,
        ),
    )
    for kind, phrases in BEFORE.items()
)
AFTER_RES = (
    ("at_least", re.compile(r"^(\+)")),  # "250+"
    (
        "at_least",
        re.compile(r"^\S*\s*(?:\S+\s+)?(على الأقل|(?i:or more|at least|ou plus|au moins))"),
    ),
    ("about", re.compile(r"^\S*\s*(?:\S+\s+)?(تقريبا|تقريباً|(?i:or so|environ))(?!\w)")),
)
FALLBACK = {"more_than": ("at_least",), "up_to": ("at_most",), "at_most": ("up_to",)}


# ---- numbers -------------------------------------------------------------------------------------


def _number_re(lang: str) -> re.Pattern:
    groups = {"fr": ".,' \u2019", "ar": ",", "en": ",'\u2019"}[lang] + SPACES + AR_THOUSANDS
    decimals = {"fr": ",", "ar": ".", "en": "."}[lang] + AR_DECIMAL
    g, d = re.escape(groups), re.escape(decimals)
    return re.compile(
        rf"(?<!\d)(?:(?P<g>[1-9]\d{{0,2}}(?P<sep>[{g}])\d{{3}}(?:(?P=sep)\d{{3}})*)(?!\d)"
        rf"(?:(?!(?P=sep))[{d}](?P<gf>\d+))?|(?P<p>\d+)(?:[{d}](?P<pf>\d+))?)"
    )


NUMBER_RES = {lang: _number_re(lang) for lang in ("en", "fr", "ar")}
FR_WORDS = {
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "quatre-vingt": 80,
    "quatre-vingts": 80,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
    "million": 10**6,
    "millions": 10**6,
    # only within a number ("vingt et un", "soixante et onze"); alone, "et un" is "and a"
    "et un": 1,
    "et une": 1,
    "et onze": 11,
    "et-un": 1,  # "vingt-et-un", as the 1990 spelling joins it
    "et-une": 1,
    "et-onze": 11,
    # within a number only: "quatre-vingt-un", "cent un"; alone, "un" is "a"
    "un": 1,
    "une": 1,
}
AR_WORDS = {
    # one, only within a number ("ثمانمئة وواحد وأربعين", 841); alone it is "one (of)"
    "واحد": 1,
    "واحدة": 1,
    "أحد عشر": 11,
    "إحدى عشرة": 11,
    "احدى عشرة": 11,
    "اثنتا عشرة": 12,
    "اثنتي عشرة": 12,
    # a thousand written without its hamza
    "الف": 1000,
    "الاف": 1000,
    "احد عشر": 11,
    "اثنا عشر": 12,
    "اثني عشر": 12,
    "مئتا": 200,
    "مائتا": 200,
    "مئتي": 200,
    "مائتي": 200,
    "اثنان": 2,
    "اثنين": 2,
    "ثلاث": 3,
    "أربع": 4,
    "خمس": 5,
    "ست": 6,
    "سبع": 7,
    "ثماني": 8,
    "تسع": 9,
    "عشر": 10,
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "أربعون": 40,
    "أربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
    "مئة": 100,
    "مائة": 100,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "ثلاثمئة": 300,
    "ثلاثمائة": 300,
    "أربعمئة": 400,
    "أربعمائة": 400,
    "خمسمئة": 500,
    "خمسمائة": 500,
    "ستمئة": 600,
    "ستمائة": 600,
    "سبعمئة": 700,
    "سبعمائة": 700,
    "ثمانمئة": 800,
    "ثمانمائة": 800,
    "تسعمئة": 900,
    "تسعمائة": 900,
    "ألف": 1000,
    "ألفا": 1000,
    "آلاف": 1000,
    "مليون": 10**6,
    "ملايين": 10**6,
    "ألفان": 2000,
    "ألفين": 2000,
    "ألفي": 2000,
}
# the quote check's English number words (text.WORDS); "one" is mostly not a number: it counts
# only within one ("twenty-one", "one hundred": ONLY_IN_A_NUMBER)
EN_WORDS = dict(WORDS)
# number words that multiply what comes before them ("two hundred", "trois cents", "ثلاثة آلاف"):
# a hundred times the count before it, or a thousand times all before it
HUNDREDS = {"hundred", "cent", "cents", "مئة", "مائة"}
MILLIONS = {"million", "millions", "مليون", "ملايين"}
THOUSANDS = {"thousand", "mille", "ألف", "ألفا", "آلاف", "الف", "الاف"}
# Arabic ten after a unit: the teens ("ثلاثة عشر", 13); "أحد عشر" and "اثنا عشر" are words of
# their own (AR_WORDS)
TEENS = {"عشر"}
# what joins the words of one number: a space, a hyphen, "and" (French "et" only before "un" or
# "onze", a word of its own here); Arabic joins with و, which the next word's match takes in
WORD_JOIN = re.compile(r"(?:\s*-\s*|\s+(?:(?i:and)\s+)?)")


# number words that are a number only within one ("vingt et un"; "وواحد" after hundreds)
ONLY_IN_A_NUMBER = {
    "et un",
    "et une",
    "et onze",
    "et-un",
    "et-une",
    "et-onze",
    "un",
    "une",
    "one",
    "واحد",
    "واحدة",
    # thousands and millions, plural: a number after a count ("ثلاثة آلاف", "deux millions"),
    # alone "thousands (of)", "des millions"
    "آلاف",
    "الاف",
    "millions",
    "ملايين",
}


def _compound(words: list[Number], norm: str) -> list[Number]:
    """Number words next to each other that make one number ("fifty-two", "two hundred and
    seventy-eight", "vingt et un", "quatre-vingt-dix", "اثنان وعشرون", "ثلاثة آلاف") become one,
    its value worked out as the words say; words that cannot be one number ("two three") stay
    apart."""
    out: list[Number] = []
    for n in words:
        prev = out[-1] if out else None
        key = n.parts[0][0]
        if prev is not None and WORD_JOIN.fullmatch(norm[prev.end : n.start]):
            joined = _joined(prev, n, key)
            if joined is not None:
                merged = Number(prev.start, n.end, prev.written + norm[prev.end : n.end], joined)
                merged.word, merged.notes = True, ["written in words"]
                merged.parts = (*prev.parts, (key, n.value))
                out[-1] = merged
                continue
        out.append(n)
    # a word that is a number only within one, left alone: "un" is "a", "one" of "one of them";
    # but one person is a count ("un civil a été tué", "one child", "قتل مدني واحد"), and so is
    # the low end of a range ("between one and two thousand")
    kept = []
    for k, n in enumerate(out):
        if len(n.parts) > 1 or n.parts[0][0] not in ONLY_IN_A_NUMBER:
            kept.append(n)
        elif n.parts[0][0].startswith(("et ", "et-")):
            # "… tués et une femme blessée": "et une" is "and one", the one a person
            one = _after_and(n, norm)
            if _one_person(one, norm):
                kept.append(one)
        elif _one_person(n, norm) or _range_low(n, out[k + 1 : k + 2], norm):
            kept.append(n)
    return kept


# a fraction before a lone "million" or "thousand": "half a million", "a quarter of a million",
# "un demi-million", "un quart de million", "نصف مليون", "ربع مليون"
FRACTION_BEFORE = re.compile(
    r"(?:(?i:\b(?:(?:a|one)[\s-]+)?(?P<half>half)(?:[\s-]+(?:of[\s-]+)?an?)?"
    r"|\b(?:(?:a|one)[\s-]+)?(?P<quarter>quarters?)(?:[\s-]+of)?(?:[\s-]+an?)?"
    r"|\b(?:une?\s+)?(?P<demi>demi)|\b(?:une?\s+)?(?P<quart>quart)\s+d(?:e|u|['’]un)?)"
    r"|(?P<nisf>نصف)|(?P<rub>ربع))[\s-]*$"
)
FRACTIONS = {"half": 2, "demi": 2, "nisf": 2, "quarter": 4, "quart": 4, "rub": 4}


def _fractions(words: list[Number], norm: str):
    """Each number in words with a fraction before its million or thousand read in
    (_fraction_of)."""
    for n in words:
        _fraction_of(n, norm)
        yield n


# a count and a fraction of the same million: "two and a half million", "deux et demi millions"
AND_A_FRACTION = re.compile(r"\s+(?:(?i:and|et)\s+)?")  # (a plural fraction: a space alone)


def _whole_and_fraction(words: list[Number], norm: str) -> list[Number]:
    """A count in words just before a fraction of a million or a thousand joins it: "two and a
    half million" is 2,500,000 (the two was 2, the rest 500,000), "three quarters of a million"
    750,000."""
    out: list[Number] = []
    for n in words:
        prev = out[-1] if out else None
        gap = norm[prev.end : n.start] if prev is not None else ""
        joined = prev is not None and n.fraction and not prev.fraction
        if joined and AND_A_FRACTION.fullmatch(gap):
            plural = n.parts[0][0].split()[0].endswith("s")  # "three quarters of a million"
            if plural and not gap.strip():
                value = prev.value * n.value
            elif not plural and gap.strip():  # "two and a half million"
                value = prev.value * n.value * n.fraction + n.value
            else:
                out.append(n)
                continue
            merged = Number(prev.start, n.end, norm[prev.start : n.end], value, word=True)
            merged.parts, merged.fraction = ((norm[prev.start : n.end].lower(), value),), n.fraction
            merged.notes = ["written in words", f"read as {_plain(value)}"]
            out[-1] = merged
            continue
        out.append(n)
    return out


def _fraction_of(n: Number, norm: str) -> None:
    """A lone "million" or "thousand" after a fraction ("half a million") becomes that fraction of
    it, its start moved to take the fraction in; any other number is left as it is."""
    if len(n.parts) != 1 or n.parts[0][0] not in MILLIONS | THOUSANDS:
        return
    m = _before(FRACTION_BEFORE, norm, n.start)
    if m is None:
        return
    part = next(name for name, text in m.groupdict().items() if text)
    n.value = n.value / FRACTIONS[part]
    n.fraction = FRACTIONS[part]
    n.start = m.start()
    n.parts = ((m.group().strip().lower(), n.value),)
    n.notes.append(f"read as 1/{FRACTIONS[part]} of {_plain(n.value * FRACTIONS[part])}")


def _after_and(n: Number, norm: str) -> Number:
    """The "un"/"une" of a lone "et un"/"et une" (its "et" is "and"), as a number of its own."""
    word = n.parts[0][0][3:]
    start = n.end - len(word)
    one = Number(start, n.end, norm[start : n.end], n.value, word=True)
    one.parts, one.notes = ((word, n.value),), list(n.notes)
    return one


def _range_low(n: Number, following: list[Number], norm: str) -> bool:
    """Whether a lone "one" (un, une, واحد) is the low end of a range of words: after "between"
    or "from", and joined to the next number as a range ("between one and two thousand")."""
    return bool(
        following
        and _before(RANGE_OPEN, norm, n.start)
        and RANGE_JOIN.fullmatch(norm[n.end : following[0].start])
        and following[0].value > n.value
    )


# a person after "one", "un", "une" ("one civilian", "une femme"), or before "واحد" ("مدني واحد")
ONE_BEFORE_PERSON = re.compile(
    r"\s+(?i:civilians?|civils?|child|enfants?|wom[ae]n|femmes?|person|personne|victims?|victime)\b"
)
PERSON_BEFORE_ONE = re.compile(r"(?:مدني|طفل|امرأة|شخص|قتيل|ضحية)\S{0,2}\s+$")


def _one_person(n: Number, norm: str) -> bool:
    """Whether a lone "one" (un, une, واحد) counts one person: next to a word for one."""
    key = n.parts[0][0]
    if key in ("one", "un", "une"):
        return bool(ONE_BEFORE_PERSON.match(norm, n.end))
    if key in ("واحد", "واحدة"):
        return bool(PERSON_BEFORE_ONE.search(norm, max(0, n.start - 12), n.start))
    return False


def _joined(prev: Number, n: Number, key: str) -> Decimal | None:
    """The value of prev's words followed by n's, or None where they are not one number."""
    value, last = prev.value, prev.parts[-1][1]
    if key in THOUSANDS:
        # the count under a thousand before it, after any millions: "two million three hundred
        # thousand" is 2,300,000
        below = value % 1000
        above = value - below
        return above + below * 1000 if below and above % 10**6 == 0 else None
    if key == "dozen" and value == last and value < 10:  # "two dozen": 24
        return value * 12
    if key in MILLIONS:  # "two million", "deux millions", "ثلاثة ملايين"
        return value * 10**6 if value < 1000 else None
    if key in HUNDREDS:
        # "three hundred", and after thousands "two thousand three hundred": the units word
        # before it is multiplied, never the thousands
        thousands, units = divmod(value, 1000)
        if units == 0 and thousands and last == 1000 and n.parts[0][1] == 100:
            return value + 100  # "trois mille cent": a hundred after the thousands, 3,100
        if 0 < units < 10 and last < 10:
            return thousands * 1000 + units * 100
        if key == "hundred" and not thousands and 10 < units < 100 and units % 10:
            return units * 100  # "thirteen hundred", "twenty-five hundred": 1,300 and 2,500
        return None
    if key in TEENS and 3 <= last < 10 and value % 1000 == last and not n.written.startswith("و"):
        return value + 10  # Arabic "ثلاثة عشر", three (and) ten: 13
    step = n.value
    if key.startswith(("et ", "et-")):  # "vingt et un" … "soixante et un", "soixante et onze"
        return value + step if last in (20, 30, 40, 50, 60) and (step == 1 or last == 60) else None
    # tens then units ("fifty-two", "soixante-douze"), units then tens in Arabic ("اثنان
    # وعشرون"), anything under a hundred after hundreds or thousands
    if last % 100 == 0 and step < last:
        return value + step
    if last % 10 == 0 and last < 100 and step < 10 + (10 if last in (60, 80) else 0):
        return value + step
    # units then tens in Arabic, after hundreds or thousands too ("ثمانمئة وواحد وأربعين", 841)
    if last < 10 and value % 100 == last and step % 10 == 0 and 20 <= step < 100:
        return value + step if n.written[0] == "و" else None
    return None


def _words_re(lang: str) -> re.Pattern:
    if lang == "ar":
        # short vowels allowed after each letter ("ثمانِمئةٍ وواحدٍ"), left out when looked up
        longest_first = sorted(AR_WORDS, key=len, reverse=True)
        return re.compile(
            marks_allowed(rf"(?<!\w)(?:و|ال|وال)?(?P<w>{'|'.join(longest_first)})(?:ة|اً|ً)?")
            + r"(?!\w)"
        )
    words = FR_WORDS if lang == "fr" else EN_WORDS
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(rf"\b(?P<w>{'|'.join(longest_first)})\b", re.IGNORECASE)


WORD_RES = {lang: _words_re(lang) for lang in ("en", "fr", "ar")}
# French nouns of a round figure, after "un"/"une": "une vingtaine de morts" is about 20, "un
# millier" about 1,000 (a plural, "des centaines", names no number)
FR_APPROXIMATE = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
# the words between a range's two round figures: "une dizaine et une vingtaine", "à une centaine"
ROUND_RANGE = re.compile(r"\s+(?:et|à|ou)\s+une?\s", re.IGNORECASE)
FR_APPROXIMATE_RE = re.compile(rf"(?<!\w)(?i:une?)\s+(?P<w>(?i:{'|'.join(FR_APPROXIMATE)}))(?!\w)")
# words that are a multiple in themselves: "twice", "ضعف" (double), "ضعفي"/"ضعفين" (twice)
RATIO_WORDS = {"en": {"twice": 2}, "fr": {}, "ar": {"ضعف": 2, "ضعفي": 2, "ضعفا": 2, "ضعفين": 2}}
RATIO_WORD_RES = {
    "en": re.compile(r"\b(?P<w>twice)\b", re.IGNORECASE),
    "fr": None,
    "ar": re.compile(rf"(?<!\w)[وب]?(?P<w>{'|'.join(RATIO_WORDS['ar'])})(?!\w)"),
}
# the words after a number that make it a multiple of another count: "31 times", "2,5 fois",
# "ثلاثة أضعاف", "عشر مرات", "10-fold"
RATIO_AFTER = re.compile(
    r"(?P<x>[x×])(?![\w.,])|"  # "5x", "10×": a multiplication sign joined to the number
    r"\s*(?:[-‑]\s*)?(?:(?P<w>(?i:times|fold|fois))\b|(?P<aw>أضعاف|مرات|مرة|ضعفاً|ضعفا|ضعف)(?!\w))"
    r"|(?P<w1>\s?:\s?1)(?![\d.,:])"  # "10:1", "10 : 1"
)
# "1 in 157", "one in every 157", "un sur 157", "un civil sur 5", "one civilian out of 5",
# "واحد من كل 157": the words before the 157 (a word between only before "sur" or "out of": "1
# person in 12 raids" is no rate)
ODDS_BEFORE = re.compile(
    r"(?:(?<![\w.,])1|(?<!\w)(?i:one|une?)|(?<!\w)و?واحد(?:ة|اً|ا)?)\s+"
    r"(?:(?i:in)(?:\s+(?i:every|each))?"
    r"|(?:[^\W\d]+\s+)?(?i:out of|sur)(?:\s+(?i:every|each|chaque))?"
    r"|من(?:\s+(?:كل|بين|أصل|اصل))?)\s+$"
)
# the words between two numbers that make the first a ratio when the second is ("six to nine
# times", "deux ou trois fois")
RATIO_SPAN = re.compile(r"\s*(?:[-–—‑]|(?i:to|or|à|ou)\b|إلى|الى|أو|او)\s*")


@dataclass
class Number:
    """One number found in a sentence: where it is (start, end in the sentence), as written, its
    value (or low and high for a range) and the reasons read along the way."""

    start: int
    end: int
    written: str
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    plain: bool = False  # digits only, no separator: may be a year
    word: bool = False
    ratio: str = ""  # the words that make it a multiple ("times", "fois", "أضعاف", "ضعف")
    parts: tuple = ()  # a number in words: (word, value) of each of its words
    odds: bool = False  # "1 in 157": value is the 157
    approximate: bool = False  # a round figure by its word: "une vingtaine", about 20
    fraction: int = 0  # "half a million": 2, the million's denominator
    notes: list[str] = field(default_factory=list)


def parse_number(token: str, lang: str) -> tuple[Decimal, str | None]:
    """(value, a note on an ambiguous separator or None) of a number as written in digits of any of
    the three scripts: "1,114", "1 114", "1.114" (French), "١٬١١٤", "0,94" (French), "٣٫٥"."""
    m = NUMBER_RES[lang].fullmatch(token.translate(ASCII_DIGITS))
    if not m:
        raise ValueError(f"not a number: {token!r}")
    return _value(m, lang)


# one to three digits (not a lone 0), a point or a comma, then exactly three: a decimal, or a
# grouped thousand (never after the Arabic decimal sign ٫)
THREE_DECIMALS = re.compile(r"([1-9][0-9]{0,2})([.,])([0-9]{3})")


def _value(m: re.Match, lang: str) -> tuple[Decimal, str | None]:
    sep, note = m.group("sep"), None
    if sep:
        integer, frac = m.group("g").replace(sep, ""), m.group("gf")
        if lang == "fr" and sep in ".,":
            note = f"read {m.group()!r} as {integer}: {sep!r} groups thousands (French)"
    else:
        integer, frac = m.group("p"), m.group("pf")
    return Decimal(f"{integer}.{frac}" if frac else integer), note


@lru_cache(maxsize=1 << 10)
def numbers_by_language(text: str) -> dict[str, tuple[Number, ...]]:
    """The numbers of a text as each of English, French and Arabic reads it (numbers()), for a
    check that does not know the text's language: a quote, a value as written. Kept per text:
    treat the numbers as read-only."""
    return {lang: tuple(numbers(text, lang)) for lang in ("en", "fr", "ar")}


def numbers(sentence: str, lang: str) -> list[Number]:
    """Every number in a sentence, in order: digits (with a multiplier such as "million" folded in)
    and number words, with ranges ("6,193–9,537", "between 10 and 20", "de 6 à 9") joined into
    one."""
    norm = _normalised(sentence)
    found: list[Number] = []
    for m in NUMBER_RES[lang].finditer(norm):
        value, note = _value(m, lang)
        end = m.end()
        mult = MULTIPLIER.match(norm, end)
        if mult:
            value *= MULTIPLIERS[(mult.group("m") or mult.group("am")).lower()]
            end = mult.end()
        n = Number(m.start(), end, sentence[m.start() : end], value)
        n.plain = bool(m.group("p")) and not m.group("pf") and not mult
        if note:
            n.notes.append(note)
        if value != value.to_integral_value():
            n.notes.append(f"not a whole number: {value}")
            grouped = THREE_DECIMALS.fullmatch(m.group().translate(ASCII_DIGITS))
            if grouped and not mult:  # "1.114" in English, as French or German group thousands
                thousands, units, sep = grouped.groups()[0], grouped.groups()[2], grouped.group(2)
                n.notes.append(
                    f"or {thousands},{units} with its thousands grouped by {sep!r}, as French and "
                    "German write them: check"
                )
        found.append(n)
    taken = [(n.start, n.end) for n in found]
    taken += [(m.start(), m.end()) for m in PERCENT_WORDS.finditer(norm)]
    in_words = []
    for m in WORD_RES[lang].finditer(norm):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        words = {"ar": AR_WORDS, "fr": FR_WORDS}.get(lang, EN_WORDS)
        n = Number(m.start(), m.end(), sentence[m.start() : m.end()], Decimal(0), word=True)
        key = UNMARKED.sub("", m.group("w").lower())  # "ثمانِمئة" is "ثمانمئة"
        if key in THOUSANDS and "ال" in norm[m.start() : m.start("w")]:
            continue  # "الآلاف", "the thousands": no number
        n.value = Decimal(words[key])
        n.parts = ((key, n.value),)
        n.notes.append("written in words")
        in_words.append(n)
    for n in _whole_and_fraction([*_fractions(_compound(in_words, norm), norm)], norm):
        n.written = sentence[n.start : n.end]
        found.append(n)
    if lang == "fr":
        taken = [(n.start, n.end) for n in found]
        for m in FR_APPROXIMATE_RE.finditer(norm):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            # a round figure of something: "de morts", "d'années"; not "une quarantaine de 14
            # jours" (a quarantine) nor "en une quinzaine" (a fortnight)
            of = OF_AFTER.match(norm, m.end())
            ranged = ROUND_RANGE.match(norm, m.end())  # "une dizaine et une vingtaine de …"
            alone = m.end() == len(norm)  # the words on their own, as value_as_written holds them
            if (of is None and ranged is None and not alone) or (
                of and norm[of.end() : of.end() + 1].isdigit()
            ):
                continue
            value = Decimal(FR_APPROXIMATE[m.group("w").lower()])
            n = Number(m.start(), m.end(), sentence[m.start() : m.end()], value, word=True)
            n.approximate, n.parts = True, ((m.group("w").lower(), value),)
            n.notes.append(f"written in words ('{m.group()}': about {value}, a round figure)")
            found.append(n)
    if RATIO_WORD_RES[lang] is not None:
        for m in RATIO_WORD_RES[lang].finditer(norm):
            word = m.group("w")
            value = Decimal(RATIO_WORDS[lang][word.lower()])
            n = Number(m.start("w"), m.end(), word, value, word=True, ratio=word)
            n.notes.append(f"written in words ('{word}': {value} times)")
            found.append(n)
    found.sort(key=lambda n: n.start)
    return _ratios(_ranges(_odds(found, norm, sentence), norm, sentence), norm, sentence)


def _odds(found: list[Number], norm: str, sentence: str) -> list[Number]:
    """ "1 in 157" (and "one in every 157", "un sur 157", "واحد من كل 157") becomes one number,
    its value the 157: a rate written as odds is exact that way (1/157 is not a finite decimal)
    and its digits are the printed ones; the notes say what it is. A year is never the 157."""
    out: list[Number] = []
    for n in found:
        m = _before(ODDS_BEFORE, norm, n.start)
        if m is None or n.ratio or n.low is not None or _is_year(n):
            out.append(n)
            continue
        if out and out[-1].start >= m.start():  # the "1" was read as a number of its own
            out.pop()
        rate = Decimal(1) / n.value if n.value else None
        odds = Number(m.start(), n.end, sentence[m.start() : n.end], n.value, odds=True)
        odds.notes = [
            *n.notes,
            f"a rate written as odds: 1 in {_plain(n.value)}"
            + (f", the rate 1/{_plain(n.value)} (about {rate:.2g})" if rate is not None else "")
            + f"; value is {_plain(n.value)}, the whole as a multiple of the part (exact, in the "
            "printed digits)",
        ]
        out.append(odds)
    return out


def _ratios(found: list[Number], norm: str, sentence: str) -> list[Number]:
    """A number followed by "times", "fold", "fois", "أضعاف" or "مرات" is a multiple of another
    count: its `ratio` holds that word, and its written form takes it in ("ten times", as
    figures.csv writes a ratio); a word it takes in ("٣١ ضعفاً") is no number of its own."""
    for k, n in enumerate(found):
        m = RATIO_AFTER.match(norm, n.end)
        if (
            m
            and m.group("x")
            and n.start
            and (norm[n.start - 1] in "-‐‑" or norm[n.start - 1].isalnum())
        ):
            m = None  # "F-15x": part of a name
        if m and not n.odds:
            n.ratio = (
                m.group("w") or m.group("aw") or m.group("x") or m.group("w1").replace(" ", "")
            )
            n.end = m.end()
            n.written = sentence[n.start : n.end]
            prev = found[k - 1] if k else None
            if prev and not prev.ratio and RATIO_SPAN.fullmatch(norm[prev.end : n.start]):
                prev.ratio = n.ratio
                prev.notes.append(f"a ratio, as {n.written!r} after it is")
    kept: list[Number] = []
    for n in found:
        if not kept or n.start >= kept[-1].end:
            kept.append(n)
    return kept


RANGE_JOIN = re.compile(r"\s*(?:[-–—‑‐−]|(?i:to|à|au|and|et)\b|إلى|الى|و)\s*(?:(?i:le)\s+)?")
RANGE_BARE = re.compile(r"\s*(?:[-–—‑‐−]|(?i:to|à)|إلى|الى)\s*")
RANGE_OPEN = re.compile(r"(?:(?i:\b(?:between|from|entre|de|du))|بين|من)\s+$")
# words of a count that changed, rising or otherwise (English and French; Arabic)
RISES = (
    r"rose|risen|rises|rising|increased?|increases|increasing|climbed|climbs|jumped|jumps|grew|"
    r"grown|grows|went up|gone up|goes up|up|raised|raises|raising|augmentée?s?|augmenté|"
    r"grimpée?s?|grimpé|montée?s?|monté|haussée?s?|haussé|progressée?s?|progressé"
)
OTHER_CHANGES = (
    r"fell|falls|fallen|dropped|drops|declined|decreased?|down|revised|lowered|went|goes|gone|"
    r"took(?!\s+place)|takes(?!\s+place)|taking(?!\s+place)|"
    r"brings|brought|bringing|passée?s?|passé|baissée?s?|baissé|portée?s?|porté|relevée?s?|relevé"
)
AR_RISES = "ارتفع|ارتفعت|زاد|زادت|ازداد|ازدادت|قفز|قفزت"
AR_OTHER_CHANGES = "انخفض|انخفضت|تراجع|تراجعت"
# "rose by 22 to 841", "rose from 817 to 841", "est passé de 817 à 841", "ارتفع من 817 إلى 841":
# a count and the new total (or the old and the new), never a range
CHANGE_BEFORE = re.compile(
    rf"(?:(?i:\b(?:{RISES}|{OTHER_CHANGES})(?:\s+[\w'’]+){{0,5}}?\s+(?:by|from|de|du|d['’]))|"
    rf"(?:{AR_RISES}|{AR_OTHER_CHANGES})(?:\s+\S+){{0,3}}?\s+(?:من|ب))\s*$"
)


@lru_cache(maxsize=8)
def _normalised(sentence: str) -> str:
    """The sentence with Arabic-Indic digits as ASCII ones (same length, same positions), made
    once per sentence however many of its numbers ask."""
    return sentence.translate(ASCII_DIGITS)


def _before(rx: re.Pattern, norm: str, end: int) -> re.Match | None:
    """rx (a pattern anchored with $) searched in the BEFORE_WINDOW characters before `end`: its
    $ is at `end`, its ^ only at the start of the text, and a look-behind sees what lies
    before."""
    return rx.search(norm, max(0, end - BEFORE_WINDOW), end)


def _around(rx: re.Pattern, norm: str, a: int, b: int):
    """rx's matches within WINDOW characters of the span a..b."""
    return rx.finditer(norm, max(0, a - WINDOW), min(len(norm), b + WINDOW))


def _is_year(n: Number) -> bool:
    return n.plain and len(n.written) == 4 and 1990 <= n.value <= 2035


def _ranges(found: list[Number], norm: str, sentence: str) -> list[Number]:
    """Two numbers joined as a range ("6,193–9,537", "6,193 to 9,537", "between 10 and 20",
    "entre 10 et 20", "بين ١٠ و٢٠") become one, its low and high; years stay dates."""
    out: list[Number] = []
    for n in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.low is None
            and not (prev.odds or n.odds or _is_year(prev) or _is_year(n))
            and prev.value < n.value
        ):
            gap = norm[prev.end : n.start]
            # numbers in words make a range only with words that say so ("between two and three")
            bare = not (prev.word or n.word) and RANGE_BARE.fullmatch(gap)
            if not _before(CHANGE_BEFORE, norm, prev.start) and (
                bare or (RANGE_JOIN.fullmatch(gap) and _before(RANGE_OPEN, norm, prev.start))
            ):
                rng = Number(prev.start, n.end, sentence[prev.start : n.end], None)
                rng.low, rng.high = prev.value, n.value
                rng.notes = [*dict.fromkeys([*prev.notes, *n.notes]), "a range"]
                # "6 to 9 thousand", "2 et 3 millions", "٢ و٣ آلاف": the high's multiplier counts
                # the low too, when the low has none and is below the high's own digits
                scale = _scale(n)
                if scale > 1 and _scale(prev) == 1 and prev.value < n.value / scale:
                    rng.low = prev.value * scale
                    rng.notes.append(
                        f"read as {_plain(rng.low)} to {_plain(n.value)}: the multiplier after the "
                        "high counts the low too"
                    )
                out[-1] = rng
                continue
        out.append(n)
    return out


def _scale(n: Number) -> int:
    """The multiplier a number was written with ("9 thousand", "3 millions", "neuf mille"), 1 when
    none."""
    if n.word:
        last = n.parts[-1][0] if n.parts else ""
        return (
            10**6
            if last in MILLIONS
            else 1000
            if last in THOUSANDS
            else 100
            if last in HUNDREDS and len(n.parts) > 1
            else 1
        )
    m = MULTIPLIER.search(n.written)
    return MULTIPLIERS[(m.group("m") or m.group("am")).lower()] if m else 1


# ---- guesses -------------------------------------------------------------------------------------


def periods(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of every phrase of a period in a sentence: "since August 2014", "From
    August 2014 to November 2017", "as of September 23, 2014", "depuis août 2014", "منذ آب ٢٠١٤",
    "over the past four years"."""
    norm = _normalised(sentence)
    spans: list[tuple[int, int]] = []
    for m in PERIOD.finditer(norm):
        # one phrase in two pieces is one: "depuis le début de l'opération en août 2014", "since
        # the start of the campaign in August 2014", "منذ بدء الحملة في أيلول ٢٠١٤"
        if (
            spans
            and not re.fullmatch(YEAR, m.group())  # a year alone joins nothing ("2000 in 2017")
            and not re.fullmatch(YEAR, norm[spans[-1][0] : spans[-1][1]])
            and JOINED.fullmatch(norm, spans[-1][1], m.start())
        ):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return [(a, b, sentence[a:b]) for a, b in spans]


# what may lie between two pieces of one period phrase: spaces, or a preposition the second did
# not take ("... of the campaign in August 2014", "بين آب ٢٠١٤ ونيسان ٢٠١٩")
JOINED = re.compile(r"\s*(?:(?i:in|en|from|de|du)\s+|في\s*)?|\s*")


# between two numbers, what ends the clause of the first (a comma alone, COMMA, may not); Arabic's
# "and" (و) only as a word of its own or joined to a number: it begins many other words
CLAUSE_BREAK = re.compile(
    r"[;:—–؛]|(?i:\b(?:and|but|while|whereas|et|mais|alors que|tandis que)\b)"
    r"|(?<!\S)و(?:\s|(?=[\d٠-٩]))"
)
COMMA = re.compile(r"[,،]")
# a clause break or a comma ending the text before a period phrase ("100 in 2017, and in 2018,
# 200"), not one further back ("1,319 killed in Iraq and Syria between August 2014 and May 2019")
BREAK_AT_END = re.compile(rf"(?:{CLAUSE_BREAK.pattern}|[,،])\s*$")


def periods_of_numbers(
    sentence: str, found: list[Number], spans: list[tuple[int, int, str]]
) -> list[tuple[str, str]]:
    """(the period phrases, where they were found) of each number of `found`: the phrases
    "; "-joined, in the sentence's order ("" for a number inside a phrase, which is part of a
    period); where, one of PERIOD_SOURCES ("" when there are no phrases). A phrase belongs to the
    number before it in its clause ("100 in 2017 and 200 in 2018"); one after a clause break
    (CLAUSE_BREAK, or a comma) goes to the next number, if nothing but commas comes between
    ("..., and in 2018, 200"); one before every number, to the first if no clause break comes
    between ("Since 2014 the coalition carried out 34,464 strikes; ..."). A number with no phrase
    of its own takes that of the next numbers of its list, if no clause break comes between ("976
    civilians, including 194 children, 294 women under the Obama"), or else the sentence's leading
    phrases ("Between 2014 and 2018, 34,000 strikes killed 1,114 civilians"), or else its trailing
    ones ("100 civilians and 200 fighters were killed in 2017")."""
    anchors = [
        k for k, n in enumerate(found) if not any(a <= n.start and n.end <= b for a, b, _ in spans)
    ]
    own: dict[int, list[str]] = {k: [] for k in anchors}
    leading, trailing = [], []
    for a, b, words in spans:
        before = [k for k in anchors if found[k].end <= a]
        after = [k for k in anchors if found[k].start >= b]
        if not before:
            leading.append(words)
            if after and not CLAUSE_BREAK.search(sentence[b : found[after[0]].start]):
                own[after[0]].append(words)  # "In 2017, 100 civilians…": the first number's own
            continue
        if not after:
            own[before[-1]].append(words)
            trailing.append(words)
            continue
        left = sentence[found[before[-1]].end : a]
        right = sentence[b : found[after[0]].start]
        if (
            BREAK_AT_END.search(left)
            and not CLAUSE_BREAK.search(right)
            and not COMPARED_BEFORE.search(right)
        ):
            own[after[0]].append(words)
        else:
            own[before[-1]].append(words)

    def shared(k: int) -> list[str]:  # "976 civilians, including 194 children, 294 women under…"
        for nxt in anchors[anchors.index(k) + 1 :]:
            if CLAUSE_BREAK.search(sentence[found[k].end : found[nxt].start]):
                return []
            if own[nxt]:
                return own[nxt]
            k = nxt
        return []

    chosen = []
    for k in range(len(found)):
        options = [(own.get(k, []), "own"), (shared(k) if k in own else [], "list")]
        options += [(leading, "leading"), (trailing, "trailing")] if k in own else []
        words, source = next(((w, src) for w, src in options if w), ([], ""))
        chosen.append((_period_text(sentence, list(dict.fromkeys(words)), spans), source))
    return chosen


# the most text between two period phrases of one number that makes them one phrase as written
# ("between September 23, 2014, and September 23, 2018", "depuis le début de son intervention en
# 2014")
PERIOD_GAP = 40


def _period_text(sentence: str, words: list[str], spans: list[tuple[int, int, str]]) -> str:
    """A number's period phrases as written: one phrase as it is; several close together (gaps of
    at most PERIOD_GAP characters, no digit in them) as the sentence's words from the first to the
    last, which the quote holds; else "; "-joined (the row's notes then say to choose)."""
    if len(words) < 2:
        return "".join(words)
    placed = sorted((a, b) for a, b, w in spans if w in words)
    gaps = [sentence[b:a] for (_, b), (a, _) in zip(placed, placed[1:], strict=False)]
    if len(placed) == len(words) and all(
        len(gap) <= PERIOD_GAP and not any(c.isdigit() for c in gap) for gap in gaps
    ):
        return sentence[placed[0][0] : placed[-1][1]]
    return "; ".join(words)


# where a number's period words were found (periods_of_numbers): in its own clause, at the end of
# its list, or, when it has none, at the sentence's start or end: a guess when the sentence has
# other phrases too, which the draft's notes say (period_note)
PERIOD_SOURCES = ("own", "list", "leading", "trailing")


def period_note(source: str, words: str, spans: list[tuple[int, int, str]]) -> str:
    """A note for a number that took period words from its sentence's start or end while the
    sentence names other periods too (which words belong to it is then a guess); "" otherwise."""
    if source not in ("leading", "trailing") or len({w for _, _, w in spans}) <= len(
        words.split("; ")
    ):
        return ""
    where = "start" if source == "leading" else "end"
    return (
        f"period '{words}' taken from the sentence's {where}, the number having none of its own "
        "while the sentence names other periods: check it"
    )


def _first_noun(text: str) -> tuple[str, str] | None:
    """(family, word) of the earliest noun in the text; a word of injury counts only as the first
    word ("10 wounded", not "5 and wounded 10")."""
    hits = [
        (m.start(), family, m.group())
        for family, rx in NOUN_RES
        for m in rx.finditer(text)
        if family != "injured" or m.start() == 0
    ]
    return (min(hits)[1], min(hits)[2]) if hits else None


def _nearest(rx: re.Pattern, sentence: str, a: int, b: int) -> str | None:
    """The match of rx nearest the span a..b (within WINDOW), or None."""
    hit = _nearest_hit(rx, sentence, a, b)
    return hit[1] if hit else None


def _nearest_hit(rx: re.Pattern, sentence: str, a: int, b: int) -> tuple[int, str] | None:
    """(distance, text) of the match of rx nearest the span a..b (within WINDOW), or None."""
    hits = [
        (min(abs(m.start() - b), abs(a - m.end())), m.group()) for m in _around(rx, sentence, a, b)
    ]
    return min(hits) if hits else None


# what a count of reports of civilian harm counts, by the words of its own clause, first match
# first; none of them: reports assessed
CREDIBLE = r"(?i:credible|crédibles?)|موثوق"
REPORT_STATES = tuple(
    # the state within four words after the number ("4 were assessed to be credible"), or
    # anywhere in the words before it in its clause
    (kind, re.compile(rf"\W*(?:\S+\s+){{0,4}}?(?:{words})"))
    for kind, words in (
        ("duplicate", r"(?i:duplicates?|duplicated|doublons?)|مكرر"),
        ("carried_over", r"(?i:carried (?:over|forward)|reportés? du mois)|مرحل"),
        ("non_credible", r"(?i:non-credible|not credible|non[- ]crédibles?)|غير موثوق"),
        (
            "open",
            r"(?i:still\s+(?:assessing|reviewing|investigating|examining)|"
            r"(?:remain(?:ed|s)?|still|are|were)\s+(?:still\s+)?(?:open|pending|under "
            r"(?:review|assessment)|being (?:assessed|reviewed))|restent ouverts?|"
            r"(?:toujours\s+)?en cours d['’](?:examen|évaluation)|encore ouverts?|"
            r"(?:(?:restent|reste|sont|demeurent)\s+)?(?:(?:toujours|encore)\s+)?"
            r"(?:à l['’]étude|en suspens|à l['’]examen))|"
            r"قيد (?:المراجعة|الدراسة|التقييم|التحقيق)",
        ),
        ("credible", CREDIBLE),
        (
            "assessed",
            r"(?i:(?:were|was|have been|had been|are|been)\s+(?:fully\s+)?(?:assessed|reviewed)|"
            r"(?:ont|avaient) été (?:évalué|examiné)e?s|(?:évalué|examiné)e?s)|تم تقييم|قيّ?مت",
        ),
    )
)
CREDIBLE_WORDS = re.compile(CREDIBLE)
RECEIVED = re.compile(r"(?i:\breceived\b|\breçu(?:e?s)?\b)|تلق|ورد", re.IGNORECASE)
# received in the month (or new), not in all
MONTHLY = re.compile(
    r"(?i:\b(?:this|that|the|last|in the)\s+month\b|\bce mois\b|\bnew\b|\bnouveaux\b|"
    r"\bnouvelles?\b)|الشهر|جديد"
)
CLAUSE_START = re.compile(r"[,;:(—–]\s*(?=[^,;:(—–]*$)")
# "rose by 22", "went up by 22", "22 more", "another 22", "22 de plus", "22 supplémentaires"
RISE_BEFORE = re.compile(
    rf"(?i:\b(?:{RISES})(?:\s+\w+)?\s+(?:by|de)|"
    rf"\b(?:another|an additional|a further|additional|up)|\ben hausse de|\bhausse de)\s*$|"
    rf"بزيادة\s*$|(?:{AR_RISES})\s+ب\s*$"
)
# a count set against an earlier one of the same kind: "…, up from 1,257 a month earlier",
# "contre 1 257 le mois précédent", "مقابل 1257" ("more than" is a qualifier of the count itself)
COMPARED_BEFORE = re.compile(
    r"(?i:\b(?:up|down|rising|falling|increasing|decreasing|higher|lower)\s+"
    r"(?:from|than)|\bcompared (?:with|to)|\bagainst|\bversus|\bvs\.?|\bcontre|\bau lieu de|"
    r"\bpar rapport (?:à|aux?))\s*$|(?:مقابل|مقارنة (?:ب|مع)|بعد أن كان(?:ت)?)\s*$"
)
RISE_AFTER = re.compile(
    r"\s*(?:[^\W\d]+\s+)?(?:(?i:more\b(?!\s+than\s+(?:half|a\s+third|\d))|additional\b|"
    r"further\b|de plus\b|"
    r"supplémentaires?\b)|إضافي|آخرين|آخرون)"
)


# the words before a noun of strikes that make them the means of the harm ("killed in its strikes",
# "died in coalition raids", "tués dans des frappes", "قتلوا في غارات", "بغارات")
MEANS_BEFORE = re.compile(
    r"(?i:\b(?:in|by|from|during|under)\s+(?:(?:its|the|their|a|an|coalition|us-led|u\.s\.-led|"
    r"american|russian|allied|several|multiple|two|three)\s+){0,2}|"
    r"\b(?:dans|par|lors|sous)\s+(?:des|les|ses|leurs|de|d['’]une?|la|le)\s+(?:\S+\s+)?)$"
    r"|(?:في|خلال|جراء|جرّاء|إثر|اثر)\s+(?:\S+\s+)?$|(?<!\S)ب$"
)


CLAUSE_MARK = re.compile(r"[,;:(—–]")


def _own_clause(
    norm: str, n: Number, preceding: int = 0, following: int | None = None
) -> tuple[str, str]:
    """A number's own clause, as (its words before it, from the last comma, semicolon, colon,
    bracket or dash after `preceding`; its words after it, up to the next such mark before
    `following`)."""
    start = CLAUSE_START.search(norm[preceding : n.start])
    before = norm[preceding + (start.end() if start else 0) : n.start]
    after = CLAUSE_MARK.split(norm[n.end : following], maxsplit=1)[0]
    return before, after


def _reports_metric(norm: str, n: Number, following: int, preceding: int = 0) -> str:
    """Which count of reports of civilian harm a number is, read from its own clause (from the
    last comma, semicolon or colon before it, or the number before it, to the next number), the
    words after it first: those still open, found not credible or credible, received (in the
    month, or in all), else those assessed."""
    clause_before = _label_before(norm, n, preceding) or _own_clause(norm, n, preceding)[0]
    after = norm[n.end : following]
    for words in (after, clause_before):
        for kind, rx in REPORT_STATES:
            if (rx.match if words is after else rx.search)(words):
                return f"civcas_reports_{kind}"
    if RECEIVED.search(clause_before) or RECEIVED.search(after):
        monthly = MONTHLY.search(clause_before) or MONTHLY.search(after)
        return "civcas_reports_new" if monthly else "civcas_reports_total"
    return "civcas_reports_assessed"


# a count of incidents or events, not of people ("2,500 alleged incidents", "12 حادثة")
INCIDENTS = re.compile(
    r"\s*(?:(?i:alleged|reported|separate|distinct|possible|présumés?|signalés?|distincts?)\s+)?"
    r"(?P<w>(?i:incidents?|events?|incidences?|cases?|événements?)\b|حوادث|حادث)"
)
PUBLICATION = re.compile(
    r"(?i:\b(?:in|from|dans)\s+(?:(?:the|its|their|a|an|le|la|l['’]|son|sa|leur|previous|last|"
    r"latest|earlier|monthly|new|dernier|précédent)\s*){0,3}(?:report|rapport)\b)"
    r"|(?<!\w)(?:في|ب)\s*ال?تقرير"
)
# the marks a label starts after, and the longest a label may be
LABEL_STARTS = ",;:()—–.،؛\n"
LABEL_LONGEST = 80


def _label_before(norm: str, n: Number, preceding: int = 0) -> str:
    """The label a number is given after, as in a list or a table row ("Reports still open: 150",
    "New reports received: 22"): the words before a colon just before it (back to the mark before
    them, at most LABEL_LONGEST characters), "" when there is none."""
    seen_from = max(preceding, n.start - LABEL_LONGEST - 4)
    before = norm[seen_from : n.start].rstrip()
    if not before.endswith(":"):
        return ""
    words = before[:-1].rstrip()
    cut = max(words.rfind(mark) for mark in LABEL_STARTS)
    label = words[cut + 1 :].strip()
    if cut < 0 and seen_from > preceding:  # longer than a label: its start not seen
        return ""
    return label if any(c.isalpha() for c in label) else ""


# a sentence that opens by referring back to what the one before it counted: "Of those, 7 were
# deemed credible", "The remaining 36 were found not credible", "Parmi eux, 12 ...", "ومن بينها ٧"
REFERS_BACK = re.compile(
    r"\s*(?:(?i:(?:of|among) (?:those|these|them)\b|the (?:remaining|rest|others?)\b|"
    r"parmi (?:eux|elles|ceux-ci|celles-ci|ces \w+)|sur ce(?:s)? (?:nombre|total)|les autres\b)"
    r"|و?(?:من (?:بينها|بين هذه|هذه)|منها)|و?(?:الباقي|المتبقية))"
)


# engagements a share is of ("8.5% of engagements", "des engagements", "من الاشتباكات"), not
# those something happened in ("killed in engagements")
SHARE_OF_ENGAGEMENTS = re.compile(
    r"(?i:\b(?:of|des|aux)\s+(?:(?:the|all|its|les|tous\s+les)\s+)?engagements?\b)"
    r"|من\s+(?:ال)?اشتباك"
)


def _share_of_engagements(
    norm: str, n: Number, following: int, preceding: int
) -> tuple[str, str] | None:
    """(metric, reason) for a share of engagements that the sentence names with reports ("reports
    amounted to 8.5% of engagements, and credible reports to 0.6%"): credible reports' share when
    the number's own clause says credible; None for any other share."""
    engagements = next(_around(SHARE_OF_ENGAGEMENTS, norm, n.start, n.end), None)
    reports = next(_around(REPORT_NOUN, norm, n.start, n.end), None)
    if engagements is None or reports is None:
        return None
    credible = CREDIBLE_WORDS.search("".join(_own_clause(norm, n, preceding, following)))
    metric = (
        "civcas_reports_credible_share_of_engagements"
        if credible
        else "civcas_reports_share_of_engagements"
    )
    why = f"'{credible.group()}' and " if credible else ""
    return metric, (
        f"metric guessed from the per cent sign, {why}'{reports.group()}' and "
        f"'{engagements.group()}' (a share of engagements)"
    )


def _injured_after(after: str) -> str | None:
    """The word of injury that is the first word of harm in a number's own words after it
    (HARM_AFTER: "three others wounded", "une femme blessée"), or None (none, or one of killing
    comes first)."""
    own = HARM_AFTER.match(after)
    return own.group("harm") if own and INJURE.fullmatch(own.group("harm")) else None


def guess_metric(
    sentence: str, n: Number, following: int, preceding: int = 0, reports_before: bool = False
) -> tuple[str, str]:
    """(metric, reason) for a number in its sentence; ("", "") where no word points to one.
    `following` is where the next number starts (the words after this one stop there), and
    `preceding` where the number before it ends (a count of reports is read from its own
    clause, which starts after it). reports_before: the sentence refers back to reports the one
    before it names ("… 43 reports. Of those, 7 were deemed credible": REFERS_BACK)."""
    norm = _normalised(sentence)
    after = norm[n.end : following]
    sign = (
        "after"
        if PERCENT.match(after)
        else "before"
        if norm[max(0, n.start - 1) : n.start] == "٪"  # Arabic writes it before now and then
        else None
    )
    if sign:
        share = _share_of_engagements(norm, n, following, preceding)
        if share:
            return share
        return "percent", f"metric guessed from the per cent sign {sign} the number"
    if n.odds:
        return "", "no metric guessed for a rate: choose one whose unit is not a count"
    if n.ratio:
        official = _nearest(OFFICIAL, norm, n.start, n.end)
        if official:
            return "ratio_to_official", (
                f"metric guessed from '{n.ratio}' and '{official}' (a count as a multiple of the "
                "official one)"
            )
        return "", (
            f"a ratio ('{n.ratio}': one count as a multiple of another); no word says it is set "
            "against the official count: choose its metric"
        )
    window = " ".join(after.split()[:4])
    label = _label_before(norm, n, preceding)
    if label and REPORT_NOUN.search(label) and _first_noun(window) is None:
        # "Reports still open: 150", "Credible reports: 6, resulting in 11 deaths"
        return _reports_metric(norm, n, following, preceding), (
            f"metric guessed from the label '{label}' before the number (reports of possible "
            "civilian casualties)"
        )
    displaced = DISPLACED.search(window) or _before(DISPLACED_BEFORE, norm, n.start)
    if displaced:
        return "", (
            f"people who fled or were displaced ('{DISPLACED.search(displaced.group()).group()}'), "
            "not a count of harm: "
            "check what it counts"
        )
    # "in its previous report", "في التقرير السابق": the publication the count is in, not what it
    # counts
    noun = _first_noun(PUBLICATION.sub(" ", window))
    incidents = INCIDENTS.match(after)
    if incidents and noun is None:
        return "", (
            f"incidents, not people ('{incidents.group('w')}'): no metric counts them; check what "
            "it counts"
        )
    fighters = COMBATANTS.search(" ".join(after.split()[:2]))
    if fighters and (noun is None or window.find(noun[1]) > fighters.start()):
        return "", (
            f"fighters, not civilians ('{fighters.group()}'): no metric counts them alone; check "
            "what it counts"
        )
    where = "after the number"
    state = next((m for _, rx in REPORT_STATES if (m := rx.match(after))), None)
    named_here = any(_around(REPORT_NOUN, norm, n.start, n.end))
    if noun is None and state and (reports_before or named_here):
        # "2,300 reports …, of which 357 remain open", "238 were deemed credible": the number
        # counts the reports the sentence names (or the one before, that it refers back to)
        return _reports_metric(norm, n, following, preceding), (
            f"metric guessed from '{state.group().strip()}' after the number and the reports the "
            f"sentence {'names' if named_here else 'refers back to'} (reports of possible civilian "
            "casualties)"
        )
    if noun is not None and noun[1].lower() == "civilian" and REPORT_NOUN.search(window):
        # "45 civilian casualty allegation reports": civilian describes the reports
        noun = ("reports", REPORT_NOUN.search(window).group())
    killed = _before(KILLED_BEFORE, norm, n.start) if noun is None else None
    # a word of injury of its own just after it ("… were killed and three others wounded")
    injured = _injured_after(after)
    if killed and injured:
        return "civilians_injured", (
            f"metric guessed from '{injured}' after the number (no word says who: check)"
        )
    if killed:
        return "civilians_killed", (
            f"metric guessed from '{killed.group().strip()}' before the number (no word says "
            "who: check)"
        )
    if noun is None:
        hits = [
            (min(abs(m.start() - n.end), abs(n.start - m.end())), family, m.group())
            for family, rx in NOUN_RES
            if family not in ("reports",)
            for m in _around(rx, norm, n.start, n.end)
            # "killed in its strikes": the strikes are how, not what a bare number counts
            if not (family == "strikes" and _before(MEANS_BEFORE, norm, m.start()))
        ]
        if not hits:
            for rx, metric in ((KILL, "civilians_killed"), (INJURE, "civilians_injured")):
                verb = _nearest(rx, norm, n.start, n.end)
                if verb:
                    return metric, f"metric guessed from '{verb}' (no word says who: check)"
            return "", ""
        _, family, word = min(hits)
        noun, where = (family, word), "in the sentence"
    family, word = noun
    if family == "strikes":
        return "airstrikes", f"metric guessed from '{word}' {where}"
    if family == "engagements":
        return "engagements", f"metric guessed from '{word}' {where}"
    if family == "reports":
        return _reports_metric(norm, n, following, preceding), (
            f"metric guessed from '{word}' {where} (reports of possible civilian casualties)"
        )
    who = {"children": "children", "women": "women"}.get(family, "civilians")
    if family == "injured":
        return "civilians_injured", f"metric guessed from '{word}' {where}"
    kill = _nearest_hit(KILL, norm, n.start, n.end)
    deaths = KILL.fullmatch(word) or kill or _nearest(TOLL, norm, n.start, n.end)
    if who == "civilians" and deaths:
        rise = _before(RISE_BEFORE, norm, n.start) or RISE_AFTER.match(after)
        if rise:
            return "civilians_killed_increment", (
                f"metric guessed from '{word}' {where} and '{rise.group().strip()}' (a rise: the "
                "deaths added since an earlier count)"
            )
        special = _deaths_kind(norm, n, reports_before)
        if special:
            return special
    # everyone killed, civilians among them: "4,321 people, including 1,876 civilians"
    among = ALL_PEOPLE_AFTER.match(norm, n.end) if family == "civilians" else None
    if among and INJURE.search(_own_clause(norm, n)[0]):  # "… and wounded 200 people, including"
        among = None
    if among and (kill or KILL.fullmatch(word) or _nearest(TOLL, norm, n.start, n.end)):
        said = (among.group("among") or among.group("ar")).strip()
        return "people_killed_all", (
            f"metric guessed from '{word}' and '{said}' (everyone killed, civilians among them)"
        )
    if KILL.fullmatch(word):
        return f"{who}_killed", f"metric guessed from '{word}' {where}"
    # the word of harm in the number's own words first ("… tués et une femme blessée"), then the
    # nearer of a word of killing and one of injury ("… killed 40, while up to 450 civilians
    # were wounded": the 450 were wounded)
    if injured:
        return f"{who}_injured", f"metric guessed from '{word}' {where} and '{injured}'"
    hurt = _nearest_hit(INJURE, norm, n.start, n.end)
    if hurt and (not kill or hurt[0] < kill[0]):
        return f"{who}_injured", f"metric guessed from '{word}' {where} and '{hurt[1]}'"
    if kill:
        return f"{who}_killed", f"metric guessed from '{word}' {where} and '{kill[1]}'"
    casualties = next(_around(CASUALTIES, norm, n.start, n.end), None)
    if casualties:
        return f"{who}_killed", (
            f"metric guessed from '{word}' {where} and '{casualties.group()}' (which may count "
            "the injured too)"
        )
    return f"{who}_killed", f"metric guessed from '{word}' {where} (no word of killing: check)"


# "another 3,200 in 2017 alone": more deaths, counted over a span of their own that the words
# single out ("alone"), not a rise since an earlier count ("Another 14 civilians were killed in
# March" is a release's rise); a period open at one end is no span
ANOTHER_BEFORE = re.compile(
    r"(?i:\b(?:another|an additional|a further|additional|encore))\s*$|(?:آخرين|آخرون)\s*$"
)
SPAN_ALONE = re.compile(r"\s*(?:(?i:alone\b|à (?:lui|elle) seule?\b)|وحده|وحدها)")
OPEN_PERIOD = re.compile(
    r"(?i:since|from|as of|as at|until|till|through|by|before|after|depuis|à partir|jusqu)\b"
    r"|منذ|حتى"
)


def added_in_a_span(
    sentence: str,
    n: Number,
    spans: list[tuple[int, int, str]],
    metric: str,
    words: str,
    source: str,
) -> tuple[str, str] | None:
    """(metric, reason) for a rise guessed from "another" (guess_metric) whose number has period
    words of its own, each a closed span, one of them after it and singled out by "alone" ("in
    2017 alone"): deaths in that span; None otherwise."""
    if metric != "civilians_killed_increment" or source != "own" or not words:
        return None
    said = _before(ANOTHER_BEFORE, _normalised(sentence), n.start)
    if not said or any(OPEN_PERIOD.match(w.strip()) for w in words.split("; ")):
        return None
    mine = words.split("; ")
    if not any(a >= n.end and w in mine and SPAN_ALONE.match(sentence, b) for a, b, w in spans):
        return None
    return "civilians_killed", (
        f"metric guessed as deaths in the period '{words}': '{said.group().strip()}' with a span "
        "of its own, 'alone', adds a count for that span, not a rise since an earlier count "
        "(check)"
    )


def compared_with(
    sentence: str, n: Number, following: int, earlier: list[tuple[Number, str]]
) -> tuple[str, str] | None:
    """(metric, reason) for a count set against an earlier count of its sentence ("1,302 civilians
    … in 34,464 strikes, up from 1,257 a month earlier") with no noun of its own: the metric of
    the earlier count nearest in size (a count is compared with one of its kind: 1,302, not
    34,464); None otherwise."""
    norm = _normalised(sentence)
    said = _before(COMPARED_BEFORE, norm, n.start)
    if not n.value or not said or not earlier:
        return None
    if _first_noun(" ".join(sentence[n.end : following].split()[:2])):
        return None
    size = float(n.value)
    counts = [(o, m) for o, m in earlier if o.value and o.value > 0]
    if size <= 0 or not counts:
        return None
    other, metric = min(counts, key=lambda pair: abs(math.log(float(pair[0].value) / size)))
    return metric, (
        f"metric of the count it is set against ('{said.group().strip()}'): {other.written}, the "
        "nearest in size"
    )


def _deaths_kind(norm: str, n: Number, reports_before: bool = False) -> tuple[str, str] | None:
    """(metric, reason) for deaths of a special kind: those a release puts to the reports it found
    credible ("12 reports were credible, resulting in 45 deaths"), or deaths alleged; None for a
    plain count of deaths."""
    resulting = _before(RESULTING_BEFORE, norm, n.start)
    credible = next(_around(CREDIBLE_WORDS, norm, n.start, n.end), None)
    if (
        resulting
        and credible
        and (reports_before or any(_around(REPORT_NOUN, norm, n.start, n.start)))
    ):
        return "civilians_killed_assessed", (
            f"metric guessed from '{resulting.group().strip()}' after reports found credible "
            "(deaths in the reports assessed, not a rise of the running total)"
        )
    # "alleged" in the number's own clause ("1,300 alleged deaths"; not "…, which had tracked
    # 2,500 alleged incidents" for an earlier count of the sentence)
    before, after = _own_clause(norm, n)
    alleged = ALLEGED.search(f"{before}{norm[n.start : n.end]}{after}")
    if alleged and not REPORT_NOUN.match(norm, n.end + 1):
        return "civilians_killed_alleged", (
            f"metric guessed from '{alleged.group()}' (deaths alleged)"
        )
    return None


def guess_qualifier(sentence: str, n: Number, following: int | None = None) -> tuple[str, str]:
    """(kind, phrase) of the words qualifying a number: exact, at_least, more_than, about,
    up_to, at_most or between (with the words that say so, "" for exact). `following` is where
    the next number starts: words written after a number ("1,257 at least") are looked for only
    before it, and a phrase the next number follows ("2019 that at least 1,257") is that
    number's, never this one's."""
    if n.low is not None:
        return "between", n.written
    norm = _normalised(sentence)
    best = ("exact", "")
    for kind, rx in BEFORE_RES:
        m = _before(rx, norm, n.start)
        if m and len(m.group(1)) > len(best[1]):
            best = (kind, m.group(1))
    if best[0] != "exact":
        return best
    if n.approximate:  # "une vingtaine": about 20, unless the words before say more
        return "about", n.written
    following = len(norm) if following is None else following
    after = norm[n.end : following]
    for kind, rx in AFTER_RES:
        m = rx.match(after)
        if m and (following == len(norm) or after[m.end() :].strip()):
            return kind, m.group(1)
    return best


# qualifiers a year never takes
COUNT_ONLY = ("more_than", "at_least")


def date_reason(sentence: str, n: Number, following_noun: bool, in_period: bool) -> str | None:
    """Why a number is probably a date (a year, a day next to a month name, a date written in
    digits), or None. A year followed by a noun ("2014 civilians") is a count, unless it sits in
    the words of a period ("since 2014")."""
    norm = _normalised(sentence)
    for m in _around(NUMERIC_DATE, norm, n.start, n.end):
        if m.start() <= n.start and n.end <= m.end():
            return f"probably a date ({m.group()!r})"
    if n.word or n.low is not None:
        return None
    if _is_year(n) and (in_period or not following_noun):
        # "more than 2000", "أكثر من ٢٠٠٠": a year is never more than or at least one
        if guess_qualifier(sentence, n, len(sentence))[0] not in COUNT_ONLY:
            return "probably a date (a year)"
        return None
    if following_noun:
        return None
    if n.plain and 1 <= n.value <= 31:
        before = _before(MONTH_BEFORE, norm, n.start)
        after = MONTH_AFTER.match(norm, n.end)
        month = before or after
        if month:
            name = MONTH_RE.search(month.group()).group()
            return f"probably a date (a day of the month next to '{name}')"
    return None


# numbers that name or measure something rather than count it: an aircraft or a resolution ("B-52",
# "Resolution 2254"), an age ("under the age of 5", "a 12-year-old"), a length of time ("the
# four-month battle")
IDENTIFIER_BEFORE = re.compile(
    r"(?:\b[A-Z]{1,3}-|(?i:\b(?:resolution|résolution|article|section|paragraph|paragraphe|"
    r"flight|vol|no\.|n°|numéro|p\.?\s?o\.?\s+box|boîte postale)\s+)"
    r"|(?:القرار|قرار|رقم|ص\.ب\.?)\s+)$"
)
# a phone number: "+964 790 123 4567", "1-800-555-0199", "(202) 555-0199" (spaces alone group a
# French count's thousands and points a German one's, so those only after a "+"); PHONE_DIGITS
# digits or more in all
PHONE = re.compile(
    r"\+[0-9]{1,3}(?:[ .-][0-9]{1,4}){2,}(?![0-9])"
    r"|(?<![0-9,.-])(?:1-)?(?:\([0-9]{3}\)\s?|[0-9]{3}-)[0-9]{3}-[0-9]{4}(?![0-9.,-])"
)
PHONE_DIGITS = 9
AGE_LIST_END = re.compile(r"\s*(?:[,;.)]|$|(?i:years?\b|ans\b|-year)|سنة|عام)")
AGE_BEFORE = re.compile(
    r"(?i:\bage[sd]?\s+(?:of\s+)?|\bâgée?s?\s+de\s+)"
    # the last of a list of ages: "aged 7 and 9", "aged 3, 5 and 9", "âgés de 7 et 9"
    r"(?:[0-9]{1,3}(?:\s*,\s*|\s+(?i:and|or|et|ou)\s+))*$|(?:عمر|العمر)\s+$"
)
AGE_AFTER = re.compile(r"(?i:-years?-old\b)")
# units of time, English and French (each with an optional plural s), and Arabic
TIME_UNITS = "ans|années|année|year|month|week|day|hour|mois|semaine|jour|heure"
# "de" or "d'" after a round figure's noun, before its unit
OF_AFTER = re.compile(r"\s+d(?:e\s+|['’])")
AR_TIME_UNITS = "سنوات|سنة|عاما|عاماً|أعوام|أشهر|شهرا|شهراً|شهور|أسابيع|أيام|يوما|يوماً|ساعات|ساعة"
LENGTH_AFTER = re.compile(rf"-(?i:{TIME_UNITS})s?\b")
# a length of time written apart: "for four months", "en 3 jours", "٣ أيام"
LENGTH_WORDS = re.compile(rf"\s+(?:(?i:{TIME_UNITS})s?\b|(?:{AR_TIME_UNITS})(?!\w))")
# a size or weight: "2,000-pound bombs", "a 500 kg bomb"
MEASURE_AFTER = re.compile(
    r"(?:-|\s)(?i:pounds?|lbs?|kg|kilos?|kilograms?|tons?|tonnes?|miles?|km|kilometres?|"
    r"kilometers?|metres?|mètres?|meters?|feet|foot|livres?)\b"
)
# an ordinal ("2nd Brigade", "the 5th strike", "3e trimestre", "1er mars"), a time of day
# ("3:30 a.m."), a footnote mark ("[3]") or a code with letters joined to it ("CS1234")
ORDINAL_AFTER = re.compile(r"(?i:st|nd|rd|th|e|er|re|ère|ème|eme)\b")
CLOCK = re.compile(r":[0-5][0-9](?![0-9])")
CLOCK_BEFORE = re.compile(r"(?<![0-9])[0-9]{1,2}:$")
# "at 5 a.m.", "3pm", "à 17h", "17 h 30"
CLOCK_AFTER = re.compile(r"\s?(?i:[ap]\.\s?m\.|[ap]m\b|h(?:[0-5][0-9])?\b)")
# a footnote mark printed as a superscript, read as text: "… civilian casualties.1" (a page's
# <sup>1</sup>): a number of one or two digits joined to the punctuation that ends a sentence
FOOTNOTE_JOINED = re.compile(r"(?<=[^\W\d_])[.,;!?”’)]$")
# the number of an item in a list, at the start of its sentence: "1. ", "2) ", "(3) ", "• 4."
LIST_MARK_BEFORE = re.compile(r"[\s•*·–—-]*\(?")
LIST_MARK_AFTER = re.compile(r"[.)](?:\s|$)")
FOOTNOTE = re.compile(r"\[$")
CODE_BEFORE = re.compile(r"[A-Za-z]$")
# a share of something: "two-thirds", "three quarters", "deux tiers", "trois quarts"
SHARE_AFTER = re.compile(
    r"[-‑ ](?i:thirds?|quarters?|fifths?|sixths?|eighths?|tenths?|halves|tiers|quarts?|"
    r"cinquièmes?|dixièmes?)\b"
)


def not_a_count(sentence: str, n: Number, opens_paragraph: bool = True) -> str | None:
    """Why a number is probably not a count of anything (a name, an age, a length of time, the
    number of a list's item), or None. opens_paragraph: whether the sentence is its paragraph's
    first (or its line's), where a list's item starts: "45." after a question is an answer."""
    norm = _normalised(sentence)
    if not n.word and any(
        a <= n.start and n.end <= b and sum(c.isdigit() for c in norm[a:b]) >= PHONE_DIGITS
        for a, b in ((m.start(), m.end()) for m in PHONE.finditer(norm))
    ):
        return "probably part of a phone number, not a count"
    if n.low is not None or n.ratio or n.odds:
        return None
    if _before(IDENTIFIER_BEFORE, norm, n.start) or (
        not n.word and _before(CODE_BEFORE, norm, n.start)
    ):
        return "probably part of a name (an aircraft, a resolution, an article), not a count"
    if not n.word and ORDINAL_AFTER.match(norm, n.end):
        return f"probably an ordinal ('{sentence[n.start : n.end + 3].split()[0]}'), not a count"
    if not n.word and (
        CLOCK.match(norm, n.end)
        or _before(CLOCK_BEFORE, norm, n.start)
        or (n.plain and n.value <= 24 and CLOCK_AFTER.match(norm, n.end))
    ):
        return "probably a time of day, not a count"
    if _before(FOOTNOTE, norm, n.start) and norm[n.end : n.end + 1] == "]":
        return "probably a footnote mark, not a count"
    if (
        n.plain
        and len(n.written) <= 2
        and _before(FOOTNOTE_JOINED, norm, n.start)
        and not norm[n.end : n.end + 1].strip()
    ):
        return "probably a footnote mark (a superscript read as text), not a count"
    if (
        opens_paragraph
        and n.plain
        and n.value < 100
        and LIST_MARK_BEFORE.fullmatch(norm[: n.start])
        and LIST_MARK_AFTER.match(norm, n.end)
    ):
        return "probably the number of an item in a list ('1.', '2)', '(3)'), not a count"
    # a round figure's noun takes its unit after "de": "une quinzaine de jours", "une centaine
    # de mètres"
    after = norm[n.end :]
    if n.approximate and (of := OF_AFTER.match(after)):
        after = " " + after[of.end() :]
    if MEASURE_AFTER.match(after):
        return "probably a size or a weight, not a count"
    age = _before(AGE_BEFORE, norm, n.start)
    # the last of a list of ages, unless people follow it ("aged 40 and 12 civilians died")
    listed = age is not None and not re.search(
        r"(?i:age[sd]?|âgée?s?|عمر)\s*(?:of\s+|de\s+)?$", age.group()
    )
    # the last of a list of ages closes it: a comma, a bracket, the sentence's end or "years"
    # ("aged 7 and 9, were killed"); "aged 40 and 12 others were killed" counts the 12
    closed = not listed or bool(AGE_LIST_END.match(norm, n.end))
    if (age and closed) or AGE_AFTER.match(norm, n.end):
        return "probably an age, not a count"
    if LENGTH_AFTER.match(norm, n.end) or LENGTH_WORDS.match(after):
        return "probably a length of time, not a count"
    share = SHARE_AFTER.match(norm, n.end)
    if share:
        return (
            f"probably a share ('{sentence[n.start : share.end()]}'), not a count: a percent "
            "metric holds it"
        )
    return None


# ---- rows ----------------------------------------------------------------------------------------


def slug(name: str) -> str:
    """A file name as the start of a figure_id: lower-case letters, digits and hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")
    return s or "document"


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _pieces(sentence: str, limit: int = MAX_QUOTE) -> list[str]:
    """The sentence, or, when it is longer than limit, its parts of at most limit characters: each
    cut after the last "; " or ", " in its second half, else at the last space there, else at the
    limit (never between two digits, where it can help it)."""
    parts, rest = [], sentence
    while len(rest) > limit:
        head = rest[:limit]
        cut = max(head.rfind("; "), head.rfind(", ")) + 1
        if cut <= limit // 2:
            cut = head.rfind(" ")
        if cut <= limit // 2:
            cut = limit
            while cut > limit // 2 and rest[cut - 1].isdigit() and rest[cut].isdigit():
                cut -= 1
            if cut == limit // 2:
                cut = limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return [part for part in parts if part]


def draft_rows(
    text: str,
    name: str,
    fields: list[str] | None = None,
    qualifiers: list[str] | None = None,
    metrics: set[str] | None = None,
    lang: str | None = None,
) -> list[dict[str, str]]:
    """One row per number in a plain text (paragraphs between blank lines), with the columns of
    figures.csv (`fields`, by default the schema's): figure_id from `name` and the position, value
    (or low and high), value_as_written, qualifier (one of `qualifiers`, by default the schema's),
    metric guess (blank when none), period_as_written, locator "paragraph N, sentence M", quote (the
    sentence) and notes (the reasons for each guess). A metric not in `metrics` is noted. Each
    sentence's numbers are read in its own language (its paragraph's, else the document's, where
    it says too little);
    `lang` forces one language on the whole text. The text is read as a reader sees it, without
    invisible format characters: a zero-width space in "1\u200b069" would split it in two (the
    quote check of the data package folds them away in the raw document too)."""
    text = visible(text)
    fields = list(fields or schema.field_names("figures"))
    if "notes" not in fields:
        fields.append("notes")
    if qualifiers is None:
        qualifiers = next(
            f.get("constraints", {}).get("enum", [])
            for f in schema.fields("figures")
            if f["name"] == "qualifier"
        )
    document_lang = lang or document_language(text)
    stem = slug(name)
    rows = []
    for p, para in enumerate(paragraphs(text), 1):
        # a French quote in an English article is read with French separators, unless forced
        para_lang = lang or language(para, fallback=document_lang)
        previous, referred = "", False  # the sentence before, in the paragraph
        for s, whole in enumerate(sentences(para), 1):
            # and so is a French sentence in an English paragraph, if it says enough to tell
            sentence_lang = lang or language(whole, fallback=para_lang)
            # reports named by the sentence before, or referred back to by it, then by this one
            reports_before = bool(REFERS_BACK.match(whole)) and (
                bool(REPORT_NOUN.search(previous)) or referred
            )
            previous, referred = whole, reports_before
            parts = _pieces(whole)
            counted = 0  # the numbers of the sentence's earlier parts
            for part, sentence in enumerate(parts, 1):
                found = numbers(sentence, sentence_lang)
                # a year alone ("the 2014 campaign", "2014 civilians") is not the words of a period
                spans = [
                    (a, b, w)
                    for a, b, w in periods(sentence)
                    if not re.fullmatch(YEAR, w.translate(ASCII_DIGITS))
                ]
                period_words = periods_of_numbers(sentence, found, spans)
                earlier: list[tuple[Number, str]] = []  # the counts before, with their metrics
                for k, n in enumerate(found, 1):
                    following = found[k].start if k < len(found) else len(sentence)
                    preceding = found[k - 2].end if k > 1 else 0
                    metric, metric_why = guess_metric(
                        sentence, n, following, preceding, reports_before
                    )
                    noun_after = (
                        bool(_first_noun(" ".join(sentence[n.end : following].split()[:2])))
                        or metric == "percent"
                    )
                    inside = [w for a, b, w in spans if a <= n.start and n.end <= b]
                    # a number inside the period's words ("the first seven months of 2017") is
                    # said to be part of it, not a length of time of its own
                    date = date_reason(sentence, n, noun_after, bool(inside)) or (
                        None
                        if inside
                        else not_a_count(sentence, n, opens_paragraph=s == 1 and part == 1)
                    )
                    notes = list(n.notes)
                    if sentence_lang != para_lang:
                        notes.append(
                            f"sentence read as {LANGUAGES[sentence_lang]} (its paragraph as "
                            f"{LANGUAGES[para_lang]})"
                        )
                    elif para_lang != document_lang:
                        notes.append(
                            f"paragraph read as {LANGUAGES[para_lang]} (the document as "
                            f"{LANGUAGES[document_lang]})"
                        )
                    kind, phrase = guess_qualifier(sentence, n, following)
                    qualifier = kind
                    if kind not in qualifiers:
                        qualifier = next(
                            (q for q in FALLBACK.get(kind, ()) if q in qualifiers), kind
                        )
                    if kind not in ("exact", "between"):
                        notes.append(
                            f"qualifier from '{phrase}'"
                            + (f" ({kind} read as {qualifier})" if qualifier != kind else "")
                        )
                    compared = (
                        compared_with(sentence, n, following, earlier)
                        if metric or not metric_why  # no word said what it is, nor what it is not
                        else None
                    )
                    if compared:
                        metric, metric_why = compared
                    words, source = period_words[k - 1]
                    span_count = added_in_a_span(sentence, n, spans, metric, words, source)
                    if span_count:
                        metric, metric_why = span_count
                    if date:
                        metric, metric_why = "", ""
                        notes.insert(0, date)
                    elif inside:
                        notes.insert(0, f"part of the period '{inside[0]}'")
                        metric, metric_why = "", ""
                    if metric_why:
                        notes.append(metric_why)
                    if metric and metrics is not None and metric not in metrics:
                        notes.append(f"{metric} is not yet a metric in metrics.csv")
                    if len(parts) > 1:
                        notes.append(
                            f"quoted in part: the sentence has {len(whole):,} characters, "
                            f"read in {len(parts)} parts; this is part {part}"
                        )
                    guessed = "" if date or inside else period_note(source, words, spans)
                    if guessed:
                        notes.append(guessed)
                    if "; " in words and not (date or inside):
                        notes.append(
                            f"period phrases apart in the sentence ('{words}'): keep the one that "
                            "applies, as written"
                        )
                    suffix = f"-p{p}-s{s}-n{counted + k}"
                    row = dict.fromkeys(fields, "")
                    row.update(
                        {
                            "figure_id": stem[: 64 - len(suffix)].rstrip("-") + suffix,
                            "locator": f"paragraph {p}, sentence {s}",
                            "quote": sentence,
                            "metric": metric,
                            "value": _plain(n.value),
                            "value_as_written": n.written,
                            "qualifier": qualifier,
                            "low": _plain(n.low),
                            "high": _plain(n.high),
                            "period_as_written": "" if date or inside else words,
                            "notes": "; ".join(notes),
                        }
                    )
                    rows.append({f: row.get(f, "") for f in fields})
                    if metric and n.value:
                        earlier.append((n, metric))
                counted += len(found)
    return rows


# a cell of the draft that is a number as the draft writes one ("-5", "1.5"): a spreadsheet reads
# it as that number, never as a formula
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
FORMULA_NOTE = (
    "a cell that a spreadsheet would read as a formula starts with ' here (remove it, and check "
    "the source's words, before the row goes into figures.csv)"
)


def spreadsheet_safe(row: dict[str, str]) -> dict[str, str]:
    """A draft row as a curator may open it in a spreadsheet: a cell of the document's words that
    would start a formula (=HYPERLINK(...), @SUM(...), -2+3) gets a leading "'" (OWASP's advice),
    and the row's notes say so; a number the draft wrote stays as it is."""
    safe = {
        field: "'" + text
        if isinstance(text, str) and opens_formula(text) and not PLAIN_NUMBER.fullmatch(text)
        else text
        for field, text in row.items()
    }
    if safe != row and "notes" in safe:
        notes = "; ".join(n for n in (row.get("notes") or "", FORMULA_NOTE) if n)
        safe["notes"] = "'" + notes if opens_formula(notes) else notes
    return safe


def to_csv(rows: list[dict[str, str]], fields: list[str]) -> str:
    """The rows as CSV text with a header, "\\n" line ends, as figures.csv is written, every cell
    safe to open in a spreadsheet (spreadsheet_safe)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(spreadsheet_safe(row) for row in rows)
    return buf.getvalue()


def known_metrics(root: Path | str | None = None) -> set[str]:
    """The metrics of metrics.csv (empty when it cannot be read)."""
    try:
        text = paths.read_regular(schema.table_path("metrics", root)).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return set()
    return {r["metric"] for r in csv.DictReader(io.StringIO(text)) if r.get("metric")}


def draft_csv(path: Path | str, root: Path | str | None = None) -> str:
    """The draft rows of the document at path as CSV text, with the header of figures.csv read
    from datapackage.json. Raises DraftError (one line naming the file) for a bad document."""
    text = read_document(path, root)
    fields = schema.field_names("figures", root)
    if "notes" not in fields:
        fields.append("notes")
    rows = draft_rows(text, Path(path).name, fields, metrics=known_metrics(root))
    return to_csv(rows, fields)


def _kept_from_drafts(target: Path, root: Path) -> str | None:
    """What a draft may never replace, in words, or None: any file but a .csv (a module, a
    notebook, the README, the document read), git's folder, the published site (only the build
    writes reports/), the raw documents (data/raw/ is never changed) and the data package's own
    files (datapackage.json and every table it describes: a draft over figures.csv would lose
    every curated row)."""
    if any(_inside(target, reports.resolve()) for reports in (paths.REPORTS, root / "reports")):
        return "inside reports/, which only the build writes"
    if _inside(target, (root / "data" / "raw").resolve()):
        return "inside data/raw/, whose documents are never changed"
    try:
        package = {(root / "datapackage.json").resolve()} | {
            schema.table_path(name, root).resolve() for name in schema.resource_names(root)
        }
    except Exception:  # an unreadable package protects only its descriptor
        package = {(root / "datapackage.json").resolve()}
    if target in package:
        return "a file of the data package"
    if ".git" in target.relative_to(root.resolve()).parts:
        return "inside .git/, git's own folder"
    if target.suffix.lower() != ".csv":
        # never a notebook, a module, the README, the Makefile, git's config or the document read
        return "not a .csv file (a draft is a CSV, and nothing else is replaced by one)"
    return None


def write_draft(
    text: str, out: Path | str, force: bool = False, root: Path | str | None = None
) -> Path:
    """Write text to out, which must be inside the repository (root, by default the data root:
    the repository unless CIVCAS_DATA_ROOT points elsewhere); an existing file is replaced only
    with force, and never through a symbolic link (the link itself is replaced). Returns the path
    written. Raises DraftError, one line naming out, when it refuses."""
    name, out = str(out), Path(out)
    root = paths.data_root(root)
    try:
        folder = out.parent.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        raise DraftError(f"--out {name}: the folder {out.parent} does not exist") from None
    target = folder / out.name
    if not out.name or not _inside(target, root) or target == root:
        raise DraftError(f"--out {name} is outside the repository ({root}); refused")
    refused = _kept_from_drafts(target, root)
    if refused:
        raise DraftError(
            f"--out {name} is {refused}; refused: write the draft to a file of its own"
        )
    exists = os.path.lexists(target)
    if exists and paths.file_kind(target) not in (None, "a symbolic link"):
        raise DraftError(f"--out {name} is {paths.file_kind(target)}; expected a file name")
    if exists and not force:
        raise DraftError(f"--out {name} exists; add --force to replace it")
    tmp = target.with_name(f".{target.name}.draft-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails, rather than replaces, if a file appeared meanwhile
    except FileExistsError:
        raise DraftError(f"--out {name} exists; add --force to replace it") from None
    except OSError as exc:
        raise DraftError(f"--out {name} cannot be written ({exc.strerror or exc})") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return target
