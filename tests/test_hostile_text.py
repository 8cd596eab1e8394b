"""Text from the data is shown to readers, so it must never run as code. A copy of the data gets a
report whose free-text fields, raw document, quotes, locator and web address carry markup and
script; one report notebook is built from it; the executed notebook, its HTML page, its chart and
the index must show that text exactly as written, and a real browser must run none of it."""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser

import nbformat
import pytest
from browser import CHROMIUM, MISSING, SCRIPTS, Chromium, foreign_scripts
from conftest import DataCopy

from helpers.build import runner
from helpers.data import load, schema
from helpers.errors import DataError
from helpers.present import display, index

SCRIPT = "<script>window.__pwned=1;document.title='PWNED'</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
MARKDOWN = "[click](javascript:window.__pwned=3)"
ANCHOR = '<a href="javascript:window.__pwned=4">x</a>'
BREAKOUT = '"><svg onload=window.__pwned=5>'
# passes the schema's web-address pattern
URL = 'https://example.org/"><script>window.__pwned=6</script>'
HOSTILE = [SCRIPT, IMG, MARKDOWN, ANCHOR, BREAKOUT, URL]
RID = "hostile-test"
RAW = "data/raw/hostile-test.txt"
QUOTE_A = f"{SCRIPT} At least 12 civilians were killed in the city"
QUOTE_B = f"{IMG} A second count gave 15 civilians killed in the city."


def long_text(root) -> str:
    """As long as the schema lets reports.notes be (20,000 characters if it sets no limit), ending
    in a marker so that truncation shows."""
    field = next(f for f in schema.fields("reports", root) if f["name"] == "notes")
    n = min(20_000, field.get("constraints", {}).get("maxLength", 20_000))
    body = ("long " + SCRIPT + " text " + IMG + " ") * (n // 60 + 1)
    return body[: n - 4] + " END"


def _add_hostile_report(copy: DataCopy) -> str:
    raw = copy.root / RAW
    raw.write_text(
        f"Hostile test document, not a real source.\n{QUOTE_A}, the monitor said.\n{QUOTE_B}\n",
        encoding="utf-8",
    )
    copy.append(
        "documents",
        document_id=RID,
        path=RAW,
        sha256=hashlib.sha256(raw.read_bytes()).hexdigest(),
        media_type="text/plain; charset=utf-8",
        publisher_as_credited=IMG,
        title=SCRIPT,
        url="unknown",
        published_note=MARKDOWN,
        received_as=ANCHOR,
        received_on="2026-11-25",
        licence=BREAKOUT,
        transcription_notes=ANCHOR,
    )
    long = long_text(copy.root)
    copy.append(
        "reports",
        report_id=RID,
        title=SCRIPT,
        issuer=f"{IMG} Monitor (HTM)",
        issuer_as_written=BREAKOUT,
        kind="monitor_report",
        published="2018-09",
        published_note=ANCHOR,
        document_id=RID,
        url=URL,
        geography="SYR",
        period_start="2014-09",
        period_end="2018-09",
        coverage_note=MARKDOWN,
        notes=long,
    )
    copy.append(
        "figures",
        figure_id="hostile-a",
        report_id=RID,
        carried_by=RID,
        locator=f"paragraph 1 {BREAKOUT}",
        quote=QUOTE_A,
        metric="civilians_killed",
        value="12",
        value_as_written="12",
        qualifier="at_least",
        interpretation=ANCHOR,
        notes=SCRIPT,
    )
    copy.append(
        "figures",
        figure_id="hostile-b",
        report_id=RID,
        carried_by=RID,
        locator=f"paragraph 2 {SCRIPT}",
        quote=QUOTE_B,
        metric="civilians_killed",
        value="15",
        value_as_written="15",
        qualifier="exact",
        interpretation=MARKDOWN,
        notes=IMG,
    )
    return long


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile report's notebook built once from the data copy: (reports folder, long text,
    build log, the output names of every page the site makes from that data)."""
    root = tmp_path_factory.mktemp("hostile-data")
    copy = DataCopy(root)
    long = _add_hostile_report(copy)
    out = tmp_path_factory.mktemp("hostile-reports")
    code, messages = copy.build(out, {f"report-{RID}"})
    assert code == 0, "\n".join(messages)
    stems = {"index", *(job.stem for job in runner.plan(load.load_package(root)))}
    return out, long, messages, stems


@pytest.fixture(scope="module")
def notebook(built):
    return nbformat.read(built[0] / f"report-{RID}.ipynb", as_version=4)


class _Tags(HTMLParser):
    """Every real tag and attribute, as a browser's tokenizer sees them: text in a value or between
    tags (escaped, it is only text) is not a tag, however much it looks like one. A script element
    is read to its end tag, as a browser reads it: it passes only as one of the site's own scripts
    (tests/browser.py foreign_scripts: its id alone, and exactly that constant text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.own_scripts: list[str] = []  # ids of the site's own scripts, in page order
        self._script: tuple[list, list[str]] | None = None  # (attributes, text) of an open one

    def _attributes(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"event handler in a tag: <{tag} {name}=…>")
            if name in ("href", "src", "xlink:href") and value.startswith("javascript:"):
                self.found.append(f"javascript: link: <{tag} {name}={value[:40]!r}>")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("img tag from the data: <img src=x>")

    def handle_starttag(self, tag, attrs):
        self._attributes(tag, attrs)
        if tag == "script":
            self._script = (attrs, [])

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, attrs)
        if tag == "script":  # a browser ignores the slash: it opens a script all the same
            self.found.append("script tag: written as <script/>")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._end_script()

    def _end_script(self):
        attrs, text = self._script
        self._script = None
        script = {
            "id": dict(attrs).get("id") or "",
            "type": dict(attrs).get("type"),
            "attributes": [name for name, _ in attrs],
            "text": "".join(text),
        }
        foreign = foreign_scripts([script])
        self.found += [f"script tag: {f}" for f in foreign]
        if not foreign:
            self.own_scripts.append(script["id"])

    def close(self):
        super().close()
        if self._script is not None:
            self.found.append("script tag: never closed")
            self._script = None


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _live(html: str) -> list[str]:
    """The live markup in a page or SVG: scripts other than the site's own, event handlers,
    javascript: links and the data's own img tag, found by tokenizing as a browser does (comments,
    such as matplotlib's escaped label text, are skipped; an alt text that quotes hostile words is
    a value, not a tag)."""
    return _tags(html).found


