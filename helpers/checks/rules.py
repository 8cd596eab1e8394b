"""The check rules. Each takes the effective figures (effective.frame, as polars, already narrowed to
the reports and metrics a check row in checks.csv names) and returns findings: what was expected, what
was observed, the difference and the evidence. A rule never decides severity: checks.csv does.

Most rules build whole columns of findings with polars (findings()); the claims about a series, the two
document rules and the comparisons walk their rows over plain lists and return finding() dicts. Either
way a rule's findings come in a fixed order: that of the file, or of the groups as documented in each
rule.

A figure may be a range ('between': a low and a high, no value). Every rule reads a count as its two
ends (effective.LOW and HIGH, equal for one number), shows it as "1,150–1,200", and fails only on what no
number within the ranges could make true (see _gap), except where a rule's docstring says otherwise."""

from __future__ import annotations

import numpy as np
import polars as pl

from helpers.checks import effective
from helpers.checks.effective import HIGH, LOW, coverage_mismatches, one_per_statement
from helpers.data import periods, provenance
from helpers.formatting import RANGE_DASH, amount, amounts, day, group_label, per_value

FINDING = [
    "subject",
    "statement",
    "expected",
    "observed",
    "difference",
    "status",
    "figure_ids",
    "blamed_ids",
    "evidence",
]
FINDING_SCHEMA = {c: (pl.Int64 if c == "difference" else pl.String) for c in FINDING}


def finding(
    subject, statement, expected, observed, difference, ok, figure_ids, evidence, blamed=None
) -> dict:
    """figure_ids: every figure the finding rests on; blamed: those a breach is laid on (by default all),
    so that a release cited as evidence against a misquote is not itself marked as failing."""
    figure_ids = list(figure_ids)
    return {
        "subject": subject,
        "statement": statement,
        "expected": expected,
        "observed": observed,
        "difference": difference,
        "status": "pass" if ok else "fail",
        "figure_ids": "; ".join(figure_ids),
        "blamed_ids": "" if ok else "; ".join(figure_ids if blamed is None else blamed),
        "evidence": evidence,
    }


def findings(df: pl.DataFrame) -> pl.DataFrame:
    """Many findings at once, as finding() makes one: df has the columns subject, statement, expected,
    observed, difference, ok, figure_ids (joined with "; ") and evidence, and may have blamed."""
    blamed = pl.col("blamed") if "blamed" in df.columns else pl.col("figure_ids")
    return df.select(
        *(pl.col(c).cast(pl.String) for c in ("subject", "statement", "expected", "observed")),
        pl.col("difference").cast(pl.Int64),
        status=pl.when(pl.col("ok")).then(pl.lit("pass")).otherwise(pl.lit("fail")),
        figure_ids=pl.col("figure_ids"),
        blamed_ids=pl.when(pl.col("ok")).then(pl.lit("")).otherwise(blamed),
        evidence=pl.col("evidence"),
    )


def as_frame(res) -> pl.DataFrame:
    """A rule's findings (a frame, or a list of finding() dicts) as a frame of FINDING_SCHEMA."""
    if isinstance(res, pl.DataFrame):
        return res.select(pl.col(c).cast(t) for c, t in FINDING_SCHEMA.items())
    return (
        pl.DataFrame(list(res), schema=FINDING_SCHEMA, orient="row")
        if res
        else pl.DataFrame(schema=FINDING_SCHEMA)
    )


def _gap(a_low, a_high, b_low, b_high) -> pl.Expr:
    """How far the count a lies above (+) or below (−) the count b, each given by its two ends: 0 where
    the two meet (some number within both), null where an end is unknown. For two single numbers, a − b."""
    known = pl.all_horizontal(e.is_not_null() for e in (a_low, a_high, b_low, b_high))
    return (
        pl.when(a_low > b_high)
        .then(a_low - b_high)
        .when(a_high < b_low)
        .then(a_high - b_low)
        .when(known)
        .then(pl.lit(0, dtype=pl.Int64))
    )


def _with_ends(df: pl.DataFrame) -> pl.DataFrame:
    """df with the columns lo and hi: each figure's LOW and HIGH."""
    return df.with_columns(lo=LOW, hi=HIGH)


def _minus(a: tuple, b: tuple) -> tuple:
    """a − b for counts given as (low, high): what it can be at least and at most. Numbers or columns."""
    return a[0] - b[1], a[1] - b[0]


def _norm(s) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def _names(pkg) -> dict:
    g = pkg.frames["governorates"]
    return dict(zip(g["pcode"].to_list(), g["name_en"].to_list()))


def _spellings(pkg) -> set[str]:
    g = pkg.frames["governorates"]
    return {
        f"{p}|{_norm(n)}"
        for p, en, ar, var in zip(
            *(g[c].to_list() for c in ("pcode", "name_en", "name_ar", "variants"))
        )
        for n in [en, ar, *str(var).split(";")]
    }


def spelling_of(pkg, written, pcode) -> bool:
    """Is `written` one of the known spellings of this governorate (English, Arabic, variants)?"""
    return f"{pcode}|{_norm(written)}" in _spellings(pkg)


def _spelled(pkg, written: pl.Series, pcode: pl.Series) -> pl.Series:
    """spelling_of() for every row; False where either is missing."""
    key = (
        pl.concat_str([pcode, pl.lit("|"), per_value(written, _norm)])
        if len(written)
        else pl.lit("")
    )
    return pl.select(
        (key.is_in(sorted(_spellings(pkg))) & written.is_not_null() & pcode.is_not_null()).alias(
            "spelled"
        )
    ).to_series()


