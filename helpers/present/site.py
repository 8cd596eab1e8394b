"""The reader's site: one HTML page per executed notebook (code hidden) and an index. Pages are
self-contained (no scripts beyond the index's own, no external fonts or CDNs), share one look, carry
a table of contents and print cleanly. A report page whose report makes claims carries their
claim reviews as JSON-LD data in its head (claimreview.py), which no browser runs."""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from jinja2 import pass_context
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from traitlets.config import Config

from helpers.data import load
from helpers.present import claimreview
from helpers.present.display import esc


class Page(Protocol):
    """What the site needs of a planned notebook run (the build stage's job): its file stem, title,
    notebook and parameters."""

    stem: str
    title: str
    notebook: str
    parameters: Any


# civcas.html.j2: nbconvert's basic HTML, charts with alt text
TEMPLATES = Path(__file__).resolve().parent / "templates"

# A chart is never shown narrower than the width that keeps its words readable (its output's
# civcas metadata, charts.readable_width), and on a screen narrower than that it scrolls sideways in
# its own box, a line above it saying so (chart_css). A chart drawn 8 in wide keeps 529 px; a map,
# 341 pt wide, fits a phone whole.

# the page's padding either side on a narrow screen (0.8em of 16 px, in the CSS below)
NARROW_PADDING_PX = 12.8
# said above a chart on a screen narrower than it
SCROLL_CUE = "Wider than the screen: scroll sideways to see all of the chart"
# a chart's box on a page carries the width it keeps as a class: civcas-chart-w529
CHART_WIDTH_CLASS = re.compile(r"\bcivcas-chart-w([0-9]+)\b")


def chart_css(body: str) -> str:
    """The style rules for the charts of a page body: each chart's box (class civcas-chart-wN)
    keeps its image at least N px wide, and on a screen too narrow for N px beside the page's
    padding it says, above the chart, that the chart scrolls sideways (a phone shows no scroll bar
    until the reader touches it), the line kept in view while the chart scrolls."""
    rules = []
    for width in sorted({int(w) for w in CHART_WIDTH_CLASS.findall(body)}):
        box = f".civcas-chart-w{width}"
        rules.append(f"{box} img{{min-width:{width}px}}")
        rules.append(
            # the widest screen whose page leaves less than width beside its padding
            f"@media screen and (max-width:{math.ceil(width + 2 * NARROW_PADDING_PX) - 1}px)"
            f"{{{box}::before{{"
            f'content:"{SCROLL_CUE} \\2192";display:block;position:sticky;left:0;'
            "width:max-content;max-width:calc(100vw - 3em);font-size:0.85em;color:#555;"
            "margin:0 0 0.3em}}"
        )
    return "\n".join(rules) + ("\n" if rules else "")


CSS = (
    "\n"
    'body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#222;max-width:1100px;'
    "margin:0 auto;padding:0 1.2em 3em;line-height:1.45;overflow-wrap:break-word}\n"
    "header.site{border-bottom:3px solid #0072B2;padding:0.6em 0;margin-bottom:1em}\n"
    "header.site a{margin-right:1.2em;color:#0072B2;text-decoration:none;font-weight:bold}\n"
    "nav.toc{background:#f4f7fa;border:1px solid #d5dde5;padding:0.5em 1em;margin:1.5em 0;"
    "font-size:0.9em}\n"
    "nav.toc ol{margin:0.2em 0;padding-left:1.4em}\n"
    "h1{font-size:1.6em;line-height:1.25}"
    "h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}\n"
    "main p,main li{max-width:46em}\n"
    ".civcas-byline{color:#444}\n"
    ".civcas-chart-files{font-size:0.9em;margin:0.2em 0 1em}\n"
    ".civcas-verdict{font-size:1.1em;padding:0.3em 0.6em;border-left:5px solid #999;"
    "background:#f4f4f4}\n"
    ".civcas-verdict-fail{border-color:#D55E00;background:#fbe3d6}"
    ".civcas-verdict-misquoted,.civcas-verdict-warning{border-color:#E69F00;background:#fdf3c9}"
    ".civcas-verdict-pass{border-color:#009E73;background:#e3f0ea}\n"
    ".anchor-link{display:none}\n"
    "svg,img{max-width:100%;height:auto}\n"
    ".jp-OutputArea-output, .output_subarea{overflow-x:auto}\n"
    "table{max-width:100%}\n"
    "section.about{margin-top:2.5em;border-top:1px solid #ddd;padding-top:0.5em}\n"
    "footer{margin-top:3em;font-size:0.8em;color:#555;border-top:1px solid #ddd;"
    "padding-top:0.5em}\n"
    ".status-fail{background:#fbe3d6;font-weight:bold}.status-warning{background:#fdf3c9}"
    ".status-pass{background:#e3f0ea}\n"
    ".index td,.index th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
    ".index{border-collapse:collapse}\n"
    "@media (max-width:700px){body{padding:0 0.8em 2em}h1{font-size:1.35em}"
    "header.site a{display:inline-block;margin-right:0.9em}"
    "}\n"
    "@media print{@page{size:A4 landscape;margin:12mm}"
    "header.site,nav.toc,section.about,.civcas-chart-files{display:none}"
    "body{max-width:none;padding:0;font-size:10pt}h2{page-break-after:avoid}"
    "a{color:inherit}\n"
    "svg,img,tr{page-break-inside:avoid}"
    ".jp-OutputArea-output,.output_subarea{overflow:visible}\n"
    "main .civcas-table{font-size:8pt}"
    "main .civcas-table th,main .civcas-table td{padding:2px 4px;overflow-wrap:break-word}"
    "details>*{display:block}}\n"
)
FOOTER = (
    "Made by civcas-notebooks from its curated data, every figure with its source: the report "
    "pages say where each one was read."
)


