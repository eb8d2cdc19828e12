"""The programme's filters: a GET form whose valid fields narrow a queryset of sessions."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models import Category, Event, Session, Theme
from venues.models import Department, Venue

SEARCH_MAX_LENGTH = 100


class SlugChoiceField(forms.ModelChoiceField):
    """Choose an object by its slug, the value kept in the URL."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


class ProgrammeFilterForm(forms.Form):
    """Filter an edition's sessions; invalid values are left out, never fatal."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Titre, lieu, commune…")}),
    )
    jour = forms.TypedChoiceField(label=_("Jour"), required=False, empty_value=None)
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    departement = forms.ChoiceField(
        label=_("Département"),
        required=False,
        choices=[("", _("Tous les départements")), *Department.choices],
    )
    categorie = SlugChoiceField(
        Category.objects.all(), label=_("Catégorie"), empty_label=_("Toutes les catégories")
    )
    theme = SlugChoiceField(Theme.objects.all(), label=_("Thème"), empty_label=_("Tous les thèmes"))
    public = forms.ChoiceField(
        label=_("Public"),
        required=False,
        choices=[("", _("Tous les publics")), *Event.Audience.choices],
    )
    gratuit = forms.BooleanField(label=_("Gratuit uniquement"), required=False)
    pmr = forms.BooleanField(label=_("Accessible PMR"), required=False)

    def __init__(self, data=None, *, edition, **kwargs):
        super().__init__(data, **kwargs)
        self.edition = edition
        self.fields["jour"].choices = [("", _("Tous les jours"))] + [
            (day.isoformat(), date_format(day, "l j F")) for day in edition.days
        ]
        self.fields["jour"].coerce = forms.DateField().clean
        self.fields["commune"].choices = [("", _("Toutes les communes"))] + [
            (town, town) for town in edition_towns(edition)
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "programme-filter-form"
        self.helper.layout = Layout(
            Field("q"),
            Row(
                Column("jour", css_class="col-12 col-md-4"),
                Column("du", css_class="col-6 col-md-4"),
                Column("au", css_class="col-6 col-md-4"),
            ),
            Row(
                Column("commune", css_class="col-12 col-md-6"),
                Column("departement", css_class="col-12 col-md-6"),
            ),
            Row(
                Column("categorie", css_class="col-12 col-md-4"),
                Column("theme", css_class="col-12 col-md-4"),
                Column("public", css_class="col-12 col-md-4"),
            ),
            Row(
                Column("gratuit", css_class="col-auto"),
                Column("pmr", css_class="col-auto"),
            ),
            Submit("", _("Afficher"), css_class="btn-primary"),
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def full_clean(self):
        # Towns are matched whatever their case: "toulouse" finds "Toulouse".
        if self.is_bound and "commune" in self.data:
            known = {town.lower(): town for town, _label in self.fields["commune"].choices}
            data = self.data.copy()
            data["commune"] = known.get(str(self.data["commune"]).strip().lower(), data["commune"])
            self.data = data
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        # Dates outside the edition match nothing; keeping them inside also keeps date
        # arithmetic away from year 9999.
        first, last = self.edition.starts_on, self.edition.ends_on
        for name in ("du", "au"):
            if cleaned.get(name):
                cleaned[name] = min(max(cleaned[name], first), last)
        if cleaned.get("du") and cleaned.get("au") and cleaned["au"] < cleaned["du"]:
            cleaned["du"], cleaned["au"] = cleaned["au"], cleaned["du"]
        return cleaned

    @property
    def valid_data(self):
        """Return the values of the fields that passed validation and are set."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def error_messages(self):
        """Return one French sentence per ignored filter."""
        if not self.is_bound or self.is_valid():
            return []
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                messages.append(
                    _("Filtre « %(label)s » ignoré : %(error)s") % {"label": label, "error": error}
                )
        return messages

    def filter(self, sessions, ignore=()):
        """Return the sessions matching every valid filter, leaving out those in `ignore`."""
        data = {name: value for name, value in self.valid_data.items() if name not in ignore}
        if "jour" in data:
            sessions = sessions.on_day(data["jour"])
        if "du" in data or "au" in data:
            sessions = sessions.between(
                data.get("du", self.edition.starts_on), data.get("au", self.edition.ends_on)
            )
        if "commune" in data:
            sessions = sessions.in_town(data["commune"])
        if "departement" in data:
            sessions = sessions.in_department(data["departement"])
        if "categorie" in data:
            sessions = sessions.filter(event__category=data["categorie"])
        if "theme" in data:
            sessions = sessions.filter(event__themes=data["theme"])
        if "public" in data:
            sessions = sessions.filter(event__audience=data["public"])
        if data.get("gratuit"):
            sessions = sessions.free()
        if data.get("pmr"):
            sessions = sessions.accessible()
        if "q" in data:
            sessions = sessions.search(data["q"])
        return sessions

    def summary(self):
        """Describe the active filters in a few French words, such as "Toulouse, gratuit"."""
        data = self.valid_data
        parts = []
        if "jour" in data:
            parts.append(date_format(data["jour"], "l j F"))
        if "du" in data or "au" in data:
            first = date_format(data.get("du", self.edition.starts_on), "j F")
            last = date_format(data.get("au", self.edition.ends_on), "j F")
            parts.append(_("du %(first)s au %(last)s") % {"first": first, "last": last})
        if "commune" in data:
            parts.append(data["commune"])
        if "departement" in data:
            parts.append(Department(data["departement"]).label)
        if "categorie" in data:
            parts.append(data["categorie"].name)
        if "theme" in data:
            parts.append(data["theme"].name)
        if "public" in data:
            parts.append(Event.Audience(data["public"]).label)
        if data.get("gratuit"):
            parts.append(_("gratuit"))
        if data.get("pmr"):
            parts.append(_("accessible PMR"))
        if "q" in data:
            parts.append(f"« {data['q']} »")
        return ", ".join(str(part) for part in parts)


def edition_towns(edition):
    """Return the towns where the edition's public sessions take place, in order."""
    sessions = Session.objects.published().in_edition(edition)
    return list(
        Venue.objects.filter(Q(sessions__in=sessions) | Q(events__in=sessions.values("event")))
        .order_by("town")
        .values_list("town", flat=True)
        .distinct()
    )
