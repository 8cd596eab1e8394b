"""HTML and CSV for readers. Every value from the data is escaped, so a quote that contains markup shows as
the text it is and never runs in a reader's browser; links are only ever http(s); a text cell of a CSV
never starts a spreadsheet formula."""

from __future__ import annotations

import html
import re

import pandas as pd

# OWASP, "CSV Injection": a spreadsheet reads a cell that starts with one of these as a formula (a tab or
# a carriage return can hide what follows it in a cell and are treated alike)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
STATUS_LABEL = {
    "pass": "✔ pass",
    "fail": "✘ fail",
    "warning": "⚠ warning",
    "no checks": "– no checks",
}
STYLE = """<style>
.civcas-table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0 1em}
.civcas-table th,.civcas-table td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
.civcas-table th{background:#f2f2f2}
.civcas-table td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.civcas-status-fail{background:#fbe3d6;font-weight:bold}
.civcas-status-warning{background:#fdf3c9}
.civcas-status-pass{background:#e3f0ea}
.civcas-card dt{font-weight:bold;margin-top:0.3em}
.civcas-card dd{margin-left:1.5em}
.civcas-quote{font-style:italic}
</style>"""


class HTML:
    """Displays as HTML in Jupyter, with a plain-text fallback that never holds a memory address."""

    def __init__(self, html_text: str, text: str):
        self.html, self.text = html_text, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def esc(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def link(url) -> str:
    """A link only for plain http(s) URLs; anything else (javascript:, data:) is shown as inert text."""
    if isinstance(url, str) and SAFE_URL.match(url):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def _cell(col, value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
        shown = f"{value:,}" if float(value).is_integer() else f"{value:,.3g}"
        return f'<td class="num">{esc(shown)}</td>'
    if col == "status":
        return f'<td class="civcas-status-{esc(value)}">{esc(STATUS_LABEL.get(value, value))}</td>'
    if col in ("url", "carrier_url"):
        return f"<td>{link(value)}</td>"
    return f"<td>{esc(value)}</td>"


def table(df: pd.DataFrame, caption: str = "") -> HTML:
    """A plain, escaped HTML table (and a text version for the plain-text output)."""
    cols = list(df.columns)
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    body = []
    for row in df.itertuples(index=False):
        vals = [v.item() if hasattr(v, "item") else v for v in row]
        cls = (
            f' class="civcas-status-{esc(vals[cols.index("status")])}"' if "status" in cols else ""
        )
        body.append(f"<tr{cls}>" + "".join(_cell(c, v) for c, v in zip(cols, vals)) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    out = f'{STYLE}<table class="civcas-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return HTML(out, f"{caption + chr(10) if caption else ''}{df.to_string(index=False)}")


def card(items: list[tuple[str, object]], title: str = "") -> HTML:
    """A definition list: provenance and registry facts, one per line."""
    rows = "".join(
        f"<dt>{esc(k)}</dt><dd>{link(v) if k.lower() == 'url' else esc(v) if v is not None and str(v) != '<NA>' else 'unknown'}</dd>"
        for k, v in items
    )
    head = f"<h4>{esc(title)}</h4>" if title else ""
    text = "\n".join(f"{k}: {v}" for k, v in items)
    return HTML(f'{STYLE}<div class="civcas-card">{head}<dl>{rows}</dl></div>', text)


def formula_safe(value):
    """A cell as a CSV for readers may hold it: text that would start a spreadsheet formula gets a
    leading "'" (OWASP's advice), so that a curated title such as =HYPERLINK("http://x","y") is shown as
    text, never run. Also when white space comes first (" =1+1", "\\n@SUM(A1)"): some spreadsheets drop
    it on import. A number is a number (a count's -5 is never prefixed); text is text, even text that
    reads as a number ("-5" in a text column is prefixed like any other text, and a spreadsheet still
    shows it as -5). A missing value stays missing; any other object is judged by the text it is
    written as."""
    if isinstance(value, str):
        text = value
    elif (
        value is None
        or pd.api.types.is_number(value)
        or (pd.api.types.is_scalar(value) and pd.isna(value))
    ):
        return value
    else:
        text = str(value)
    return (
        "'" + text
        if text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)
        else value
    )


def csv_text(frame: pd.DataFrame) -> str:
    """frame as the CSV a reader downloads (no index, "\\n" line ends), every column name and every
    cell of a column that is not numeric, boolean or dates passed through formula_safe. The one writer
    of CSVs for readers (the data beside each chart), so that no column added later escapes it."""
    safe = pd.DataFrame(
        {
            k: column if _typed(column) else column.map(formula_safe)
            for k, (_, column) in enumerate(frame.items())
        }
    )
    safe.columns = [formula_safe(c) for c in frame.columns]
    return safe.to_csv(index=False, lineterminator="\n")


def _typed(column: pd.Series) -> bool:
    """Is this a column of numbers, booleans or dates (written as themselves, never as a formula)?"""
    dtype = column.dtype
    return (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )
