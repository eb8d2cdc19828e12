"""A partner's page on another site embeds the programme widget: it shows, fits, is accessible."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import new_page
from tests.browser.production import free_port
from tests.factories import aware, make_event, make_festival, make_session

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(autouse=True)
def during_the_festival():
    with time_machine.travel(aware(2023, 11, 12, 9), tick=True):
        yield


@pytest.fixture
def festival(transactional_db):
    base = make_festival()
    for day in range(12, 20):
        event = make_event(base.edition, title=f"Atelier du {day}", venue=base.albi)
        make_session(event, aware(2023, 11, day, 14))
    return base


@pytest.fixture
def partner_site():
    """Serve one page at a time, as a partner's site on another port: set `html` first."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()


def partner_page(live_server, src):
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Office de tourisme d'Albi</title></head><body><h1>Agenda</h1>
<iframe src="{live_server.url}{src}" title="Programme de la Quinzaine à Albi"
  style="width:100%;height:600px;border:0" data-quinzaine-programme></iframe>
<script src="{live_server.url}/integrer/integrer.js" async></script>
<p id="after">Fin de la page</p></body></html>"""


def test_a_partner_page_shows_the_widget_sized_to_its_list(
    browser, live_server, festival, partner_site
):
    base, pages = partner_site
    pages["/agenda"] = partner_page(live_server, "/integrer/programme/?commune=Albi")
    context, page = new_page(browser, {"viewport": {"width": 1000, "height": 800}})
    try:
        page.goto(base + "/agenda")
        frame = page.frame_locator("iframe[data-quinzaine-programme]")
        frame.locator(".widget-row").first.wait_for()
        assert frame.locator(".widget-row").count() == 8
        iframe = page.locator("iframe[data-quinzaine-programme]")
        page.wait_for_function(
            "() => document.querySelector('iframe').style.height !== '600px'", timeout=10000
        )
        inner = frame.locator("html").evaluate("html => html.scrollHeight")
        assert abs(iframe.bounding_box()["height"] - inner) <= 2
        # The links open the festival's pages in a new tab.
        assert frame.locator("a.widget-event").first.get_attribute("target") == "_blank"
    finally:
        context.close()


def test_other_pages_of_the_site_refuse_to_be_framed(browser, live_server, festival, partner_site):
    base, pages = partner_site
    pages["/vol"] = partner_page(live_server, "/2023/programme/")
    context, page = new_page(browser, {"viewport": {"width": 1000, "height": 800}})
    try:
        page.goto(base + "/vol")
        page.wait_for_timeout(1500)
        framed = [frame for frame in page.frames if frame != page.main_frame]
        assert framed
        assert all(".session-row" not in (frame.content() or "") for frame in framed)
        assert page.frame_locator("iframe").locator(".session-row").count() == 0
    finally:
        context.close()


def test_the_widget_is_accessible_on_a_320_px_phone(browser, live_server, festival):
    context, page = new_page(browser, {"viewport": {"width": 320, "height": 640}})
    try:
        for prefix in ("", "/en", "/ja"):
            page.goto(f"{live_server.url}{prefix}/integrer/programme/?commune=Albi")
            results = Axe().run(page, options=RULES).response["violations"]
            assert [violation["id"] for violation in results] == [], prefix
            assert page.evaluate("document.documentElement.scrollWidth") == 320
    finally:
        context.close()


def test_the_generator_copies_a_snippet_that_works(browser, live_server, festival):
    context, page = new_page(browser, {"viewport": {"width": 1366, "height": 900}})
    try:
        page.goto(f"{live_server.url}/integrer/?edition=2023")
        page.get_by_label("Commune").select_option("Albi")
        page.wait_for_url("**/integrer/?edition=2023&commune=Albi*")
        snippet = page.locator("#embed-snippet").input_value()
        assert "/integrer/programme/?edition=2023&amp;commune=Albi" in snippet or (
            "/integrer/programme/?edition=2023&commune=Albi" in snippet
        )
        preview = page.frame_locator("iframe.embed-preview")
        preview.locator(".widget-row").first.wait_for()
        assert preview.locator(".widget-row").count() == 8
    finally:
        context.close()