def _part_labels(pkg, r: pl.DataFrame) -> pl.Series:
    """What a part is called: its governorate's name (or "“<as written>” read as <name>" when it was placed
    by interpretation), else its breakdown group ("us_administration:obama" -> "Obama")."""
    pcode, written = r["governorate_pcode"], r["geography_as_written"]
    names = _names(pkg)
    name = pcode.replace(list(names), list(names.values()))
    read = (
        r["interpretation"].is_not_null()
        & written.is_not_null()
        & (written != name).fill_null(True)
        & ~_spelled(pkg, written, pcode)
    )
    group = per_value(r["breakdown"], group_label, nulls=False)
    return pl.select(
        pl.when(pcode.is_not_null())
        .then(
            pl.when(read)
            .then(pl.concat_str([pl.lit("“"), written, pl.lit("” read as "), name]))
            .otherwise(name)
        )
        .otherwise(group)
        .alias("label")
    ).to_series()


def _with_part_label(pkg, rows: pl.DataFrame) -> pl.Series:
    """ ", <part label>" for a row that is a part (a place or a breakdown group), else "" (a whole)."""
    part = rows["governorate_pcode"].is_not_null() | rows["breakdown"].is_not_null()
    return pl.select(
        pl.when(part)
        .then(pl.concat_str([pl.lit(", "), _part_labels(pkg, rows)]))
        .otherwise(pl.lit(""))
        .alias("place")
    ).to_series()


PLACE = [
    "report_id",
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
]

_MEMO: dict = {}


def _memo(f: pl.DataFrame, name: str, compute):
    """compute(f), worked out once for this very frame: cross_check hands the same effective figures to
    every check, and several rules start from the same statements or releases. forget() empties it."""
    key = (id(f), name)
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not f:
        if (
            len(_MEMO) > 256
        ):  # rules called one by one, outside cross_check (which forgets when done)
            forget()
        hit = _MEMO[key] = (f, compute(f))
    return hit[1]


def forget() -> None:
    """Drop what _memo holds (the frames it was given, and what was worked out from them)."""
    _MEMO.clear()


def _statement_ids(f: pl.DataFrame) -> np.ndarray:
    """One integer per thing stated (per distinct subject_key; 0 where it is missing)."""
    return _memo(
        f, "statement ids", lambda f: f["subject_key"].rank("dense").fill_null(0).to_numpy()
    )


def _statements(f: pl.DataFrame) -> pl.DataFrame:
    """one_per_statement() of the parts-and-wholes columns."""
    return _memo(
        f,
        "statements",
        lambda f: one_per_statement(f.select(*PLACE, "subset_of"), key=_statement_ids(f)),
    )


def _totals(f: pl.DataFrame) -> pl.DataFrame:
    """Each report's first statement of each metric that is neither a place nor a breakdown group."""
    return _memo(
        f,
        "totals",
        lambda f: (
            _statements(f)
            .filter(pl.col("breakdown").is_null() & pl.col("governorate_pcode").is_null())
            .unique(["report_id", "metric"], keep="first", maintain_order=True)
            .select("report_id", "metric", "figure_id", "metric_label", lo=LOW, hi=HIGH)
        ),
    )


def _group(frame: pl.DataFrame, by, joins: dict, **aggs) -> pl.DataFrame:
    """frame grouped by `by`, groups in order of first appearance, rows in file order: the aggregations
    `aggs`, and for each name in `joins` (name -> (expression, separator)) the group's texts joined.
    The texts are gathered as lists and joined after: polars' str.join inside an aggregation takes
    several times longer."""
    out = frame.group_by(by, maintain_order=True).agg(
        **aggs, **{name: e for name, (e, _) in joins.items()}
    )
    return out.with_columns(pl.col(name).list.join(sep) for name, (_, sep) in joins.items())


def _runs(codes) -> list[tuple[int, int]]:
    """(start, stop) of each run of equal codes in a sorted sequence."""
    codes = np.asarray(codes, dtype=object)
    if not len(codes):
        return []
    cut = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    return list(zip([0, *cut.tolist()], [*cut.tolist(), len(codes)]))


# -- sources -------------------------------------------------------------------------------------


def quote_in_source(f, pkg, check):
    """One finding per held document: every quote of its figures found word for word in it."""
    clean = pkg.traced_clean()  # load_package traced these very figures already, and none failed
    problems = (
        []
        if clean
        else provenance.figure_source_problems(f, pkg.frames["reports"], pkg.texts, pkg.root)
    )
    held = f.filter(pl.col("carrier_document").is_not_null()).sort(
        "carrier_document", maintain_order=True
    )
    docs, rows, ids = (held[c].to_list() for c in ("carrier_document", "row", "figure_id"))
    out = []
    for a, b in _runs(docs):
        doc, n, group_rows = docs[a], b - a, set(rows[a:b])
        bad = [p for p in problems if p.row in group_rows]
        nbad = len({p.row for p in bad})
        out.append(
            finding(
                doc,
                f"Quotes from {doc} are found word for word in it",
                f"{n} of {n} found",
                f"{n - nbad} of {n} found",
                nbad,
                not bad,
                ids[a:b],
                "; ".join(str(p) for p in bad) or f"All {n} quotes found in {doc}.",
            )
        )
    return out


