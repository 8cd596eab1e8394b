"""Issue 18's acceptance test: the reader's site as a journalist on deadline meets it, in headless
Chromium (tests/browser.py) at 1280x800 and on a 390x844 phone. On every page: nothing overflows
the width of the window; no internal id or token (a report, figure, series, document, comparison or
check id; a geography code such as IRQ+SYR; a snake_case token such as us_administration:obama or
as_of_label; a check result id such as R-RESTATED/1) is visible outside a <details> element (ids
may stay in attributes and in details, where a fact-checker finds them); no console error. On the
index, the first finding (`section#findings li.finding`) is inside the first viewport.

Then the same on a collection four times the size (benchmarks/synthetic.py), built into a temporary
folder: the pages that grow with the collection, its index, overview and cross-check (a report's
or a timeline's page shows its own report or series, the same at any size: the committed site's
pass covers every one). The real collection is read from reports/ (or from the
folder named by CIVCAS_READER_SITE, e.g. a fresh `python -m helpers build --force --reports-dir`).
Each failure names the page, the viewport and the offending text or element."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import CHROMIUM, FIRST_FINDING, MISSING, VIEWPORTS, visit
from conftest import shared_worker

from benchmarks import synthetic
from helpers import paths
from helpers.build import runner
from helpers.checks.findings import whole_words
from helpers.data import load
from helpers.present.style import STYLE

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=MISSING)

COPIES = 4
# the larger collection's pages besides its index: those that list every report or finding
GROWING = ("overview", "crosscheck")
# tokens that are internal whatever the data holds
TOKEN_PATTERNS = {
    # codes joined by +, whatever countries they name (each country's own code is an internal id)
    "geography code": re.compile(r"\b[A-Z]{3}(?:\+[A-Z]{3})+\b"),
    "snake_case token": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?::[a-z0-9_]+)?\b"),
    "check result id": re.compile(r"\b[A-Z]+(?:-[A-Z]+)+/[0-9]+\b"),
}

# with its scheme, or shortened as a card shows it: "asdnews.com/news-68981/cjtf-oir_announces…"
WEB_ADDRESS = re.compile(r"https?://\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*")


def internal_ids(root: Path | None = None) -> set[str]:
    """Every id of the collection at root (default: ours) a reader must not meet in running text:
    reports, figures, series, documents, comparisons and checks. Only ids with a hyphen, an
    underscore or a digit: an id that is a plain word ("airwars") is also a word. And every
    country's ISO code (countries.csv), which readers see only as the country's name."""
    pkg = load.load_package(root)
    columns = {
        "reports": ["report_id"],
        "figures": ["figure_id", "series"],
        "comparisons": ["comparison_id"],
        "checks": ["check_id"],
        "documents": ["document_id"],
    }
    ids: set[str] = set()
    for table, names in columns.items():
        for name in names:
            values = pkg.frames[table][name].drop_nulls().to_list()
            ids.update(v for v in values if re.search(r"[-_0-9]", v))
    # the countries' codes, which readers see only as names ("IRQ" is Iraq)
    ids.update(pkg.frames["countries"]["iso3"].to_list())
    return ids


def id_pattern(ids: set[str]) -> re.Pattern:
    """One pattern matching any of ids as a whole token (not inside a longer id or word): the ids
    as a trie (findings.any_of, which matches what their alternation longest first matches), so
    that each word of a page is not tried against each of a thousand ids."""
    return whole_words(ids)


def _built(reports: Path, worker, only: list[str] | None = None) -> Path:
    lines: list[str] = []
    code = runner.build(
        reports_dir=reports,
        executor=worker,
        force=True,
        only=only,
        log=lambda *a, **k: lines.append(" ".join(map(str, a))),
    )
    assert code == 0, "the site did not build:\n" + "\n".join(lines[-20:])
    return reports


@pytest.fixture(scope="module", params=["collection", f"{COPIES}x collection"])
def collection(request, tmp_path_factory):
    """(name, pages as browser.Visit records, the id pattern of its data) for the real collection
    (the committed site as every browser test sees it: conftest.committed_site) and for one COPIES
    times its size."""
    if request.param == "collection":
        return request.param, request.getfixturevalue("committed_site"), id_pattern(internal_ids())
    tmp = tmp_path_factory.mktemp("reader")
    root = synthetic.replicate(tmp / "data", COPIES)
    reports = len(load.load_package(paths.ROOT).reports)
    assert len(load.load_package(root).reports) == COPIES * reports
    worker = shared_worker()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.DATA_ROOT_ENV, str(root))
        folder = _built(tmp / "reports", worker, only=list(GROWING))
    pages = ["index.html", *(f"{stem}.html" for stem in GROWING)]
    return request.param, visit(folder, pages, tmp / "profile"), id_pattern(internal_ids(root))


def _report(failures: list[str], what: str) -> None:
    assert not failures, f"{len(failures)} {what}:\n" + "\n".join(failures[:60])


def test_no_page_overflows_horizontally(collection):
    name, seen, _ = collection
    failures = []
    for s in seen:
        if s.reader["scroll_width"] > s.reader["width"]:
            failures.append(
                f"{s.where}: the page is {s.reader['scroll_width']} px wide in a "
                f"{s.reader['width']} px window"
            )
        failures += [f"{s.where}: {element}" for element in s.reader["wide"]]
    _report(failures, f"overflows in the {name}")


def test_every_table_shows_all_its_columns(collection):
    """The overview's list of reports was 1,207 px wide in its 1,100 px box at 1280: its last
    columns were out of sight behind a scroll bar at the foot of a 20,000 px table (a web address
    as an issuer's name could not break)."""
    name, seen, _ = collection
    failures = [f"{s.where}: {table}" for s in seen for table in s.reader["cut"]]
    _report(failures, f"tables cut in the {name}")


# the smallest size (CSS px) a chart's words may be shown at: its body text, STYLE's font.size in
# points (4/3 px each) at the scale the page shows the chart
MIN_CHART_TEXT_PX = 9


def test_every_chart_s_words_can_be_read_at_every_width(collection):
    """A chart shrunk to a phone's width (its words 5 px high) cannot be read: on a narrow screen
    it keeps a readable size and scrolls sideways in its own box (the overflow test shows the
    page itself does not)."""
    name, seen, _ = collection
    body_px = STYLE["font.size"] * 4 / 3
    failures = []
    charts = 0
    for s in seen:
        for chart in s.reader["charts"]:
            charts += 1
            text_px = body_px * chart["shown"] / chart["drawn"] if chart["drawn"] else 0
            if text_px < MIN_CHART_TEXT_PX:
                failures.append(
                    f"{s.where}: a chart's words are {text_px:.1f} px high "
                    f"({chart['shown']:.0f} of its {chart['drawn']} px): {chart['alt']!r}"
                )
    assert charts, f"no chart on any page of the {name}"
    _report(failures, f"charts too small to read in the {name}")


def test_a_chart_says_it_scrolls_sideways_exactly_when_it_does(collection):
    """A chart wider than the screen (at the width that keeps its words readable) scrolls in its
    own box, a line above it saying so; one that fits says nothing. The cue was once shown above
    every chart under 625 px, the map that fits a phone whole included."""
    from helpers.present.site import SCROLL_CUE

    name, seen, _ = collection
    failures = [
        f"{s.where}: a chart that {'scrolls' if chart['scrolls'] else 'fits'} "
        f"{'without' if chart['scrolls'] else 'with'} the line saying it scrolls: {chart['alt']!r}"
        for s in seen
        for chart in s.reader["charts"]
        if (SCROLL_CUE in chart["cue"]) != chart["scrolls"]
    ]
    _report(failures, f"charts whose scrolling is not said in the {name}")


def test_the_first_finding_is_in_the_first_viewport(collection):
    name, seen, _ = collection
    failures = []
    for s in seen:
        if s.page != "index.html":
            continue
        first = s.reader["first_finding"]
        if first is None:
            failures.append(f"{s.where}: no {FIRST_FINDING} on the index")
        elif not (first["top"] >= 0 and first["top"] + 20 <= s.reader["height"]):
            failures.append(
                f"{s.where}: the first finding starts {round(first['top'])} px down, below the "
                f"first {s.reader['height']} px ({first['text']!r})"
            )
    _report(failures, f"indexes of the {name} without a finding in view")


def test_no_internal_id_or_token_is_visible(collection):
    name, seen, ids = collection
    patterns = {"internal id": ids, **TOKEN_PATTERNS}
    failures = []
    for s in seen:
        if s.viewport != next(iter(VIEWPORTS)):
            continue  # the same text at both widths: report it once
        for element, shown in s.reader["texts"]:
            text = WEB_ADDRESS.sub(" ", shown)  # a source's address is the fact-checker's, as it is
            for kind, pattern in patterns.items():
                for hit in dict.fromkeys(m.group(0) for m in pattern.finditer(text)):
                    failures.append(f"{s.page}: {kind} {hit!r} in {element}: {text[:100]!r}")
    _report(sorted(set(failures), key=failures.index), f"ids or tokens visible in the {name}")


def test_no_console_error_or_failed_load(collection):
    name, seen, _ = collection
    failures = [f"{s.where}: {problem}" for s in seen for problem in s.load.problems]
    _report(failures, f"errors in the {name}")


def test_the_id_pattern_matches_whole_ids_only():
    pattern = id_pattern({"zz-fixture-2018-09", "zz-fixture"})
    assert [m.group(0) for m in pattern.finditer("zz-fixture-2018-09 and zz-fixture.")] == [
        "zz-fixture-2018-09",
        "zz-fixture",
    ]
    assert not pattern.search("zz-fixture-2018-09-x2 zz-fixtures")
    tokens = TOKEN_PATTERNS
    assert tokens["geography code"].search("Zedland and Testonia (ZZA+ZZB)")
    assert id_pattern({"ZZA"}).search("counted in ZZA, by")
    assert tokens["snake_case token"].search("by us_administration:obama")
    assert tokens["snake_case token"].search("as_of_label")
    assert not tokens["snake_case token"].search("Obama administration")
    assert tokens["check result id"].search("see R-RESTATED/1")
    assert not tokens["snake_case token"].search(WEB_ADDRESS.sub(" ", "http://zz.example/?a_b=1"))
    assert not tokens["snake_case token"].search(WEB_ADDRESS.sub(" ", "zz.example.com/a_b_c.htm"))
    assert tokens["snake_case token"].search(WEB_ADDRESS.sub(" ", "see a_b_c in zz.example"))
