"""The curator's drafting helper (helpers/data/draft.py, `python -m helpers draft FILE`): numbers in
the three scripts and their separators, qualifiers, metric guesses, periods, dates flagged,
locators; the command line's output, its refusals (one line, exit code 2); and its recall on the
documents we hold, computed from the curated data."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import polars as pl
import pytest
import records
from test_csv_formula_safe import PAYLOADS

from benchmarks import draft_recall
from helpers import formatting, paths
from helpers.build import cli as buildcli
from helpers.checks import crosscheck
from helpers.data import draft, provenance, rowrules, schema, text, validate

NBSP, NNBSP = "\u00a0", "\u202f"
FIELDS = schema.field_names("figures")
QUALIFIERS = next(
    f["constraints"]["enum"] for f in schema.fields("figures") if f["name"] == "qualifier"
)


def q(kind: str) -> str:
    """The qualifier figures.csv gives a kind of wording (its own, or the nearest it has)."""
    return kind if kind in QUALIFIERS else next(k for k in draft.FALLBACK[kind] if k in QUALIFIERS)


def cli(*args, cwd=paths.ROOT, env=None, module="helpers", process=False):
    """`python -m helpers draft ARGS`: what it prints and returns, as a CompletedProcess. Run in
    this process through the command line's own main() (the exit code it returns, its standard
    output read as a process's would be), or in a process of its own with process=True, another
    module, another folder or a PYTHON* setting. (Each process took 0.5 s of CPU, most of it
    importing: the draft tests ran nineteen.) The process's own contract, its exit code and no
    traceback, is held by the tests that pass process=True."""
    env = env or {}
    if process or module != "helpers" or cwd != paths.ROOT or any(k.startswith("PY") for k in env):
        return subprocess.run(
            [sys.executable, "-m", module, "draft", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, **env},
        )
    argv = ["draft", *map(str, args)]
    stdout, stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        try:
            code = buildcli.main(argv)
        except SystemExit as exc:  # argparse's own refusal
            code = exc.code
        stdout.flush()
    # read back as text=True reads a process's output: UTF-8, any line end as "\n"
    printed = io.TextIOWrapper(io.BytesIO(stdout.buffer.getvalue()), encoding="utf-8").read()
    return subprocess.CompletedProcess(argv, code, printed, stderr.getvalue())


def rows_of(csv_text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_text)))


def key(row: dict) -> tuple:
    return (
        row["value"],
        row["low"],
        row["high"],
        row["value_as_written"],
        row["qualifier"],
        row["metric"],
        row["locator"],
        "probably a date" in row["notes"],
    )


# ---- numbers as written --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "lang", "value"),
    [
        ("1,114", "en", "1114"),
        (f"1{NBSP}114", "en", "1114"),
        (f"1{NNBSP}114", "fr", "1114"),
        ("1 114", "fr", "1114"),
        ("1.114", "fr", "1114"),
        ("28.562", "fr", "28562"),
        ("0,94", "fr", "0.94"),
        ("1,234.5", "en", "1234.5"),
        ("1.5", "en", "1.5"),
        ("1.234.567", "fr", "1234567"),
        ("١٬١١٤", "ar", "1114"),
        ("۱۲۳", "ar", "123"),
        ("٣٫٥", "ar", "3.5"),
        ("٢٨٥٦٢", "ar", "28562"),
    ],
)
def test_numbers_are_read_in_each_script_and_convention(written, lang, value):
    assert draft.parse_number(written, lang)[0] == Decimal(value)


def test_a_plain_space_groups_thousands_only_in_french():
    assert [n.value for n in draft.numbers("on 23 114 more", "en")] == [23, 114]
    assert [n.value for n in draft.numbers("le 23 114 de plus", "fr")] == [23114]


@pytest.mark.parametrize(
    ("sentence", "value", "low", "high", "qualifier", "metric"),
    [
        ("Nearly 300 civilians were killed.", "300", "", "", "about", "civilians_killed"),
        ("More than 1,000 people died.", "1000", "", "", "more_than", "civilians_killed"),
        ("At least 45 children were killed.", "45", "", "", "at_least", "children_killed"),
        ("Up to 12 women were wounded.", "12", "", "", "up_to", "women_injured"),
        ("Some 40 were injured in the raid.", "40", "", "", "about", "civilians_injured"),
        ("It killed 6,193–9,537 civilians.", "", "6193", "6193", "between", "civilians_killed"),
        ("Between 10 and 20 civilians died.", "", "10", "10", "between", "civilians_killed"),
        (
            "The coalition carried out 2.5 million strikes.",
            "2500000",
            "",
            "",
            "exact",
            "airstrikes",
        ),
        ("It assessed 1,799 reports of possible harm.", "1799", "", "", "exact", None),
        ("The rate fell to 0.94% last year.", "0.94", "", "", "exact", "percent"),
    ],
)
def test_qualifiers_and_metrics_are_guessed_from_the_words(
    sentence, value, low, high, qualifier, metric
):
    (row,) = [r for r in draft.draft_rows(sentence, "zz-test-en.txt") if "date" not in r["notes"]]
    high = {"6193": "9537", "10": "20"}.get(high, high)
    assert (row["value"], row["low"], row["high"], row["qualifier"]) == (
        value,
        low,
        high,
        q(qualifier),
    )
    if metric:
        assert row["metric"] == metric and "metric guessed from" in row["notes"]
    else:
        assert row["metric"].startswith("civcas_reports_")


def test_a_sentence_with_no_word_for_what_is_counted_gets_no_metric():
    (row,) = draft.draft_rows("The figure was revised to 1,114 on Thursday.", "zz-test-en.txt")
    assert row["metric"] == "" and row["value"] == "1114"


def test_years_and_days_are_listed_and_flagged_as_dates():
    text = "As of September 23, 2014, the count was 617 women; 2014 civilians died in June."
    rows = draft.draft_rows(text, "zz-test-en.txt")
    got = {r["value"]: r for r in rows}
    assert set(got) == {"23", "2014", "617"} and len(rows) == 4
    assert [r["notes"] for r in rows if r["value"] == "23"] == [
        "probably a date (a day of the month next to 'September')"
    ]
    years = [r for r in rows if r["value"] == "2014"]
    assert [r["notes"] for r in years][0] == "probably a date (a year)"
    assert years[1]["metric"] == "civilians_killed" and "date" not in years[1]["notes"]
    # the phrase of the other clause ("in June", after the semicolon) is the other number's
    assert got["617"]["period_as_written"] == "As of September 23, 2014"
    assert years[1]["period_as_written"] == "in June"


# ---- fixtures in French and Arabic ---------------------------------------------------------------

FRENCH = (
    "Bilan des frappes en Syrie\n\n"
    "Selon la coalition, au moins 1.114 civils ont été tués depuis août 2014. "
    f"Plus de 28{NNBSP}562 frappes ont été menées.\n\n"
    "Près de 200 enfants figurent parmi les victimes, et jusqu'à 45 femmes. "
    "Le taux d'erreur serait de 0,94 % selon l'ONG.\n\n"
    "Le rapport du 23 septembre 2018 fait état de 6 193–9 537 morts."
)
ARABIC = (
    "قالت الشبكة إن ما لا يقل عن ١٬١١٤ مدنياً قتلوا منذ آب ٢٠١٤.\n\n"
    "وأضافت أن أكثر من ٨٦١ طفلاً قتلوا، إضافة إلى حوالي ٦١٧ امرأة.\n\n"
    "ونفذت الطائرات قرابة ٢٨٥٦٢ غارة جوية، وأصيب ١٬٠٦٩ مدنياً بجروح.\n\n"
    "وبلغت النسبة ٣٫٥٪ من مجموع الضحايا."
)


def expected_rows(text: str, stem: str, numbers: list[tuple]) -> list[tuple]:
    """(figure_id, key) for each number, in order, with its locator found from the text: numbers
    are (sentence, value_as_written, value, low, high, qualifier, metric, is a date)."""
    out, seen = [], {}
    for sentence, written, value, low, high, qualifier, metric, date in numbers:
        (p,) = [i for i, para in enumerate(draft.paragraphs(text), 1) if sentence in para]
        s = draft.sentences(draft.paragraphs(text)[p - 1]).index(sentence) + 1
        seen[(p, s)] = seen.get((p, s), 0) + 1
        locator = f"paragraph {p}, sentence {s}"
        out.append(
            (
                f"{stem}-p{p}-s{s}-n{seen[(p, s)]}",
                (value, low, high, written, qualifier, metric, locator, date),
            )
        )
    return out


def test_a_french_document(tmp_path):
    doc = tmp_path / "zz-test-fr.txt"
    doc.write_text(FRENCH, encoding="utf-8")
    s1 = "Selon la coalition, au moins 1.114 civils ont été tués depuis août 2014."
    s2 = f"Plus de 28{NNBSP}562 frappes ont été menées."
    s3 = "Près de 200 enfants figurent parmi les victimes, et jusqu'à 45 femmes."
    s4 = "Le taux d'erreur serait de 0,94 % selon l'ONG."
    s5 = "Le rapport du 23 septembre 2018 fait état de 6 193–9 537 morts."
    expected = expected_rows(
        FRENCH,
        "zz-test-fr",
        [
            (s1, "1.114", "1114", "", "", "at_least", "civilians_killed", False),
            (s1, "2014", "2014", "", "", "exact", "", True),
            (s2, f"28{NNBSP}562", "28562", "", "", q("more_than"), "airstrikes", False),
            (s3, "200", "200", "", "", "about", "children_killed", False),
            (s3, "45", "45", "", "", q("up_to"), "women_killed", False),
            (s4, "0,94", "0.94", "", "", "exact", "percent", False),
            (s5, "23", "23", "", "", "exact", "", True),
            (s5, "2018", "2018", "", "", "exact", "", True),
            (s5, "6 193–9 537", "", "6193", "9537", "between", "civilians_killed", False),
        ],
    )
    rows = rows_of(draft.draft_csv(doc))
    assert [(r["figure_id"], key(r)) for r in rows] == expected
    first = rows[0]
    assert first["quote"] == s1 and first["period_as_written"] == "depuis août 2014"
    assert "qualifier from 'au moins'" in first["notes"]
    assert "read '1.114' as 1114" in first["notes"]
    assert "qualifier from 'Plus de'" in rows[2]["notes"]
    assert (q("more_than") != "more_than") == ("more_than read as" in rows[2]["notes"])
    assert draft.language(FRENCH) == "fr"


def test_an_arabic_document_in_arabic_indic_digits(tmp_path):
    doc = tmp_path / "zz-test-ar.txt"
    doc.write_text(ARABIC, encoding="utf-8")
    p1, p2, p3, p4 = draft.paragraphs(ARABIC)
    expected = expected_rows(
        ARABIC,
        "zz-test-ar",
        [
            (p1, "١٬١١٤", "1114", "", "", "at_least", "civilians_killed", False),
            (p1, "٢٠١٤", "2014", "", "", "exact", "", True),
            (p2, "٨٦١", "861", "", "", q("more_than"), "children_killed", False),
            (p2, "٦١٧", "617", "", "", "about", "women_killed", False),
            (p3, "٢٨٥٦٢", "28562", "", "", "about", "airstrikes", False),
            (p3, "١٬٠٦٩", "1069", "", "", "exact", "civilians_injured", False),
            (p4, "٣٫٥", "3.5", "", "", "exact", "percent", False),
        ],
    )
    rows = rows_of(draft.draft_csv(doc))
    assert [(r["figure_id"], key(r)) for r in rows] == expected
    assert rows[0]["period_as_written"] == "منذ آب ٢٠١٤"
    assert "qualifier from 'ما لا يقل عن'" in rows[0]["notes"]
    unknown = "civilians_injured" not in draft.known_metrics()
    assert ("civilians_injured is not yet a metric" in rows[5]["notes"]) == unknown
    assert draft.language(ARABIC) == "ar"


def test_an_html_page_loses_its_markup_and_keeps_its_paragraphs(tmp_path):
    page = tmp_path / "zz-test-page.html"
    page.write_text(
        "<html><head><style>p{margin:0} .n{width:999px}</style>"
        "<script>var killed = 4242;</script></head><body>"
        "<h1>Coalition figures</h1><p>The coalition said 1,114 civilians were killed.</p>"
        "<p>It carried out&nbsp;<b>30,008</b> strikes.<br>About 53 more died.</p></body></html>",
        encoding="utf-8",
    )
    rows = rows_of(draft.draft_csv(page))
    assert [(r["value"], r["locator"], r["metric"]) for r in rows] == [
        ("1114", "paragraph 2, sentence 1", "civilians_killed"),
        ("30008", "paragraph 3, sentence 1", "airstrikes"),
        # a line break (<br>) is no end of a paragraph: "about<br>300" is about 300
        ("53", "paragraph 3, sentence 2", "civilians_killed"),
    ]
    assert rows[2]["qualifier"] == "about"
    (row,) = draft.draft_rows(text.html_text("<p>about<br>300 civilians were killed</p>"), "zz")
    assert (row["value"], row["qualifier"]) == ("300", "about")


def test_a_page_s_invisible_characters_are_left_out_of_the_draft_and_its_quotes_still_trace(
    tmp_path,
):
    """A page copied from the web holds characters that show nothing (a zero-width space, a
    right-to-left mark, a soft hyphen): a number they split is read whole, the quote a curator
    copies from the draft shows what a reader sees, and the data package's quote check still finds
    it in the raw document, which keeps them."""
    raw = (
        "\ufeffThe coalition said 1\u200b114 civil\u00adians were killed since 2014.\n\n"
        "\u200fوقالت الشبكة إن \u200f٢\u200f٬٣٠٠ مدني قتلوا.\n"
    )
    page = tmp_path / "zz-test-invisible.txt"
    page.write_text(raw, encoding="utf-8")
    rows = rows_of(draft.draft_csv(page))
    assert [(r["value"], r["value_as_written"]) for r in rows] == [
        ("1114", "1114"),
        ("2014", "2014"),
        ("2300", "٢٬٣٠٠"),
    ]
    folded = {"zz-test-invisible": text.fold(raw)}
    for row in rows:
        assert row["quote"] == text.visible(row["quote"])
        assert (
            provenance.not_found(folded, "zz-test-invisible", text.fold(row["quote"]), "q") is None
        )


# ---- a document in more than one language -------------------------------------------------------

MIXED = (
    "The coalition said on Thursday that its strikes had killed 1,114 civilians in Iraq and Syria "
    "since the start of the campaign, and the figure was repeated by the Pentagon.\n\n"
    "« Le bilan réel est soit 2,5 fois plus élevé, avec 12,5 % de femmes et plus de 3 000 morts "
    "depuis le début de la campagne », selon l'ONG.\n\n"
    "وقالت الشبكة إن عدد الضحايا بلغ ثلاثة أضعاف ما أعلنه التحالف.\n\n"
    "Airwars counted 12,5 more."
)


def test_each_paragraph_is_read_in_its_own_language():
    rows = draft.draft_rows(MIXED, "zz-test-mixed.txt")
    english, french, arabic, short = draft.paragraphs(MIXED)
    assert draft.document_language(MIXED) == "en"
    assert [draft.language(p, fallback="en") for p in (english, french, arabic)] == [
        "en",
        "fr",
        "ar",
    ]
    got = {r["value_as_written"]: r for r in rows if r["quote"] in french}
    assert got["2,5 fois"]["value"] == "2.5"
    assert got["12,5"]["value"] == "12.5" and got["12,5"]["metric"] == "percent"
    assert got["3 000"]["value"] == "3000" and got["3 000"]["qualifier"] == q("more_than")
    assert all("paragraph read as French" in r["notes"] for r in got.values())
    (word,) = [r for r in rows if r["quote"] in arabic]
    assert (word["value"], word["value_as_written"]) == ("3", "ثلاثة أضعاف")
    # a paragraph that says too little takes the document's language: in English "12,5" is two
    assert [r["value"] for r in rows if r["quote"] in short] == ["12", "5"]
    assert [r["value"] for r in rows if r["quote"] in english] == ["1114"]


def test_a_language_forced_by_the_caller_is_used_for_every_paragraph():
    rows = draft.draft_rows(MIXED, "zz-test-mixed.txt", lang="en")
    french = draft.paragraphs(MIXED)[1]
    assert [r["value"] for r in rows if r["quote"] in french][:4] == ["2", "5", "12", "5"]
    assert not any("paragraph read as" in r["notes"] for r in rows)


def test_a_paragraph_with_too_little_signal_takes_the_documents_language():
    assert draft.language("Raqqa: 1 200.", fallback="fr") == "fr"
    assert draft.language("Raqqa: 1 200.", fallback="en") == "en"
    assert draft.language("١٬٢٠٠", fallback="en") == "en"
    assert draft.language("soit 2,5 fois plus", fallback="en") == "fr"
    # a French name in an English sentence is no sign of French
    assert draft.language("Médecins Sans Frontières said 1,114 died.", fallback="en") == "en"
    french = "Selon l'ONG, les frappes ont tué des civils depuis le début.\n\nRaqqa : 1 200 morts."
    english = "The strikes killed civilians in Raqqa since the start of the war.\n\nRaqqa: 1 200."
    assert [r["value"] for r in draft.draft_rows(french, "zz-test-fr.txt")] == ["1200"]
    assert [r["value"] for r in draft.draft_rows(english, "zz-test-en.txt")] == ["1", "200"]


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP, "\u2009"])
def test_french_groups_thousands_with_a_plain_or_a_no_break_space(space):
    (row,) = draft.draft_rows(f"Il y a eu plus de 3{space}000 morts.", "zz-test-fr.txt", lang="fr")
    assert (row["value"], row["value_as_written"]) == ("3000", f"3{space}000")


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("En 2017 1 200 civils ont été tués dans la ville.", ["2017", "1200"]),
        ("En 2017 200 civils ont été tués dans la ville.", ["2017", "200"]),
        (f"En 2017{NBSP}1 200 civils ont été tués dans la ville.", ["2017", "1200"]),
        ("Il y a eu 1 200 civils tués en 2017 dans la ville.", ["1200", "2017"]),
        ("Depuis 2014 3 000 frappes ont été menées.", ["2014", "3000"]),
    ],
)
def test_french_never_joins_a_year_and_a_number(sentence, values):
    rows = draft.draft_rows(sentence, "zz-test-fr.txt", lang="fr")
    assert [(r["value"], r["low"], r["high"]) for r in rows] == [(v, "", "") for v in values]
    year = next(r for r in rows if r["value"] in ("2014", "2017"))
    assert "probably a date (a year)" in year["notes"]


# ---- ratios and odds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "written", "value", "official"),
    [
        ("Airwars put the toll at 31 times the coalition's figure.", "31 times", "31", True),
        ("Monitors count ten times more deaths than the Pentagon admits.", "ten times", "10", True),
        ("Deaths in Mosul were ten times those in Raqqa.", "ten times", "10", False),
        ("Le bilan serait 2,5 fois plus élevé que celui de la coalition.", "2,5 fois", "2.5", True),
        ("Les morts sont trois fois plus nombreux à Raqqa qu'à Mossoul.", "trois fois", "3", False),
        ("وبلغ عدد الضحايا ثلاثة أضعاف ما أعلنه التحالف.", "ثلاثة أضعاف", "3", True),
        ("وبلغ عدد القتلى في الرقة ضعف عددهم في الموصل.", "ضعف", "2", False),
        ("The toll was twice that of the previous year.", "twice", "2", False),
    ],
)
def test_a_multiple_of_another_count_is_a_ratio(sentence, written, value, official):
    (row,) = draft.draft_rows(sentence, "zz-test-ratio.txt", metrics=draft.known_metrics())
    assert (row["value"], row["value_as_written"], row["qualifier"]) == (value, written, "exact")
    assert written in row["quote"]
    if official:
        assert row["metric"] == "ratio_to_official"
        assert "a count as a multiple of the official one" in row["notes"]
        unknown = "ratio_to_official" not in draft.known_metrics()
        assert ("ratio_to_official is not yet a metric" in row["notes"]) == unknown
    else:
        assert row["metric"] == "" and "a ratio" in row["notes"]
        assert "choose its metric" in row["notes"]


def _typed(rows: list[dict]):
    """Drafted rows as figures.csv would hold them once a curator names their report."""
    fields = schema.field_names("figures")
    named = [{**r, "report_id": "zz-test-report", "carried_by": "zz-test-report"} for r in rows]
    data = draft.to_csv([{f: r.get(f, "") for f in fields} for r in named], fields)
    return validate.typed_table(
        validate.text_cells(data.encode(), "zz-test.csv", fields), "figures"
    )


@pytest.mark.parametrize(
    ("sentence", "written", "value"),
    [
        ("Quatre-vingt-dix civils ont été tués.", "Quatre-vingt-dix", "90"),
        ("Une centaine de civils ont été tués.", "Une centaine", "100"),
        ("وقتل اثنان وعشرون مدنياً.", "اثنان وعشرون", "22"),
        ("مقتل ثلاثة آلاف مدني.", "ثلاثة آلاف", "3000"),
        ("Thirteen hundred civilians were killed.", "Thirteen hundred", "1300"),
        ("Half a million civilians were killed.", "Half a million", "500000"),
        ("قتل نصف مليون مدني.", "نصف مليون", "500000"),
    ],
)
def test_a_number_in_words_drafted_is_valid_and_traced_and_a_wrong_value_is_refused(
    sentence, written, value
):
    """A number in French or Arabic words was refused by the quote check ("not a number printed
    in the quote": it knew English words only), and a value that its words contradict passed."""
    (row,) = draft.draft_rows(sentence, "zz-test-words.txt")
    assert (row["value"], row["value_as_written"]) == (value, written)
    assert rowrules.figure_problems(_typed([row])) == []
    folded = {"zz-test-words": text.fold(sentence)}
    assert provenance._source_problems("zz-test-words", sentence, written, None, folded) == []
    wrong = {**row, "value": str(int(value) + 1), "figure_id": "zz-test-words-wrong"}
    (problem,) = rowrules.figure_problems(_typed([row, wrong]))
    assert (problem.row, problem.column) == (3, "value")
    assert f"does not match the printed {written!r}, read as {value}" in problem.message


def test_a_row_in_arabic_indic_digits_is_valid_and_one_that_contradicts_them_is_not():
    """polars' \\d takes Arabic-Indic digits too: "٣٠" was compared with 30 digit for digit and
    every drafted Arabic row was refused."""
    (row,) = draft.draft_rows("قتل ٣٠ مدنياً.", "zz-test-arabic.txt")
    assert (row["value"], row["value_as_written"]) == ("30", "٣٠")
    extended = {**row, "figure_id": "zz-test-persian", "value": "1114", "value_as_written": "۱۱۱۴"}
    assert rowrules.figure_problems(_typed([row, extended])) == []
    wrong = {**row, "figure_id": "zz-test-wrong", "value": "31"}
    (problem,) = rowrules.figure_problems(_typed([row, wrong]))
    assert (problem.row, problem.column) == (3, "value") and "'٣٠'" in problem.message


def test_a_value_as_written_is_traced_only_as_a_whole_number_of_its_quote():
    """A word inside a longer number is not the number printed ("ثلاثة" of "ثلاثة آلاف", value 3;
    "vingt" of "quatre-vingt-dix"); English teens are number words; a value copied with the page's
    invisible characters is read as the quote is."""
    cases = [
        ("مقتل ثلاثة آلاف مدني.", "ثلاثة", False),
        ("Quatre-vingt-dix civils ont été tués.", "vingt", False),
        ("They killed three thousand civilians.", "three", False),
        ("Forty-five civilians died.", "Forty", False),
        ("One of the twenty-one was a child.", "One", True),
        # one end of a range, the count of odds: numbers of their own
        ("Between sixty and seventy civilians died.", "sixty", True),
        ("One in five civilians died.", "five", True),
        ("Seventeen civilians were killed.", "Seventeen", True),
        ("Between sixty and seventy civilians died.", "sixty and seventy", True),
        ("Entre une dizaine et une vingtaine de civils.", "une dizaine et une vingtaine", True),
        ("At least 1\u200b069 civilians died.", "1\u200b069", True),
    ]
    for quote, written, traced in cases:
        folded = {"zz-test-words": text.fold(quote)}
        problems = provenance._source_problems(
            "zz-test-words", text.visible(quote), written, None, folded
        )
        assert (problems == []) == traced, (quote, written, problems)


@pytest.mark.parametrize(
    ("sentence", "written", "right", "wrong"),
    [
        ("Il y a eu 3\u00a0000 morts.", "3\u00a0000", "3000", "30"),
        ("Il y a eu 3\u202f000 morts.", "3\u202f000", "3000", "30"),
        ("قتل ٣٬٠٠٠ مدني.", "٣٬٠٠٠", "3000", "30"),
        ("Some 2 million people fled.", "2 million", "2000000", "2"),
        ("Quelque 1,2 million de personnes.", "1,2 million", "1200000", "1.2"),
        ("قتل ٣ آلاف مدني.", "٣ آلاف", "3000", "3"),
    ],
)
def test_a_value_its_printed_digits_or_multiplier_contradict_is_refused(
    sentence, written, right, wrong
):
    """Only digits grouped by plain spaces were compared with the value: "3\u00a0000" (as the
    draft copies a French number), "٣٬٠٠٠" or "2 million" passed with 30, 30 or 2."""
    fields = {"value_as_written": written, "quote": sentence, "metric": "zz_test_count"}
    row = {**draft.draft_rows(sentence, "zz-test-digits.txt")[0], **fields, "value": right}
    assert rowrules.figure_problems(_typed([row])) == []
    bad = {**row, "figure_id": "zz-test-bad", "value": wrong}
    (problem,) = rowrules.figure_problems(_typed([row, bad]))
    assert (problem.row, problem.column) == (3, "value"), problem


def test_words_that_are_no_number_stay_untraced_and_words_no_reader_knows_pass_the_row_rule():
    folded = {"zz-test-words": "Many civilians died, ocho of them children."}
    problems = provenance._source_problems(
        "zz-test-words", folded["zz-test-words"], "Many", None, folded
    )
    assert [column for _, column in problems] == ["value_as_written"]
    (row,) = draft.draft_rows("Eight children died.", "zz-test-words.txt")
    assert rowrules.figure_problems(_typed([{**row, "value_as_written": "ocho"}])) == []


def test_the_number_of_an_item_in_a_list_is_no_count():
    """A numbered list's "2)" took the sentence's metric: a count of 2 deaths."""
    text_of_list = (
        "1. The coalition said 1,114 civilians were killed.\n2) Airwars counted 6,000 deaths."
    )
    rows = draft.draft_rows(f"{text_of_list}\n(3) SNHR said 3,000.\n\n• 4. Killed: 12.", "zz.txt")
    marks = [r for r in rows if "an item in a list" in r["notes"]]
    assert [(r["value"], r["metric"]) for r in marks] == [
        ("1", ""),
        ("2", ""),
        ("3", ""),
        ("4", ""),
    ]
    assert [(r["value"], r["metric"]) for r in rows if r not in marks] == [
        ("1114", "civilians_killed"),
        ("6000", "civilians_killed"),
        ("3000", ""),
        ("12", "civilians_killed"),
    ]
    (count,) = draft.draft_rows("The toll is 12. 12 more died.", "zz.txt")[:1]
    assert "an item in a list" not in count["notes"]
    # a text wrapped by hand breaks a line before a count, after no end of a sentence
    (wrapped,) = draft.draft_rows(
        "Intro.\n\nThe strikes killed a total of\n352. Most were men.", "zz.txt"
    )
    assert wrapped["value"] == "352" and "an item in a list" not in wrapped["notes"]
    # an answer after a question is a count, not a list's item
    (answer,) = draft.draft_rows("How many civilians died? 45.", "zz.txt")
    assert answer["value"] == "45" and "an item in a list" not in answer["notes"]


def test_each_bulleted_item_is_a_quote_of_its_own():
    """Bulleted lines inside a paragraph were one quote, and the period of one item went to
    another's number."""
    text = (
        "Intro.\n\nThe monitor listed its findings:\n• 1,437 civilians were killed in Raqqa\n"
        "• More than 60 women died in 2017\n▪ 120 children were injured.\nIt added:\n- 20 more."
    )
    quotes = [(row["value"], row["quote"]) for row in draft.draft_rows(text, "zz.txt")]
    assert quotes[0] == ("1437", "• 1,437 civilians were killed in Raqqa")
    assert quotes[1] == ("60", "• More than 60 women died in 2017")
    assert ("120", "▪ 120 children were injured.") in quotes
    assert ("20", "- 20 more.") in quotes
    # a line a hand wrapped, that starts with a dash after no end of a sentence, stays joined
    (wrapped, *_) = draft.draft_rows("Intro.\n\nThe toll was\n- by its count - 12.", "zz.txt")
    assert wrapped["quote"] == "The toll was - by its count - 12."


def test_a_count_of_times_against_an_official_word_is_not_a_count_of_people():
    (row,) = draft.draft_rows(
        "Airwars says at least ten times as many civilians died as the coalition admits.",
        "zz-test-ratio.txt",
    )
    assert (row["metric"], row["qualifier"]) == ("ratio_to_official", "at_least")


ODDS = [
    ("1 in 157 strikes killed a civilian, the coalition said.", "en", "1 in 157"),
    ("One in every 157 strikes killed civilians.", "en", "One in every 157"),
    ("Selon l'ONG, un sur 157 des frappes a tué des civils.", "fr", "un sur 157"),
    ("وقالت الشبكة إن واحد من كل ١٥٧ غارة أدت إلى مقتل مدنيين.", "ar", "واحد من كل ١٥٧"),
    ("Nearly one in 157 strikes killed civilians.", "en", "one in 157"),
    ("Selon l'ONG, 1 civil sur 157 a été tué dans les frappes.", "fr", "1 civil sur 157"),
]


@pytest.mark.parametrize(("sentence", "lang", "written"), ODDS)
def test_odds_are_one_row_valid_for_figures_csv(sentence, lang, written):
    rows = draft.draft_rows(sentence, "zz-test-odds.txt")
    assert draft.language(sentence) == lang
    (row,) = rows
    assert (row["value"], row["value_as_written"], row["low"], row["high"]) == (
        "157",
        written,
        "",
        "",
    )
    assert "a rate written as odds" in row["notes"] and "1/157" in row["notes"]
    assert row["metric"] == "" and "no metric guessed for a rate" in row["notes"]
    assert row["qualifier"] == ("about" if sentence.startswith("Nearly") else "exact")
    # once the curator names its report and a metric that is not a count, the row is valid
    fields = schema.field_names("figures")
    row = {**row, "report_id": "zz-test-report", "carried_by": "zz-test-report"}
    row["metric"] = "zz_test_rate"
    text = draft.to_csv([{f: row.get(f, "") for f in fields}], fields).encode("utf-8")
    typed = validate.typed_table(validate.text_cells(text, "zz-test.csv", fields), "figures")
    assert rowrules.figure_problems(typed) == []
    metrics = pl.DataFrame({"metric": ["zz_test_rate"], "unit": ["zz-test-ratio"]})
    units = pl.DataFrame({"unit": ["zz-test-ratio"], "is_count": [False]})
    assert rowrules.count_problems(typed, metrics, units) == []


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("The count rose by 1 in 2014, the coalition said.", ["1", "2014"]),
        ("The coalition killed 1 person in 12 raids.", ["1", "12"]),
    ],
)
def test_one_and_in_before_a_year_or_with_a_word_between_are_not_odds(sentence, values):
    rows = draft.draft_rows(sentence, "zz-test-en.txt")
    assert [r["value"] for r in rows] == values
    assert not any("odds" in r["notes"] for r in rows)


