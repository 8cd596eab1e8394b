"""Text from the data is shown to readers, so it must never run as code. A copy of the data gets a
report whose free-text fields, raw document, quotes, locator and web address carry markup and
script; one report notebook is built from it; the executed notebook, its HTML page, its chart and
the index must show that text exactly as written, and a real browser must run none of it."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

import nbformat
import pytest
from browser import CHROMIUM, MISSING, Chromium
from conftest import DataCopy

from helpers.data import load, schema
from helpers.errors import DataError
from helpers.present import display

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
    build log)."""
    root = tmp_path_factory.mktemp("hostile-data")
    copy = DataCopy(root)
    long = _add_hostile_report(copy)
    out = tmp_path_factory.mktemp("hostile-reports")
    code, messages = copy.build(out, {f"report-{RID}"})
    assert code == 0, "\n".join(messages)
    return out, long, messages


@pytest.fixture(scope="module")
def notebook(built):
    return nbformat.read(built[0] / f"report-{RID}.ipynb", as_version=4)


class _Tags(HTMLParser):
    """Every real tag and attribute, as a browser's tokenizer sees them: text in a value or between
    tags (escaped, it is only text) is not a tag, however much it looks like one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"event handler in a tag: <{tag} {name}=…>")
            if name in ("href", "src", "xlink:href") and value.startswith("javascript:"):
                self.found.append(f"javascript: link: <{tag} {name}={value[:40]!r}>")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("img tag from the data: <img src=x>")
        if tag == "script":
            self.found.append("script tag")

    handle_startendtag = handle_starttag


def _live(html: str) -> list[str]:
    """The live markup in a page or SVG: script tags, event handlers, javascript: links and the
    data's own img tag, found by tokenizing as a browser does (comments, such as matplotlib's
    escaped label text, are skipped; an alt text that quotes hostile words is a value, not a
    tag)."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.found


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


def test_the_page_index_and_chart_hold_no_live_markup(built):
    out, _, _ = built
    page = (out / f"report-{RID}.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert _live(page) == [] and _live(index) == []
    # the page's title is the report's human title: the hostile title as written, escaped
    assert f"<title>{display.esc(SCRIPT)}</title>" in page
    assert f"<h1>{display.esc(SCRIPT)}</h1>" in page and display.esc(SCRIPT) in index
    svgs = sorted((out / "figures").glob(f"{RID}__*.svg"))
    assert svgs, (
        "the two statements that disagree get a chart, with the hostile locators in its labels"
    )
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert _live(text) == [] and display.esc(SCRIPT).replace("&#x27;", "'") in text, svg.name


@pytest.mark.skipif(CHROMIUM is None, reason=MISSING)
def test_a_browser_runs_none_of_it_and_shows_it_as_written(built, tmp_path_factory):
    out, long, _ = built
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
        dom = b.evaluate("""({scripts: document.scripts.length,
            handlers: Array.from(document.querySelectorAll('*')).flatMap(e =>
                Array.from(e.attributes).filter(a => a.name.startsWith('on'))
                    .map(a => e.tagName + ' ' + a.name)),
            links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))
                .filter(h => !/^(#|https?:\\/\\/|[\\w.-]+\\.html$)/.test(h)),
            inlineSvg: document.querySelectorAll('svg').length})""")
        assert dom == {"scripts": 0, "handlers": [], "links": [], "inlineSvg": 0}
        b.navigate((out / "index.html").as_uri())
        assert SCRIPT in b.evaluate("document.body.innerText")


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
