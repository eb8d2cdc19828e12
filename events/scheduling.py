"""Plain functions organisers' tools rely on: repeated sessions, checks, duplication."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Event, Session, local_datetime, whole_days

MAX_GENERATED_DAYS = 366


def days_between(first_day, last_day, skip_weekdays=()):
    """Yield each day from first to last, both included, but the skipped weekdays (0 = Monday)."""
    day = first_day
    while day <= last_day:
        if day.weekday() not in skip_weekdays:
            yield day
        day += datetime.timedelta(days=1)


def generate_sessions(
    event,
    first_day,
    last_day,
    start_time=None,
    end_time=None,
    skip_weekdays=(),
    venue=None,
    **fields,
):
    """Create one session a day for an event, skipping weekdays and sessions it already has.

    Without times, each session is a whole day. Returns the sessions created.
    """
    existing = set(event.sessions.values_list("starts_at", "ends_at", "venue_id"))
    new_sessions = []
    for day in days_between(first_day, last_day, set(skip_weekdays)):
        if start_time is None:
            starts_at, ends_at = whole_days(day, day)
        else:
            starts_at = local_datetime(day, start_time)
            ends_at = local_datetime(day, end_time)
        if (starts_at, ends_at, venue.pk if venue else None) in existing:
            continue
        new_sessions.append(
            Session(
                event=event,
                starts_at=starts_at,
                ends_at=ends_at,
                is_all_day=start_time is None,
                venue=venue,
                **fields,
            )
        )
    return Session.objects.bulk_create(new_sessions)


def describe_session(session):
    """Return a short French label of a session's time, for messages to organisers."""
    start = timezone.localtime(session.starts_at)
    if session.is_all_day:
        return formats.date_format(start, "l j F Y")
    return formats.date_format(start, "l j F Y, H:i")


def schedule_warnings(event):
    """Return human-readable warnings about an event's sessions.

    Warns about sessions outside the edition's days and timed sessions overlapping
    another timed session in the same venue. Whole-day sessions (exhibitions) share
    their venue with other events by nature and are not compared.
    """
    sessions = list(event.sessions.select_related("venue", "event__venue", "event__edition"))
    warnings = []
    edition = event.edition
    for session in sessions:
        if not edition.contains(session.starts_at, session.ends_at):
            warnings.append(
                _("La séance du %(when)s est hors des dates de l'édition (%(first)s – %(last)s).")
                % {
                    "when": describe_session(session),
                    "first": formats.date_format(edition.starts_on, "j F"),
                    "last": formats.date_format(edition.ends_on, "j F Y"),
                }
            )
    timed = [
        s for s in sessions if not s.is_all_day and s.status != Session.Status.CANCELLED and s.place
    ]
    if not timed:
        return warnings
    venue_ids = {s.place.pk for s in timed}
    others = (
        Session.objects.filter(
            starts_at__lt=max(s.ends_at for s in timed),
            ends_at__gt=min(s.starts_at for s in timed),
            is_all_day=False,
        )
        .exclude(status=Session.Status.CANCELLED)
        .exclude(event__status=Event.Status.CANCELLED)
        .filter(Q(venue_id__in=venue_ids) | Q(venue__isnull=True, event__venue_id__in=venue_ids))
        .select_related("event", "venue", "event__venue")
    )
    for session in timed:
        for other in others:
            if (
                other.pk != session.pk
                and other.place.pk == session.place.pk
                and other.starts_at < session.ends_at
                and session.starts_at < other.ends_at
            ):
                warnings.append(
                    _(
                        "La séance du %(when)s chevauche « %(other)s » (%(other_when)s) au même lieu : %(venue)s."
                    )
                    % {
                        "when": describe_session(session),
                        "other": other.event.title,
                        "other_when": describe_session(other),
                        "venue": session.place.name,
                    }
                )
    return warnings


@transaction.atomic
def duplicate_event(event, edition):
    """Copy an event and its sessions into another edition, as a draft.

    Sessions move by the gap between the two editions' first days, so a session
    on the festival's third day stays on the third day.
    """
    shift = edition.starts_on - event.edition.starts_on
    slug = event.slug
    taken = set(Event.objects.filter(edition=edition).values_list("slug", flat=True))
    number = 2
    while slug in taken:
        slug = f"{event.slug}-{number}"
        number += 1
    organisers = list(event.organisers.all())
    themes = list(event.themes.all())
    sessions = list(event.sessions.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.edition = edition
    copy.slug = slug
    copy.status = Event.Status.DRAFT
    copy.is_featured = False
    copy.highlight = ""
    copy.save()
    copy.organisers.set(organisers)
    copy.themes.set(themes)
    Session.objects.bulk_create(
        Session(
            event=copy,
            starts_at=_shift_local(session.starts_at, shift),
            ends_at=_shift_local(session.ends_at, shift),
            is_all_day=session.is_all_day,
            venue_id=session.venue_id,
            note=session.note,
            capacity=session.capacity,
        )
        for session in sessions
    )
    return copy


def _shift_local(moment, shift):
    """Move an aware datetime by whole days, keeping its local wall-clock time."""
    local = timezone.localtime(moment)
    return timezone.make_aware(local.replace(tzinfo=None) + shift)
