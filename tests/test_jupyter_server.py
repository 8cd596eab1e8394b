"""JupyterLab as `make lab` starts it, driven headless as Lab's page drives it: the REST API and a
kernel's websocket. Runs in temporary Jupyter folders, so it never reads or writes the user's."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
import requests
import websocket
from conftest import printed
from jupyter_client.kernelspec import KernelSpecManager

from helpers import paths
from helpers.build import isolation, lab
from helpers.checks import crosscheck as checks
from helpers.present import display, views

REPORT_ID = "snhr-2018-09"
WHERE = "import sys; print(sys.prefix); print(sys.executable)"
WAIT = 120  # seconds any single step may take before the test gives up (a guard, not a speed check)


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, token: str, log: Path, runtime: Path):
        self.proc, self.url, self.token, self.log, self.runtime = proc, url, token, log, runtime
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return self.http.request(method, f"{self.url}{path}", timeout=WAIT, **kw)

    def kernel(self, name: str) -> str:
        r = self.api("POST", "/api/kernels", json={"name": name, "path": "notebooks"})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def channels(self, kernel_id: str) -> websocket.WebSocket:
        ws_url = (
            self.url.replace("http://", "ws://")
            + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
        )
        return websocket.create_connection(
            ws_url, header=[f"Authorization: token {self.token}"], timeout=WAIT
        )


def isolated_env(tmp: Path) -> dict:
    """This environment's Jupyter with every per-user folder moved into tmp, and the project's
    kernel registered under tmp as `make lab` registers it in the environment."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTEST", "IPYTHON"))
    }
    prefix = tmp / "prefix"
    lab.register(prefix)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        JUPYTER_PATH=str(prefix / "share" / "jupyter"),
    )
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jupyter")
    token = secrets.token_hex(24)
    headless = [
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:  # containers and CI; Lab refuses root unless told
        headless.append("--allow-root")
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            lab.lab_command(headless),
            cwd=paths.ROOT,
            env=isolated_env(tmp),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    runtime = tmp / "runtime"
    info = runtime / f"jpserver-{proc.pid}.json"
    deadline = time.monotonic() + WAIT
    srv = None
    try:
        while srv is None:
            assert proc.poll() is None, (
                f"JupyterLab exited with {proc.returncode}:\n{log.read_text()}"
            )
            assert time.monotonic() < deadline, f"JupyterLab did not answer:\n{log.read_text()}"
            if info.is_file():
                try:
                    url = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
                    candidate = Server(proc, url, token, log, runtime)
                    if candidate.api("GET", "/api/status").status_code == 200:
                        srv = candidate
                except (ValueError, KeyError, requests.ConnectionError):
                    pass
            if srv is None:
                time.sleep(0.1)
        yield srv
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(WAIT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def execute(ws: websocket.WebSocket, code: str) -> tuple[dict, list[dict]]:
    """Send one execute_request on the kernel's channels; return its reply and outputs (iopub)."""
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "date": datetime.now(UTC).isoformat(),
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    reply, outputs, idle = None, [], False
    while reply is None or not idle:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if msg["channel"] == "shell" and kind == "execute_reply":
            reply = msg["content"]
        elif msg["channel"] == "iopub" and kind == "status":
            idle = msg["content"]["execution_state"] == "idle"
        elif msg["channel"] == "iopub" and kind in (
            "stream",
            "display_data",
            "execute_result",
            "error",
        ):
            outputs.append(msg["content"] | {"output_type": kind})
    return reply, outputs


def html(outputs: list[dict]) -> str:
    return "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)


def test_register_writes_one_kernel_for_this_interpreter_and_again_changes_nothing(
    tmp_path, monkeypatch
):
    # nothing is left in the system's temporary folder (ipykernel's own draft folder was)
    system_temporary = tmp_path / "system-temporary"
    system_temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temporary))
    monkeypatch.setattr(isolation, "SCRATCH", tmp_path / "scratch")
    first = lab.register(tmp_path)
    spec = (first / "kernel.json").read_bytes()
    again = lab.register(tmp_path)
    assert first == again == tmp_path / "share" / "jupyter" / "kernels" / "civcas"
    assert (again / "kernel.json").read_bytes() == spec
    found = KernelSpecManager(
        kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")]
    ).get_all_specs()
    assert found["civcas"]["resource_dir"] == str(first)
    assert list(system_temporary.iterdir()) == []
    assert list((tmp_path / "scratch").iterdir()) == []  # its own draft folder is gone too
    assert (
        found["civcas"]["spec"]["display_name"]
        == f"Python {sys.version_info[0]}.{sys.version_info[1]} (civcas-notebooks)"
    )
    argv = found["civcas"]["spec"]["argv"]
    assert argv[0] == sys.executable and argv[-4:] == [
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
    ]