def test_the_first_number_of_a_range_of_ratios_is_a_ratio_too():
    rows = draft.draft_rows(
        "Airwars counts six to nine times the coalition's figure.", "zz-test-ratio.txt"
    )
    assert [(r["value"], r["value_as_written"], r["metric"]) for r in rows] == [
        ("6", "six", "ratio_to_official"),
        ("9", "nine times", "ratio_to_official"),
    ]


# ---- qualifiers written after a number -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "qualifiers"),
    [
        (
            "The coalition said on 31 January 2019 that at least 1,257 civilians were killed.",
            {"31": "exact", "2019": "exact", "1257": "at_least"},
        ),
        (
            "Airwars counted 12 civilians at least 5 of them children.",
            {"12": "exact", "5": "at_least"},
        ),
        (
            "Airwars counted 1,257 civilians at least, and 300 wounded.",
            {"1257": "at_least", "300": "exact"},
        ),
        ("Airwars counted 1,257 civilians at least.", {"1257": "at_least"}),
        (
            "Le 12 mai 2019 environ 300 civils ont été tués.",
            {"12": "exact", "2019": "exact", "300": "about"},
        ),
        (
            "قالت الشبكة في ٣١ كانون الثاني ٢٠١٩ إن على الأقل ١٬٢٥٧ مدنياً قتلوا.",
            {"31": "exact", "2019": "exact", "1257": "at_least"},
        ),
        (
            "قتل ١٬٢٥٧ مدنياً على الأقل، و٣٠٠ جريح.",
            {"1257": "at_least", "300": "exact"},
        ),
    ],
)
def test_a_phrase_after_a_number_that_a_number_follows_is_the_next_ones(sentence, qualifiers):
    rows = draft.draft_rows(sentence, "zz-test-after.txt")
    assert {r["value"]: r["qualifier"] for r in rows} == qualifiers


