from django.shortcuts import get_object_or_404, render

from venues.models import Venue


def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    return render(request, "venues/venue_detail.html", {"venue": venue})
