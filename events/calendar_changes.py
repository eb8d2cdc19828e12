"""Decide what a change to the programme means for calendar subscribers, in this module only.

Every path that changes the programme comes through here: save() and delete() (the admin,
its actions, the import, a proposal's approval, scripts) through Django's model signals, and
QuerySet.update() through quinzaine.querysets.pre_update. The rules:

- A session's SEQUENCE rises by one, and its updated_at moves, when what a subscriber sees
  of it changes: its start, end, whole-day flag, venue or status (SESSION_FIELDS); for a
  session without a venue of its own, its event's main venue; its event's cancellation, or
  the undoing of it, unless the session is cancelled on its own; its place's name, address
  or position (VENUE_FIELDS). Saving the same values
  again changes nothing.
- A public session that leaves the public programme (deleted, its event set back to draft
  or deleted, its edition unpublished) leaves a cancelled copy, a RemovedSession one
  SEQUENCE up, in the feeds it was in, until it has taken place. Back on the programme, the
  session comes one SEQUENCE above that copy, and the copy goes.
- A deleted session moves its event's updated_at.
- An event whose slug changes keeps its old page and feed addresses, redirected (301).
- Every feed remembers what it told its subscribers (FeedStamp.served, see departures()): a
  session that leaves it for any reason (moved to another town, venue or day, unpublished,
  deleted) is sent there as cancelled, one SEQUENCE up, until it has taken place; back in
  that feed, it comes one SEQUENCE above what the feed last said of it.

A feed's Last-Modified is the time its content's fingerprint last changed (FeedStamp.touch,
called by events/views/calendar.py): every change above moves it.
"""

import datetime
import uuid

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from events.models import Edition, Event, OldEventSlug, RemovedSession, Session
from quinzaine.querysets import pre_update
from venues.models import Venue

SESSION_FIELDS = ("starts_at", "ends_at", "is_all_day", "venue_id", "status")
EVENT_FIELDS = ("venue_id", "status")
EDITION_FIELDS = ("is_published",)
# What a venue shows in its sessions' entries (LOCATION, GEO).
VENUE_FIELDS = ("name", "address", "postcode", "town", "latitude", "longitude")


def bump(sessions):
    """Give sessions a new calendar version: clients replace their copy of each."""
    sessions.update(sequence=F("sequence") + 1, updated_at=timezone.now())


def record_removed(sessions, now=None):
    """Keep a cancelled copy of public sessions leaving the programme, until they end.

    `sessions` should come with their event, category, place and themes.
    """
    now = now or timezone.now()
    removed = [
        RemovedSession.from_session(session, now) for session in sessions if session.ends_at > now
    ]
    RemovedSession.objects.filter(ends_at__lte=now).delete()
    fields = [f.name for f in RemovedSession._meta.concrete_fields if f.name not in ("id", "uid")]
    RemovedSession.objects.bulk_create(
        removed, update_conflicts=True, unique_fields=["uid"], update_fields=fields
    )


def restore_removed(sessions):
    """Bring sessions back to the programme, above the version of their cancelled copy."""
    removed = RemovedSession.objects.filter(uid__in=[s.uid for s in sessions])
    sequences = dict(removed.values_list("uid", "sequence"))
    for session in sessions:
        if session.uid in sequences:
            Session.objects.filter(pk=session.pk).update(
                sequence=max(session.sequence, sequences[session.uid]) + 1,
                updated_at=timezone.now(),
            )
    removed.delete()


def sync_removed(sessions, *, is_public):
    """Record sessions leaving the public programme as removed, or bring them back."""
    sessions = sessions.select_related("event__category", "event__venue", "venue")
    sessions = list(sessions.prefetch_related("event__themes"))
    if is_public:
        restore_removed(sessions)
    else:
        record_removed(sessions)


def event_changed(event, previous):
    """Apply the rules to an event's sessions, given its EVENT_FIELDS before the change."""
    sessions = Session.objects.none()
    if previous["venue_id"] != event.venue_id:
        sessions = event.sessions.filter(venue__isnull=True)
    was_cancelled = previous["status"] == Event.Status.CANCELLED
    if was_cancelled != event.is_cancelled:
        # A session cancelled on its own stays cancelled: its calendar copy is unchanged.
        sessions = event.sessions.exclude(status=Session.Status.CANCELLED)
    bump(sessions)
    was_public = previous["status"] != Event.Status.DRAFT and event.edition.is_published
    if was_public != event.is_public:
        sync_removed(event.sessions.all(), is_public=event.is_public)


