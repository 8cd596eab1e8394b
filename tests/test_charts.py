"""Chart wording: what a reader sees in a legend, title and subtitle, checked on the chart objects
(the SVG files draw text as paths, so their words cannot be searched)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.text
import pandas as pd
import polars as pl
import pytest

from helpers import formatting
from helpers.checks import effective
from helpers.data import load
from helpers.errors import DataError
from helpers.present import charts, views


def _administrations(pkg):
    fx = effective.effective_figures(pkg)
    return fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]


def test_a_group_is_labelled_the_same_in_charts_and_findings(pkg):
    """effective.group_words names a breakdown's group, as groups.csv declares it, for both the
    chart's bars and S-ADMINISTRATIONS' terms."""
    from helpers.checks import crosscheck as checks

    part = _administrations(pkg)
    groups = pkg.frames["groups"].filter(pl.col("dimension") == "us_administration")
    declared = dict(zip(groups["group"], groups["label"], strict=True))
    assert {effective.group_words(pkg, b) for b in part["breakdown"]} == {
        declared[b.split(":", 1)[1]] for b in part["breakdown"]
    }
    bars = set(
        charts.breakdown_bars(part, pkg, "us_administration", "test").data["us_administration"]
    )
    res = checks.run_checks(pkg)
    evidence = " ".join(res.loc[res["check_id"] == "S-ADMINISTRATIONS", "evidence"])
    assert bars == set(declared.values()) and all(f"{b} " in evidence for b in bars), (
        bars,
        evidence,
    )


ZZ = "zz_test_dimension"
ZZ_GROUPS = {  # group: (label, phrase), never real
    "zz-test-one": ("zz first label", "within the zz first phrase"),
    "zz_test_two": ("zz second label", "within the zz second phrase"),
}


@pytest.fixture
def zz_groups(data_copy):
    """A copy whose SNHR figures by administration are by a dimension and groups that can never
    be real, declared in the copy: the Obama figures in zz-test-one, the Trump ones in
    zz_test_two."""
    data_copy.append(
        "dimensions", dimension=ZZ, label="zz test dimension", description="zz-test: never real."
    )
    for group, (label, phrase) in ZZ_GROUPS.items():
        data_copy.append(
            "groups",
            dimension=ZZ,
            group=group,
            label=label,
            phrase=phrase,
            description="zz-test: never real.",
        )
    moved = {}
    for row in data_copy.rows("figures"):
        old = row["breakdown"]
        if old.startswith("us_administration:"):
            group = "zz-test-one" if old.endswith(":obama") else "zz_test_two"
            data_copy.edit("figures", "figure_id", row["figure_id"], breakdown=f"{ZZ}:{group}")
            moved[row["figure_id"]] = group
    assert moved
    return load.load_package(data_copy.root), moved


def test_group_words_are_the_declared_words_never_the_code(zz_groups):
    """A group reads as groups.csv says, on its own (label) or after a count (phrase), and a
    group groups.csv does not declare is a KeyError, never its code title-cased."""
    pkg, _ = zz_groups
    for group, (label, phrase) in ZZ_GROUPS.items():
        assert effective.group_words(pkg, f"{ZZ}:{group}") == label
        assert effective.group_words(pkg, f"{ZZ}:{group}", phrase=True) == phrase
        assert effective.group_words(pkg, f"{ZZ}:{group}", first_capital=True) == (
            label[:1].upper() + label[1:]
        )
    with pytest.raises(KeyError, match="zz-test-undeclared"):
        effective.group_words(pkg, f"{ZZ}:zz-test-undeclared")


def test_every_page_element_words_a_group_as_declared(zz_groups):
    """The chart by the dimension (legend, title, data), the figures' table, the findings'
    statements and sums: each group in its declared words, no code and no title-cased code."""
    from helpers.checks import crosscheck as checks
    from helpers.present import views

    pkg, moved = zz_groups
    codes = [*ZZ_GROUPS, ZZ, "Zz-Test-One", "Zz Test Two", "Zz Test Dimension"]
    chart = next(
        c for c in views.report_charts(pkg, "snhr-2018-09") if c.name.endswith("zz-test-dimension")
    )
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert legend == [label[:1].upper() + label[1:] for label, _ in ZZ_GROUPS.values()]
    fx = effective.effective_figures(pkg)
    civilians = fx[fx["figure_id"].isin(moved) & (fx["metric"] == "civilians_killed")]
    by_group = dict(
        zip(civilians["breakdown"].str.split(":").str[1], civilians["value"], strict=True)
    )
    hi, lo = sorted(by_group, key=by_group.get, reverse=True)
    assert chart.title == (
        f"More civilians killed {ZZ_GROUPS[hi][1]} ({by_group[hi]:,.0f}) than "
        f"{ZZ_GROUPS[lo][1]} ({by_group[lo]:,.0f})"
    )
    assert set(chart.data[ZZ]) == {label for label, _ in ZZ_GROUPS.values()}

    table = views.figures_table(pkg, "snhr-2018-09")
    for figure_id, group in moved.items():
        (what,) = table.loc[table["figure id"] == figure_id, "what it counts"]
        assert f", {ZZ_GROUPS[group][1]}, " in what, what
    res = checks.run_checks(pkg)
    ours = " ".join(
        res[["statement", "expected", "observed", "evidence"]].astype(str).to_numpy().ravel()
    )
    assert f"({ZZ_GROUPS['zz-test-one'][1]})" in ours
    shown = " ".join([*legend, chart.title, chart.description, *table["what it counts"], ours])
    assert not [code for code in codes if code in shown]


def test_dimension_words_come_from_the_data(pkg, data_copy):
    """How a dimension is written is data (dimensions.csv), abbreviations included: a new dimension
    needs a row there, never code; a breakdown whose dimension is not declared is refused."""
    assert (
        effective.dimension_words(pkg, "us_administration", first_capital=True)
        == "US administration"
    )
    assert effective.dimension_words(pkg, "us_administration") == "US administration"
    assert effective.dimension_words(pkg, "governorate", first_capital=True) == "Governorate"
    data_copy.append(
        "dimensions",
        dimension="un_agency",
        label="UN agency",
        description="Which UN agency counted.",
    )
    data_copy.append(
        "groups",
        dimension="un_agency",
        group="ohchr",
        label="OHCHR",
        phrase="as OHCHR counts them",
        description="The UN human-rights office.",
    )
    data_copy.edit("figures", "figure_id", "vop-p11-obama-women", breakdown="un_agency:ohchr")
    other = load.load_package(data_copy.root)
    assert effective.dimension_words(other, "un_agency", first_capital=True) == "UN agency"
    data_copy.edit("figures", "figure_id", "vop-p11-obama-women", breakdown="age_group:adults")
    with pytest.raises(DataError) as err:
        load.load_package(data_copy.root)
    assert (
        "column \"breakdown\": the dimension 'age_group' is not in data/curated/dimensions.csv"
        in str(err.value)
    )


def test_the_administration_chart_names_the_us_administration_correctly():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    ax = chart.figure.axes[0]
    assert ax.get_legend().get_title().get_text() == "US administration"
    texts = [t.get_text() for t in chart.figure.texts]
    assert any(t.startswith("By US administration, Syria.") for t in texts), texts
    assert not any(
        "Us administration" in t or "us administration" in t for t in [*texts, ax.get_title()]
    )


def test_the_administration_check_names_the_us_administration_correctly():
    from helpers.checks import crosscheck as checks

    res = checks.run_checks(load.load_package())
    subjects = res.loc[res["check_id"] == "S-ADMINISTRATIONS", "subject"].tolist()
    assert subjects and all(s.endswith("by US administration") for s in subjects), subjects


def test_dollar_signs_in_labels_are_shown_as_written_not_as_mathematics():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ].copy()
    part["metric_label"] = part["metric_label"] + " (cost US$5 and $6)"
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    labels = [t for t in chart.figure.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert labels
    assert all(
        t._preprocess_math(t.get_text()) == (t.get_text(), False) for t in labels
    )  # False: not mathtext
    chart.svg()  # drawing (inside the style) keeps them plain
    ticks = [t for t in chart.figure.axes[0].get_xticklabels() if "$" in t.get_text()]
    assert ticks and all(t._preprocess_math(t.get_text())[1] is False for t in ticks)


def test_a_chart_describes_itself_in_words_for_its_alt_text():
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(
        part, pkg, "us_administration", "snhr-2018-09__by-us-administration"
    )
    trump, obama = (
        effective.group_words(pkg, f"us_administration:{g}", phrase=True)
        for g in ("trump", "obama")
    )
    assert chart.description == (
        f"More civilians killed {trump} (1,856) than {obama} (976). "
        "By US administration, Syria. Periods as the report divides them. "
        "Source: SNHR as carried by VOP Today News (paragraph 11). Chart: civcas-notebooks. "
        "Data: figures/snhr-2018-09__by-us-administration.csv."
    )
    _, meta = chart._repr_mimebundle_()
    assert meta["civcas"]["alt"] == chart.description


def test_the_house_style_is_in_force_while_a_chart_is_built():
    """matplotlib takes most settings when an axis or text is made: a chart built outside the style
    kept a full box and default colours although STYLE said otherwise."""
    pkg = load.load_package()
    fx = effective.effective_figures(pkg)
    part = fx[
        (fx["report_id"] == "snhr-2018-09")
        & fx["breakdown"].str.startswith("us_administration:").fillna(False)
    ]
    chart = charts.breakdown_bars(part, pkg, "us_administration", "test")
    ax = chart.figure.axes[0]
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_edgecolor()[:3] == (0.2, 0.2, 0.2)  # #333333
    chart.svg()  # and every text that shows anything, once drawn, is plain text (no mathtext)
    shown = [t for t in chart.figure.findobj(matplotlib.text.Text) if t.get_text()]
    assert len(shown) > 10 and not [t.get_text() for t in shown if t.get_parse_math()]


def _overlapping_labels(chart) -> list[tuple[str, str]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = chart.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    out = []
    for ax in fig.axes:
        boxes = [
            (t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()
        ]
        out += [
            (a, b)
            for k, (a, box) in enumerate(boxes)
            for b, other in boxes[k + 1 :]
            if box.overlaps(other)
        ]
    return out


def test_a_count_axis_never_goes_below_zero_when_no_value_does():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    values = [10, 2_000, 30_000]
    ax.plot([1, 2, 3], values, "o")
    ax.margins(y=0.25)
    charts._not_below_zero(ax)
    low, high = ax.get_ylim()
    assert low == 0 and high > max(values)
    negative = Figure().subplots()
    negative.plot([1, 2], [-5, 5], "o")
    negative.margins(y=0.25)
    charts._not_below_zero(negative)
    assert negative.get_ylim()[0] < -5


@pytest.fixture(scope="module")
def timelines(pkg) -> dict[str, charts.Chart]:
    """Each series' timeline of the real data, made once for the module's tests, which read its
    words and keys (none draws it)."""
    return {series: views.timeline(pkg, series) for series in views.series_list(pkg)}


def test_a_monitor_s_estimate_on_a_timeline_is_labelled_with_whose_it_is(pkg, timelines):
    """A monitor's estimate that a news page carries is labelled with the monitor and the page
    ("Airwars via AFP"), never with the page alone, which would read as the series' issuer's or
    the page's own figure."""
    figures = effective.effective_figures(pkg).set_index("figure_id")
    seen = 0
    for series, chart in timelines.items():
        texts = [t.get_text() for ax in chart.figure.axes for t in ax.texts]
        labelled = chart.data[
            (chart.data["labelled"].astype(str) == "True") & (chart.data["kind"] != "release")
        ]
        for figure_id in labelled["figure_id"]:
            figure = figures.loc[figure_id]
            issuer, carrier = (
                charts.short_name(figure["issuer"]),
                charts.short_name(figure["carrier_issuer"]),
            )
            if not str(figure["report_kind"]).startswith("monitor_") or issuer == carrier:
                continue
            low, high = (ends.iloc[0] for ends in effective.bounds(figures.loc[[figure_id]]))
            count = formatting.QUALIFIER_WORDS.get(figure["qualifier"], "") + formatting.amount(
                low, high
            )
            # its label in full (a label that does not fit shows the count alone); not a release's
            # own label of the same count, which gives its rise: "at least 5,961 (+2,761 …)"
            full = [
                t for t in texts if t.startswith(f"{count} (") and not t.startswith(f"{count} (+")
            ]
            seen += len(full)
            assert all(f"{issuer} via {carrier}" in t for t in full), (series, figure_id, full)
    if not seen:
        pytest.skip("no timeline labels a monitor's estimate that a news page carries")


