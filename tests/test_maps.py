"""The governorate maps and the reference geography they stand on: every report that gives figures
by governorate gets a map with every governorate matched by P-code; circle areas in proportion to
the counts; no label over another or over another's mark; a 0 and a governorate with no figure
drawn so that they show; the same bytes from two draws; the attribution under every map; the
reference files derived from their originals as committed, and the P-codes of the centroids and of
governorates.csv one to one, a change to either refused in one line. Expected values are read from
the data; a crowded map is drawn from figures made up here (ids zz-test-*, never real)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from helpers import paths
from helpers.checks import effective
from helpers.checks.effective import effective_figures
from helpers.data import geography, load
from helpers.errors import DataError
from helpers.notebook import show
from helpers.present import maps, views

PCODE_CHECK = "expected every governorate there once, by P-code"


def _mapped_reports(pkg) -> list[str]:
    """The reports that give figures by governorate (not by a breakdown), from the data."""
    figures = pkg.figures
    by_place = figures["governorate_pcode"].notna() & figures["breakdown"].isna()
    return sorted(figures.loc[by_place, "report_id"].unique())


@pytest.fixture(scope="module")
def drawn(pkg) -> dict[str, list]:
    """Every report's maps, by report."""
    return {rid: maps.report_maps(pkg, rid) for rid in pkg.reports["report_id"]}


def _collection(chart, gid: str):
    return next(c for c in chart.figure.axes[0].collections if c.get_gid() == gid)


def _crowded(pkg) -> pd.DataFrame:
    """Effective figures of one made-up report for every governorate: one of them 0, one a range,
    the others spread from a few to thousands, so that every label must find its place."""
    figures = effective_figures(pkg)
    model = figures[
        figures["governorate_pcode"].notna() & figures["breakdown"].isna() & figures["is_primary"]
    ].iloc[0]
    rows = []
    for k, (pcode, name) in enumerate(
        zip(pkg.governorates["pcode"], pkg.governorates["name_en"], strict=True)
    ):
        row = model.copy()
        value = [0, None, 3, 40, 120, 480, 900, 1500, 2600, 7, 75, 310, 15, 4100][k % 14]
        row["figure_id"] = f"zz-test-map-{pcode.lower()}"
        row["governorate_pcode"], row["geography_as_written"] = pcode, name
        row["value"] = value
        row["low"], row["high"] = (200, 650) if value is None else (None, None)
        row["qualifier"] = "between" if value is None else "exact"
        row["subject_key"] = f"zz-test-map|{pcode}"
        row["row"] = 100000 + k
        rows.append(row)
    return pd.DataFrame(rows).reset_index(drop=True)


# ---- every governorate matched, every report with governorate figures mapped -----------------


def test_every_report_with_governorate_figures_has_a_map_matching_every_pcode(pkg, drawn):
    mapped = _mapped_reports(pkg)
    assert "snhr-2018-09" in mapped  # the acceptance: the SNHR report's map
    centroids = pkg.governorate_centroids.set_index("pcode")
    for report_id, charts in drawn.items():
        if report_id not in mapped:
            assert charts == [], report_id  # no map, and no section, for the others
            continue
        assert charts, report_id
        for chart in charts:
            data = chart.data
            # every governorate of governorates.csv, each once, with its centroid by P-code
            assert data["pcode"].tolist() == pkg.governorates["pcode"].tolist()
            assert set(data["pcode"]) == set(centroids.index)
            assert (data["latitude"] == centroids.loc[data["pcode"], "latitude"].to_numpy()).all()
            assert (data["longitude"] == centroids.loc[data["pcode"], "longitude"].to_numpy()).all()
            # every figure of the report by governorate is on the map, with its count
            given = data.dropna(subset=["figure_id"]).set_index("pcode")
            own = effective.one_per_statement(
                maps.governorates_by_map(pkg, report_id)[charts.index(chart)]
            ).set_index("governorate_pcode")
            assert sorted(given.index) == sorted(own.index)
            assert (given["value"] == own.loc[given.index, "value"]).all()
            assert chart.name.startswith(f"{report_id}__map-")


