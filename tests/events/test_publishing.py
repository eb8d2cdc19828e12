"""No event is published into an edition nobody sees without saying so; staff preview the truth."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from events.models import Edition, Event
from tests.factories import aware, make_edition, make_event, make_session
from tests.helpers import admin_url, event_form, messages_of, page_messages, parse, run_action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]


@pytest.fixture
def hidden_edition():
    return make_edition(name="Quinzaine 2026", slug="2026", is_published=False)


def banner(response):
    return [div.get_text(strip=True) for div in parse(response).select(".draft-banner")]


def publish_link(edition, back):
    return (
        f"{reverse('admin:events_edition_publish', args=[edition.pk])}?{urlencode({'next': back})}"
    )


class TestPublishWarnings:
    def test_publish_action_says_the_edition_hides_the_event(self, client, hidden_edition):
        draft = make_event(hidden_edition, status=Event.Status.DRAFT)
        response = run_action(client, "publish", [draft])
        assert messages_of(response)[0] == "1 événement publié."
        page = parse(client.get(response.url))
        warning = page.select_one("ul.messagelist li.warning")
        assert warning.get_text(strip=True) == (
            "L'événement est publié mais son édition « Quinzaine 2026 » ne l'est pas : il reste "
            "invisible au public.Publier l'édition « Quinzaine 2026 »…"
        )
        assert warning.a["href"] == publish_link(hidden_edition, admin_url(Event))

    def test_publish_action_counts_the_hidden_events(self, client, hidden_edition):
        drafts = [make_event(hidden_edition, status=Event.Status.DRAFT) for _ in range(3)]
        response = run_action(client, "publish", drafts)
        assert [
            text.split("Publier l'")[0] for text in page_messages(client.get(response.url))
        ] == [
            "3 événements publiés.",
            "3 événements sont publiés mais leur édition « Quinzaine 2026 » ne l'est pas : ils "
            "restent invisibles au public.",
        ]

    def test_publish_action_in_a_published_edition_warns_of_nothing(self, client):
        draft = make_event(make_edition(), status=Event.Status.DRAFT)
        response = run_action(client, "publish", [draft])
        assert messages_of(response) == ["1 événement publié."]

    def test_saving_as_published_in_a_hidden_edition_warns(self, client, hidden_edition):
        data = event_form(client, hidden_edition, status="published")
        response = client.post(admin_url(Event, "add"), data, follow=True)
        assert page_messages(response)[0] == (
            "L'événement est publié mais son édition « Quinzaine 2026 » ne l'est pas : il reste "
            "invisible au public.Publier l'édition « Quinzaine 2026 »…"
        )
        # The publish page then comes back to the event, not to an empty add form.
        event = Event.objects.get()
        link = parse(response).select_one("ul.messagelist li.warning a")["href"]
        assert link == publish_link(hidden_edition, admin_url(Event, "change", event.pk))

    def test_saving_a_draft_in_a_hidden_edition_warns_of_nothing(self, client, hidden_edition):
        data = event_form(client, hidden_edition, status="draft")
        response = client.post(admin_url(Event, "add"), data, follow=True)
        assert [m for m in page_messages(response) if "invisible" in m] == []


class TestPublishEditionPage:
    def test_page_says_what_the_public_will_see_then_publishes(self, client, hidden_edition):
        event = make_event(hidden_edition, status=Event.Status.PUBLISHED)
        make_event(hidden_edition, status=Event.Status.DRAFT)
        url = publish_link(hidden_edition, admin_url(Event))
        page = parse(client.get(url))
        assert page.select_one("#content-main p").get_text(" ", strip=True) == (
            "Une fois l'édition « Quinzaine 2026 » publiée, le public voit ses pages et son "
            "programme, avec 1 événement publié."
        )
        assert Client().get(event.get_absolute_url()).status_code == 404
        response = client.post(url, {"next": admin_url(Event)})
        assert response.url == admin_url(Event)
        assert messages_of(response) == [
            "L'édition « Quinzaine 2026 » est publiée : le public la voit."
        ]
        assert Edition.objects.get(pk=hidden_edition.pk).is_published is True
        assert Client().get(event.get_absolute_url()).status_code == 200

    def test_page_does_not_send_elsewhere(self, client, hidden_edition):
        url = reverse("admin:events_edition_publish", args=[hidden_edition.pk])
        response = client.post(url, {"next": "https://example.org/"})
        assert response.url == admin_url(Edition, "change", hidden_edition.pk)

    def test_visitors_cannot_publish(self, hidden_edition):
        url = reverse("admin:events_edition_publish", args=[hidden_edition.pk])
        response = Client().post(url)
        assert response.url.startswith("/admin/login/")
        assert Edition.objects.get(pk=hidden_edition.pk).is_published is False


class TestEventPreviewBanner:
    @pytest.mark.parametrize(
        ("edition_published", "status", "text"),
        [
            (True, "draft", "Brouillon – non publié"),
            (False, "draft", "Brouillon – non publié"),
            (False, "published", "Publié, mais l'édition n'est pas publiée : invisible au public"),
            (False, "cancelled", "Annulé, et l'édition n'est pas publiée : invisible au public"),
        ],
    )
    def test_staff_see_why_the_public_does_not(self, client, edition_published, status, text):
        event = make_event(make_edition(is_published=edition_published), status=status)
        response = client.get(event.get_absolute_url())
        assert banner(response) == [text]
        assert (
            response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
        )
        assert Client().get(event.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("status", ["published", "cancelled"])
    def test_public_event_has_no_banner(self, client, status):
        event = make_event(status=status)
        assert banner(client.get(event.get_absolute_url())) == []


class TestEditionPreview:
    def test_staff_see_an_unpublished_editions_pages_with_a_banner(self, client, hidden_edition):
        event = make_event(hidden_edition, title="Ikebana", is_featured=True)
        draft = make_event(hidden_edition, title="Brouillon caché", status=Event.Status.DRAFT)
        make_session(event)
        make_session(draft, event.sessions.first().starts_at + datetime.timedelta(hours=3))
        home = client.get(hidden_edition.get_absolute_url())
        programme = client.get(reverse("events:programme", args=[hidden_edition.slug]))
        notice = (
            "Aperçu : cette édition n'est pas publiée, le public ne la voit pas. "
            "Ses brouillons y figurent, marqués « brouillon »."
        )
        assert (banner(home), banner(programme)) == ([notice], [notice])
        rows = parse(programme).select(".session-row")
        shown = [
            (
                row.select_one(".session-title a").get_text(strip=True),
                bool(row.select(".badge-draft")),
            )
            for row in rows
        ]
        assert shown == [("Ikebana", False), ("Brouillon caché", True)]
        assert parse(home).select_one('meta[name="robots"]')["content"].startswith("noindex")

    def test_visitors_get_404_even_after_staff_looked(self, client, hidden_edition):
        urls = [
            hidden_edition.get_absolute_url(),
            reverse("events:programme", args=[hidden_edition.slug]),
        ]
        for url in urls:
            assert client.get(url)["Cache-Control"] == (
                "max-age=0, no-cache, no-store, must-revalidate, private"
            )
        visitor = Client()
        assert [visitor.get(url).status_code for url in urls] == [404, 404]
        assert [visitor.get(url).status_code for url in urls] == [404, 404]

    def test_view_on_site_from_the_edition_admin_opens_the_preview(self, client, hidden_edition):
        page = parse(client.get(admin_url(Edition, "change", hidden_edition.pk)))
        response = client.get(page.select_one("a.viewsitelink")["href"], follow=True)
        assert response.redirect_chain[-1][0].endswith(hidden_edition.get_absolute_url())
        assert banner(response)[0].startswith(
            "Aperçu : cette édition n'est pas publiée, le public ne la voit pas."
        )

    def test_published_edition_has_no_banner(self, client):
        edition = make_edition()
        assert banner(client.get(edition.get_absolute_url())) == []
        assert banner(Client().get(edition.get_absolute_url())) == []


class TestPublishingShowsTheAlerts:
    def test_drafts_with_alerts_are_published_only_once_confirmed(self, client, organiser):
        edition = make_edition()
        fine = make_event(edition, title="Sans souci", status=Event.Status.DRAFT)
        make_session(fine, aware(2023, 11, 12, 10))
        outside = make_event(edition, title="Trop tard", status=Event.Status.DRAFT)
        make_session(outside, aware(2023, 12, 2, 10))
        nowhere = make_event(edition, title="Nulle part", status=Event.Status.DRAFT, venue=None)
        make_session(nowhere, aware(2023, 11, 13, 10))
        events = [fine, outside, nowhere]
        page = run_action(client, "publish", events)
        assert page.status_code == 200
        shown = parse(page)
        assert [h.get_text(strip=True) for h in shown.select("#content-main h2")] == [
            "Nulle part",
            "Trop tard",
        ]
        alerts = [li.get_text(" ", strip=True) for li in shown.select("#content-main li")]
        assert alerts[0].startswith("La séance du lundi 13 novembre 2023, 10:00 n'a pas de lieu")
        assert "est hors des dates de l'édition" in alerts[1]
        assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
        confirmed = run_action(client, "publish", events, confirm="1")
        assert messages_of(confirmed) == ["3 événements publiés."]
        assert set(Event.objects.values_list("status", flat=True)) == {"published"}

    def test_drafts_without_alerts_are_published_at_once(self, client, organiser):
        event = make_event(make_edition(), status=Event.Status.DRAFT)
        make_session(event, aware(2023, 11, 12, 10))
        response = run_action(client, "publish", [event])
        assert messages_of(response) == ["1 événement publié."]


class TestFreeWithAPrice:
    def test_is_refused_in_the_admin(self, client, organiser):
        data = event_form(client, make_edition(), is_free="on", price="12 €")
        response = client.post(admin_url(Event, "add"), data)
        assert (
            "Un événement gratuit n'a pas de tarif : décochez « gratuit » ou videz le tarif."
            in " ".join(
                li.get_text(" ", strip=True) for li in parse(response).select(".errorlist li")
            )
        )
        assert not Event.objects.exists()

    def test_is_refused_by_the_event_itself(self):
        event = make_event(make_edition(), is_free=True, price="12 €")
        with pytest.raises(ValidationError) as refused:
            event.full_clean()
        assert list(refused.value.message_dict) == ["price"]

    def test_a_translated_price_alone_is_refused_too(self, client, organiser):
        data = event_form(client, make_edition(), is_free="on", price="", price_en="€12")
        response = client.post(admin_url(Event, "add"), data)
        errors = parse(response).select(".field-price_en .errorlist li")
        assert [li.get_text(" ", strip=True) for li in errors] == [
            "Un événement gratuit n'a pas de tarif : décochez « gratuit » ou videz le tarif."
        ]
        assert not Event.objects.exists()