def test_guess_qualifier_looks_for_a_phrase_after_a_number_only_before_the_next():
    sentence = "In 2019 that at least 1,257 civilians were killed."
    year, count = draft.numbers(sentence, "en")
    assert draft.guess_qualifier(sentence, year, count.start) == ("exact", "")
    assert draft.guess_qualifier(sentence, count) == ("at_least", "at least")


# ---- the held documents: recall ------------------------------------------------------------------


def test_every_curated_number_of_the_held_documents_is_drafted():
    """Recall from the data: every figure a held document carries and every not-a-figure token of
    it is listed by the draft with its value (and the benchmark agrees)."""
    truth = draft_recall.truth()
    documents = {r["document_id"]: r for r in draft_recall.table("documents")}
    assert truth and set(truth) == set(documents)
    for doc, expected in truth.items():
        text = draft.read_document(paths.data_root() / documents[doc]["path"])
        rows = draft.draft_rows(text, documents[doc]["path"])
        listed = [(r["value"], r["low"], r["high"]) for r in rows]
        for e in expected:
            if e["kind"] == "figure":
                want = tuple("" if v is None else str(v) for v in (e["value"], e["low"], e["high"]))
            else:
                want = (str(draft_recall.number(e["token"], draft.language(text))), "", "")
            assert want in listed, (doc, e["id"], want)
            listed.remove(want)
        for r in rows:  # every locator points at its sentence
            p, s = (int(x.split()[1]) for x in r["locator"].split(", "))
            assert draft.sentences(draft.paragraphs(text)[p - 1])[s - 1] == r["quote"]
    results = draft_recall.measure()
    assert sum(r["expected"] for r in results) == sum(map(len, truth.values())) > 0
    for r in results:
        assert r["value_hits"] == r["expected"], r["missed"]  # value recall 1.0