def numbers_accounted_for(f, pkg, check):
    """One finding per held document: every number printed in it is a figure, a period, or excluded."""
    cov = provenance.number_coverage(f, pkg.frames["reports"], pkg.frames["not_figures"], pkg.texts)
    out = []
    cov = cov.iloc[np.argsort(cov["document_id"].to_numpy(dtype=str), kind="stable")]
    docs, tokens, contexts, by = (
        cov[c].tolist() for c in ("document_id", "token", "context", "accounted_for_by")
    )
    for a, b in _runs(docs):
        doc, n = docs[a], b - a
        missing = [k for k in range(a, b) if by[k] == ""]
        excluded = sum(1 for k in range(a, b) if by[k].startswith("not a figure"))
        out.append(
            finding(
                doc,
                f"Every number printed in {doc} is accounted for",
                f"{n} of {n}",
                f"{n - len(missing)} of {n}",
                len(missing),
                not missing,
                [],
                "Not accounted for: " + "; ".join(f"{tokens[k]} (…{contexts[k]}…)" for k in missing)
                if missing
                else f"{n} numbers: {n - excluded} in figures or their periods, {excluded} listed as not a figure.",
            )
        )
    return out


# -- one figure, several statements --------------------------------------------------------------


def _lower(s: pl.Series) -> pl.Series:
    return per_value(s, str.lower, nulls=False)


def restated_values_agree(f, pkg, check):
    """One finding per thing stated more than once (same subject_key), in order of first statement: the
    reference is the report's own carrier (else the first statement), and every value given is listed
    with who gives it. A range agrees only with the same range: 1,150–1,200 against 1,200 disagrees,
    by 50 (the difference is the largest gap between their ends)."""
    ids = _statement_ids(f)
    sub = f.filter(pl.Series((np.bincount(ids)[ids] > 1) & (ids > 0)))
    if sub.is_empty():
        return []
    sub = (
        _with_ends(sub)
        .select(
            "subject_key",
            "figure_id",
            "lo",
            "hi",
            "carried_by",
            "locator",
            "evidence",
            "is_primary",
            "report_id",
            "metric_label",
            "governorate_pcode",
            "breakdown",
            "geography_as_written",
            "interpretation",
        )
        .with_row_index("i")
    )
    groups = _group(
        sub,
        "subject_key",
        {"figure_ids": (pl.col("figure_id"), "; "), "evidence": (pl.col("evidence"), " | ")},
        ref=pl.coalesce(pl.col("i").filter(pl.col("is_primary")).first(), pl.col("i").first()),
    )
    R = sub[groups["ref"]]
    sub = sub.with_columns(
        **{
            f"r{end}": pl.col("subject_key").replace_strict(
                groups["subject_key"], R[end], return_dtype=pl.Int64, default=None
            )
            for end in ("lo", "hi")
        }
    )
    given = sub.filter(pl.col("lo").is_not_null() & pl.col("hi").is_not_null())
    values = _group(
        given,
        ["subject_key", "lo", "hi"],
        {"who": (pl.concat_str([pl.col("carried_by"), pl.lit(" "), pl.col("locator")]), ", ")},
    )
    values = values.with_columns(
        text=pl.concat_str(
            [amounts(values["lo"], values["hi"]), pl.lit(" ("), pl.col("who"), pl.lit(")")]
        )
    )
    per_group = _group(
        values, "subject_key", {"observed": (pl.col("text"), "; ")}, nvalues=pl.len()
    )
    differs = pl.col("rlo").is_not_null() & (
        (pl.col("lo") != pl.col("rlo")) | (pl.col("hi") != pl.col("rhi"))
    )
    dev = _group(
        given,
        "subject_key",
        {"blamed": (pl.col("figure_id").filter(differs), "; ")},
        maxdev=pl.max_horizontal(
            (pl.col("lo") - pl.col("rlo")).abs(), (pl.col("hi") - pl.col("rhi")).abs()
        ).max(),
    )
    g = (
        groups.with_columns(rlo=R["lo"])
        .join(per_group, on="subject_key", how="left", maintain_order="left")
        .join(dev, on="subject_key", how="left", maintain_order="left")
    )
    label, rid = _lower(R["metric_label"]), R["report_id"]
    place = _with_part_label(pkg, R)
    return findings(
        g.select(
            subject=pl.concat_str([rid, pl.lit(": "), label, place]),
            statement=pl.concat_str(
                [
                    pl.lit("Every statement of "),
                    rid,
                    pl.lit("'s "),
                    label,
                    pl.lit(" gives the same number"),
                ]
            ),
            expected=pl.concat_str(
                [amounts(R["lo"], R["hi"]), pl.lit(" (as "), R["carried_by"], pl.lit(" gives it)")]
            ),
            observed=pl.col("observed").fill_null(""),
            difference=pl.when(pl.col("rlo").is_not_null()).then(pl.col("maxdev")),
            ok=pl.col("nvalues").fill_null(0) == 1,
            figure_ids="figure_ids",
            evidence="evidence",
            blamed=pl.col("blamed").fill_null(""),
        )
    )


# -- parts and wholes ----------------------------------------------------------------------------