def edition_changed(edition, previous):
    """Apply the rules to an edition's sessions, given its EDITION_FIELDS before the change."""
    if previous["is_published"] != edition.is_published:
        sessions = Session.objects.in_edition(edition).exclude(event__status=Event.Status.DRAFT)
        sync_removed(sessions, is_public=edition.is_published)


def _stored(instance, fields):
    """Return the stored values of fields of a saved instance, or None for a new one."""
    if instance.pk is None:
        return None
    return type(instance).objects.filter(pk=instance.pk).values(*fields).first()


def _changed(before, after, fields):
    return any(_instant(before[name]) != _instant(after[name]) for name in fields)


def _instant(value):
    # In UTC: Python never finds a second pass of the repeated hour (fold=1) equal to a
    # datetime of another zone, even the same instant (PEP 495).
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC)
    return value


def _touched(model, values, fields):
    """Return which of fields an update() with these values writes (names or attnames)."""
    written = {model._meta.get_field(name).attname for name in values}
    return [name for name in fields if name in written]


# save() --------------------------------------------------------------------------------


@receiver(pre_save, sender=Session)
def version_changed_session(sender, instance, raw, **kwargs):
    previous = None if raw else _stored(instance, SESSION_FIELDS)
    current = {name: getattr(instance, name) for name in SESSION_FIELDS}
    instance._calendar_bumped = bool(previous) and _changed(previous, current, SESSION_FIELDS)
    if instance._calendar_bumped:
        instance.sequence += 1


@receiver(post_save, sender=Session)
def store_session_version(sender, instance, update_fields, **kwargs):
    # save(update_fields=…) without "sequence" would not write the new version.
    bumped = instance.__dict__.pop("_calendar_bumped", False)
    if bumped and update_fields is not None and "sequence" not in update_fields:
        Session.objects.filter(pk=instance.pk).update(
            sequence=instance.sequence, updated_at=timezone.now()
        )


def event_saved(event, previous):
    """Apply the rules to a changed event, and keep its former address if it moved."""
    event_changed(event, previous)
    if (previous["slug"], previous["edition_id"]) != (event.slug, event.edition_id):
        keep_old_address(event, previous["edition_id"], previous["slug"])


def keep_old_address(event, edition_id, slug):
    """Make an event's former page and feed addresses lead to the new ones (301)."""
    OldEventSlug.objects.filter(edition_id=event.edition_id, slug=event.slug).delete()
    OldEventSlug.objects.update_or_create(
        edition_id=edition_id, slug=slug, defaults={"event": event}
    )


def venue_changed(venue, previous):
    # LOCATION and GEO of its sessions' entries change with it.
    bump(Session.objects.at_venue(venue))


def watch(model, fields, on_change):
    """Call on_change(obj, previous) whenever a save() or an update() changes `fields` of obj.

    `previous` holds the fields' stored values before the change.
    """

    def remember(sender, instance, raw, **kwargs):
        instance._calendar_previous = None if raw else _stored(instance, fields)

    def apply(sender, instance, **kwargs):
        previous = instance.__dict__.pop("_calendar_previous", None)
        current = {name: getattr(instance, name) for name in fields}
        if previous and _changed(previous, current, fields):
            on_change(instance, previous)

    def before_update(sender, queryset, values, **kwargs):
        if not _touched(model, values, fields):
            return None
        previous = {row.pop("pk"): row for row in queryset.values("pk", *fields)}

        def after():
            for obj in model.objects.filter(pk__in=previous):
                current = {name: getattr(obj, name) for name in fields}
                if _changed(previous[obj.pk], current, fields):
                    on_change(obj, previous[obj.pk])

        return after

    pre_save.connect(remember, sender=model, weak=False)
    post_save.connect(apply, sender=model, weak=False)
    pre_update.connect(before_update, sender=model, weak=False)


watch(Event, (*EVENT_FIELDS, "slug", "edition_id"), event_saved)
watch(Edition, EDITION_FIELDS, edition_changed)
watch(Venue, VENUE_FIELDS, venue_changed)


# delete() ------------------------------------------------------------------------------


@receiver(pre_delete, sender=Session)
def record_deleted_session(sender, instance, **kwargs):
    # Deleted with its event too (cascade): the event still exists at this point.
    if instance.event.is_public:
        record_removed([instance])


