"""A headless Chromium driven over the DevTools protocol, for the review-page browser tests.

No third-party driver: Chromium's `--remote-debugging-pipe` speaks the DevTools protocol as
NUL-terminated JSON messages on file descriptors 3 (commands in) and 4 (replies and events out),
which is what Playwright and Puppeteer use under the hood. That keeps the tests on Debian's
`chromium` package alone (Playwright's own browser download is not always reachable).

    with Browser.launch() as browser:
        page = browser.open(path, width=1400, height=900)
        page.evaluate("document.title")
        page.screenshot(out_png)
        page.console_errors, page.requests
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0


def find_chromium() -> str | None:
    """The path of a Chromium-like browser (ARCHDSL_CHROMIUM first), or None."""
    named = os.environ.get("ARCHDSL_CHROMIUM")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


@dataclass
class Page:
    """One tab: what it logged and requested since it was opened."""

    browser: Browser
    session: str
    url: str = ""
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def send(self, method: str, **params) -> dict:
        return self.browser.send(method, params, session=self.session)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression (awaited when it is a promise)."""
        reply = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"evaluate failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False, max_height: int = 16000) -> None:
        """A PNG of the viewport, or of the whole page up to `max_height` CSS pixels."""
        params: dict = {"format": "png"}
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
        data = self.send("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def handle(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.console_errors.append(f"uncaught: {text}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
            self.console_errors.append("console.error: " + " ".join(args))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.console_errors.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])


class Browser:
    """A headless Chromium process and the protocol connection to it."""

    def __init__(self, executable: str):
        self._profile = tempfile.mkdtemp(prefix="archdsl-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def wire_pipes() -> None:  # in the child: the protocol's fds 3 and 4, kept over exec
            source, sink = os.dup(commands_read), os.dup(replies_write)
            os.dup2(source, 3)
            os.dup2(sink, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipes,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._next_id = 0
        self._answers: queue.Queue = queue.Queue()
        self._pages: dict[str, Page] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def launch(cls, executable: str | None = None) -> Browser:
        path = executable or find_chromium()
        if path is None:
            raise FileNotFoundError("no Chromium found (install Debian's `chromium` package)")
        return cls(path)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._replies, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._answers.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    self._answers.put(message)
                else:
                    page = self._pages.get(message.get("sessionId", ""))
                    if page is not None:
                        with self._lock:
                            page.handle(message)
                            page.events.append(message.get("method", ""))

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its answer (events meanwhile go to their page)."""
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                answer = self._answers.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise BrowserError(f"no answer to {method} in {TIMEOUT:.0f}s") from None
            if answer is None:
                raise BrowserError(f"the browser closed the connection during {method}")
            if answer["id"] != self._next_id:
                continue
            if "error" in answer:
                raise BrowserError(f"{method}: {answer['error'].get('message')}")
            return answer.get("result", {})

    def open(self, path: Path, width: int = 1400, height: int = 900) -> Page:
        """A new tab `width` x `height` CSS pixels showing the file, once its load event fired."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        page.url = Path(path).resolve().as_uri()
        page.send("Page.navigate", url=page.url)
        deadline = time.monotonic() + TIMEOUT
        while "Page.loadEventFired" not in page.events:
            if time.monotonic() > deadline:
                raise BrowserError(f"{path} did not finish loading in {TIMEOUT:.0f}s")
            time.sleep(0.02)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return page

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
