"""Plain functions for moving a programme from one edition to another.

An edition's sessions move by whole weeks, so a Saturday concert stays on a Saturday and
keeps its local time, whatever the clock changes in between.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from events.models import Edition, EditionPartner, Event, Session, local_datetime, whole_days
from quinzaine.text import free_slug, slug_for


def weekday_shift(first_day, target_day):
    """Return the whole weeks nearest the gap between two days, as a timedelta.

    Applied to a day of an edition starting on first_day, it lands on the same weekday,
    in the same week, of an edition starting on target_day.
    """
    weeks = round((target_day - first_day).days / 7)
    return datetime.timedelta(weeks=weeks)


def shift_session(session, shift):
    """Return the start and end of a session moved by shift, keeping local times."""
    if session.is_all_day:
        return whole_days(session.first_day + shift, session.last_day + shift)
    return _shift_local(session.starts_at, shift), _shift_local(session.ends_at, shift)


def _shift_local(moment, shift):
    local = timezone.localtime(moment)
    try:
        return local_datetime(local.date() + shift, local.time().replace(tzinfo=None))
    except ValidationError:
        # A time the spring clock change skips that year: an hour later, as clocks show it.
        return timezone.make_aware(local.replace(tzinfo=None) + shift)


def copy_events(events, edition, *, keep_marks=False):
    """Copy events, their themes, organisers and sessions into an edition, as drafts.

    Sessions move by weekday_shift() between the two editions' first days and get new
    calendar identifiers. A slug already taken in the edition gets a number. Unless
    keep_marks, copies are neither featured nor marked as opening or closing: the
    edition may have its own. Images are shared, not copied. Returns the copies.
    """
    events = list(events.select_related("edition").prefetch_related("themes", "organisers"))
    taken = set(Event.objects.filter(edition=edition).values_list("slug", flat=True))
    sessions = Session.objects.filter(event__in=events).select_related("event__edition")
    copies, sources = [], {}
    for event in events:
        copy = _clone(event)
        copy.edition = edition
        copy.slug = free_slug(event.slug, taken, Event._meta.get_field("slug").max_length)
        taken.add(copy.slug)
        copy.status = Event.Status.DRAFT
        if not keep_marks:
            copy.is_featured = False
            copy.highlight = ""
        copies.append(copy)
        sources[event.pk] = copy
    Event.objects.bulk_create(copies)
    for related, column in [("themes", "theme_id"), ("organisers", "partner_id")]:
        through = getattr(Event, related).through
        through.objects.bulk_create(
            through(event_id=sources[event.pk].pk, **{column: item.pk})
            for event in events
            for item in getattr(event, related).all()
        )
    new_sessions = []
    for session in sessions:
        shift = weekday_shift(session.event.edition.starts_on, edition.starts_on)
        starts_at, ends_at = shift_session(session, shift)
        new_sessions.append(
            Session(
                event=sources[session.event_id],
                starts_at=starts_at,
                ends_at=ends_at,
                is_all_day=session.is_all_day,
                venue_id=session.venue_id,
                capacity=session.capacity,
                # The note in every language, as _clone() copies an event's texts.
                **{field: getattr(session, field) for field in NOTE_COLUMNS},
            )
        )
    Session.objects.bulk_create(new_sessions)
    return copies


NOTE_COLUMNS = ["note", *(f"note_{code}" for code, _name in settings.LANGUAGES)]


def _clone(event):
    """Return an unsaved copy of an event's own fields."""
    fields = {}
    for field in Event._meta.concrete_fields:
        if field.primary_key or field.name in ("created_at", "updated_at"):
            continue
        value = getattr(event, field.attname)
        # The copy points at the same file: its name, not the original's FieldFile.
        fields[field.attname] = value.name if isinstance(field, models.FileField) else value
    return Event(**fields)


def real_editions():
    """Return the editions that are not demonstrations, whose dates are fictitious."""
    return Edition.objects.filter(is_demo=False)


