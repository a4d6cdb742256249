"""Drive a real headless Chromium over the DevTools protocol (``--remote-debugging-pipe``), in plain Python.

Used by the report tests to open the HTML report, collect console errors and failed loads, query the DOM and
take a full-page screenshot. No third-party dependency: the pipe protocol is JSON messages separated by NUL
bytes, commands written to the browser's fd 3 and replies/events read from its fd 4.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    for c in CHROMIUM_CANDIDATES:
        if os.path.exists(c) and os.access(c, os.X_OK):
            return c
    return shutil.which("chromium")


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, binary: str, user_data_dir: Path, timeout: float = 60.0):
        self.timeout = timeout
        r_cmd, self._w_cmd = os.pipe()  # we write commands, the browser reads them on its fd 3
        self._r_evt, w_evt = os.pipe()  # the browser writes on its fd 4
        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--disable-dev-shm-usage", f"--user-data-dir={user_data_dir}", "--remote-debugging-pipe",
            "about:blank",
        ]

        # The browser's ends are moved to fds >= 10 first, so that dup2 onto 3 and 4 in the child always
        # makes a new, inheritable descriptor (dup2(fd, fd) would keep close-on-exec).
        import fcntl

        hi_cmd = fcntl.fcntl(r_cmd, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_evt = fcntl.fcntl(w_evt, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(r_cmd)
        os.close(w_evt)
        r_cmd, w_evt = hi_cmd, hi_evt

        def child_fds():  # runs in the child before exec
            os.dup2(r_cmd, 3)
            os.dup2(w_evt, 4)

        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=None if os.environ.get("TS_CHROMIUM_DEBUG") else subprocess.DEVNULL, preexec_fn=child_fds, close_fds=False)
        os.close(r_cmd)
        os.close(w_evt)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("Browser.close", wait=False)
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for fd in (self._w_cmd, self._r_evt):
            try:
                os.close(fd)
            except OSError:
                pass

    def _read_message(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from chromium")
            ready, _, _ = select.select([self._r_evt], [], [], left)
            if ready:
                chunk = os.read(self._r_evt, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None, wait: bool = True):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w_cmd, json.dumps(msg).encode() + b"\0")
        if not wait:
            return None
        deadline = time.monotonic() + self.timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method: str, timeout: float | None = None) -> dict:
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            m = self._read_message(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)


def open_page(binary: str, url: str, user_data_dir: Path, *, screenshot: Path | None = None,
              width: int = 1200, probe_js: str = "null") -> dict:
    """Load ``url``; return console errors, exceptions, failed loads, the probe's value, and save a screenshot.

    Returns
    -------
    dict
        ``errors``: list of str (console errors, uncaught exceptions, log entries of level error, failed
        network loads); ``probe``: the value of ``probe_js`` evaluated after the load event; ``height``.
    """
    with Browser(binary, user_data_dir) as b:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sess = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for dom in ("Page", "Runtime", "Log", "Network"):
            b.send(f"{dom}.enable", session=sess)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=sess)
        b.send("Page.navigate", {"url": url}, session=sess)
        b.wait_event("Page.loadEventFired")
        probe = b.send("Runtime.evaluate", {"expression": probe_js, "returnByValue": True,
                                            "awaitPromise": True}, session=sess)
        height = b.send("Runtime.evaluate", {"expression": "document.documentElement.scrollHeight",
                                             "returnByValue": True}, session=sess)["result"]["value"]
        if screenshot is not None:
            b.send("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": int(height), "deviceScaleFactor": 1, "mobile": False}, session=sess)
            shot = b.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                          session=sess)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
        errors = []
        for m in b.events:
            meth, p = m.get("method"), m.get("params", {})
            if meth == "Runtime.exceptionThrown":
                errors.append("exception: " + p["exceptionDetails"].get("text", ""))
            elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append("console: " + " ".join(str(a.get("value", a.get("description", "")))
                                                     for a in p.get("args", [])))
            elif meth == "Log.entryAdded" and p["entry"].get("level") == "error":
                errors.append("log: " + p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
            elif meth == "Network.loadingFailed":
                errors.append("network: " + p.get("errorText", ""))
            elif meth == "Network.requestWillBeSent":
                u = p.get("request", {}).get("url", "")
                if not (u.startswith("file:") or u.startswith("data:") or u == "about:blank"):
                    errors.append("external request: " + u)
        if "exceptionDetails" in probe:
            errors.append("probe failed: " + json.dumps(probe["exceptionDetails"])[:300])
        return {"errors": errors, "probe": probe.get("result", {}).get("value"), "height": height}
