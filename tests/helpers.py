"""Helpers shared by test modules: reading pages, admin forms, feeds and spreadsheets.

Test modules import from here (and tests/factories.py for data), never from each other.
"""

import csv
import datetime
import importlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import ics
import vobject
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from PIL import Image

from events import ical
from events.models import Category, Event, Session
from events.resources import COLUMN_NAMES

UTC = datetime.UTC

# Data created by migrations (group, categories, themes, site and its flat pages) is wiped
# when a transactional test flushes the tables; tests/conftest.py puts it back from these.
vocabularies_migration = importlib.import_module(
    "events.migrations.0002_organisers_group_and_vocabularies"
)
legal_pages_migration = importlib.import_module("events.migrations.0007_legal_pages")
proposals_migration = importlib.import_module("events.migrations.0009_proposals")


def organiser_user():
    """Return a staff member who is only in the Organisateurs group, as a new organiser is."""
    user = User.objects.create_user("camille", password="secret", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisateurs"))
    return user


GENERATED_AT = datetime.datetime(2023, 11, 1, 8, 0, tzinfo=UTC)


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def clean_spaces(text):
    """Replace the non-breaking spaces French typography puts before colons and units."""
    return text.replace("\xa0", " ")


def form_data(response, form_id=None):
    """Return what a browser would post from an admin form, as the page rendered it."""
    page = parse(response)
    form = page.find("form", id=form_id) if form_id else page.select_one("#content-main form")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name:
            continue
        if field.name == "select":
            values = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
        elif field.name == "textarea":
            values = [field.text.removeprefix("\n")]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        elif field.get("type") in ("submit", "file"):
            continue
        else:
            values = [field.get("value", "")]
        if values:
            data.setdefault(name, []).extend(values)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def page_messages(response):
    return [li.get_text(strip=True) for li in parse(response).select("ul.messagelist li")]


def errors_of(response):
    """Return the error messages an admin form shows, in page order."""
    return [
        clean_spaces(li.get_text(strip=True)) for li in parse(response).select("ul.errorlist li")
    ]


def png_bytes(width=200, height=100, colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def add_form(client, model):
    """Return the data an empty add form of the model would post."""
    response = client.get(admin_url(model, "add"))
    return form_data(response, f"{model._meta.model_name}_form")


def event_form(client, edition, **fields):
    data = add_form(client, Event)
    data.update(
        {
            "edition": edition.pk,
            "title": "Cérémonie du thé",
            "slug": "ceremonie-du-the",
            "status": "published",
            "summary": "Découvrir le chadō.",
            "category": Category.objects.get(slug="atelier").pk,
            "audience": "all",
            "languages": "français",
            "is_free": "on",
            "booking": "none",
        }
    )
    data.update(fields)
    return data


def run_action(client, action, events, **extra):
    return client.post(
        admin_url(Event),
        {"action": action, "_selected_action": [e.pk for e in events], **extra},
    )


def vobject_events(response):
    """Return the VEVENTs of a feed read by vobject, by UID."""
    return vobject_events_of(response.content)


def vobject_events_of(body):
    calendar = vobject.readOne(body.decode())
    return {vevent.uid.value: vevent for vevent in calendar.contents.get("vevent", [])}


def ics_uids(response):
    return {event.uid for event in ics.Calendar(response.content.decode()).events}


def build(sessions, name="Quinzaine du Japon 2023", removed=()):
    """Return the feed of sessions as the site serves it (events.ical.serialize_feed), as text."""
    sessions = Session.objects.filter(pk__in=[s.pk for s in sessions]).with_related()
    body = ical.serialize_feed(
        sessions,
        name=name,
        removed=removed,
        absolute_url=lambda path: "https://quinzaine.example" + path,
        generated_at=GENERATED_AT,
    )
    return body.decode()


def row(**cells):
    """Return a programme row: a timed session of a Spectacle in Toulouse, unless told."""
    defaults = {
        "titre": "Concert de taiko",
        "catégorie": "Spectacle",
        "lieu": "Halle aux grains",
        "adresse": "1 place Dupuy",
        "code postal": "31000",
        "commune": "Toulouse",
        "date": "13/11/2027",
        "début": "20:00",
        "fin": "22:00",
    }
    return {**defaults, **cells}


def csv_file(rows, name="programme.csv", delimiter=","):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, delimiter=delimiter)
    writer.writeheader()
    for cells in rows:
        writer.writerow(cells)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def twenty_rows():
    """Return 20 rows: 8 events, 2 existing venues' names in other cases, 3 new venues."""
    rows = [
        row(date=f"{day}/11/2027", **{"places": "300"}) for day in (13, 14, 20)
    ]  # 3 taiko concerts
    rows += [
        row(
            titre="Estampes d'Hokusai",
            catégorie="exposition",
            lieu="médiathèque emile zola",
            commune="MONTPELLIER",
            date="2027-11-12",
            **{"date de fin": "26/11/2027", "toute la journée": "oui", "début": "", "fin": ""},
        )
    ]
    rows += [
        row(
            titre="Atelier de cuisine japonaise",
            catégorie="Atelier culinaire",
            gratuit="non",
            tarif="15 €",
            réservation="obligatoire",
            **{"e-mail de réservation": "atelier@example.org"},
            date=f"{day}/11/2027",
            début="10:00",
            fin="12:00",
        )
        for day in (14, 15, 21, 22)
    ]
    rows += [
        row(
            titre="Cérémonie du thé",
            catégorie="Atelier",
            lieu="Jardin japonais",
            adresse="Boulevard Lascrosses",
            commune="Toulouse",
            date=f"{day}/11/2027",
            début="15:30",
            fin="16:30",
        )
        for day in (16, 17, 18)
    ]
    rows += [
        row(
            titre="Projection : Le Voyage de Chihiro",
            catégorie="Projection",
            lieu="Cinéma Le Sémaphore",
            adresse="25 rue Porte de France",
            **{"code postal": "30000"},
            commune="Nîmes",
            date=f"{day}/11/2027",
            début="18:00",
            fin="20:05",
        )
        for day in (19, 20, 26)
    ]
    rows += [
        row(
            titre="Méditation zen",
            catégorie="Méditation",
            lieu="Scène nationale",
            adresse="Place de l'amitié entre les peuples",
            **{"code postal": "81000"},
            commune="Albi",
            date=f"{day}/11/2027",
            début="09:00",
            fin="10:00",
        )
        for day in (23, 24)
    ]
    rows += [
        row(titre="Conférence sur Kyoto", catégorie="Conférence", date="25/11/2027"),
        row(
            titre="Rencontre Club Japon Occitanie",
            catégorie="Rencontre économique",
            date="24/11/2027",
            début="22:30",
            fin="00:30",
            **{"date de fin": "25/11/2027"},
        ),
        row(
            titre="Clôture à Albi",
            catégorie="Spectacle",
            lieu="Scène nationale",
            commune="albi",
            date="26/11/2027",
            début="19:00",
            fin="23:00",
            statut="publié",
        ),
        row(
            titre="Sport : initiation au judo",
            catégorie="Sport",
            public="jeune public",
            date="21/11/2027",
            début="14:00",
            fin="16:00",
        ),
    ]
    return rows


def days_from_now(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def proposal_data(edition, venue, **overrides):
    """Return a full, valid proposal: one session at an existing venue, one at a new one."""
    day = edition.starts_on + datetime.timedelta(days=2)
    data = {
        "organisation": "Association Kizuna Montpellier",
        "organisation_kind": "association",
        "contact_name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "04 00 00 00 00",
        "website": "https://kizuna.example.org",
        "is_shown_as_organiser": "on",
        "title": "Atelier de calligraphie",
        "summary": "S'initier au shodō, pinceau en main.",
        "description": "Deux heures pour découvrir les gestes de la calligraphie japonaise.",
        "category": Category.objects.get(slug="atelier").pk,
        "audience": "all",
        "is_free": "on",
        "price": "",
        "booking": "none",
        "image_alt": "",
        "image_credit": "",
        "homepage": "",
        "seances-TOTAL_FORMS": "3",
        "seances-INITIAL_FORMS": "0",
        "seances-MIN_NUM_FORMS": "1",
        "seances-MAX_NUM_FORMS": "30",
        "seances-0-date": day.isoformat(),
        "seances-0-starts_at": "14:00",
        "seances-0-ends_at": "16:00",
        "seances-0-venue": str(venue.pk),
        "seances-1-date": (day + datetime.timedelta(days=1)).isoformat(),
        "seances-1-starts_at": "10:00",
        "seances-1-ends_at": "12:00",
        "seances-1-venue": "",
        "seances-1-venue_name": "Salle des fêtes",
        "seances-1-venue_address": "2 place de la Mairie",
        "seances-1-venue_postcode": "34170",
        "seances-1-venue_town": "Castelnau-le-Lez",
        # A third row left blank: ignored.
        "seances-2-date": "",
        "seances-2-starts_at": "",
        "seances-2-ends_at": "",
        "seances-2-venue": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def blank_tile():
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "#f2efe9").save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "sakura")
    page.fill("#id_password", "mot-de-passe-solide-42")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


# Spreadsheet import through the admin's pages.
IMPORT_URL = reverse_lazy("admin:events_event_import")
PROCESS_URL = reverse_lazy("admin:events_event_process_import")
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def preview(response):
    """Return each previewed row as (line, fate, event, session, place, details)."""
    return [
        tuple(" ".join(cell.get_text(" ", strip=True).split()) for cell in tr.find_all("td"))
        for tr in parse(response).select("#import-rows tbody tr")
    ]


def dry_run(client, edition, upload, file_format=CSV_FORMAT):
    return client.post(
        IMPORT_URL, {"edition": edition.pk, "import_file": upload, "format": file_format}
    )


def confirm(client, response):
    form = parse(response).select_one("form.import-confirm")
    assert form is not None, preview(response)
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return client.post(PROCESS_URL, data)


def import_file(client, edition, upload, file_format=CSV_FORMAT):
    return confirm(client, dry_run(client, edition, upload, file_format))


# Thunderbird's parser, ical.js, run with Node.js (tests/js, installed by run-tests.sh).
READER = Path(__file__).resolve().parent / "js" / "read_ical.mjs"


def read_with_icaljs(body):
    """Return the calendar name and events as ical.js reads them, events by UID."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run ical.js (see run-tests.sh)."
    result = subprocess.run(
        [node, str(READER)], input=body.encode(), capture_output=True, check=True, timeout=60
    )
    calendar = json.loads(result.stdout)
    return calendar["name"], {event["uid"]: event for event in calendar["events"]}
