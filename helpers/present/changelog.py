"""The changelog of the data: reports/changes.html, what each dated version of the curated tables
added, changed (what it was, what it is now) and removed, newest first, and reports/changes.csv,
every change one row (a changed row one row per field), for a reader to see when and how a figure
was corrected.

The versions come from the repository's committed history (history.data_history): changes not yet
committed are not listed. Each figure is put in words from the version that holds it (a removed
figure from the last version that had it): what it counts, where and when, and whose it is."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
import polars as pl

from helpers.checks.effective import group_words, place_words, report_name
from helpers.checks.findings import worded
from helpers.data import history, periods, validate
from helpers.data.geography import COUNTRIES
from helpers.data.history import ADDED, CHANGED, REMOVED, History, RowChange, Table, Version
from helpers.data.load import Package
from helpers.formatting import geography_label, issuer_name, num, value_words
from helpers.present import display, site

PAGE, CSV = "changes.html", "changes.csv"
TITLE = "How the data changed"
FIGURES = "figures"
# a list longer than this is folded away under its count
FOLD = 20
# the months a stated rise covers when it gives no start of its own
RISE_SPAN = "since the previous release"
CSV_COLUMNS = [
    "version_date",
    "commit",
    "table",
    "change",
    "key",
    "field",
    "old_value",
    "new_value",
    "figure",
    "report",
    "count",
]
# a figure's columns as a reader names them ("what changed"); any other column: its name in words
FIELD_WORDS = {
    "report_id": "whose figure",
    "carried_by": "page it is read on",
    "locator": "where it is printed",
    "quote": "the source's words",
    "confirmed_on": "day confirmed",
    "metric": "what it counts",
    "value": "count",
    "value_as_written": "count as printed",
    "qualifier": "qualifier",
    "low": "low end of the range",
    "high": "high end of the range",
    "period_start": "start of the period",
    "period_end": "end of the period",
    "period_as_written": "period as written",
    "geography": "countries",
    "geography_as_written": "place as written",
    "governorate_pcode": "governorate",
    "breakdown": "subgroup",
    "series": "running series",
    "interpretation": "our reading",
    "notes": "notes",
}
# what tells what a figure states: a change to one of these is a correction of its count
COUNT_FIELDS = ("value", "low", "high", "qualifier")
DATE_FIELDS = ("period_start", "period_end", "confirmed_on", "published")
EXTRA_CSS = (
    "\n.changes-summary{font-size:1.1em}"
    ".changes-version h2{margin-top:2em}"
    ".changes-commits code{overflow-wrap:anywhere}"
    "details>summary{cursor:pointer;margin:0.4em 0}\n"
)


def files(pkg: Package) -> dict[str, str]:
    """The changelog's files, {"changes.html": the page, "changes.csv": the table}, from the
    committed history of the folder pkg was loaded from. Worked out once per package and history
    (history.data_versions_digest names the commits read: three git commands, no table read),
    unless git could not be asked."""
    kept = pkg.derived(f"changelog files of {history.data_versions_digest(pkg.root)}", lambda _: {})
    if not kept:
        record = history.data_history(pkg.root)
        made = {PAGE: page(pkg, record), CSV: display.csv_text(changes_frame(pkg, record))}
        if not record.read:  # git failed this time: asked again next time
            return made
        kept.update(made)
    return dict(kept)


def changes_frame(pkg: Package, record: History) -> pd.DataFrame:
    """Every change of every version, oldest version first, as a frame of CSV_COLUMNS: the
    version's day and commit, the table, added/changed/removed, the row's key ("|" between the
    values of a key of several columns), for a changed row one row per field with its old and new
    text as the file holds it; for a figure, what it counts, whose it is and its count in words,
    and for a report its name."""
    rows = []
    for version in record.versions:
        for change in version.changes:
            words = _Words(pkg, version.before if change.change == REMOVED else version.after)
            row = change.after if change.after is not None else change.before
            described = {"figure": "", "report": "", "count": ""}
            if change.table == FIGURES:
                what, whose = words.figure(row)
                described = {"figure": what, "report": whose, "count": words.stated(row)}
            elif change.table == "reports":
                described["report"] = words.report(change.key[0])
            common = {
                "version_date": version.date,
                "commit": version.commit,
                "table": change.table,
                "change": change.change,
                "key": "|".join("" if k is None else str(k) for k in change.key),
                "field": "",
                "old_value": "",
                "new_value": "",
                **described,
            }
            if change.change != CHANGED:
                rows.append(common)
            for name in change.fields:
                old, new = change.before.get(name), change.after.get(name)
                rows.append(
                    {**common, "field": name, "old_value": old or "", "new_value": new or ""}
                )
    return pd.DataFrame(rows, columns=CSV_COLUMNS, dtype=object).fillna("")


def page(pkg: Package, record: History) -> str:
    """The changelog page: a plain summary first, then each version, newest first, with the
    figures it changed (was, now), removed and added, and what it did to the other tables."""
    versions = list(record.versions)
    anchors = _anchors(versions)
    intro = [f"<h1>{display.esc(TITLE)}</h1>"]
    if versions:
        intro.append(f'<p class="changes-summary">{display.esc(summary(versions))}</p>')
    elif record.note is None:
        intro.append(
            '<p class="changes-summary">No version of the curated tables has been committed '
            "yet.</p>"
        )
    if record.note:
        intro.append(
            f'<p class="changes-note">{display.esc(periods.dates_in_words(record.note))}</p>'
        )
    intro.append(
        "<p>Each version is the curated tables as they stood at the end of a day on which they "
        "were changed (days in UTC). A figure is followed from one version to the next by its "
        "identifier, so a corrected figure shows what it was and what it is now. Edits not yet "
        f'published in a version are not listed. <a href="{CSV}" download>Download every change '
        "as a table (CSV)</a>: one row per field changed, with the identifiers and commits a "
        "fact-checker needs.</p>"
    )
    newest_first = list(reversed(list(zip(versions, anchors, strict=True))))
    # the contents list after the summary, as on the notebooks' pages: what changed comes first
    toc = [(anchor, display.esc(periods.label(version.date))) for version, anchor in newest_first]
    sections = [_section(pkg, version, anchor) for version, anchor in newest_first]
    body = "\n".join([*intro, site.contents(toc), *sections]).replace(display.STYLE, "")
    return site.page_shell(TITLE, display.STYLE + body, extra_css=EXTRA_CSS)


def summary(versions: list[Version]) -> str:
    """The page's first sentence: "2 versions of the curated tables since 25 November 2026; the
    last, on 3 December 2026, added 566 figures, changed 5 and removed none."."""
    last = versions[-1]
    added, changed, removed = (len(last.of(FIGURES, kind)) for kind in (ADDED, CHANGED, REMOVED))
    count = len(versions)
    return (
        f"{num(count)} {'version' if count == 1 else 'versions'} of the curated tables since "
        f"{periods.label(versions[0].date)}; the last, on {periods.label(last.date)}, added "
        f"{_figures(added, 'no figures')}, changed {_count(changed)} and removed "
        f"{_count(removed)}."
    )


