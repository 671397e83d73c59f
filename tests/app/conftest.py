"""Fixtures for the web UI tests: the real deck index, running apps, gradio_client, offline Chromium.

Recipe: /work/shared/BROWSER_TESTS.md. Everything listens on 127.0.0.1 and the browser cannot resolve
any other host, so a page that tries to fetch a font, script or image from outside is caught.
"""

from __future__ import annotations

import os

# Before gradio is imported (tests/conftest.py sets these too; repeated so this file stands alone).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import shutil  # noqa: E402
import socket  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import pytest  # noqa: E402

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _free_port() -> int:
    # gradio refuses server_port=0, so ask the OS for a free port and hand it over.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_app(index, **options) -> Iterator[str]:
    """Serve build_ui(index) on a free 127.0.0.1 port, with the same launch settings as `serve`."""
    from resultsqa.app.ui import build_ui, launch_ui

    demo = build_ui(index, **options)
    url = launch_ui(demo, host="127.0.0.1", port=_free_port(), block=False)
    try:
        yield url
    finally:
        demo.close()


@pytest.fixture
def app_over() -> Callable:
    """app_over(index, **build_ui_options) is a context manager serving a fresh app; it yields the URL."""
    return running_app


@pytest.fixture(scope="session")
def deck_app(deck_index) -> Iterator[str]:
    """The UI over the deck alone, shared by the tests that do not add documents."""
    with running_app(deck_index) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_document(tmp_path_factory) -> Path:
    """A document whose text would run script or load a remote image if the UI did not escape it."""
    path = tmp_path_factory.mktemp("hostile") / "gizmo_report.txt"
    path.write_text(
        "Gizmo Ltd quarterly report\n\n"
        "Gizmo sales\n"
        '- Gizmo sales were USD 7.25 million <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
        "![x](http://remote.example/x.png)\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def hostile_app(deck_index, hostile_document) -> Iterator[str]:
    """The UI over the deck plus the hostile document."""
    with running_app(deck_index.add([str(hostile_document)])) as url:
        yield url


@pytest.fixture
def client_for() -> Callable:
    """Open a gradio_client on an app URL, offline (no Hugging Face look-ups)."""
    from gradio_client import Client

    def connect(url: str):
        return Client(url, analytics_enabled=False, verbose=False)

    return connect


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; skipped when missing, except on CI, where that is a failure."""
    executable = shutil.which("chromium")
    if executable is None:
        reason = "Chromium not installed (apt-get install -y chromium fonts-dejavu-core)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page on one app, and every request it tried to send anywhere else (all aborted)."""

    page: object
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser) -> Iterator[Callable[[str], Visit]]:
    """visit(url) opens the app in a fresh browser context that records and aborts outside requests."""
    contexts = []

    def open_app(url: str) -> Visit:
        context = browser.new_context()
        contexts.append(context)
        context.set_default_timeout(15_000)
        app_origin = urlsplit(url)._replace(path="", query="", fragment="").geturl()
        result = Visit(page=None)

        def gate(route) -> None:
            requested = route.request.url
            if urlsplit(requested)._replace(path="", query="", fragment="").geturl() == app_origin:
                route.continue_()
            else:
                result.outside.append(requested)
                route.abort()

        context.route("**/*", gate)
        result.page = context.new_page()
        result.page.goto(url, wait_until="load")
        return result

    yield open_app
    for context in contexts:
        context.close()