def parts_sum_to_total(f, pkg, check):
    """One finding per (report, metric) with at least two parts and a total, in order of report and
    metric: the parts (governorates, or the groups of check["dimension"]) add up to the total. With a
    range among them, the parts' sum is a range too, and they add up when it meets the total's."""
    dim = check["dimension"]
    totals_of = f
    f = _statements(f)
    if dim == "governorate":
        part = pl.col("governorate_pcode").is_not_null() & pl.col("breakdown").is_null()
    else:
        part = (
            pl.col("breakdown").str.starts_with(dim + ":").fill_null(False)
            & pl.col("governorate_pcode").is_null()
        )
    P = _with_ends(f.filter(part))
    if P.is_empty():
        return []
    interp = (
        (
            P["governorate_pcode"].is_not_null()
            & ~_spelled(pkg, P["geography_as_written"], P["governorate_pcode"])
        )
        if dim == "governorate"
        else pl.Series([False] * len(P))
    )
    P = P.with_columns(
        term=pl.concat_str([_part_labels(pkg, P), pl.lit(" "), amounts(P["lo"], P["hi"])]),
        interp=interp,
    )
    ends = {end: pl.col(end).fill_null(0) for end in ("lo", "hi")}
    sums = {
        **{f"s{end}": e.sum() for end, e in ends.items()},
        **{f"i{end}": e.filter(pl.col("interp")).sum() for end, e in ends.items()},
    }
    G = _group(
        P,
        ["report_id", "metric"],
        {"terms": (pl.col("term"), " + "), "ids": (pl.col("figure_id"), "; ")},
        n=pl.len(),
        **sums,
        anyi=pl.col("interp").any(),
    )
    T = (
        G.filter(pl.col("n") >= 2)
        .sort("report_id", "metric")
        .join(_totals(totals_of), on=["report_id", "metric"], how="inner", maintain_order="left")
    )
    if T.is_empty():
        return []
    words = effective.dimension_words(pkg, dim)
    label, snum, tnum = (
        _lower(T["metric_label"]),
        amounts(T["slo"], T["shi"]),
        amounts(T["lo"], T["hi"]),
    )
    without = amounts(T["slo"] - T["ilo"], T["shi"] - T["ihi"])
    note = (
        pl.when(T["anyi"])
        .then(
            pl.concat_str(
                [
                    pl.lit(" Without the part(s) read by interpretation the sum is "),
                    without,
                    pl.lit("."),
                ]
            )
        )
        .otherwise(pl.lit(""))
    )
    gap = _gap(pl.col("slo"), pl.col("shi"), pl.col("lo"), pl.col("hi"))
    return findings(
        T.select(
            subject=pl.concat_str(
                [pl.col("report_id"), pl.lit(": "), label, pl.lit(f" by {words}")]
            ),
            statement=pl.concat_str(
                [
                    pl.col("report_id"),
                    pl.lit("'s "),
                    label,
                    pl.lit(f" by {words} add up to its total"),
                ]
            ),
            expected=tnum,
            observed=snum,
            difference=gap,
            ok=gap == 0,
            figure_ids=pl.concat_str([pl.col("figure_id"), pl.lit("; "), pl.col("ids")]),
            evidence=pl.concat_str(
                [pl.col("terms"), pl.lit(" = "), snum, pl.lit("; total "), tnum, pl.lit("."), note]
            ),
        )
    )


def subset_within_total(f, pkg, check):
    """For each whole (in file order): one finding per subset of it (children within civilians; in file
    order), then, if it has several, one for the subsets together. With ranges, a subset exceeds its
    whole only if its low is above the whole's high (expected: "at most" the whole as given)."""
    f = _with_ends(_statements(f))
    subsets = f.filter(pl.col("subset_of").is_not_null())
    wholes = f.filter(pl.col("metric").is_in(subsets["subset_of"].unique().implode()))
    if wholes.is_empty() or subsets.is_empty():
        return []
    key = [
        "report_id",
        "governorate_pcode",
        "breakdown",
    ]  # and the metric: the whole's own, the subset's subset_of
    W0 = wholes.select(*key, "metric").with_row_index("pos_w")
    P0 = subsets.select(*key, pl.col("subset_of").alias("metric")).with_row_index("pos_p")
    M = (
        W0.join(P0, on=[*key, "metric"], nulls_equal=True)
        .select("pos_w", "pos_p")
        .sort("pos_w", "pos_p")
    )
    if M.is_empty():
        return []
    used = M["pos_w"].unique(maintain_order=True)  # each whole once, however many subsets it has
    U = wholes[used]
    labels = _with_part_label(pkg, U)
    W = U.select(
        "report_id", "metric_label", "lo", "hi", "figure_id", "evidence", "breakdown", place=labels
    )[M["pos_w"].rank("dense") - 1]
    P = subsets.select("metric_label", "lo", "hi", "figure_id", "evidence")[M["pos_p"]]
    wlabel = _lower(W["metric_label"])
    place = W["place"]
    whole = amounts(W["lo"], W["hi"])
    at_most = per_value(whole, lambda v: f"at most {v}")
    pairs = pl.DataFrame(
        {
            "pos_w": M["pos_w"],
            "after": 0,
            "report_id": W["report_id"],
            "plabel": P["metric_label"],
            "wlabel": wlabel,
            "place": place,
            "at_most": at_most,
            "wlo": W["lo"],
            "whi": W["hi"],
            "whole": whole,
            "plo": P["lo"],
            "phi": P["hi"],
            "wid": W["figure_id"],
            "pid": P["figure_id"],
            "pev": P["evidence"],
            "wev": W["evidence"],
            "breakdown": W["breakdown"],
            "plower": _lower(P["metric_label"]),
            "pvnum": amounts(P["lo"], P["hi"]),
        }
    )
    gap = _gap(pl.col("plo"), pl.col("phi"), pl.col("wlo"), pl.col("whi"))
    out = pairs.select(
        "pos_w",
        "after",
        subject=pl.concat_str(
            [
                pl.col("report_id"),
                pl.lit(": "),
                pl.col("plower"),
                pl.lit(" within "),
                pl.col("wlabel"),
                pl.col("place"),
            ]
        ),
        statement=pl.concat_str([pl.col("plabel"), pl.lit(" are no more than "), pl.col("wlabel")]),
        expected="at_most",
        observed="pvnum",
        difference=gap,
        ok=gap <= 0,
        figure_ids=pl.concat_str([pl.col("pid"), pl.lit("; "), pl.col("wid")]),
        evidence=pl.concat_str([pl.col("pev"), pl.lit(" | "), pl.col("wev")]),
    )
    # several subsets of one whole: together no more than the whole
    together = _group(
        pairs,
        "pos_w",
        {
            "names": (pl.col("plower"), " and "),
            "plus": (pl.col("pvnum"), " + "),
            "pids": (pl.col("pid"), "; "),
        },
        n=pl.len(),
        plo=pl.col("plo").sum(),
        phi=pl.col("phi").sum(),
        **{
            c: pl.col(c).first()
            for c in (
                "report_id",
                "wlabel",
                "place",
                "at_most",
                "wlo",
                "whi",
                "whole",
                "wid",
                "breakdown",
            )
        },
    ).filter(pl.col("n") > 1)
    if not together.is_empty():
        snum = amounts(together["plo"], together["phi"])
        out = pl.concat(
            [
                out,
                together.select(
                    "pos_w",
                    after=pl.lit(1),
                    subject=pl.concat_str(
                        [
                            pl.col("report_id"),
                            pl.lit(": "),
                            pl.col("names"),
                            pl.lit(" together"),
                            pl.when(pl.col("breakdown").is_not_null())
                            .then(pl.col("place"))
                            .otherwise(pl.lit("")),
                        ]
                    ),
                    statement=pl.concat_str(
                        [
                            per_value(together["names"], str.capitalize),
                            pl.lit(" together are no more than "),
                            pl.col("wlabel"),
                        ]
                    ),
                    expected="at_most",
                    observed=snum,
                    difference=gap,
                    ok=gap <= 0,
                    figure_ids=pl.concat_str([pl.col("pids"), pl.lit("; "), pl.col("wid")]),
                    evidence=pl.concat_str(
                        [pl.col("plus"), pl.lit(" = "), snum, pl.lit(" of "), pl.col("whole")]
                    ),
                ),
            ],
            how="vertical_relaxed",
        )
    return findings(out.sort("pos_w", "after", maintain_order=True))


