"""Rate limits that hold across server processes and that no traffic can evict.

Each allowed use of an action is a row of quinzaine.models.Attempt; a refused one writes
nothing, and rows older than the period go, so the table holds at most `overall` rows per
action. Two requests checked at the same instant on two servers may both pass: a limit may
be overshot by the number of server processes, never more.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from quinzaine.models import Attempt

HOUR = datetime.timedelta(hours=1)
# Longer than any limit's period: older uses count for none (manage.py prune deletes them).
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """How many uses of an action a period allows: per client address, per e-mail, overall."""

    action: str
    per_address: int
    overall: int
    per_recipient: int | None = None
    period: datetime.timedelta = HOUR


def digest(value):
    """Return a keyed hash of an address or e-mail: rows then hold no personal data in clear."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def is_allowed(limit, address, recipient="", now=None):
    """Tell whether one more use is within the limit, without recording it."""
    now = now or timezone.now()
    recent = Attempt.objects.filter(action=limit.action, created_at__gt=now - limit.period)
    if recent.count() >= limit.overall:
        return False
    if recent.filter(address=digest(address)).count() >= limit.per_address:
        return False
    if recipient and limit.per_recipient is not None:
        return recent.filter(recipient=digest(recipient)).count() < limit.per_recipient
    return True


def allow(limit, address, recipient="", now=None):
    """Record one use if the limit allows it; tell whether it did."""
    now = now or timezone.now()
    Attempt.objects.filter(action=limit.action, created_at__lte=now - limit.period).delete()
    if not is_allowed(limit, address, recipient, now):
        return False
    Attempt.objects.create(
        action=limit.action,
        address=digest(address),
        recipient=digest(recipient) if recipient else "",
        created_at=now,
    )
    return True