# ---- the command line ----------------------------------------------------------------------------


def test_the_command_line_prints_the_figures_header_and_rows(tmp_path):
    doc = tmp_path / "zz-test-fr.txt"
    doc.write_text(FRENCH, encoding="utf-8")
    for module in ("helpers", "helpers.cli"):
        done = cli(doc, module=module, process=True)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        header = next(csv.reader(io.StringIO(done.stdout)))
        assert header == FIELDS + ([] if "notes" in FIELDS else ["notes"])
        assert rows_of(done.stdout) == rows_of(draft.draft_csv(doc))


def one_line_error(done, *words):
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ") and all(w in lines[0] for w in words), lines[0]
    assert done.stdout == ""


def test_bad_documents_get_one_line_and_exit_code_2(tmp_path):
    missing = tmp_path / "zz-test-missing.txt"
    one_line_error(cli(missing, process=True), str(missing), "does not exist")
    folder = tmp_path / "zz-test-folder.txt"
    folder.mkdir()
    one_line_error(cli(folder), str(folder), "a folder")
    latin = tmp_path / "zz-test-latin1.txt"
    latin.write_bytes("1 114 morts à Raqqa".encode("latin-1"))
    one_line_error(cli(latin), str(latin), "not UTF-8")
    big = tmp_path / "zz-test-big.txt"
    big.write_bytes(b"1 " * (draft.MAX_BYTES // 2 + 1))
    one_line_error(cli(big), str(big), "5 MB")
    pdf = tmp_path / "zz-test.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    one_line_error(cli(pdf), str(pdf), ".txt, .html or .htm")
    target = tmp_path / "zz-test-target.txt"
    target.write_text("1,114 civilians", encoding="utf-8")
    link = tmp_path / "zz-test-link.txt"
    link.symlink_to(target)
    one_line_error(cli(link), str(link), "symbolic link", "outside the repository")
    table = tmp_path / "zz-test-table.txt"
    table.write_text("7 " * (draft.MAX_DIGIT_RUNS + 1), encoding="utf-8")
    one_line_error(cli(table), str(table), "runs of digits", "a table belongs in a CSV")
    # a NUL byte went into the draft's CSV, which validate then refused; 4 million digits made
    # 4,000 rows of 1,000 digits each
    binary = tmp_path / "zz-test-nul.txt"
    binary.write_bytes(b"a\x00b 12 killed\n")
    one_line_error(cli(binary), str(binary), "control character (0x00, line 1)")
    digits = tmp_path / "zz-test-digits.txt"
    digits.write_text("7" * 4000, encoding="utf-8")
    one_line_error(cli(digits), str(digits), "a run of 4,000 digits")
    # the form feed between a PDF's pages and a vertical tab are no such character
    pages = tmp_path / "zz-test-pages.txt"
    pages.write_text(
        "The strike killed 12 civilians.\n\x0cLater, 30 were injured.\x0b\n", encoding="utf-8"
    )
    done = cli(pages)
    assert done.returncode == 0, done.stderr
    assert [row["value"] for row in rows_of(done.stdout)] == ["12", "30"]


def test_out_is_written_inside_the_repository_only_and_never_overwritten(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    shutil.copy(paths.datapackage(), repo / "datapackage.json")
    shutil.copytree(paths.ROOT / "data" / "curated", repo / "data" / "curated")
    doc = repo / "zz-test-fr.txt"
    doc.write_text(FRENCH, encoding="utf-8")
    env = {paths.DATA_ROOT_ENV: str(repo)}
    outside = tmp_path / "zz-test-outside.csv"
    one_line_error(cli(doc, "--out", outside, env=env), str(outside), "outside the repository")
    assert not outside.exists()
    out = repo / "zz-test-draft.csv"
    assert cli(doc, "--out", out, env=env).returncode == 0
    assert rows_of(out.read_text(encoding="utf-8")) == rows_of(draft.draft_csv(doc, repo))
    out.write_text("kept", encoding="utf-8")
    one_line_error(cli(doc, "--out", out, env=env), str(out), "exists", "--force")
    assert out.read_text(encoding="utf-8") == "kept"
    assert cli(doc, "--out", out, "--force", env=env).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("figure_id,")
    escape = repo / "zz-test-escape.csv"
    escape.symlink_to(outside)
    done = cli(doc, "--out", escape, "--force", env=env)
    assert done.returncode == 0 and escape.is_file() and not escape.is_symlink()
    assert not outside.exists()  # the link was replaced, not followed
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".")) == []


def _counted(sentence: str) -> list[tuple[str, str, str, str, str]]:
    """(value, low, high, qualifier, metric) of each number of a sentence that is not a date."""
    return [
        (r["value"], r["low"], r["high"], r["qualifier"], r["metric"])
        for r in draft.draft_rows(sentence, "zz-test-doc.txt")
        if "date" not in r["notes"]
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "La coalition a reconnu qu'au moins 1 114 civils avaient été tués.",
        "Un bilan d'au moins 1 114 civils tués, selon la coalition.",
        "La coalition a reconnu qu’au moins 1 114 civils avaient été tués.",
    ],
)
def test_a_french_qualifier_after_an_elided_word_is_read(sentence):
    """ "qu'au moins", "d'au moins": French elides the word before the phrase."""
    assert _counted(sentence) == [("1114", "", "", q("at_least"), "civilians_killed")]


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("The death toll rose by 22 to 841 in February.", ["22", "841"]),
        ("The count of deaths rose from 817 to 841.", ["817", "841"]),
        ("Deaths went up by 12 to 853.", ["12", "853"]),
        ("Le bilan des morts est passé de 817 à 841.", ["817", "841"]),
        ("ارتفع عدد القتلى من 817 إلى 841 مدنياً.", ["817", "841"]),
    ],
)
def test_a_change_from_one_count_to_another_is_two_numbers_never_a_range(sentence, values):
    """A count that rose "by 22 to 841" or "from 817 to 841" gives two numbers: the rise (or the
    old count) and the new count."""
    drafted = _counted(sentence)
    assert [v for v, *_ in drafted] == values
    assert all(low == high == "" for _, low, high, *_ in drafted)


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("A toll of 6,500 to 9,800 civilians was estimated.", "6500", "9800"),
        ("Ten people were killed by 3 to 5 strikes.", "3", "5"),
        ("Entre 6 500 et 9 800 civils ont péri.", "6500", "9800"),
    ],
)
def test_a_range_after_other_words_stays_a_range(sentence, low, high):
    assert [(lo, hi) for _, lo, hi, *_ in _counted(sentence) if lo] == [(low, high)]


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        (
            "It had received 2,300 reports of civilian casualties, of which 357 remain open.",
            ["civcas_reports_total", "civcas_reports_open"],
        ),
        (
            "Plus de 2 300 signalements ont été reçus, dont 357 sont toujours en cours d'examen.",
            ["civcas_reports_total", "civcas_reports_open"],
        ),
        (
            "This month the coalition received 80 reports and found 12 reports credible.",
            ["civcas_reports_new", "civcas_reports_credible"],
        ),
        (
            "It assessed 1,799 reports, found 212 reports non-credible and 54 reports credible.",
            [
                "civcas_reports_assessed",
                "civcas_reports_non_credible",
                "civcas_reports_credible",
            ],
        ),
    ],
)
def test_each_count_of_reports_is_read_from_its_own_clause(sentence, metrics):
    """A word about one count of reports ("remain open") does not decide another count's metric
    in the same sentence ("received 2,300 reports")."""
    assert [metric for *_, metric in _counted(sentence)] == metrics


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        ("The death toll rose by 22 to 841.", ["civilians_killed_increment", "civilians_killed"]),
        ("Another 14 civilians were killed in March.", ["civilians_killed_increment"]),
        ("It said 14 more civilians were killed.", ["civilians_killed_increment"]),
        ("At least 14 civilians were killed in March.", ["civilians_killed"]),
    ],
)
def test_a_rise_in_deaths_is_guessed_as_a_rise(sentence, metrics):
    assert [metric for *_, metric in _counted(sentence)] == metrics


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        (
            "The coalition has conducted 34,573 strikes between August 2014 and the end of "
            "December 2018.",
            "between August 2014 and the end of December 2018",
        ),
        (
            "Entre août 2014 et la fin de décembre 2018, 1 114 civils ont été tués.",
            "Entre août 2014 et la fin de décembre 2018",
        ),
        ("قتل 40 مدنياً في سوريا عام ٢٠١٨.", "عام ٢٠١٨"),
    ],
)
def test_a_period_that_ends_at_the_end_of_a_month_is_one_phrase(sentence, phrase):
    (row,) = [r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if r["metric"]]
    assert row["period_as_written"] == phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "The toll now stands at 1,302.",
        "Le bilan s'élève désormais à 1 302.",
        "بلغت الحصيلة 1302.",
    ],
)
def test_a_toll_is_guessed_as_deaths_to_check(sentence):
    (row,) = [r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if "date" not in r["notes"]]
    assert (row["value"], row["metric"]) == ("1302", "civilians_killed")
    assert "check" in row["notes"]


def test_a_sentence_longer_than_a_quote_is_read_in_parts_and_every_number_is_listed():
    """A run of numbers with no full stop (a table pasted as text) is one sentence; it is read and
    quoted in parts of at most MAX_QUOTE characters, each row saying so, with ids unique and every
    number listed once; a number's words are read near it, so its reading is the same at the end
    of a long sentence as alone."""
    filler = ", ".join(str(k) for k in range(100, 100 + draft.MAX_QUOTE))
    tail = "at least 12 civilians were killed in the strike"
    sentence = f"{filler}, and {tail}."
    rows = draft.draft_rows(sentence, "zz-test-table.txt")
    assert [r["value"] for r in rows] == [
        *(str(k) for k in range(100, 100 + draft.MAX_QUOTE)),
        "12",
    ]
    assert len({r["figure_id"] for r in rows}) == len(rows)
    assert all(len(r["quote"]) <= draft.MAX_QUOTE for r in rows)
    assert all("quoted in part" in r["notes"] for r in rows)
    assert {r["locator"] for r in rows} == {"paragraph 1, sentence 1"}
    (alone,) = draft.draft_rows(f"{tail[0].upper()}{tail[1:]}.", "zz-test-alone.txt")
    last = rows[-1]
    assert (last["qualifier"], last["metric"]) == (alone["qualifier"], alone["metric"])
    assert last["qualifier"] == q("at_least") and last["metric"] == "civilians_killed"


