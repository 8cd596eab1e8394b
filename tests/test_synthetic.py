"""The synthetic collections the benchmark scales with: N copies of the real data, still a valid package."""
from __future__ import annotations

from helpers import checks, load, runner, synthetic


def test_three_copies_are_a_valid_collection_three_times_the_size(tmp_path, pkg):
    root = synthetic.replicate(tmp_path, 3)
    big = load.load_package(root)  # schema, keys, row rules and every quote traced to its raw file
    assert len(big.figures) == 3 * len(pkg.figures) and len(big.reports) == 3 * len(pkg.reports)
    assert len(big.documents) == len(pkg.documents)  # the raw files are shared, not copied
    assert {"snhr-2018-09-x2", "snhr-2018-09-x3"} <= set(big.reports["report_id"])
    copy = big.figures[big.figures["figure_id"] == "vop-p8-2832-x3"].iloc[0]
    assert (copy["report_id"], copy["carried_by"]) == ("snhr-2018-09-x3", "vop-article-x3")
    jobs, small = runner.plan(big), runner.plan(pkg)
    assert len(jobs) == 3 * (len(small) - 2) + 2  # N times every page and timeline; one overview and cross-check
    # each copy fails and warns exactly as the original does; the per-document findings (quotes found,
    # numbers accounted for) stay one per raw file, which the copies share
    big_counts, counts = checks.status_counts(checks.run_checks(big)), checks.status_counts(checks.run_checks(pkg))
    assert (big_counts["fail"], big_counts["warning"]) == (3 * counts["fail"], 3 * counts["warning"])
    per_document = 2 * len(pkg.documents)
    assert big_counts["pass"] == 3 * (counts["pass"] - per_document) + per_document


def test_copies_for_rows():
    n = len(load.load_table("figures"))
    assert synthetic.copies_for_rows(n) == 1 and synthetic.copies_for_rows(n + 1) == 2