def test_every_html_output_shows_the_text_escaped(notebook):
    outputs = [
        o["data"]["text/html"]
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert len(outputs) >= 3  # provenance card, figures table, checks table
    assert [_live(h) for h in outputs if _live(h)] == []
    joined = "\n".join(outputs)
    for text in HOSTILE:
        assert display.esc(text) in joined, text


def test_hostile_text_never_enters_markdown_or_code(notebook):
    """Notebooks show data only through helpers.present.display: their own cells hold none of it,
    and no output is markdown (nbconvert would pass raw HTML in markdown straight into the page)."""
    for cell in notebook.cells:
        assert "__pwned" not in cell.source and "PWNED" not in cell.source, cell.source
    mimes = {m for c in notebook.cells for o in c.get("outputs", []) for m in o.get("data", {})}
    assert mimes == {"text/html", "text/plain", "image/svg+xml", "image/png"}


def test_the_sites_own_scripts_are_constants_that_write_no_markup():
    """The only scripts a page may carry are constants of helpers/present/index.py; none can end
    its own element early, and none writes markup or runs text as code, so nothing a page shows
    (the data, escaped) can become markup through them."""
    assert set(index.SITE_SCRIPTS) == {index.FILTER_SORT_ID}
    for script_id, text in index.SITE_SCRIPTS.items():
        assert "</script" not in text.lower() and "<!--" not in text, script_id
        sinks = (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "Function(",
            "setTimeout",
            "setInterval",
            "location",
            ".src",
            "href",
            "'on",
        )
        assert [s for s in sinks if s in text] == [], script_id
        assert _tags(index.script_element(script_id)).own_scripts == [script_id]
    assert _live("<script>" + index.FILTER_SORT_JS + "</script>") != []  # an id is needed too
    assert _live(f'<script id="{index.FILTER_SORT_ID}">{SCRIPT}</script>') != []  # and its text


def test_the_page_index_and_chart_hold_no_live_markup(built):
    out, _, _, _ = built
    page = (out / f"report-{RID}.html").read_text(encoding="utf-8")
    index_html = (out / "index.html").read_text(encoding="utf-8")
    assert _live(page) == [] and _live(index_html) == []
    # the index carries its filter and sort, exactly as written in helpers/present/index.py
    assert _tags(page).own_scripts == [] and _tags(index_html).own_scripts == [index.FILTER_SORT_ID]
    # the page's title is the report's human title: the hostile title as written, escaped
    assert f"<title>{display.esc(SCRIPT)}</title>" in page
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert heading and "<" not in heading[1] and html.unescape(heading[1]) == SCRIPT
    assert display.esc(SCRIPT) in index_html
    svgs = sorted((out / "figures").glob(f"{RID}__*.svg"))
    assert svgs, (
        "the two statements that disagree get a chart, with the hostile locators in its labels"
    )
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert _live(text) == [] and display.esc(SCRIPT).replace("&#x27;", "'") in text, svg.name


LINKS = """Array.from(document.querySelectorAll('a[href], area[href], [*|href]'), a => ({
  tag: a.tagName,
  href: a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'),
  text: a.textContent, title: a.getAttribute('title'), download: a.hasAttribute('download'),
  target: (a.getAttribute('href') || '').startsWith('#')
    && !!document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))}))"""
DOM = f"""({{scripts: {SCRIPTS}, links: {LINKS},
  handlers: Array.from(document.querySelectorAll('*')).flatMap(e =>
    Array.from(e.attributes).filter(a => a.name.startsWith('on'))
      .map(a => e.tagName + ' ' + a.name)),
  inlineSvg: document.querySelectorAll('svg').length}})"""


def _injected_links(links: list[dict], stems: set[str], files: set[str]) -> list[dict]:
    """The links a page's data put there: every link that is not one the site makes itself. The
    site's own: an in-page anchor to an element of the page; one of the site's pages (stem.html,
    or stem.html#anchor, an anchor the build makes of ids: letters, digits, "-" and "_") or other
    files the build published (files: the exports, the changelog...);
    one of the site's notebooks to download (stem.ipynb, with a download attribute); a source's
    web address shown as such (display.link: a safe http(s) address that reads as itself, or as
    its short form with the whole address as its title)."""

    def own(link: dict) -> bool:
        href = link["href"] or ""
        if href.startswith("#"):
            return link["target"]
        page, _, fragment = href.partition("#")
        if page in {f"{s}.html" for s in stems} and re.fullmatch(r"[A-Za-z0-9_-]+", fragment):
            return True  # a check's row on one of the site's pages ("See the evidence")
        if href in {f"{s}.html" for s in stems} or href in files:
            return True
        if href in {f"{s}.ipynb" for s in stems}:
            return link["download"]
        if display.SAFE_URL.match(href):
            return link["text"] == href or link["title"] == href and link["text"] in href
        return False

    return [link for link in links if link["tag"] != "A" or not own(link)]


@pytest.mark.skipif(CHROMIUM is None, reason=MISSING)
def test_a_browser_runs_none_of_it_and_shows_it_as_written(built, tmp_path_factory):
    out, long, _, stems = built
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    with Chromium(tmp_path_factory.mktemp("chromium") / "profile") as b:
        for name in (
            f"report-{RID}.html",
            "index.html",
            *[p.relative_to(out).as_posix() for p in (out / "figures").glob(f"{RID}__*.svg")],
        ):
            load = b.navigate((out / name).as_uri())
            seen = {
                "page": name,
                "problems": load.problems,
                "window.__pwned": b.evaluate("String(window.__pwned)"),
                "title is PWNED": b.evaluate("document.title") == "PWNED",
            }
            assert seen == {
                "page": name,
                "problems": [],
                "window.__pwned": "undefined",
                "title is PWNED": False,
            }
        b.navigate((out / f"report-{RID}.html").as_uri())
        assert b.evaluate("document.title") == SCRIPT
        text = b.evaluate("document.body.innerText")
        for hostile in HOSTILE:
            assert hostile in text, hostile
        assert long in b.evaluate("document.body.textContent"), "the long note is cut short"
        assert long in text
        dom = b.evaluate(DOM)
        assert (dom["scripts"], dom["handlers"], dom["inlineSvg"]) == ([], [], 0)
        assert _injected_links(dom["links"], stems, published) == []
        hrefs = [link["href"] for link in dom["links"]]
        assert f"report-{RID}.ipynb" in hrefs, "the page links its notebook to download"
        assert not [h for h in hrefs if "example.org" in h], "the hostile web address is no link"
        # the index: its own script runs, and typing or sorting the hostile text runs none of it
        load = b.navigate((out / "index.html").as_uri())
        assert SCRIPT in b.evaluate("document.body.innerText")
        for words in (*HOSTILE, "PWNED", ""):
            b.evaluate(
                "(w => { const f = document.getElementById('filter'); f.value = w;"
                " f.dispatchEvent(new Event('input')); })" + f"({json.dumps(words)})"
            )
        b.evaluate("document.querySelectorAll('table.reports th button').forEach(b => b.click())")
        dom = b.evaluate(DOM)
        assert foreign_scripts(dom["scripts"]) == [] and len(dom["scripts"]) == 1
        assert (dom["handlers"], dom["inlineSvg"]) == ([], 0)
        assert _injected_links(dom["links"], stems, published) == []
        assert b.evaluate("String(window.__pwned)") == "undefined" and load.problems == []


def test_a_javascript_url_is_refused_by_the_schema_and_never_linked(data_copy):
    data_copy.edit("reports", "report_id", "snhr-2018-09", url="javascript:alert(1)")
    with pytest.raises(DataError) as exc:
        load.load_package(data_copy.root)
    assert [p.column for p in exc.value.problems] == ["url"] and "reports.csv" in str(
        exc.value.problems[0]
    )
    assert display.link("javascript:alert(1)") == "javascript:alert(1)"
    assert display.link(URL) == display.esc(URL) and "<a" not in display.link(URL)
    assert 'href="https://example.org/a?b=1&amp;c=2"' in display.link(
        "https://example.org/a?b=1&c=2"
    )
    card = display.card([("URL", "javascript:alert(1)"), ("Notes", SCRIPT)])._repr_html_()
    assert "<a " not in card and "&lt;script&gt;" in card and "<script" not in card


def test_a_link_shows_an_escaped_address_s_letters_and_opens_it_as_given():
    escaped = "https://example.org/%d8%b1%d9%88%e2%80%ae?q=%d8%a7"
    shown = display.link(escaped, short=True)
    assert f'href="{escaped}"' in shown  # the target as the source gave it
    assert ">example.org/رو%e2%80%ae</a>" in shown  # a direction override stays escaped
    assert 'title="https://example.org/رو%e2%80%ae?q=ا"' in shown
