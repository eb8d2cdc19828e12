"""Demo data: the editions, venues, partners and events of demo.json, and a running demo edition.

Facts come from the festival's public press texts (dates, towns, partners); the programmes
are plausible illustrations, not the real ones. A third edition, marked as a demo, replays
the 2023 programme around today's date, so that the site can be seen during a festival
without changing the real editions' dates. Loading is idempotent: objects are found by
their slugs and updated in place; the demo edition moves to the day of each load.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from modeltranslation.translator import translator

from events.demo_pictures import PALETTE, category_picture, edition_picture, logo
from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    Partner,
    Proposal,
    ProposedSession,
    RemovedSession,
    Session,
    Theme,
    whole_days,
)
from events.scheduling import generate_sessions
from venues.models import Venue

DATA = Path(__file__).with_name("demo.json")
# English and Japanese versions of the demo's texts, by section and slug (or French name).
TRANSLATIONS = Path(__file__).with_name("demo_translations.json")
TRANSLATED = {
    "editions": Edition,
    "events": Event,
    "venues": Venue,
    "partners": Partner,
    "categories": Category,
    "themes": Theme,
}
# Each demo event's description, in each language.
DESCRIPTIONS = {
    "fr": "Un rendez-vous de la {edition}, proposé par {organisers}.\n\n"
    "Renseignements auprès de la structure organisatrice.",
    "en": "An event organised by {organisers}.\n\nFor details, please contact the organisers.",
    "ja": "主催：{organisers}。\n\nお問い合わせは主催団体までお願いします。",
}
PRACTICAL_INFO = {
    "fr": "Entrée libre dans la limite des places.",
    "en": "Free admission, subject to available seats.",
    "ja": "入場無料（定員に達し次第締め切り）。",
}
DEMO_USERNAME = "organisatrice"
DEMO_PASSWORD = "quinzaine-demo-2023"
# The running demo edition replays this edition, today being its fifth day.
REPLAYED = "quinzaine-du-japon-2023"
DEMO_EDITION = {
    "slug": "demonstration",
    "name": "Quinzaine du Japon – édition de démonstration",
    "tagline": "Démonstration : le programme 2023 rejoué autour d'aujourd'hui, dates fictives.",
    "is_demo": True,
}
DEMO_DAYS_BEFORE = 4
# The demo edition's call for proposals opened a month before it and closes on its last day.
DEMO_CALL_DAYS_BEFORE = 30
# The demo pictures are drawn by events.demo_pictures: credited to the festival.
PICTURE_CREDIT = "Quinzaine du Japon en Occitanie, illustration de démonstration"
# The demo's texts that are not in demo_translations.json: the credit, session notes, prices.
DEMO_TRANSLATIONS = {
    PICTURE_CREDIT: {
        "en": "Japan Fortnight in Occitanie, demonstration illustration",
        "ja": "日本フェスティバル in オクシタニー（デモ用イラスト）",
    },
    "Séance annulée : l'intervenante est indisponible.": {
        "en": "Session cancelled: the speaker is unavailable.",
        "ja": "講師の都合により中止となりました。",
    },
    "Reporté à une date ultérieure.": {
        "en": "Postponed to a later date.",
        "ja": "後日に延期となりました。",
    },
    # Prices.
    "5 €": {"en": "€5", "ja": "5ユーロ"},
    "6 €": {"en": "€6", "ja": "6ユーロ"},
    "10 €": {"en": "€10", "ja": "10ユーロ"},
    "15 €": {"en": "€15", "ja": "15ユーロ"},
    "20 €": {"en": "€20", "ja": "20ユーロ"},
    "7 €, 5 € réduit": {"en": "€7, €5 concessions", "ja": "一般7ユーロ、割引5ユーロ"},
    "12 €, 8 € moins de 12 ans": {
        "en": "€12, €8 under 12",
        "ja": "一般12ユーロ、12歳未満8ユーロ",
    },
    "15 € fleurs fournies": {"en": "€15, flowers provided", "ja": "15ユーロ（花材込み）"},
    "25 € ingrédients compris": {
        "en": "€25, ingredients included",
        "ja": "25ユーロ（材料費込み）",
    },
}


def translated(field, french):
    """Return a field's French text and its demo translations, as keyword arguments."""
    return {
        field: french,
        f"{field}_fr": french,
        **{f"{field}_{code}": text for code, text in DEMO_TRANSLATIONS.get(french, {}).items()},
    }


