"""The reader's pages as a reader sees them, in headless Chromium (Debian's package)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from helpers import paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed: `apt-get install chromium chromium-driver` (as root), then run the tests again")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_page_renders_its_charts_and_tables(tmp_path):
    page = paths.REPORTS / "report-snhr-2018-09.html"
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.count("data:image/svg+xml;base64") >= 2, "charts are not in the rendered page"
    assert "civcas-table" in dom and "2,832" in dom and "a shield" in dom
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri())
    assert shot.is_file() and shot.stat().st_size > 20_000


def test_index_renders_with_links_to_every_page(tmp_path):
    dom = chromium(tmp_path, "--dump-dom", (paths.REPORTS / "index.html").as_uri()).stdout
    links = re.findall(r'href="([^"#]+\.html)"', dom)
    assert len(set(links)) >= 20
    for link in set(links):
        assert (paths.REPORTS / link).is_file(), link
