import datetime

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Edition, Session, local_datetime, whole_days
from events.scheduling import MAX_GENERATED_DAYS, days_between
from venues.models import Venue

WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


class DayOrDateTimeField(forms.SplitDateTimeField):
    """A date and a time, where a missing time means midnight (handy for whole days)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", admin_widgets.AdminSplitDateTime)
        super().__init__(require_all_fields=False, **kwargs)
        self.fields[1].required = False

    def compress(self, data_list):
        if data_list and data_list[0] and not data_list[1]:
            data_list = [data_list[0], datetime.time.min]
        if data_list and data_list[0] and data_list[1]:
            # Refuses, in plain French, a time the spring clock change skips.
            return local_datetime(*data_list)
        return super().compress(data_list)


class SessionAdminForm(forms.ModelForm):
    """Session form where a whole-day session is entered as its first and last days."""

    starts_at = DayOrDateTimeField(label=_("début"))
    ends_at = DayOrDateTimeField(
        label=_("fin"), help_text=_("Journée entière : le dernier jour, l'heure est ignorée.")
    )

    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_all_day:
            # Show the last day itself, not the midnight that ends it.
            self.initial["ends_at"] = timezone.make_aware(
                datetime.datetime.combine(self.instance.last_day, datetime.time.min)
            )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at:
            if cleaned.get("is_all_day"):
                first_day = timezone.localtime(starts_at).date()
                last_day = timezone.localtime(ends_at).date()
                if last_day < first_day:
                    self.add_error("ends_at", _("Le dernier jour doit être le premier ou après."))
                else:
                    cleaned["starts_at"], cleaned["ends_at"] = whole_days(first_day, last_day)
            elif ends_at <= starts_at:
                self.add_error("ends_at", _("La fin doit être après le début."))
        return cleaned


class SessionGeneratorForm(forms.Form):
    """Describe repeated sessions: every day from … to …, at … or all day, but on …"""

    first_day = forms.DateField(label=_("Du"), widget=admin_widgets.AdminDateWidget)
    last_day = forms.DateField(label=_("Au"), widget=admin_widgets.AdminDateWidget)
    start_time = forms.TimeField(
        label=_("De"),
        required=False,
        widget=admin_widgets.AdminTimeWidget,
        help_text=_("Laisser vide pour des journées entières."),
    )
    end_time = forms.TimeField(label=_("À"), required=False, widget=admin_widgets.AdminTimeWidget)
    skip_weekdays = forms.TypedMultipleChoiceField(
        label=_("Sauf le"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    venue = forms.ModelChoiceField(
        label=_("Lieu"),
        queryset=None,
        required=False,
        help_text=_("Laisser vide pour le lieu principal de l'événement."),
    )
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, required=False)
    note = forms.CharField(label=_("Remarque"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.all()

    def clean(self):
        cleaned = super().clean()
        first_day, last_day = cleaned.get("first_day"), cleaned.get("last_day")
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if first_day and last_day:
            if last_day < first_day:
                self.add_error("last_day", _("Le dernier jour doit être le premier ou après."))
            elif (last_day - first_day).days >= MAX_GENERATED_DAYS:
                self.add_error("last_day", _("Une série de séances couvre un an au plus."))
        if (start_time is None) != (end_time is None):
            self.add_error(
                "end_time", _("Indiquez l'heure de début et l'heure de fin, ou aucune des deux.")
            )
        elif start_time and end_time and end_time <= start_time:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        elif start_time and first_day and last_day and not self.errors:
            skipped = cleaned.get("skip_weekdays", [])
            for day in days_between(first_day, last_day, set(skipped)):
                try:
                    local_datetime(day, start_time)
                    local_datetime(day, end_time)
                except ValidationError as error:
                    self.add_error("start_time", error)
                    break
        return cleaned


class DuplicateEventForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Édition de destination"), queryset=Edition.objects.all(), empty_label=None
    )