def test_charts_draw_with_matplotlib_s_own_font_whatever_copy_the_font_cache_lists(tmp_path):
    """A system copy of DejaVu (Debian's fonts-dejavu, which a browser's install brings) numbers
    its glyphs otherwise: listed by the font cache, it gave charts other bytes. The house style
    draws with the copy matplotlib ships, listed first or not."""
    import shutil

    from matplotlib import font_manager, rc_context

    from helpers.present import style

    manager = font_manager.fontManager
    kept = list(manager.ttflist)
    copy = tmp_path / "DejaVuSans.ttf"
    shutil.copy(style.BUNDLED_FONTS / "DejaVuSans.ttf", copy)
    try:
        manager.addfont(copy)
        manager.ttflist.insert(0, manager.ttflist.pop())  # the system copy listed first
        style.bundled_fonts_only()
        # an unusual size: a lookup no earlier test has cached
        wanted = font_manager.FontProperties(family="DejaVu Sans", size=17.25)
        with rc_context(style.STYLE):
            found = font_manager.findfont(wanted, fallback_to_default=False)
        assert Path(found).parent == style.BUNDLED_FONTS, found
    finally:
        manager.ttflist = kept


def _two_metrics_of_one_release(pkg) -> pd.DataFrame:
    """Two figures of one release, of two metrics (the first such release in the data)."""
    fx = effective.one_per_statement(effective.effective_figures(pkg))
    fx = fx[(fx["report_kind"] == "official_release") & fx["value"].notna()]
    for _, rows in fx.groupby("report_id", sort=False):
        metrics = rows.drop_duplicates("metric")
        if len(metrics) >= 2:
            return metrics.head(2).copy()
    raise AssertionError("no release with two metrics")


