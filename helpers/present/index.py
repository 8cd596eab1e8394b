"""The index of the site: what the checks found, then every page, with the status of each."""

from __future__ import annotations

from collections.abc import Iterable

from helpers.data.load import Package
from helpers.present.display import STATUS_LABEL, esc
from helpers.present.site import Page, page_shell


def page_statuses(pkg: Package, jobs: Iterable[Page]) -> dict[str, str]:
    """The check status the index shows for each page: a report page, the worst finding about its
    figures; the cross-check and overview, the worst of all; a timeline, none."""
    from helpers.checks import crosscheck as checks
    from helpers.present import views

    table = views.overview_table(pkg)
    status = dict(zip(table["report"], table["status"], strict=True))
    overall = checks.overall_status(checks.run_checks(pkg))
    out = {}
    for job in jobs:
        rid = dict(job.parameters).get("report_id")
        st = (
            status.get(rid, overall)
            if job.notebook in ("report.ipynb", "crosscheck.ipynb", "overview.ipynb")
            else overall
        )
        out[job.stem] = "–" if job.notebook == "timeline.ipynb" else st
    return out


def index_page(
    pkg: Package,
    jobs: list[Page],
    failed: set[str],
    statuses: dict[str, str] | None = None,
    built: set[str] | None = None,
) -> str:
    """The index page's HTML: every page with its kind, check status and notebook. statuses: from
    page_statuses, if already computed (the runner does so while notebooks run). built: the pages
    that have outputs in the folder (all, if not given); the others are listed unlinked."""
    statuses = statuses or page_statuses(pkg, jobs)
    rows = []
    for job in jobs:
        st = statuses[job.stem]
        here = built is None or job.stem in built
        run = (
            (
                "<strong>run failed: showing the last good version</strong>"
                if here
                else "<strong>run failed: not built yet</strong>"
            )
            if job.stem in failed
            else ""
            if here
            else "<em>not built yet</em>"
        )
        page = f'<a href="{esc(job.stem)}.html">{esc(job.title)}</a>' if here else esc(job.title)
        source = f'<a href="{esc(job.stem)}.ipynb">notebook</a>' if here else ""
        rows.append(
            f"<tr><td>{page} {run}</td><td>{esc(job.notebook.removesuffix('.ipynb'))}</td>"
            f'<td class="status-{esc(st)}">{esc(STATUS_LABEL.get(st, st))}</td>'
            f"<td>{source}</td></tr>"
        )
    body = (
        "<h1>Civilian deaths from the US-led coalition's air campaign in Iraq and Syria: "
        "the reports, checked</h1>\n"
        "<p>Each page shows one report's figures with the words they came from, "
        "the checks that concern them and charts. "
        "Status is the worst result among the checks about the report's figures; "
        "a breach counts against the figures it blames, "
        "not against those cited as evidence. ✘ fail means figures contradict each other; "
        "⚠ warning means a comparison needs a caveat.</p>\n"
        '<table class="index"><thead><tr><th>Page</th><th>Kind</th><th>Checks</th>'
        "<th>Source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return page_shell("civcas-notebooks: all reports", body)
