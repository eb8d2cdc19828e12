"""iCalendar feed views (work in progress: the calendar-feeds issue fills these in)."""

from django.http import Http404


def event_feed(request, edition, slug):
    raise Http404


def programme_feed(request, edition):
    raise Http404


def selection_feed(request):
    raise Http404


def venue_feed(request, slug):
    raise Http404
