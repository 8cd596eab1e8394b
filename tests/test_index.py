"""The index page: what the checks found comes first, in sentences linked to their evidence; every
report is listed and linked once built, with its status in words; failed and unbuilt pages are
marked and not linked."""

from __future__ import annotations

import re

import pytest

from helpers.build import runner
from helpers.checks import crosscheck
from helpers.present import headlines, index
from helpers.present.display import esc
from tests.test_headlines import ids_in, internal_ids


@pytest.fixture(scope="module")
def jobs(pkg):
    return runner.plan(pkg)


@pytest.fixture(scope="module")
def page(pkg, jobs):
    return index.index_page(pkg, jobs, failed=set())


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, attributes, script or details."""
    html = re.sub(r"<(script|style|details)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_findings_come_before_the_reports(page, pkg):
    findings = headlines.collection_findings(pkg)
    start = page.index('<section id="findings">')
    first = page.index('<li class="finding', start)
    assert first < page.index('<table class="reports">')
    assert page.count('<li class="finding ') == len(findings)
    for sentence in findings["sentence"]:
        assert esc(sentence) in page


def test_every_report_is_linked_with_its_title_and_status(page, pkg, jobs):
    statuses = index.page_statuses(pkg, jobs, crosscheck.run_checks(pkg))
    for job in jobs:
        assert f'href="{job.stem}.html"' in page
        assert f'href="{job.stem}.ipynb" download>Download the notebook (.ipynb)</a>' in page
        if job.notebook == "report.ipynb":
            assert esc(statuses[job.stem].words) in page


def test_each_report_s_status_reads_as_its_page_and_the_overview_give_it(pkg, jobs):
    """The index said "checks out" of 27 reports whose page and the overview said "no error of
    its own; 24 of 27 checks pass; 2 findings about others' use of its figures"."""
    from helpers.present import views

    statuses = index.page_statuses(pkg, jobs, crosscheck.run_checks(pkg))
    overview = views.overview_table(pkg).set_index("report id")["what the checks say"]
    for job in jobs:
        rid = dict(job.parameters).get("report_id")
        if job.stem in statuses:
            assert statuses[job.stem].words == overview[rid], job.stem
            heading = str(getattr(views.report_heading(pkg, rid), "html", ""))
            said = statuses[job.stem].words
            assert esc(said[:1].upper() + said[1:]) in heading, job.stem


def test_no_internal_id_is_visible(page, pkg):
    assert ids_in(visible_text(page), internal_ids(pkg)) == []


def test_failed_and_unbuilt_pages_are_marked_and_not_linked(pkg, jobs):
    report = next(j for j in jobs if j.notebook == "report.ipynb")
    built = {j.stem for j in jobs} - {report.stem}
    html = index.index_page(pkg, jobs, failed={report.stem}, built=built)
    assert f'href="{report.stem}.html"' not in html and "run failed: not built yet" in html
    html = index.index_page(pkg, jobs, failed=set(), built=built)
    assert f'href="{report.stem}.html"' not in html and "not built yet" in html
    html = index.index_page(pkg, jobs, failed={report.stem})
    assert f'href="{report.stem}.html"' in html and "showing the last good version" in html


def test_reports_are_grouped_by_kind(page, pkg):
    groups = {headlines.kind_group(k) for k in pkg.reports["kind"]}
    for group in groups:
        assert f"<h3>{group}</h3>" in page
    assert "<script" in page and "filter" in page  # the enhancement; the table is there without it
