"""A small Chrome DevTools Protocol client for the browser tests: one headless Chromium, one page,
and everything a reader's browser would complain about, collected per page load -- console errors,
uncaught exceptions, failed loads -- plus JavaScript evaluation, screenshots and print to PDF.

Test infrastructure (used by tests/test_browser.py and tests/test_hostile_text.py), built on the
pinned websocket-client; foreign_scripts tells the site's own scripts from any other. No page may
reach the internet: every http(s) request is blocked, so a page that tries to fetch one shows up as
a failed load instead of quietly depending on the network."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websocket

from helpers.present.index import SITE_SCRIPTS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = (
    "headless Chromium is not installed: `apt-get install chromium chromium-driver` (as root), "
    "then run the tests again"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
    # how Chromium swaps documents on navigation, which a test that reads each page once never
    # needs: a new frame for every document, the last page kept for going back, the first paint
    # held; none changes a page's layout, and leaving them out cuts the pass's CPU by about a
    # quarter (about 36 s -> 27 s for the committed site's 219 pages at two widths)
    "--disable-features=BackForwardCache,PaintHolding,RenderDocument",
]
# for a browser that only reads pages' layout (visit): the compositor on the renderer's main
# thread and each tile rastered whole. With no GPU, the threaded compositor's hand-offs and partial
# re-rasters are work without a use there: the facts every page gives are the same, and the
# committed site's pass takes about a quarter less CPU (about 22 s -> 17 s for 217 pages at two
# widths). Not for pictures: a screenshot then waits for a frame that never comes.
LAYOUT_ONLY_FLAGS = ["--disable-threaded-compositing", "--disable-partial-raster"]
BLOCKED = ["http://*", "https://*"]
ERROR_LEVELS = {"error", "assert"}


# every <script> element of the page as the browser parsed it: what foreign_scripts judges
SCRIPTS = """Array.from(document.scripts, s => ({
  id: s.id, type: s.getAttribute('type'), attributes: s.getAttributeNames(), text: s.text}))"""
# the one kind of script element that is data, never run: a report page's claim reviews
DATA_BLOCK = "application/ld+json"


def is_data_block(script: dict) -> bool:
    """Whether a script (as SCRIPTS lists it) is a JSON-LD data block, which a browser never runs:
    its type attribute alone, that type application/ld+json, and its whole text JSON (a text that
    hostile data cut short does not parse)."""
    if script["attributes"] != ["type"] or script.get("type") != DATA_BLOCK:
        return False
    try:
        json.loads(script["text"])
    except ValueError:
        return False
    return True


def foreign_scripts(scripts: list[dict]) -> list[str]:
    """The scripts of a page (as the SCRIPTS expression lists them) that are not the site's own,
    described; empty when every one is. A script is the site's own only when its element carries an
    id and no other attribute (no src, no type), the id is a key of
    helpers.present.index.SITE_SCRIPTS and its text is exactly that constant; each comes once. A
    JSON-LD data block (is_data_block) is data, not a script, and passes."""
    found, seen = [], set()
    for s in scripts:
        if is_data_block(s):
            continue
        own = SITE_SCRIPTS.get(s["id"])
        if s["attributes"] != ["id"] or own is None:
            found.append(f"script id={s['id']!r} attributes={s['attributes']}: {s['text'][:80]!r}")
        elif s["text"] != own:
            found.append(f"script id={s['id']!r}: its text is not the site's constant")
        elif s["id"] in seen:
            found.append(f"script id={s['id']!r} twice")
        seen.add(s["id"])
    return found


class CDPError(RuntimeError):
    """Chromium refused a command, or the page threw while evaluating an expression."""


@dataclass
class PageLoad:
    """What happened while one page loaded: messages are 'level: text (where)'."""

    url: str
    console: list[str] = field(
        default_factory=list
    )  # console API calls and browser log entries, every level
    exceptions: list[str] = field(
        default_factory=list
    )  # uncaught exceptions (Runtime.exceptionThrown)
    failed: list[str] = field(default_factory=list)  # 'url: net::ERR_...' for loads that failed
    requests: list[str] = field(default_factory=list)  # every URL the page requested

    @property
    def errors(self) -> list[str]:
        return [m for m in self.console if m.split(":", 1)[0] in ERROR_LEVELS]

    @property
    def problems(self) -> list[str]:
        """Everything that should never happen on a reader's page; empty when the page is clean."""
        return (
            self.errors
            + [f"uncaught: {e}" for e in self.exceptions]
            + [f"failed load: {f}" for f in self.failed]
        )