@pytest.mark.parametrize(
    ("bases", "days", "different", "unstated"),
    [
        (["data through", "data through"], ["1990-01-31", "1990-01-31"], False, False),
        (["data through", "data through"], ["1990-01-31", "1990-02-28"], True, False),
        # a day of release says nothing of what the data run to: no conflict, but said so
        (["data through", "report published"], ["1990-01-31", "1990-03-02"], False, True),
        (["report published", "carrier published"], ["1990-03-02", "1990-03-05"], False, True),
    ],
)
def test_figures_side_by_side_are_of_different_releases_only_when_two_data_dates_differ(
    bases, days, different, unstated
):
    pkg = load.load_package()
    pair = _two_metrics_of_one_release(pkg)
    pair["as_of"] = pd.to_datetime(days)
    pair["as_of_basis"] = bases
    pair["as_of_label"] = [
        f"{'data to' if basis == 'data through' else 'as released on'} {day}"
        for basis, day in zip(bases, days, strict=True)
    ]
    chart = charts.metric_panels(pair, "zz-test-metrics")
    assert chart.title.startswith("These figures are from different releases") is different
    assert ("Not every figure states the date its data run to" in chart.description) is unstated
    if not different:  # each figure's own date, each once: never a data date it does not state
        assert chart.title.endswith(", " + "; ".join(dict.fromkeys(pair["as_of_label"])))


