"""The admin's own forms: sessions as days or times, the generator, duplication, next edition."""

import datetime

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.editions import real_editions
from events.models import (
    Edition,
    Session,
    local_datetime,
    whole_days,
)
from events.models.sessions import SECOND_PASS, parse_clock
from events.scheduling import MAX_GENERATED_DAYS, days_between
from quinzaine.dates import is_repeated
from quinzaine.forms import DayField
from quinzaine.text import slug_for
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


class ClockWidget(admin_widgets.AdminTimeWidget):
    """The admin's time box, 18:30 rather than 18:30:00, « 02:30 hiver » for a second pass."""

    def __init__(self, attrs=None):
        # Wide enough to read « 02:30 hiver » whole.
        super().__init__({"size": "11", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M") + (f" {SECOND_PASS}" if value.fold else "")
        return super().format_value(value)


class ClockField(forms.TimeField):
    """A time of day as organisers write it (parse_clock): « 20:30 », « 20h30 », « 02:30 hiver »."""

    widget = ClockWidget
    default_error_messages = {
        "invalid": _(
            "Écrivez l'heure HH:MM, par exemple 20:30 ; la nuit du changement d'heure "
            "d'octobre, « 02:30 hiver » pour la seconde fois où les horloges marquent 2 h 30."
        )
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        clock = parse_clock(str(value))
        if clock is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return clock


class DayOrTimeWidget(admin_widgets.AdminSplitDateTime):
    """The admin's date and time boxes; the time box also shows the pass of the October hour."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [self.widgets[0], ClockWidget(attrs)]

    def decompress(self, value):
        if value:
            local = timezone.localtime(value)
            # A first pass of the repeated hour is the default: only a second pass says so.
            return [local.date(), local.time().replace(fold=int(is_repeated(local) and local.fold))]
        return [None, None]


class DayOrDateTimeField(forms.SplitDateTimeField):
    """A date and a time, where a missing time means midnight (handy for whole days)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DayOrTimeWidget)
        super().__init__(require_all_fields=False, **kwargs)
        day = self.fields[0]
        self.fields = (
            DayField(input_formats=day.input_formats, error_messages=day.error_messages),
            ClockField(required=False),
        )

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
        label=_("fin"),
        help_text=_(
            "Le jour du début si vous n'en mettez pas. Journée entière : le dernier jour, "
            "l'heure est ignorée."
        ),
    )

    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # The end day, left empty, is the start day: one date to type per session.
            start_day, end_day = (
                self.data.get(self.add_prefix(f"{name}_0")) for name in ("starts_at", "ends_at")
            )
            self.end_day_copied = bool(start_day and not (end_day or "").strip())
            if self.end_day_copied:
                self.data = self.data.copy()
                self.data[self.add_prefix("ends_at_0")] = start_day
        if self.instance.pk and self.instance.is_all_day:
            # Days without times; the last day itself, not the midnight that ends it.
            self.initial["starts_at"] = [self.instance.first_day, None]
            self.initial["ends_at"] = [self.instance.last_day, None]

    def clean(self):
        cleaned = super().clean()
        # The end's day is the start's, typed once: its error is said once, at the start.
        if getattr(self, "end_day_copied", False) and {"starts_at", "ends_at"} <= set(self._errors):
            self._errors["ends_at"] = self.error_class()
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

    first_day = DayField(label=_("Du"), widget=admin_widgets.AdminDateWidget)
    last_day = DayField(label=_("Au"), widget=admin_widgets.AdminDateWidget)
    start_time = ClockField(
        label=_("De"),
        required=False,
        help_text=_("Laisser vide pour des journées entières."),
    )
    end_time = ClockField(label=_("À"), required=False)
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


class PrepareEditionForm(forms.Form):
    """Name and days of the next edition, prepared from an existing one."""

    name = forms.CharField(
        label=_("Nom"), max_length=200, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    year = forms.IntegerField(
        label=_("Année"),
        min_value=2000,
        max_value=2999,
        widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
    )
    slug = forms.SlugField(
        label=_("Identifiant d'URL"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=_("Dans l'adresse des pages de l'édition. Laisser vide pour le tirer du nom."),
    )
    starts_on = DayField(label=_("Premier jour"), widget=admin_widgets.AdminDateWidget)
    ends_on = DayField(label=_("Dernier jour"), widget=admin_widgets.AdminDateWidget)
    copy_programme = forms.BooleanField(
        label=_("copier aussi les événements (en brouillon)"),
        required=False,
        help_text=_(
            "Chaque séance tombe le même jour de la semaine, dans la même semaine du festival, "
            "à la même heure."
        ),
    )
    copy_presentation = forms.BooleanField(
        label=_("reprendre l'accroche, la présentation et l'image"),
        required=False,
        help_text=_("Dans toutes les langues ; à relire, elles parlent de l'édition copiée."),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        # Demonstration editions carry fictitious years: they take none.
        existing = real_editions().filter(year=year).first()
        if existing:
            raise ValidationError(
                _("L'édition %(year)s existe déjà : « %(edition)s »."),
                params={"year": year, "edition": existing},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = slug_for(cleaned["name"], 100, "edition")
        slug = cleaned.get("slug")
        if slug and Edition.objects.filter(slug=slug).exists():
            self.add_error(
                "slug",
                _("Une autre édition utilise déjà l'identifiant « %(slug)s ».") % {"slug": slug},
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("Le dernier jour doit être le même que le premier ou après.")
            )
        return cleaned
