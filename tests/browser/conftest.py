"""Browser tests: Debian's Chromium driven by Playwright, against Django's live server."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, new_page
from tests.browser.production import production_site, tile_server

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in
# fixtures and tests are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page in a 360 px wide phone window."""
    context, page = new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    """A page in a desktop-sized window."""
    context, page = new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def organiser(transactional_db):
    """An organiser the browser logs in as (helpers.log_in): a member of Organisateurs."""
    user = get_user_model().objects.create_user(
        "sakura", password="mot-de-passe-solide-42", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Organisateurs"))
    return user


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """Serve the demo as in production (gunicorn, DEBUG=0), loaded once per test process.

    For tests that only read pages: they share it instead of loading the demo each.
    """
    folder = tmp_path_factory.mktemp("production")
    with tile_server() as tiles, production_site(folder, tiles) as url:
        yield url