def _read(sentence: str) -> list[tuple[str, str, str]]:
    """(value or low-high, qualifier, metric) of every number of a sentence, dates and names
    included (their metric is blank)."""
    return [
        (r["value"] or f"{r['low']}-{r['high']}", r["qualifier"], r["metric"])
        for r in draft.draft_rows(sentence, "zz-test-doc.txt")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # numbers in words of several words, in each language
        ("Among them were fifty-two women.", [("52", "exact", "women_killed")]),
        (
            "As many as two hundred and seventy-eight people died.",
            [("278", "up_to", "civilians_killed")],
        ),
        ("More than two thousand people were killed.", [("2000", "more_than", "civilians_killed")]),
        (
            "He saw two, three or four bodies.",
            [("2", "exact", ""), ("3", "exact", ""), ("4", "exact", "")],
        ),
        ("Vingt et un civils ont été tués.", [("21", "exact", "civilians_killed")]),
        (
            "Entre six mille et neuf mille civils ont été tués.",
            [("6000-9000", "between", "civilians_killed")],
        ),
        ("Quatre-vingt-dix civils ont été tués.", [("90", "exact", "civilians_killed")]),
        ("وقتل اثنان وعشرون مدنياً.", [("22", "exact", "civilians_killed")]),
        ("وقتل ثلاثمئة وخمسون مدنياً في الموصل.", [("350", "exact", "civilians_killed")]),
        ("مقتل ثلاثة آلاف مدني.", [("3000", "exact", "civilians_killed")]),
        # hundreds after thousands multiply their own units only; "one" after tens; the Arabic
        # teens and dual (a review's documents read 2003 and 100, 20, 3 and 10, 10, 1000)
        (
            "Two thousand three hundred civilians were killed.",
            [("2300", "exact", "civilians_killed")],
        ),
        ("Twenty-one civilians were killed.", [("21", "exact", "civilians_killed")]),
        ("Deux mille trois cents civils ont été tués.", [("2300", "exact", "civilians_killed")]),
        ("وقتل ثلاثة عشر مدنياً.", [("13", "exact", "civilians_killed")]),
        ("وقتل أحد عشر مدنياً.", [("11", "exact", "civilians_killed")]),
        ("وقتل اثنا عشر مدنياً.", [("12", "exact", "civilians_killed")]),
        ("وقتل ألف ومئتا مدني.", [("1200", "exact", "civilians_killed")]),
        ("قتل أكثر من مئتي مدني.", [("200", "more_than", "civilians_killed")]),
        ("Twenty one civilians were killed.", [("21", "exact", "civilians_killed")]),
        ("Trois mille cent civils ont été tués.", [("3100", "exact", "civilians_killed")]),
        # hundreds counted past ten, as English says a round figure
        ("Thirteen hundred civilians were killed.", [("1300", "exact", "civilians_killed")]),
        # "one" before a hundred; Arabic units then tens after hundreds, with short vowels
        (
            "One hundred and twenty two civilians were killed.",
            [("122", "exact", "civilians_killed")],
        ),
        ("قتل ثمانِمئةٍ وواحدٍ وأربعين مدنياً.", [("841", "exact", "civilians_killed")]),
        ("وقتل عشْرَةِ مدنيين.", [("10", "exact", "civilians_killed")]),
        # French: a negation with its auxiliary between; a round figure by its noun
        ("Il n'y a pas eu plus de 20 civils tués.", [("20", "up_to", "civilians_killed")]),
        ("Il n'y a pas eu moins de 300 morts.", [("300", "at_least", "civilians_killed")]),
        ("Une vingtaine de civils ont été tués.", [("20", "about", "civilians_killed")]),
        ("Plus d'une centaine de civils ont été tués.", [("100", "more_than", "civilians_killed")]),
        ("Des centaines de civils ont été tués.", []),
        # the same with a typographic apostrophe, and "moins d'"
        ("Plus d’une centaine de civils ont été tués.", [("100", "more_than", "civilians_killed")]),
        ("Pas moins d’une centaine de civils.", [("100", "at_least", "civilians_killed")]),
        ("Moins d'une dizaine de civils ont été tués.", [("10", "up_to", "civilians_killed")]),
        # a round figure of days or metres is no count
        (
            "Une quinzaine de jours plus tard, 40 civils ont été tués.",
            [("15", "about", ""), ("40", "exact", "civilians_killed")],
        ),
        (
            "À une centaine de mètres, 12 civils ont été tués.",
            [("100", "about", ""), ("12", "exact", "civilians_killed")],
        ),
        # a second review's documents: compound words read in part, a multiplier shared by a
        # range's two ends, a quotation's opening apostrophe, other dashes and spaces
        ("Vingt-et-un civils ont été tués.", [("21", "exact", "civilians_killed")]),
        ("Quatre-vingt-un civils ont été tués.", [("81", "exact", "civilians_killed")]),
        ("قتل واحد وعشرون مدنياً.", [("21", "exact", "civilians_killed")]),
        ("قتل ثلاثة الاف مدني.", [("3000", "exact", "civilians_killed")]),
        ("قتل ثلاث مئة مدني.", [("300", "exact", "civilians_killed")]),
        ("Two hundred and one civilians were killed.", [("201", "exact", "civilians_killed")]),
        ("One of the civilians was a child.", []),
        ("قتل الآلاف من المدنيين.", []),
        ("قتل ٪٤٠ من المدنيين.", [("40", "exact", "percent")]),
        ("قتل ١٢ الف مدني.", [("12000", "exact", "civilians_killed")]),
        ("قتل عشرات الاف المدنيين.", []),
        # millions in words; hundreds shared by a range's two ends in words
        ("Nearly two million people were displaced.", [("2000000", "about", "")]),
        ("Deux millions de personnes ont fui.", [("2000000", "exact", "")]),
        (
            "Between two and three hundred civilians died.",
            [("200-300", "between", "civilians_killed")],
        ),
        ("Des millions de personnes ont fui.", []),
        # one person is a count; "one of" is not; dozens after a unit
        ("Un civil a été tué.", [("1", "exact", "civilians_killed")]),
        ("One civilian was killed.", [("1", "exact", "civilians_killed")]),
        ("قتل مدني واحد.", [("1", "exact", "civilians_killed")]),
        ("One of the civilians was a child.", []),
        ("Two dozen civilians were killed.", [("24", "exact", "civilians_killed")]),
        ("Deux millions trois cent mille personnes ont fui.", [("2300000", "exact", "")]),
        ("At least 1\u00ad069 civilians were killed.", [("1069", "at_least", "civilians_killed")]),
        (
            "Between 1,200\u00ad1,500 civilians died.",
            [("1200-1500", "between", "civilians_killed")],
        ),
        ("Ils ont imposé une quarantaine de 14 jours.", [("14", "exact", "")]),
        ("Une quarantaine de morts en une quinzaine.", [("40", "about", "civilians_killed")]),
        (
            "Airwars says 6 to 9 thousand civilians died.",
            [("6000-9000", "between", "civilians_killed")],
        ),
        ("قتل بين ٢ و٣ آلاف مدني.", [("2000-3000", "between", "civilians_killed")]),
        ("Between 500 and 9 thousand died.", [("500-9000", "between", "civilians_killed")]),
        ("They said 'at least 80 people' were killed.", [("80", "at_least", "civilians_killed")]),
        ("Between 45\u201060 civilians died.", [("45-60", "between", "civilians_killed")]),
        ("Between 45\u221260 civilians died.", [("45-60", "between", "civilians_killed")]),
        ("Airwars counted 12\u2007000 civilian deaths.", [("12000", "exact", "civilians_killed")]),
        # a soft hyphen between two numbers is the dash a PDF's text wrote
        ("Between 45\u00ad60 civilians were killed.", [("45-60", "between", "civilians_killed")]),
        ("Some twenty-five hundred died.", [("2500", "about", "civilians_killed")]),
        # invisible characters a page copied from the web holds inside a number or word
        ("At least 1\u200b069 civilians were killed.", [("1069", "at_least", "civilians_killed")]),
        ("At least 1,\u2060069 civil\u00adians died.", [("1069", "at_least", "civilians_killed")]),
        ("\u200fقتل ١\u200f٬٠٦٩ مدنياً.", [("1069", "exact", "civilians_killed")]),
        (
            "Au moins 1\u202f\u200b069 civils ont été tués.",
            [("1069", "at_least", "civilians_killed")],
        ),
        # qualifiers a review's documents missed or misread ("pas plus de" read as more than)
        ("Pas plus de 20 civils ont été tués.", [("20", "up_to", "civilians_killed")]),
        ("قتل لا أكثر من ٢١ مدنياً.", [("21", "up_to", "civilians_killed")]),
        ("Autour de 450 civils ont été tués.", [("450", "about", "civilians_killed")]),
        ("قتل ما يناهز ٤٠٠ مدني.", [("400", "about", "civilians_killed")]),
        ("قتل أزيد من ٣٠٠ مدني.", [("300", "more_than", "civilians_killed")]),
        ("Deaths: ~ 450 civilians.", [("450", "about", "civilians_killed")]),
        # an arrow or a quoted line's mark is no "more than" (">" and "<" are never qualifiers)
        (
            "Deaths went 900 -> 1,114 civilians.",
            [("900", "exact", "civilians_killed"), ("1114", "exact", "civilians_killed")],
        ),
        # "per cent" in Arabic words is a share, and its "مئة" no number of its own
        ("قتل ٣٠ في المئة من المدنيين.", [("30", "exact", "percent")]),
        ("ارتفع العدد بنسبة ٣٠ بالمائة.", [("30", "exact", "percent")]),
        # changes are two numbers
        (
            "The total of civilians killed went from 1,102 to 1,114.",
            [("1102", "exact", "civilians_killed"), ("1114", "exact", "civilians_killed")],
        ),
        # a rise, engagements, the nearer of killing and injury
        (
            "The death toll rose to 1,139, up 25 from the previous release.",
            [("1139", "exact", "civilians_killed"), ("25", "exact", "civilians_killed_increment")],
        ),
        # "another" with a span of its own singled out ("alone"): deaths in that span; with an
        # open period, none, or a span not singled out, a rise
        (
            "The coalition admitted 1,114, and Airwars counted another 3,200 civilians killed in "
            "2017 alone.",
            [
                ("1114", "exact", "civilians_killed"),
                ("3200", "exact", "civilians_killed"),
                ("2017", "exact", ""),
            ],
        ),
        (
            "Airwars counted another 3,200 civilians killed since 2017 alone.",
            [("3200", "exact", "civilians_killed_increment"), ("2017", "exact", "")],
        ),
        (
            "It admitted another 77 civilians killed since August.",
            [("77", "exact", "civilians_killed_increment")],
        ),
        (
            "It acknowledged another 105 civilians killed.",
            [("105", "exact", "civilians_killed_increment")],
        ),
        (
            "It counted 32 strikes comprising 140 engagements.",
            [("32", "exact", "airstrikes"), ("140", "exact", "engagements")],
        ),
        (
            "The strike killed 40, while up to 450 civilians were wounded.",
            [("40", "exact", "civilians_killed"), ("450", "up_to", "civilians_injured")],
        ),
        # counts of reports
        (
            "CJTF-OIR completed 45 civilian casualty allegation reports.",
            [("45", "exact", "civcas_reports_assessed")],
        ),
        (
            "Of the 45 reports, 4 were assessed to be credible.",
            [("45", "exact", "civcas_reports_assessed"), ("4", "exact", "civcas_reports_credible")],
        ),
        ("The coalition received 12 new reports.", [("12", "exact", "civcas_reports_new")]),
        # names, ages and lengths of time are no counts
        (
            "Resolution 2254 was cited as B-52 aircraft struck.",
            [("2254", "exact", ""), ("52", "exact", "")],
        ),
        (
            "12 children under the age of 5 died in the four-month battle.",
            [("12", "exact", "children_killed"), ("5", "exact", ""), ("4", "exact", "")],
        ),
        # deaths put to the reports found credible, and deaths alleged
        (
            "It assessed 12 reports as credible, resulting in 45 unintentional civilian deaths.",
            [
                ("12", "exact", "civcas_reports_credible"),
                ("45", "exact", "civilians_killed_assessed"),
            ],
        ),
        (
            "Airwars put the alleged toll at 6,000-9,000 civilians.",
            [("6000-9000", "between", "civilians_killed_alleged")],
        ),
        ("1,114 civilians were killed in the strikes.", [("1114", "exact", "civilians_killed")]),
        # qualifiers written otherwise
        ("Civilians injured: 250+.", [("250", q("at_least"), "civilians_injured")]),
        ("About a dozen others were injured.", [("12", "about", "civilians_injured")]),
        # Arabic ratios, odds and dates
        (
            "أي ما يعادل ٣١ ضعفاً لما أعلنه التحالف رسمياً.",
            [("31", "exact", "ratio_to_official")],
        ),
        ("قتل مدنياً واحداً من كل ١٥٧.", [("157", "exact", "")]),
        (
            "Sur les 2 300 signalements reçus, 238 ont été jugés crédibles et 372 sont toujours à "
            "l'étude.",
            [
                ("2300", "exact", "civcas_reports_total"),
                ("238", "exact", "civcas_reports_credible"),
                ("372", "exact", "civcas_reports_open"),
            ],
        ),
        # fighters are no civilians
        (
            "Some 3,000 fighters remain; officials said 1,800 strikes were carried out.",
            [("3000", "about", ""), ("1800", "exact", "airstrikes")],
        ),
        (
            "Les frappes ont tué 35 combattants et 8 civils.",
            [("35", "exact", ""), ("8", "exact", "civilians_killed")],
        ),
        (
            "قتل ٤٠ عنصراً من التنظيم و١٢ مدنياً.",
            [("40", "exact", ""), ("12", "exact", "civilians_killed")],
        ),
        ("40 civilians and fighters were killed.", [("40", "exact", "civilians_killed")]),
        # people who fled, shares, ratios written with a colon, the first of two days
        (
            "More than 1.5 million people fled, and at least 9,000 civilians were killed.",
            [("1500000", "more_than", ""), ("9000", "at_least", "civilians_killed")],
        ),
        (
            "Plus de 3 000 personnes ont fui et 40 civils ont été tués.",
            [("3000", "more_than", ""), ("40", "exact", "civilians_killed")],
        ),
        (
            "About two-thirds of the 1,114 deaths.",
            [("2", "about", ""), ("1114", "exact", "civilians_killed")],
        ),
        ("The ratio was 10:1 against the official count.", [("10", "exact", "ratio_to_official")]),
        (
            "Strikes on 5 and 6 May killed 42 civilians.",
            [("5", "exact", ""), ("6", "exact", ""), ("42", "exact", "civilians_killed")],
        ),
        (
            "نزح ٢٠٠ ألف شخص وقتل ٤٠ مدنياً.",
            [("200000", "exact", ""), ("40", "exact", "civilians_killed")],
        ),
        (
            "بتاريخ ٢٠١٩/٠١/٣١ قتل 5 مدنيين.",
            [
                ("2019", "exact", ""),
                ("1", "exact", ""),
                ("31", "exact", ""),
                ("5", "exact", "civilians_killed"),
            ],
        ),
        # a fraction of a million or a thousand, in each language
        (
            "Half a million people fled and a quarter of a million were displaced.",
            [("500000", "exact", ""), ("250000", "exact", "")],
        ),
        ("Un demi-million de personnes ont fui.", [("500000", "exact", "")]),
        ("نزح نصف مليون شخص.", [("500000", "exact", "")]),
        ("A million people fled.", [("1000000", "exact", "")]),
        # "one" as the low end of a range in words; a lone "one" of no range is no count
        (
            "Between one and two thousand civilians were killed.",
            [("1000-2000", "between", "civilians_killed")],
        ),
        ("From one to three civilians died each day.", [("1-3", "between", "civilians_killed")]),
        ("One of the strikes hit a school.", []),
        # one person after "et" ("and"), and a harm word of the number's own words
        (
            "Deux enfants ont été tués et une femme blessée.",
            [("2", "exact", "children_killed"), ("1", "exact", "women_injured")],
        ),
        (
            "Two children were killed and three others wounded in the strike.",
            [("2", "exact", "children_killed"), ("3", "exact", "civilians_injured")],
        ),
        (
            "Twelve civilians were killed and 30 were also wounded.",
            [("12", "exact", "civilians_killed"), ("30", "exact", "civilians_injured")],
        ),
        (
            "The raid killed 40 people, wounding 60.",
            [("40", "exact", "civilians_killed"), ("60", "exact", "civilians_injured")],
        ),
        # a third review's documents: counts of reports by their state, a rise "more than" an
        # earlier count, shares of engagements, a count set against one "in the previous report"
        (
            "The coalition said it was still assessing 167 allegations, down from 238 a month "
            "earlier.",
            [("167", "exact", "civcas_reports_open"), ("238", "exact", "civcas_reports_open")],
        ),
        (
            "Of the 1,114 reports received since 2014, 91 were found non-credible and 12 were "
            "duplicates.",
            [
                ("1114", "exact", "civcas_reports_total"),
                ("2014", "exact", ""),
                ("91", "exact", "civcas_reports_non_credible"),
                ("12", "exact", "civcas_reports_duplicate"),
            ],
        ),
        (
            "Monitors said 54 civilians died in the strikes, 13 more than it had reported on "
            "Monday.",
            [("54", "exact", "civilians_killed"), ("13", "exact", "civilians_killed_increment")],
        ),
        (
            "Ce bilan est en hausse de 45 morts par rapport au mois précédent.",
            [("45", "exact", "civilians_killed_increment")],
        ),
        (
            "Reports of civilian casualties amounted to 8.5% of engagements, and credible reports "
            "to 0.6%.",
            [
                ("8.5", "exact", "civcas_reports_share_of_engagements"),
                ("0.6", "exact", "civcas_reports_credible_share_of_engagements"),
            ],
        ),
        ("Some 20% of the strikes hit Raqqa.", [("20", "about", "percent")]),
        (
            "وارتفع عدد القتلى إلى ١٣٠٢ مقابل ١٢٥٧ في التقرير السابق.",
            [("1302", "exact", "civilians_killed"), ("1257", "exact", "civilians_killed")],
        ),
        (
            "The toll rose to 1,302, up from 1,257 in its previous report.",
            [("1302", "exact", "civilians_killed"), ("1257", "exact", "civilians_killed")],
        ),
        # times of day, a superscript footnote read as text, a multiplication sign
        (
            "Coalition raids killed 12 civilians at 5 a.m. on Friday.",
            [("12", "exact", "civilians_killed"), ("5", "exact", "")],
        ),
        (
            "La frappe a eu lieu à 17h et a tué 6 civils.",
            [("17", "exact", ""), ("6", "exact", "civilians_killed")],
        ),
        (
            "The coalition found 39 reports of civilian casualties.1 Critics disagreed.",
            [("39", "exact", "civcas_reports_assessed"), ("1", "exact", "")],
        ),
        (
            "Critics said the official count was at least 5x too low.",
            [("5", "at_least", "ratio_to_official")],
        ),
        # "alleged" of another count of the sentence, and incidents, which are no people
        (
            "As many as 8,000 civilians were killed, according to the monitor, which had tracked "
            "2,500 alleged incidents.",
            [("8000", "up_to", "civilians_killed"), ("2500", "exact", "")],
        ),
        (
            "About 900 civilians were allegedly killed.",
            [("900", "about", "civilians_killed_alleged")],
        ),
        # a review of those rules: a harm word after "and" is another count's; an opening quote
        # or a colon is no footnote's; "in the incidents" is where; a name's "15x"; a share of
        # what was killed in engagements; a count and a fraction of one million
        (
            "The strike killed 12 and injured 30.",
            [("12", "exact", "civilians_killed"), ("30", "exact", "civilians_injured")],
        ),
        (
            "Les frappes ont tué 12 personnes et blessé 30 autres.",
            [("12", "exact", "civilians_killed"), ("30", "exact", "civilians_injured")],
        ),
        (
            '"12 civilians were killed in the strike," the statement said.',
            [("12", "exact", "civilians_killed")],
        ),
        ("Credible reports:6 were found.", [("6", "exact", "civcas_reports_credible")]),
        (
            "The Coalition admitted killing 14 in the incidents.",
            [("14", "exact", "civilians_killed")],
        ),
        (
            "Coalition aircraft (F-15x) killed 4 civilians.",
            [("15", "exact", ""), ("4", "exact", "civilians_killed")],
        ),
        (
            "Some 94% of the civilians killed in engagements were named in reports.",
            [("94", "about", "percent")],
        ),
        (
            "Some two and a half million civilians were killed.",
            [("2500000", "about", "civilians_killed")],
        ),
        ("Three quarters of a million people fled.", [("750000", "exact", "")]),
        # a list of ages, unless people follow its last number; boys are children
        (
            "Two boys, aged 7 and 9, were killed.",
            [("2", "exact", "children_killed"), ("7", "exact", ""), ("9", "exact", "")],
        ),
        (
            "The man aged 40 and 12 civilians died.",
            [("40", "exact", ""), ("12", "exact", "civilians_killed")],
        ),
        # phone numbers and a post box are no counts; a French count grouped by spaces is one
        (
            "Call 1-800-555-0199 or (202) 555-0199; 12 civilians died.",
            [
                ("1-800", "between", ""),
                ("555", "exact", ""),
                ("199", "exact", ""),
                ("202", "exact", ""),
                ("555", "exact", ""),
                ("199", "exact", ""),
                ("12", "exact", "civilians_killed"),
            ],
        ),
        ("Write to PO Box 1450.", [("1450", "exact", "")]),
        ("Le bilan est de 100 000 000 morts.", [("100000000", "exact", "civilians_killed")]),
        # everyone killed, civilians among them; people with children among them stay civilians
        (
            "The strikes killed 4,321 people, including 1,876 civilians.",
            [("4321", "exact", "people_killed_all"), ("1876", "exact", "civilians_killed")],
        ),
        (
            "قتل 4321 شخصا بينهم 1876 مدنيا.",
            [("4321", "exact", "people_killed_all"), ("1876", "exact", "civilians_killed")],
        ),
        (
            "12 people were killed, including 3 children.",
            [("12", "exact", "civilians_killed"), ("3", "exact", "children_killed")],
        ),
        # a review of those: a list of ages is closed by a comma or "years"; people wounded,
        # civilians among them, are no toll; ranges and years are no phone numbers
        (
            "A man aged 40 and 12 others were killed.",
            [("40", "exact", ""), ("12", "exact", "civilians_killed")],
        ),
        (
            "Airstrikes killed 50 people and wounded 200 people, including 30 civilians.",
            [
                ("50", "exact", "civilians_killed"),
                ("200", "exact", "civilians_injured"),
                ("30", "exact", "civilians_injured"),
            ],
        ),
        ("From 2,000-3,000 civilians died.", [("2000-3000", "between", "civilians_killed")]),
        (
            "In 2014-2018-2019 it said.",
            [("2014", "exact", ""), ("2018", "exact", ""), ("2019", "exact", "")],
        ),
        ("The box 12 civilians were killed in.", [("12", "exact", "civilians_killed")]),
    ],
)
def test_what_a_curator_met_is_read_as_the_words_say(sentence, expected):
    """Misreadings a review as a curator found (numbers in words of several words, changes, rises,
    engagements, reports, names and ages, qualifiers, Arabic ratios, odds and dates), each read as
    the words say."""
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        ("Reports carried over from previous month: 167", "civcas_reports_carried_over"),
        ("New reports received: 22", "civcas_reports_new"),
        ("Non-credible reports: 31", "civcas_reports_non_credible"),
        ("Reports still open: 150", "civcas_reports_open"),
        ("Duplicate reports: 4", "civcas_reports_duplicate"),
        (
            "Credible reports: 6, resulting in 11 unintentional civilian deaths",
            "civcas_reports_credible",
        ),
        ("Civilians killed: 1,114", "civilians_killed"),
    ],
)
def test_a_count_after_its_label_takes_the_label_s_metric(line, metric):
    """A list or a table row gives a count after a label and a colon: the label says what it
    counts (a label of reports was read as deaths, or as nothing)."""
    rows = draft.draft_rows(f"<ul><li>{line}</li></ul>", "zz-test-list.html")
    assert rows[0]["metric"] == metric


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        (
            "SNHR said 2,286 civilians were killed between September 23, 2014, and September 23, "
            "2018.",
            "between September 23, 2014, and September 23, 2018",
        ),
        (
            "La coalition a tué 1 114 civils depuis le début de son intervention en 2014.",
            "depuis le début de son intervention en 2014",
        ),
    ],
)
def test_period_phrases_close_together_are_one_phrase_the_quote_holds(sentence, period):
    """Two phrases of one number were joined with "; ", which no quote holds: validate refused
    the row."""
    (row, *_) = draft.draft_rows(sentence, "zz-test-period.txt")
    assert row["period_as_written"] == period
    assert period in row["quote"]