def place_name_matches_pcode(f, pkg, check):
    """One finding per figure placed in a governorate, in file order: the place as the source writes it is
    a known spelling of that governorate; a reading by recorded interpretation is a warning."""
    r = f.select(
        "governorate_pcode", "geography_as_written", "interpretation", "figure_id", "evidence"
    ).filter(pl.col("governorate_pcode").is_not_null())
    if r.is_empty():
        return []
    names = _names(pkg)
    pc = r["governorate_pcode"]
    name = pc.replace(list(names), list(names.values()))
    shown = r["geography_as_written"].fill_null("<NA>")
    ok = _spelled(pkg, r["geography_as_written"], pc)
    interp = r["interpretation"].is_not_null()
    tail = (
        pl.when(ok)
        .then(pl.lit(""))
        .when(interp)
        .then(pl.concat_str([pl.lit(" | Interpretation: "), r["interpretation"]]))
        .otherwise(pl.lit(" | No interpretation recorded."))
    )
    out = findings(
        r.select(
            subject="figure_id",
            statement=pl.concat_str(
                [
                    pl.lit("“"),
                    shown,
                    pl.lit("” is a spelling of "),
                    name,
                    pl.lit(" ("),
                    pc,
                    pl.lit(")"),
                ]
            ),
            expected=pl.concat_str([pl.lit("a spelling of "), name]),
            observed=pl.concat_str([pl.lit("“"), shown, pl.lit("”")]),
            difference=pl.lit(None, dtype=pl.Int64),
            ok=ok,
            figure_ids="figure_id",
            evidence=pl.concat_str([pl.col("evidence"), tail]),
        )
    )
    return out.with_columns(
        status=pl.when(~ok & interp).then(pl.lit("warning")).otherwise(pl.col("status"))
    )


# -- running series ------------------------------------------------------------------------------


def releases_of(f: pl.DataFrame) -> pl.DataFrame:
    """The issuer's own points of each series: not news articles' claims, and from the report's own
    carrier; by date (unknown dates last), then file order."""
    return _memo(f, "releases", _releases_of)


def _releases_of(f: pl.DataFrame) -> pl.DataFrame:
    points = f.filter(
        pl.col("series").is_not_null()
        & (pl.col("report_kind") != "news_article")
        & pl.col("is_primary")
    )
    return one_per_statement(points).sort("as_of", "row", nulls_last=True)


def _positions_by(df: pl.DataFrame, cols: list[str]) -> dict:
    """key tuple -> positions (in df order) of the rows with that key; rows with a missing key left out."""
    out: dict = {}
    for k, key in enumerate(zip(*(df[c].to_list() for c in cols))):
        if None not in key:
            out.setdefault(key, []).append(k)
    return out


def _lists(df: pl.DataFrame, cols) -> dict[str, list]:
    return {c: df[c].to_list() for c in cols}