class Chromium:
    """One headless Chromium with one page target. Use as a context manager, or call close()."""

    def __init__(
        self,
        profile: Path,
        width: int = 1200,
        height: int = 900,
        timeout: float = 60.0,
        layout_only: bool = False,
    ):
        """layout_only: a browser that reads pages and takes no picture (LAYOUT_ONLY_FLAGS)."""
        if CHROMIUM is None:
            raise RuntimeError(MISSING)
        self.profile, self.timeout = Path(profile), timeout
        self.profile.mkdir(parents=True, exist_ok=True)
        # a reused profile keeps the last run's port, which would be read before this one's
        (self.profile / "DevToolsActivePort").unlink(missing_ok=True)
        self.log_path = self.profile.with_name(self.profile.name + ".log")
        # open while Chromium runs: close() closes it
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        # Chromium's own temporary files (its singleton socket's folder, left behind when it is
        # stopped) beside the profile, not in the system's temporary folder
        own_temporary = self.profile.with_name(self.profile.name + ".tmp")
        own_temporary.mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                *(LAYOUT_ONLY_FLAGS if layout_only else []),
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(own_temporary)},
        )
        self._next_id = 0
        self._events: list[dict] = []
        self._urls: dict[str, str] = {}
        self.load = PageLoad("about:blank")
        try:
            port = self._port()
            # websocket-client checks every message's UTF-8 in pure Python (most of this
            # process's time over a site's pages); decoding it as JSON checks it anyway
            self.ws = websocket.create_connection(
                self._page_socket(port),
                timeout=timeout,
                suppress_origin=True,
                enable_multithread=False,
                skip_utf8_validation=True,
            )
            for domain in ("Runtime", "Log", "Network", "Page"):
                self.send(f"{domain}.enable")
            self.send(
                "Network.setBlockedURLs",
                urls=BLOCKED,
                urlPatterns=[{"urlPattern": u, "block": True} for u in BLOCKED],
            )
            self.viewport(width, height)
        except Exception:
            self.close()
            raise

    def _port(self) -> int:
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Chromium exited with code {self.proc.returncode} before it opened DevTools; "
                    f"see {self.log_path}"
                )
            lines = active.read_text().splitlines() if active.is_file() else []
            if lines and lines[0].strip().isdigit():
                return int(lines[0])
            time.sleep(0.05)
        raise RuntimeError(
            f"Chromium did not write {active} within {self.timeout:.0f} s; see {self.log_path}"
        )

    def _page_socket(self, port: int) -> str:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/json/list", timeout=self.timeout
        ) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        if not pages:
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"
            )
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                pages = [json.load(r)]
        return pages[0]["webSocketDebuggerUrl"]

    # -- protocol ---------------------------------------------------------------------------------
    def send(self, method: str, **params) -> dict:
        """Run one command and return its result; events that arrive meanwhile are recorded."""
        self._next_id += 1
        mid = self._next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = self._receive()
            if msg.get("id") == mid:
                if "error" in msg:
                    raise CDPError(
                        f"{method}: {msg['error'].get('message')} "
                        f"{msg['error'].get('data', '')}".strip()
                    )
                return msg.get("result", {})

    def _receive(self) -> dict:
        msg = json.loads(self.ws.recv())
        if "method" in msg:
            self._record(msg["method"], msg.get("params", {}))
            self._events.append(msg)
        return msg

    def wait_for(self, event: str) -> dict:
        """The first `event` received since the last navigation (waiting for it if need be)."""
        while True:
            for msg in self._events:
                if msg["method"] == event:
                    return msg["params"]
            self._receive()

    def _record(self, method: str, p: dict) -> None:
        load = self.load
        if method == "Runtime.consoleAPICalled":
            text = " ".join(
                str(a.get("value", a.get("description", a.get("type", ""))))
                for a in p.get("args", [])
            )
            frame = (p.get("stackTrace") or {}).get("callFrames") or [{}]
            load.console.append(
                f"{p.get('type')}: {text} "
                f"({frame[0].get('url', '')}:{frame[0].get('lineNumber', '')})"
            )
        elif method == "Log.entryAdded":
            e = p["entry"]
            load.console.append(f"{e.get('level')}: {e.get('text')} ({e.get('url', '')})")
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            load.exceptions.append(
                f"{(d.get('exception') or {}).get('description') or d.get('text')} "
                f"({d.get('url', '')}:{d.get('lineNumber', '')})"
            )
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            self._urls[p["requestId"]] = url
            load.requests.append(url)
        elif method == "Network.loadingFailed" and not p.get("canceled"):
            load.failed.append(
                f"{self._urls.get(p['requestId'], p['requestId'])}: {p.get('errorText')}"
                + (f" (blocked: {p['blockedReason']})" if p.get("blockedReason") else "")
            )
        elif method == "Network.responseReceived" and p["response"].get("status", 200) >= 400:
            load.failed.append(f"{p['response']['url']}: HTTP {p['response']['status']}")

    # -- what the tests use -----------------------------------------------------------------------
    def navigate(self, url: str) -> PageLoad:
        """Open url, wait for its load event, and return what went wrong while it loaded."""
        self._events = []
        self.load = PageLoad(url)
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            if not self.load.failed:
                self.load.failed.append(f"{url}: {result['errorText']}")
            return self.load
        self.wait_for("Page.loadEventFired")
        self.evaluate(
            "Promise.all(Array.from(document.images, i => i.decode().catch(() => null)))"
            ".then(() => true)"
        )
        return self.load

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (promises awaited), as JSON-able
        data."""
        r = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise CDPError(
                f"{expression[:80]!r} threw: "
                f"{(d.get('exception') or {}).get('description') or d.get('text')}"
            )
        return r["result"].get("value")

    def screenshot(self, full_page: bool = True, max_height: int = 12000) -> bytes:
        """A PNG of the page: the whole page (up to max_height CSS pixels) or just the viewport."""
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(
                captureBeyondViewport=True,
                clip={
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": min(size["height"], max_height),
                    "scale": 1,
                },
            )
        return base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])

    def print_pdf(self, **options) -> bytes:
        """The page as Chromium prints it; preferCSSPageSize=True honours the page's @page size."""
        return base64.b64decode(
            self.send("Page.printToPDF", printBackground=True, **options)["data"]
        )

    def viewport(self, width: int, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def emulate_media(self, media: str) -> None:
        """'print' or 'screen'; '' restores the default."""
        self.send("Emulation.setEmulatedMedia", media=media)

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# Each page's links, anchors, images and scripts (tests/test_browser.py).
LINK_FACTS = """(() => ({
  title: document.title,
  links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')),
  targets: Array.from(document.querySelectorAll('[id], a[name]'),
                      e => e.id || e.getAttribute('name')),
  images: Array.from(document.images, i => ({src: (i.getAttribute('src') || '').slice(0, 40),
                                             complete: i.complete,
                                             width: i.naturalWidth, height: i.naturalHeight})),
  scripts: SCRIPTS,
  text: document.body.innerText.length,
}))()""".replace("SCRIPTS", SCRIPTS)

# the element the index's first finding is (tests/test_reader_pages.py)
FIRST_FINDING = "section#findings li.finding"
# a chart as a page shows it
CHARTS = ".jp-RenderedSVG img, .jp-RenderedImage img"

# What a reader sees: for each viewport-relevant fact, one entry per offending thing.
READER_FACTS = (
    """(() => {
  const width = window.innerWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const where = e => {
    const trail = [];
    for (let p = e; p && p !== document.body && trail.length < 4; p = p.parentElement) {
      trail.unshift(name(p));
    }
    return trail.join(' > ');
  };
  const scrollsByDesign = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll')
          && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const box = e.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1) continue;
    if (scrollsByDesign(e)) continue;
    const parent = e.parentElement.getBoundingClientRect();
    if (e.parentElement !== document.body && parent.right > width + 1) continue;  // outermost only
    wide.push(`${where(e)} reaches ${Math.round(box.right)} px`
              + ` ("${(e.innerText || e.textContent || '').trim().slice(0, 60)}")`);
  }
  // a table wider than the box it scrolls in: its last columns are out of sight
  const cut = [];
  for (const t of document.body.querySelectorAll('table')) {
    const shown = t.getBoundingClientRect().width, room = t.parentElement.clientWidth;
    if (shown > room + 1) {
      cut.push(`${where(t)} is ${Math.round(shown)} px wide in a ${room} px box`
               + ` ("${(t.caption ? t.caption.innerText : t.innerText).trim().slice(0, 60)}")`);
    }
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('details, script, style, noscript, template')) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden'
        || !parent.getClientRects().length) continue;
    texts.push([where(parent), text]);
  }
  // a title is shown on hover: read like the text (a link's whole address included)
  for (const e of document.body.querySelectorAll('[title]')) {
    if (e.closest('details, script, style, noscript, template')) continue;
    const title = e.getAttribute('title').trim();
    if (title) texts.push([`the title of ${where(e)}`, title]);
  }
  const first = document.querySelector('"""
    + FIRST_FINDING
    + """');
  const CHARTS = '"""
    + CHARTS
    + """';
  const box = first && first.getBoundingClientRect();
  return {
    scroll_width: document.documentElement.scrollWidth,
    width: width,
    height: window.innerHeight,
    wide: wide.slice(0, 20),
    cut: cut.slice(0, 20),
    texts: texts,
    first_finding: box && {top: box.top, bottom: box.bottom,
                           text: first.innerText.trim().slice(0, 80)},
    charts: Array.from(document.querySelectorAll(CHARTS), i => {
      const box = i.closest('.jp-RenderedSVG, .jp-RenderedImage');
      return {shown: i.getBoundingClientRect().width, drawn: i.naturalWidth,
              alt: (i.getAttribute('alt') || '').slice(0, 60),
              scrolls: box.scrollWidth > box.clientWidth + 1,
              cue: getComputedStyle(box, '::before').content};
    }),
  };
})()"""
)

# what visit() evaluates in every page, by name; the link facts (what a page links, names and
# shows) do not change with the window's width, and are taken at the first viewport only
FACTS = {"links": LINK_FACTS, "reader": READER_FACTS}
FIRST_VIEWPORT_ONLY = {"links"}
VIEWPORTS = {"1280x800": (1280, 800), "390x844": (390, 844)}


@dataclass
class Visit:
    """One page opened at one viewport: what went wrong while it loaded, and each of FACTS."""

    page: str
    viewport: str
    load: PageLoad
    facts: dict

    @property
    def where(self) -> str:
        return f"{self.page} at {self.viewport}"

    @property
    def reader(self) -> dict:
        """What READER_FACTS found."""
        return self.facts["reader"]


def visit(folder: Path, pages: list[str], profile: Path, viewports=None) -> list[Visit]:
    """Every page of `pages` (file names in folder) at each viewport (default VIEWPORTS), with
    FACTS evaluated in it (those of FIRST_VIEWPORT_ONLY at the first viewport only): one browser
    pass serves every test of the site's pages. Visits come viewport by viewport, pages in the
    order given.

    A page is loaded once, at the viewport the window already has, and laid out again at each
    other one (the window resized, as a reader turning a phone does) before its facts are taken
    there: media queries and layout follow the window, and the site's one script (the index's
    filter and sort) never reads its size. Pages take the viewports in turn forwards and
    backwards, so that each page starts at the width the last one ended at and the window is
    resized once per page, not twice. Each of a page's visits carries that one load's
    problems."""
    viewports = list((viewports or VIEWPORTS).items())
    first = viewports[0][0]
    seen: dict[str, list[Visit]] = {label: [] for label, _ in viewports}
    current = None
    with Chromium(profile, layout_only=True) as browser:
        for n, page in enumerate(pages):
            load = None
            for label, (width, height) in viewports[:: -1 if n % 2 else 1]:
                if label != current:
                    browser.viewport(width, height)
                    current = label
                if load is None:
                    load = browser.navigate((folder / page).as_uri())
                facts = {
                    name: browser.evaluate(script)
                    for name, script in FACTS.items()
                    if label == first or name not in FIRST_VIEWPORT_ONLY
                }
                seen[label].append(Visit(page, label, load, facts))
    return [one for label, _ in viewports for one in seen[label]]