def test_a_bar_is_labelled_with_its_count_in_the_source_s_terms_and_the_ratio_names_its_pair():
    """ "at least 1,410" is not "1,410": each bar says its count as the source does, a range by
    its two ends; the overview's ratio names the two figures it sets against each other."""
    pkg = load.load_package()
    tolls = views.latest_tolls(pkg)
    shown = {t.get_text() for t in tolls.figure.findobj(matplotlib.text.Text)}
    data = tolls.data
    for row in data.itertuples():
        words = (
            formatting.value_words(row.value, row.qualifier, row.low, row.high)
            if pd.notna(row.value)
            else formatting.amount(row.low, row.high)
        )
        assert words in shown, (words, sorted(shown))
    assert any(pd.notna(q) and q != "exact" for q in data["qualifier"])  # the case is shown
    assert "The ratio sets " in tolls.description


def test_a_timeline_s_key_calls_an_official_issuer_s_figures_releases_and_a_monitor_s_figures(
    pkg, timelines
):
    """The same monitor's figures are not its "releases" on its own timeline and "an estimate or
    report" on another's."""
    kinds = effective.effective_figures(pkg).groupby("series")["report_kind"].agg(set)
    checked = set()
    for series, chart in timelines.items():
        keys = [
            text.get_text()
            for legend in [*chart.figure.legends]
            + [ax.get_legend() for ax in chart.figure.axes if ax.get_legend()]
            for text in legend.get_texts()
        ]
        own = [k for k in keys if k.endswith("running total")]
        official = "official_release" in kinds.get(series, set())
        assert own and all((" releases of " in k) is official for k in own), (series, own)
        assert official or all("figures of " in k for k in own), (series, own)
        checked.add(official)
    assert checked == {True, False}  # both kinds of series are in the data


