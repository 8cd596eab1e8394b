"""Corrupt curated data gives one clear line naming file, row and column, and a non-zero exit."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import paths
from helpers.errors import DataError


def _errors(data_copy) -> list[str]:
    with pytest.raises(DataError) as exc:
        data_copy.load()
    return [str(p) for p in exc.value.problems]


def test_non_number_in_value(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p2-1114", value="1,1l4")
    row = [r["figure_id"] for r in data_copy.rows("figures")].index("vop-p2-1114") + 2
    assert _errors(data_copy) == [f'data/curated/figures.csv, row {row}, column "value": expected a whole number written with digits only (no thousands separators, no spaces), got \'1,1l4\'']


def test_unknown_report_id(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p8-2832", report_id="snhr-2018-9")
    row = [r["figure_id"] for r in data_copy.rows("figures")].index("vop-p8-2832") + 2
    assert _errors(data_copy) == [f'data/curated/figures.csv, row {row}, column "report_id": \'snhr-2018-9\' is not a report_id in data/curated/reports.csv']


def test_unknown_pcode(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p10-sy12", governorate_pcode="SY15")
    row = [r["figure_id"] for r in data_copy.rows("figures")].index("vop-p10-sy12") + 2
    assert _errors(data_copy) == [f'data/curated/figures.csv, row {row}, column "governorate_pcode": \'SY15\' is not a pcode in data/curated/governorates.csv']


def test_duplicate_key(data_copy):
    rows = data_copy.rows("figures")
    rows[5]["figure_id"] = rows[2]["figure_id"]
    data_copy.write("figures", rows)
    assert _errors(data_copy) == [f'data/curated/figures.csv, row 7, column "figure_id": \'{rows[2]["figure_id"]}\' is already used in row 4; values in this column must be unique']


def test_missing_column(data_copy):
    from helpers import schema
    cols = [c for c in schema.field_names("figures") if c != "qualifier"]
    data_copy.write("figures", data_copy.rows("figures"), fieldnames=cols)
    errs = _errors(data_copy)
    assert len(errs) == 1 and errs[0].startswith('data/curated/figures.csv, row 1, column "qualifier": missing column')


def test_quote_not_in_source(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p4-1069", quote="At the end of August, this number was 1,096 civilians.")
    row = [r["figure_id"] for r in data_copy.rows("figures")].index("vop-p4-1069") + 2
    errs = _errors(data_copy)
    assert len(errs) == 1 and errs[0].startswith(f'data/curated/figures.csv, row {row}, column "quote": quote not found word for word in vop-article')


def test_edited_raw_file_is_refused(data_copy):
    raw = data_copy.root / "data/raw/vop-today-news_coalition-civilian-deaths.txt"
    raw.write_bytes(raw.read_bytes().replace(b"1,069", b"1,061"))
    errs = _errors(data_copy)
    assert len(errs) == 1 and 'data/raw/documents.csv, row 2, column "sha256": data/raw/vop-today-news_coalition-civilian-deaths.txt has changed' in errs[0]


def test_period_ending_before_it_starts(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p7-28562", period_start="2018-01", period_end="2017-11")
    row = [r["figure_id"] for r in data_copy.rows("figures")].index("vop-p7-28562") + 2
    assert _errors(data_copy) == [f'data/curated/figures.csv, row {row}, column "period_end": the period ends (2017-11) before it starts (2018-01)']


def test_cli_exits_non_zero_with_the_error_line(data_copy):
    data_copy.edit("figures", "figure_id", "vop-p2-1114", value="1,1l4")
    out = subprocess.run([sys.executable, "-m", "helpers.cli", "validate"], capture_output=True, text=True,
                         env={"CIVCAS_DATA_ROOT": str(data_copy.root), "PATH": ""}, cwd=paths.ROOT)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[0].startswith('data/curated/figures.csv, row')
    assert '"value"' in out.stderr and "1,1l4" in out.stderr


def test_safe_repairs_bom_crlf_and_spaces_are_accepted(data_copy):
    path = data_copy.path("metrics")
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n").replace(",people,", ", people ,")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert data_copy.load().metrics["unit"].tolist()[0] == "people"