def _count(n: int) -> str:
    return "none" if n == 0 else num(n)


def _figures(n: int, zero: str = "none") -> str:
    return zero if n == 0 else f"{num(n)} {'figure' if n == 1 else 'figures'}"


def _anchors(versions: list[Version]) -> list[str]:
    """Each version's anchor on the page: "version-2026-12-03" (then "-2", "-3" for another
    version of the same day)."""
    seen: dict[str, int] = {}
    out = []
    for version in versions:
        seen[version.date] = seen.get(version.date, 0) + 1
        suffix = f"-{seen[version.date]}" if seen[version.date] > 1 else ""
        out.append(f"version-{version.date}{suffix}")
    return out


def _section(pkg: Package, version: Version, anchor: str) -> str:
    """One version: what it did in a sentence, its figures changed, removed and added, the other
    tables' counts, anything not read, and its commits folded away for a fact-checker."""
    added, changed, removed = (version.of(FIGURES, kind) for kind in (ADDED, CHANGED, REMOVED))
    corrected = sum(1 for c in changed if set(c.fields) & set(COUNT_FIELDS))
    said = (
        f"{_figures(len(added), 'no figures').capitalize()} added, {_count(len(changed))} changed, "
        f"{_count(len(removed))} removed."
    )
    if changed:
        said += (
            f" In {_count(corrected)} of them the count itself was corrected."
            if corrected
            else " None of them changes a count."
        )
    parts = [f'<h2 id="{anchor}">{display.esc(periods.label(version.date))}</h2>']
    parts.append(f"<p>{display.esc(said)}</p>")
    if changed:
        parts.append(_changed_table(pkg, version, changed))
    for listed, kind, state in ((removed, REMOVED, version.before), (added, ADDED, version.after)):
        if listed:
            parts.append(_listed_table(pkg, listed, kind, state))
    others = _other_tables(version)
    if others:
        parts.append(f"<p>In the other tables:</p><ul>{others}</ul>")
    if version.unread:
        lines = "".join(f"<li>{display.esc(line)}</li>" for line in version.unread)
        parts.append(
            "<p>Not read in this version (their changes count with the next version that can be "
            f"read):</p><ul>{lines}</ul>"
        )
    commits = ", ".join(f"<code>{c[: history.SHORT]}</code>" for c in version.commits)
    parts.append(
        '<details class="changes-commits"><summary>For fact-checkers: the commits</summary>'
        f"<p>The tables as commit <code>{version.commit}</code> left them; the commits of this "
        f"version, oldest first: {commits}. Each change is a row of {CSV}.</p></details>"
    )
    return (
        f'<section class="changes-version" data-commit="{version.commit}">'
        + "\n".join(parts)
        + "</section>"
    )


