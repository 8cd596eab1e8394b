"""HTML and CSV for readers. Every value from the data is escaped, so a quote that contains markup
shows as the text it is and never runs in a reader's browser; links are only ever http(s); a text
cell of a CSV never starts a spreadsheet formula.

The views return data (pandas frames an analyst can filter, sort and export); how a frame is shown
travels with it in `frame.attrs[SHOWN_AS]` (as_table, as_card). Inside an IPython kernel, importing
this module teaches the kernel to show such a frame as the escaped HTML table or card below, the
very HTML and text the notebooks have always shown; any other frame shows as pandas shows it."""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from helpers.formatting import num, opens_formula, readable_url

SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
# a page of the site a table may link to: "report-vop-article.html", "crosscheck.html#R-QUOTE-1"
SAFE_PAGE = re.compile(r"^[A-Za-z0-9_.-]+\.html(#[A-Za-z0-9_-]+)?$")
STATUS_LABEL = {
    "pass": "✔ checks out",
    "fail": "✘ does not check out",
    "warning": "⚠ caveat",
    "unchecked": "… not checkable",
    "no checks": "– no checks",
}
STYLE = (
    "<style>\n"
    ".civcas-table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0 1em;width:100%}\n"
    ".civcas-table caption{text-align:left;font-weight:bold;padding:0.3em 0}\n"
    ".civcas-table th,.civcas-table td"
    "{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left;"
    "overflow-wrap:break-word;max-width:34em}\n"
    ".civcas-table th{background:#f2f2f2}\n"
    ".civcas-table td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".civcas-status-fail{background:#fbe3d6}td.civcas-status-fail{font-weight:bold}\n"
    ".civcas-status-warning{background:#fdf3c9}\n"
    ".civcas-status-pass{background:#e3f0ea}\n"
    # the row a finding's "See the evidence" link opens at
    ".civcas-table tr:target{outline:3px solid #0072B2;outline-offset:-3px}\n"
    ".civcas-card dt{font-weight:bold;margin-top:0.3em}\n"
    ".civcas-card dd{margin-left:1.5em;overflow-wrap:anywhere}\n"
    ".civcas-card details{margin-top:0.6em}\n"
    ".civcas-quote{font-style:italic}\n"
    # on a phone each row is a block, each cell under its column's label
    "@media (max-width:700px){"
    ".civcas-table,.civcas-table tbody,.civcas-table tr,.civcas-table td"
    "{display:block;width:auto;max-width:none}"
    ".civcas-table thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}"
    ".civcas-table caption{display:block}"
    ".civcas-table tr{border:1px solid #bbb;margin-bottom:0.7em}"
    ".civcas-table td{border:0;border-top:1px solid #e4e4e4}"
    ".civcas-table td.num{text-align:left}"
    ".civcas-table td[data-label]::before{content:attr(data-label);display:block;"
    "font-weight:bold;font-size:0.85em;color:#555}}\n"
    "</style>"
)


# the key of DataFrame.attrs that says how a view's frame is shown (see as_table, as_card)
SHOWN_AS = "civcas"


class HTML:
    """Displays as HTML in Jupyter, with a plain-text fallback that never holds a memory address.
    Either may be given as a function that makes it, called on first use: a notebook asks a view
    for its HTML and for its text separately, and each is worth making only when asked for."""

    def __init__(self, html_text: str | Callable[[], str], text: str | Callable[[], str]) -> None:
        self._html, self._text = html_text, text

    @property
    def html(self) -> str:
        """The HTML (made on first use)."""
        if callable(self._html):
            self._html = self._html()
        return self._html

    @property
    def text(self) -> str:
        """The plain text (made on first use)."""
        if callable(self._text):
            self._text = self._text()
        return self._text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def esc(value: object) -> str:
    """value as HTML text, every markup character escaped; "" for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def link(url: object, short: bool = False) -> str:
    """An HTML link for a plain http(s) URL; anything else (javascript:, data:) as inert, escaped
    text. short: the link reads as the address without its scheme and query ("dailymail.co.uk/
    wires/…/article.html"), the whole address still its target and, readable, its title. Letters
    the address escapes (an Arabic path) are shown as letters (formatting.readable_url); the link
    opens the address as given."""
    if isinstance(url, str) and SAFE_URL.match(url):
        # its letters as an address bar shows them (formatting.readable_url); the target as given
        readable = readable_url(url)
        shown = re.sub(r"^https?://(www\.)?", "", readable.split("?", 1)[0]) if short else readable
        title = f' title="{esc(readable)}"' if shown != url else ""
        return f'<a href="{esc(url)}" rel="noopener noreferrer"{title}>{esc(shown)}</a>'
    return esc(url)


# a word longer than this (a web address as a name, "freespeechtwentyfirstcentury.com") may break
# inside: a table could otherwise not be narrower than the word, and hid its last columns
LONG_WORD = 20
# where a long word may break: after its dots, slashes, hyphens and underscores, and else every
# WORD_PIECE characters
WORD_PIECE = 12
LONG_WORD_PATTERN = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def breakable(value: object) -> str:
    """value as escaped HTML text in which a word longer than LONG_WORD characters may break (a
    <wbr> after each dot, slash, hyphen or underscore, and every WORD_PIECE characters of a longer
    run); shorter words, and the text a reader copies, are as they were; "" for a missing
    value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    out, last = [], 0
    for match in LONG_WORD_PATTERN.finditer(text):
        out.append(esc(text[last : match.start()]))
        pieces = re.split(r"(?<=[./_-])", match.group(0))
        out.append(
            "<wbr>".join(esc(chunk) for piece in pieces if piece for chunk in _chunks(piece))
        )
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _chunks(word: str) -> list[str]:
    """word in pieces of about WORD_PIECE characters, never parted before a combining mark, a
    joiner or a variation selector, nor between the two letters of a flag."""

    def regional(char: str) -> bool:
        return "\U0001f1e6" <= char <= "\U0001f1ff"

    chunks, start, letters = [], 0, 0  # letters: regional letters in a row before k
    for k in range(1, len(word)):
        letters = letters + 1 if regional(word[k - 1]) else 0
        if k - start < WORD_PIECE:
            continue
        after, before = word[k], word[k - 1]
        joined = unicodedata.category(after).startswith("M") or after in "\u200d\ufe0e\ufe0f"
        inside_flag = regional(after) and letters % 2 == 1
        if not joined and before != "\u200d" and not inside_flag:
            chunks.append(word[start:k])
            start = k
    return [*chunks, word[start:]]


def _cell(col: str, value: object, href: object = None) -> str:
    """One cell of a table, labelled with its column (a phone shows the label above the value)."""
    label = f' data-label="{esc(col)}"'
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
        shown = num(value)  # "1,114", "65.25", "0.27": as the sentences write numbers
        return f'<td class="num"{label}>{esc(shown)}</td>'
    if col == "status":
        return (
            f'<td class="civcas-status-{esc(value)}"{label}>'
            f"{esc(STATUS_LABEL.get(value, value))}</td>"
        )
    if col in ("url", "carrier_url"):
        return f"<td{label}>{link(value, short=True)}</td>"
    if isinstance(href, str) and (SAFE_URL.match(href) or SAFE_PAGE.match(href)):
        away = ' rel="noopener noreferrer"' if SAFE_URL.match(href) else ""
        return f'<td{label}><a href="{esc(href)}"{away}>{breakable(value)}</a></td>'
    return f"<td{label}>{breakable(value)}</td>"


def _attribute(column: object) -> str:
    """A column's name as a data-* attribute: "figure id" -> "data-figure-id"."""
    return "data-" + (re.sub(r"[^a-z0-9]+", "-", str(column).lower()).strip("-") or "id")


def _row_attributes(row: dict[str, object], hidden: list[str], anchor: str | None) -> str:
    """The attributes that keep a row's ids where a fact-checker's tools find them (data-*
    attributes, and the anchor other pages link to), never in text a reader sees: not in the row,
    nor in a title shown on hover."""
    known = [(c, row[c]) for c in hidden if esc(row[c])]
    attributes = "".join(f' {_attribute(c)}="{esc(v)}"' for c, v in known)
    if anchor and esc(row.get(anchor)):
        attributes += f' id="{esc(anchor_id(row[anchor]))}"'
    status = row.get("status")
    return attributes + (f' class="civcas-status-{esc(status)}"' if status is not None else "")


def anchor_id(value: object) -> str:
    """The id of the element a link to value's row points at: "R-RESTATED/1" -> "R-RESTATED-1"."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-")


def table(
    df: pd.DataFrame,
    caption: str = "",
    hidden: Iterable[str] = (),
    anchor: str | None = None,
    links: dict[str, str] | None = None,
) -> HTML:
    """df as a plain, escaped HTML table under its caption (with a text version for the plain-text
    output): numbers right-aligned with thousands separators, a status column coloured, URLs as safe
    links. hidden: columns of ids kept out of the visible text (each row carries them as a title
    and data-* attributes); anchor: the hidden column whose value is the row's id; links: a visible
    column -> the hidden column holding the page (or http(s) address) it links to. The HTML and the
    text are each made when first asked for, from df as it is now."""
    hidden, links = [str(c) for c in hidden], links or {}
    # under copy-on-write a shallow copy is a snapshot: a later edit of df does not reach it
    frame = df.copy(deep=False)
    return HTML(
        lambda: _table_html(frame, caption, hidden, anchor, links),
        lambda: f"{caption + chr(10) if caption else ''}{frame.to_string(index=False)}",
    )


def _table_html(
    df: pd.DataFrame, caption: str, hidden: list[str], anchor: str | None, links: dict[str, str]
) -> str:
    """The HTML of table(df, caption, hidden, anchor, links)."""
    shown = [str(c) for c in df.columns if str(c) not in hidden]
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in shown)
    body = []
    for values in df.itertuples(index=False):
        row = {
            str(c): (v.item() if hasattr(v, "item") else v)
            for c, v in zip(df.columns, values, strict=True)
        }
        cells = "".join(_cell(c, row[c], row.get(links.get(c, ""))) for c in shown)
        body.append(f"<tr{_row_attributes(row, hidden, anchor)}>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'{STYLE}<table class="civcas-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def card(
    items: Iterable[tuple[str, object]],
    title: str = "",
    details: Iterable[tuple[str, object]] = (),
    summary: str = "For fact-checkers: ids, file and checksum",
) -> HTML:
    """items as an HTML definition list under its title (with a text version, one "name: value" a
    line): provenance and registry facts. details: further facts (ids, files, checksums) folded
    into a details element under summary. A missing value reads "unknown"; a URL is a safe link."""
    items, details = list(items), list(details)

    def listed(facts: list[tuple[str, object]]) -> str:
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{_card_value(k, v)}</dd>" for k, v in facts)
        return f"<dl>{rows}</dl>"

    folded = (
        f"<details><summary>{esc(summary)}</summary>{listed(details)}</details>" if details else ""
    )
    head = f"<h4>{esc(title)}</h4>" if title else ""
    text = "\n".join(f"{k}: {v}" for k, v in items + details)
    return HTML(f'{STYLE}<div class="civcas-card">{head}{listed(items)}{folded}</div>', text)


def _card_value(name: str, value: object) -> str:
    """One value of a card as HTML: a link for the URL, "unknown" for a missing value."""
    if name.lower() == "url":
        return link(value, short=True)
    return esc(value) if value is not None and str(value) != "<NA>" else "unknown"


def as_table(
    frame: pd.DataFrame,
    caption: str = "",
    hidden: Iterable[str] = (),
    anchor: str | None = None,
    links: dict[str, str] | None = None,
) -> pd.DataFrame:
    """A shallow copy of frame marked to be shown as table(frame, caption, hidden, anchor, links)
    in a notebook: the hidden columns (ids) kept in each row's attributes, not its visible text. The
    frame is still data: filter, sort or export it as any frame, ids included. The caption is shown
    only while the frame keeps its rows and columns (a filtered frame's count would be wrong); a
    frame with other columns shows as pandas shows it."""
    marked = frame.copy(deep=False)
    marked.attrs[SHOWN_AS] = {
        "as": "table",
        "caption": caption,
        "rows": len(frame),
        "columns": [str(c) for c in frame.columns],
        "hidden": [str(c) for c in hidden],
        "anchor": anchor,
        "links": dict(links or {}),
    }
    return marked


CARD_COLUMNS = ["fact", "value"]


def as_card(
    items: Iterable[tuple[str, object]],
    title: str = "",
    details: Iterable[tuple[str, object]] = (),
) -> pd.DataFrame:
    """items, then details, as a frame of two columns, fact and value (values kept as they are, an
    object column), marked to be shown as card(items, title, details) in a notebook: the details
    folded away for fact-checkers."""
    shown = list(items)
    items = shown + list(details)
    frame = pd.DataFrame(
        {
            CARD_COLUMNS[0]: pd.Series([k for k, _ in items], dtype=object),
            CARD_COLUMNS[1]: pd.Series([v for _, v in items], dtype=object),
        }
    )
    frame.attrs[SHOWN_AS] = {
        "as": "card",
        "title": title,
        "columns": CARD_COLUMNS,
        "open": len(shown),
    }
    return frame


def rendered(frame: pd.DataFrame) -> HTML | None:
    """The HTML (and text) a frame marked by as_table or as_card is shown as; None for a frame that
    carries no mark or no longer has the columns it was marked with."""
    shown = frame.attrs.get(SHOWN_AS)
    if not isinstance(shown, dict) or [str(c) for c in frame.columns] != shown.get("columns"):
        return None
    if shown.get("as") == "card":
        facts = list(zip(*(frame[c].tolist() for c in CARD_COLUMNS), strict=True))
        open_facts = shown.get("open", len(facts))
        return card(facts[:open_facts], shown.get("title", ""), details=facts[open_facts:])
    if shown.get("as") == "table":
        caption = shown.get("caption", "") if len(frame) == shown.get("rows") else ""
        return table(
            frame,
            caption=caption,
            hidden=[c for c in shown.get("hidden", []) if c in frame.columns],
            anchor=shown.get("anchor"),
            links=shown.get("links"),
        )
    return None


def _html_of(frame: pd.DataFrame) -> str | None:
    """IPython's text/html for a frame: the marked view's HTML, else what pandas shows."""
    shown = rendered(frame)
    return shown.html if shown is not None else frame._repr_html_()


def _text_of(frame: pd.DataFrame, printer: Any, cycle: bool) -> None:
    """IPython's text/plain for a frame: the marked view's text, else the frame's repr; one line of
    the printer a line, as IPython prints any object's repr."""
    shown = rendered(frame)
    with printer.group():
        for k, line in enumerate((shown.text if shown is not None else repr(frame)).splitlines()):
            if k:
                printer.break_()
            printer.text(line)


def register_formatters(shell: Any = None) -> bool:
    """Teach an IPython shell (the running one by default) to show frames marked by as_table or
    as_card as their HTML and text. Returns whether there was a shell to teach. Registering twice is
    harmless."""
    if shell is None:
        # a running shell has imported IPython; looking it up never imports it for nothing
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    printers: dict[str, Callable[..., Any]] = {"text/html": _html_of, "text/plain": _text_of}
    for mime, printer in printers.items():
        shell.display_formatter.formatters[mime].for_type(pd.DataFrame, printer)
    return True


def formula_safe(value: object) -> object:
    """value as a CSV for readers may hold it: text that would start a spreadsheet formula gets a
    leading "'" (OWASP's advice), so that a curated title such as =HYPERLINK("http://x","y") is
    shown as text, never run. Also when white space comes first (" =1+1", "\\n@SUM(A1)"): some
    spreadsheets drop it on import. A number is a number (a count's -5 is never prefixed); text is
    text, even text that reads as a number ("-5" in a text column is prefixed like any other text,
    and a spreadsheet still shows it as -5). A missing value stays missing; any other object is
    judged by the text it is written as."""
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
    return "'" + text if opens_formula(text) else value


def csv_text(frame: pd.DataFrame) -> str:
    """The text of frame as the CSV a reader downloads (no index, "\\n" line ends), every column
    name and every cell of a column that is not numeric, boolean or dates passed through
    formula_safe. The one writer of CSVs for readers (the data beside each chart), so that no column
    added later escapes it."""
    safe = pd.DataFrame(
        {
            k: column if _typed(column) else column.map(formula_safe)
            for k, column in enumerate(_whole(c) for _, c in frame.items())
        }
    )
    safe.columns = [formula_safe(c) for c in frame.columns]
    return safe.to_csv(index=False, lineterminator="\n")


def _whole(column: pd.Series) -> pd.Series:
    """A column of decimal numbers that are all whole, as whole numbers (a count reads 976, never
    976.0); any other column as it is."""
    known = column.dropna()
    if pd.api.types.is_float_dtype(column.dtype):
        if (known == known.round()).all():
            return column.astype("Int64")
    elif column.dtype == object and len(known):
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer()
            for v in known
        )
        if numbers:
            return column.astype("Int64")
    return column


def _typed(column: pd.Series) -> bool:
    """Is this a column of numbers, booleans or dates (written as themselves, never as a
    formula)?"""
    dtype = column.dtype
    return (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


register_formatters()