def cumulative_never_falls(f, pkg, check):
    """Per series, metric and place with two releases or more (not increments), in that order: one finding
    that the releases, in date order, never fall; then one per other figure of the series (in file order)
    that a later release falls below. A range is read so that a fall is certain, never merely possible:
    a release falls when even its high is below the highest low before it, and another figure is
    contradicted when even its low is above a later release's high (the difference is that certain
    fall). After a release whose count is unknown, the next release has nothing to be compared with."""
    key = ["series", "metric", "eff_geography"]
    rel = (
        _with_ends(releases_of(f))
        .select(
            *key,
            "lo",
            "hi",
            "as_of",
            "as_of_label",
            "figure_id",
            "report_id",
            "evidence",
            "increment_of",
            "metric_label",
        )
        .with_row_index("j")
        .drop_nulls(key)
    )
    rel = rel.with_columns(
        n=pl.len().over(key), incs=pl.col("increment_of").is_not_null().any().over(key)
    ).filter((pl.col("n") >= 2) & ~pl.col("incs"))
    if rel.is_empty():
        return []
    rel = rel.with_columns(
        prev=pl.col("lo").cum_max().shift(1).over(key)
    )  # the highest before, unknown right after an unknown
    rel = rel.with_columns(
        fall=pl.when(pl.col("hi") < pl.col("prev")).then(pl.col("hi") - pl.col("prev")),
        step=pl.concat_str(
            [amounts(rel["lo"], rel["hi"]), pl.lit(" ("), pl.col("as_of_label"), pl.lit(")")]
        ),
        cited=pl.concat_str([pl.col("report_id"), pl.lit(": "), pl.col("evidence")]),
    )
    groups = (
        _group(
            rel,
            key,
            {
                "observed": (pl.col("step"), " → "),
                "figure_ids": (pl.col("figure_id"), "; "),
                "evidence": (pl.col("cited"), "; "),
            },
            label=pl.col("metric_label").first(),
            worst=pl.col("fall").min(),
        )
        .sort(key)
        .with_row_index("g")
    )
    label = _lower(groups["label"])
    out = groups.select(
        "g",
        after=pl.lit(0, dtype=pl.UInt32),
        subject=pl.concat_str([pl.col("series"), pl.lit(": "), label]),
        statement=pl.concat_str(
            [
                pl.col("series"),
                pl.lit("'s "),
                label,
                pl.lit(" never falls from one release to the next"),
            ]
        ),
        expected=pl.lit("each release at least the one before"),
        observed="observed",
        difference=pl.col("worst").fill_null(0),
        ok=pl.col("worst").is_null(),
        figure_ids="figure_ids",
        evidence="evidence",
        blamed="figure_ids",
    )
    # another figure of the series that a later release falls below
    cand = (
        _with_ends(
            f.filter(
                pl.col("series").is_not_null()
                & (pl.col("report_kind") != "news_article").fill_null(True)
            )
        )
        .select(*key, "lo", "hi", "as_of", "figure_id", "carried_by", "report_id", "evidence")
        .with_row_index("r")
        .drop_nulls([*key, "lo", "as_of"])
        .join(rel.select(*key, "figure_id"), on=[*key, "figure_id"], how="anti")
    )
    known = rel.drop_nulls(["as_of", "hi"]).select(*key, "j", a_as_of="as_of", a_hi="hi")
    hit = (
        cand.join(known, on=key)
        .filter((pl.col("a_as_of") > pl.col("as_of")) & (pl.col("a_hi") < pl.col("lo")))
        .group_by("r")
        .agg(j=pl.col("j").min())
    )  # the first such release, in date order
    c = cand.join(hit, on="r").join(groups.select(*key, "g"), on=key).sort("r")
    if not c.is_empty():
        A = rel.join(c.select("j", "r"), on="j").sort(
            "r"
        )  # the release each one is measured against
        rv, av = amounts(c["lo"], c["hi"]), amounts(A["lo"], A["hi"])
        out = pl.concat(
            [
                out,
                c.select(
                    "g",
                    after=pl.col("r") + 1,
                    subject="figure_id",
                    statement=pl.concat_str(
                        [
                            pl.col("carried_by"),
                            pl.lit("'s "),
                            rv,
                            pl.lit(" for "),
                            pl.col("report_id"),
                            pl.lit(" fits the series"),
                        ]
                    ),
                    expected=pl.concat_str(
                        [
                            pl.lit("no more than the later "),
                            av,
                            pl.lit(" ("),
                            A["report_id"],
                            pl.lit(", "),
                            A["as_of_label"],
                            pl.lit(")"),
                        ]
                    ),
                    observed=rv,
                    difference=pl.col("lo") - A["hi"],
                    ok=pl.lit(False),
                    figure_ids=pl.concat_str([pl.col("figure_id"), A["figure_id"]], separator="; "),
                    evidence=pl.concat_str(
                        [
                            pl.lit("If "),
                            rv,
                            pl.lit(" were right, the running total would later fall to "),
                            av,
                            pl.lit(". | "),
                            pl.col("evidence"),
                            pl.lit(" | "),
                            A["evidence"],
                        ]
                    ),
                    blamed="figure_id",
                ),
            ],
            how="vertical_relaxed",
        )
    return findings(out.sort("g", "after"))


