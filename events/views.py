from django.http import Http404
from django.shortcuts import get_object_or_404, render

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
    return render(request, "events/partner_list.html", {"partners": Partner.objects.all()})


def partner_detail(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    return render(request, "events/partner_detail.html", {"partner": partner})
