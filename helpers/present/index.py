"""The index of the site: what the checks found, in sentences, most serious first; then every
report, grouped by kind and issuer, with a status that says who did what; then the pages across
the collection. A small inline script adds a text filter and column sorting; without it the page
reads the same."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data import periods
from helpers.data.load import Package
from helpers.present import changelog, claimreview, exports, headlines
from helpers.present.display import anchor_id, esc
from helpers.present.site import Page, page_shell

REPORT_NOTEBOOK = "report.ipynb"
DOWNLOAD = "Download the notebook (.ipynb)"
TITLE = "Civilian deaths in the coalition's air war in Iraq and Syria: the reports, checked"

INDEX_CSS = """
h1{font-size:1.45em;margin:0.4em 0 0.3em}
p.lede{margin:0.2em 0 0.6em;max-width:46em}
#findings h2{margin-top:0.6em}
ol.findings{padding-left:1.4em;max-width:52em}
li.finding{margin:0 0 0.6em;padding-left:0.2em}
li.finding .severity{font-weight:bold;font-size:0.8em;text-transform:uppercase;
letter-spacing:0.03em;margin-right:0.4em;padding:0 0.3em;border-radius:2px}
li.finding-fail .severity{background:#fbe3d6}
li.finding-warning .severity{background:#fdf3c9}
li.finding a{white-space:nowrap}
.filter{margin:0.6em 0}
.filter input{font:inherit;padding:0.25em 0.4em;width:18em;max-width:100%}
table.reports{border-collapse:collapse;width:100%;margin:0.3em 0 1.2em;table-layout:fixed}
table.reports th,table.reports td{border:1px solid #ccc;padding:4px 8px;text-align:left;
vertical-align:top;overflow-wrap:break-word}
table.reports th:nth-child(1){width:36%}table.reports th:nth-child(2){width:13%}
table.reports th:nth-child(3){width:14%}table.reports th:nth-child(4){width:22%}
table.reports th:nth-child(5){width:15%}
table.reports th{background:#f2f2f2}
table.reports th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;
cursor:pointer;color:inherit}
table.reports td.status-fail{font-weight:normal}
.status-misquoted{background:#e1ecf7}.status-none{color:#555}
ul.pages li{margin-bottom:0.3em}
.download{font-size:0.85em}
@media (max-width:640px){
h1{font-size:1.2em}
table.reports thead{display:none}
table.reports,table.reports tbody,table.reports tr,table.reports td{display:block;width:auto}
table.reports tr{border:1px solid #ccc;margin-bottom:0.6em;padding:0.2em 0}
table.reports td{border:0;padding:2px 8px}
table.reports td[data-label]::before{content:attr(data-label) ": ";font-weight:bold}
}
@media print{.filter,.download{display:none}}
table.reports[hidden],table.reports tr[hidden]{display:none}
"""

# The filter and the sort: an enhancement, so the page works the same without it. Constant text:
# it reads the page through textContent and attributes it sets itself, and writes no markup.
FILTER_SORT_ID = "index-filter-sort"
FILTER_SORT_JS = """
(function () {
  var box = document.getElementById('filter');
  var tables = document.querySelectorAll('table.reports');
  box.closest('.filter').hidden = false;
  box.addEventListener('input', function () {
    var words = box.value.toLowerCase().trim();
    tables.forEach(function (table) {
      var shown = 0;
      table.querySelectorAll('tbody tr').forEach(function (row) {
        var hit = !words || row.textContent.toLowerCase().indexOf(words) >= 0;
        row.hidden = !hit;
        shown += hit ? 1 : 0;
      });
      table.hidden = shown === 0;
    });
  });
  tables.forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, column) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          return cell.getAttribute('data-sort') || cell.textContent.trim().toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
"""

SITE_SCRIPTS: dict[str, str] = {FILTER_SORT_ID: FILTER_SORT_JS}
"""Every script the site's pages may carry, by the id of its element: the index's filter and sort,
and no other. Each is a constant of this module, never built from data; the tests allow a script
on a page only when its id is here and its text is exactly this."""


def script_element(script_id: str) -> str:
    """The <script> element of one of the site's own scripts (SITE_SCRIPTS), as it is written into
    a page: its id and its constant text, nothing else."""
    text = SITE_SCRIPTS[script_id]
    if "</script" in text.lower() or "<!--" in text:
        raise ValueError(f"script {script_id!r} would end or comment out its own element")
    return f'\n<script id="{script_id}">{text}</script>\n'


def page_statuses(
    pkg: Package, jobs: Iterable[Page], results: pd.DataFrame | None = None
) -> dict[str, headlines.Status]:
    """The status the index shows for each report page, by output name: who did what, in words,
    and its kind for styling (headlines.report_statuses), in the words its own page and the
    overview give it (headlines.status_words: "checks out" only when every check it lists
    passes). Other pages have none."""
    table = headlines.report_statuses(pkg, results).set_index("report_id")
    counts = headlines.page_check_counts(pkg, results)
    out = {}
    for job in jobs:
        rid = dict(job.parameters).get("report_id")
        if job.notebook == REPORT_NOTEBOOK and rid in table.index:
            standing = headlines.Status(*table.loc[rid, ["status", "kind"]])
            out[job.stem] = standing._replace(words=headlines.status_words(standing, counts[rid]))
    return out


def _links(job: Page, built: set[str] | None) -> tuple[bool, str, str]:
    """Whether the page is built, its title (a link when it is) and its notebook's download link
    ("" when it is not built)."""
    here = built is None or job.stem in built
    title = esc(job.title)
    if not here:
        return False, title, ""
    page = f'<a href="{esc(job.stem)}.html">{title}</a>'
    return True, page, f'<a class="download" href="{esc(job.stem)}.ipynb" download>{DOWNLOAD}</a>'


def _run_note(stem: str, failed: set[str], here: bool) -> str:
    """What a reader must know of a page's last run: failed, or not built yet."""
    if stem in failed:
        state = "showing the last good version" if here else "not built yet"
        return f" <strong>run failed: {state}</strong>"
    return "" if here else " <em>not built yet</em>"


def _findings_section(pkg: Package, built_pages: set[str] | None) -> str:
    """The findings as a numbered list, most serious first, each linked to its evidence (the
    package's own, worked out once for it: a build's index and exports share them)."""
    findings = headlines.collection_findings(pkg)
    if findings.empty:
        items = '<li class="finding finding-none">Every check passes.</li>'
    else:
        items = "".join(
            _finding_item(row, pkg, built_pages) for row in findings.itertuples(index=False)
        )
    return (
        '<section id="findings"><h2>What the checks found</h2>'
        f'<ol class="findings">{items}</ol></section>\n'
    )


def _finding_item(row, pkg: Package, built_pages: set[str] | None) -> str:
    page = row.evidence_page
    stem = page.removesuffix(".html")
    linked = built_pages is None or stem in built_pages
    where = headlines.report_title(pkg, row.reports[0]) if row.reports else "the cross-check"
    # straight to the check's row (each check table's row carries its result's anchor)
    target = f"{page}#{anchor_id(row.result_ids[0])}" if row.result_ids else page
    link = f' <a href="{esc(target)}" title="{esc(where)}">See the evidence</a>' if linked else ""
    word = "Contradiction" if row.severity == "fail" else "Caveat"
    return (
        f'<li class="finding finding-{esc(row.severity)}" '
        f'data-results="{esc(" ".join(row.result_ids))}">'
        f'<span class="severity">{word}</span>{esc(row.sentence)}{link}</li>'
    )


def _report_rows(
    pkg: Package,
    jobs: list[Page],
    statuses: dict[str, headlines.Status],
    failed: set[str],
    built: set[str] | None,
) -> dict[str, list[tuple[tuple, str]]]:
    """Each report page's table row under its kind's heading, with the key it is listed by
    (issuer, then date, then title)."""
    reports = pkg.reports.set_index("report_id")
    groups: dict[str, list[tuple[tuple, str]]] = {}
    for job in jobs:
        rid = dict(job.parameters).get("report_id")
        if job.notebook != REPORT_NOTEBOOK or rid not in reports.index:
            continue
        report = reports.loc[rid]
        here, page, notebook = _links(job, built)
        issuer = headlines.issuer_name(pkg, rid)
        published = "" if pd.isna(report["published"]) else str(report["published"])
        status = statuses.get(job.stem, headlines.Status("no checks", "none"))
        row = (
            f'<tr data-report="{esc(rid)}"><td>{page}{_run_note(job.stem, failed, here)}</td>'
            f'<td data-label="Issuer">{esc(issuer)}</td>'
            f'<td class="when" data-label="Published" data-sort="{esc(published or "0")}">'
            f"{esc(periods.label(published))}</td>"
            f'<td class="status-{esc(status.kind)}" data-label="Status">{esc(status.words)}</td>'
            f'<td data-label="Notebook">{notebook}</td></tr>'
        )
        key = (issuer.lower(), published, job.title)
        groups.setdefault(headlines.kind_group(report["kind"]), []).append((key, row))
    return groups


def _reports_section(groups: dict[str, list[tuple[tuple, str]]]) -> str:
    """The reports under their kind's heading, in a fixed order of kinds, sorted by issuer."""
    order = [headlines.KIND_GROUP[k] for k in headlines.KIND_ORDER]
    names = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
    head = (
        "<thead><tr><th>Report</th><th>Issuer</th><th>Published</th><th>Status</th>"
        "<th>Notebook</th></tr></thead>"
    )
    tables = "".join(
        f"<h3>{esc(name)}</h3>"
        f'<table class="reports">{head}<tbody>'
        + "".join(row for _, row in sorted(groups[name]))
        + "</tbody></table>\n"
        for name in names
    )
    return (
        '<section id="reports"><h2>The reports</h2>'
        '<p class="filter" hidden><label>Filter the reports: '
        '<input type="search" id="filter" placeholder="issuer, title, status…"></label></p>\n'
        f"{tables}</section>\n"
    )


def _pages_section(jobs: list[Page], failed: set[str], built: set[str] | None) -> str:
    """The pages about the whole collection: overview, cross-check, timelines (and any other)."""
    items = []
    for job in jobs:
        if job.notebook == REPORT_NOTEBOOK:
            continue
        here, page, notebook = _links(job, built)
        download = f" · {notebook}" if notebook else ""
        items.append(f"<li>{page}{_run_note(job.stem, failed, here)}{download}</li>")
    if not items:
        return ""
    return (
        '<section id="collection"><h2>Across the collection</h2>'
        f'<ul class="pages">{"".join(items)}</ul></section>\n'
    )


CLAIMREVIEW = "claimreview.json"


def collection_files(pkg: Package) -> dict[str, str]:
    """Every file about the whole collection besides the index, by its name under reports/: the
    verdicts on news claims as schema.org ClaimReview, the exports (HXL-tagged CSV and their
    Frictionless data package) and the changelog of the data (page and CSV)."""
    return {
        CLAIMREVIEW: claimreview.collection_document(pkg),
        **exports.files(pkg),
        **changelog.files(pkg),
    }


def downloads(pkg: Package) -> list[tuple[str, str]]:
    """(name under reports/, words) of every collection file the index links to, in its order."""
    return [
        (changelog.PAGE, "How the data changed: every figure added, corrected or removed, by date"),
        (changelog.CSV, "The same changes as a table (CSV)"),
        (
            CLAIMREVIEW,
            "The verdicts on news claims as schema.org ClaimReview (JSON-LD), for fact-check "
            "search and aggregators",
        ),
        *(
            (name, f"{title} (HXL-tagged CSV)" if name.endswith(".csv") else title)
            for name, title in exports.links(pkg)
        ),
    ]


def _downloads_section(pkg: Package) -> str:
    items = "".join(
        f'<li><a href="{esc(name)}">{esc(words)}</a></li>' for name, words in downloads(pkg)
    )
    return (
        '<section id="data"><h2>The data, its changes and the verdicts</h2>'
        f'<ul class="pages">{items}</ul></section>\n'
    )


LEDE_WORDS = {"official": "official releases", "monitor": "from monitors", "news": "news reports"}


def _lede(pkg: Package) -> str:
    families = pkg.reports["kind"].map(headlines.kind_family).value_counts()
    known = [f"{families[k]} {LEDE_WORDS[k]}" for k in headlines.KIND_ORDER if k in families]
    others = int(families.drop(headlines.KIND_ORDER, errors="ignore").sum())
    parts = known + ([f"{others} others"] if others else [])
    return (
        f'<p class="lede">{len(pkg.reports)} reports ({esc(", ".join(parts))}): every figure '
        "traced to the page and paragraph that printed it and checked against the others. "
        "The most serious findings first.</p>\n"
    )


def index_page(
    pkg: Package,
    jobs: list[Page],
    failed: set[str],
    statuses: dict[str, headlines.Status] | None = None,
    built: set[str] | None = None,
) -> str:
    """The index page's HTML: a lede, what the checks found (most serious first, each linked to its
    evidence), the reports grouped by kind with their status in words, then the pages across the
    collection. statuses: from page_statuses, if already computed (the runner does so while
    notebooks run). built: the pages that have outputs in the folder (all, if not given); the others
    are listed unlinked."""
    from helpers.checks import crosscheck

    statuses = statuses or page_statuses(pkg, jobs, crosscheck.run_checks(pkg))
    body = (
        f"<h1>{esc(TITLE)}</h1>\n"
        + _lede(pkg)
        + _findings_section(pkg, built)
        + _reports_section(_report_rows(pkg, jobs, statuses, failed, built))
        + _pages_section(jobs, failed, built)
        + _downloads_section(pkg)
        + script_element(FILTER_SORT_ID)
    )
    return page_shell(
        "The reports, checked: civilian deaths in Iraq and Syria", body, extra_css=INDEX_CSS
    )
