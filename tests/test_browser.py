"""The reader's pages as a reader sees them, in headless Chromium (Debian's package) driven over the
DevTools Protocol (tests/browser.py): every page reachable from the index opens with no console
error, uncaught exception or failed load; every link and in-page anchor leads somewhere; every image
draws; the pages screenshot and print cleanly. Sources' web addresses are listed and checked for
form, never fetched (the browser blocks http(s) outright)."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import CHROMIUM, MISSING, SCRIPTS, VIEWPORTS, Chromium, foreign_scripts, is_data_block

from helpers import paths
from helpers.present import index

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=MISSING)

REPORT_PAGE = "report-snhr-2018-09.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Chromium(tmp_path_factory.mktemp("chromium") / "profile") as b:
        yield b


def _local(page: str, href: str) -> tuple[Path, str]:
    """(file, fragment) a relative link on reports/<page> points to."""
    parts = urlsplit(href)
    target = (
        (paths.REPORTS / page).parent / unquote(parts.path) if parts.path else paths.REPORTS / page
    )
    return target.resolve(), unquote(parts.fragment)


def _is_page(target: Path) -> bool:
    return target.suffix == ".html" and target.parent == paths.REPORTS.resolve()


@pytest.fixture(scope="module")
def site(committed_site):
    """Every page reachable from index.html through links into reports/, as the shared browser
    pass saw it at a desk's width: {page name: (PageLoad, facts about its links, anchors and
    images)}."""
    desk = next(iter(VIEWPORTS))
    visited = {v.page: (v.load, v.facts["links"]) for v in committed_site if v.viewport == desk}
    seen, queue = {}, ["index.html"]
    while queue:
        page = queue.pop(0)
        if page in seen or page not in visited:
            continue
        seen[page] = visited[page]
        for href in visited[page][1]["links"]:
            if not urlsplit(href).scheme:
                target, _ = _local(page, href)
                if _is_page(target) and target.is_file() and target.name not in seen:
                    queue.append(target.name)
    return seen


def test_every_page_is_reachable_from_the_index(site):
    assert set(site) == {p.name for p in paths.REPORTS.glob("*.html")}
    assert len(site) >= 20


def test_no_page_logs_an_error_throws_or_fails_to_load_anything(site):
    problems = {page: load.problems for page, (load, _) in site.items() if load.problems}
    assert problems == {}
    for page, (load, facts) in site.items():
        assert load.requests and all(
            u.split(":", 1)[0] in ("file", "data") for u in load.requests
        ), (page, load.requests)
        assert foreign_scripts(facts["scripts"]) == [], page
        own = [s["id"] for s in facts["scripts"] if not is_data_block(s)]
        assert own == ([index.FILTER_SORT_ID] if page == "index.html" else []), (
            f"{page}: only the index carries a script, its filter and sort"
        )
        assert facts["text"] > 200 and facts["title"], page


def test_every_local_link_and_anchor_has_a_target(site):
    broken, checked = [], 0
    for page, (_, facts) in site.items():
        for href in facts["links"]:
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https"):
                continue
            checked += 1
            if scheme:
                broken.append(f"{page}: {href!r} is neither a local file nor an http(s) address")
                continue
            target, fragment = _local(page, href)
            if not target.is_file():
                broken.append(f"{page}: {href!r} -> {target} does not exist")
            elif fragment and (
                not _is_page(target) or fragment not in site[target.name][1]["targets"]
            ):
                broken.append(
                    f"{page}: {href!r} -> no element with id {fragment!r} in {target.name}"
                )
    assert broken == []
    assert checked > 100  # the index's links, each page's site header and table of contents
    toc = [h for h in site[REPORT_PAGE][1]["links"] if h.startswith("#")]
    assert len(toc) >= 4, "a report page has a table of contents"


def test_every_image_draws(site, pkg):
    blank = [
        (page, img)
        for page, (_, facts) in site.items()
        for img in facts["images"]
        if not (img["complete"] and img["width"] > 0 and img["height"] > 0)
    ]
    assert blank == []
    # every chart the views make for a page is an image on it, and no other: a report's charts
    # (only those that compare) and maps, a series' timeline, the overview's latest tolls and
    # check grid
    from helpers.present import views

    expected = {"overview.html": 2} | {f"timeline-{s}.html": 1 for s in views.series_list(pkg)}
    for rid in pkg.reports["report_id"]:
        expected[f"report-{rid}.html"] = len(views.report_charts(pkg, rid)) + len(
            views.report_maps(pkg, rid)
        )
    drawn = {page: len(facts["images"]) for page, (_, facts) in site.items()}
    assert drawn == {page: expected.get(page, 0) for page in drawn}
    assert drawn[REPORT_PAGE] >= 2 and sum(drawn.values()) >= 5


def test_sources_web_addresses_are_well_formed_and_never_fetched(site):
    external = sorted(
        {
            h
            for _, facts in site.values()
            for h in facts["links"]
            if urlsplit(h).scheme in ("http", "https")
        }
    )
    print("\n".join(["External links (not fetched):", *external]))
    assert len(external) >= 8
    for url in external:
        parts = urlsplit(url)
        assert parts.hostname and "." in parts.hostname and not re.search(r"[\s<>\"']", url), url
    fetched = [
        u
        for load, _ in site.values()
        for u in load.requests
        if urlsplit(u).scheme in ("http", "https")
    ]
    assert fetched == []


def test_report_page_renders_its_charts_and_tables(browser):
    browser.navigate((paths.REPORTS / REPORT_PAGE).as_uri())
    dom = browser.evaluate("document.documentElement.outerHTML")
    assert dom.count("data:image/svg+xml;base64") >= 2, "charts are not in the rendered page"
    assert "civcas-table" in dom and "2,832" in dom and "a shield" in dom
    assert browser.evaluate("document.querySelectorAll('table.civcas-table').length") >= 2


def test_a_chart_wider_than_a_phone_says_it_scrolls_sideways(browser):
    """A chart is never shown narrower than the width that keeps its words readable
    (charts.readable_width): on a phone narrower than that it scrolls in its own box, and a line
    above it says so and stays in view as it scrolls; a chart that fits is shown whole and says
    nothing, and at a desk's width nothing scrolls. A report's charts, drawn narrow, fit a 390 px
    phone; the overview's (every report's toll, the grid of checks) are wider."""
    from helpers.present import charts
    from helpers.present.site import SCROLL_CUE

    cue = (
        "[...document.querySelectorAll('.jp-RenderedSVG, .jp-RenderedImage')].map(box => "
        "[getComputedStyle(box, '::before').content, box.scrollWidth > box.clientWidth + 1])"
    )
    # a report page with a chart, and the overview; by the width each chart keeps for its words,
    # the report's fit a 390 px phone (364 px beside the page's padding) and the overview's not
    keeps: dict[str, list[int]] = {}
    for svg in (paths.REPORTS / "figures").glob("*.svg"):
        owner = svg.stem.partition("__")[0]
        keeps.setdefault(owner, []).append(charts.readable_width(svg.read_text(encoding="utf-8")))
    report = min(r for r in keeps if (paths.REPORTS / f"report-{r}.html").is_file())
    assert max(keeps[report]) <= 364 < max(keeps["overview"])
    try:
        for width in (360, 390, 560, 1200):
            browser.viewport(width, 900)
            for page in (f"report-{report}.html", "overview.html"):
                browser.navigate((paths.REPORTS / page).as_uri())
                seen = browser.evaluate(cue)
                assert seen, f"no chart on {page}"
                for content, scrolls in seen:
                    assert (SCROLL_CUE in content) == scrolls, (page, width, content)
                scrolling = [scrolls for _, scrolls in seen]
                if width == 390:
                    assert any(scrolling) == (page == "overview.html"), (page, scrolling)
                if width == 1200:
                    assert not any(scrolling), page
    finally:
        browser.viewport(1200, 900)


def _check_png(png: bytes, name: str, tmp_path: Path, min_height: int) -> None:
    from PIL import Image

    for folder in filter(None, [tmp_path, os.environ.get("CIVCAS_SCREENSHOTS")]):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000, name
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.width == 1200 and img.height >= min_height, (name, img.size)
    gray = img.convert("L").histogram()
    assert 1 - gray[255] / (img.width * img.height) > 0.03, f"{name} is almost blank"
    assert len(img.getcolors(1 << 24)) > 64, f"{name} has too few colours to hold text and charts"


def test_screenshots_of_the_index_and_a_report_page(browser, tmp_path):
    """Saved under tmp_path, and under $CIVCAS_SCREENSHOTS when set, for a person to look at."""
    browser.navigate((paths.REPORTS / "index.html").as_uri())
    _check_png(browser.screenshot(), "index.png", tmp_path, 900)
    browser.navigate((paths.REPORTS / REPORT_PAGE).as_uri())
    _check_png(browser.screenshot(), "report-snhr-2018-09.png", tmp_path, 2000)


FILTER = """(term => {
  const box = document.getElementById('filter');
  box.value = term;
  box.dispatchEvent(new Event('input'));
  const shown = e => e.getClientRects().length > 0;
  return {
    box: shown(box),
    rows: Array.from(document.querySelectorAll('table.reports tbody tr'),
                     r => [r.dataset.report, shown(r), r.textContent]),
    tables: Array.from(document.querySelectorAll('table.reports'), shown),
  };
})"""
SORT = """(name => {
  const table = Array.from(document.querySelectorAll('table.reports'))
    .sort((a, b) => b.tBodies[0].rows.length - a.tBodies[0].rows.length)[0];
  const head = Array.from(table.tHead.rows[0].cells);
  const th = head.find(h => h.textContent.trim() === name);
  const keys = () => Array.from(table.tBodies[0].rows,
                                r => r.cells[head.indexOf(th)].getAttribute('data-sort'));
  const before = keys();
  th.querySelector('button').click();
  const up = keys();
  th.querySelector('button').click();
  return {before, up, down: keys(), state: th.getAttribute('aria-sort')};
})"""


@pytest.fixture(scope="module")
def fresh_index(pkg, tmp_path_factory):
    """The index rendered now by helpers/present/index.py (its script and stylesheet as they are
    in the code, even before `make reports` has run)."""
    from helpers.build import runner

    page = tmp_path_factory.mktemp("index") / "index.html"
    page.write_text(index.index_page(pkg, runner.plan(pkg), failed=set()), encoding="utf-8")
    return page


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_index_filter_and_sort_work_at_desk_and_phone_widths(
    browser, fresh_index, pkg, width, height
):
    """The index's own script runs without an error; the filter shows exactly the reports whose
    text holds the words typed (and, at a phone's width too, hides the others); the sort orders a
    column both ways."""
    from helpers.build import runner

    browser.viewport(width, height)
    try:
        load = browser.navigate(fresh_index.as_uri())
        assert foreign_scripts(browser.evaluate(SCRIPTS)) == []
        every = browser.evaluate(f"{FILTER}('')")
        assert every["box"], "the script shows the filter"
        assert [r[1] for r in every["rows"]] == [True] * len(pkg.reports)
        term = next(j.title for j in runner.plan(pkg) if f"{j.stem}.html" == REPORT_PAGE)
        expected = [rid for rid, _, text in every["rows"] if term.lower() in text.lower()]
        assert "snhr-2018-09" in expected and len(expected) < len(every["rows"])
        some = browser.evaluate(f"{FILTER}({json.dumps(term.upper())})")
        assert [rid for rid, shown, _ in some["rows"] if shown] == expected
        none = browser.evaluate(f"{FILTER}('zz-fixture-no-such-report')")
        assert not any(r[1] for r in none["rows"]) and not any(none["tables"])
        again = browser.evaluate(f"{FILTER}('')")
        assert all(r[1] for r in again["rows"]) and all(again["tables"])
        sort = browser.evaluate(f"{SORT}('Published')")
        assert len(sort["up"]) > 1 and sorted(sort["up"]) == sorted(sort["before"])
        assert sort["up"] == sorted(sort["up"]) and sort["down"] == sorted(sort["up"])[::-1]
        assert sort["state"] == "descending"
        assert load.problems == [], "an error while the script ran"
    finally:
        browser.viewport(1200, 900)


PRINT_WIDTH = 1031  # A4 landscape less 12 mm margins (the pages' @page rule), in CSS pixels
CLIPPED = """Array.from(document.querySelectorAll('main *')).filter(e =>
  (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX != 'visible')
  || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + 'px')"""


@pytest.fixture(scope="module")
def fresh_pages(pkg, tmp_path_factory):
    """The widest pages rendered now by helpers/present/site.py from the committed notebooks, so
    that the print test checks the current stylesheet even before `make reports` has run."""
    import nbformat

    from helpers.build import runner
    from helpers.present import site

    folder = tmp_path_factory.mktemp("pages")
    jobs = {j.stem: j for j in runner.plan(pkg)}
    for stem in (
        REPORT_PAGE.removesuffix(".html"),
        "crosscheck",
        "overview",
        "timeline-cjtf-oir-cumulative",
    ):
        nb = nbformat.read(paths.REPORTS / f"{stem}.ipynb", as_version=4)
        (folder / f"{stem}.html").write_text(site.notebook_page(nb, jobs[stem]), encoding="utf-8")
    return folder


def test_pages_print_without_navigation_or_clipped_tables_and_charts(browser, fresh_pages):
    display = "getComputedStyle(document.querySelector('{}')).display"
    for page in sorted(fresh_pages.glob("*.html")):
        browser.navigate(page.as_uri())
        assert browser.evaluate(display.format("nav.toc")) != "none"
        browser.emulate_media("print")
        browser.viewport(PRINT_WIDTH, 730)
        try:
            assert browser.evaluate(display.format("nav.toc")) == "none"
            assert browser.evaluate(display.format("header.site")) == "none"
            assert browser.evaluate(CLIPPED) == [], (
                f"{page.name}: content cut off at the printed page's edge"
            )
        finally:
            browser.emulate_media("")
            browser.viewport(1200, 900)
    browser.navigate((fresh_pages / REPORT_PAGE).as_uri())
    pdf = browser.print_pdf(preferCSSPageSize=True)
    assert pdf.startswith(b"%PDF-")
    pages = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    assert pages and max(pages) >= 2, "the report page's tables run over several printed pages"
    width, height = (
        float(x) for x in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf).groups()
    )
    assert (round(width), round(height)) == (842, 595), "A4 landscape"
