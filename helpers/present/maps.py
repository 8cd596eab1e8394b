"""Maps in the house style (style.py): a report's counts by governorate as circles at each
governorate's centroid over Syria's outline, each circle's area in proportion to its count (its
radius to the square root), so that a reader compares areas as they would compare the numbers.

Built to be read on a 390 px phone and in print: a narrow figure, every governorate named where it
is (labels placed so that none covers another, nor another's circle), a key of circle sizes in the
corner that Syria leaves empty, a governorate given as 0 drawn as a white circle and one with no
figure as a cross (never as a circle too small to see), the attribution of the reference geography
under the map. Output is byte-identical from run to run, as every chart's is (charts.Chart)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import polars as pl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea, HPacker, TextArea, VPacker
from matplotlib.patches import Circle
from matplotlib.text import Annotation, Text

from helpers import formatting
from helpers.checks import effective
from helpers.checks.effective import effective_figures
from helpers.checks.places import read_by_interpretation
from helpers.data import geography, periods
from helpers.data.load import Package
from helpers.present import charts
from helpers.present.style import color, role_of_kind, styled

MAP_WIDTH = 4.5  # inches: at 390 px the map is drawn at about five sixths of its size
MAP_HEIGHT = 4.8
LARGEST_DIAMETER = 40.0  # points: the circle of the largest count
MARGIN = 0.35  # degrees of map around Syria's bounding box, room for labels
LABEL_SIZE = 10.0
LABEL_GAP = 2.0  # points between a label's box and its circle
LABEL_PAD = 0.2  # the white box around a label's words, in font sizes
# a label on a white box, the outline faintly through it
LABEL_BOX = {
    "boxstyle": f"square,pad={LABEL_PAD}",
    "facecolor": "#FFFFFF",
    "edgecolor": "none",
    "alpha": 0.8,
}
LEADER = {"arrowstyle": "-", "color": "#444444", "linewidth": 0.5, "shrinkA": 0}
INK = "#222222"
OUTLINE_INK = "#444444"
NO_FIGURE = "x"  # the marker of a governorate with no figure
NO_FIGURE_SIZE = 5.0  # points
ZERO_DIAMETER = 6.0  # points: a white circle, a count of none
FILL_ALPHA = 0.85
# how far from its circle a label may stand, in points, and in how many directions it is tried
REACH = np.arange(0.0, 160.0, 4.0)
DIRECTIONS = 24
PLACING_TRIES = 8
# the key's circles, as shares of the largest count they are rounded down from
KEY_SHARES = (1.0, 0.25, 0.05)


def governorates_by_map(pkg: Package, report_id: str) -> list[pd.DataFrame]:
    """The report's own figures by governorate (no breakdown), effective, one frame per map: one
    per metric and period, in the order the report gives them."""
    own = pkg.derived("figures by governorate, by report", _by_governorate).get(report_id)
    if own is None:
        return []
    groups = own.groupby(["metric", "eff_period_start", "eff_period_end"], sort=False, dropna=False)
    return [group for _, group in groups]


def _by_governorate(pkg: Package) -> dict[str, pd.DataFrame]:
    """The effective figures by governorate (no breakdown) of a country the maps cover
    (geography.mapped_pcode: Syria), by the report that gives them: the reports that give none are
    not in it. A governorate of another country is listed in its report's figures, never mapped."""
    figures = effective_figures(pkg)
    placed = figures[figures["governorate_pcode"].notna() & figures["breakdown"].isna()]
    mapped = geography.mapped_pcode(
        pl.Series(placed["governorate_pcode"].tolist(), dtype=pl.String),
        pkg.frames[geography.CENTROIDS],
    )
    placed = placed[mapped.to_numpy()]
    return {report_id: rows for report_id, rows in placed.groupby("report_id", sort=False)}