@transaction.atomic
def load_demo(stdout=None, today=None):
    """Create or update the demo editions, venues, partners, events and organiser account."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    venues = {
        slug: Venue.objects.update_or_create(
            slug=slug,
            defaults={
                **fields,
                **{f"practical_info_{code}": text for code, text in PRACTICAL_INFO.items()},
            },
        )[0]
        for slug, fields in data["venues"].items()
    }
    partners = {}
    for number, (slug, fields) in enumerate(data["partners"].items()):
        partners[slug], _ = Partner.objects.update_or_create(slug=slug, defaults=fields)
        if not partners[slug].logo:
            colour = PALETTE[number % len(PALETTE)]
            partners[slug].logo.save(f"{slug}.png", logo(fields["name"], colour))
    today = today or timezone.localdate()
    replayed = next(spec for spec in data["editions"] if spec["slug"] == REPLAYED)
    starts_on = today - datetime.timedelta(days=DEMO_DAYS_BEFORE)
    length = (_date(replayed["ends_on"]) - _date(replayed["starts_on"])).days
    demo = {
        **replayed,
        **DEMO_EDITION,
        "year": today.year,
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + datetime.timedelta(days=length)).isoformat(),
        "proposals_open_on": (
            starts_on - datetime.timedelta(days=DEMO_CALL_DAYS_BEFORE)
        ).isoformat(),
    }
    demo["proposals_close_on"] = demo["ends_on"]
    count = 0
    for spec in [*data["editions"], demo]:
        edition = _edition(spec, is_current=spec is demo)
        for position, (slug, role) in enumerate(spec["partners"]):
            EditionPartner.objects.update_or_create(
                edition=edition,
                partner=partners[slug],
                defaults={"role": role, "position": position},
            )
        # Sessions give days of the month of the edition they were written for.
        first_day = _date((replayed if spec is demo else spec)["starts_on"]).day
        for event_spec in spec["events"]:
            _event(edition, event_spec, venues, partners, first_day)
            count += 1
        if spec is demo:
            for proposal_spec in data["proposals"]:
                _proposal(edition, proposal_spec, venues, first_day)
    translate_demo()
    user = _organiser()
    if stdout:
        stdout.write(
            f"Démo chargée : {Edition.objects.count()} éditions, {count} événements, "
            f"{Session.objects.count()} séances, {Venue.objects.count()} lieux, "
            f"{Partner.objects.count()} partenaires ; compte « {user.username} »."
        )


def translate_demo(path=TRANSLATIONS):
    """Give the demo's texts their English and Japanese versions, if the file is there.

    Sections list objects by slug (categories and themes also by French name) with, per
    language, their translated fields ({"en": {"title": …}}, or a name alone: {"en": "…"}).
    The demo edition has the 2023 edition's translations unless it has its own.
    """
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    editions = data.setdefault("editions", {})
    editions.setdefault(DEMO_EDITION["slug"], editions.get(REPLAYED, {}))
    for section, model in TRANSLATED.items():
        # Translated fields, and plain ones kept per language (a venue's town_ja).
        columns = {field.name for field in model._meta.concrete_fields}
        fields = translator.get_options_for_model(model).fields
        for key, languages in data.get(section, {}).items():
            values = {}
            for code in ("en", "ja"):
                texts = languages.get(code) or {}
                texts = {"name": texts} if isinstance(texts, str) else texts
                values.update(
                    {
                        f"{field}_{code}": text
                        for field, text in texts.items()
                        if field in fields or f"{field}_{code}" in columns
                    }
                )
            found = Q(slug=key) | Q(name_fr=key) if "name" in fields else Q(slug=key)
            for item in model.objects.filter(found) if values else ():
                for name, value in values.items():
                    setattr(item, name, value)
                item.save(update_fields=list(values))


def _date(text):
    return datetime.date.fromisoformat(text)


def _edition(spec, is_current):
    fields = {
        "name": spec["name"],
        "year": spec["year"],
        "starts_on": _date(spec["starts_on"]),
        "ends_on": _date(spec["ends_on"]),
        "tagline": spec["tagline"],
        "description": spec["description"],
        "is_demo": spec.get("is_demo", False),
        "proposals_open_on": _date(spec["proposals_open_on"])
        if "proposals_open_on" in spec
        else None,
        "proposals_close_on": (
            _date(spec["proposals_close_on"]) if "proposals_close_on" in spec else None
        ),
    }
    edition = Edition.objects.filter(slug=spec["slug"]).first()
    if edition and edition.starts_on != fields["starts_on"]:
        # The demo edition, loaded on another day: its sessions move with it, unrecorded.
        Session.objects.filter(event__edition=edition).delete()
        RemovedSession.objects.filter(edition=edition).delete()
    edition, _ = Edition.objects.update_or_create(
        slug=spec["slug"], defaults={**fields, "is_published": True, "is_current": is_current}
    )
    if not edition.image:
        for field, value in translated("image_credit", PICTURE_CREDIT).items():
            setattr(edition, field, value)
        edition.image.save(f"{spec['slug']}.jpg", edition_picture())
    return edition


def _event(edition, spec, venues, partners, first_day):
    spec = dict(spec)
    sessions = spec.pop("sessions")
    capacity = spec.pop("capacity", None)
    notes = {
        "cancelled": spec.pop("note_on_cancelled", ""),
        "postponed": spec.pop("note_on_postponed", ""),
    }
    organisers = [partners[slug] for slug in spec.pop("organisers")]
    themes = spec.pop("themes")
    if spec["booking"] != "none":
        spec.update(booking_email="reservation@example.org", booking_phone="05 00 00 00 00")
    event, _ = Event.objects.update_or_create(
        edition=edition,
        slug=spec.pop("slug"),
        defaults={
            **spec,
            **translated("price", spec.get("price", "")),
            **{
                f"description_{code}": text.format(
                    edition=edition.name_fr,
                    organisers=", ".join(partner.name for partner in organisers),
                )
                for code, text in DESCRIPTIONS.items()
            },
            "category": Category.objects.get(slug=spec["category"]),
            "venue": venues[spec["venue"]],
            "status": spec.get("status", Event.Status.PUBLISHED),
        },
    )
    event.themes.set(Theme.objects.filter(slug__in=themes))
    event.organisers.set(organisers)
    if not event.image:
        # One picture per category, shared by the editions: no title drawn in it.
        event.image.name = _category_image(event.category.slug)
        event.image_alt = ""
        credit = translated("image_credit", PICTURE_CREDIT)
        for field, value in credit.items():
            setattr(event, field, value)
        event.save(update_fields=["image", "image_alt", *credit])
    if event.sessions.exists():
        return event

    def day(number):
        return edition.starts_on + datetime.timedelta(days=number - first_day)

    if sessions == "daily-10-18-except-monday":
        generate_sessions(
            event,
            edition.starts_on,
            edition.ends_on,
            start_time=datetime.time(10),
            end_time=datetime.time(18),
            skip_weekdays=[0],
        )
        return event
    for session in sessions:
        if "last_day" in session:
            starts_at, ends_at = whole_days(day(session["day"]), day(session["last_day"]))
        else:
            starts_at, ends_at = (
                _at(day(session["day"]), session[key]) for key in ("start", "end")
            )
        status = session.get("status", Session.Status.SCHEDULED)
        Session.objects.create(
            event=event,
            starts_at=starts_at,
            ends_at=ends_at,
            is_all_day="last_day" in session,
            venue=venues[session["venue"]] if "venue" in session else None,
            status=status,
            capacity=capacity,
            **translated("note", notes.get(status, "")),
        )
    return event


def _proposal(edition, spec, venues, first_day):
    """Create or refresh a pending demo proposal, with its sessions on the edition's days."""
    spec = dict(spec)
    sessions = spec.pop("sessions")
    title = spec.pop("title")
    if Proposal.objects.filter(edition=edition, title=title, event__isnull=False).exists():
        # Approved by someone trying the demo: left as it is.
        return
    proposal, _ = Proposal.objects.update_or_create(
        edition=edition,
        title=title,
        defaults={
            **spec,
            "category": Category.objects.get(slug=spec["category"]),
            "status": Proposal.Status.PENDING,
            "moderator_message": "",
        },
    )
    proposal.sessions.all().delete()
    for session in sessions:
        new_venue = session.get("new_venue", {})
        ProposedSession.objects.create(
            proposal=proposal,
            date=edition.starts_on + datetime.timedelta(days=session["day"] - first_day),
            starts_at=datetime.time.fromisoformat(session["start"]),
            ends_at=datetime.time.fromisoformat(session["end"]),
            venue=venues[session["venue"]] if "venue" in session else None,
            venue_name=new_venue.get("name", ""),
            venue_address=new_venue.get("address", ""),
            venue_postcode=new_venue.get("postcode", ""),
            venue_town=new_venue.get("town", ""),
        )


def _category_image(slug):
    """Return the stored name of the category's demo picture, drawing it the first time."""
    name = f"events/demo-{slug}.jpg"
    storage = Event._meta.get_field("image").storage
    if not storage.exists(name):
        name = storage.save(name, category_picture(slug))
    return name


def _at(day, clock):
    hour, minute = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _organiser():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Organisatrice", "last_name": "(démo)", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name="Organisateurs"))
    return user
