"""site.PageExporter renders a page as nbconvert's HTMLExporter does, without the second reading of
the page (BeautifulSoup) that HTMLExporter makes only to add alt text and JupyterLab's tabindex. The
pages must mean exactly what they meant: read by BeautifulSoup, a page is HTMLExporter's page to
the byte (so only the way the markup is written differs: attribute order and quoting, character
references, "<img>" for "<img/>", runs of blank lines between tags); a page that needs the pass gets
HTMLExporter's page itself; and the nbconvert code it repeats has not changed under it."""

from __future__ import annotations

import hashlib
import inspect
import re
from html.parser import HTMLParser

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import paths
from helpers.present import charts, site

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5"/></svg>'
# a one-pixel PNG
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# What site.PageExporter repeats of nbconvert 7.17.2 (requirements.txt): HTMLExporter's steps
# before its BeautifulSoup pass, and the settings markdown2html reads (its cache's key).
NBCONVERT_SOURCES = {
    "HTMLExporter.from_notebook_node": (
        "3dccafff45cc4e749766089c7de2f5385ac071e03f4f5a15bfb3b025f54893b9"
    ),
    "HTMLExporter.markdown2html": (
        "22b70a1f0b447bcb6df3ca882d4ee29e04cc462d06bb7115d33713d4134320fc"
    ),
}