def page_shell(
    title: str,
    body: str,
    toc: list[tuple[str, str]] | None = None,
    extra_css: str = "",
    json_ld: str | None = None,
) -> str:
    """A whole page of the site: the shared head, style and navigation around body; toc, if given,
    a contents list of (anchor, title); extra_css, style rules for this page only; json_ld, if
    given, structured data for the head (script-safe JSON: claimreview.page_json_ld)."""
    nav = contents(toc or [])
    data = (
        f'<script type="application/ld+json">\n{claimreview.script_safe(json_ld)}</script>\n'
        if json_ld
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}{extra_css}</style>\n{data}</head>\n<body>\n"
        '<header class="site"><a href="index.html">All reports</a>'
        '<a href="overview.html">Overview</a>'
        '<a href="crosscheck.html">Cross-check</a></header>\n'
        f"<main>\n{nav}\n{body}\n</main>\n<footer>{FOOTER}</footer>\n</body>\n</html>\n"
    )


# An <img> tag as the templates write it: every attribute double-quoted, with nothing in a value
# that could open or close a tag (the chart's alt text and data URL are escaped HTML).
IMG_TAG = re.compile(r'<img((?:\s+[a-zA-Z_:-]+="[^"<>]*")*)\s*>')
ALT_ATTRIBUTE = re.compile(r'\salt="')
IMG_START = re.compile(r"<img", re.IGNORECASE)