@pytest.mark.parametrize(
    ("sentence", "hinted"),
    [
        ("The coalition admitted 1.114 civilian deaths.", True),
        ("Die Koalition räumte 1.114 Tote ein.", True),
        ("About 0.125 of them.", False),
        ("Strikes killed 2.5 civilians a day.", False),
        ("أقر التحالف بمقتل ١٫١١٤ مدنياً.", False),  # ٫ is the Arabic decimal sign, never a group
    ],
)
def test_three_decimals_after_a_point_may_be_a_grouped_thousand(sentence, hinted):
    """ "1.114" in an English text is 1.114 as written, but a curator is told it may be 1,114
    grouped as French and German write it."""
    (row,) = draft.draft_rows(sentence, "zz-test-doc.txt")
    assert row["value"] in {"1.114", "0.125", "2.5"}
    assert ("or 1,114 with its thousands grouped by '.'" in row["notes"]) is hinted


@pytest.mark.parametrize(
    ("sentence", "periods"),
    [
        (  # each number its own phrase; a leading phrase frames the numbers without one
            "The coalition said 1,114 civilians were killed between August 2014 and the end of "
            "2018, while Airwars counted 7,000 in 2018.",
            {"1114": "between August 2014 and the end of 2018", "7000": "in 2018"},
        ),
        ("100 civilians in 2017 and 200 in 2018.", {"100": "in 2017", "200": "in 2018"}),
        (
            "In 2017, 100 civilians were killed, and in 2018, 200.",
            {"100": "In 2017", "200": "in 2018"},
        ),
        (
            "Between 2014 and 2018, the coalition carried out 34,000 strikes and killed 1,114 "
            "civilians.",
            {"34000": "Between 2014 and 2018", "1114": "Between 2014 and 2018"},
        ),
        (
            "1,114 civilians were killed and 34,000 strikes carried out between 2014 and 2018.",
            {"1114": "between 2014 and 2018", "34000": "between 2014 and 2018"},
        ),
        (  # a list shares the phrase at its end; a president's time is a period
            "976 civilians, including 194 children, 294 women under the Obama, and 1856 civilians "
            "in the Trump era.",
            {"976": "under the Obama", "194": "under the Obama", "294": "under the Obama"}
            | {"1856": "in the Trump era"},
        ),
        (
            "Depuis août 2014, 1 114 civils ont été tués et 500 blessés en 2018.",
            {"1114": "Depuis août 2014", "500": "en 2018"},
        ),
        (
            "Sous la présidence de Trump, 500 civils ont été tués.",
            {"500": "Sous la présidence de Trump"},
        ),
        (
            "قتل 40 مدنياً في سوريا عام ٢٠١٨ و30 مدنياً في العراق عام ٢٠١٧.",
            {"40": "عام ٢٠١٨", "30": "عام ٢٠١٧"},
        ),
        ("قتل 500 مدني في عهد الرئيس ترامب.", {"500": "في عهد الرئيس ترامب"}),
        # a first name, then the name; never the verb after the name
        ("قتل 500 مدني في عهد الرئيس دونالد ترامب.", {"500": "في عهد الرئيس دونالد ترامب"}),
        ("في عهد الرئيس ترامب ارتفع عدد القتلى إلى أكثر من ٢٠٠٠.", {"2000": "في عهد الرئيس ترامب"}),
        # two words before the date: the phrase keeps both ("since" was lost before "early")
        ("Since early 2014, 12 civilians were killed.", {"12": "Since early 2014"}),
        ("Depuis début 2015, 40 civils ont été tués.", {"40": "Depuis début 2015"}),
        ("منذ عام ٢٠١٤ قتل ١٢٣ مدنيا.", {"123": "منذ عام ٢٠١٤"}),
    ],
)
def test_each_number_gets_the_period_words_of_its_own_clause(sentence, periods):
    rows = draft.draft_rows(sentence, "zz-test-doc.txt")
    got = {r["value"]: r["period_as_written"] for r in rows if r["value"] in periods}
    assert got == periods


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 1,302 civilians were killed in 34,464 strikes, up from 1,257 a month earlier.",
        "The coalition conducted 34,464 strikes, killing at least 1,302 civilians, up from 1,257.",
        "La coalition reconnaît 1 302 civils tués en 34 464 frappes, contre 1 257 en juillet.",
        "اعترف التحالف بمقتل 1302 مدنياً في 34464 غارة مقابل 1257 في الشهر السابق.",
    ],
)
def test_a_count_set_against_an_earlier_one_takes_the_metric_of_the_one_nearest_in_size(sentence):
    rows = {r["value"]: r for r in draft.draft_rows(sentence, "zz-test-doc.txt")}
    assert rows["34464"]["metric"] == "airstrikes"
    assert rows["1257"]["metric"] == rows["1302"]["metric"] == "civilians_killed"
    assert "set against" in rows["1257"]["notes"]


