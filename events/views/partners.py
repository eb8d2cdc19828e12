"""The partners' list and a partner's page."""

from django.shortcuts import get_object_or_404, render

from events.models import Edition, Partner
from quinzaine.images import resized_url


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
