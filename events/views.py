from django.http import Http404
from django.shortcuts import get_object_or_404, render

from events.images import resized_url
from events.models import Edition, Event, Partner


def home(request):
    edition = Edition.objects.current()
    if edition is None:
        raise Http404
    return edition_detail(request, edition.slug)


def edition_detail(request, edition):
    edition = get_object_or_404(Edition.objects.published(), slug=edition)
    return render(request, "events/edition_detail.html", {"edition": edition})


def event_detail(request, edition, slug):
    event = get_object_or_404(
        Event.objects.published().select_related("edition"), edition__slug=edition, slug=slug
    )
    return render(request, "events/event_detail.html", {"event": event})


def partner_list(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    partnerships = []
    if edition is not None:
        partnerships = list(edition.partnerships.in_role_order().select_related("partner"))
    for partnership in partnerships:
        partnership.logo_url = resized_url(partnership.partner.logo, 320)
    context = {"edition": edition, "partnerships": partnerships}
    return render(request, "events/partner_list.html", context)


def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.public(), slug=slug)
    events = (
        partner.organised_events.published()
        .select_related("edition", "category")
        .order_by("-edition__starts_on", "title")
    )
    partnerships = (
        partner.partnerships.filter(edition__is_published=True)
        .select_related("edition")
        .order_by("-edition__starts_on")
    )
    context = {
        "partner": partner,
        "events": events,
        "partnerships": partnerships,
        "logo_url": resized_url(partner.logo, 480),
    }
    return render(request, "events/partner_detail.html", context)


def edition_list(request):
    editions = list(Edition.objects.published().with_event_count())
    for edition in editions:
        edition.image_url = resized_url(edition.image, 640, 360, crop=True)
    return render(request, "events/edition_list.html", {"editions": editions})
