from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from events.models import Event, RemovedSession, Session


@receiver(pre_delete, sender=Session)
def record_deleted_session(sender, instance, **kwargs):
    """Keep a public session's calendar entry, as cancelled, until it has taken place."""
    # Deleted with its event too (cascade): the event still exists at this point.
    if instance.event.is_public:
        RemovedSession.objects.record([instance])


@receiver(post_delete, sender=Session)
def touch_event_after_session_deleted(sender, instance, **kwargs):
    """Move the event's modification time, so feeds polled with If-Modified-Since change."""
    Event.objects.filter(pk=instance.event_id).update(updated_at=timezone.now())
