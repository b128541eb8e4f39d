"""A live server on a loopback port, Debian's chromium driven by Playwright, and
the screenshot index (test-artifacts/index.html) each journey adds itself to."""

import os
from pathlib import Path

import pytest

from tests.e2e import artifacts
from tests.serving import serve_wsgi

CHROMIUM = Path("/usr/bin/chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item):
    """Keep each phase's report on the test, so its journey can show the outcome."""
    report = yield
    artifacts.keep_report(item, report)
    return report


@pytest.fixture
def live_server(make_app):
    """The app with CSRF on, served over real HTTP on 127.0.0.1 in a thread."""
    live = make_app(WTF_CSRF_ENABLED=True)
    served = serve_wsgi(live)
    url = served.url
    live.config["PUBLIC_URL"] = url  # redirect URIs name the port it serves on
    yield url
    served.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_index():
    """Started by the first journey, so a run without a browser keeps the last one."""
    index = artifacts.ScreenshotIndex(artifacts.ARTIFACTS)
    index.clear()
    return index


@pytest.fixture
def journey(screenshot_index, request):
    """This test's section of the index; its outcome is filled in once it has run."""
    journey = screenshot_index.begin(
        request.node.name, artifacts.summary(request.function)
    )
    yield journey
    journey.finish(artifacts.outcome(request.node))


@pytest.fixture
def page(browser, live_server, journey, request):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    try:
        caption = artifacts.final_caption(
            journey.summary, artifacts.outcome(request.node)
        )
        journey.screenshot(page, f"{request.node.name}-final.png", caption)
    finally:
        context.close()
