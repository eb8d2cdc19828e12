"""The organisers' season: preparing the next edition, copies on the same weekdays, the dashboard."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.dashboard import dashboard
from events.editions import copy_events, propose_next, same_week_position, weekday_shift
from events.models import Category, Edition, EditionPartner, Event, Proposal, Session, Theme
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db


def text(tag):
    return " ".join(tag.get_text(" ", strip=True).split()).replace("\xa0", " ")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def errors_of(response):
    return [text(li) for li in parse(response).select("ul.errorlist li")]


def local(moment):
    local_moment = timezone.localtime(moment)
    return local_moment.strftime("%A"), local_moment.date(), local_moment.strftime("%H:%M")


@pytest.fixture
def edition_2023():
    """The 2023 edition, Friday 10 to Friday 24 November, with partners, events and sessions."""
    edition = make_edition(
        name="Quinzaine du Japon en Occitanie 2023",
        year=2023,
        slug="quinzaine-du-japon-2023",
        starts_on=datetime.date(2023, 11, 10),
        ends_on=datetime.date(2023, 11, 24),
    )
    region = make_partner(name="Région Occitanie")
    yujo = make_partner(name="Association Yujo")
    media = make_partner(name="La Dépêche")
    EditionPartner.objects.create(edition=edition, partner=region, role="founding", position=1)
    EditionPartner.objects.create(edition=edition, partner=yujo, role="founding", position=2)
    EditionPartner.objects.create(edition=edition, partner=media, role="media", position=1)
    hall = make_venue(name="Halle aux grains")
    opening = make_event(
        edition,
        title="Lancement",
        slug="lancement",
        venue=hall,
        highlight="opening",
        image=image_file("taiko.png"),
    )
    opening.organisers.add(yujo)
    opening.themes.add(Theme.objects.get(slug="culture"))
    # Friday evening launch, a Saturday workshop, a whole-day exhibition over two days.
    make_session(opening, aware(2023, 11, 10, 18, 30), aware(2023, 11, 10, 20))
    workshop = make_event(edition, title="Atelier de calligraphie", slug="calligraphie")
    make_session(workshop, aware(2023, 11, 18, 10), aware(2023, 11, 18, 12), capacity=15)
    exhibition = make_event(edition, title="Estampes", slug="estampes", status="draft")
    make_session(exhibition, aware(2023, 11, 13), aware(2023, 11, 15), is_all_day=True)
    return edition


def prepare_url(edition):
    return reverse("admin:events_edition_prepare", args=[edition.pk])


def prepare_data(**fields):
    data = {
        "name": "Quinzaine du Japon en Occitanie 2026",
        "year": "2026",
        "slug": "quinzaine-du-japon-2026",
        "starts_on": "13/11/2026",
        "ends_on": "27/11/2026",
        "copy_programme": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


class TestWeekdays:
    def test_shift_is_the_whole_weeks_nearest_the_gap(self):
        friday_2023 = datetime.date(2023, 11, 10)
        assert weekday_shift(friday_2023, datetime.date(2026, 11, 13)).days == 157 * 7
        # An edition starting a day later or earlier: sessions keep their weekday anyway.
        assert weekday_shift(friday_2023, datetime.date(2026, 11, 14)).days == 157 * 7
        assert weekday_shift(friday_2023, datetime.date(2026, 11, 12)).days == 157 * 7
        assert weekday_shift(friday_2023, datetime.date(2026, 11, 17)).days == 158 * 7

    def test_same_week_position_is_the_same_nth_weekday_of_the_month(self):
        assert same_week_position(datetime.date(2023, 11, 10), 2026) == datetime.date(2026, 11, 13)
        assert same_week_position(datetime.date(2023, 11, 10), 2024) == datetime.date(2024, 11, 8)
        # A fifth Wednesday the month lacks that year: its last Wednesday.
        assert same_week_position(datetime.date(2023, 11, 29), 2024) == datetime.date(2024, 11, 27)

    def test_proposal_is_next_year_on_the_same_weekdays(self, edition_2023):
        with time_machine.travel(aware(2025, 12, 1, 9), tick=False):
            proposal = propose_next(edition_2023)
        assert (proposal.name, proposal.year, proposal.slug) == (
            "Quinzaine du Japon en Occitanie 2026",
            2026,
            "quinzaine-du-japon-en-occitanie-2026",
        )
        assert (proposal.starts_on, proposal.ends_on) == (
            datetime.date(2026, 11, 13),
            datetime.date(2026, 11, 27),
        )

    def test_proposal_skips_taken_years_but_not_demonstrations(self, edition_2023):
        make_edition(year=2026, is_demo=True)
        make_edition(year=2027)
        with time_machine.travel(aware(2025, 12, 1, 9), tick=False):
            assert propose_next(edition_2023).year == 2026
        make_edition(year=2026)
        with time_machine.travel(aware(2025, 12, 1, 9), tick=False):
            assert propose_next(edition_2023).year == 2028


class TestPrepareNextEdition:
    def test_edition_page_links_to_the_form(self, client, organiser, edition_2023):
        page = parse(client.get(reverse("admin:events_edition_change", args=[edition_2023.pk])))
        links = {text(a): a["href"] for a in page.select(".object-tools a")}
        assert links["Préparer l'édition suivante"] == prepare_url(edition_2023)

    def test_action_on_one_edition_opens_the_form(self, client, organiser, edition_2023):
        response = client.post(
            reverse("admin:events_edition_changelist"),
            {"action": "prepare_next", "_selected_action": [edition_2023.pk]},
        )
        assert (response.status_code, response["Location"]) == (302, prepare_url(edition_2023))

    def test_action_on_two_editions_asks_for_one(self, client, organiser, edition_2023):
        other = make_edition()
        response = client.post(
            reverse("admin:events_edition_changelist"),
            {"action": "prepare_next", "_selected_action": [edition_2023.pk, other.pk]},
        )
        assert messages_of(response) == [
            "Choisissez une seule édition : celle dont la suivante reprend les partenaires."
        ]

    def test_form_proposes_next_year_on_the_same_weekdays(self, client, organiser, edition_2023):
        with time_machine.travel(aware(2025, 12, 1, 9), tick=False):
            page = parse(client.get(prepare_url(edition_2023)))
        values = {
            field["name"]: field.get("value")
            for field in page.select("#content-main form input")
            if field.get("type") not in ("hidden", "submit")
        }
        assert values == {
            "name": "Quinzaine du Japon en Occitanie 2026",
            "year": "2026",
            "slug": "quinzaine-du-japon-en-occitanie-2026",
            "starts_on": "13/11/2026",
            "ends_on": "27/11/2026",
            "copy_programme": None,
            "copy_presentation": None,
        }
        assert page.select_one("#id_copy_programme").has_attr("checked")
        assert page.select_one("#id_copy_presentation").has_attr("checked")
        assert text(page.select_one("label[for=id_copy_programme]")) == (
            "Copier aussi les événements (en brouillon)"
        )
        assert text(page.h1) == "Préparer l'édition suivante"
        # Other years' proposals, which the form's script fills in when the year changes.
        proposals = json.loads(page.select_one("#edition-proposals").string)
        assert proposals["2028"] == {
            "name": "Quinzaine du Japon en Occitanie 2028",
            "slug": "quinzaine-du-japon-en-occitanie-2028",
            "starts_on": "10/11/2028",
            "ends_on": "24/11/2028",
        }

    def test_prepares_an_unpublished_edition_with_partners_and_draft_copies(
        self, client, organiser, edition_2023
    ):
        original = {s.pk: (s.uid, s.starts_at) for s in Session.objects.all()}
        response = client.post(prepare_url(edition_2023), prepare_data())
        edition = Edition.objects.get(slug="quinzaine-du-japon-2026")
        summary_url = reverse("admin:events_edition_prepared", args=[edition.pk])
        assert response["Location"] == f"{summary_url}?depuis={edition_2023.pk}"
        assert (edition.name, edition.year, edition.starts_on, edition.ends_on) == (
            "Quinzaine du Japon en Occitanie 2026",
            2026,
            datetime.date(2026, 11, 13),
            datetime.date(2026, 11, 27),
        )
        assert (edition.is_published, edition.is_current, edition.is_demo) == (False, False, False)
        assert list(
            edition.partnerships.in_role_order().values_list("partner__name", "role", "position")
        ) == [
            ("Région Occitanie", "founding", 1),
            ("Association Yujo", "founding", 2),
            ("La Dépêche", "media", 1),
        ]
        copies = {event.slug: event for event in edition.events.all()}
        assert sorted(copies) == ["calligraphie", "estampes", "lancement"]
        assert {event.status for event in copies.values()} == {"draft"}
        opening = copies["lancement"]
        source = edition_2023.events.get(slug="lancement")
        assert (opening.title, opening.highlight, opening.venue, opening.category) == (
            "Lancement",
            "opening",
            source.venue,
            source.category,
        )
        assert opening.image.name == source.image.name
        assert list(opening.organisers.values_list("name", flat=True)) == ["Association Yujo"]
        assert list(opening.themes.values_list("slug", flat=True)) == ["culture"]
        sessions = Session.objects.in_edition(edition).order_by("starts_at")
        assert [(local(s.starts_at), local(s.ends_at), s.is_all_day) for s in sessions] == [
            (
                ("Friday", datetime.date(2026, 11, 13), "18:30"),
                ("Friday", datetime.date(2026, 11, 13), "20:00"),
                False,
            ),
            (
                ("Monday", datetime.date(2026, 11, 16), "00:00"),
                ("Wednesday", datetime.date(2026, 11, 18), "00:00"),
                True,
            ),
            (
                ("Saturday", datetime.date(2026, 11, 21), "10:00"),
                ("Saturday", datetime.date(2026, 11, 21), "12:00"),
                False,
            ),
        ]
        assert [s.capacity for s in sessions] == [None, None, 15]
        assert not {s.uid for s in sessions} & {uid for uid, _ in original.values()}
        # The 2023 edition is untouched and nothing new is public.
        assert {s.pk: (s.uid, s.starts_at) for s in Session.objects.in_edition(edition_2023)} == (
            original
        )
        assert Session.objects.published().in_edition(edition).count() == 0

    def test_summary_counts_and_links(self, client, organiser, edition_2023):
        response = client.post(prepare_url(edition_2023), prepare_data(), follow=True)
        edition = Edition.objects.get(year=2026)
        page = parse(response)
        assert text(page.h1) == "Édition 2026 préparée"
        assert text(page.select_one("#preparation-summary")) == (
            "Édition 2026 préparée : 3 partenaires, 3 événements en brouillon, 3 séances"
        )
        links = [(text(a), a["href"]) for a in page.select(".preparation-links a")]
        assert links == [
            (
                "Voir son programme (aperçu : brouillons compris, visible de l'équipe seule)",
                reverse("events:programme", kwargs={"edition": edition.slug}),
            ),
            ("Modifier l'édition", reverse("admin:events_edition_change", args=[edition.pk])),
            (
                "Ses événements",
                f"{reverse('admin:events_event_changelist')}?edition__id__exact={edition.pk}",
            ),
            (
                "Ses partenaires",
                f"{reverse('admin:events_partner_changelist')}"
                f"?partnerships__edition__id__exact={edition.pk}",
            ),
        ]
        preview = parse(client.get(links[0][1]))
        assert len(preview.select(".session-row .badge-draft")) == 3
        events = parse(client.get(links[2][1]))
        assert sorted(text(cell) for cell in events.select("#result_list .field-title")) == [
            "Atelier de calligraphie",
            "Estampes",
            "Lancement",
        ]
        partners = parse(client.get(links[3][1]))
        assert len(partners.select("#result_list tbody tr")) == 3

    def test_the_summary_says_what_was_reset_and_what_names_the_old_year(
        self, client, organiser, edition_2023
    ):
        edition_2023.tagline = "Deux semaines de Japon en novembre 2023"
        edition_2023.image = image_file("affiche.png")
        edition_2023.tagline_en = "Two weeks of Japan"
        edition_2023.save()
        workshop = edition_2023.events.get(slug="calligraphie")
        workshop.summary = "Le rendez-vous de la Quinzaine 2023."
        workshop.save()
        workshop.sessions.update(status="full")
        response = client.post(
            prepare_url(edition_2023), prepare_data(copy_presentation="on"), follow=True
        )
        edition = Edition.objects.get(year=2026)
        assert (edition.tagline, edition.tagline_en) == (
            "Deux semaines de Japon en novembre 2023",
            "Two weeks of Japan",
        )
        assert edition.image.name == edition_2023.image.name
        page = parse(response)
        assert texts(page.select(".preparation-reset li")) == ["1 séance « complète »"]
        assert texts(page.select(".preparation-naming-year a")) == ["Atelier de calligraphie"]
        assert "nomment 2023" in text(page.select_one(".preparation-presentation"))

    def test_without_the_presentation_the_new_edition_starts_blank(
        self, client, organiser, edition_2023
    ):
        edition_2023.tagline = "Deux semaines de Japon"
        edition_2023.save()
        client.post(prepare_url(edition_2023), prepare_data(), follow=True)
        assert Edition.objects.get(year=2026).tagline == ""

    def test_without_the_programme_only_partners_are_copied(self, client, organiser, edition_2023):
        response = client.post(
            prepare_url(edition_2023), prepare_data(copy_programme=None), follow=True
        )
        assert text(parse(response).select_one("#preparation-summary")) == (
            "Édition 2026 préparée : 3 partenaires, 0 événement en brouillon, 0 séance"
        )
        assert Event.objects.filter(edition__year=2026).count() == 0

    @pytest.mark.parametrize(
        ("fields", "error"),
        [
            (
                {"year": "2023"},
                "L'édition 2023 existe déjà : « Quinzaine du Japon en Occitanie 2023 ».",
            ),
            (
                {"slug": "quinzaine-du-japon-2023"},
                "Une autre édition utilise déjà l'identifiant « quinzaine-du-japon-2023 ».",
            ),
            (
                {"slug": "", "name": "Quinzaine du Japon 2023"},
                "Une autre édition utilise déjà l'identifiant « quinzaine-du-japon-2023 ».",
            ),
            (
                {"ends_on": "12/11/2026"},
                "Le dernier jour doit être le même que le premier ou après.",
            ),
        ],
        ids=["year", "slug", "slug-from-name", "dates"],
    )
    def test_refusals_are_explained_and_create_nothing(
        self, client, organiser, edition_2023, fields, error
    ):
        counts = (Edition.objects.count(), Event.objects.count(), Session.objects.count())
        response = client.post(prepare_url(edition_2023), prepare_data(**fields))
        assert response.status_code == 200
        assert errors_of(response) == [error]
        assert text(parse(response).select_one(".errornote")) == "Corrigez l'erreur ci-dessous."
        assert (Edition.objects.count(), Event.objects.count(), Session.objects.count()) == counts

    def test_a_demonstration_year_is_free(self, client, organiser, edition_2023):
        make_edition(year=2026, slug="demonstration", is_demo=True)
        response = client.post(prepare_url(edition_2023), prepare_data())
        assert response.status_code == 302
        assert Edition.objects.filter(year=2026, is_demo=False).count() == 1

    def test_staff_outside_the_group_cannot_prepare(self, client, edition_2023):
        user = User.objects.create_user("visiteur", password="secret", is_staff=True)
        client.force_login(user)
        assert client.get(prepare_url(edition_2023)).status_code == 403
        assert client.post(prepare_url(edition_2023), prepare_data()).status_code == 403
        assert not Edition.objects.filter(year=2026).exists()


class TestWeekdaysAcrossTheClockChange:
    def test_every_copied_session_keeps_its_weekday_and_local_time(self, client, organiser):
        # 2023: Saturday 21 October to Sunday 5 November, across the night of 28 to 29 October.
        source = make_edition(
            year=2023, starts_on=datetime.date(2023, 10, 21), ends_on=datetime.date(2023, 11, 5)
        )
        event = make_event(source)
        for day in range(21, 32):
            make_session(event, aware(2023, 10, day, 19, 30), aware(2023, 10, day, 21))
        make_session(event, aware(2023, 10, 29, 2, 30), aware(2023, 10, 29, 4))
        make_session(event, aware(2023, 10, 27), aware(2023, 10, 31), is_all_day=True)
        response = client.post(
            prepare_url(source),
            prepare_data(year="2026", starts_on="17/10/2026", ends_on="01/11/2026"),
        )
        assert response.status_code == 302
        edition = Edition.objects.get(year=2026)
        before = [local(s.starts_at) + local(s.ends_at) for s in Session.objects.in_edition(source)]
        after = [local(s.starts_at) + local(s.ends_at) for s in Session.objects.in_edition(edition)]
        # Three years on, 156 weeks: the same weekday and wall-clock time, 1,092 days later.
        assert len(after) == len(before) == 13
        for old, new in zip(before, after, strict=True):
            assert (old[0], old[2], old[3], old[5]) == (new[0], new[2], new[3], new[5])
            assert (new[1] - old[1]).days == (new[4] - old[4]).days == 1092
        # The clock change falls on Sunday 25 October 2026: evenings either side are 19:30.
        assert ("Sunday", datetime.date(2026, 10, 25), "19:30") in [a[:3] for a in after]
        whole_day = Session.objects.in_edition(edition).get(is_all_day=True)
        assert (whole_day.first_day, whole_day.last_day) == (
            datetime.date(2026, 10, 23),
            datetime.date(2026, 10, 26),
        )


class TestDuplicateOnTheSameWeekday:
    def test_saturday_stays_saturday_and_message_links_to_copies(self, client, organiser):
        source = make_edition(starts_on=datetime.date(2023, 11, 10))
        # 2024 starts on a Saturday: a whole-day count would move Saturdays to Sundays.
        target = make_edition(
            name="Quinzaine 2024",
            starts_on=datetime.date(2024, 11, 9),
            ends_on=datetime.date(2024, 11, 23),
        )
        event = make_event(source, title="Concert de taiko", slug="taiko")
        make_session(event, aware(2023, 11, 11, 20), aware(2023, 11, 11, 22))
        response = client.post(
            reverse("admin:events_event_changelist"),
            {
                "action": "duplicate",
                "_selected_action": [event.pk],
                "apply": "1",
                "edition": target.pk,
            },
            follow=True,
        )
        copy = target.events.get()
        assert [local(s.starts_at) for s in copy.sessions.all()] == [
            ("Saturday", datetime.date(2024, 11, 9), "20:00")
        ]
        message = parse(response).select_one(".messagelist li")
        assert " ".join(message.get_text().split()) == (
            "1 événement copié dans Quinzaine 2024, en brouillon : Concert de taiko."
        )
        assert [a["href"] for a in message.select("a")] == [
            reverse("admin:events_event_change", args=[copy.pk])
        ]


class TestDefaultEdition:
    def add_form_edition(self, client):
        page = parse(client.get(reverse("admin:events_event_add")))
        return text(page.select_one("#id_edition option[selected]"))

    def test_new_event_defaults_to_the_edition_being_prepared(self, client, organiser):
        make_edition(name="Quinzaine 2023", is_current=True)
        make_edition(
            name="Quinzaine 2026",
            is_published=False,
            starts_on=datetime.date(2026, 11, 13),
            ends_on=datetime.date(2026, 11, 27),
        )
        with time_machine.travel(aware(2026, 3, 1, 9), tick=False):
            assert self.add_form_edition(client) == "Quinzaine 2026"

    def test_without_one_to_come_it_is_the_current_edition(self, client, organiser):
        make_edition(name="Quinzaine 2022", starts_on=datetime.date(2022, 11, 14))
        make_edition(name="Quinzaine 2023", is_current=True)
        with time_machine.travel(aware(2026, 3, 1, 9), tick=False):
            assert self.add_form_edition(client) == "Quinzaine 2023"


class TestDashboard:
    @pytest.fixture
    def season(self, edition_2023):
        """The 2023 edition with one of each loose end the dashboard lists."""
        edition = edition_2023
        calligraphy = edition.events.get(slug="calligraphie")
        calligraphy.summary = ""
        calligraphy.save()
        # The same hall, the same Saturday morning: a clash, and a session after the last day.
        clash = make_event(edition, title="Conférence", slug="conference", venue=calligraphy.venue)
        make_session(clash, aware(2023, 11, 18, 11), aware(2023, 11, 18, 13))
        make_session(clash, aware(2023, 11, 26, 11), aware(2023, 11, 26, 13))
        make_event(edition, title="Projection annulée", slug="annulee", status="cancelled")
        make_venue(name="Salle sans adresse précise", latitude=None, longitude=None)
        # Translated: the opening in English; in Japanese its title only, not its summary.
        opening = edition.events.get(slug="lancement")
        opening.title_en, opening.summary_en = "Launch", "The opening evening."
        opening.title_ja = "開幕式"
        opening.save()
        return edition

    def dashboard_page(self, client):
        with time_machine.travel(aware(2023, 11, 1, 9), tick=False):
            return parse(client.get(reverse("admin:index")))

    def rows(self, table):
        return [(text(row.th), text(row.td)) for row in table.select("tr")]

    def test_shows_the_edition_being_prepared_and_its_counts(self, client, organiser, season):
        page = self.dashboard_page(client)
        board = page.select_one("#edition-dashboard")
        assert text(board.select_one(".edition-dashboard-summary")) == (
            "Quinzaine du Japon en Occitanie 2023 "
            "Du vendredi 10 novembre au vendredi 24 novembre 2023 · publiée"
        )
        assert board.select_one(".edition-dashboard-name a")["href"] == reverse(
            "admin:events_edition_change", args=[season.pk]
        )
        assert self.rows(board.select_one(".edition-statuses")) == [
            ("Brouillon", "1"),
            ("Publié", "3"),
            ("Annulé", "1"),
        ]
        assert self.rows(board.select_one(".edition-todo")) == [
            ("Propositions d'événements à relire", "0"),
            ("Événements en brouillon", "1"),
            ("Événements sans image", "4"),
            ("Événements sans résumé", "1"),
            ("Événements publiés au titre ou au résumé non traduit en anglais", "2"),
            ("Événements publiés au titre ou au résumé non traduit en japonais", "3"),
            ("Séances hors des dates de l'édition", "1"),
            ("Séances qui en chevauchent une autre au même lieu", "2"),
            ("Lieux sans coordonnées (absents de la carte)", "1"),
            ("Partenaires de l'édition sans logo", "3"),
        ]
        # The list of models is still there, below.
        assert page.select_one("#content-main #edition-dashboard + .app-events, .app-events")

    def test_every_count_links_to_a_list_of_as_many_rows(self, client, organiser, season):
        board = self.dashboard_page(client).select_one("#edition-dashboard")
        for row in board.select("tr"):
            link = row.td.a
            response = client.get(link["href"])
            query = parse_qs(urlsplit(link["href"]).query)
            assert response.status_code == 200, link["href"]
            # A filter the list does not know sends it back with ?e=1.
            assert "e" not in parse_qs(urlsplit(response.wsgi_request.get_full_path()).query)
            shown = parse(response).select("#result_list tbody tr")
            assert (text(row.th), len(shown)) == (text(row.th), int(text(link))), query

    def test_untranslated_lists_say_which_texts_to_translate(self, client, organiser, season):
        board = self.dashboard_page(client).select_one("#edition-dashboard")
        links = {text(row.th): row.td.a["href"] for row in board.select("tr")}
        page = parse(
            client.get(links["Événements publiés au titre ou au résumé non traduit en japonais"])
        )
        assert text(page.select_one("#result_list th.column-untranslated")) == (
            "À traduire en japonais"
        )
        missing = {
            text(row.select_one(".field-title")): text(row.select_one(".field-untranslated"))
            for row in page.select("#result_list tbody tr")
        }
        assert missing == {
            "Atelier de calligraphie": "titre",
            "Conférence": "titre, résumé",
            "Lancement": "résumé",
        }
        # Without the filter, no such column.
        assert (
            parse(client.get(reverse("admin:events_event_changelist"))).select_one(
                ".column-untranslated"
            )
            is None
        )

    def test_clash_and_outside_lists_name_the_sessions(self, client, organiser, season):
        board = self.dashboard_page(client).select_one("#edition-dashboard")
        links = {text(row.th): row.td.a["href"] for row in board.select("tr")}
        clashes = parse(client.get(links["Séances qui en chevauchent une autre au même lieu"]))
        assert sorted(text(cell) for cell in clashes.select("#result_list .field-event")) == [
            "Atelier de calligraphie",
            "Conférence",
        ]
        outside = parse(client.get(links["Séances hors des dates de l'édition"]))
        assert [text(cell) for cell in outside.select("#result_list .field-when")] == [
            "dim 26 nov 2023, 11:00 – 13:00"
        ]

    def test_counts_take_a_fixed_number_of_queries(self, django_assert_num_queries, season):
        with django_assert_num_queries(6):
            dashboard(season)
        for number in range(10):
            event = make_event(season, summary="", venue=make_venue(latitude=None, longitude=None))
            make_session(event, aware(2023, 11, 12 + number, 14))
            EditionPartner.objects.create(edition=season, partner=make_partner())
        with django_assert_num_queries(6):
            board = dashboard(season)
        assert board.todo[3].count == 11

    def test_admin_home_costs_the_same_with_more_data(self, client, organiser, season):
        with CaptureQueriesContext(connection) as small:
            self.dashboard_page(client)
        for number in range(10):
            make_session(make_event(season), aware(2023, 11, 12 + number, 14))
        with CaptureQueriesContext(connection) as large:
            self.dashboard_page(client)
        assert len(large) == len(small)

    def test_without_any_edition_there_is_no_dashboard(self, client, organiser):
        page = parse(client.get(reverse("admin:index")))
        assert page.select("#edition-dashboard") == []
        assert page.select("#content-main .app-events")


class TestTranslationsOfCopies:
    def test_copied_events_keep_their_english_and_japanese_texts(self, edition_2023):
        opening = edition_2023.events.get(slug="lancement")
        opening.title_en, opening.title_ja, opening.summary_ja = "Launch", "開幕式", "開幕の夕べ"
        opening.save()
        edition = make_edition(
            slug="2024", starts_on=datetime.date(2024, 11, 8), ends_on=datetime.date(2024, 11, 22)
        )

        copy = copy_events(edition_2023.events.filter(pk=opening.pk), edition)[0]

        copy.refresh_from_db()
        assert (copy.title, copy.title_fr, copy.title_en, copy.title_ja, copy.summary_ja) == (
            "Lancement",
            "Lancement",
            "Launch",
            "開幕式",
            "開幕の夕べ",
        )


class TestDashboardAcrossEditions:
    def test_pending_proposals_of_the_running_edition_show_beside_the_prepared_one(
        self, client, organiser
    ):
        running = make_edition(
            name="Quinzaine 2023",
            slug="2023",
            starts_on=datetime.date(2023, 11, 10),
            ends_on=datetime.date(2023, 11, 24),
            proposals_open_on=datetime.date(2023, 11, 1),
            proposals_close_on=datetime.date(2023, 11, 20),
        )
        prepared = make_edition(
            name="Quinzaine 2024",
            slug="2024",
            is_published=False,
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 22),
        )
        category = Category.objects.get(slug="atelier")
        for number in range(3):
            Proposal.objects.create(
                edition=running,
                organisation="Association",
                organisation_kind="association",
                contact_name="Léa",
                email=f"lea{number}@example.org",
                title=f"Atelier {number}",
                summary="Un atelier.",
                category=category,
            )
        with time_machine.travel(aware(2023, 11, 15, 9), tick=False):
            page = parse(client.get(reverse("admin:index")))
            switch = page.select(".edition-switch li")
            assert [text(item) for item in switch] == [
                "Quinzaine 2023 3 propositions à relire",
                "Quinzaine 2024",
            ]
            # By default, the edition being prepared; one tap shows the running one.
            current = page.select_one(".edition-switch a[aria-current]")
            assert text(current) == "Quinzaine 2024"
            chosen = parse(client.get(reverse("admin:index") + f"?edition={running.pk}"))
            todo = {text(row.th): text(row.td) for row in chosen.select(".edition-todo tr")}
            assert todo["Propositions d'événements à relire"] == "3"
            assert prepared.pk != running.pk
