"""The changelog of the data (helpers/data/history.py, helpers/present/changelog.py), on throw-away
git repositories built here with fixed dates: versions by day, figures added, changed (was, now)
and removed, matched by the schema's key; both outputs; a hostile .git/config that runs nothing;
no git, no repository, a shallow clone and a table that cannot be read, each said in one line; and
on the real repository, the versions of the record's curation with counts computed from git."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import paths
from helpers.checks import effective
from helpers.checks.effective import report_name
from helpers.data import history, load, schema
from helpers.formatting import issuer_name, num, value_words
from helpers.present import changelog
from helpers.present.display import formula_safe

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")
# the trimmed package the throw-away repositories hold: enough to put figures in words
TABLES = ("reports", "metrics", "dimensions", "figures")
SNAKE_CASE = re.compile(r"(?<![\w-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w-])")
RECORD_BASE = "c141652"  # the commit before the record's curation (issue 17)


def plain_git(repo: Path, *args: str, when: str | None = None) -> str:
    """git as a test runs it to build a repository (not the protected runner under test): no user
    or system configuration, dates fixed when given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="zz-test",
        GIT_AUTHOR_EMAIL="zz-test@example.invalid",
        GIT_COMMITTER_NAME="zz-test",
        GIT_COMMITTER_EMAIL="zz-test@example.invalid",
    )
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(
        [GIT, "-C", str(repo), *args], capture_output=True, env=env, check=True, timeout=60
    )
    return done.stdout.decode("utf-8")


