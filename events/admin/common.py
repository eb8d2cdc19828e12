"""What the programme's admin pages share: the notice about removed sessions, session labels,
day fields."""

from contextlib import contextmanager

from django.contrib import messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    RemovedSession,
)
from events.scheduling import (
    describe_session,
)
from quinzaine.forms import DayField

# Days typed in the admin: « 31/11/2027 » is refused with its reason (quinzaine.forms.DayField).
DAY_FIELDS = {models.DateField: {"form_class": DayField}}

REMOVAL_MESSAGE = _(
    "Séances à venir retirées du programme : elles restent dans les calendriers abonnés, "
    "marquées « annulée », jusqu'à leur date."
)


class RemovalNoticeMixin:
    """Tell organisers that deleted public sessions stay in feeds as cancelled."""

    delete_confirmation_template = "admin/events/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/events/delete_selected_confirmation.html"

    def save_model(self, request, obj, form, change):
        # An event set back to draft takes its sessions off the programme.
        with _removal_notice(request):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with _removal_notice(request):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with _removal_notice(request):
            super().delete_queryset(request, queryset)


@contextmanager
def _removal_notice(request):
    started = timezone.now()
    yield
    if RemovedSession.objects.filter(removed_at__gte=started).exists():
        messages.info(request, REMOVAL_MESSAGE)


def _with_end(session):
    """Return "samedi 18 novembre 2023, 10:00–18:00", or the day alone for a whole day."""
    label = describe_session(session)
    if session.is_all_day:
        return label
    return f"{label}–{timezone.localtime(session.ends_at):%H:%M}"