def test_the_map_section_shows_only_with_a_map():
    """A report with no figure by governorate gets no heading of a section it would leave
    empty."""
    heading = views.maps_heading()
    InteractiveShell.instance()
    try:
        with capture_output() as nothing:
            show([], lead=heading)
        with capture_output() as some:
            show([views.section("zz-test chart", "zz-test")], lead=heading)
    finally:
        InteractiveShell.clear_instance()
    assert nothing.outputs == []
    assert len(some.outputs) == 2 and some.outputs[0].data["text/html"] == heading.html
    assert '<h2 id="By-governorate--on-a-map">By governorate, on a map</h2>' in heading.html


# ---- drawn as the house style asks ----------------------------------------------------------


def test_circle_areas_are_in_proportion_to_the_counts(pkg, drawn):
    for report_id in _mapped_reports(pkg):
        for chart in drawn[report_id]:
            counts = _collection(chart, "counts")
            values = chart.data.set_index(["longitude", "latitude"])["value"]
            drawn_values = np.array([values.loc[tuple(at)] for at in counts.get_offsets()])
            areas = counts.get_sizes()
            assert len(areas) == (chart.data["value"] > 0).sum()
            assert np.allclose(areas / drawn_values, areas[0] / drawn_values[0])
            assert np.isclose(areas.max(), maps.LARGEST_DIAMETER**2)


def _label_problems(chart) -> list[str]:
    """What is wrong with the labels of a map: a label's box out of the map or over the key,
    over another label's box or another governorate's mark (its centre), a leader through another
    label's box; a label missing or twice."""
    ax = chart.figure.axes[0]
    renderer = chart.figure.canvas.get_renderer()
    chart.figure.draw_without_rendering()
    frame, key = ax.get_window_extent(renderer), ax.artists[0].get_window_extent(renderer)
    labels = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label-")}
    wanted = [f"label-{p}" for p in chart.data["pcode"]]
    out = [] if sorted(labels) == sorted(wanted) else [f"labels {sorted(labels)}"]
    boxes = {gid: t.get_bbox_patch().get_window_extent(renderer) for gid, t in labels.items()}
    at = ax.transData.transform(chart.data[["longitude", "latitude"]].to_numpy(float))
    marks = dict(zip(wanted, at, strict=True))
    for gid, box in boxes.items():
        inner = box.shrunk(0.98, 0.98)  # a pixel's rounding is not an overlap
        if not (frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)):
            out.append(f"{gid} leaves the map")
        if box.overlaps(key):
            out.append(f"{gid} is over the key")
        out += [f"{gid} over {g}" for g, b in boxes.items() if g != gid and inner.overlaps(b)]
        out += [
            f"{gid} over the mark of {g}"
            for g, xy in marks.items()
            if g != gid and box.contains(*xy)
        ]
        arrow = labels[gid].arrow_patch
        if arrow is not None:
            path = arrow.get_path().interpolated(20).vertices
            out += [
                f"the leader of {gid} through {g}"
                for g, b in boxes.items()
                if g != gid and any(b.shrunk(0.98, 0.98).contains(x, y) for x, y in path)
            ]
    return out


def test_no_label_covers_another_or_another_mark_and_every_label_stays_on_the_map(pkg, drawn):
    charts = [chart for rid in _mapped_reports(pkg) for chart in drawn[rid]]
    charts.append(maps.governorate_map(_crowded(pkg), pkg, "zz-test-crowded"))
    for chart in charts:
        assert _label_problems(chart) == [], chart.name
    # and the check sees a label moved over another
    texts = [t for t in charts[-1].figure.axes[0].texts if t.get_gid()]
    texts[0].xyann, texts[0].xy = texts[1].xyann, texts[1].xy
    assert f"{texts[0].get_gid()} over {texts[1].get_gid()}" in _label_problems(charts[-1])


def test_a_zero_a_range_and_a_governorate_without_figure_are_drawn_to_be_seen(pkg, drawn):
    crowded = maps.governorate_map(_crowded(pkg), pkg, "zz-test-crowded")
    data = crowded.data
    zero = data[data["value"] == 0]
    zeros = _collection(crowded, "zeros")
    assert len(zero) == 1 and zeros.get_offsets().tolist() == [
        [zero["longitude"].item(), zero["latitude"].item()]
    ]
    assert zeros.get_sizes().tolist() == [maps.ZERO_DIAMETER**2]  # a circle one can see
    ranged = data[data["low"].notna() & data["value"].isna()]
    rings = _collection(crowded, "range-highs")
    counts = _collection(crowded, "counts")
    scale = counts.get_sizes().max() / data["high"].fillna(data["value"]).max()
    assert np.isclose(rings.get_sizes(), ranged["high"].to_numpy() * scale).all()
    assert "a dashed ring is a range's high" in crowded.description
    # the SNHR map: a cross at each governorate the report gives no figure for, and it says so
    for report_id in _mapped_reports(pkg):
        for chart in drawn[report_id]:
            missing = chart.data[chart.data["figure_id"].isna()]
            crosses = _collection(chart, "no-figures").get_offsets().tolist()
            assert crosses == missing[["longitude", "latitude"]].to_numpy().tolist()
            assert bool(len(missing)) == ("a cross marks a governorate" in chart.description)