def needs_nbconvert_pass(body: str) -> bool:
    """True when nbconvert's own pass over a rendered page (HTMLExporter re-reads it with
    BeautifulSoup) would add something to it: the alt text of an <img> that has none, or a tabindex
    in a JupyterLab notebook element ("jp-Notebook", which the "basic" template never writes). When
    in doubt, True: every "<img" of the page, in any case and wherever it stands, must open a tag
    of the templates' own shape that carries an alt attribute."""
    if "jp-Notebook" in body:
        return True
    with_alt = {tag.start() for tag in IMG_TAG.finditer(body) if ALT_ATTRIBUTE.search(tag[1])}
    return any(img.start() not in with_alt for img in IMG_START.finditer(body))


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter, without its second reading of the page when it would add
    nothing. HTMLExporter.from_notebook_node renders the template, then parses the whole page with
    BeautifulSoup and writes it out again, only to give an <img> without alt text a stock one and
    JupyterLab's cells a tabindex; that pass is half of a page's time. Our template gives every
    chart its alt text and writes no JupyterLab cells, so the page is returned as the template
    wrote it; a page that needs the pass (needs_nbconvert_pass) goes through HTMLExporter's own
    from_notebook_node, unchanged.

    The steps before the pass are HTMLExporter.from_notebook_node's own (nbconvert 7.17.2, pinned
    in requirements.txt); tests/test_page_exporter.py fails if that method changes.

    Markdown is rendered once for each distinct text: the report pages share their notebook's
    markdown cells (about 30 distinct texts over 860 cells), and what mistune makes of a text
    depends only on it, the cell's attachments (a cell with any is rendered every time) and the
    exporter's settings, which are part of the key."""

    MARKDOWN_KEPT = 1024  # distinct markdown texts kept rendered, at most

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._markdown_html: dict[tuple[Any, ...], str] = {}

    @pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        """HTMLExporter.markdown2html's HTML of a markdown text, worked out once per text."""
        if context.get("cell", {}).get("attachments"):
            return super().markdown2html(context, source)
        key = (
            source,
            context.get("resources", {}).get("metadata", {}).get("path", ""),
            self.embed_images,
            self.anchor_link_text,
            self.exclude_anchor_links,
            repr(sorted(self.lexer_options.items())),
        )
        rendered = self._markdown_html.get(key)
        if rendered is None:
            if len(self._markdown_html) >= self.MARKDOWN_KEPT:
                self._markdown_html.clear()
            rendered = self._markdown_html[key] = super().markdown2html(context, source)
        return rendered

    def from_notebook_node(  # type: ignore[override]
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """The page's HTML body and nbconvert's resources, as HTMLExporter gives them up to how
        the markup is written (BeautifulSoup's normal form: attribute quotes, "<br/>", character
        references)."""
        given = resources
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if needs_nbconvert_pass(body):
            return super().from_notebook_node(nb, given, **kw)
        return body, resources


# Validate the notebook once, after every preprocessor, not after each one (twelve times); the
# pygments style sheet is for nbconvert's full-page templates, which the site's pages do not use.
EXPORTER_CONFIG = Config(
    {
        "Exporter": {"optimistic_validation": True},
        "CSSHTMLHeaderPreprocessor": {"enabled": False},
    }
)


@lru_cache(maxsize=1)
def exporter() -> PageExporter:
    """The page exporter, one per process: building it compiles nbconvert's templates (a tenth of
    a second)."""
    ex = PageExporter(
        config=EXPORTER_CONFIG,
        template_name="basic",
        extra_template_paths=[str(TEMPLATES)],
        template_file="civcas.html.j2",
    )
    ex.exclude_input = True
    ex.exclude_input_prompt = True
    ex.exclude_output_prompt = True
    return ex


def notebook_page(nb: Any, job: Page, pkg: load.Package | None = None) -> str:
    """The reader's page of an executed notebook (an nbformat node), code and cells tagged
    "lab-only" hidden: what the notebook shows first, then a contents list of its sections before
    the first of them, and at the end how the page was made (the notebook to download, and its
    parameters folded away). pkg: the package the build read (its claim reviews go in the page's
    head); None loads it (load.load_package)."""
    body, _ = exporter().from_notebook_node(nb)
    toc = [
        (a, re.sub(r"<[^>]+>", "", t).strip())
        for a, t in re.findall(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link".*?)?</h2>', body)
    ]
    toc = [(html.unescape(a), esc(html.unescape(t).rstrip("¶").strip())) for a, t in toc]
    first_section = re.search(r'<div[^>]*>\s*<div[^>]*>\s*<h2 id="', body)
    listed = contents(toc)
    if first_section and listed:
        body = body[: first_section.start()] + listed + body[first_section.start() :]
    else:
        body += listed
    return page_shell(
        job.title,
        body + _about(job),
        extra_css=chart_css(body),
        json_ld=_claim_reviews(job, pkg),
    )


def _claim_reviews(job: Page, pkg: load.Package | None) -> str | None:
    """The JSON-LD of the claims a report page makes (claimreview.page_json_ld), read from pkg, or
    from the data the build reads when pkg is None; None for any other page."""
    report_id = dict(job.parameters).get("report_id")
    if report_id is None:
        return None
    return claimreview.page_json_ld(pkg if pkg is not None else load.load_package(), report_id)


def contents(toc: list[tuple[str, str]]) -> str:
    """The contents list of (anchor, title) sections, titles already HTML ("" for fewer than
    two)."""
    if len(toc) < 2:
        return ""
    items = "".join(f'<li><a href="#{esc(a)}">{t}</a></li>' for a, t in toc)
    return (
        '<nav class="toc" aria-label="On this page"><strong>On this page</strong>'
        f"<ol>{items}</ol></nav>"
    )


def _about(job: Page) -> str:
    """How a page was made: the executed notebook to download, and the parameters it ran with
    folded away for a fact-checker."""
    params = "".join(f"<li><code>{esc(k)} = {esc(v)}</code></li>" for k, v in job.parameters)
    folded = (
        f"<details><summary>Parameters this page ran with</summary><ul>{params}</ul></details>"
        if params
        else ""
    )
    return (
        '<section class="about"><h2 id="about-this-page">About this page</h2>'
        f"<p>Every table and chart on this page comes from the notebook {esc(job.notebook)}, "
        "run on the curated data. "
        f'<a href="{esc(job.stem)}.ipynb" download>Download the notebook (.ipynb)</a> '
        "to rerun it in JupyterLab.</p>"
        f"{folded}</section>"
    )