def test_a_credit_line_names_each_carrier_once():
    """Two pages of one outlet (issuers "Air Force Times" and "Air Force Times (Sightline)") were
    credited "Air Force Times, ..., Air Force Times": one name, said once."""
    from helpers.present.charts import credit_line

    figures = pd.DataFrame(
        {
            "issuer": ["ZZ Test Coalition (ZZTC)"] * 4,
            "carried_by": ["zz-a", "zz-b", "zz-c", "zz-d"],
            "carrier_issuer": ["ZZ Times", "ZZ Daily", "ZZ Times (ZZ Group)", "ZZ Post"],
            "locator": ["paragraph 1"] * 4,
        }
    )
    assert credit_line(figures) == "ZZTC as carried by ZZ Times, ZZ Daily, ZZ Post"


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("Ramallah News: paragraph 3", 24, ["Ramallah News:", "paragraph 3"]),
        ("data to 23 September 2017", 24, ["data", "to 23 September 2017"]),
        ("Dar'a (source: “a shield”)", 24, ["Dar'a (source:", "“a shield”)"]),
        (
            "Business Standard: second-to-last paragraph",
            26,
            ["Business Standard:", "second-to-last paragraph"],
        ),
        ("its words allowing the first", 20, ["its words allowing", "the first"]),
    ],
)
def test_a_narrow_chart_s_label_never_ends_a_line_on_a_short_word_or_before_a_number(
    text, width, lines
):
    """Wrapped for a narrow chart, "paragraph / 3", "a / shield", "the / first" and "second- /
    to-last" were broken apart; a line now breaks only where the words can part."""
    wrapped = charts.wrap_label(text, width)
    assert wrapped.split("\n") == lines
    assert "\u00a0" not in wrapped


@pytest.mark.parametrize(
    "labels, said",
    [
        (
            ["data to 31 August 2018", "data to August 2018"],
            "data to 31 August 2018 and to August 2018",
        ),
        (["data to November 2017", "data to November 2017"], "data to November 2017"),
        (
            ["as released on 7 August 2019", "data to 30 June 2019"],
            "as released on 7 August 2019 and data to 30 June 2019",
        ),
    ],
)
def test_a_metric_s_dates_in_a_title_say_their_shared_words_once(labels, said):
    """The metric panels' title read "civilians killed data to 31 August 2018, data to August
    2018", as if two things were listed."""
    assert charts.dates_words(labels) == said


def test_a_figure_a_failing_check_blames_is_drawn_as_not_matching_beside_the_others():
    """The metric panels coloured a news article's 1,799 as its own claim of civilians killed,
    while the findings beside them say 1,799 is CJTF-OIR's count of reports: the chart alone read
    as sound. A figure a failing check blames (chartsets gives the column mismatch) takes the
    colour of what does not match, and the key says why."""
    from matplotlib.colors import to_hex

    from helpers.present.style import color

    pair = _two_metrics_of_one_release(load.load_package())
    pair["mismatch"] = [True, False]
    chart = charts.metric_panels(pair, "zz-test-metrics")
    first, second = (ax.patches[0] for ax in chart.figure.axes)
    assert to_hex(first.get_facecolor()) == to_hex(color("mismatch"))
    assert to_hex(second.get_facecolor()) != to_hex(color("mismatch"))
    keys = [
        t.get_text() for ax in chart.figure.axes if ax.get_legend() for t in ax.get_legend().texts
    ]
    label = pair["metric_label"].iloc[0].lower()
    assert any(
        k.replace("\n", " ") == f"Does not match: {label}, found wrong by a check" for k in keys
    ), keys
    unflagged = charts.metric_panels(pair.drop(columns="mismatch"), "zz-test-metrics")
    assert all(
        to_hex(ax.patches[0].get_facecolor()) != to_hex(color("mismatch"))
        for ax in unflagged.figure.axes
    )
