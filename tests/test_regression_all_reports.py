"""Every generated report is regression-tested: the whole site is built again from the committed
data, notebooks and helpers into a fresh folder, and every file the build publishes (notebooks with
their outputs, pages, charts and their data, the index) must equal the committed one byte for byte.
nbval re-runs a sample of the committed notebooks in a fresh kernel each (conftest.NBVAL_SAMPLE);
this test covers all of them, in the build's own warm kernels, in a fraction of the time."""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.build import runner

# written by every build, and meant to differ: content hashes of the inputs, and the lock
NOT_COMPARED = {".build-state.json", ".build.lock"}


def _published(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in NOT_COMPARED
    }


def test_every_generated_report_rebuilds_to_the_committed_bytes(tmp_path):
    out = tmp_path / "reports"
    messages: list[str] = []
    code = runner.build(
        reports_dir=out,
        force=True,
        log=lambda *a, **k: messages.append(" ".join(map(str, a))),
    )
    assert code == 0, "\n".join(m for m in messages if " ok " not in m)
    committed, rebuilt = _published(paths.REPORTS), _published(out)
    assert sorted(rebuilt) == sorted(committed), (
        "the build publishes other files than are committed: run `make reports` and commit reports/"
    )
    differ = [name for name in committed if committed[name] != rebuilt[name]]
    assert not differ, (
        f"{len(differ)} of {len(committed)} files differ from the committed ones (first: "
        f"{differ[:5]}); if the change is intended, run `make reports` and commit reports/"
    )
