"""The README says only what is true: every path it names exists, every make target it names is defined."""
from __future__ import annotations

import re

from helpers import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_every_path_in_the_readme_exists():
    candidates = set(re.findall(r"`([A-Za-z0-9_.\-/]+\.(?:csv|json|txt|ipynb|html|md|cfg|cff|yml|py))`", README))
    candidates |= {c for c in re.findall(r"`([A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-/]*)`", README)}
    candidates |= {"LICENSE", "CITATION.cff", "environment.yml", "requirements.txt", ".ci/run"}
    assert len(candidates) > 20
    missing = []
    for c in sorted(candidates):
        found = (paths.ROOT / c).exists() or (paths.HELPERS / c).exists()
        if not found:
            missing.append(c)
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_make_target_in_the_readme_exists():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"make ([a-z]+)", README)):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in README and "make test" in (paths.ROOT / ".ci" / "run").read_text()
