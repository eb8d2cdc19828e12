"""The public « Proposer un événement » form, the proposer's private page and the moderation."""

import datetime
import io
from decimal import Decimal

import pytest
import vobject
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image

from events.models import (
    PROPOSAL_TOKEN_SALT,
    Edition,
    Event,
    Partner,
    Proposal,
    ProposedSession,
    Session,
)
from events.proposals import RATE_LIMIT, similar_venues
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_proposal,
    make_session,
    make_venue,
)
from tests.helpers import days_from_now, proposal_data
from venues.geocoding import Place
from venues.models import Venue

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/proposer/"


@pytest.fixture
def edition():
    """An edition in three weeks, whose call for proposals is open today."""
    return make_edition(
        name="Quinzaine du Japon à venir",
        slug="a-venir",
        starts_on=days_from_now(20),
        ends_on=days_from_now(34),
        proposals_open_on=days_from_now(-3),
        proposals_close_on=days_from_now(10),
    )


@pytest.fixture
def venue():
    return make_venue(name="Médiathèque José Cabanis", town="Toulouse", slug="cabanis")


def png(size=(640, 480), name="affiche.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "crimson").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def submit(client, edition, venue, **overrides):
    return client.post(PROPOSE_URL, proposal_data(edition, venue, **overrides))


def errors_of(response):
    """Return the field error texts of a refused form, by field name."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for feedback in soup.select(".invalid-feedback"):
        name = feedback.get("id", "").removeprefix("id_").removesuffix("_error")
        found[name] = feedback.get_text(" ", strip=True)
    return found


class TestForm:
    def test_shows_blank_session_rows_and_venues_grouped_by_town(self, client, edition):
        make_venue(name="Carré d'Art", town="Nîmes", department="30", slug="carre")
        make_venue(name="Théâtre", town="Nîmes", department="30", slug="theatre")
        make_venue(name="Cinémathèque", town="Toulouse", slug="cinematheque")
        response = client.get(PROPOSE_URL)
        soup = BeautifulSoup(response.content, "html.parser")
        rows = soup.select("[data-session-list] [data-session]")
        # Spare rows for browsers without scripts; the script keeps two.
        assert len(rows) == 4
        select = rows[0].select_one("select[name=seances-0-venue]")
        groups = {
            group["label"]: [option.get_text() for option in group.select("option")]
            for group in select.select("optgroup")
        }
        assert groups == {"Nîmes": ["Carré d'Art", "Théâtre"], "Toulouse": ["Cinémathèque"]}
        assert select.select_one("option[value='']").get_text() == (
            "— Nouveau lieu : décrivez-le ci-dessous —"
        )
        template = soup.select_one("template[data-session-template]")
        assert 'name="seances-__prefix__-date"' in str(template)
        assert soup.select_one("input[name=csrfmiddlewaretoken]")

    def test_page_costs_the_same_queries_whatever_the_number_of_venues(
        self, client, edition, django_assert_max_num_queries
    ):
        for number in range(30):
            make_venue(name=f"Salle {number}", town=f"Ville {number % 7}", slug=f"s-{number}")
        with django_assert_max_num_queries(5):
            client.get(PROPOSE_URL)

    def test_honeypot_is_hidden_from_people_and_labelled_for_them(self, client, edition):
        soup = BeautifulSoup(client.get(PROPOSE_URL).content, "html.parser")
        trap = soup.select_one("[name=homepage]")
        wrapper = trap.find_parent(class_="proposal-trap")
        assert wrapper["aria-hidden"] == "true"
        assert trap["tabindex"] == "-1"
        assert soup.select_one("label[for=id_homepage]").get_text(strip=True) == (
            "Ne remplissez pas ce champ (il sert à écarter les robots)."
        )

    def test_proposal_and_its_sessions_are_saved_and_mailed(self, client, edition, venue, settings):
        settings.PROPOSALS_NOTIFY_EMAIL = ["equipe@example.org", "relecture@example.org"]
        response = submit(client, edition, venue)
        proposal = Proposal.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "events:proposal-sent", kwargs={"token": proposal.follow_token}
        )
        assert (proposal.status, proposal.edition, proposal.language) == ("pending", edition, "fr")
        sessions = [
            (s.date, s.starts_at, s.ends_at, s.venue, s.venue_name, s.venue_town)
            for s in proposal.sessions.all()
        ]
        day = edition.starts_on + datetime.timedelta(days=2)
        assert sessions == [
            (day, datetime.time(14), datetime.time(16), venue, "", ""),
            (
                day + datetime.timedelta(days=1),
                datetime.time(10),
                datetime.time(12),
                None,
                "Salle des fêtes",
                "Castelnau-le-Lez",
            ),
        ]
        follow_url = settings.SITE_URL + proposal.get_absolute_url()
        to_proposer, to_team = mail.outbox
        assert to_proposer.to == ["lea@example.org"]
        assert to_proposer.subject == "Proposition reçue : Atelier de calligraphie"
        assert follow_url in to_proposer.body
        assert to_team.to == ["equipe@example.org", "relecture@example.org"]
        assert to_team.subject == "Nouvelle proposition à relire : Atelier de calligraphie"
        assert f"/admin/events/proposal/{proposal.pk}/change/" in to_team.body

        page = client.get(response["Location"])
        soup = BeautifulSoup(page.content, "html.parser")
        assert soup.h1.get_text(strip=True) == "Merci, votre proposition est envoyée"
        assert soup.select_one(".proposal-link-url a")["href"] == (
            "http://testserver" + proposal.get_absolute_url()
        )
        assert page["Cache-Control"].startswith("max-age=0")
        assert page["Referrer-Policy"] == "same-origin"

    def test_team_address_defaults_to_the_festival_contact(self, client, edition, venue, settings):
        settings.PROPOSALS_NOTIFY_EMAIL = []
        settings.FESTIVAL_CONTACT_EMAIL = "contact@example.org"
        submit(client, edition, venue)
        assert mail.outbox[1].to == ["contact@example.org"]

    def test_filled_honeypot_is_refused(self, client, edition, venue):
        response = submit(client, edition, venue, homepage="http://spam.example")
        assert Proposal.objects.count() == 0
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select("#erreurs p")[-1].get_text(strip=True) == (
            "Le champ « Ne remplissez pas ce champ » doit rester vide : votre proposition n'a "
            "pas été envoyée. Videz-le, puis envoyez à nouveau."
        )
        assert mail.outbox == []

    def test_sixth_proposal_in_an_hour_from_one_address_is_refused(self, client, edition, venue):
        for n in range(RATE_LIMIT):
            assert submit(client, edition, venue, email=f"lea{n}@example.org").status_code == 302
        response = submit(client, edition, venue, email="autre@example.org")
        assert response.status_code == 429
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text(strip=True) == "Trop de propositions en peu de temps"
        assert Proposal.objects.count() == RATE_LIMIT
        other = client.post(PROPOSE_URL, proposal_data(edition, venue), REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 302

    def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(
        self, client, edition, venue, settings
    ):
        settings.PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        for n in range(RATE_LIMIT):
            sent = client.post(
                PROPOSE_URL,
                proposal_data(edition, venue, email=f"lea{n}@example.org"),
                HTTP_X_FORWARDED_FOR="198.51.100.4",
                **proxy,
            )
            assert sent.status_code == 302
        again = client.post(
            PROPOSE_URL, proposal_data(edition, venue), HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy
        )
        assert again.status_code == 429
        # Another visitor behind the same proxy, even one who forges the header's start.
        other = client.post(
            PROPOSE_URL,
            proposal_data(edition, venue),
            HTTP_X_FORWARDED_FOR="198.51.100.4, 203.0.113.9",
            **proxy,
        )
        assert other.status_code == 302

    def test_refused_forms_do_not_count_towards_the_limit(self, client, edition, venue):
        for _ in range(RATE_LIMIT + 2):
            submit(client, edition, venue, title="")
        assert submit(client, edition, venue).status_code == 302

    def test_file_that_is_not_an_image_is_refused(self, client, edition, venue):
        data = proposal_data(edition, venue, image_alt="Une affiche")
        data["image"] = SimpleUploadedFile("affiche.png", b"not a picture", "image/png")
        response = client.post(PROPOSE_URL, data)
        assert errors_of(response)["image"] == (
            "Téléversez une image valide. Le fichier que vous avez transféré n’est pas une "
            "image ou bien est corrompu."
        )
        assert Proposal.objects.count() == 0

    def test_decompression_bomb_is_refused(self, client, edition, venue):
        # A small file of 9,000 × 9,000 pixels: 81 megapixels once opened.
        buffer = io.BytesIO()
        Image.new("1", (9000, 9000)).save(buffer, format="PNG")
        data = proposal_data(edition, venue, image_alt="Une affiche")
        data["image"] = SimpleUploadedFile("bombe.png", buffer.getvalue(), "image/png")
        response = client.post(PROPOSE_URL, data)
        assert "40 mégapixels au plus" in errors_of(response)["image"]
        assert Proposal.objects.count() == 0

    def test_image_over_the_size_limit_is_refused(self, client, edition, venue, settings):
        settings.MAX_IMAGE_UPLOAD_SIZE = 1000
        data = proposal_data(edition, venue, image_alt="Une affiche")
        data["image"] = png()
        response = client.post(PROPOSE_URL, data)
        assert errors_of(response)["image"].startswith("Ce fichier pèse")
        assert Proposal.objects.count() == 0

    def test_too_long_texts_are_refused(self, client, edition, venue):
        response = submit(client, edition, venue, title="a" * 201, summary="b" * 301)
        errors = errors_of(response)
        assert errors["title"] == (
            "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)."
        )
        assert errors["summary"] == (
            "Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 301)."
        )
        assert Proposal.objects.count() == 0

    def test_markup_is_stripped_from_texts(self, client, edition, venue):
        submit(
            client,
            edition,
            venue,
            title="<b>Atelier</b>\r\nde <i>calligraphie</i>",
            description='<p>Venez <a href="http://x.example">nombreux</a></p><script>x()</script>',
            **{"seances-1-venue_name": "<em>Salle</em> des fêtes"},
        )
        proposal = Proposal.objects.get()
        assert proposal.title == "Atelier de calligraphie"
        assert proposal.description == "Venez nombreuxx()"
        assert proposal.sessions.get(venue=None).venue_name == "Salle des fêtes"

    def test_title_of_markup_only_is_refused(self, client, edition, venue):
        response = submit(client, edition, venue, title="<b></b>")
        assert errors_of(response)["title"] == "Écrivez ce texte sans balises HTML."

    def test_end_before_start_is_refused(self, client, edition, venue):
        response = submit(client, edition, venue, **{"seances-0-ends_at": "13:00"})
        assert errors_of(response)["seances-0-ends_at"] == (
            "La fin doit être après le début, le même jour."
        )
        assert Proposal.objects.count() == 0

    def test_session_outside_the_edition_is_refused(self, client, edition, venue):
        day = edition.ends_on + datetime.timedelta(days=1)
        response = submit(client, edition, venue, **{"seances-0-date": day.isoformat()})
        assert errors_of(response)["seances-0-date"].startswith("La Quinzaine a lieu du ")
        assert Proposal.objects.count() == 0

    def test_session_without_venue_is_refused(self, client, edition, venue):
        response = submit(client, edition, venue, **{"seances-0-venue": ""})
        assert errors_of(response)["seances-0-venue"] == (
            "Choisissez un lieu dans la liste, ou décrivez le nouveau lieu ci-dessous."
        )

    def test_new_venue_needs_its_town_and_a_postcode(self, client, edition, venue):
        response = submit(
            client,
            edition,
            venue,
            **{"seances-1-venue_town": "", "seances-1-venue_postcode": "341"},
        )
        errors = errors_of(response)
        assert errors["seances-1-venue_town"] == "Indiquez la commune du nouveau lieu."
        assert errors["seances-1-venue_postcode"] == (
            "Un code postal a cinq chiffres, par exemple 34000."
        )

    def test_proposal_without_any_session_is_refused(self, client, edition, venue):
        data = proposal_data(edition, venue)
        for key in list(data):
            if key.startswith(("seances-0-", "seances-1-")):
                data[key] = ""
        response = client.post(PROPOSE_URL, data)
        soup = BeautifulSoup(response.content, "html.parser")
        assert "Veuillez soumettre au moins 1 formulaire." in soup.select_one("#erreurs").text
        assert Proposal.objects.count() == 0

    def test_paying_event_needs_its_price_and_booking_its_means(self, client, edition, venue):
        response = submit(client, edition, venue, is_free=None, booking="required")
        errors = errors_of(response)
        assert errors["price"] == "Indiquez le tarif d'un événement payant."
        assert errors["booking"] == (
            "Indiquez comment réserver : un lien, un e-mail ou un téléphone."
        )

    def test_everything_typed_is_kept_after_an_error_image_included(self, client, edition, venue):
        data = proposal_data(edition, venue, title="", image_alt="Une affiche rouge")
        data["image"] = png()
        response = client.post(PROPOSE_URL, data)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("#id_organisation")["value"] == "Association Kizuna Montpellier"
        assert soup.select_one("#id_description").get_text().strip() == (
            "Deux heures pour découvrir les gestes de la calligraphie japonaise."
        )
        assert soup.select_one("#id_seances-0-date")["value"] == data["seances-0-date"]
        assert soup.select_one("#id_seances-0-venue option[selected]")["value"] == str(venue.pk)
        assert soup.select_one("#id_seances-1-venue_name")["value"] == "Salle des fêtes"
        assert soup.select_one("#id_seances-1-venue_postcode")["value"] == "34170"
        kept = soup.select_one("input[name=image__kept]")
        assert (
            soup.select_one(".file-kept")
            .get_text(" ", strip=True)
            .startswith("Image gardée : affiche.png.")
        )

        corrected = proposal_data(
            edition, venue, title="Atelier de calligraphie", image_alt="Une affiche rouge"
        )
        corrected["image__kept"] = kept["value"]
        assert client.post(PROPOSE_URL, corrected).status_code == 302
        proposal = Proposal.objects.get()
        with Image.open(proposal.image) as image:
            assert image.size == (640, 480)

    def test_image_is_kept_when_only_a_session_is_refused(self, client, edition, venue):
        data = proposal_data(
            edition, venue, image_alt="Une affiche", **{"seances-0-ends_at": "9:00"}
        )
        data["image"] = png()
        response = client.post(PROPOSE_URL, data)
        soup = BeautifulSoup(response.content, "html.parser")
        assert set(errors_of(response)) == {"seances-0-ends_at"}
        kept = soup.select_one("input[name=image__kept]")["value"]
        corrected = proposal_data(edition, venue, image_alt="Une affiche", image__kept=kept)
        assert client.post(PROPOSE_URL, corrected).status_code == 302
        assert Proposal.objects.get().image.name.endswith(".png")

    def test_closed_call_says_so_with_the_next_dates_and_refuses_posts(
        self, client, edition, venue
    ):
        edition.proposals_open_on = days_from_now(5)
        edition.proposals_close_on = days_from_now(12)
        edition.save()
        page = client.get(PROPOSE_URL)
        soup = BeautifulSoup(page.content, "html.parser")
        assert soup.select_one("main .lead").get_text(strip=True) == (
            "L'appel à propositions est fermé pour le moment."
        )
        opens = days_from_now(5)
        assert f"du {date_format(opens, 'l j F Y')} au" in soup.select_one("main").get_text(
            " ", strip=True
        )
        assert soup.select_one("form.proposal-form") is None
        response = submit(client, edition, venue)
        assert response.status_code == 403
        assert Proposal.objects.count() == 0

    def test_call_closes_after_its_last_day(self, client, edition, venue, time_machine):
        time_machine.move_to(
            datetime.datetime.combine(days_from_now(11), datetime.time(9)), tick=False
        )
        assert submit(client, edition, venue).status_code == 403

    def test_footer_links_to_the_form(self, client, edition):
        soup = BeautifulSoup(client.get("/editions/").content, "html.parser")
        link = soup.select_one(".site-footer-links a[href='/proposer/']")
        assert link.get_text(strip=True) == "Proposer un événement"


class TestFollowUp:
    def test_shows_status_and_message(self, client, edition, venue):
        proposal = make_proposal(
            edition,
            venue,
            status="changes_requested",
            moderator_message="Précisez l'âge minimum.",
        )
        response = client.get(proposal.get_absolute_url())
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text(strip=True) == "Atelier de calligraphie"
        assert soup.select_one(".proposal-status").get_text(" ", strip=True) == (
            "Statut : modifications demandées L'équipe du festival vous demande de modifier "
            "votre proposition."
        )
        assert soup.select_one(".proposal-message p").get_text(strip=True) == (
            "Précisez l'âge minimum."
        )
        assert soup.select_one("meta[name=robots]")["content"] == "noindex"
        assert soup.select_one("#id_title")["value"] == "Atelier de calligraphie"
        assert soup.select_one("#id_seances-1-venue_town")["value"] == "Castelnau-le-Lez"

    def test_the_follow_page_shows_the_picture_already_sent(
        self, client, edition, venue, media_root
    ):
        proposal = make_proposal(edition, venue, status="changes_requested")
        page = BeautifulSoup(client.get(proposal.get_absolute_url()).content, "html.parser")
        assert page.select_one(".proposal-current-image") is None
        proposal.image = image_file("affiche.png")
        proposal.save()
        page = BeautifulSoup(client.get(proposal.get_absolute_url()).content, "html.parser")
        figure = page.select_one(".proposal-current-image")
        assert figure.img["src"].startswith(settings.MEDIA_URL + "resized/")
        assert figure.figcaption.get_text(strip=True) == (
            "L'image déjà envoyée. Elle reste si vous n'en choisissez pas une autre."
        )
        assert figure.select_one("input[type=checkbox] + label").get_text() == (
            "Retirer cette image"
        )
        # Not the stored file's name, which means nothing to the proposer.
        assert proposal.image.name not in page.select_one("#div_id_image").get_text()

    def test_amending_saves_everything_and_puts_it_back_in_the_queue(self, client, edition, venue):
        proposal = make_proposal(edition, venue, status="changes_requested")
        first, second = proposal.sessions.all()
        data = proposal_data(edition, venue, title="Atelier de calligraphie pour enfants")
        data.update(
            {
                "seances-INITIAL_FORMS": "2",
                "seances-0-id": str(first.pk),
                "seances-0-starts_at": "15:00",
                "seances-1-id": str(second.pk),
                "seances-1-DELETE": "on",
            }
        )
        response = client.post(proposal.get_absolute_url(), data)
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.title == "Atelier de calligraphie pour enfants"
        assert proposal.status == "pending"
        assert [(s.pk, s.starts_at) for s in proposal.sessions.all()] == [
            (first.pk, datetime.time(15))
        ]
        assert [message.subject for message in mail.outbox] == [
            "Proposition modifiée : Atelier de calligraphie pour enfants",
            "Proposition modifiée à relire : Atelier de calligraphie pour enfants",
        ]
        page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
        assert page.select_one(".site-messages .alert-success").get_text(strip=True) == (
            "Vos modifications sont envoyées à l'équipe du festival. Merci !"
        )

    def test_an_amendment_shows_the_team_what_changed(self, client, organiser, edition, venue):
        proposal = make_proposal(edition, venue, status="changes_requested")
        first, second = proposal.sessions.all()
        data = proposal_data(edition, venue, title="Atelier de calligraphie pour enfants")
        data.update(
            {
                "seances-INITIAL_FORMS": "2",
                "seances-0-id": str(first.pk),
                "seances-1-id": str(second.pk),
                "seances-1-DELETE": "on",
            }
        )
        # In English: the team still reads French.
        client.post("/en" + proposal.get_absolute_url(), data)
        proposal.refresh_from_db()
        changes = {label: (before, after) for label, before, after in proposal.changes}
        assert changes["titre"] == (
            "Atelier de calligraphie",
            "Atelier de calligraphie pour enfants",
        )
        # The second session removed; the unchanged fields are not listed.
        assert changes["séances"][1].count("\n") == 0 and changes["séances"][0].count("\n") == 1
        assert "e-mail" not in changes
        team = mail.outbox[-1].body
        assert "Ce que le proposant a modifié :" in team
        assert (
            "- titre : « Atelier de calligraphie » → « Atelier de calligraphie pour enfants »"
            in team
        )
        client.force_login(organiser)
        page = BeautifulSoup(client.get(ADMIN_CHANGE.format(proposal.pk)).content, "html.parser")
        rows = [
            [cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in page.select(".proposal-changes tbody tr")
        ]
        assert ["titre", "Atelier de calligraphie", "Atelier de calligraphie pour enfants"] in rows
        assert "séances" in [row[0] for row in rows]

    def test_refused_amendment_keeps_the_proposal_as_it_was(self, client, edition, venue):
        proposal = make_proposal(edition, venue)
        data = proposal_data(edition, venue, title="", **{"seances-0-ends_at": "10:00"})
        response = client.post(proposal.get_absolute_url(), data)
        assert set(errors_of(response)) == {"title", "seances-0-ends_at"}
        proposal.refresh_from_db()
        assert proposal.title == "Atelier de calligraphie"
        assert proposal.sessions.count() == 2

    def test_decided_proposal_shows_no_form_and_takes_no_post(self, client, edition, venue):
        proposal = make_proposal(edition, venue, status="rejected", moderator_message="Hors sujet.")
        page = BeautifulSoup(client.get(proposal.get_absolute_url()).content, "html.parser")
        assert page.select_one("form.proposal-form") is None
        response = client.post(proposal.get_absolute_url(), proposal_data(edition, venue))
        assert response.status_code == 405

    @pytest.mark.parametrize("change", ["letter", "old_link_tampered", "garbage"])
    def test_bad_or_tampered_token_is_a_404(self, client, edition, venue, change):
        proposal = make_proposal(edition, venue)
        token = proposal.follow_token
        old_link = signing.Signer(salt=PROPOSAL_TOKEN_SALT).sign_object(proposal.pk)
        tampered = {
            "letter": f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}",
            "old_link_tampered": f"{old_link[:-1]}{'A' if old_link[-1] != 'A' else 'B'}",
            "garbage": "nimportequoi",
        }[change]
        assert client.get(f"/proposer/suivi/{tampered}/").status_code == 404
        assert client.get(f"/proposer/envoyee/{tampered}/").status_code == 404

    def test_follow_token_is_random_and_says_nothing_of_the_proposal(self, client, edition, venue):
        first, second = make_proposal(edition, venue), make_proposal(edition, venue)
        assert len(first.follow_token) == 32 and first.follow_token != second.follow_token
        # Not the number, signed, as before: a random key, stored.
        for proposal in (first, second):
            assert ":" not in proposal.follow_token
            assert Proposal.objects.get(follow_key=proposal.follow_token) == proposal
        assert client.get(first.get_absolute_url()).status_code == 200

    def test_a_link_sent_before_random_tokens_still_opens_its_proposal(
        self, client, edition, venue
    ):
        proposal = make_proposal(edition, venue)
        old_link = signing.Signer(salt=PROPOSAL_TOKEN_SALT).sign_object(proposal.pk)
        page = BeautifulSoup(client.get(f"/proposer/suivi/{old_link}/").content, "html.parser")
        assert page.h1.get_text(strip=True) == "Atelier de calligraphie"


ADMIN_CHANGE = "/admin/events/proposal/{}/change/"


def admin_post(client, proposal, decision, message=""):
    """Post the admin's change form of a proposal as shown, with a decision button."""
    data = form_data(client, proposal)
    data["moderator_message"] = message
    data[decision] = "1"
    return client.post(ADMIN_CHANGE.format(proposal.pk), data)


def form_data(client, proposal):
    """Return the admin's change form of a proposal as shown, as data to post."""
    page = client.get(ADMIN_CHANGE.format(proposal.pk))
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("#proposal_form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            selected = field.select_one("option[selected]")
            data[name] = selected["value"] if selected else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "file"):
            data[name] = field.get("value", "")
    return data


class TestModeration:
    def test_organisers_may_moderate(self):
        codenames = set(
            Group.objects.get(name="Organisateurs")
            .permissions.filter(content_type__model="proposal")
            .values_list("codename", flat=True)
        )
        assert codenames == {"change_proposal", "view_proposal"}

    def test_queue_lists_pending_first(self, client, organiser, edition, venue):
        decided = make_proposal(edition, venue, title="Refusée", status="rejected")
        older = make_proposal(edition, venue, title="Plus ancienne")
        newer = make_proposal(edition, venue, title="Plus récente")
        asked = make_proposal(edition, venue, title="À modifier", status="changes_requested")
        Proposal.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=2)
        )
        page = client.get("/admin/events/proposal/")
        soup = BeautifulSoup(page.content, "html.parser")
        titles = [cell.get_text(strip=True) for cell in soup.select("#result_list th.field-title")]
        assert titles == [older.title, newer.title, asked.title, decided.title]

    def test_queue_costs_fixed_queries(
        self, client, organiser, edition, venue, django_assert_max_num_queries
    ):
        for number in range(12):
            make_proposal(edition, venue, title=f"Proposition {number}")
        with django_assert_max_num_queries(12):
            client.get("/admin/events/proposal/")

    def test_change_page_shows_sessions_and_possible_duplicates(
        self, client, organiser, edition, venue
    ):
        twin = make_venue(
            name="Salle des Fêtes", town="Castelnau-le-Lez", postcode="34170", department="34"
        )
        make_venue(name="Salle des fêtes", town="Toulouse", slug="autre-salle")
        proposal = make_proposal(edition, venue)
        new_venue_session = proposal.sessions.get(venue=None)
        assert similar_venues(new_venue_session) == [twin]
        soup = BeautifulSoup(client.get(ADMIN_CHANGE.format(proposal.pk)).content, "html.parser")
        duplicates = soup.select(".field-similar_venues .readonly")
        assert duplicates[1].get_text(" ", strip=True) == (
            "Doublon possible : choisissez le lieu existant dans « lieu » ci-dessus : "
            "Salle des Fêtes (Castelnau-le-Lez)"
        )
        buttons = [button["value"] for button in soup.select(".proposal-decision input")]
        assert buttons == ["Accepter et publier", "Demander des modifications", "Refuser"]

    def test_approval_shows_the_alerts_and_asks_to_confirm(self, client, organiser, edition, venue):
        # Another event at the proposal's venue, at the same time as its first session.
        day = edition.starts_on + datetime.timedelta(days=2)
        other = make_event(edition, title="Concert de koto", venue=venue)
        make_session(other, aware(day.year, day.month, day.day, 15))
        proposal = make_proposal(edition, venue, title="書道ワークショップ")
        late = proposal.sessions.get(venue=None)
        late.date = edition.ends_on + datetime.timedelta(days=3)
        late.save()
        page = BeautifulSoup(client.get(ADMIN_CHANGE.format(proposal.pk)).content, "html.parser")
        alerts = [li.get_text(" ", strip=True) for li in page.select(".proposal-alerts li")]
        assert len(alerts) == 3
        assert alerts[0].startswith("Le titre français « 書道ワークショップ » est en japonais")
        assert "est hors des dates de l'édition" in alerts[1]
        assert "chevauche « Concert de koto »" in alerts[2]
        # The confirmation is a box of the form the decision buttons send.
        assert page.select_one("#proposal_form .proposal-alerts input[name=_alerts_seen]")
        # « Accepter et publier » alone publishes nothing and says why.
        response = admin_post(client, proposal, "_approve")
        proposal.refresh_from_db()
        assert (proposal.status, Event.objects.filter(title="書道ワークショップ").count()) == (
            "pending",
            0,
        )
        page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
        error = page.select_one(".messagelist .error").get_text(" ", strip=True)
        assert error.startswith("Proposition non acceptée : Le titre français")
        assert error.endswith(
            "cochez « Publier malgré ces alertes » avant « Accepter et publier »."
        )
        # Confirmed, it is published.
        client.post(
            ADMIN_CHANGE.format(proposal.pk),
            {**form_data(client, proposal), "_approve": "1", "_alerts_seen": "1"},
        )
        proposal.refresh_from_db()
        assert proposal.status == "approved"

    def test_a_time_the_spring_change_skips_is_an_alert_not_an_error(
        self, client, organiser, edition, venue
    ):
        proposal = make_proposal(edition, venue)
        proposal.sessions.filter(venue=None).update(
            date=datetime.date(2027, 3, 28), starts_at=datetime.time(2, 30)
        )
        response = client.get(ADMIN_CHANGE.format(proposal.pk))
        assert response.status_code == 200
        alerts = BeautifulSoup(response.content, "html.parser").select(".proposal-alerts li")
        assert "Le 28 mars 2027 à 02:30 n'existe pas" in alerts[0].get_text()

    def test_a_proposal_without_alerts_shows_none(self, client, organiser, edition, venue):
        proposal = make_proposal(edition, venue)
        page = BeautifulSoup(client.get(ADMIN_CHANGE.format(proposal.pk)).content, "html.parser")
        assert page.select_one(".proposal-alerts") is None

    def test_a_new_venue_without_coordinates_is_flagged_on_approval(
        self, client, organiser, edition, venue
    ):
        # The address service is out of reach in tests (tests/conftest.py).
        proposal = make_proposal(edition, venue)
        response = admin_post(client, proposal, "_approve")
        page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
        warnings = [li.get_text(" ", strip=True) for li in page.select(".messagelist .warning")]
        assert warnings == [
            "Le lieu « Salle des fêtes (Castelnau-le-Lez) » n'a pas de coordonnées (adresse "
            "introuvable ou service d'adresses muet) : il n'apparaît pas sur la carte. "
            "Placez-le sur sa fiche : Salle des fêtes"
        ]

    def test_a_new_venue_is_placed_by_the_address_service(
        self, client, organiser, edition, venue, monkeypatch
    ):
        found = Place(Decimal("43.633000"), Decimal("3.936000"), "Castelnau-le-Lez")
        monkeypatch.setattr("events.proposals.geocode", lambda query: found)
        proposal = make_proposal(edition, venue)
        proposal.sessions.filter(venue=None).update(venue_address="1 rue de la Mairie")
        admin_post(client, proposal, "_approve")
        new_venue = Venue.objects.get(name="Salle des fêtes")
        assert (new_venue.latitude, new_venue.longitude) == (found.latitude, found.longitude)

    def test_approving_publishes_the_event_its_sessions_and_new_venue(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(edition, venue, is_shown_as_organiser=True)
        assert client.get(f"/{edition.slug}/programme/").content.count(b"calligraphie") == 0
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_post(client, proposal, "_approve", "Bienvenue au programme !")
        assert response.status_code == 302
        proposal.refresh_from_db()
        event = proposal.event
        assert (proposal.status, event.status, event.title) == (
            "approved",
            Event.Status.PUBLISHED,
            "Atelier de calligraphie",
        )
        new_venue = Venue.objects.get(name="Salle des fêtes")
        assert (new_venue.town, new_venue.postcode, new_venue.department) == (
            "Castelnau-le-Lez",
            "34170",
            "34",
        )
        day = edition.starts_on + datetime.timedelta(days=2)
        sessions = [
            (timezone.localtime(s.starts_at), timezone.localtime(s.ends_at), s.venue)
            for s in event.sessions.all()
        ]
        tz = timezone.get_current_timezone()
        at = lambda d, h: datetime.datetime.combine(d, datetime.time(h), tzinfo=tz)  # noqa: E731
        next_day = day + datetime.timedelta(days=1)
        assert sessions == [
            (at(day, 14), at(day, 16), venue),
            (at(next_day, 10), at(next_day, 12), new_venue),
        ]
        assert list(event.organisers.values_list("name", flat=True)) == [
            "Association Kizuna Montpellier"
        ]
        (decision,) = mail.outbox
        assert decision.to == ["lea@example.org"]
        assert decision.subject == "Votre proposition « Atelier de calligraphie » : acceptée"
        assert "Bienvenue au programme !" in decision.body
        assert event.get_absolute_url() in decision.body

        page = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
        assert page.h1.get_text(strip=True) == "Atelier de calligraphie"
        programme = client.get(f"/{edition.slug}/programme/").content.decode()
        assert "Atelier de calligraphie" in programme
        feed = vobject.readOne(client.get(f"/{edition.slug}/programme.ics").content.decode())
        summaries = [vevent.summary.value for vevent in feed.vevent_list]
        assert summaries == ["Atelier de calligraphie", "Atelier de calligraphie"]

    def test_organiser_is_named_only_with_consent(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(edition, venue, is_shown_as_organiser=False)
        with django_capture_on_commit_callbacks(execute=True):
            admin_post(client, proposal, "_approve")
        proposal.refresh_from_db()
        assert list(proposal.event.organisers.all()) == []
        assert Partner.objects.filter(name="Association Kizuna Montpellier").count() == 0
        page = BeautifulSoup(client.get(proposal.event.get_absolute_url()).content, "html.parser")
        assert "Kizuna" not in page.select_one("main").get_text()

    def test_organiser_picks_an_existing_venue_instead_of_a_duplicate(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        twin = make_venue(name="Salle des Fêtes", town="Castelnau-le-Lez", postcode="34170")
        proposal = make_proposal(edition, venue)
        page = client.get(ADMIN_CHANGE.format(proposal.pk))
        soup = BeautifulSoup(page.content, "html.parser")
        assert soup.select_one("#id_sessions-1-venue")
        proposal.sessions.filter(venue=None).update(venue=twin)
        count = Venue.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            admin_post(client, proposal, "_approve")
        assert Venue.objects.count() == count
        proposal.refresh_from_db()
        assert [s.venue for s in proposal.event.sessions.all()] == [venue, twin]

    def test_asking_for_changes_needs_a_message_and_mails_it(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(edition, venue)
        with django_capture_on_commit_callbacks(execute=True):
            refused = admin_post(client, proposal, "_ask_changes", "")
        page = BeautifulSoup(client.get(refused["Location"]).content, "html.parser")
        assert page.select_one(".messagelist .error").get_text(strip=True) == (
            "Écrivez au proposant, dans « message au proposant », ce qui ne va pas."
        )
        proposal.refresh_from_db()
        assert proposal.status == "pending"
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            admin_post(client, proposal, "_ask_changes", "Précisez l'âge minimum.")
        proposal.refresh_from_db()
        assert proposal.status == "changes_requested"
        (message,) = mail.outbox
        assert message.subject == (
            "Votre proposition « Atelier de calligraphie » : modifications demandées"
        )
        assert "Précisez l'âge minimum." in message.body
        assert "http://127.0.0.1:8000" + proposal.get_absolute_url() in message.body
        assert Event.objects.count() == 0

    def test_rejecting_mails_the_message_and_publishes_nothing(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(edition, venue)
        with django_capture_on_commit_callbacks(execute=True):
            admin_post(client, proposal, "_reject", "Le programme est complet.")
        proposal.refresh_from_db()
        assert proposal.status == "rejected"
        (message,) = mail.outbox
        assert message.subject == "Votre proposition « Atelier de calligraphie » : refusée"
        assert "Le programme est complet." in message.body
        assert Event.objects.count() == 0
        assert Session.objects.count() == 0

    def test_failed_approval_leaves_nothing_half_done(
        self, client, organiser, edition, venue, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(edition, venue)
        # A postcode the form would refuse, as if typed wrong in the admin's database.
        proposal.sessions.filter(venue=None).update(venue_postcode="ABCDE")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_post(client, proposal, "_approve")
        page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
        assert (
            page.select_one(".messagelist .error")
            .get_text(strip=True)
            .startswith("Proposition non acceptée :")
        )
        proposal.refresh_from_db()
        assert (proposal.status, proposal.event) == ("pending", None)
        assert (Event.objects.count(), Session.objects.count()) == (0, 0)
        assert not Venue.objects.filter(name="Salle des fêtes").exists()
        assert mail.outbox == []

    def test_pending_proposal_is_in_no_public_page_feed_or_sitemap(self, client, edition, venue):
        make_proposal(edition, venue, title="Proposition secrète")
        for url in [
            "/",
            f"/{edition.slug}/",
            f"/{edition.slug}/programme/",
            f"/{edition.slug}/programme.ics",
            "/sitemap-events.xml",
            f"/lieux/{venue.slug}/",
        ]:
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
            assert b"secr" not in body, url


def test_dashboard_counts_proposals_to_review(client, organiser, edition, venue):
    make_proposal(edition, venue)
    make_proposal(edition, venue, status="rejected")
    with_other_edition = make_edition(slug="autre")
    make_proposal(with_other_edition, venue)
    edition.is_current = True
    edition.save()
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    row = page.select_one(".edition-todo tr")
    assert (row.th.get_text(strip=True), row.td.get_text(strip=True)) == (
        "Propositions d'événements à relire",
        "1",
    )
    listed = BeautifulSoup(client.get(row.td.a["href"]).content, "html.parser")
    assert len(listed.select("#result_list tbody tr")) == 1


@pytest.fixture
def failing_session_insert():
    """Make the database refuse the insert of a session of a new venue named « Panne »."""
    table = ProposedSession._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_panne() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'panne'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER panne BEFORE INSERT ON {table} FOR EACH ROW "
                "WHEN (NEW.venue_name = 'Panne') EXECUTE FUNCTION refuse_panne()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER panne BEFORE INSERT ON {table} "
                "WHEN NEW.venue_name = 'Panne' BEGIN SELECT RAISE(ABORT, 'panne'); END"
            )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER panne ON {table}"
            if connection.vendor == "postgresql"
            else "DROP TRIGGER panne"
        )


def test_failed_save_leaves_no_half_proposal(client, edition, venue, failing_session_insert):
    client.raise_request_exception = False
    response = submit(client, edition, venue, **{"seances-1-venue_name": "Panne"})
    assert response.status_code == 500
    assert (Proposal.objects.count(), ProposedSession.objects.count()) == (0, 0)
    assert mail.outbox == []


def test_edition_page_invites_proposals_only_while_the_call_is_open(client, edition):
    def call_section():
        soup = BeautifulSoup(client.get(f"/{edition.slug}/").content, "html.parser")
        return soup.select_one("section[aria-labelledby=call-title]")

    section = call_section()
    assert section.h2.get_text(strip=True) == "Vous organisez un événement ?"
    assert section.a["href"] == "/proposer/"
    edition.proposals_close_on = days_from_now(-1)
    edition.proposals_open_on = days_from_now(-5)
    edition.save()
    assert call_section() is None


def test_demo_leaves_the_call_open_with_two_pending_proposals():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    demo = Edition.objects.get(slug="demonstration")
    assert demo.is_open_for_proposals()
    proposals = Proposal.objects.filter(edition=demo, status="pending")
    assert proposals.count() == 2
    days = [session.date for session in ProposedSession.objects.filter(proposal__in=proposals)]
    assert len(days) == 3
    assert all(demo.starts_on <= day <= demo.ends_on for day in days)
