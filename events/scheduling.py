"""Plain functions organisers' tools rely on: repeated sessions, checks, duplication."""

import datetime
import re

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.editions import copy_events
from events.models import Event, Session, local_datetime, whole_days
from events.models.sessions import clock_text

MAX_GENERATED_DAYS = 366


def days_between(first_day, last_day, skip_weekdays=()):
    """Yield each day from first to last, both included, but the skipped weekdays (0 = Monday)."""
    day = first_day
    while day <= last_day:
        if day.weekday() not in skip_weekdays:
            yield day
        day += datetime.timedelta(days=1)


def generate_sessions(event, first_day, last_day, **options):
    """Create one session a day for an event, skipping weekdays and sessions it already has.

    Without times, each session is a whole day. Returns the sessions created.
    """
    return Session.objects.bulk_create(plan_sessions(event, first_day, last_day, **options))


def plan_sessions(
    event,
    first_day,
    last_day,
    start_time=None,
    end_time=None,
    skip_weekdays=(),
    venue=None,
    **fields,
):
    """Return the unsaved sessions that generate_sessions() would create: its preview."""
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
    return new_sessions


def describe_session(session):
    """Return a short French label of a session's time, for messages to organisers."""
    start = timezone.localtime(session.starts_at)
    if session.is_all_day:
        return formats.date_format(start, "l j F Y")
    # « 02:30 hiver » in the hour the October change repeats, as the forms write it.
    return f"{formats.date_format(start, 'l j F Y')}, {clock_text(session.starts_at)}"


def outside_edition_warning(session, edition):
    """Return the warning of a session outside its edition's days (admin and import alike)."""
    return _("La séance du %(when)s est hors des dates de l'édition (%(first)s – %(last)s).") % {
        "when": describe_session(session),
        "first": formats.date_format(edition.starts_on, "j F"),
        "last": formats.date_format(edition.ends_on, "j F Y"),
    }


def placeless_warning(session):
    """Return the warning of a session with no place at all (admin and import alike)."""
    return _(
        "La séance du %(when)s n'a pas de lieu : donnez-en un à la séance ou un "
        "lieu principal à l'événement."
    ) % {"when": describe_session(session)}


# Kana and kanji; a French title with these and no Latin letter was typed in the wrong box.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def title_language_warning(event):
    """Return the warning of a French title written in Japanese only, or ""."""
    title = event.title_fr or ""
    if JAPANESE.search(title) and not LATIN.search(title):
        return _(
            "Le titre français « %(title)s » est en japonais : écrivez-le en français et "
            "mettez le japonais dans « titre (japonais) »."
        ) % {"title": title}
    return ""


def schedule_warnings(event, sessions=None):
    """Return human-readable warnings about an event's sessions (and its French title).

    Warns about sessions outside the edition's days, without a place, and timed sessions
    overlapping another timed session in the same venue. Whole-day sessions (exhibitions) share
    their venue with other events by nature and are not compared. `sessions` are unsaved
    ones to check instead of the event's (a proposal's, before it is approved).
    """
    if sessions is None:
        sessions = list(event.sessions.select_related("venue", "event__venue", "event__edition"))
    warnings = [warning for warning in [title_language_warning(event)] if warning]
    edition = event.edition
    for session in sessions:
        if not edition.contains(session.starts_at, session.ends_at):
            warnings.append(outside_edition_warning(session, edition))
    for session in sessions:
        if session.place is None:
            warnings.append(placeless_warning(session))
    # A venue not made yet (a proposal's new one) has nothing to overlap.
    timed = [
        s
        for s in sessions
        if not s.is_all_day and s.status != Session.Status.CANCELLED and s.place and s.place.pk
    ]
    if not timed:
        return warnings
    venue_ids = {s.place.pk for s in timed}
    others = (
        _compared(Session.objects)
        .filter(
            starts_at__lt=max(s.ends_at for s in timed),
            ends_at__gt=min(s.starts_at for s in timed),
        )
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

    Sessions move by whole weeks (see events.editions.weekday_shift): a Saturday stays
    a Saturday, in the same week of the festival.
    """
    return copy_events(Event.objects.filter(pk=event.pk), edition)[0]


def _compared(sessions):
    """Keep the sessions whose overlaps matter: timed ones, neither they nor their event cancelled.

    Whole-day sessions (exhibitions) share their venue with other events by nature.
    """
    return (
        sessions.filter(is_all_day=False)
        .exclude(status=Session.Status.CANCELLED)
        .exclude(event__status=Event.Status.CANCELLED)
    )


def overlapping_sessions(sessions):
    """Return the sessions that overlap another one at the same place, in one query.

    The rule of schedule_warnings(), for lists and counts over a whole edition.
    """
    place = Coalesce("venue_id", "event__venue_id")
    others = (
        _compared(Session.objects.annotate(other_place_id=place))
        .filter(
            other_place_id=OuterRef("clash_place_id"),
            starts_at__lt=OuterRef("ends_at"),
            ends_at__gt=OuterRef("starts_at"),
        )
        .exclude(pk=OuterRef("pk"))
    )
    return _compared(sessions).annotate(clash_place_id=place).filter(Exists(others))


def outside_edition_days(sessions, editions):
    """Return the sessions of these editions starting before their first day or ending after their last."""
    outside = Q(pk__in=[])
    for edition in editions:
        first, end = whole_days(edition.starts_on, edition.ends_on)
        outside |= Q(event__edition=edition) & (Q(starts_at__lt=first) | Q(ends_at__gt=end))
    return sessions.filter(outside)
