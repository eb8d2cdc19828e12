"""What the API says of each object: texts in the active language, ISO dates, public URLs.

Each serializer reads what views.py fetched beforehand (select_related, prefetch_related):
a list costs a fixed number of queries, whatever its length.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Category, Event, Session, Theme
from quinzaine.images import resized_url

# The size of an event's picture in lists and on its page (as the site's cards show it).
IMAGE_SIZE = (640, 360)


def absolute(context, path):
    return context["request"].build_absolute_uri(path) if path else ""


class VocabularySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CategorySerializer(VocabularySerializer):
    class Meta:
        model = Category


class ThemeSerializer(VocabularySerializer):
    class Meta:
        model = Theme


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)


def image_of(field, context, *, alt="", credit=""):
    """Return the picture at IMAGE_SIZE (cropped around its centre) with its text, or None.

    Its resized copy is looked up once per picture and answer: a 600-session list repeats
    some 80 events' pictures (each lookup asks the storage whether the copy exists).
    """
    urls = context.setdefault("resized_urls", {})
    if field.name not in urls:
        urls[field.name] = resized_url(field, *IMAGE_SIZE, crop=True)
    url = urls[field.name]
    if not url:
        return None
    width, height = IMAGE_SIZE
    return {
        "url": absolute(context, url),
        "width": width,
        "height": height,
        "alt": alt,
        "credit": credit,
    }


class VenueSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    town = serializers.CharField(help_text="La commune, en français (comme dans les filtres).")
    town_name = serializers.CharField(
        source="town_label", help_text="La commune dans la langue demandée (ja : katakana)."
    )
    department = serializers.CharField(help_text="Le numéro du département : « 31 ».")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    accessibility = serializers.ListField(child=serializers.CharField(), source="access_kinds")
    url = serializers.SerializerMethodField()
    feed_url = serializers.SerializerMethodField()

    def get_url(self, venue) -> str:
        return absolute(self.context, venue.get_absolute_url())

    def get_feed_url(self, venue) -> str:
        return absolute(self.context, reverse("venues:ics", kwargs={"slug": venue.slug}))


class PartnerSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    website = serializers.URLField(allow_blank=True)
    description = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, partner) -> str:
        return absolute(self.context, partner.get_absolute_url())


class BookingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Event.Booking.choices, source="booking")
    url = serializers.URLField(source="booking_url", allow_blank=True)
    email = serializers.EmailField(source="booking_email", allow_blank=True)
    phone = serializers.CharField(source="booking_phone", allow_blank=True)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    edition = serializers.CharField(source="edition.slug")
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    category = CategorySerializer()
    themes = ThemeSerializer(many=True)
    audience = serializers.ChoiceField(choices=Event.Audience.choices)
    is_cancelled = serializers.BooleanField()
    is_free = serializers.BooleanField()
    price = serializers.CharField(help_text="Le tarif tel qu'écrit par les organisateurs.")
    booking = BookingSerializer(source="*")
    languages = serializers.CharField()
    image = serializers.SerializerMethodField()
    venue = serializers.CharField(
        source="venue.slug", allow_null=True, help_text="Le lieu principal (voir /venues/)."
    )
    organisers = PartnerSerializer(many=True)
    url = serializers.SerializerMethodField()
    feed_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, event):
        return image_of(event.image, self.context, alt=event.image_alt, credit=event.image_credit)

    def get_url(self, event) -> str:
        return absolute(self.context, event.get_absolute_url())

    def get_feed_url(self, event) -> str:
        kwargs = {"edition": event.edition.slug, "slug": event.slug}
        return absolute(self.context, reverse("events:event-ics", kwargs=kwargs))


class SessionEventSerializer(EventSerializer):
    """An event as each of its sessions repeats it: without its long texts and organisers'
    details, which events/<id>/ gives. A 600-session list stays a few hundred kilobytes."""

    description = None
    languages = None
    updated_at = None
    organisers = serializers.SerializerMethodField()

    def get_organisers(self, event) -> list[str]:
        return [partner.slug for partner in event.organisers.all()]


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uid = serializers.CharField(source="ical_uid", help_text="L'UID de la séance dans les agendas.")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    is_all_day = serializers.BooleanField()
    status = serializers.SerializerMethodField()
    note = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True, help_text="La jauge, en places.")
    accessibility = serializers.ListField(child=serializers.CharField(), source="access_kinds")
    venue = VenueSerializer(source="place", allow_null=True)
    event = SessionEventSerializer()

    def get_starts_at(self, session) -> str:
        return timezone.localtime(session.starts_at).isoformat()

    def get_ends_at(self, session) -> str:
        return timezone.localtime(session.ends_at).isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=Session.Status.choices))
    def get_status(self, session):
        if session.event.is_cancelled:
            return Session.Status.CANCELLED.value
        return session.status


class EditionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    tagline = serializers.CharField()
    description = serializers.CharField()
    is_current = serializers.BooleanField()
    state = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    programme_url = serializers.SerializerMethodField()
    feed_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["upcoming", "running", "over"]))
    def get_state(self, edition):
        if edition.is_over:
            return "over"
        return "running" if edition.is_running else "upcoming"

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, edition):
        return image_of(edition.image, self.context, credit=edition.image_credit)

    def get_url(self, edition) -> str:
        return absolute(self.context, edition.get_absolute_url())

    def get_programme_url(self, edition) -> str:
        return absolute(self.context, reverse("events:programme", kwargs={"edition": edition.slug}))

    def get_feed_url(self, edition) -> str:
        return absolute(
            self.context, reverse("events:programme-ics", kwargs={"edition": edition.slug})
        )