def test_a_french_sentence_in_an_english_paragraph_is_read_in_french():
    english = (
        "The network said that it had counted the deaths in the reports of its own staff, and that "
        "the coalition had not answered its letters about them. It gave no source for the 1,114 "
        "deaths that the coalition had said were the work of its strikes."
    )
    french = (
        " « Au total, plus de 2 900 civils ont été tués et 1,5 million de personnes déplacées "
        "depuis le début de l'intervention. »"
    )
    rows = draft.draft_rows(english + french, "zz-test-doc.txt")
    assert draft.language(english + french) == "en"
    assert [r["value"] for r in rows] == ["1114", "2900", "1500000"]
    assert [("sentence read as French" in r["notes"]) for r in rows] == [False, True, True]
    assert rows[1]["qualifier"] == q("more_than") and rows[1]["metric"] == "civilians_killed"
    # the other way round: an English sentence in a French paragraph keeps English separators
    rows = draft.draft_rows(french + " It gave no source for the 1,114 deaths.", "zz-test.txt")
    assert [r["value"] for r in rows] == ["2900", "1500000", "1114"]


@pytest.mark.parametrize(
    "sentence, value, noted",
    [
        # several periods, and a number with none of its own: the sentence's start or end is a guess
        (
            "In 2017, 100 civilians were killed, and 40 fighters died in 2018 when 30 were hurt.",
            "30",
            True,
        ),
        (
            "From 2014 to 2018 the coalition admitted 1,114 deaths; in 2019, it admitted 20 more, "
            "while SNHR counted 300.",
            "300",
            True,
        ),
        (
            "The coalition said 841 civilians had died since 2014 in Iraq, while Airwars counted "
            "6,000 and 400 of them died in 2017.",
            "6000",
            True,
        ),
        # a phrase opening the number's own clause is its own
        ("From 2014 to 2018 the coalition admitted 1,114 deaths; in 2019, 20 more.", "1114", False),
        # one period for the whole sentence: every number shares it, no guess
        ("Between 2014 and 2018, 34,000 strikes killed 1,114 civilians.", "1114", False),
        # a period right before the first number is its own
        ("In 2017, 100 civilians were killed, and 50 were wounded in 2018.", "100", False),
    ],
)
def test_a_number_that_takes_a_period_from_the_sentence_s_ends_is_noted_when_others_are_named(
    sentence, value, noted
):
    row = next(r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if r["value"] == value)
    assert ("taken from the sentence's" in row["notes"]) is noted, row
    if noted:
        assert row["period_as_written"] and f"'{row['period_as_written']}'" in row["notes"]


@pytest.mark.parametrize(
    "sentence, periods",
    [
        # the phrase belongs to the number its clause has, however far back (an "and" between two
        # places is no clause break), not to the count it is compared with
        (
            "The coalition said at least 1,319 civilians had been killed in its strikes in Iraq "
            "and Syria between August 2014 and the end of May 2019, up from 1,302 in April.",
            {"1319": "between August 2014 and the end of May 2019", "1302": "in April"},
        ),
        # one phrase in two pieces is one
        (
            "At least 1,302 civilians have been killed since the start of the campaign in "
            "August 2014.",
            {"1302": "since the start of the campaign in August 2014"},
        ),
        (
            "Le Pentagone a reconnu 841 morts depuis le début de l'opération en août 2014.",
            {"841": "depuis le début de l'opération en août 2014"},
        ),
        # part of a year, and a time counted back from the page
        (
            "In the first half of 2017, more than 600 civilians were killed.",
            {"600": "In the first half of 2017"},
        ),
        (
            "Up to 2,200 civilians were killed in the first seven months of 2017.",
            {"2200": "in the first seven months of 2017"},
        ),
        (
            "وقتل أكثر من ١٬٢٠٠ مدني خلال النصف الأول من عام ٢٠١٧.",
            {"1200": "خلال النصف الأول من عام ٢٠١٧"},
        ),
        (
            "قتل ما يصل إلى ٥٠٠ مدني خلال الأشهر الستة الأولى من عام ٢٠١٨.",
            {"500": "خلال الأشهر الستة الأولى من عام ٢٠١٨"},
        ),
        ("شن التحالف ١٥ ألف غارة بين عامي ٢٠١٤ و٢٠١٧.", {"15000": "بين عامي ٢٠١٤ و٢٠١٧"}),
        (
            "Jets carried out 95 strikes in Syria and 38 in Iraq last week.",
            {"95": "last week", "38": "last week"},
        ),
        (
            "Le bilan atteint 1 257 morts, contre 1 190 le mois précédent.",
            {"1190": "le mois précédent"},
        ),
        (
            "Airwars counted 1,200 deaths, compared with 466 a year earlier.",
            {"466": "a year earlier"},
        ),
    ],
)
def test_period_phrases_in_more_of_the_forms_reports_use(sentence, periods):
    rows = draft.draft_rows(sentence, "zz-test-doc.txt")
    got = {r["value"]: r["period_as_written"] for r in rows if r["value"] in periods}
    assert got == periods
    # a number inside the phrase ("seven months", "الستة") is part of it, never a count
    for row in rows:
        inside = any(row["value_as_written"] in phrase for phrase in periods.values())
        if inside and not row["notes"].startswith("probably a date"):
            assert row["notes"].startswith("part of the period") and not row["metric"], row


