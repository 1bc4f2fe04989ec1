"""A live server in a thread of the test (uvicorn with the protocol `fupin serve` uses) and headless
Chromium driven by selenium (Debian's chromium and chromium-driver: `make browser` installs them)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from starlette.types import ASGIApp

from fupin.serving import bounded_head

# Screenshots of the browser tests, kept for CI's artifacts (gitignored).
ARTIFACTS = Path(__file__).parent / "artifacts"

# This machine has no internet: without these, Chromium keeps dialling out (updates, sync, QUIC).
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
    "--lang=zh-CN",
]


@contextlib.contextmanager
def live_server(app: ASGIApp, max_header_bytes: int) -> Iterator[int]:
    """Serves `app` on a free loopback port (yielded) until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=bounded_head(max_header_bytes), log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(30)


@contextlib.contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile. Fails (never skips) when chromedriver is missing."""
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    assert Path(driver_path).exists(), "chromedriver missing: run `make browser`"
    profile = tempfile.mkdtemp(prefix="fupin-chromium-")
    options = webdriver.ChromeOptions()
    for flag in [*_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    if Path("/usr/bin/chromium").exists():
        options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(browser: webdriver.Chrome, name: str) -> Path:
    """The whole page (up to 6000 px tall) as tests/artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = browser.get_window_size()
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(size["width"], min(6000, max(size["height"], int(height) + 140)))
    browser.save_screenshot(str(path))
    browser.set_window_size(size["width"], size["height"])
    return path
