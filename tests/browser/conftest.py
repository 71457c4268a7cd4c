"""Headless Chromium (Debian's package) driven by Playwright against built sites."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ..conftest import FIXTURES, REPO, build_site, make_repo

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("SKB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium is missing: install Debian's package (apt-get install chromium) "
            "or set SKB_CHROMIUM; the browser tests never skip",
            pytrace=False,
        )
    return path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator:
    servers = []

    def start(directory: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, Path]:
    """The repository's own site, built as `make site` builds it."""
    out = tmp_path_factory.mktemp("site")
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True))
    return serve(out), out


@pytest.fixture(scope="session")
def chinese_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    repo = make_repo(tmp_path_factory.mktemp("zh") / "repo")
    shutil.copy(FIXTURES / "chinese-case.md", repo / "cases" / "bans" / "example-zh-2022.md")
    return serve(build_site(repo))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    page.errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text
            and page.errors.append(m.text)
        ),
    )
    # Material fetches sitemap.xml beside each language link for instant navigation; the
    # links point at the same page in the other language (not at its root, as Material
    # assumes), so those fetches miss. That is the only 404 a page may cause.
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/sitemap.xml")
            and page.errors.append(f"{r.status} {r.url}")
        ),
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def lifecycle_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    """A site with a renamed case, a merged one and a withdrawn one."""
    from ..conftest import make_lifecycle

    root = make_repo(tmp_path_factory.mktemp("lifecycle") / "repo")
    make_lifecycle(root)
    return serve(build_site(root))