@dataclass
class NextEditionDraft:
    """The name, slug and days suggested for the edition after another (propose_next)."""

    name: str
    year: int
    slug: str
    starts_on: datetime.date
    ends_on: datetime.date


def same_week_position(day, year):
    """Return the day of `year` on the same weekday, nth of its month, as `day` (the 2nd Friday of November)."""
    position = (day.day - 1) // 7
    first = datetime.date(year, day.month, 1)
    first_weekday = first + datetime.timedelta(days=(day.weekday() - first.weekday()) % 7)
    candidate = first_weekday + datetime.timedelta(weeks=position)
    if candidate.month != day.month:
        # A fifth Friday the target month lacks: its last Friday.
        candidate -= datetime.timedelta(weeks=1)
    return candidate


def propose_next(edition, year=None, today=None):
    """Propose the name, slug and days of the edition that follows `edition`.

    The year is the first one after the edition's still to come and free; the days fall on
    the same weekday and week of the month, for as many days.
    """
    today = today or timezone.localdate()
    length = edition.ends_on - edition.starts_on
    if year is None:
        taken = set(real_editions().values_list("year", flat=True))
        year = max(edition.year + 1, today.year)
        while year in taken or same_week_position(edition.starts_on, year) < today:
            year += 1
    starts_on = same_week_position(edition.starts_on, year)
    old = str(edition.year)
    name = edition.name.replace(old, str(year)) if old in edition.name else f"{edition.name} {year}"
    return NextEditionDraft(
        name, year, slug_for(name, 100, "edition"), starts_on, starts_on + length
    )


@dataclass
class Contents:
    partners: int
    events: int
    drafts: int
    sessions: int


def contents(edition):
    """Count an edition's partners, events, draft events and sessions."""
    events = edition.events.aggregate(
        total=models.Count("pk"), drafts=models.Count("pk", filter=Q(status=Event.Status.DRAFT))
    )
    return Contents(
        partners=edition.partnerships.count(),
        events=events["total"],
        drafts=events["drafts"],
        sessions=Session.objects.in_edition(edition).count(),
    )


# An edition's tagline, presentation and picture, in every language.
PRESENTATION_COLUMNS = [
    "image",
    *(
        f"{field}_{code}"
        for field in ("tagline", "description", "image_credit")
        for code, _name in settings.LANGUAGES
    ),
]


def reset_statuses(source):
    """Return {status label: count} of source's sessions a copy puts back to « programmée »."""
    counts = (
        Session.objects.in_edition(source)
        .exclude(status=Session.Status.SCHEDULED)
        .values("status")
        .annotate(count=models.Count("pk"))
    )
    return {Session.Status(row["status"]).label: row["count"] for row in counts}


def naming_year(edition, year):
    """Return the edition's events whose texts (in any language) name `year`, by title."""
    text = str(year)
    found = Q()
    for field in ("title", "summary", "description"):
        for code, _name in settings.LANGUAGES:
            found |= Q(**{f"{field}_{code}__contains": text})
    return list(edition.events.filter(found).order_by("title"))


@transaction.atomic
def prepare_edition(
    source,
    *,
    name,
    year,
    slug,
    starts_on,
    ends_on,
    copy_programme=False,
    copy_presentation=False,
):
    """Create the next edition, unpublished, with the partners of source and maybe its events.

    Partners keep their roles and order; copied events are drafts whose sessions fall on the
    same weekdays (see copy_events). With copy_presentation, the tagline, presentation and
    picture (in every language) come along. Nothing of it is public.
    """
    presentation = {}
    if copy_presentation:
        presentation = {
            column: getattr(source, column)
            for column in PRESENTATION_COLUMNS
            if getattr(source, column) not in (None, "")
        }
    edition = Edition.objects.create(
        name=name,
        year=year,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        is_published=False,
        **presentation,
    )
    EditionPartner.objects.bulk_create(
        EditionPartner(edition=edition, partner_id=p.partner_id, role=p.role, position=p.position)
        for p in source.partnerships.all()
    )
    if copy_programme:
        copy_events(source.events.all(), edition, keep_marks=True)
    return edition
