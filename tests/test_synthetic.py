"""The synthetic collections the benchmarks use: N copies of the real data (the runner's scaling)
and a figures table of an exact size (the data-scale test), each a valid package."""

from __future__ import annotations

from benchmarks import synthetic
from helpers.build import runner
from helpers.checks import crosscheck as checks
from helpers.data import load


def test_three_copies_are_a_valid_collection_three_times_the_size(tmp_path, pkg):
    root = synthetic.replicate(tmp_path, 3)
    big = load.load_package(root)  # schema, keys, row rules and every quote traced to its raw file
    assert len(big.figures) == 3 * len(pkg.figures) and len(big.reports) == 3 * len(pkg.reports)
    assert len(big.documents) == len(pkg.documents)  # the raw files are shared, not copied
    assert {"snhr-2018-09-x2", "snhr-2018-09-x3"} <= set(big.reports["report_id"])
    copy = big.figures[big.figures["figure_id"] == "vop-p8-2832-x3"].iloc[0]
    assert (copy["report_id"], copy["carried_by"]) == ("snhr-2018-09-x3", "vop-article-x3")
    jobs, small = runner.plan(big), runner.plan(pkg)
    # N times every page and timeline; one overview and cross-check
    assert len(jobs) == 3 * (len(small) - 2) + 2
    # each copy fails and warns exactly as the original does; the per-document findings (quotes
    # found, numbers accounted for) stay one per raw file, which the copies share
    big_counts, counts = (
        checks.status_counts(checks.run_checks(big)),
        checks.status_counts(checks.run_checks(pkg)),
    )
    assert (big_counts["fail"], big_counts["warning"]) == (
        3 * counts["fail"],
        3 * counts["warning"],
    )
    per_document = 2 * len(pkg.documents)
    assert big_counts["pass"] == 3 * (counts["pass"] - per_document) + per_document


def test_copies_for_rows():
    n = len(load.load_table("figures"))
    assert synthetic.copies_for_rows(n) == 1 and synthetic.copies_for_rows(n + 1) == 2


BREACHES = ["fail", "warning"]  # not "unchecked": a finding that cannot be checked is no breach


def test_figures_table_has_the_rows_asked_for_and_every_rule_finds_its_breaches(tmp_path, pkg):
    """The data-scale collection: exactly the rows asked for, valid, and each deliberate breach
    found as often as synthetic.BREACHES says (counted over the synthetic part; the real data is
    included)."""
    import numpy as np

    monitors, extra = 7, 10
    rows = len(pkg.figures) + monitors * synthetic.MONITOR_ROWS + extra
    big = load.load_package(
        synthetic.figures_table(tmp_path, rows)
    )  # schema, keys, row rules, quotes traced
    assert len(big.figures) == rows
    assert (
        len(big.reports) == len(pkg.reports) + monitors * (2 * len(synthetic.YEARS) + 1) + 1
    )  # annual, totals, news; the wire
    assert (
        len(big.documents) == len(pkg.documents) + monitors
    )  # each monitor's news article is held as raw text
    res, real = checks.run_checks(big), checks.run_checks(pkg)
    assert set(res["check_id"]) == set(big.checks["check_id"])  # every rule has work
    # every check passes somewhere, but the ones that speak only when a claim equals another
    # issuer's figure (and the real data's cases are misattributions) or names a place the
    # issuer does not count
    reports_matches_only = res["rule"].isin(["misattributed_figure", "claim_place_matches_release"])
    passes = (
        res[~reports_matches_only]
        .groupby("check_id")["status"]
        .apply(lambda s: (s == "pass").any())
    )
    assert passes.all()
    breaches = (
        res[res["status"].isin(BREACHES)]
        .groupby("check_id")
        .size()
        .sub(real[real["status"].isin(BREACHES)].groupby("check_id").size(), fill_value=0)
        .astype(int)
        .to_dict()
    )
    # a real claim may equal some synthetic monitor's count by chance: not a planted breach
    breaches.pop("T-MISATTRIBUTED", None)
    Y, G = len(synthetic.YEARS), synthetic.GOVERNORATES
    m, a, p = np.arange(monitors), np.arange(monitors * Y), np.arange(monitors * Y * G)
    # the synthetic monitors give no counts of reports: the real record's own books only
    assert breaches.pop("B-BALANCE", 0) == breaches.pop("B-CARRIED", 0) == 0
    assert breaches == {
        # a total no release gave (children from the release before the one current on its date
        # are no breach of T-CLAIMS: the page dates them to that release itself)
        "T-CLAIMS": (m % 7 == 2).sum(),
        "T-REPORTS-AS-DEATHS": 0,
        "C-MIXED-PERIODS": (m % 11 == 4).sum(),
        "Q-NUMBERS": (m % 17 == 6).sum(),
        "C-COVERAGE": (m % 5 == 0).sum(),
        "T-PLACE": (m % 23 == 5).sum(),
        "S-MONTHS": (a % 89 == 3).sum(),
        # three metrics per governorate; the wire restates the first ten rows, among them SY01 of
        # p == 0
        "P-PLACES": 3 * ((p % 53 == 0) | (p % 211 == 17)).sum() + 3,
        "S-SUBSETS": 2 * (a % 83 == 7).sum(),  # women above civilians, and with children together
        "S-GOVERNORATES": (a % 97 == 5).sum() + (a % 83 == 7).sum(),
        "R-RESTATED": (a % 83 == 2).sum() + (m % 13 == 3).sum(),
        "T-CUMULATIVE": (m % 29 == 1).sum() + (m % 13 == 3).sum(),
        "T-INCREMENTS": ((a % 79 == 11) & (a % Y > 0)).sum()
        + 2 * (m % 29 == 1).sum(),  # a fall breaks two rises
    }


def test_figures_table_refuses_fewer_rows_than_one_monitor(tmp_path, pkg):
    import pytest

    with pytest.raises(ValueError, match="at least"):
        synthetic.figures_table(tmp_path, len(pkg.figures) + synthetic.MONITOR_ROWS - 1)
