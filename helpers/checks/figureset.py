"""The figures one check runs over, with what several rules start from worked out once.

cross_check makes one FigureSet for each distinct set of figures its checks cover (most checks cover
them all) and hands it to every rule of those checks: the statements, totals and releases are then
worked out once per run, not once per rule, and are dropped with the FigureSet when the run is done.
A test can make one from any effective frame and call a rule directly."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import polars as pl

from helpers.checks.effective import HIGH, LOW, one_per_statement
from helpers.checks.series import releases_of

# The columns of a statement that the parts-and-wholes rules read.
STATEMENT_COLUMNS = [
    "report_id",
    "report_name",
    "metric",
    "metric_label",
    "value",
    "low",
    "high",
    "figure_id",
    "evidence",
    "governorate_pcode",
    "breakdown",
    "geography_as_written",
    "interpretation",
    "row",
    "is_primary",
    "subject_key",
    "carried_by",
    "subset_of",
    "eff_period_start",
    "eff_period_end",
    "eff_geography",
]


class FigureSet:
    """Effective figures (frame: effective.frame(), or some rows of it, as polars) and what the
    rules derive from them, each computed on first use and kept for this set only."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __repr__(self) -> str:
        return f"FigureSet({self.frame.height} figures)"

    @cached_property
    def statement_ids(self) -> np.ndarray:
        """One integer per figure naming the thing it states (dense ranks of subject_key, 0 where
        that is missing), as a numpy array in frame order."""
        return self.frame["subject_key"].rank("dense").fill_null(0).to_numpy()

    @cached_property
    def statements(self) -> pl.DataFrame:
        """one_per_statement() of the figures, with the STATEMENT_COLUMNS only: one figure per thing
        stated, in file order."""
        return one_per_statement(self.frame.select(STATEMENT_COLUMNS), key=self.statement_ids)

    @cached_property
    def totals(self) -> pl.DataFrame:
        """Each report's first statement of each metric that is neither a place nor a breakdown
        group: report_id, metric, figure_id, metric_label, its two ends lo and hi, and its place,
        total_geography."""
        wholes = self.statements.filter(
            pl.col("breakdown").is_null() & pl.col("governorate_pcode").is_null()
        )
        return wholes.unique(["report_id", "metric"], keep="first", maintain_order=True).select(
            "report_id",
            "metric",
            "figure_id",
            "metric_label",
            lo=LOW,
            hi=HIGH,
            total_geography="eff_geography",
        )

    @cached_property
    def releases(self) -> pl.DataFrame:
        """releases_of() the figures: the issuer's own points of each series, in date order."""
        return releases_of(self.frame)