def report_maps(pkg: Package, report_id: str) -> list[charts.Chart]:
    """A map for each metric and period the report gives figures by governorate for (none for a
    report that gives none): named <report>__map-<metric>, with the period's end after it when the
    report maps one metric over two periods."""
    groups = governorates_by_map(pkg, report_id)
    metrics = [group["metric"].iloc[0] for group in groups]
    out = []
    for group, metric in zip(groups, metrics, strict=True):
        name = f"{report_id}__map-{metric.replace('_', '-')}"
        if metrics.count(metric) > 1:
            name += f"-to-{periods.label(group['eff_period_end'].iloc[0]).replace(' ', '-')}"
        out.append(governorate_map(group, pkg, name))
    return out


def map_table(figures: pd.DataFrame, pkg: Package) -> pd.DataFrame:
    """Every governorate of governorates.csv in the figures' country (by the first two letters of
    its P-code), with its centroid and the report's figure for it (one per statement), if any: the
    data a map draws, published beside it. low and high are a range's ends; interpreted, whether
    the source's place name was read by interpretation."""
    places = effective.one_per_statement(figures).set_index("governorate_pcode")
    low, high = effective.bounds(places)
    centroids = pkg.governorate_centroids.set_index("pcode")
    countries = {geography.iso2_of(str(pcode)) for pcode in places.index}
    governorates = pkg.governorates[
        pkg.governorates["pcode"].map(geography.iso2_of).isin(countries)
    ]
    table = pd.DataFrame({"pcode": governorates["pcode"].to_numpy()})
    given = table["pcode"].isin(places.index)
    at = table["pcode"].where(given)
    table["governorate"] = governorates["name_en"].to_numpy()
    table["value"] = places["value"].reindex(at).to_numpy()
    table["low"] = low.reindex(at).to_numpy()
    table["high"] = high.reindex(at).to_numpy()
    table["latitude"] = centroids["latitude"].reindex(table["pcode"]).to_numpy()
    table["longitude"] = centroids["longitude"].reindex(table["pcode"]).to_numpy()
    table["as_written"] = places["geography_as_written"].reindex(at).to_numpy()
    table["interpreted"] = [
        bool(given_here) and read_by_interpretation(pkg, written, pcode)
        for pcode, written, given_here in zip(
            table["pcode"], table["as_written"], given, strict=True
        )
    ]
    table["figure_id"] = places["figure_id"].reindex(at).to_numpy()
    if not (table["value"].isna() & table["low"].notna()).any():  # no range: plain columns
        table = table.drop(columns=["low", "high"])
    return table


