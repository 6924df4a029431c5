"""A real Chromium against a real server thread on the test database.

The server runs outside any test transaction (a browser's requests come from another
thread), so browser tests commit what they create and remove it afterwards.
"""

import os
import shutil

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler

from tests.conftest import live_server


def chromium_executable(path: str | None = None) -> str:
    """Debian's chromium on PATH; a missing browser fails the run, it never skips tests."""
    executable = shutil.which("chromium", path=path)
    if executable is None:
        pytest.fail(
            "Chromium is not installed: run `make test` (infra/ensure-chromium installs it) "
            "or `sudo apt-get install -y chromium`.",
            pytrace=False,
        )
    return executable


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    # Static files from the finders (as StaticLiveServerTestCase does), not from a
    # STATIC_ROOT that only collectstatic fills: the admin's scripts must load.
    with django_db_blocker.unblock(), live_server(StaticFilesHandler) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()

    # Playwright's sync API keeps an event loop on the main thread; Django would then
    # refuse the test's own (synchronous) database calls. Django's documented escape hatch.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
