"""The countries the reports cover (countries.csv: the codes of the geography columns and the
names readers see), and the reference geography the maps stand on, kept in data/reference/ like
raw data: the originals as received, and the small files derived from them by the functions here
(`python -m helpers reference` runs them), so that a reviewer can derive them again and compare.

- Governorate centroids, names and P-codes: OpenSyria's data-geography (CC BY 4.0), copied
  unchanged as opensyria-governorates.json; governorate-centroids.csv, the package's table
  `governorate_centroids`, is derived from it and must name the governorates of governorates.csv
  one to one by P-code.
- Syria's outline: Natural Earth (public domain) as the npm package world-atlas carries it in
  TopoJSON; syria-outline.geojson is derived from the package's countries-50m.json, and
  syria-outline.provenance.json says which package, file and tarball (with npm's integrity hash),
  and how.

Every read goes through paths.read_regular: never through a link, never outside the data root."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from helpers import paths
from helpers.data import frames, schema
from helpers.data.frames import Table
from helpers.data.problems import row_problems, shown
from helpers.errors import DataError, Problem
from helpers.formatting import and_list

CENTROIDS = "governorate_centroids"  # the package's table of centroids
FOLDER = "data/reference"
OPENSYRIA = f"{FOLDER}/opensyria-governorates.json"
OUTLINE = f"{FOLDER}/syria-outline.geojson"
OUTLINE_PROVENANCE = f"{FOLDER}/syria-outline.provenance.json"
# where `npm pack` is asked to put the package the outline comes from (git ignores it)
PACKED = ".cache/npm"
# under every map, and in data/reference/README.md
ATTRIBUTION = (
    "Governorate centroids: OpenSyria data-geography, CC BY 4.0; "
    "outline: Natural Earth, public domain"
)
# degrees kept in the derived outline: a millionth of a degree is about 10 cm, finer than the
# package's quantization (about 400 m by 190 m)
DECIMALS = 6
CENTROID_COLUMNS = ("pcode", "name_en", "name_ar", "latitude", "longitude")


# ---- reading ------------------------------------------------------------------------------------


def reference_path(rel: str, root: Path | str | None = None) -> Path:
    """The path of a file of data/reference/ under the data root."""
    return paths.data_root(root) / rel


def read_reference(rel: str, root: Path | str | None = None) -> bytes:
    """The bytes of a file of data/reference/ (rel, like data/reference/syria-outline.geojson): a
    regular file inside the data root, never a link. Raises DataError, one line naming the file."""
    path = reference_path(rel, root)
    if not path.resolve().is_relative_to(paths.data_root(root)):
        raise DataError([Problem(rel, "the file lies outside the data folder; put it in data/")])
    try:
        return paths.read_regular(path)
    except FileNotFoundError:
        raise DataError(
            [Problem(rel, "the file is missing; restore it from the repository")]
        ) from None
    except paths.NotAFile as exc:
        raise DataError(
            [Problem(rel, f"the file is {exc.kind}; expected the file itself, a regular file")]
        ) from None


def _json(data: bytes, rel: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(rel, f"not UTF-8 JSON ({exc}); restore the file")]) from None
    except RecursionError:
        raise DataError(
            [Problem(rel, "JSON nested too deeply to be what it should be; restore the file")]
        ) from None


def outline_provenance(root: Path | str | None = None) -> dict:
    """syria-outline.provenance.json: the npm package, tarball, file and object the outline is
    derived from, with npm's integrity hash of the tarball."""
    return _json(read_reference(OUTLINE_PROVENANCE, root), OUTLINE_PROVENANCE)


# ---- the centroids, from OpenSyria's file -------------------------------------------------------


def centroid_rows(opensyria: bytes) -> list[dict[str, str]]:
    """The rows of governorate-centroids.csv from the bytes of opensyria-governorates.json, by
    P-code: the P-code (externalIds.ochaPcode), English and Arabic names and centroid, each number
    written as the file writes it."""
    rows = [
        {
            "pcode": place["externalIds"]["ochaPcode"],
            "name_en": place["name"]["en"],
            "name_ar": place["name"]["ar"],
            "latitude": json.dumps(place["centroid"]["latitude"]),
            "longitude": json.dumps(place["centroid"]["longitude"]),
        }
        for place in _json(opensyria, OPENSYRIA)
    ]
    return sorted(rows, key=lambda row: row["pcode"])


