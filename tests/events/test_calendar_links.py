"""Links to the feeds shown on pages: subscribe, download, add one session to Google Calendar."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory

from events.models import Session
from tests.factories import aware, make_event, make_session, make_venue


@pytest.fixture(autouse=True)
def allowed_hosts(settings):
    settings.ALLOWED_HOSTS = ["quinzaine.example"]


def render(template_name, **context):
    request = RequestFactory().get("/", secure=True, headers={"host": "quinzaine.example"})
    return BeautifulSoup(render_to_string(template_name, context, request=request), "html.parser")


def test_calendar_links_offer_subscription_and_download():
    html = render(
        "includes/calendar_links.html",
        feed_url="/quinzaine-2023/programme.ics?ville=Toulouse",
        feed_title="Quinzaine du Japon 2023 – Toulouse",
    )
    links = {a.get_text(strip=True): a["href"] for a in html.find_all("a")}
    webcal = "webcal://quinzaine.example/quinzaine-2023/programme.ics?ville=Toulouse"
    assert links == {
        "S'abonner": webcal,
        "S'abonner avec Google Agenda": "https://calendar.google.com/calendar/r?cid="
        "webcal%3A%2F%2Fquinzaine.example%2Fquinzaine-2023%2Fprogramme.ics%3Fville%3DToulouse",
        "S'abonner avec Outlook.com": "https://outlook.live.com/calendar/0/addfromweb?url="
        "https%3A%2F%2Fquinzaine.example%2Fquinzaine-2023%2Fprogramme.ics%3Fville%3DToulouse"
        "&name=Quinzaine+du+Japon+2023+%E2%80%93+Toulouse",
        # A download is the complete feed, past sessions included.
        "Télécharger (.ics)": "https://quinzaine.example/quinzaine-2023/programme.ics"
        "?ville=Toulouse&complet=1",
    }
    assert "toutes les quelques heures" in html.get_text()
    assert html.section["aria-label"] == "Agenda : Quinzaine du Japon 2023 – Toulouse"


def test_calendar_alternate_link_points_at_the_feed():
    html = render("includes/calendar_alternate.html", feed_url="/lieux/espace.ics", feed_title="X")
    link = html.find("link")
    assert (link["rel"], link["type"], link["href"]) == (
        ["alternate"],
        "text/calendar",
        "https://quinzaine.example/lieux/espace.ics",
    )


@pytest.mark.django_db
class TestSessionLink:
    def google_query(self, session):
        html = render("includes/session_calendar_link.html", session=session)
        link = html.find("a")
        assert link.get_text(strip=True) == "Ajouter à Google Agenda"
        url = urlsplit(link["href"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == (
            "https://calendar.google.com/calendar/render"
        )
        return {key: values[0] for key, values in parse_qs(url.query).items()}

    def test_timed_session_link_gives_paris_times(self):
        venue = make_venue(name="Cinéma ABC", address="13 rue Saint-Bernard")
        event = make_event(title="Projection", slug="projection", venue=venue, summary="Un film.")
        session = make_session(
            event, starts_at=aware(2023, 10, 29, 1, 30), ends_at=aware(2023, 10, 29, 4, 0)
        )
        assert self.google_query(session) == {
            "action": "TEMPLATE",
            "text": "Projection",
            # 01:30 to 04:00 in Paris, across the October change: written in UTC, no local
            # time of the repeated hour leaves a doubt about which pass it is.
            "dates": "20231028T233000Z/20231029T030000Z",
            "details": "Un film.\n\nhttps://quinzaine.example"
            f"/{event.edition.slug}/evenements/projection/",
            "location": "Cinéma ABC, 13 rue Saint-Bernard, 31000 Toulouse",
            "ctz": "Europe/Paris",
        }

    def test_whole_day_session_link_gives_dates_only(self):
        session = make_session(
            starts_at=aware(2023, 11, 10), ends_at=aware(2023, 11, 25), is_all_day=True
        )
        assert self.google_query(session)["dates"] == "20231110/20231125"

    def test_cancelled_session_has_no_add_link(self):
        session = make_session(status=Session.Status.CANCELLED)
        html = render("includes/session_calendar_link.html", session=session)
        assert html.find("a") is None


@pytest.mark.django_db
def test_star_button_is_hidden_until_the_script_shows_it():
    event = make_event()
    html = render("includes/star_button.html", event=event, ids="12 13")
    button = html.find("button")
    assert button["data-star-sessions"] == "12 13"
    assert button.has_attr("hidden")
    # The script that shows stars is loaded once by the layout, not by each star.
    assert html.find("script") is None