def map_ends(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The low and high of each governorate's count in a map's table (map_table): a range's ends,
    or its value twice; missing where there is no figure."""
    if "low" in table:
        return table["low"], table["high"]
    return table["value"], table["value"]


def _marks(ax: Axes, table: pd.DataFrame, where: pd.Index | pd.Series, gid: str, **style) -> None:
    """The marks of the governorates where (rows of table) at their centroids, above the outline
    and never cut at the map's edge; gid names the kind, for readers of the SVG and the tests."""
    chosen = table.loc[where]
    ax.scatter(chosen["longitude"], chosen["latitude"], zorder=3, clip_on=False, gid=gid, **style)


def circle_areas(counts: pd.Series, largest: float) -> np.ndarray:
    """Each count's circle area, in square points (matplotlib's marker size: its diameter
    squared), in proportion to the count: the largest count gets LARGEST_DIAMETER."""
    return counts.to_numpy(dtype=float) / largest * LARGEST_DIAMETER**2


def key_values(largest: float) -> list[int]:
    """The counts the key shows circles for: round numbers (1, 2 or 5 times a power of ten) at or
    below KEY_SHARES of the largest count, each once, largest first."""
    out: list[int] = []
    for share in KEY_SHARES:
        target = largest * share
        if target < 1:
            continue
        power = 10 ** math.floor(math.log10(target))
        value = max(step * power for step in (1, 2, 5) if step * power <= target)
        if value not in out:
            out.append(int(value))
    return out


@styled
def governorate_map(figures: pd.DataFrame, pkg: Package, name: str) -> charts.Chart:
    """The report's counts for one metric and period by governorate, as circles at the
    governorates' centroids over Syria's outline (geography.outline_rings), area in proportion to
    the count; a range is a circle at its low inside a dashed ring at its high. Every governorate is
    labelled with its name and count; one with no figure is a cross and its name."""
    table = map_table(figures, pkg)
    places = effective.one_per_statement(figures)
    lead = places.iloc[0]
    low, high = map_ends(table)
    largest = float(high.max())
    role = role_of_kind(lead["report_kind"])
    fig = Figure(figsize=(MAP_WIDTH, MAP_HEIGHT), layout="constrained")
    ax = fig.add_subplot()
    _draw_outline(ax, pkg)
    given = low.notna()
    counted = given & (high > 0)
    ranged = counted & (low != high)
    zero = given & (high == 0)
    order = table[counted].assign(_high=high[counted]).sort_values("_high", ascending=False).index
    _marks(
        ax,
        table,
        order,
        "counts",
        s=circle_areas(low[order], largest),
        color=color(role),
        alpha=FILL_ALPHA,
        edgecolors=INK,
        linewidths=0.6,
    )
    if ranged.any():
        _marks(
            ax,
            table,
            ranged,
            "range-highs",
            s=circle_areas(high[ranged], largest),
            facecolors="none",
            edgecolors=INK,
            linewidths=0.8,
            linestyles="--",
        )
    _marks(
        ax,
        table,
        zero,
        "zeros",
        s=ZERO_DIAMETER**2,
        color="#FFFFFF",
        edgecolors=INK,
        linewidths=0.8,
    )
    _marks(
        ax,
        table,
        ~given,
        "no-figures",
        s=NO_FIGURE_SIZE**2,
        marker=NO_FIGURE,
        color=OUTLINE_INK,
        linewidths=1.0,
    )
    who = charts.short_name(lead["issuer"])
    key = _size_key(ax, key_values(largest), largest, role, who, zero.any(), (~given).any())
    title = map_title(table, who, lead["metric_label"].lower())
    interpreted = table[table["interpreted"]]
    read = "".join(
        f" {row['governorate']}*: the source writes “{row['as_written']}”, read as "
        f"{row['governorate']}."
        for _, row in interpreted.iterrows()
    )
    sub = (
        f"{lead['metric_label']} by governorate, "
        f"{lead['eff_place']}, "
        f"{periods.label(lead['eff_period_start'])} to {periods.label(lead['eff_period_end'])}. "
        "Each circle's area is in proportion to its count"
        + ("; a dashed ring is a range's high" if ranged.any() else "")
        + ("; a cross marks a governorate with no figure" if (~given).any() else "")
        + f".{read} {geography.ATTRIBUTION}."
    )
    charts.frame_chart(fig, title, sub, charts.credit_line(places))
    _freeze_layout(fig)
    labels = _label_texts(table, low, high)
    radii = np.where(
        counted,
        np.sqrt(circle_areas(high.fillna(0), largest)) / 2,
        np.where(given, ZERO_DIAMETER / 2, NO_FIGURE_SIZE / 2),
    )
    _place_labels(ax, table, labels, radii, obstacles=[key])
    return charts.Chart(name, title, fig, table.reset_index(drop=True))


def map_title(table: pd.DataFrame, who: str, metric: str) -> str:
    """The finding a map shows: where the issuer counts the most (and, of two or more, the
    fewest), with the counts: "SNHR counts the most civilians killed in Ar-Raqqa (1,133) and the
    fewest in Dar'a (5)"."""
    low, high = map_ends(table)
    given = table.assign(_low=low, _high=high)[low.notna()]
    ranked = given.sort_values(["_high", "_low"], ascending=False, kind="stable")
    most, fewest = ranked.iloc[0], ranked.iloc[-1]
    title = (
        f"{who} counts the most {metric} in {most['governorate']} "
        f"({formatting.amount(most['_low'], most['_high'])})"
    )
    if (fewest["_low"], fewest["_high"]) != (most["_low"], most["_high"]):
        title += (
            f" and the fewest in {fewest['governorate']} "
            f"({formatting.amount(fewest['_low'], fewest['_high'])})"
        )
    return title


def _draw_outline(ax: Axes, pkg: Package) -> None:
    """Syria's outline in ink, the map's limits around its bounding box with room for labels,
    longitude drawn shorter by the cosine of the middle latitude (so the country keeps its shape),
    no axes."""
    for ring in geography.outline_rings(pkg.root):
        ax.plot(ring[:, 0], ring[:, 1], color=OUTLINE_INK, linewidth=0.8, zorder=1)
    west, east, south, north = geography.bounds(pkg.root)
    ax.set_xlim(west - MARGIN, east + MARGIN)
    ax.set_ylim(south - MARGIN, north + MARGIN)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()


def _size_key(
    ax: Axes,
    values: list[int],
    largest: float,
    role: str,
    who: str,
    zero: bool,
    missing: bool,
) -> AnchoredOffsetbox:
    """The key, in the map's lower right corner (Iraq and Jordan: nothing of Syria's there): the
    circles of a few round counts nested on one base line, each labelled; then the white circle of
    a 0 and the cross of no figure, where the map has them."""
    diameters = [math.sqrt(v / largest) * LARGEST_DIAMETER for v in values]
    biggest = max(diameters)
    # room for the longest count, at about 0.6 of the font size a character
    text_width = 0.6 * (LABEL_SIZE - 1) * max(len(formatting.num(v)) for v in values) + 6
    nest = DrawingArea(biggest + text_width, biggest + 2)
    for value, diameter in zip(values, diameters, strict=True):
        nest.add_artist(
            Circle(
                (biggest / 2, diameter / 2 + 1),
                diameter / 2,
                facecolor=color(role),
                alpha=FILL_ALPHA,
                edgecolor=INK,
                linewidth=0.6,
            )
        )
        top = diameter + 1
        nest.add_artist(Line2D([biggest / 2, biggest + 2], [top, top], color=INK, linewidth=0.5))
        nest.add_artist(
            Text(biggest + 4, top, formatting.num(value), fontsize=LABEL_SIZE - 1, va="center")
        )
    heading = f"{formatting.possessive(who)} count"
    rows = [TextArea(heading, textprops={"fontsize": LABEL_SIZE, "weight": "bold"}), nest]
    if zero:
        rows.append(_key_row(ZERO_DIAMETER, "#FFFFFF", "0 (none counted)"))
    if missing:
        rows.append(_key_row(NO_FIGURE_SIZE, None, "no figure"))
    key = AnchoredOffsetbox(
        loc="lower right",
        child=VPacker(children=rows, align="left", pad=0, sep=4),
        frameon=False,
        borderpad=0.3,
    )
    ax.add_artist(key)
    return key


def _key_row(size: float, face: str | None, words: str) -> HPacker:
    """A row of the key: a mark (a white circle, or a cross where face is None) and its words."""
    area = DrawingArea(12, 10)
    if face is None:
        area.add_artist(
            Line2D([6], [5], marker=NO_FIGURE, markersize=size, color=OUTLINE_INK, linestyle="none")
        )
    else:
        area.add_artist(Circle((6, 5), size / 2, facecolor=face, edgecolor=INK, linewidth=0.8))
    words_area = TextArea(words, textprops={"fontsize": LABEL_SIZE - 1})
    return HPacker(children=[area, words_area], align="center", pad=0, sep=3)


def _freeze_layout(fig: Figure) -> None:
    """The layout as the constrained engine lays it out once, kept (positions rounded): its solver
    can move the axes by a few units in the last place from one drawing to the next, which would
    move labels placed against the first."""
    FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    for ax in fig.axes:
        ax.set_position([round(float(v), 6) for v in ax.get_position().bounds])
    fig.set_layout_engine("none")
    fig.draw_without_rendering()


def _label_texts(table: pd.DataFrame, low: pd.Series, high: pd.Series) -> list[str]:
    """Each governorate's label: its name (with * where the source's word for it was read by
    interpretation) over its count; the name alone where there is no figure."""
    out = []
    for (_, row), least, most in zip(table.iterrows(), low, high, strict=True):
        place = row["governorate"] + ("*" if row["interpreted"] else "")
        out.append(place if pd.isna(least) else f"{place}\n{formatting.amount(least, most)}")
    return out


def _place_labels(
    ax: Axes,
    table: pd.DataFrame,
    labels: list[str],
    radii: np.ndarray,
    obstacles: list,
) -> list[Annotation]:
    """Each label beside its mark, at the first place (nearest first, DIRECTIONS around it, REACH
    away) whose box stays inside the map and overlaps no label placed before, no other mark
    (circle or cross) and no obstacle (the key); a label standing off its mark gets a leader.
    Largest marks first, then the others in P-code order; the labels that had to stand off go
    first on the next try (at most PLACING_TRIES), and the try with the fewest such is kept.
    radii: each mark's radius in points."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_pixels = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    points = table[["longitude", "latitude"]].to_numpy(dtype=float)
    scene = {
        "inside": np.array([frame.x0, frame.y0, frame.x1, frame.y1]),
        "marks": ax.transData.transform(points),
        "radii": radii * to_pixels,
        "gap": LABEL_GAP * to_pixels,
        "reach": REACH * to_pixels,
    }
    blocked = [(b.x0, b.y0, b.x1, b.y1) for b in (o.get_window_extent(renderer) for o in obstacles)]
    words = {"fontsize": LABEL_SIZE, "linespacing": 1.1, "ha": "center", "va": "center"}
    halves = []
    for k, label in enumerate(labels):
        measured = ax.annotate(label, tuple(points[k]), **words)
        extent = measured.get_window_extent(renderer)
        measured.remove()
        pad = LABEL_PAD * LABEL_SIZE * to_pixels
        halves.append(np.array([extent.width / 2 + pad, extent.height / 2 + pad]))
    order = sorted(range(len(table)), key=lambda k: (-radii[k], k))
    best = None
    for _ in range(PLACING_TRIES):
        placed: dict[str, list] = {"boxes": list(blocked), "leaders": []}
        spots, stuck = {}, []
        for k in order:
            spot = _spot(k, halves[k], scene, placed)
            if spot is None:
                stuck.append(k)
                continue
            spots[k] = spot
            centre, distance = spot
            placed["boxes"].append((*(centre - halves[k]), *(centre + halves[k])))
            if distance > 0:
                placed["leaders"].append(_leader(k, centre, scene))
        off = [k for k in order if k in spots and spots[k][1] > 0]
        score = (len(stuck), len(off), sum(spots[k][1] for k in off))
        if best is None or score < best[0]:
            best = (score, spots, stuck)
        if not stuck and not off:
            break
        order = stuck + off + [k for k in order if k not in stuck and k not in off]
    _, spots, stuck = best
    for k in stuck:  # nowhere clear: the nearest place on the map, over whatever is there
        spots[k] = _spot(k, halves[k], scene, {"boxes": [], "leaders": []}) or (
            scene["marks"][k],
            1.0,
        )
    out = []
    for k, (centre, distance) in sorted(spots.items()):
        offset = (centre - scene["marks"][k]) / to_pixels
        text = ax.annotate(
            labels[k],
            tuple(points[k]),
            xytext=(round(float(offset[0]), 2), round(float(offset[1]), 2)),
            textcoords="offset points",
            color="#333333",
            bbox=LABEL_BOX,
            arrowprops={**LEADER, "shrinkB": float(radii[k]) + 1} if distance > 0 else None,
            annotation_clip=False,
            gid=f"label-{table['pcode'].iloc[k]}",
            **words,
        )
        text.set_in_layout(False)
        out.append(text)
    return out


def _spot(k: int, half: np.ndarray, scene: dict, placed: dict) -> tuple[np.ndarray, float] | None:
    """Where mark k's label goes (half: its box's half width and height), in pixels: the box's
    centre and how far it stands off the mark's edge beyond the gap (0: beside it; more: it needs
    a leader). The first place, nearest first, in DIRECTIONS around the mark, whose box stays
    inside the map, overlaps none of the placed boxes, is crossed by none of the placed leaders,
    and whose leader crosses none of the boxes, and where box and leader come near no other mark;
    failing any, the first that keeps clear of the placed labels only; None when none does."""
    mark, inside = scene["marks"][k], scene["inside"]
    others = np.delete(np.arange(len(scene["marks"])), k)
    fallback = None
    for distance in scene["reach"]:
        for angle in np.arange(DIRECTIONS) * 2 * np.pi / DIRECTIONS:
            unit = np.round([math.cos(angle), math.sin(angle)], 9)
            # the box's side (or corner) nearest the mark stands off its edge by the gap
            centre = mark + unit * (scene["radii"][k] + scene["gap"] + distance)
            centre = centre + np.sign(unit) * half
            lo, hi = centre - half, centre + half
            if (lo < inside[:2]).any() or (hi > inside[2:]).any():
                continue
            if charts.boxes_hit(np.array([[*lo, *hi]]), np.array(placed["boxes"]).reshape(-1, 4))[
                0
            ]:
                continue
            if any(_crosses(leader, [(*lo, *hi)]) for leader in placed["leaders"]):
                continue
            leader = _leader(k, centre, scene) if distance > 0 else None
            if leader is not None and _crosses(leader, placed["boxes"]):
                continue
            if fallback is None:
                fallback = (centre, float(distance) + 1.0)
            nearest = np.clip(scene["marks"][others], lo, hi)
            clear = np.hypot(*(scene["marks"][others] - nearest).T) >= (
                scene["radii"][others] + scene["gap"]
            )
            if clear.all() and (leader is None or not _passes_marks(leader, others, scene)):
                return centre, float(distance)
    return fallback


def _leader(k: int, centre: np.ndarray, scene: dict) -> np.ndarray:
    """The leader of mark k's label at centre: from the box's centre to the mark's edge, as two
    points in pixels (the part inside the box is hidden by it)."""
    mark = scene["marks"][k]
    toward = (centre - mark) / np.hypot(*(centre - mark))
    return np.array([centre, mark + toward * scene["radii"][k]])


def _along(segment: np.ndarray) -> np.ndarray:
    """Points along a segment, a pixel or less apart."""
    steps = int(np.ceil(np.hypot(*(segment[1] - segment[0])))) + 1
    return segment[0] + np.linspace(0, 1, steps)[:, None] * (segment[1] - segment[0])


def _crosses(segment: np.ndarray, boxes: list) -> bool:
    """Does the segment pass through any of boxes (x0, y0, x1, y1)?"""
    if not boxes:
        return False
    points, spans = _along(segment)[:, None, :], np.array(boxes)[None, :, :]
    inside = (points > spans[..., :2]) & (points < spans[..., 2:])
    return bool(inside.all(axis=2).any())


def _passes_marks(segment: np.ndarray, others: np.ndarray, scene: dict) -> bool:
    """Does the segment come within a gap of any of the marks others?"""
    points = _along(segment)[:, None, :]
    apart = np.hypot(*(points - scene["marks"][others][None, :, :]).transpose(2, 0, 1))
    return bool((apart < scene["radii"][others] + scene["gap"]).any())