def reference_exporter() -> HTMLExporter:
    """nbconvert's own exporter, set up as the site's was before PageExporter."""
    exporter = HTMLExporter(
        template_name="basic",
        extra_template_paths=[str(site.TEMPLATES)],
        template_file="civcas.html.j2",
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def chart_output(alt: str | None) -> nbformat.NotebookNode:
    metadata = {"civcas": {"alt": alt}} if alt is not None else {}
    return new_output(
        "display_data", {"image/svg+xml": SVG, "text/plain": "<Figure>"}, metadata=metadata
    )


def html_output(text: str) -> nbformat.NotebookNode:
    return new_output("display_data", {"text/html": text, "text/plain": "table"})


def notebook(*cells) -> nbformat.NotebookNode:
    return new_notebook(
        cells=list(cells),
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )


# A page of every kind the notebooks make: headings, markup that BeautifulSoup writes otherwise
# (quotes, character references, a class with a trailing space, attributes out of alphabetical
# order, "<br>", blank lines), a chart with its alt text, printed text and a lab-only cell.
PLAIN = notebook(
    new_markdown_cell('# The report\'s title\n\nIt says "at least" & more: <br> 1,114 ≠ 1,144.'),
    new_markdown_cell("lab note", metadata={"tags": ["lab-only"]}),
    new_code_cell(
        "show()",
        outputs=[
            html_output(
                '<table class="civcas-table "><tr title="a &quot;b&quot; c" class="x">'
                "<td data-label='source&#x27;s words'>O&#x27;Brien &lt;script&gt;</td></tr>"
                "</table>\n\n\n<p>after</p>"
            ),
            chart_output('Deaths "reported", <by> month & year'),
            new_output("stream", name="stdout", text="printed  text\n\n  kept\n"),
        ],
    ),
    new_markdown_cell("## First section\n\nA [link](https://example.org/?a=1&b=2)."),
    new_code_cell("x", outputs=[html_output("<div>\n\n<pre>  a\n\n b </pre>\n</div>")]),
    new_markdown_cell("## Second section"),
)

# Pages that need nbconvert's pass: an image without alt text, however it got there, or a
# JupyterLab notebook element.
NEEDS_PASS = {
    "chart without alt text": notebook(new_code_cell("c", outputs=[chart_output(None)])),
    "png without alt text": notebook(
        new_code_cell(
            "c", outputs=[new_output("display_data", {"image/png": PNG, "text/plain": "i"})]
        )
    ),
    "raw img in markdown": notebook(new_markdown_cell('Look: <img src="x.png"> there.')),
    "upper-case IMG in html": notebook(new_code_cell("c", outputs=[html_output("<IMG SRC=x>")])),
    "JupyterLab cells": notebook(
        new_code_cell(
            "c",
            outputs=[
                html_output(
                    '<div class="jp-Notebook"><div class="jp-Cell-inputWrapper">in</div>'
                    '<div class="jp-OutputArea-output">out</div></div>'
                )
            ],
        )
    ),
}


def test_a_page_reads_as_nbconvert_s_own_page():
    ours, _ = site.exporter().from_notebook_node(PLAIN)
    theirs, _ = reference_exporter().from_notebook_node(PLAIN)
    assert not site.needs_nbconvert_pass(ours)
    assert ours != theirs, "the fixture no longer shows what BeautifulSoup writes otherwise"
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert "lab note" not in ours and '<h2 id="First-section">' in ours
    assert 'alt="Deaths &quot;reported&quot;, &lt;by&gt; month &amp; year"' in ours
    assert "&lt;script&gt;" in ours and "<script" not in ours


@pytest.mark.parametrize("name", NEEDS_PASS)
def test_a_page_that_needs_nbconvert_s_pass_gets_it(name):
    nb = NEEDS_PASS[name]
    ours, _ = site.exporter().from_notebook_node(nb)
    theirs, _ = reference_exporter().from_notebook_node(nb)
    assert ours == theirs
    assert images_without_alt(ours) == []


def test_the_page_of_a_committed_notebook_reads_as_nbconvert_s_own():
    """One of each kind of page that the collection holds (the first in name order)."""
    notebooks = sorted(paths.REPORTS.glob("*.ipynb"))
    kinds = {}
    for path in notebooks:
        kinds.setdefault(path.stem.split("-", 1)[0], path)
    assert len(kinds) >= 3, sorted(kinds)
    for path in kinds.values():
        nb = nbformat.read(path, as_version=4)
        ours, _ = site.exporter().from_notebook_node(nb)
        theirs, _ = reference_exporter().from_notebook_node(nb)
        assert str(BeautifulSoup(ours, features="html.parser")) == theirs, path.name
        assert images_without_alt(ours) == [], path.name


@pytest.mark.parametrize(
    ("body", "needed"),
    [
        ("<p>no image</p>", False),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a chart">', False),
        ('<img src="a.png"\nalt="a chart"\n>', False),
        ('<img src="a.png">', True),
        ('<img src="a.png" alt>', True),  # has alt, but not in the templates' shape: to be sure
        ("<IMG SRC=x>", True),
        ('<img src="a.png" alt="a">\n<img src="b.png">', True),
        ('<!-- <img src="x"> -->', True),  # in a comment: no image, but no reading of HTML here
        ('<div class="jp-Notebook">x</div>', True),
    ],
)
def test_which_pages_need_nbconvert_s_pass(body, needed):
    assert site.needs_nbconvert_pass(body) is needed


def test_the_nbconvert_code_the_exporter_repeats_is_unchanged():
    """PageExporter.from_notebook_node repeats HTMLExporter.from_notebook_node up to its
    BeautifulSoup pass, then calls TemplateExporter.from_notebook_node itself; its markdown cache
    is keyed by what HTMLExporter.markdown2html reads. A new nbconvert that changes either method
    fails here: read the new code, bring site.PageExporter in line, then update the digests."""
    assert HTMLExporter.__mro__[1] is TemplateExporter
    digests = {
        name: hashlib.sha256(
            inspect.getsource(getattr(HTMLExporter, name.split(".")[1])).encode()
        ).hexdigest()
        for name in NBCONVERT_SOURCES
    }
    assert digests == NBCONVERT_SOURCES


class _Images(HTMLParser):
    """The <img> tags without alt text (or with an empty one), as a browser's tokenizer finds
    them: text that only looks like a tag (escaped, in a comment or a value) is none."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.without_alt: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not dict(attrs).get("alt"):
            self.without_alt.append(self.get_starttag_text()[:80])

    handle_startendtag = handle_starttag


def images_without_alt(page: str) -> list[str]:
    parser = _Images()
    parser.feed(page)
    parser.close()
    return parser.without_alt


def test_every_image_of_every_committed_page_has_alt_text():
    pages = sorted(paths.REPORTS.glob("*.html"))
    assert pages
    for page in pages:
        assert images_without_alt(page.read_text(encoding="utf-8")) == [], page.name


def test_markdown_is_rendered_once_per_text_and_the_same():
    exporter = site.exporter()
    nb = notebook(new_markdown_cell("## Once\n\nthe *same* text"))
    first, _ = exporter.from_notebook_node(nb)
    again, _ = exporter.from_notebook_node(nb)
    fresh, _ = reference_exporter().from_notebook_node(nb)
    assert first == again and re.search(r'<h2 id="Once">', first)
    assert str(BeautifulSoup(first, features="html.parser")) == fresh


@pytest.mark.parametrize(
    "text",
    [
        "freespeechtwentyfirstcentury.com",
        "https://example.org/a/very/long/path?x=1&y=<2>",
        "short words & a <tag>",
        "x" * 45,
    ],
)
def test_a_long_word_in_a_table_may_break_and_reads_as_it_was(text):
    from helpers.present.display import LONG_WORD, breakable, esc

    html = breakable(text)
    assert html.replace("<wbr>", "") == esc(text)
    assert all(len(run) <= LONG_WORD for piece in html.split("<wbr>") for run in piece.split())


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("a" * 11 + "e\u0301" + "b" * 10, "e\u0301"),  # a letter and its accent
        ("x" + "\U0001f1f8\U0001f1fe" * 11, "\U0001f1f8\U0001f1fe"),  # the two letters of a flag
        ("y" * 11 + "\U0001f469\u200d\U0001f4bb" + "z" * 10, "\U0001f469\u200d\U0001f4bb"),
    ],
)
def test_a_long_word_never_breaks_inside_a_character_as_read(text, kept):
    from helpers.present.display import breakable

    pieces = breakable(text).split("<wbr>")
    assert len(pieces) > 1 and "".join(pieces) == text
    # no break falls inside the sequence a reader sees as one character
    for left, right in zip(pieces, pieces[1:], strict=False):
        for cut in range(1, len(kept)):
            assert not (left.endswith(kept[:cut]) and right.startswith(kept[cut:])), (left, right)


def test_a_chart_keeps_the_width_its_words_are_read_at_and_says_when_it_scrolls():
    """A chart drawn W pt wide, its words s pt, is never shown narrower than W * 9 / s px (its
    words then 9 px high); the page says, above it, that it scrolls, exactly on screens too narrow
    for that width beside the page's padding."""
    from helpers.present.style import STYLE

    drawn = '<svg xmlns="http://www.w3.org/2000/svg" width="587.39976pt" height="300pt">'
    expected = -(-587.39976 * charts.CHART_TEXT_PX // STYLE["font.size"])
    assert charts.readable_width(drawn) == expected == 529
    assert charts.readable_width('<svg width="100%">') == 0  # no size in points: nothing kept
    body = '<div class="jp-RenderedSVG civcas-chart-w529"></div><div class="civcas-chart-w300">'
    css = site.chart_css(body + '<div class="civcas-chart-w529">')
    assert css.count(".civcas-chart-w529 img{min-width:529px}") == 1
    assert ".civcas-chart-w300 img{min-width:300px}" in css
    below = 529 + 25  # at 555 px, 0.8em of padding either side leaves 529.4 px: it fits
    assert f"@media screen and (max-width:{below}px){{.civcas-chart-w529::before{{" in css
    assert site.SCROLL_CUE in css
    assert site.chart_css("<p>no chart</p>") == ""


@pytest.mark.parametrize(
    "kept, written", [(329, " civcas-chart-w329"), ("329 onload=alert(1)", ""), (None, "")]
)
def test_a_chart_s_box_carries_the_width_its_output_says_it_keeps(kept, written):
    """The width comes from the chart's own output (Chart's civcas metadata): a whole number, or
    nothing is written; the page's style then holds the chart to it."""
    output = chart_output("a chart")
    if kept is not None:
        output.metadata["civcas"]["readable_width"] = kept
    body, _ = site.exporter().from_notebook_node(notebook(new_code_cell("c", outputs=[output])))
    box = re.search(r'<div class="(jp-RenderedSVG[^"]*)"', body)[1]
    assert box.endswith(written) if written else "civcas-chart-w" not in box
    assert "onload" not in body
    assert ("min-width:329px" in site.chart_css(body)) == bool(written)
