"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the key pages of the demo edition.

The demo is served as in production (tests/browser/conftest.py: demo_site), loaded once per
test process; each page is a test of its own, so both processes share the list.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import DESKTOP, PHONE, new_page

PAGES = [
    "/",
    "/demonstration/programme/",
    "/demonstration/programme/?pres=N%C3%AEmes&gratuit=on",
    "/quinzaine-du-japon-2023/programme/",
    "/quinzaine-du-japon-2023/programme/?commune=Toulouse&gratuit=on&jour=2023-11-11",
    "/quinzaine-du-japon-2023/programme/?q=zzzz",
    "/quinzaine-du-japon-2023/evenements/the-ceremonie-narbonne/",
    "/quinzaine-du-japon-2023/evenements/estampes-japonaises/",
    "/lieux/",
    "/lieux/carre-d-art-nimes/",
    "/partenaires/",
    "/partenaires/cricao/",
    "/editions/",
    "/semaine-du-japon-2022/programme/",
    "/ma-selection/",
    "/donnees-ouvertes/",
    "/integrer/?commune=Toulouse",
    "/integrer/programme/?commune=Toulouse",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/contact/",
    "/page-inconnue/",
    # English and Japanese: longer words, other scripts, the same rules.
    "/en/",
    "/en/quinzaine-du-japon-2023/programme/?commune=Toulouse&gratuit=on&jour=2023-11-11",
    "/en/lieux/carre-d-art-nimes/",
    "/ja/",
    "/ja/demonstration/programme/",
    "/ja/quinzaine-du-japon-2023/evenements/the-ceremonie-narbonne/",
    "/ja/partenaires/cricao/",
    "/ja/integrer/programme/?commune=Toulouse",
]
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page, url):
    page.goto(url)
    results = Axe().run(page, options=RULES).response["violations"]
    return [
        f"{url}: {violation['id']} on {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results
    ]


@pytest.fixture(scope="module")
def window(browser, request):
    """A browser window of the size the test asks for, shared by the module's tests."""
    context, page = new_page(browser, {"phone": PHONE, "desktop": DESKTOP}[request.param])
    yield page
    context.close()


@pytest.mark.parametrize("window", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("path", PAGES)
def test_key_page_has_no_wcag_aa_violations(window, demo_site, path):
    assert violations(window, demo_site + path) == []


@pytest.mark.parametrize("window", ["phone"], indirect=True)
@pytest.mark.parametrize("path", PAGES)
def test_key_page_does_not_scroll_sideways_on_a_360_px_phone(window, demo_site, path):
    window.goto(demo_site + path)
    assert window.evaluate("document.documentElement.scrollWidth") == 360
