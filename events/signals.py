from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from events.models import Event, Session


@receiver(post_delete, sender=Session)
def touch_event_after_session_deleted(sender, instance, **kwargs):
    """Move the event's modification time, so feeds polled with If-Modified-Since change."""
    Event.objects.filter(pk=instance.event_id).update(updated_at=timezone.now())