def _changed_table(pkg: Package, version: Version, changed: list[RowChange]) -> str:
    """The figures changed, one row per field: the figure, whose it is, what changed, and
    "was …, now …", each value in words from its own version."""
    old_words, new_words = _Words(pkg, version.before), _Words(pkg, version.after)
    rows = []
    for change in changed:
        what, whose = new_words.figure(change.after)
        for name in change.fields:
            was = old_words.value(name, change.before.get(name))
            now = new_words.value(name, change.after.get(name))
            rows.append(
                {
                    "figure": what,
                    "whose figure": whose,
                    "what changed": FIELD_WORDS.get(name, name.replace("_", " ")),
                    "change": f"was {was}, now {now}",
                    "figure id": change.key[0],
                }
            )
    return _shown(pd.DataFrame(rows), f"{_figures(len(changed))} changed", fold=False)


def _listed_table(pkg: Package, listed: list[RowChange], kind: str, state: Mapping) -> str:
    """The figures added or removed: each in words from the version that holds it, and its count
    as stated."""
    words = _Words(pkg, state)
    rows = []
    for change in listed:
        row = change.after if kind == ADDED else change.before
        what, whose = words.figure(row)
        rows.append(
            {
                "figure": what,
                "whose figure": whose,
                "count as stated": words.stated(row),
                "figure id": change.key[0],
            }
        )
    return _shown(pd.DataFrame(rows), f"{_figures(len(listed))} {kind}", fold=True)


def _shown(frame: pd.DataFrame, caption: str, fold: bool) -> str:
    """A frame as the house's table, its ids kept out of sight; a long one folded away."""
    shown = display.table(frame, caption=caption, hidden=["figure id"]).html
    if fold and len(frame) > FOLD:
        return f"<details><summary>Show the {display.esc(caption)}</summary>{shown}</details>"
    return shown


