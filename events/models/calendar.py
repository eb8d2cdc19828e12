import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import get_language

from events.models.editions import Edition
from events.models.sessions import SpanQuerySet
from events.search import search_words

# Feeds' change stamps kept at most; those no client asked for in FEED_STAMP_DAYS are pruned
# (manage.py prune). A stamp's last request is written at most once a day.
FEED_STAMPS_MAX = 10_000
FEED_STAMP_DAYS = 60
FEED_STAMP_SEEN_EVERY = datetime.timedelta(days=1)


class RemovedSessionQuerySet(SpanQuerySet):
    """Programme filters over removed sessions: the same method names as SessionQuerySet."""

    def published(self):
        return self

    def in_edition(self, edition):
        return self.filter(edition=edition)

    def at_venue(self, venue):
        return self.filter(venue_id=venue.pk)

    def in_town(self, town):
        return self.filter(town__iexact=town)

    def in_department(self, code):
        return self.filter(department=code)

    def with_access(self, kind):
        return self.filter(access_slugs__contains=f"|{kind}|")

    def free(self):
        return self.filter(is_free=True)

    def in_category(self, category):
        return self.filter(category_id=category.pk)

    def with_theme(self, theme):
        return self.filter(theme_slugs__contains=f"|{theme.slug}|")

    def for_audience(self, audience):
        return self.filter(audience=audience)

    def search(self, text):
        removed = self
        for word in search_words(text):
            removed = removed.filter(search_text__contains=word)
        return removed

    def with_related(self):
        return self


class RemovedSession(models.Model):
    """A session taken off the public programme, kept in feeds as cancelled until it ends.

    Made and removed by events.calendar_changes only.

    It copies what its calendar entry showed and what the programme filters look at,
    since its session, event or venue may be gone.
    """

    uid = models.UUIDField(unique=True)
    sequence = models.PositiveIntegerField()
    removed_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_all_day = models.BooleanField()
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    event_id = models.PositiveIntegerField()
    event_slug = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    category_id = models.PositiveIntegerField()
    category_name = models.CharField(max_length=100)
    # The title and category in every language the site speaks: {"en": {"title": …}}.
    translations = models.JSONField(default=dict, blank=True)
    theme_slugs = models.TextField(blank=True)
    audience = models.CharField(max_length=20)
    is_free = models.BooleanField()
    venue_id = models.PositiveIntegerField(null=True)
    location = models.CharField(max_length=500, blank=True)
    town = models.CharField(max_length=120, blank=True)
    department = models.CharField(max_length=3, blank=True)
    # The kinds of Access of the event at its place, as "|moteur||lsf|".
    access_slugs = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    objects = RemovedSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "ends_at", "pk"]
        indexes = [models.Index(fields=["edition", "ends_at"], name="removed_session_edition_idx")]

    def __str__(self):
        return f"{self.title} ({self.uid})"

    @classmethod
    def from_session(cls, session, removed_at):
        event, place = session.event, session.place
        themes = [theme.slug for theme in event.themes.all()]
        return cls(
            uid=session.uid,
            sequence=session.sequence + 1,
            removed_at=removed_at,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            is_all_day=session.is_all_day,
            edition_id=event.edition_id,
            event_id=event.pk,
            event_slug=event.slug,
            title=event.title_fr or event.title,
            category_id=event.category_id,
            category_name=event.category.name_fr or event.category.name,
            translations={
                code: {
                    "title": getattr(event, f"title_{code}", "") or "",
                    "category": getattr(event.category, f"name_{code}", "") or "",
                }
                for code, _name in settings.LANGUAGES
            },
            theme_slugs="".join(f"|{slug}|" for slug in themes),
            audience=event.audience,
            is_free=event.is_free,
            venue_id=place.pk if place else None,
            location=place.full_address if place else "",
            town=place.town if place else "",
            department=place.department if place else "",
            access_slugs="".join(f"|{kind}|" for kind in event.access_kinds_at(place)),
            search_text=f"{event.search_text} {place.search_text if place else ''}",
        )

    @property
    def ical_uid(self):
        return f"{self.uid}@{settings.ICAL_UID_DOMAIN}"

    def translated(self, field):
        """Return the title or category in the active language, French if it has none."""
        text = self.translations.get(get_language() or "", {}).get(field)
        return text or (self.title if field == "title" else self.category_name)

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        return timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()


class FeedStampQuerySet(models.QuerySet):
    def touch(self, key, fingerprint, now=None, *, served=None, stamp=None):
        """Return when the feed `key` last changed, given the fingerprint of its content.

        The time moves, by at least a second (HTTP dates count whole seconds), whenever the
        fingerprint differs from the last one seen, and never goes backwards: clients that
        revalidate with If-Modified-Since alone see every change, removals included.
        `served` is what the feed now tells its subscribers (events.calendar_changes);
        `stamp`, the feed's stamp if already fetched.
        """
        now = (now or timezone.now()).replace(microsecond=0)
        stamp = stamp or self.filter(key=key).first()
        if stamp is None:
            self.make_room(now)
            try:
                with transaction.atomic():
                    return self.create(
                        key=key,
                        fingerprint=fingerprint,
                        changed_at=now,
                        seen_at=now,
                        served=served or "",
                    ).changed_at
            except IntegrityError:
                # Another request created it meanwhile.
                stamp = self.get(key=key)
        changes = {}
        if served is not None and served != stamp.served:
            changes["served"] = served
        if stamp.fingerprint != fingerprint:
            changes["fingerprint"] = fingerprint
            changes["changed_at"] = max(now, stamp.changed_at + datetime.timedelta(seconds=1))
        if now - stamp.seen_at > FEED_STAMP_SEEN_EVERY:
            changes["seen_at"] = now
        if changes:
            self.filter(pk=stamp.pk).update(**changes)
        return changes.get("changed_at", stamp.changed_at)

    def make_room(self, now):
        """Keep at most FEED_STAMPS_MAX stamps: drop the least recently asked for first.

        A feed whose stamp went starts again from the time it is next asked for: later than
        its last one, so its Last-Modified still never goes backwards.
        """
        if self.count() < FEED_STAMPS_MAX:
            return
        oldest = self.order_by("seen_at").values_list("pk", flat=True)[: FEED_STAMPS_MAX // 10]
        self.filter(pk__in=list(oldest)).delete()

    def unseen(self, now=None):
        """Return stamps no client asked for in FEED_STAMP_DAYS: their feeds are gone or unused."""
        since = (now or timezone.now()) - datetime.timedelta(days=FEED_STAMP_DAYS)
        return self.filter(seen_at__lt=since)


class FeedStamp(models.Model):
    """The last time a calendar feed's content changed, for its Last-Modified header.

    One row per feed as its address means it (events.views.calendar.feed_key), at most
    FEED_STAMPS_MAX rows: what a feed is asked with cannot grow the table for ever.
    """

    key = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField()
    # The last time a client asked for the feed, to the day (see FEED_STAMP_SEEN_EVERY).
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    # What the feed told its subscribers, of the sessions still to come: one entry each,
    # "uid:sequence:end" (events.calendar_changes.FeedMemory).
    served = models.TextField(blank=True)

    objects = FeedStampQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class ProgrammeVersion(models.Model):
    """A token that changes with every write to the programme's tables (see quinzaine.caching).

    Part of every cache key of public pages and feeds, so no change can be served stale.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.token
