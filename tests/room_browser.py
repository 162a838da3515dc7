"""A headless Chromium driven over the DevTools protocol, with aiohttp's WebSocket client
(no selenium, no driver binary): open a page at phone size, tap, read, take a screenshot.
Only ever pointed at 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
from pathlib import Path

import aiohttp


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, profile: Path, width: int = 360, height: int = 740) -> None:
        self.profile = profile
        self.width, self.height = width, height
        self._next_id = 0

    async def __aenter__(self) -> "Browser":
        self.process = await asyncio.create_subprocess_exec(
            chromium_path(), "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--metrics-recording-only", "--no-proxy-server",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}", f"--window-size={self.width},{self.height}",
            "about:blank", stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            await asyncio.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self.socket = await self.http.ws_connect(pages[0]["webSocketDebuggerUrl"],
                                                 max_msg_size=0)
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send("Emulation.setDeviceMetricsOverride", width=self.width,
                        height=self.height, deviceScaleFactor=1, mobile=True)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()
        await self.http.close()
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except asyncio.TimeoutError:
            self.process.kill()
            await self.process.wait()

    async def send(self, method: str, **params) -> dict:
        self._next_id += 1
        ident = self._next_id
        await self.socket.send_str(json.dumps({"id": ident, "method": method,
                                               "params": params}))
        while True:
            message = json.loads((await asyncio.wait_for(self.socket.receive(), 30)).data)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", expression=expression,
                                 awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete'")

    async def wait_for(self, expression: str, seconds: float = 10.0):
        for _ in range(int(seconds * 10)):
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.1)
        raise AssertionError(f"not within {seconds} s: {expression}")

    async def tap(self, selector: str, index: int = 0) -> None:
        """A real tap (mouse press and release) on the middle of the element."""
        box = await self.evaluate(
            f"(() => {{ const e = document.querySelectorAll({json.dumps(selector)})[{index}];"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2, r.width, r.height]; })()")
        x, y = box[0], box[1]
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                            clickCount=1)

    async def size_of(self, selector: str, index: int = 0) -> tuple[float, float]:
        width, height = await self.evaluate(
            f"(() => {{ const r = document.querySelectorAll({json.dumps(selector)})[{index}]"
            ".getBoundingClientRect(); return [r.width, r.height]; })()")
        return width, height

    async def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = (await self.send("Page.captureScreenshot", **params))["data"]
        path.write_bytes(base64.b64decode(data))
        return path