def test_arabic_short_vowels_do_not_hide_a_word():
    row = next(
        r
        for r in draft.draft_rows("وقُتل أكثر من ١٬٢٠٠ مدني في الموصل.", "zz-test-doc.txt")
        if r["value"] == "1200"
    )
    assert row["metric"] == "civilians_killed" and "no word of killing" not in row["notes"], row
    assert draft.marks_allowed("[وبل]ة?قتل") == "[وبل]ة?" + draft.ARABIC_MARKS + "".join(
        letter + draft.ARABIC_MARKS for letter in "قتل"
    )


@pytest.mark.parametrize(
    "sentence, value, metric",
    [
        (
            "The coalition received 2,300 reports, of which 1,124 were assessed and 379 remain "
            "open.",
            "1124",
            "civcas_reports_assessed",
        ),
        (
            "La coalition a reçu 2 300 signalements, dont 318 restent à l'étude.",
            "318",
            "civcas_reports_open",
        ),
        (
            "Of 43 reports, 7 were deemed credible and 36 were assessed to be non-credible.",
            "36",
            "civcas_reports_non_credible",
        ),
    ],
)
def test_a_count_of_reports_is_read_by_the_state_its_clause_names(sentence, value, metric):
    row = next(r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if r["value"] == value)
    assert row["metric"] == metric, row


@pytest.mark.parametrize(
    "sentence, value",
    [
        (
            "The coalition said 22 more civilians were killed in its strikes, raising its total "
            "to 841.",
            "841",
        ),
        ("Roughly 1,500 civilians died in 2016 in coalition raids, and 3,200 in 2017.", "3200"),
    ],
)
def test_strikes_that_did_the_harm_are_not_what_a_bare_number_counts(sentence, value):
    row = next(r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if r["value"] == value)
    assert row["metric"].startswith("civilians_killed"), row


@pytest.mark.parametrize(
    "sentence",
    ["The toll rose to more than 2000 in 2017.", "ارتفع عدد القتلى المدنيين إلى أكثر من ٢٠٠٠."],
)
def test_a_year_like_number_that_is_more_than_or_at_least_is_a_count(sentence):
    row = next(r for r in draft.draft_rows(sentence, "zz-test-doc.txt") if r["value"] == "2000")
    assert row["qualifier"] == "more_than" and row["metric"] == "civilians_killed", row
    assert "date" not in row["notes"] and "part of the period" not in row["notes"], row


def test_a_sentence_that_refers_back_to_reports_counts_them():
    text = (
        "The coalition assessed 43 reports in May. Of those, 7 were deemed credible, resulting in "
        "45 unintentional civilian deaths. The remaining 36 were found not credible. The "
        "remaining 5 people died."
    )
    metrics = {r["value"]: r["metric"] for r in draft.draft_rows(text, "zz-test-doc.txt")}
    assert metrics == {
        "43": "civcas_reports_assessed",
        "7": "civcas_reports_credible",
        "45": "civilians_killed_assessed",
        "36": "civcas_reports_non_credible",
        "5": "civilians_killed",  # people, not reports, though the sentence refers back
    }
    # with no reports before, nothing is referred back to
    alone = draft.draft_rows("Of those, 7 were deemed credible.", "zz-test-doc.txt")
    assert alone[0]["metric"] != "civcas_reports_credible", alone


def test_closer_to_is_about():
    row = draft.draft_rows("Airwars said the death toll was closer to 200.", "zz-test-doc.txt")[0]
    assert (row["qualifier"], row["metric"]) == ("about", "civilians_killed"), row


def test_a_draft_never_replaces_the_site_the_raw_documents_or_the_data_package(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data" / "raw").mkdir(parents=True)
    (repo / "reports").mkdir()
    shutil.copy(paths.datapackage(), repo / "datapackage.json")
    shutil.copytree(paths.ROOT / "data" / "curated", repo / "data" / "curated")
    kept = {
        repo / "reports" / "index.html": "inside reports/",
        repo / "data" / "raw" / "zz-test-doc.txt": "inside data/raw/",
        repo / "data" / "curated" / "figures.csv": "a file of the data package",
        repo / "datapackage.json": "a file of the data package",
        # a review's --force wrote over all of these: git's config (git then failed), a module of
        # the helpers (every later run failed), the README, and the document being read
        repo / ".git" / "config": "inside .git/",
        repo / ".git" / "zz-test.csv": "inside .git/",
        repo / "helpers" / "data" / "draft.py": "not a .csv file",
        repo / "README.md": "not a .csv file",
        repo / "zz-test-doc.txt": "not a .csv file",
    }
    for target, words in kept.items():
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("kept\n", encoding="utf-8")
        before = target.read_bytes()
        with pytest.raises(draft.DraftError) as refused:
            draft.write_draft("figure_id\n", target, force=True, root=repo)
        assert words in str(refused.value) and "\n" not in str(refused.value)
        assert target.read_bytes() == before
    # a new file beside them is a draft's own
    assert draft.write_draft("figure_id\n", repo / "data" / "zz-test-draft.csv", root=repo)


def test_a_drafted_cell_a_spreadsheet_would_run_is_shown_as_text_and_the_row_says_so(tmp_path):
    doc = tmp_path / "zz-test-doc.html"
    doc.write_text(
        "".join(f"<p>{html.escape(payload)} 12 civilians were killed.</p>" for payload in PAYLOADS),
        encoding="utf-8",
    )
    rows = rows_of(draft.draft_csv(doc))
    assert rows and all(
        not formatting.opens_formula(c) or c.lstrip("-").replace(".", "").isdigit()
        for row in rows
        for c in row.values()
    )
    for row in rows:
        assert row["quote"].startswith("'") and draft.FORMULA_NOTE in row["notes"]
        assert row["quote"][1:] in {p + " 12 civilians were killed." for p in PAYLOADS}
    # the notes too, once the note is added to them
    noted = draft.spreadsheet_safe({"quote": "=1", "notes": '=HYPERLINK("http://x")'})
    assert noted["notes"].startswith("'=HYPERLINK(") and draft.FORMULA_NOTE in noted["notes"]
    # a plain sentence is written as it is, its numbers as numbers
    assert draft.spreadsheet_safe({"value": "-5", "quote": "5 died", "notes": ""}) == {
        "value": "-5",
        "quote": "5 died",
        "notes": "",
    }


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "A strike on Hajin killed 9. The coalition said 300 strikes were carried out in 2018.",
            [
                "A strike on Hajin killed 9.",
                "The coalition said 300 strikes were carried out in 2018.",
            ],
        ),
        (
            "Mr. J. Smith said 9 died. Nobody else did.",
            ["Mr. J. Smith said 9 died.", "Nobody else did."],
        ),
    ],
)
def test_a_sentence_ending_in_a_one_digit_number_ends_there(paragraph, expected):
    """An initial ("J.") does not end a sentence; a number does: "killed 9." kept the next
    sentence, whose period "in 2018" it then took."""
    assert draft.sentences(paragraph) == expected


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_screen_that_cannot_take_the_draft_is_one_line_and_exit_code_4(tmp_path):
    """A full disk behind the screen's redirection, or a closed screen, was an unexpected error
    (exit 70); an ASCII locale cut an Arabic draft short. Now the first two are one line and exit
    code 4, and the draft is written in UTF-8 whatever the locale."""
    doc = tmp_path / "zz-test-ar.txt"
    doc.write_text("قتل ٣٠٠ مدني في الرقة.\n", encoding="utf-8")
    command = [sys.executable, "-m", "helpers", "draft", str(doc)]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            command, cwd=paths.ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 4 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: the draft cannot be written out")
    closed = subprocess.run(
        command,
        cwd=paths.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 4 and "Traceback" not in closed.stderr, closed.stderr
    ascii_locale = cli(doc, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_locale.returncode == 0, ascii_locale.stderr
    assert [r["value"] for r in rows_of(ascii_locale.stdout)] == ["300"]


@pytest.mark.parametrize(
    ("sentence", "written", "reason"),
    [
        ("The 2nd Brigade said 40 civilians were killed.", "2", "an ordinal"),
        ("Au 3e trimestre, 40 civils ont été tués.", "3", "an ordinal"),
        ("At 3:30 a.m. a strike killed 12 civilians.", "30", "a time of day"),
        ("Incident CS1234 killed 12 civilians.", "1234", "part of a name"),
        ("A footnote mark [3] follows 12 civilians killed.", "3", "a footnote mark"),
        ("It dropped 2,000-pound bombs, killing 12 civilians.", "2000", "a size or a weight"),
        ("Over 3 days, 300 civilians were killed.", "3", "a length of time"),
        ("En 3 jours, 300 civils ont été tués.", "3", "a length of time"),
        ("قتل ٣٠٠ مدني خلال ٣ أيام.", "3", "a length of time"),
    ],
)
def test_what_names_or_measures_is_flagged_and_gets_no_metric(sentence, written, reason):
    """A review's documents listed these as counts of civilians killed or of strikes: an ordinal,
    a time, a code, a footnote mark, a bomb's weight, a length of time written apart. Each is
    flagged with why, and the count beside it keeps its metric."""
    rows = {r["value"]: r for r in draft.draft_rows(sentence, "zz-test-doc.txt")}
    assert rows[written]["metric"] == "" and f"probably {reason}" in rows[written]["notes"]
    counted = [r for r in rows.values() if r["metric"]]
    assert [r["value"] for r in counted] in (["12"], ["40"], ["300"]), rows


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("zz-test-page.html", "text/html; charset=utf-8"),
        # the page's type and its name disagree: both read it as a page, without its markup
        ("zz-test-page.txt", "text/html; charset=utf-8"),
        ("zz-test-page.html", "text/plain; charset=utf-8"),
    ],
)
def test_a_drafted_row_of_a_held_html_page_is_traced_in_it(data_copy, name, media_type):
    """A quote the draft read from an HTML page (a link inside the sentence, an entity, an
    invisible character in the markup) is found in the page as held: the quote check read the
    raw markup and found none of them."""
    page = (
        b"<html><body><h1>Toll</h1><p>At least 1,069 <a href='/civ'>civilians</a> were killed, "
        b"Airwars&nbsp;says, l&#8217;ONG ajoute 1&#8203;200.</p></body></html>"
    )
    raw = data_copy.root / "data" / "raw" / name
    raw.write_bytes(page)
    data_copy.append(
        "documents",
        **dict(
            data_copy.rows("documents")[0],
            document_id="zz-test-page",
            path=f"data/raw/{name}",
            sha256=hashlib.sha256(page).hexdigest(),
            media_type=media_type,
        ),
    )
    records.add_article(data_copy, "zz-test-article", "1990-04-02")
    data_copy.edit("reports", "report_id", "zz-test-article", document_id="zz-test-page")
    rows = draft.draft_rows(draft.read_document(raw, data_copy.root), name)
    assert [r["value"] for r in rows] == ["1069", "1200"]
    for row in rows:
        records.add_figure(
            data_copy,
            row["figure_id"],
            "zz-test-article",
            "civilians_killed",
            row["value"],
            value_as_written=row["value_as_written"],
            quote=row["quote"],
            locator=row["locator"],
            series="",
        )
    found = crosscheck.rule_results(data_copy.load(), "quote_in_source")
    ours = found[found["subject"] == "zz-test-page"]
    assert ours["status"].tolist() == ["pass"], ours["evidence"].tolist()