def test_two_draws_give_the_same_svg_and_png_bytes(pkg):
    report_id = _mapped_reports(pkg)[0]
    first, second = maps.report_maps(pkg, report_id), maps.report_maps(pkg, report_id)
    for one, two in zip(first, second, strict=True):
        assert one.svg() == two.svg() and one.png() == two.png()
        assert one.svg() == two.svg()  # drawn again, the layout holds
        assert one.csv() == two.csv()


def test_the_attribution_is_under_every_map_and_beside_the_data(pkg, drawn):
    for report_id in _mapped_reports(pkg):
        for chart in drawn[report_id]:
            foot = " ".join(" ".join(t.get_text().split()) for t in chart.figure.texts)
            assert geography.ATTRIBUTION in foot, chart.name
            assert geography.ATTRIBUTION in chart.description  # the page's alt text
    readme = (paths.ROOT / geography.FOLDER / "README.md").read_text(encoding="utf-8")
    assert geography.ATTRIBUTION in " ".join(readme.split())


# ---- the reference files ------------------------------------------------------------------------


def test_the_centroids_are_derived_from_opensyria_as_committed():
    derived = geography.centroids_csv(geography.read_reference(geography.OPENSYRIA))
    committed = geography.reference_path(geography.FOLDER + "/governorate-centroids.csv").read_text(
        encoding="utf-8"
    )
    assert committed == derived


def test_the_opensyria_originals_are_the_shared_copies_byte_for_byte():
    shared = paths.ROOT.parent / "shared" / "reference"
    if not shared.is_dir():
        pytest.skip(
            "the shared reference copies (../shared/reference/) are not beside this checkout: "
            "run the tests in the project workspace to compare with them"
        )
    for name in ("opensyria-governorates.json", "opensyria-LICENSE.md", "opensyria-sources.json"):
        assert (
            geography.read_reference(f"{geography.FOLDER}/{name}") == (shared / name).read_bytes()
        ), name


def test_the_outline_is_its_derivation_or_at_least_a_closed_outline_inside_syria():
    provenance = geography.outline_provenance()
    collection = json.loads(geography.read_reference(geography.OUTLINE))
    box = geography.bounds()
    assert geography.outline_problems(collection, box) == []
    rings = geography.outline_rings()
    assert rings and all((ring[0] == ring[-1]).all() and len(ring) >= 4 for ring in rings)
    assert all(geography.signed_area(ring) > 0 for ring in rings)  # RFC 7946's winding
    tarball = paths.ROOT / geography.PACKED / provenance["source"]["tarball_file"]
    if not tarball.is_file():
        pytest.skip(
            f"the source package is not in {geography.PACKED}/ ({provenance['derivation']['fetch']}"
            "): the outline's shape was checked, not its derivation"
        )
    member = geography.packed_member(paths.read_regular(tarball), provenance)
    assert geography.outline_geojson(member, provenance) == geography.read_reference(
        geography.OUTLINE
    ).decode("utf-8")


def test_a_tarball_other_than_the_recorded_one_is_refused():
    provenance = geography.outline_provenance()
    with pytest.raises(ValueError, match="its sha512 differs"):
        geography.packed_member(b"zz-test not the package", provenance)