def real_rows(name: str) -> list[dict]:
    text = schema.table_path(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


class Repo:
    """A throw-away repository holding a trimmed copy of the package (TABLES), with zz-test
    figures made from real ones (so that their reports and metrics are real)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir()
        plain_git(root, "init", "-q")
        package = json.loads(paths.datapackage().read_text(encoding="utf-8"))
        package["resources"] = [r for r in package["resources"] if r["name"] in TABLES]
        (root / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
        (root / "data" / "curated").mkdir(parents=True)
        chosen = [
            row
            for row in real_rows("figures")
            if row["value"].isdigit() and not row["breakdown"] and not row["governorate_pcode"]
        ][:4]
        self.spare = {**chosen[3], "figure_id": "zz-test-4"}
        self.figures = [{**row, "figure_id": f"zz-test-{k}"} for k, row in enumerate(chosen[:3], 1)]
        reports = {row["report_id"]: row for row in real_rows("reports")}
        wanted = {row[c] for row in chosen for c in ("report_id", "carried_by") if row[c]}
        wanted |= {reports[r]["carried_by"] for r in wanted if reports[r]["carried_by"]}
        self.reports = [row for row in real_rows("reports") if row["report_id"] in wanted]
        # what the first commit holds, kept as written
        self.originals = [dict(row) for row in chosen[:3]]
        self.first_reports = [dict(row) for row in self.reports]
        metrics = {row["metric"] for row in chosen}
        self.metrics = [row for row in real_rows("metrics") if row["metric"] in metrics]
        self.write("reports", self.reports)
        self.write("metrics", self.metrics)
        self.write("dimensions", real_rows("dimensions"))
        self.write("figures", self.figures)

    def write(self, name: str, rows: list[dict]) -> None:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=schema.field_names(name), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (self.root / schema.resource(name)["path"]).write_text(buf.getvalue(), encoding="utf-8")

    def commit(self, when: str, message: str = "zz-test change") -> str:
        plain_git(self.root, "add", "-A")
        plain_git(self.root, "commit", "-q", "--allow-empty", "-m", message, when=when)
        return plain_git(self.root, "rev-parse", "HEAD").strip()

    def package(self) -> load.Package:
        """The real package's tables (what the page falls back on to put an id in words), at
        this repository: its history is this repository's."""
        return load.Package(root=self.root, frames=dict(load.load_package().frames))


@pytest.fixture
def story(tmp_path):
    """A repository with five data commits over four days: the first version; a value corrected
    and a figure added on one day (two commits); a figure removed and a report retitled; line ends
    changed only (no row changes: no version); and a commit outside data/curated (no version)."""
    repo = Repo(tmp_path / "repo")
    commits = [repo.commit("2021-03-01T09:00:00+00:00", "first")]
    old_value = int(repo.figures[0]["value"])
    repo.figures[0]["value"] = str(old_value + 25)
    repo.write("figures", repo.figures)
    commits.append(repo.commit("2021-03-02T09:00:00+00:00", "a value corrected"))
    repo.write("figures", [*repo.figures, repo.spare])
    commits.append(repo.commit("2021-03-02T23:30:00+00:00", "a figure added"))
    removed = repo.figures.pop(1)
    repo.write("figures", [*repo.figures, repo.spare])
    repo.reports[0]["title"] = "zz-test title"
    repo.write("reports", repo.reports)
    commits.append(repo.commit("2021-03-03T12:00:00+01:00", "a figure removed"))
    path = repo.root / schema.resource("metrics")["path"]
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    commits.append(repo.commit("2021-03-04T12:00:00+00:00", "line ends only"))
    (repo.root / "README.md").write_text("zz-test\n", encoding="utf-8")
    commits.append(repo.commit("2021-03-05T12:00:00+00:00", "not data"))
    return repo, commits, old_value, removed


def visible_text(page: str) -> str:
    """What a reader reads of a page (or a part of one): no style, tags, attributes or code
    elements, white space folded."""
    body = page[page.index("<main>") :] if "<main>" in page else page
    body = re.sub(r"<style>.*?</style>|<code>.*?</code>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def sections(page: str) -> list[str]:
    """The visible text of each version's section, in the page's order."""
    found = re.findall(r'<section class="changes-version".*?</section>', page, flags=re.S)
    return [visible_text(part) for part in found]


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---- versions and changes ----------------------------------------------------------------------


@needs_git
def test_versions_are_days_and_changes_are_matched_by_the_key(story):
    repo, commits, old_value, removed = story
    record = history.data_history(repo.root)
    assert record.note is None
    # line ends only and the README are no version; 3 March 12:00 at +01:00 is 11:00 UTC
    assert [v.date for v in record.versions] == ["2021-03-01", "2021-03-02", "2021-03-03"]
    assert [v.commits for v in record.versions] == [
        (commits[0],),
        (commits[1], commits[2]),
        (commits[3],),
    ]
    # a day's version is the tables as its last commit left them
    assert [v.commit for v in record.versions] == [commits[k][: history.SHORT] for k in (0, 2, 3)]
    first, second, third = record.versions
    assert [(c.table, c.change, c.key) for c in first.changes] == [
        (name, "added", (key,)) for name, key in first_keys(repo)
    ]
    (corrected,) = second.of("figures", "changed")
    assert corrected.key == ("zz-test-1",) and corrected.fields == ("value",)
    assert (corrected.before["value"], corrected.after["value"]) == (
        original_value_text(repo),
        str(old_value + 25),
    )
    assert [c.key for c in second.of("figures", "added")] == [("zz-test-4",)]
    assert [c.key for c in second.changes] == [("zz-test-1",), ("zz-test-4",)]
    assert [(c.table, c.change, c.key, c.fields) for c in third.changes] == [
        ("reports", "changed", (repo.reports[0]["report_id"],), ("title",)),
        ("figures", "removed", ("zz-test-2",), ()),
    ]
    assert third.of("figures", "removed")[0].before["value"] == removed["value"]


def first_keys(repo: Repo) -> list[tuple[str, str]]:
    """(table, key) of every row of the first commit, in the package's and the files' order."""
    return [
        (name, row[key])
        for name, key, rows in (
            ("reports", "report_id", repo.first_reports),
            ("metrics", "metric", repo.metrics),
            ("dimensions", "dimension", real_rows("dimensions")),
            ("figures", "figure_id", [{"figure_id": f"zz-test-{k}"} for k in (1, 2, 3)]),
        )
        for row in rows
    ]


def original_value_text(repo: Repo) -> str:
    return repo.originals[0]["value"]


@needs_git
def test_uncommitted_edits_are_not_listed_and_the_outputs_are_byte_identical(story):
    repo, *_ = story
    pkg = repo.package()
    before = changelog.files(pkg)
    repo.write("figures", [])  # every figure removed, not committed
    assert changelog.files(pkg) == before
    assert "Edits not yet published in a version are not listed." in before["changes.html"]


@needs_git
def test_the_csv_lists_every_change_one_field_a_row(story):
    repo, commits, old_value, removed = story
    pkg = repo.package()
    rows = csv_rows(changelog.files(pkg)["changes.csv"])
    assert list(rows[0]) == changelog.CSV_COLUMNS
    machine = [tuple(r[c] for c in changelog.CSV_COLUMNS[:8]) for r in rows]
    first = commits[0][: history.SHORT]
    expected = [
        ("2021-03-01", first, name, "added", key, "", "", "") for name, key in first_keys(repo)
    ]
    second, third = commits[2][: history.SHORT], commits[3][: history.SHORT]
    report_id = repo.reports[0]["report_id"]
    old_title = repo.first_reports[0]["title"]
    expected += [
        ("2021-03-02", second, "figures", "changed", "zz-test-1", "value")
        + (original_value_text(repo), str(old_value + 25)),
        ("2021-03-02", second, "figures", "added", "zz-test-4", "", "", ""),
        ("2021-03-03", third, "reports", "changed", report_id, "title", old_title, "zz-test title"),
        ("2021-03-03", third, "figures", "removed", "zz-test-2", "", "", ""),
    ]
    assert machine == expected
    corrected = next(r for r in rows if r["change"] == "changed" and r["table"] == "figures")
    figure = repo.figures[0]
    metric_label = next(m["label"] for m in repo.metrics if m["metric"] == figure["metric"])
    assert corrected["figure"].startswith(f"{metric_label}, ")
    assert corrected["report"].startswith(named_report(repo, figure["report_id"]))
    assert corrected["count"] == value_words(old_value + 25, figure["qualifier"], None, None)
    gone = next(r for r in rows if r["change"] == "removed")
    assert gone["count"] == value_words(
        int(float(removed["value"])), removed["qualifier"], None, None
    )
    retitled = next(r for r in rows if r["table"] == "reports" and r["change"] == "changed")
    assert retitled["report"] == named_report(repo, report_id)


def named_report(repo: Repo, report_id: str) -> str:
    """A report's name from the rows the repository holds."""
    reports = {r["report_id"]: r for r in repo.reports}
    row = reports[report_id]
    carrier = reports.get(row["carried_by"], {})
    return report_name(
        issuer_name(row["issuer"]),
        row["kind"],
        row["published"] or None,
        carrier.get("published") or None,
    )


@needs_git
def test_the_page_reads_newest_first_with_was_and_now_and_no_ids(story):
    repo, commits, old_value, removed = story
    page = changelog.files(repo.package())["changes.html"]
    text = visible_text(page)
    assert text.index("How the data changed") < text.index("On this page")
    assert text.startswith(
        "How the data changed 3 versions of the curated tables since 1 March 2021; the last, on "
        "3 March 2021, added no figures, changed none and removed 1."
    )
    assert re.findall(r'<h2 id="([^"]+)"', page) == [
        "version-2021-03-03",
        "version-2021-03-02",
        "version-2021-03-01",
    ]
    third, second, first = sections(page)
    assert third.startswith("3 March 2021 No figures added, none changed, 1 removed.")
    assert "Report registry: 1 row changed" in third
    assert value_words(int(float(removed["value"])), removed["qualifier"], None, None) in third
    assert second.startswith(
        "2 March 2021 1 figure added, 1 changed, none removed. In 1 of them the count itself was "
        "corrected."
    )
    was, now = num(int(original_value_text(repo))), num(old_value + 25)
    assert f"count was {was}, now {now}" in second
    assert first.startswith("1 March 2021 3 figures added, none changed, none removed.")
    assert "Edits not yet published in a version are not listed." in text
    # ids only in attributes and code, for a fact-checker
    assert "zz-test" not in text and 'data-figure-id="zz-test-1"' in page
    assert f"<code>{commits[3][: history.SHORT]}</code>" in page
    assert SNAKE_CASE.findall(text) == []
    assert '<a href="changes.csv" download>' in page and 'name="viewport"' in page


@needs_git
def test_the_digest_follows_the_data_commits_only(story):
    repo, *_ = story
    digest = history.data_versions_digest(repo.root)
    assert digest == history.data_versions_digest(repo.root)
    (repo.root / "README.md").write_text("zz-test again\n", encoding="utf-8")
    repo.commit("2021-03-06T12:00:00+00:00", "not data either")
    assert history.data_versions_digest(repo.root) == digest
    repo.write("figures", repo.figures)
    repo.commit("2021-03-07T12:00:00+00:00", "a figure removed again")
    assert history.data_versions_digest(repo.root) != digest


@needs_git
def test_the_files_are_made_again_for_the_same_package_once_the_history_changes(story):
    """changelog.files keeps its files with the package, by the commits it read: the same
    package asked after a new data commit lists the new version."""
    repo, *_ = story
    pkg = repo.package()
    first = changelog.files(pkg)
    assert changelog.files(pkg) == first
    repo.write("figures", [*repo.figures, {**repo.spare, "figure_id": "zz-test-5"}])
    repo.commit("2021-03-08T12:00:00+00:00", "one more figure")
    again = changelog.files(pkg)
    assert again != first and again[changelog.CSV].count("zz-test-5") >= 1


# ---- what a checkout cannot make it do ---------------------------------------------------------


@needs_git
def test_a_hostile_git_config_runs_nothing(story, tmp_path):
    repo, *_ = story
    markers = {name: tmp_path / f"ran-{name}" for name in ("fsmonitor", "textconv", "gpg")}
    scripts = {}
    for name, marker in markers.items():
        scripts[name] = tmp_path / f"{name}.sh"
        scripts[name].write_text(f'#!/bin/sh\ntouch "{marker}"\ncat "$1" 2>/dev/null\nexit 0\n')
        scripts[name].chmod(0o755)
    (repo.root / ".gitattributes").write_text("*.csv diff=zztest\n", encoding="utf-8")
    repo.figures[0]["notes"] = "zz-test note"
    repo.write("figures", repo.figures)
    repo.commit("2021-03-08T12:00:00+00:00", "attributes and a note")
    # the commit signed (a signature only a verifier could judge): log.showSignature runs it
    signed = plain_git(repo.root, "cat-file", "commit", "HEAD").replace(
        "\n\n",
        "\ngpgsig -----BEGIN PGP SIGNATURE-----\n zz-test\n -----END PGP SIGNATURE-----\n\n",
        1,
    )
    fake = subprocess.run(
        [GIT, "-C", str(repo.root), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=signed.encode(),
        capture_output=True,
        check=True,
    )
    plain_git(repo.root, "update-ref", "HEAD", fake.stdout.decode().strip())
    for name, value in (
        ("core.fsmonitor", str(scripts["fsmonitor"])),
        ("diff.zztest.textconv", str(scripts["textconv"])),
        ("log.showSignature", "true"),
        ("gpg.program", str(scripts["gpg"])),
        ("core.pager", str(scripts["textconv"])),
        ("pager.log", str(scripts["textconv"])),
    ):
        plain_git(repo.root, "config", name, value)
    # the configuration is live: plain git runs each program
    plain_git(repo.root, "status")
    plain_git(repo.root, "log", "-p", "-1")
    assert [m.name for m in markers.values() if m.exists()] == [m.name for m in markers.values()]
    for marker in markers.values():
        marker.unlink()
    record = history.data_history(repo.root)
    files = changelog.files(repo.package())
    assert history.data_versions_digest(repo.root)
    assert [m.name for m in markers.values() if m.exists()] == []
    assert [v.date for v in record.versions] == [
        "2021-03-01",
        "2021-03-02",
        "2021-03-03",
        "2021-03-08",
    ]
    assert "was not given, now zz-test note" in visible_text(files["changes.html"])


INCLUDES = "its .git/config includes other files"


@needs_git
@pytest.mark.parametrize(
    "planted, why",
    [
        ("include", INCLUDES),
        ("includeIf", INCLUDES),
        ("include after a byte order mark", INCLUDES),
        ("include in sections on one line, split by carriage returns", INCLUDES),
        ("include in config.worktree", "its .git/config.worktree includes other files"),
        ("alternates", "it reads objects from another repository (alternates)"),
        ("commondir", "its .git/commondir names another git folder"),
        ("linked .git", "its .git is a link"),
        (
            ".git naming a folder elsewhere",
            "its .git names a git folder elsewhere (a worktree's or a submodule's)",
        ),
        ("linked objects", "its .git/objects is a link"),
        ("a pipe for its config", "its .git/config is not a file"),
        ("a branch that is a link to /dev/zero", "its .git/refs/heads/BRANCH is a link"),
        ("a branch that is a pipe", "its .git/refs/heads/BRANCH is not a file"),
        ("a loose object that is a link", "its .git/objects/OBJECT is a link"),
    ],
)
def test_a_checkout_whose_git_settings_read_outside_it_lists_nothing_and_git_reads_nothing(
    story, tmp_path, monkeypatch, planted, why
):
    """A checkout's .git may tell git to read files outside it (another configuration file,
    another git folder, another repository's objects), in any spelling git reads: the history is
    then not read at all, and the page says why in one line. The file named outside is a pipe
    nobody writes: git, had it read it, would have waited on it until TIMEOUT."""
    repo, *_ = story
    monkeypatch.setattr(history, "TIMEOUT", 5)
    outside = tmp_path / "zz-outside"
    outside.mkdir()
    fifo = outside / "zz-config"
    os.mkfifo(fifo)
    dot_git = repo.root / ".git"
    config = dot_git / "config"
    if planted == "include":
        plain_git(repo.root, "config", "include.path", str(fifo))
    elif planted == "includeIf":
        plain_git(repo.root, "config", f"includeIf.gitdir:{repo.root}/.path", str(fifo))
    elif planted == "include after a byte order mark":
        config.write_bytes(
            b"\xef\xbb\xbf[include]\n\tpath = " + bytes(fifo) + b"\n" + config.read_bytes()
        )
    elif planted == "include in sections on one line, split by carriage returns":
        config.write_bytes(
            config.read_bytes() + b"[core]\r[include]\rpath = " + bytes(fifo) + b"\n"
        )
    elif planted == "include in config.worktree":
        plain_git(repo.root, "config", "extensions.worktreeConfig", "true")
        (dot_git / "config.worktree").write_text(f"[core] [include] path = {fifo}\n")
    elif planted == "alternates":
        (dot_git / "objects" / "info").mkdir(exist_ok=True)
        (dot_git / "objects" / "info" / "alternates").write_text(f'"{outside}"\n')
    elif planted == "commondir":
        (dot_git / "commondir").write_text(f"{outside}\n")
    elif planted.startswith("a branch"):
        branch = next((dot_git / "refs" / "heads").iterdir())
        why = why.replace("BRANCH", branch.name)
        branch.unlink()
        if planted.endswith("pipe"):
            os.mkfifo(branch)
        else:
            branch.symlink_to("/dev/zero")
    elif planted == "a loose object that is a link":
        loose = sorted(p for p in (dot_git / "objects").glob("??/*") if p.is_file())[0]
        why = why.replace("OBJECT", loose.relative_to(dot_git / "objects").as_posix())
        loose.rename(outside / "zz-object")
        loose.symlink_to(outside / "zz-object")
    elif planted == "a pipe for its config":
        config.unlink()
        os.mkfifo(config)
    elif planted == "linked objects":
        (dot_git / "objects").rename(outside / "zz-objects")
        (dot_git / "objects").symlink_to(outside / "zz-objects")
    else:
        dot_git.rename(outside / "zz-git")
        if planted == "linked .git":
            dot_git.symlink_to(outside / "zz-git")
        else:
            dot_git.write_text(f"gitdir: {outside / 'zz-git'}\n")
    record = history.data_history(repo.root)
    assert record.versions == () and record.read is False
    assert record.note == (
        f"History not available in this copy (git would read files outside this folder: {why}): "
        "the changelog lists nothing."
    )
    assert history.data_versions_digest(repo.root)


@needs_git
def test_a_bare_repository_made_of_the_checkout_s_top_folder_is_not_read(story, tmp_path):
    """Without a .git, git would take a top folder holding HEAD, objects/, refs/ and a config for
    a bare repository, with none of the checks on .git: such a repository is not used, whatever
    its config says (here an include of a pipe nobody writes)."""
    repo, *_ = story
    outside = tmp_path / "zz-outside"
    outside.mkdir()
    os.mkfifo(outside / "zz-config")
    dot_git = repo.root / ".git"
    shutil.copy(dot_git / "HEAD", repo.root / "HEAD")
    for name in ("objects", "refs"):
        shutil.copytree(dot_git / name, repo.root / name)
    (repo.root / "config").write_text(
        f"[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
        f"[include]\n\tpath = {outside / 'zz-config'}\n"
    )
    shutil.rmtree(dot_git)
    record = history.data_history(repo.root)
    assert record.versions == () and record.read is False
    assert record.note == (
        "History not available in this copy (this folder is not a git repository): the changelog "
        "lists nothing."
    )


@needs_git
def test_a_mailmap_the_configuration_names_is_never_read(story, tmp_path, monkeypatch):
    """git log reads the mailmap file a configuration names, even for a format without names: it
    is turned off (here a pipe nobody writes, which git would wait on until TIMEOUT)."""
    repo, commits, *_ = story
    monkeypatch.setattr(history, "TIMEOUT", 5)
    fifo = tmp_path / "zz-mailmap"
    os.mkfifo(fifo)
    plain_git(repo.root, "config", "mailmap.file", str(fifo))
    plain_git(repo.root, "config", "log.mailmap", "true")
    record = history.data_history(repo.root)
    assert record.read and len(record.versions) == 3, record.note


@needs_git
def test_git_finds_no_repository_above_the_data_folder(story):
    repo, *_ = story
    inner = repo.root / "zz-test-inner"
    inner.mkdir()
    shutil.copy(repo.root / "datapackage.json", inner / "datapackage.json")
    record = history.data_history(inner)
    assert record.versions == ()
    assert record.note == (
        "History not available in this copy (this folder is not a git repository): the changelog "
        "lists nothing."
    )


def test_without_git_the_page_says_so_in_one_line(tmp_path, monkeypatch, pkg):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    record = history.data_history(paths.ROOT)
    assert record == history.History(
        note="History not available in this copy (git is not installed here): the changelog "
        "lists nothing.",
        read=False,
    )
    package = load.Package(root=paths.ROOT, frames=dict(pkg.frames))
    files = changelog.files(package)
    assert files["changes.csv"] == ",".join(changelog.CSV_COLUMNS) + "\n"
    text = visible_text(files["changes.html"])
    assert record.note in text and "On this page" not in text
    # not kept: once git can be asked, the same package lists its history
    monkeypatch.undo()
    if shutil.which("git"):
        assert changelog.files(package)["changes.csv"] != files["changes.csv"]


@needs_git
def test_a_folder_that_is_no_repository_lists_nothing(tmp_path, pkg):
    shutil.copy(paths.datapackage(), tmp_path / "datapackage.json")
    record = history.data_history(tmp_path)
    assert record.versions == () and "this folder is not a git repository" in record.note
    page = changelog.files(load.Package(root=tmp_path, frames=dict(pkg.frames)))["changes.html"]
    assert "the changelog lists nothing." in page


@needs_git
def test_a_shallow_clone_lists_what_it_holds_and_says_where_it_starts(story, tmp_path):
    repo, commits, *_ = story
    clone = tmp_path / "clone"
    # the last four commits: the boundary is the one that added a figure (2 March, 23:30)
    plain_git(tmp_path, "clone", "-q", "--depth", "4", f"file://{repo.root}", str(clone))
    assert plain_git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    record = history.data_history(clone)
    assert [v.date for v in record.versions] == ["2021-03-03"]
    assert [(c.table, c.change) for c in record.versions[0].changes] == [
        ("reports", "changed"),
        ("figures", "removed"),
    ]
    assert record.note == (
        "This copy holds only part of the history (a shallow clone): changes made on or before "
        "2021-03-02 are not listed."
    )
    page = changelog.files(load.Package(root=clone, frames=dict(load.load_package().frames)))
    assert "changes made on or before 2 March 2021 are not listed." in page["changes.html"]


@needs_git
def test_a_table_that_cannot_be_read_is_named_in_one_line(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("2021-04-01T09:00:00+00:00")
    path = repo.root / schema.resource("figures")["path"]
    good = path.read_text(encoding="utf-8")
    path.write_text(good + 'zz-test-9,"never closed\n', encoding="utf-8")
    repo.commit("2021-04-02T09:00:00+00:00")
    repo.figures[0]["value"] = "1"
    repo.write("figures", repo.figures)
    repo.commit("2021-04-03T09:00:00+00:00")
    first, broken, fixed = history.data_history(repo.root).versions
    rows = good.count("\n") + 1
    assert broken.changes == () and broken.unread == (
        f"data/curated/figures.csv, row {rows}: a quoted value that starts in this row is never "
        "closed; expected a closing double quote "
        '(a quote mark inside a value is written twice: "")',
    )
    # the fixed version is compared with the last one that could be read
    assert [(c.key, c.fields) for c in fixed.changes] == [(("zz-test-1",), ("value",))]
    page = changelog.files(repo.package())["changes.html"]
    assert html.escape(broken.unread[0], quote=True) in page


# ---- the real repository -----------------------------------------------------------------------


def test_the_real_changelog_lists_the_record_curation(pkg):
    """Every version that changed data/curated since the record's curation began, with its
    figures added, changed and removed counted from git directly (not through history.py)."""
    if GIT is None:
        pytest.skip("git is not installed")
    root = paths.data_root(pkg.root)
    try:
        plain_git(root, "cat-file", "-e", f"{RECORD_BASE}^{{commit}}")
        shallow = plain_git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    except subprocess.CalledProcessError:
        pytest.skip(f"this copy holds no history back to {RECORD_BASE}")
    if shallow:
        pytest.skip("this copy is a shallow clone")
    path = schema.resource("figures")["path"]
    data_log = plain_git(root, "log", "--first-parent", "--format=%H", "--", "data/curated")
    ordered = list(reversed(data_log.split()))
    since = plain_git(
        root, "log", "--first-parent", "--format=%H", f"{RECORD_BASE}..HEAD", "--", "data/curated"
    ).split()
    record = history.data_history(root)
    listed = [v for v in record.versions if set(v.commits) & set(since)]
    assert since and {c for v in listed for c in v.commits} >= set(since)
    page = visible_text(changelog.files(pkg)["changes.html"])
    for version in listed:
        earlier = ordered[: ordered.index(version.commits[0])]
        before = figures_at(root, earlier[-1], path) if earlier else {}
        after = figures_at(root, version.commits[-1], path)
        added = len(after.keys() - before.keys())
        removed = len(before.keys() - after.keys())
        changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
        assert (
            len(version.of("figures", "added")),
            len(version.of("figures", "changed")),
            len(version.of("figures", "removed")),
        ) == (added, changed, removed)
        # a version may change other curated tables only (a check's severity): it says so too
        counts = f"{count_words(added, True)} added, {count_words(changed)} changed, "
        assert counts + f"{count_words(removed)} removed." in page


def figures_at(root: Path, commit: str, path: str) -> dict[str, dict]:
    """figures.csv at a commit, by its key (from the schema), each row with empty cells dropped."""
    (key,) = schema.primary_key("figures")
    text = plain_git(root, "show", "--no-textconv", f"{commit}:{path}")
    return {
        row[key]: {c: v.strip() for c, v in row.items() if v and v.strip()}
        for row in csv.DictReader(io.StringIO(text))
    }


def count_words(n: int, figures: bool = False) -> str:
    if figures:
        return "No figures" if n == 0 else f"{num(n)} figure{'s' if n != 1 else ''}"
    return "none" if n == 0 else num(n)


@needs_git
def test_curated_text_shows_as_text_and_never_starts_a_formula(story):
    repo, *_ = story
    hostile = '=HYPERLINK("http://example.invalid","x") <script>zz()</script>'
    repo.figures[0]["notes"] = hostile
    repo.write("figures", repo.figures)
    repo.commit("2021-03-09T12:00:00+00:00", "a hostile note")
    files = changelog.files(repo.package())
    assert "<script>zz()" not in files["changes.html"]
    # shown escaped, whole (a long word may break where a <wbr> allows)
    assert html.escape(hostile, quote=True) in files["changes.html"].replace("<wbr>", "")
    (noted,) = [r for r in csv_rows(files["changes.csv"]) if r["field"] == "notes"]
    assert noted["new_value"] == "'" + hostile
    assert noted["old_value"] == formula_safe(repo.originals[0]["notes"] or "")


ZZ = "zz_test_dimension"  # a dimension and groups that can never be real


def grouped_repo(root: Path, with_groups: bool) -> Repo:
    """A Repo whose dimensions.csv also declares ZZ, and whose schema holds groups.csv or, as
    before that table existed, does not."""
    repo = Repo(root)
    if with_groups:
        package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        package["resources"].append(schema.resource("groups"))
        (root / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    zz = {"dimension": ZZ, "label": "zz test dimension", "description": "zz-test: never real."}
    repo.write("dimensions", [*real_rows("dimensions"), zz])
    return repo


def zz_group(phrase: str) -> dict:
    return {
        "dimension": ZZ,
        "group": "zz-test-one",
        "label": "zz test label",
        "phrase": phrase,
        "description": "zz-test: never real.",
    }


@needs_git
def test_a_subgroup_reads_as_the_version_that_holds_it_declared_it(tmp_path):
    """A figure's group reads as the groups.csv of its version says: a group whose words change
    reads the new words from that version on, never its code."""
    repo = grouped_repo(tmp_path / "repo", with_groups=True)
    grouped = {**repo.spare, "figure_id": "zz-test-grouped", "breakdown": f"{ZZ}:zz-test-one"}
    repo.write("groups", [zz_group("within the zz first words")])
    repo.write("figures", [*repo.figures, grouped])
    repo.commit("2021-03-01T09:00:00+00:00", "a grouped figure")
    repo.write("groups", [zz_group("within the zz second words")])
    grouped["value"] = str(int(grouped["value"]) + 1)
    repo.write("figures", [*repo.figures, grouped])
    repo.commit("2021-03-02T09:00:00+00:00", "its group reworded, its count corrected")
    page = changelog.files(repo.package())["changes.html"]
    second, first = sections(page)
    assert "within the zz first words" in first and "within the zz second words" not in first
    assert "within the zz second words" in second and "within the zz first words" not in second
    text = visible_text(page)
    assert "zz-test-one" not in text and "Zz Test One" not in text and ZZ not in text


@needs_git
def test_a_version_older_than_the_groups_table_words_groups_as_the_package_does(tmp_path, pkg):
    """A version without groups.csv (the history before it): a group the package declares reads as
    the package declares it; one it does not, by its dimension alone."""
    repo = grouped_repo(tmp_path / "repo", with_groups=False)
    declared = pkg.figures["breakdown"].dropna().iloc[0]
    figures = [
        {**repo.figures[0], "figure_id": "zz-test-declared", "breakdown": declared},
        {**repo.figures[1], "figure_id": "zz-test-undeclared", "breakdown": f"{ZZ}:zz-test-one"},
    ]
    repo.write("figures", figures)
    repo.commit("2021-03-01T09:00:00+00:00", "two grouped figures")
    text = visible_text(changelog.files(repo.package())["changes.html"])
    assert effective.group_words(pkg, declared, phrase=True) in text
    assert "a group by zz test dimension" in text
    assert declared not in text and "zz-test-one" not in text


class _Rows:
    """A version's table that knows a few rows by their first key (changelog's Table.row)."""

    def __init__(self, rows: dict) -> None:
        self.rows = rows

    def row(self, *key):
        return self.rows.get(key[0])


def test_a_stated_rise_says_since_the_previous_release_once():
    from helpers.data import periods

    label = f"Zz killed {changelog.RISE_SPAN}"
    tables = {
        "metrics": _Rows({"zz-test-rise": {"label": label, "increment_of": "zz-test-total"}}),
        "reports": _Rows({"zz-test-report": {"geography": "ZZA", "period_end": "2018-04"}}),
        "countries": _Rows({"ZZA": {"name_en": "Zedland"}}),
    }
    words = changelog._Words(None, tables)
    what, _ = words.figure({"report_id": "zz-test-report", "metric": "zz-test-rise"})
    assert what == f"{label}, Zedland, to {periods.label('2018-04')}"
    assert what.count(changelog.RISE_SPAN) == 1


def test_a_count_of_what_one_release_adds_is_dated_by_its_release_alone():
    from helpers.data import periods

    tables = {
        "metrics": _Rows(
            {
                "zz-test-own": {"label": "Zz assessed", "span": "release"},
                "zz-test-running": {"label": "Zz killed", "span": "report"},
            }
        ),
        "reports": _Rows(
            {"zz-test-report": {"period_start": "2014-08", "period_end": "2018-04-30"}}
        ),
    }
    words = changelog._Words(None, tables)
    own, _ = words.figure({"report_id": "zz-test-report", "metric": "zz-test-own"})
    running, _ = words.figure({"report_id": "zz-test-report", "metric": "zz-test-running"})
    assert own.endswith(f", data to {periods.label('2018-04-30')}")
    assert periods.label("2014-08") not in own
    assert periods.label("2014-08") in running