@receiver(post_delete, sender=Session)
def touch_event_of_deleted_session(sender, instance, **kwargs):
    # Feeds polled with If-Modified-Since then change.
    Event.objects.filter(pk=instance.event_id).update(updated_at=timezone.now())


# QuerySet.update() ---------------------------------------------------------------------


@receiver(pre_update, sender=Session)
def version_updated_sessions(sender, queryset, values, **kwargs):
    fields = _touched(Session, values, SESSION_FIELDS)
    if not fields:
        return None
    previous = {row.pop("pk"): row for row in queryset.values("pk", *fields)}

    def after():
        rows = Session.objects.filter(pk__in=previous).values("pk", *fields)
        changed = [row["pk"] for row in rows if _changed(previous[row["pk"]], row, fields)]
        bump(Session.objects.filter(pk__in=changed))

    return after


# Feeds ------------------------------------------------------------------------------------


def read_memory(served):
    """Return what a feed told its subscribers: {uid hex: (sequence, end, was cancelled)}."""
    memory = {}
    for entry in served.split():
        uid, sequence, end, *flags = entry.split(":")
        memory[uid] = (int(sequence), int(end), bool(flags))
    return memory


def still_to_tell(served, now=None):
    """Tell whether a feed's memory holds a session that has not taken place yet."""
    now = (now or timezone.now()).timestamp()
    return any(end > now for _sequence, end, _cancelled in read_memory(served).values())


def write_memory(memory):
    return " ".join(
        f"{uid}:{sequence}:{end}" + (":c" if cancelled else "")
        for uid, (sequence, end, cancelled) in sorted(memory.items())
    )


def departures(served, *, sessions, window, removed, now=None):
    """Work out what a feed must tell its subscribers beyond its sessions, and remember it.

    `served` is the feed's memory (FeedStamp.served); `sessions`, every session matching
    the feed; `window`, those it sends (a subscription may hold fewer); `removed`, the
    cancelled copies it sends. Returns the cancelled copies of sessions it sent and no
    longer holds (unsaved RemovedSession objects), and its new memory.

    A session back in the feed after a cancelled copy was sent there gets a SEQUENCE above
    it (written to the session: the same UID is one version in every feed).
    """
    now = now or timezone.now()
    memory = read_memory(served)
    matching = {session.uid.hex for session in sessions}
    for session in window:
        sent = memory.get(session.uid.hex)
        if sent and sent[2] and session.sequence <= sent[0]:
            session.sequence = sent[0] + 1
            Session.objects.filter(pk=session.pk).update(sequence=session.sequence, updated_at=now)
    present = matching | {entry.uid.hex for entry in removed}
    gone = {
        uid: sent
        for uid, sent in memory.items()
        if uid not in present and sent[1] > now.timestamp()
    }
    departed = _cancelled_copies(gone, now)
    remembered = {
        uid: sent for uid, sent in memory.items() if uid in matching and sent[1] > now.timestamp()
    }
    for session in window:
        remembered[session.uid.hex] = (session.sequence, int(session.ends_at.timestamp()), False)
    for entry in [*removed, *departed]:
        if entry.ends_at > now:
            remembered[entry.uid.hex] = (entry.sequence, int(entry.ends_at.timestamp()), True)
    return departed, write_memory(remembered)


def _cancelled_copies(gone, now):
    """Return cancelled copies of sessions a feed sent and no longer holds, one version up."""
    if not gone:
        return []
    uids = [uuid.UUID(uid) for uid in gone]
    copies = {
        entry.uid.hex: entry
        for entry in RemovedSession.objects.filter(uid__in=uids, ends_at__gt=now)
    }
    sessions = (
        Session.objects.filter(uid__in=uids, ends_at__gt=now)
        .exclude(uid__in=[uuid.UUID(uid) for uid in copies])
        .select_related("event__category", "event__venue", "venue")
        .prefetch_related("event__themes")
    )
    for session in sessions:
        copies[session.uid.hex] = RemovedSession.from_session(session, now)
    for uid, copy in copies.items():
        # Above what this feed said of it, whatever other feeds said; the same once said.
        sequence, _end, was_cancelled = gone[uid]
        copy.sequence = max(copy.sequence, sequence if was_cancelled else sequence + 1)
    return sorted(copies.values(), key=lambda copy: (copy.starts_at, copy.uid))