def test_a_broken_outline_is_one_line_naming_the_file(data_copy):
    path = geography.reference_path(geography.OUTLINE, data_copy.root)
    collection = json.loads(path.read_text(encoding="utf-8"))
    ring = collection["features"][0]["geometry"]["coordinates"][0]
    ring.pop()  # no longer closed
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataError) as err:
        geography.outline_rings(data_copy.root)
    assert str(err.value).splitlines() == [
        f"{geography.OUTLINE}: ring 1 is not closed: its last point is not its first; "
        "derive it again: python -m helpers reference"
    ]
    path.unlink()
    with pytest.raises(DataError, match=f"^{geography.OUTLINE}: the file is missing"):
        geography.outline_rings(data_copy.root)
    # nested past the JSON parser's depth: one line too, and the data's check (what `validate`
    # and the build read first) finds it before any page runs
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load.load_checked(data_copy.root)
    assert str(err.value).splitlines() == [
        f"{geography.OUTLINE}: JSON nested too deeply to be what it should be; restore the file"
    ]


# ---- P-codes one to one -------------------------------------------------------------------------


def test_a_governorate_without_its_centroid_is_refused_in_one_line(data_copy):
    rows = data_copy.rows(geography.CENTROIDS)
    dropped = rows.pop()
    data_copy.write(geography.CENTROIDS, rows)
    with pytest.raises(DataError) as err:
        data_copy.load()
    lines = str(err.value).splitlines()
    row = data_copy.rows("governorates")
    at = [r["pcode"] for r in row].index(dropped["pcode"]) + 2
    assert len(lines) == 1 and lines[0].startswith(
        f'data/curated/governorates.csv, row {at}, column "pcode": {dropped["pcode"]} ('
    )
    assert PCODE_CHECK in lines[0]


def test_a_centroid_of_another_governorate_under_a_pcode_is_refused_in_one_line(data_copy):
    rows = data_copy.rows(geography.CENTROIDS)
    first, second = rows[0]["pcode"], rows[1]["pcode"]
    data_copy.edit(geography.CENTROIDS, "pcode", first, name_en=f"zz-test-{rows[1]['name_en']}")
    with pytest.raises(DataError) as err:
        data_copy.load()
    lines = str(err.value).splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        'data/reference/governorate-centroids.csv, row 2, column "name_en": \'zz-test-'
    )
    assert f"is not a spelling of {first}" in lines[0] and second not in lines[0]


def test_a_centroid_for_no_governorate_is_refused_in_one_line(data_copy):
    governorates = data_copy.rows("governorates")
    gone = governorates.pop()  # no figure refers to it: only the centroid's key does
    data_copy.write("governorates", governorates)
    data_copy.write(
        "figures",
        [r for r in data_copy.rows("figures") if r["governorate_pcode"] != gone["pcode"]],
    )
    with pytest.raises(DataError) as err:
        data_copy.load()
    lines = str(err.value).splitlines()
    at = [r["pcode"] for r in data_copy.rows(geography.CENTROIDS)].index(gone["pcode"]) + 2
    assert lines == [
        f'data/reference/governorate-centroids.csv, row {at}, column "pcode": '
        f"'{gone['pcode']}' is not a pcode in data/curated/governorates.csv"
    ]


def test_the_reference_command_derives_the_centroids_again_and_refuses_a_foreign_tarball(
    data_copy, tmp_path
):
    table = geography.reference_path(
        geography.FOLDER + "/governorate-centroids.csv", data_copy.root
    )
    committed = table.read_text(encoding="utf-8")
    table.write_text("zz-test", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", paths.DATA_ROOT_ENV: str(data_copy.root)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "helpers", "reference", *args],
            cwd=paths.ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    done = run()
    assert done.returncode == 0, done.stderr
    assert table.read_text(encoding="utf-8") == committed
    foreign = tmp_path / "zz-test-world-atlas.tgz"
    foreign.write_bytes(b"zz-test")
    outline = geography.reference_path(geography.OUTLINE, data_copy.root).read_bytes()
    refused = run("--world-atlas", str(foreign))
    assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1
    assert "its sha512 differs" in refused.stderr
    assert geography.reference_path(geography.OUTLINE, data_copy.root).read_bytes() == outline


def test_a_changed_outline_reruns_the_report_pages(data_copy):
    """The outline is the one file a report page reads that is not a table: a page's build key
    covers it, so that a new outline redraws the maps."""
    from helpers.build import plan, runner

    pkg = data_copy.load()
    jobs = [job for job in runner.plan(pkg) if job.notebook == "report.ipynb"][:1]
    before = plan.data_keys(pkg, jobs)
    path = geography.reference_path(geography.OUTLINE, data_copy.root)
    path.write_bytes(path.read_bytes() + b"\n")  # the same outline, another file
    assert plan.data_keys(data_copy.load(), jobs) != before
