"""schema.org ClaimReview for every claim the checks judge, as fact-checkers and search engines read
them: gathered in reports/claimreview.json, and embedded as JSON-LD in the page of the article that
makes the claims.

A claim is one figure a news article states for someone else: a figure of another report (a
release, a monitor's report or estimate) as the article prints it ("carried"), or the article's own
figure for an issuer's running series ("own"). One review per claimed figure, so that each verdict
points at one number on one page; an article that prints the same figure twice gets two reviews.

The verdict is data, not code: data/curated/verdict_rules.csv says which finding of which check
gives which verdict, and data/curated/verdicts.csv holds the scale (the words, the rating and how
serious each is). A finding judges a claim when the claim is its subject, or, when the finding is
about a group of figures (R-RESTATED, C-MIXED-PERIODS), when the claim is among them: a breach
judges the figures it blames and passes the rest. A claim judged by several findings takes the most
serious verdict; a claim no finding judges gets no review. "Not checkable" ranks above "Accurate",
so a claim that cannot be checked is never called accurate."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import polars as pl

from helpers.checks import crosscheck
from helpers.checks.effective import frame as effective_frame
from helpers.checks.effective import involved_figures
from helpers.checks.findings import part_phrase, with_ends
from helpers.data import schema
from helpers.formatting import QUALIFIER_WORDS, amount
from helpers.present.display import SAFE_URL, anchor_id
from helpers.present.headlines import BREACHES

if TYPE_CHECKING:
    from helpers.data.load import Package

CONTEXT = "https://schema.org"
# the kind of report whose figures for others are claims (as the claim checks read them)
CLAIMANT_KIND = "news_article"


def _ids(listed: str | None) -> list[str]:
    """The figure ids a finding lists ("a; b")."""
    return [i for i in (listed or "").split("; ") if i]


def claims(pkg: Package) -> pl.DataFrame:
    """The claims: every effective figure a news article states for someone else, in file order,
    with claim_kind ("carried": another report's figure as the article prints it; "own": the
    article's own figure for an issuer's series)."""
    figures = effective_frame(pkg)
    carried = pl.col("report_id") != pl.col("carried_by")
    own = (pl.col("report_id") == pl.col("carried_by")) & pl.col("series").is_not_null()
    return figures.filter((pl.col("carrier_kind") == CLAIMANT_KIND) & (carried | own)).with_columns(
        claim_kind=pl.when(carried).then(pl.lit("carried")).otherwise(pl.lit("own"))
    )


def rule_verdict(
    rules: list[dict[str, Any]],
    check_id: str,
    status: str,
    claim_kind: str,
    observed: str | None,
    on_record: bool = False,
) -> str | None:
    """The verdict the first row of verdict_rules.csv matching a finding gives (None: no row
    matches, or the row gives none): same check and status, the claim's kind if the row names one,
    the row's words within the finding's observed text if it gives any, and, for a row whose
    evidence is "record", a finding that compares the claim with the report's own record
    (on_record)."""
    for rule in rules:
        if (
            rule["check_id"] == check_id
            and rule["status"] == status
            and rule["claim_kind"] in (None, claim_kind)
            and (rule["observed_contains"] is None or rule["observed_contains"] in (observed or ""))
            and (rule.get("evidence") is None or on_record)
        ):
            return rule["verdict"]
    return None


def judgements(pkg: Package) -> pl.DataFrame:
    """Every verdict a finding gives a claim: one row per claim and finding that judges it
    (figure_id, result_id, status: the finding's status for this claim, verdict, rank), in the order
    of the findings."""
    claimed = claims(pkg)
    kinds = dict(zip(claimed["figure_id"].to_list(), claimed["claim_kind"].to_list(), strict=True))
    known = set(pkg.frames["figures"]["figure_id"].to_list())
    rules = pkg.frames["verdict_rules"].to_dicts()
    scale = pkg.frames["verdicts"]
    ranks = dict(zip(scale["verdict"].to_list(), scale["rank"].to_list(), strict=True))
    judged_by = {rule["check_id"] for rule in rules}
    # each report's own record of its figures: as read on its own page or on a page registered as
    # carrying it
    effective = effective_frame(pkg)
    records = set(effective.filter(pl.col("is_primary"))["figure_id"].to_list())
    rows = []
    for finding in crosscheck.cross_check(pkg).iter_rows(named=True):
        if finding["check_id"] not in judged_by:
            continue
        # a finding about one figure judges that one; about a group, every figure of it
        subject = finding["subject"]
        judged = [subject] if subject in known else _ids(finding["figure_ids"])
        blamed = set(_ids(finding["blamed_ids"]))
        for figure_id in judged:
            if figure_id not in kinds:
                continue
            status = finding["status"]
            if status in BREACHES and blamed and figure_id not in blamed:
                status = "pass"  # the finding's evidence, not its culprit
            # a breach that blames no one (statements that differ, none known right) stays one
            # for every figure it judges: none of them is shown accurate by it
            verdict = rule_verdict(
                rules,
                finding["check_id"],
                status,
                kinds[figure_id],
                finding["observed"],
                on_record=bool(records.intersection(_ids(finding["figure_ids"])) - {figure_id}),
            )
            if verdict is not None:
                rows.append(
                    {
                        "figure_id": figure_id,
                        "result_id": finding["result_id"],
                        "status": status,
                        "verdict": verdict,
                        "rank": ranks[verdict],
                    }
                )
    return pl.DataFrame(
        rows,
        schema={
            "figure_id": pl.String,
            "result_id": pl.String,
            "status": pl.String,
            "verdict": pl.String,
            "rank": pl.Int64,
        },
    )


def claim_words(pkg: Package, claimed: pl.DataFrame) -> pl.Series:
    """What each claim says, in our words and a reader's names (no ids, no quote): "The CJTF-OIR
    release of 27 September 2018 gives 1,144 civilians killed" for a carried figure, "The Airwars
    running total is 2,832 civilians killed" for an article's own figure for a series, "The rise in
    the CJTF-OIR running total is 51 civilians killed since the previous release" for its own
    stated rise."""
    parts = part_phrase(pkg, claimed).to_list()
    series = pkg.frames["series"]
    counted_in = dict(zip(series["series"].to_list(), series["geography"].to_list(), strict=True))
    words = []
    for row, part in zip(with_ends(claimed).iter_rows(named=True), parts, strict=True):
        qualifier = row["qualifier"]
        # the words a claim's qualifier carries ("at least 1,114"); a range shows as one ("459–591")
        said = QUALIFIER_WORDS.get(qualifier, "") if qualifier is not None else ""
        if row["claim_kind"] == "carried":
            whose, verb = row["report_name"], "gives"
        elif row["increment_of"] is not None:  # an article's own stated rise of the series
            whose, verb = f"the rise in {row['series_name']}", "is"
        else:
            whose, verb = row["series_name"], "is"
        # the place the claim gives, where it is not the series' own ("… 520 civilians killed in
        # Syria" of a count for Iraq and Syria): what a wrong-place verdict rates
        place = row.get("eff_geography")
        where = (
            f" in {row['eff_place']}"
            if place and place != counted_in.get(row.get("series"), place)
            else ""
        )
        words.append(
            f"{whose[:1].upper()}{whose[1:]} {verb} {said}{amount(row['lo'], row['hi'])} "
            f"{str(row['metric_label']).lower()}{where}{part}"
        )
    return pl.Series("claim", words, dtype=pl.String)


def review_dates(pkg: Package, claimed: pl.DataFrame) -> list[str | None]:
    """For each claim, the day we checked it, as recorded in the data (never today): the day its
    figure was confirmed in a stored copy, else the day its page was, else the day the page's held
    document was received; None when none is recorded."""
    reports, documents = pkg.frames["reports"], pkg.frames["documents"]
    pages = claimed.select("carried_by").join(
        reports.select(
            pl.col("report_id").alias("carried_by"), "document_id", page_confirmed="confirmed_on"
        ),
        on="carried_by",
        how="left",
        maintain_order="left",
    )
    pages = pages.join(
        documents.select("document_id", "received_on"),
        on="document_id",
        how="left",
        maintain_order="left",
    )
    checked = pl.select(
        pl.coalesce(claimed["confirmed_on"], pages["page_confirmed"], pages["received_on"])
    ).to_series()
    return [None if day is None else day.strftime("%Y-%m-%d") for day in checked.to_list()]


def _pages_findings(pkg: Package, carriers: list[str]) -> dict[str, set[str]]:
    """carrier -> the result ids its report page lists (and anchors), as the page chooses them."""
    result_ids = crosscheck.run_checks(pkg)["result_id"].tolist()
    index = crosscheck.findings_index(pkg)
    return {
        carrier: {
            result_ids[position]
            for position in index.positions(involved_figures(pkg, carrier)["figure_id"], carrier)
        }
        for carrier in carriers
    }


def _organization(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _reviews(pkg: Package) -> list[tuple[str, str, dict[str, Any]]]:
    """(carrier report id, figure id, review) for every judged claim, by carrier and then file
    order; a claim a page makes twice, in the same words with the same rating, once (its first
    figure)."""
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for judgement in judgements(pkg).iter_rows(named=True):
        by_claim.setdefault(judgement["figure_id"], []).append(judgement)
    claimed = claims(pkg).filter(pl.col("figure_id").is_in(list(by_claim)))
    claimed = claimed.with_columns(
        claim=claim_words(pkg, claimed), reviewed_on=pl.Series(review_dates(pkg, claimed))
    ).sort("carried_by", "row")
    scale = pkg.frames["verdicts"]
    verdicts = {row["verdict"]: row for row in scale.iter_rows(named=True)}
    best, worst = scale["rating_value"].max(), scale["rating_value"].min()
    shown = _pages_findings(pkg, claimed["carried_by"].unique(maintain_order=True).to_list())
    collection = _organization(schema.package(pkg.root)["name"])
    out, made = [], set()
    for claim in claimed.iter_rows(named=True):
        carrier, figure_id = claim["carried_by"], claim["figure_id"]
        # the most serious first; of equal ones, the first finding
        judged = sorted(by_claim[figure_id], key=lambda judgement: judgement["rank"])
        verdict = verdicts[judged[0]["verdict"]]
        # the review's anchor: the most serious finding the page lists, else the figure's row
        listed = [j["result_id"] for j in judged if j["result_id"] in shown[carrier]]
        anchor = anchor_id(listed[0] if listed else figure_id)
        rating = {
            "@type": "Rating",
            "alternateName": verdict["alternate_name"],
            "name": verdict["alternate_name"],
            "bestRating": best,
            "worstRating": worst,
        }
        if verdict["rating_value"] is not None:
            rating["ratingValue"] = verdict["rating_value"]
        item: dict[str, Any] = {"@type": "Claim", "author": _organization(claim["carrier_name"])}
        if claim["carrier_published"]:
            item["datePublished"] = claim["carrier_published"]
        if claim["carrier_url"] and SAFE_URL.match(claim["carrier_url"]):
            item["appearance"] = {"@type": "CreativeWork", "url": claim["carrier_url"]}
        review: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "author": collection,
            "claimReviewed": claim["claim"],
            "itemReviewed": item,
            "reviewRating": rating,
            "url": f"report-{carrier}.html#{anchor}",
        }
        if claim["reviewed_on"]:
            review["datePublished"] = claim["reviewed_on"]
        # a page that makes the same claim twice (its headline and a paragraph) is reviewed once,
        # at the first's anchor
        said = as_json({key: value for key, value in review.items() if key != "url"})
        if said not in made:
            made.add(said)
            out.append((carrier, figure_id, review))
    return out


def reviews(pkg: Package) -> list[dict[str, Any]]:
    """Every claim review (a ClaimReview as a dict), by the page that makes the claim and then
    file order; worked out once per package."""
    return [review for _, _, review in pkg.derived("claim reviews", _reviews)]


def reviewed_claims(pkg: Package) -> list[str]:
    """The figure ids of the claims reviews() reviews, in its order: every judged claim but one
    that repeats an earlier claim of its page word for word, with the same rating."""
    return [figure_id for _, figure_id, _ in pkg.derived("claim reviews", _reviews)]


def as_json(value: Any) -> str:
    """JSON text as the site writes it: keys sorted, indented, characters as they are, a final
    newline (the same bytes on every run)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def collection_document(pkg: Package) -> str:
    """The text of reports/claimreview.json: a JSON array of every claim review (reviews())."""
    return as_json(reviews(pkg))


def script_safe(text: str) -> str:
    """JSON text that can stand inside an HTML <script> element: every "<" written as the JSON
    escape \\u003c, so that no string in it ("</script>", "<!--") can end or comment out the
    element; the JSON reads the same."""
    return text.replace("<", "\\u003c")


def page_json_ld(pkg: Package, report_id: str) -> str | None:
    """The JSON-LD of the claims the report's page makes (a JSON array of its claim reviews),
    ready to stand in a <script type="application/ld+json"> element; None when the report makes
    no claim that the checks judge (or is not in the collection)."""
    mine = [
        review
        for carrier, _, review in pkg.derived("claim reviews", _reviews)
        if carrier == report_id
    ]
    return script_safe(as_json(mine)) if mine else None