def test_lab_serves_the_project_and_offers_the_civcas_kernel_first(server):
    start = server.api("GET", "/", allow_redirects=False)
    assert (
        start.status_code == 302
        and urlsplit(start.headers["Location"]).path == "/lab/tree/notebooks/overview.ipynb"
    )
    page = server.api("GET", "/lab/tree/notebooks/overview.ipynb")
    assert page.status_code == 200 and "JupyterLab" in page.text
    specs = server.api("GET", "/api/kernelspecs").json()
    assert specs["default"] == "civcas"
    assert (
        specs["kernelspecs"]["civcas"]["spec"]["display_name"]
        == f"Python {sys.version_info[0]}.{sys.version_info[1]} (civcas-notebooks)"
    )
    assert (
        "python3" in specs["kernelspecs"]
    )  # what the committed notebooks name: the same interpreter
    opened = server.api("GET", "/api/contents/notebooks/overview.ipynb?content=0")
    assert opened.status_code == 200 and opened.json()["type"] == "notebook"


def test_report_notebook_runs_cell_by_cell_on_the_kernel_it_names(server, pkg):
    """What Lab does when a reader opens notebooks/report.ipynb and runs every cell."""
    nb = nbformat.read(paths.NOTEBOOKS / "report.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    at = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    sources = [c.source for c in code]
    sources.insert(at + 1, f"report_id = {REPORT_ID!r}")  # where papermill injects it
    reference = nbformat.read(paths.REPORTS / f"report-{REPORT_ID}.ipynb", as_version=4)
    expected_html = [html(c.outputs) for c in reference.cells if c.cell_type == "code"]

    assert nb.metadata.kernelspec.name == "python3"
    kernel_id = server.kernel("python3")
    ws = server.channels(kernel_id)
    try:
        reply, out = execute(ws, WHERE)
        assert reply["status"] == "ok" and printed(out).split() == [sys.prefix, sys.executable]
        runs = [execute(ws, source) for source in sources]
    finally:
        ws.close()
    assert [r["status"] for r, _ in runs] == ["ok"] * len(sources), [
        o for _, o in runs if any("ename" in x for x in o)
    ]
    assert not [o for _, outs in runs for o in outs if o["output_type"] in ("error", "stream")]

    def shown_by(call: str) -> str:
        return html(
            next(outs for source, (_, outs) in zip(sources, runs, strict=True) if call in source)
        )

    figures = shown_by("views.figures_table(")
    assert "2,832" in figures and "a shield" in figures
    counts = checks.status_counts(checks.run_checks(pkg, REPORT_ID))
    assert counts["fail"] + counts["warning"] > 0
    caption = views.report_checks(pkg, REPORT_ID).attrs[display.SHOWN_AS]["caption"]
    assert caption.startswith(f"{sum(counts.values())} checks: ")
    assert f"<caption>{display.esc(caption)}</caption>" in shown_by("views.report_checks(")
    assert [o for _, outs in runs for o in outs if "image/svg+xml" in o.get("data", {})], (
        "no chart was displayed"
    )
    assert [
        html(outs) for _, outs in runs
    ] == expected_html  # the same tables as the committed report
    assert server.api("DELETE", f"/api/kernels/{kernel_id}").status_code == 204


def test_civcas_kernel_is_this_environments_interpreter(server):
    kernel_id = server.kernel("civcas")
    ws = server.channels(kernel_id)
    try:
        reply, out = execute(ws, WHERE)
    finally:
        ws.close()
    assert reply["status"] == "ok" and printed(out).split() == [sys.prefix, sys.executable]
    assert server.api("DELETE", f"/api/kernels/{kernel_id}").status_code == 204


def test_server_shuts_down_cleanly(server):
    assert server.api("GET", "/api/kernels").json() == []
    assert server.api("POST", "/api/shutdown").status_code == 200
    assert server.proc.wait(WAIT) == 0, server.log.read_text()
    assert not list(server.runtime.glob("jpserver-*.json"))


def test_lab_s_kernels_draw_with_the_build_s_matrix_kernels(monkeypatch):
    """make lab pins numpy's matrix kernels as the build does (where it pins them), and keeps
    the rest of the reader's environment."""
    from helpers.build import isolation

    monkeypatch.setattr(isolation, "blas_settings", lambda: {"OPENBLAS_CORETYPE": "Haswell"})
    env = lab.lab_environment({"OPENBLAS_CORETYPE": "SkylakeX", "LANG": "C.UTF-8"})
    assert env == {"OPENBLAS_CORETYPE": "Haswell", "LANG": "C.UTF-8"}
    monkeypatch.setattr(isolation, "blas_settings", lambda: {})
    assert lab.lab_environment({"OPENBLAS_CORETYPE": "ARMV8"}) == {"OPENBLAS_CORETYPE": "ARMV8"}