def centroids_csv(opensyria: bytes) -> str:
    """governorate-centroids.csv as derived from opensyria-governorates.json (its bytes)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CENTROID_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(centroid_rows(opensyria))
    return out.getvalue()


# an OCHA P-code starts with its country's ISO alpha-2 code (SY01 is in Syria)
PCODE_COUNTRY_LETTERS = 2


def iso2_of(pcode: str) -> str:
    """The ISO alpha-2 code of the country a P-code is in: "SY01" -> "SY"."""
    return pcode[:PCODE_COUNTRY_LETTERS]


def mapped_pcode(pcodes: pl.Series, centroids: Table) -> pl.Series:
    """Whether each P-code is of a country the maps cover: one whose P-codes have centroids in the
    reference table."""
    mapped = {iso2_of(pcode) for pcode in frames.as_polars(centroids)["pcode"].to_list()}
    return pl.Series([pcode is not None and iso2_of(pcode) in mapped for pcode in pcodes.to_list()])


def pcode_problems(
    governorates: Table, centroids: Table, root: Path | str | None = None
) -> list[Problem]:
    """The governorates of a mapped country (one the centroids cover: Syria) with no centroid, and
    the centroids whose English name is no spelling of their P-code's governorate (a P-code
    numbered another way: GeoNames' SY.01-SY.14 are not OCHA's). With the foreign key from
    centroids to governorates, the P-codes of a mapped country then agree one to one, and each
    names the same place in both. A governorate of a country no map covers needs no centroid: its
    figures are listed, never mapped (mapped_pcode)."""
    governorates, centroids = frames.as_polars(governorates), frames.as_polars(centroids)
    places_file = schema.resource("governorates", root)["path"]
    centroids_file = schema.resource(CENTROIDS, root)["path"]
    placed = centroids["pcode"].implode()
    mapped = mapped_pcode(governorates["pcode"], centroids)
    out = row_problems(
        places_file,
        governorates,
        mapped & ~governorates["pcode"].is_in(placed),
        "pcode",
        lambda row: (
            f"{row['pcode']} ({row['name_en']}) has no row in {centroids_file}; expected every "
            "governorate there once, by P-code, for the maps: restore the row (or derive the "
            "file again: python -m helpers reference)"
        ),
    )
    spellings = {
        row["pcode"]: {v.strip().casefold() for v in row["variants"].split(";")}
        | {row["name_en"].casefold()}
        for row in governorates.iter_rows(named=True)
    }
    names = dict(zip(governorates["pcode"], governorates["name_en"], strict=True))
    out += row_problems(
        centroids_file,
        centroids,
        [
            pcode in spellings and name.casefold() not in spellings[pcode]
            for pcode, name in zip(centroids["pcode"], centroids["name_en"], strict=True)
        ],
        "name_en",
        lambda row: (
            f"{shown(row['name_en'])} is not a spelling of {row['pcode']} ({names[row['pcode']]}) "
            f"in {places_file}; expected the same governorate under the same P-code (P-codes "
            "numbered another way?), or add the spelling to its variants"
        ),
    )
    return out


# ---- countries ----------------------------------------------------------------------------------

COUNTRIES = "countries"  # the package's table of countries
# the tables whose geography column names countries by code, joined by "+"
GEOGRAPHY_TABLES = ("reports", "series", "figures")


def country_names(countries: Table) -> dict[str, str]:
    """ISO alpha-3 code -> the name readers see, for every row of countries.csv
    (formatting.geography_label's names)."""
    countries = frames.as_polars(countries)
    return dict(zip(countries["iso3"].to_list(), countries["name_en"].to_list(), strict=True))


def pcode_countries(countries: Table) -> dict[str, str]:
    """ISO alpha-2 code (the first two letters of an OCHA P-code) -> ISO alpha-3 code."""
    countries = frames.as_polars(countries)
    return dict(zip(countries["iso2"].to_list(), countries["iso3"].to_list(), strict=True))


def country_problems(tables: dict[str, Table], root: Path | str | None = None) -> list[Problem]:
    """Every geography cell (of reports, series and figures) naming a code countries.csv lacks (a
    reader would see the bare code, "YEM", where the country's name belongs), or naming a country
    twice or out of alphabetical order (one place is written one way: "SYR+IRQ" is "IRQ+SYR", which
    the checks compare as another place); and every governorate whose P-code starts with the ISO
    alpha-2 code of no country (its figures' country could not be told). One problem per row, at
    its file, row and column, saying what to write or add."""
    countries = frames.as_polars(tables[COUNTRIES])
    known = set(countries["iso3"].to_list())
    countries_file = schema.resource(COUNTRIES, root)["path"]
    listed = ", ".join(sorted(known)[:12]) + (", …" if len(known) > 12 else "") or "none yet"
    out: list[Problem] = []
    for name in GEOGRAPHY_TABLES:
        table = frames.as_polars(tables[name])
        if "geography" not in table.columns:
            continue
        said = [
            _geography_problem(cell, known, countries_file, listed)
            for cell in table["geography"].to_list()
        ]
        out += row_problems(
            schema.resource(name, root)["path"],
            table.with_columns(_said=pl.Series(said, dtype=pl.String)),
            [bool(problem) for problem in said],
            "geography",
            lambda row: row["_said"],
        )
    if "governorates" in tables:
        governorates = frames.as_polars(tables["governorates"])
        prefixes = set(countries["iso2"].to_list())
        starts = [iso2_of(pcode) for pcode in governorates["pcode"].to_list()]
        # one line for each unknown start, at its first row: one wrong iso2 is one problem
        first = {start: k for k, start in reversed(list(enumerate(starts)))}
        more = {start: starts.count(start) - 1 for start in first}
        out += row_problems(
            schema.resource("governorates", root)["path"],
            governorates,
            [start not in prefixes and first[start] == k for k, start in enumerate(starts)],
            "pcode",
            lambda row: (
                f"{shown(row['pcode'])} starts with {shown(iso2_of(row['pcode']))}"
                + (
                    f" (as do the {more[iso2_of(row['pcode'])]} P-codes after it)"
                    if more[iso2_of(row["pcode"])] > 1
                    else " (as does the P-code after it)"
                    if more[iso2_of(row["pcode"])]
                    else ""
                )
                + f", the ISO alpha-2 code of no country of {countries_file}; expected the iso2 "
                "of the country each governorate is in, or add the country's row there"
            ),
        )
    return out


def _geography_problem(cell: str | None, known: set[str], countries_file: str, listed: str) -> str:
    """What is wrong with one geography cell, in words, or "" when nothing is."""
    if not cell:
        return ""
    codes = str(cell).split("+")
    missing = list(dict.fromkeys(code for code in codes if code not in known))
    if missing:
        quoted = and_list(shown(code) for code in missing)
        verb = "is not a country" if len(missing) == 1 else "are not countries"
        return (
            f"{quoted} {verb} of {countries_file}; expected codes it lists ({listed}), or add "
            "each country's row there (iso3, iso2 and name_en, the name readers see)"
        )
    expected = "+".join(sorted(set(codes)))
    fault = "a country twice" if len(set(codes)) < len(codes) else "its countries out of order"
    if cell != expected:
        return (
            f"{shown(cell)} names {fault}; expected {expected}: each country once, in "
            "alphabetical order (one place is written "
            "one way, so that the checks compare like with like)"
        )
    return ""


# ---- the outline, from world-atlas's TopoJSON ----------------------------------------------------


def integrity(data: bytes) -> str:
    """npm's integrity string of a tarball: sha512-<base64 of the digest>."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def packed_member(tarball: bytes, provenance: dict) -> bytes:
    """The file the outline is derived from, out of the npm tarball (its bytes), once the tarball is
    known to be the one provenance records. Raises ValueError, one line, otherwise."""
    source = provenance["source"]
    if integrity(tarball) != source["integrity"]:
        raise ValueError(
            f"the tarball is not {source['package']} {source['version']} as "
            f"{OUTLINE_PROVENANCE} records it (its sha512 differs); fetch it with: "
            f"{provenance['derivation']['fetch']}"
        )
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as packed:
        member = packed.extractfile(source["file"])  # None for a folder or a link
        if member is None:
            raise ValueError(f"{source['file']} in the tarball is not a regular file")
        return member.read()


def _arc(topology: dict, index: int) -> list[tuple[float, float]]:
    """An arc of a quantized TopoJSON topology as (longitude, latitude) points: its positions are
    deltas from the one before, in units of the transform's scale from its translate; a negative
    index (~k) is arc k reversed."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    steps = np.cumsum(np.array(topology["arcs"][index if index >= 0 else ~index]), axis=0)
    points = [(x * scale_x + shift_x, y * scale_y + shift_y) for x, y in steps.tolist()]
    return points if index >= 0 else points[::-1]


def _ring(topology: dict, arcs: list[int]) -> list[list[float]]:
    """A closed ring from its arcs (each after the first starts where the last one ended), rounded
    to DECIMALS and wound as RFC 7946 asks of an outer ring: counterclockwise."""
    points: list[tuple[float, float]] = []
    for k, index in enumerate(arcs):
        points += _arc(topology, index)[1 if k else 0 :]
    ring = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
    if signed_area(np.array(ring)) < 0:
        ring.reverse()
    return ring


def signed_area(ring: np.ndarray) -> float:
    """The shoelace area of a closed ring of (x, y) points: positive when it runs
    counterclockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return float((x[:-1] * y[1:] - x[1:] * y[:-1]).sum() / 2)


def outline_geojson(topojson: bytes, provenance: dict) -> str:
    """syria-outline.geojson, derived from the bytes of the TopoJSON file provenance names: the
    country of its id (ISO 3166 numeric) in the named object, as one GeoJSON Feature (Polygon or
    MultiPolygon), keys sorted, on one line."""
    source = provenance["source"]
    topology = json.loads(topojson.decode("utf-8"))
    country = next(
        (
            g
            for g in topology["objects"][source["object"]]["geometries"]
            if g.get("id") == source["id"]
        ),
        None,
    )
    if country is None:
        raise ValueError(
            f"{source['file']} has no geometry of id {source['id']} in {source['object']}"
        )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    coordinates = [[_ring(topology, arcs) for arcs in polygon] for polygon in polygons]
    feature = {
        "type": "Feature",
        "id": source["id"],
        "properties": {"name": country["properties"]["name"], "source": source["citation"]},
        "geometry": (
            {"type": "Polygon", "coordinates": coordinates[0]}
            if country["type"] == "Polygon"
            else {"type": "MultiPolygon", "coordinates": coordinates}
        ),
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    return json.dumps(collection, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def bounds(root: Path | str | None = None) -> tuple[float, float, float, float]:
    """Syria's bounding box (west, east, south, north), in degrees, as the schema bounds the
    centroids' longitude and latitude: the one place it is written."""
    constraints = {f["name"]: f.get("constraints", {}) for f in schema.fields(CENTROIDS, root)}
    longitude, latitude = constraints["longitude"], constraints["latitude"]
    return longitude["minimum"], longitude["maximum"], latitude["minimum"], latitude["maximum"]


def outline_problems(collection: Any, box: tuple[float, float, float, float]) -> list[str]:
    """What is wrong with an outline (GeoJSON, parsed): not one Feature of a Polygon or
    MultiPolygon, a ring with fewer than four points or not closed, a point outside box (west,
    east, south, north). Empty when it is a map's outline."""
    try:
        geometry = collection["features"][0]["geometry"]
        kind = geometry["type"]
        if kind not in ("Polygon", "MultiPolygon") or len(collection["features"]) != 1:
            return [f"expected one Feature, a Polygon or MultiPolygon; got {kind}"]
        rings = [np.array(ring, dtype=float) for ring in _rings(geometry)]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        return [f"not a GeoJSON FeatureCollection of one polygon ({type(exc).__name__}: {exc})"]
    out = []
    west, east, south, north = box
    for k, ring in enumerate(rings):
        if ring.ndim != 2 or ring.shape[1] != 2 or len(ring) < 4:
            out.append(f"ring {k + 1} has fewer than four (longitude, latitude) points")
        elif not (ring[0] == ring[-1]).all():
            out.append(f"ring {k + 1} is not closed: its last point is not its first")
        elif not (
            (ring[:, 0] >= west).all()
            & (ring[:, 0] <= east).all()
            & (ring[:, 1] >= south).all()
            & (ring[:, 1] <= north).all()
        ):
            out.append(
                f"ring {k + 1} leaves Syria's bounding box (longitude {west} to {east}, "
                f"latitude {south} to {north})"
            )
    return out


def outline_rings(root: Path | str | None = None) -> list[np.ndarray]:
    """The rings of Syria's outline, as (longitude, latitude) arrays, read from
    syria-outline.geojson and checked (outline_problems). Raises DataError, one line per problem
    naming the file."""
    collection = _json(read_reference(OUTLINE, root), OUTLINE)
    problems = outline_problems(collection, bounds(root))
    if problems:
        raise DataError(
            [
                Problem(OUTLINE, f"{p}; derive it again: python -m helpers reference")
                for p in problems
            ]
        )
    return [np.array(ring, dtype=float) for ring in _rings(collection["features"][0]["geometry"])]


def _rings(geometry: dict) -> list[list]:
    """Every ring of a GeoJSON Polygon or MultiPolygon, outer and inner."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]