def _other_tables(version: Version) -> str:
    """The other tables' changes as list items: "Report registry: 193 rows added, 2 changed"."""
    items = []
    tables = {**version.before, **version.after}
    for name in dict.fromkeys(change.table for change in version.changes):
        table = tables[name]
        if name == FIGURES:
            continue
        counts = [(kind, len(version.of(name, kind))) for kind in (ADDED, CHANGED, REMOVED)]
        counts = [(kind, n) for kind, n in counts if n]
        if counts:
            said = ", ".join(
                f"{num(n)} {'row' if n == 1 else 'rows'} {kind}" if k == 0 else f"{num(n)} {kind}"
                for k, (kind, n) in enumerate(counts)
            )
            items.append(f"<li>{display.esc(table.title)}: {display.esc(said)}</li>")
    return "".join(items)


class _Words:
    """A version's figures and values in a reader's words, from the tables of that version (what
    a report, metric, governorate, dimension or series was called then); ids the version does not
    name are put in words from the current package (findings.worded), if it knows them."""

    def __init__(self, pkg: Package, tables: Mapping[str, Table]) -> None:
        self.pkg, self.tables = pkg, tables

    def _row(self, table: str, *key: str | None) -> Mapping[str, str | None]:
        found = self.tables[table].row(*key) if table in self.tables and all(key) else None
        return found or {}

    def _text(self, text: str) -> str:
        return worded(self.pkg, text)

    def place(self, code: str | None) -> str:
        """A geography code in words: each country as the version's countries.csv names it, else
        as the current package's does ("Iraq and Syria")."""
        parts = code.split("+") if code else []
        names = {
            part: self._row(COUNTRIES, part).get("name_en") or place_words(self.pkg, part)
            for part in parts
        }
        return geography_label(code or None, names)

    def report(self, report_id: str | None) -> str:
        """A report as running text names it: "the CJTF-OIR release of 27 September 2018"."""
        row = self._row("reports", report_id)
        if not row:
            return self._text(report_id or "an unnamed report")
        carrier = self._row("reports", row.get("carried_by"))
        return report_name(
            issuer_name(row.get("issuer")),
            row.get("kind"),
            _date(row.get("published")),
            _date(carrier.get("published")),
        )

    def metric(self, metric: str | None) -> str:
        """What a metric counts, as its label says: "Civilians killed"."""
        return self._row("metrics", metric).get("label") or self._text(metric or "a figure")

    def governorate(self, pcode: str | None) -> str:
        """A governorate's English name: "Dar'a"."""
        return self._row("governorates", pcode).get("name_en") or self._text(pcode or "")

    def subgroup(self, breakdown: str | None, phrase: bool = False) -> str:
        """A subgroup in words, as groups.csv of the version names it ("Obama administration"), or
        with phrase as running text puts it after what a figure counts ("under the Obama
        administration"); a version without it (older than groups.csv) as the package names it
        (effective.group_words); a group declared in neither, by its dimension only ("a group by
        US administration"); "" for none."""
        if not breakdown or ":" not in breakdown:
            return ""
        dimension, group = breakdown.split(":", 1)
        then = self._row("groups", dimension, group).get("phrase" if phrase else "label")
        if then:
            return then
        try:
            return group_words(self.pkg, breakdown, phrase=phrase)
        except KeyError:
            label = self._row("dimensions", dimension).get("label")
            return f"a group by {label}" if label else "a subgroup"

    def series(self, series: str | None) -> str:
        """A running series in words: "the CJTF-OIR running total"."""
        issuer = self._row("series", series).get("issuer")
        return f"the {issuer_name(issuer)} running total" if issuer else self._text(series or "")

    def figure(self, row: Mapping[str, str | None]) -> tuple[str, str]:
        """(what a figure counts, where and when: "Civilians killed, Iraq and Syria, August 2014
        to 31 August 2018"; whose it is: "the CJTF-OIR release of 27 September 2018, as printed
        in the …")."""
        report = self._row("reports", row.get("report_id"))
        place = self.place(row.get("geography") or report.get("geography"))
        if row.get("governorate_pcode"):
            place = f"{self.governorate(row['governorate_pcode'])}, {place}"
        group = self.subgroup(row.get("breakdown"), phrase=True)
        metric = self.metric(row.get("metric"))
        span = self.period(row, report)
        if span.startswith(RISE_SPAN) and RISE_SPAN in metric:  # said once: "…, to April 2018"
            span = span.removeprefix(RISE_SPAN).removeprefix(", ")
        what = ", ".join(p for p in (metric, place, group, span) if p)
        whose = self.report(row.get("report_id"))
        carrier = row.get("carried_by")
        if carrier and carrier != row.get("report_id"):
            whose += f", as printed in {self.report(carrier)}"
        return what, whose

    def period(self, row: Mapping[str, str | None], report: Mapping[str, str | None]) -> str:
        """The months a figure covers, its own or else its report's: "August 2014 to 31 August
        2018", "April 2018" (a period of one month); a rise in a running total (its metric an
        increment) without a start of its own, "since the previous release, to April 2018"; a count
        of what one release adds (its metric's span "release") without a start of its own, "to 31
        May 2017", never from its report's start."""
        own_span = self._metric_span(row.get("metric")) == "release"
        start = _date(row.get("period_start") or (None if own_span else report.get("period_start")))
        end = _date(row.get("period_end") or report.get("period_end"))
        if self._row("metrics", row.get("metric")).get("increment_of") and not row.get(
            "period_start"
        ):
            return RISE_SPAN + (f", to {periods.label(end)}" if end else "")
        if start is not None and start == end:
            return periods.label(start)
        if own_span and start is None:  # what one release adds: by its date alone
            return f"data to {periods.label(end)}" if end else ""
        return periods.span(start, end)

    def _metric_span(self, metric: str | None) -> str | None:
        """A metric's span (metrics.csv) as the version names it, else as the package does (a
        version older than the column); None when neither says."""
        then = self._row("metrics", metric).get("span")
        if then or not metric or self.pkg is None:
            return then
        metrics = self.pkg.frames["metrics"]
        now = metrics.filter(pl.col("metric") == metric)["span"].to_list()
        return now[0] if now else None

    def stated(self, row: Mapping[str, str | None]) -> str:
        """A figure's count as stated: "at least 1,114", "1,150–1,200 (a range)", a share with its
        sign ("0.94%": its metric's unit, as the version gives it)."""
        metric = row.get("metric")
        return value_words(
            _number(row.get("value")),
            row.get("qualifier"),
            *map(_number, (row.get("low"), row.get("high"))),
            self._row("metrics", metric).get("unit") if metric else None,
        )

    def value(self, name: str, text: str | None) -> str:
        """One cell of a figure in words, by its column: a count with its separators, a date in
        words, an id by the name of what it names; "not given" for an empty cell."""
        if text is None:
            return "not given"
        if name in COUNT_FIELDS[:3]:
            number = _number(text)
            return text if number is None else num(number)
        if name == "qualifier":
            return text.replace("_", " ")
        if name in DATE_FIELDS:
            return periods.label(text) if _date(text) else text
        if name == "metric":
            return self.metric(text)
        if name in ("report_id", "carried_by"):
            return self.report(text)
        if name == "governorate_pcode":
            return self.governorate(text)
        if name == "geography":
            return self.place(text)
        if name == "breakdown":
            return self.subgroup(text) or text
        if name == "series":
            return self.series(text)
        return self._text(text)


def _number(text: str | None) -> int | float | None:
    """A number written in a cell, as the schema's number type reads it (None when the cell holds
    none): a whole number as an int."""
    if text is None or not validate.NUMBER.fullmatch(text):
        return None
    if validate.INTEGER.fullmatch(text):
        return int(text)
    number = float(text)
    return int(number) if number.is_integer() else number


def _date(text: str | None) -> str | None:
    """A date written YYYY, YYYY-MM or YYYY-MM-DD as it is (a real month and day); None for
    anything else."""
    if not text or not re.match(periods.REDUCED, text):
        return None
    try:
        periods.label(text)
    except (ValueError, IndexError):
        return None
    return text