def series_claim_matches_release(f, pkg, check):
    """One finding per news article's figure for a running series (in file order) that the series has
    releases for, of the same metric and place: the figure is one the issuer released. A claimed range
    matches a release that lies within it; a release given as a range is matched only by a claim whose
    range holds all of it, never by one number inside it (the article did not print what was released).
    The difference is how far the nearest release reaches outside the claim; the evidence names the
    nearest release on either side and the last ones published by the claim's date."""
    out = []
    rel = releases_of(f)
    claims = f.filter(
        pl.col("series").is_not_null() & (pl.col("report_kind") == "news_article").fill_null(False)
    )
    if claims.is_empty():
        return out
    # only the releases and the stated rises that some claim is set against, in their own order
    by = ["series", "metric", "eff_geography"]
    rel = rel.join(claims.select(by).unique(), on=by, how="semi", maintain_order="left")
    groups = _positions_by(rel, by)
    R = _lists(_with_ends(rel), ["lo", "hi", "report_id", "as_of_label", "figure_id"])
    R["pub"] = periods.bound(rel["report_published"], "last").to_list()
    incs = f.filter(pl.col("increment_of").is_not_null() & pl.col("series").is_not_null()).join(
        claims.select(pl.col("metric").alias("increment_of"), "series").unique(),
        on=["increment_of", "series"],
        how="semi",
        maintain_order="left",
    )
    inc_by = _positions_by(incs, ["increment_of", "series"])
    I = _lists(_with_ends(incs), ["report_id", "lo", "hi"])
    C = _lists(
        _with_ends(claims),
        [
            "lo",
            "hi",
            "as_of",
            "figure_id",
            "carried_by",
            "series",
            "metric",
            "eff_geography",
            "evidence",
        ],
    )
    for k in range(len(claims)):
        key = (C["series"][k], C["metric"][k], C["eff_geography"][k])
        g = groups.get(key, []) if key[2] is not None else []
        if not g:
            continue
        c_lo, c_hi, ca = C["lo"][k], C["hi"][k], C["as_of"][k]
        claimed = c_lo is not None and c_hi is not None
        known = (
            [j for j in g if R["lo"][j] is not None and R["hi"][j] is not None] if claimed else []
        )  # an unknown count matches nothing
        below = [j for j in known if R["hi"][j] < c_lo]
        above = [j for j in known if R["lo"][j] > c_hi]
        match = [j for j in known if c_lo <= R["lo"][j] and R["hi"][j] <= c_hi]
        overlap = [
            j for j in known if j not in below and j not in above and j not in match
        ]  # only where a range is involved
        top = max((R["hi"][j] for j in below), default=None)
        low = min((R["lo"][j] for j in above), default=None)
        # the nearest release on each side; of equal ones, the later-listed below and the earlier above
        below = [j for j in below if R["hi"][j] == top][-1:]
        above = [j for j in above if R["lo"][j] == low][:1]
        dated = [j for j in g if R["pub"][j] is not None and ca is not None and R["pub"][j] <= ca]
        before = sorted(dated, key=lambda j: R["pub"][j])[-2:]

        def desc(rows):
            return (
                ", ".join(
                    f"{amount(R['lo'][j], R['hi'][j])} ({R['report_id'][j]}, {R['as_of_label'][j]})"
                    for j in rows
                )
                or "none"
            )

        evidence = (
            f"Nearest released values: {desc(below)} below, {desc(above)} above. "
            + (f"Overlapping it but not within it: {desc(overlap)}. " if overlap else "")
            + f"Last releases published by {day(ca)}: {desc(before)}."
        )
        for i in inc_by.get((C["metric"][k], C["series"][k]), []):
            tot = [j for j in g if R["report_id"][j] == I["report_id"][i]]
            if tot:
                t, iv = (R["lo"][tot[0]], R["hi"][tot[0]]), (I["lo"][i], I["hi"][i])
                rest = amount(*_minus(t, iv)) if None not in (*t, *iv) else amount(None, None)
                evidence += f" {I['report_id'][i]} says {amount(*iv)} more than before: {amount(*t)} − {amount(*iv)} = {rest}."
        evidence += f" | {C['evidence'][k]}"
        gap = (
            0
            if match
            else (
                int(min(max(c_lo - R["lo"][j], R["hi"][j] - c_hi) for j in known))
                if known
                else None
            )
        )
        claim = amount(c_lo, c_hi)
        out.append(
            finding(
                C["figure_id"][k],
                f"{C['carried_by'][k]}'s {claim} matches a figure {C['series'][k]} released",
                "a released value",
                claim + (f" = {R['report_id'][match[0]]}" if match else " (no release)"),
                gap,
                bool(match),
                [C["figure_id"][k], *(R["figure_id"][j] for j in match)],
                evidence,
                blamed=[C["figure_id"][k]],
            )
        )
    return out


def increment_matches_difference(f, pkg, check):
    """One finding per stated rise ("53 more"), in file order, whose own release and an earlier-dated
    release of the same series are known: the rise equals the release's total minus the latest earlier one.
    With a range among the three, the change is a range too, and the rise matches when the two meet."""
    grp = ["series", "metric", "eff_geography"]
    rel = (
        _with_ends(releases_of(f))
        .select(*grp, "report_id", "as_of", "lo", "hi", "figure_id", "evidence")
        .with_row_index("j")
    )
    incs = (
        _with_ends(f.filter(pl.col("increment_of").is_not_null()))
        .select(
            "series",
            pl.col("increment_of").alias("metric"),
            "eff_geography",
            "report_id",
            "lo",
            "hi",
            "figure_id",
            "evidence",
        )
        .with_row_index("k")
        .drop_nulls(grp)
    )
    own = rel.group_by(*grp, "report_id").agg(
        t=pl.col("j").min()
    )  # the rise's own release (the first, in date order)
    x = incs.join(own, on=[*grp, "report_id"], how="inner")
    earlier = (
        x.select("k", "t", *grp)
        .join(rel.select(*grp, "j", "as_of"), on=grp)
        .join(rel.select(t="j", t_as_of="as_of"), on="t")
        .filter(pl.col("as_of") < pl.col("t_as_of"))  # an unknown date is never earlier
        .group_by("k")
        .agg(p=pl.col("j").max())
    )  # the latest of them
    x = x.join(earlier, on="k", how="inner").sort("k")
    if x.is_empty():
        return []
    T, P = rel[x["t"]], rel[x["p"]]
    d_lo, d_hi = _minus((T["lo"], T["hi"]), (P["lo"], P["hi"]))
    gap = _gap(pl.col("lo"), pl.col("hi"), d_lo, d_hi)
    return findings(
        x.select(
            subject="figure_id",
            statement=pl.concat_str(
                [
                    pl.col("report_id"),
                    pl.lit("'s stated rise equals the change since "),
                    P["report_id"],
                ]
            ),
            expected=pl.concat_str(
                [
                    amounts(T["lo"], T["hi"]),
                    pl.lit(" − "),
                    amounts(P["lo"], P["hi"]),
                    pl.lit(" = "),
                    amounts(d_lo, d_hi),
                ]
            ),
            observed=amounts(x["lo"], x["hi"]),
            difference=gap,
            ok=(gap == 0).fill_null(False),
            figure_ids=pl.concat_str(
                [pl.col("figure_id"), T["figure_id"], P["figure_id"]], separator="; "
            ),
            evidence=pl.concat_str(
                [pl.col("evidence"), T["evidence"], P["evidence"]], separator=" | "
            ),
            blamed="figure_id",
        )
    )


