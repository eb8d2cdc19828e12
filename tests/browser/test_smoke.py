import pytest

from tests.factories import make_edition


@pytest.mark.django_db(transaction=True)
def test_admin_login_page_opens_in_chromium(desktop_page, live_server):
    make_edition(is_current=True)
    desktop_page.goto(f"{live_server.url}/admin/login/")
    assert desktop_page.locator("#id_username").is_visible()
    assert desktop_page.locator("html").get_attribute("lang") == "fr"
