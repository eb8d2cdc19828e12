"""What protects the site from its anonymous clients, kept in the database all servers share.

Neither may live in a cache: a cache is per server process, or evicted by page traffic.
"""

import uuid

from django.db import models
from django.utils import timezone


class Attempt(models.Model):
    """One use of a limited action (a proposal posted, a reset e-mail asked), for its limits.

    Addresses and e-mails are kept as keyed hashes only (quinzaine.limits.digest).
    """

    action = models.CharField(max_length=40)
    address = models.CharField(max_length=64)
    recipient = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["action", "created_at"], name="attempt_action_idx"),
            models.Index(fields=["action", "address"], name="attempt_address_idx"),
            models.Index(fields=["action", "recipient"], name="attempt_recipient_idx"),
        ]

    def __str__(self):
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"


class PendingUpload(models.Model):
    """An image chosen in a form refused for another reason, kept to send back (quinzaine.uploads).

    Private: never under MEDIA_ROOT, read back only through the form's signed token, and
    deleted once it expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