def mixed_periods_in_carrier(f, pkg, check):
    """Two metrics of one series set side by side must share a data-through date, or any rate made
    from them pairs different releases (the article's 1,114 deaths beside 28,562 strikes). One finding
    per carrier and series with two metrics or more, in order of carrier and series."""
    key = ["carried_by", "series"]
    s = f.select(
        *key,
        "increment_of",
        "metric",
        "as_of",
        "as_of_label",
        "metric_label",
        "figure_id",
        "evidence",
    ).filter(
        pl.col("series").is_not_null()
        & pl.col("increment_of").is_null()
        & pl.col("carried_by").is_not_null()
        & pl.col("metric").is_not_null()
    )
    per_metric = _group(
        s.with_columns(label=_lower(s["metric_label"])),
        [*key, "metric"],
        {},
        label=pl.col("label").first(),
        spans=pl.col("as_of_label").unique().sort().str.join(", "),
    )
    # a date every metric of the group has: some day counted once per metric, as often as there are metrics
    per_day = (
        s.filter(pl.col("as_of").is_not_null())
        .unique([*key, "metric", "as_of"])
        .group_by(*key, "as_of")
        .len()
    )
    groups = _group(
        per_metric.sort(*key, "metric"),
        key,
        {"observed": (pl.concat_str([pl.col("label"), pl.lit(": "), pl.col("spans")]), "; ")},
        metrics=pl.len(),
    ).filter(pl.col("metrics") >= 2)
    if groups.is_empty():
        return []
    shared = per_day.group_by(key).agg(most=pl.col("len").max())
    rows = _group(
        s, key, {"figure_ids": (pl.col("figure_id"), "; "), "evidence": (pl.col("evidence"), " | ")}
    )
    g = (
        groups.sort(key)
        .join(shared, on=key, how="left", maintain_order="left")
        .join(rows, on=key, how="left", maintain_order="left")
        .with_columns(ok=(pl.col("most") == pl.col("metrics")).fill_null(False))
    )
    return findings(
        g.select(
            subject=pl.concat_str([pl.col("carried_by"), pl.lit(": "), pl.col("series")]),
            statement=pl.concat_str(
                [
                    pl.lit("The "),
                    pl.col("series"),
                    pl.lit(" figures "),
                    pl.col("carried_by"),
                    pl.lit(" sets side by side share a data-through date"),
                ]
            ),
            expected=pl.lit("a shared data-through date"),
            observed="observed",
            difference=pl.lit(None, dtype=pl.Int64),
            ok="ok",
            figure_ids="figure_ids",
            evidence=pl.concat_str(
                [
                    pl.when(pl.col("ok"))
                    .then(pl.lit(""))
                    .otherwise(
                        pl.lit(
                            "A rate such as deaths per strike must pair figures of the same release. "
                        )
                    ),
                    pl.col("evidence"),
                ]
            ),
        )
    )


def ratio_shown(a: tuple, b: tuple) -> str:
    """a / b for counts given as (low, high), as a reader reads it: "2,832 / 1,114 = 2.54"; with a range,
    the least and the most it can be ("1,150–1,200 / 1,114 = 1.03–1.08"); when the denominator may be 0,
    only the least ("… = 1.2 or more"); when it can only be 0, undefined."""
    terms = f"{amount(*a)} / {amount(*b)} = "
    if None in (*a, *b):
        return terms + "n/a"
    bounds = effective.ratio_bounds(a, b)
    if bounds is None:
        return terms + "undefined (the denominator is 0)"
    least, most = (None if r is None else f"{r:.3g}" for r in bounds)
    if most is None:
        return terms + f"{least} or more (the denominator may be 0)"
    return terms + (least if least == most else f"{least}{RANGE_DASH}{most}")


def comparable_coverage(f, pkg, check):
    """One finding per row of comparisons.csv whose two figures are both among f, in file order: the
    ratio (a range when a term is a range), and whether the two cover the same places and period."""
    out = []
    comparisons = pkg.frames["comparisons"]
    wanted = _with_ends(f).filter(
        pl.col("figure_id").is_in(
            pl.concat([comparisons["numerator"], comparisons["denominator"]]).unique().implode()
        )
    )
    by_id = {r["figure_id"]: r for r in wanted.iter_rows(named=True)}
    for c in comparisons.iter_rows(named=True):
        if c["numerator"] not in by_id or c["denominator"] not in by_id:
            continue
        a, b = by_id[c["numerator"]], by_id[c["denominator"]]
        mism = coverage_mismatches(a, b)
        shown = ratio_shown((a["lo"], a["hi"]), (b["lo"], b["hi"]))
        out.append(
            finding(
                c["comparison_id"],
                c["label"],
                "the same places and period",
                shown + ("; " + "; ".join(mism) if mism else "; like for like"),
                None,
                not mism,
                [c["numerator"], c["denominator"]],
                f"{a['evidence']} | {b['evidence']}",
            )
        )
    return out


RULES = {
    name: obj
    for name, obj in globals().items()
    if callable(obj)
    and name
    in {
        "quote_in_source",
        "numbers_accounted_for",
        "restated_values_agree",
        "parts_sum_to_total",
        "subset_within_total",
        "place_name_matches_pcode",
        "cumulative_never_falls",
        "series_claim_matches_release",
        "increment_matches_difference",
        "mixed_periods_in_carrier",
        "comparable_coverage",
    }
}
