"""What organisers do to whole events, as plain functions.

The admin's actions are thin wrappers over these, as Django's delete_selected hands its work
to ModelAdmin.delete_queryset; the import and the tests call them too. Preparing the next
edition is events.editions.prepare_edition, approving a proposal events.proposals.approve.
Each change goes through save(), so events.calendar_changes sees it.
"""

from django.db import transaction

from events.models import Event, Session
from events.scheduling import duplicate_event


@transaction.atomic
def publish_events(events):
    """Publish the drafts among events; return those published.

    A cancelled event is brought back on purpose, on its own page, never in a batch.
    """
    published = []
    for event in events.filter(status=Event.Status.DRAFT):
        event.status = Event.Status.PUBLISHED
        event.save()
        published.append(event)
    return published


@transaction.atomic
def cancel_events(events):
    """Cancel events and every session of theirs; return how many events."""
    count = 0
    for event in events.prefetch_related("sessions"):
        for session in event.sessions.all():
            if session.status != Session.Status.CANCELLED:
                session.status = Session.Status.CANCELLED
                session.save()
        if event.status != Event.Status.CANCELLED:
            event.status = Event.Status.CANCELLED
            event.save()
        count += 1
    return count


def duplicate_events(events, edition):
    """Copy events with their sessions into another edition, as drafts; return the copies."""
    return [duplicate_event(event, edition) for event in events.select_related("edition")]
