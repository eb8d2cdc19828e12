"""Small helpers that build real objects for tests, with sensible defaults."""

import datetime
import io
import itertools
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from events.models import Category, Edition, Event, Partner, Proposal, ProposedSession, Session
from venues.models import Venue

_numbers = itertools.count(1)


def aware(year, month, day, hour=0, minute=0):
    """Return an aware datetime in Europe/Paris."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_edition(**fields):
    number = next(_numbers)
    defaults = {
        "name": f"Quinzaine du Japon {2000 + number}",
        "year": 2000 + number,
        "slug": f"edition-{number}",
        "starts_on": datetime.date(2023, 11, 10),
        "ends_on": datetime.date(2023, 11, 24),
        "is_published": True,
    }
    defaults.update(fields)
    return Edition.objects.create(**defaults)


def make_venue(**fields):
    number = next(_numbers)
    defaults = {
        "name": f"Salle {number}",
        "slug": f"salle-{number}",
        "address": f"{number} rue du Japon",
        "postcode": "31000",
        "town": "Toulouse",
        "department": "31",
        "latitude": "43.604500",
        "longitude": "1.444000",
    }
    if "department" in fields and "postcode" not in fields:
        # A postcode of the département chosen, as the venue form requires.
        department = fields["department"]
        defaults["postcode"] = "" if department == "99" else f"{department}000"
    defaults.update(fields)
    return Venue.objects.create(**defaults)


def make_category(**fields):
    number = next(_numbers)
    defaults = {"name": f"Catégorie {number}", "slug": f"categorie-{number}"}
    defaults.update(fields)
    return Category.objects.create(**defaults)


def make_partner(**fields):
    number = next(_numbers)
    defaults = {
        "name": f"Partenaire {number}",
        "slug": f"partenaire-{number}",
        "kind": "association",
    }
    defaults.update(fields)
    return Partner.objects.create(**defaults)


def make_event(edition=None, **fields):
    number = next(_numbers)
    defaults = {
        "edition": edition or make_edition(),
        "title": f"Événement {number}",
        "slug": f"evenement-{number}",
        "summary": "Un moment de culture japonaise.",
        "category": fields.pop("category", None) or Category.objects.get(slug="exposition"),
        "status": Event.Status.PUBLISHED,
    }
    if "venue" not in fields:
        defaults["venue"] = make_venue()
    defaults.update(fields)
    return Event.objects.create(**defaults)


def make_session(event=None, starts_at=None, ends_at=None, **fields):
    starts_at = starts_at or aware(2023, 11, 15, 14, 0)
    return Session.objects.create(
        event=event or make_event(),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def make_festival(*, edition_fields=None, tea_fields=None):
    """Start the 2023 festival the programme tests share: its three towns and a booked tea.

    Returns the edition, the venues (toulouse, nimes, albi), the categories (cooking,
    screening) and the tea ceremony, for each test module to add its own events.
    """
    edition = make_edition(
        name="Quinzaine du Japon 2023", slug="2023", is_current=True, **(edition_fields or {})
    )
    toulouse = make_venue(
        name="Médiathèque José Cabanis", town="Toulouse", is_motor_accessible=True
    )
    nimes = make_venue(name="Carré d'Art", town="Nîmes", department="30", postcode="30000")
    albi = make_venue(name="Scène Nationale", town="Albi", department="81", postcode="81000")
    cooking = Category.objects.get(slug="atelier-culinaire")
    screening = Category.objects.get(slug="projection")
    tea = make_event(
        edition,
        title="Cérémonie du thé",
        slug="ceremonie-du-the",
        venue=toulouse,
        category=cooking,
        booking=Event.Booking.REQUIRED,
        booking_email="the@example.org",
        **(tea_fields or {}),
    )
    return SimpleNamespace(
        edition=edition,
        toulouse=toulouse,
        nimes=nimes,
        albi=albi,
        cooking=cooking,
        screening=screening,
        tea=tea,
    )


def image_file(name="image.png", size=(800, 600), color="crimson"):
    """Return a real PNG file to store in an ImageField."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def make_proposal(edition, venue, *, new_venue=True, **fields):
    """Return a pending proposal: a session at `venue`, and one at a new venue if asked."""
    defaults = {
        "edition": edition,
        "organisation": "Association Kizuna Montpellier",
        "organisation_kind": "association",
        "contact_name": "Léa Martin",
        "email": "lea@example.org",
        "title": "Atelier de calligraphie",
        "summary": "S'initier au shodō.",
        "category": Category.objects.get(slug="atelier"),
    }
    defaults.update(fields)
    proposal = Proposal.objects.create(**defaults)
    day = edition.starts_on + datetime.timedelta(days=2)
    ProposedSession.objects.create(
        proposal=proposal,
        date=day,
        starts_at=datetime.time(14),
        ends_at=datetime.time(16),
        venue=venue,
    )
    if not new_venue:
        return proposal
    ProposedSession.objects.create(
        proposal=proposal,
        date=day + datetime.timedelta(days=1),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
        venue_name="Salle des fêtes",
        venue_address="2 place de la Mairie",
        venue_postcode="34170",
        venue_town="Castelnau-le-Lez",
    )
    return proposal
