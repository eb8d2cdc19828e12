"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the key pages of the demo edition."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

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
]
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def violations(page, url):
    page.goto(url)
    results = Axe().run(page, options=RULES).response["violations"]
    return [
        f"{url}: {violation['id']} on {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results
    ]


@pytest.mark.parametrize("window", ["phone_page", "desktop_page"])
def test_key_pages_have_no_wcag_aa_violations(request, window, live_server, demo):
    page = request.getfixturevalue(window)
    found = [line for path in PAGES for line in violations(page, live_server.url + path)]
    assert found == []


def test_no_key_page_scrolls_sideways_on_a_360_px_phone(phone_page, live_server, demo):
    widths = {}
    for path in PAGES:
        phone_page.goto(live_server.url + path)
        widths[path] = phone_page.evaluate("document.documentElement.scrollWidth")
    assert widths == dict.fromkeys(PAGES, 360)
