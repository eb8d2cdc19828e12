"""The programme's filters: a GET form whose fields narrow a queryset of sessions."""

import datetime
from functools import cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row
from django import forms
from django.db.models import Avg, Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Category, Event, Session, Theme
from events.search import corrected
from quinzaine.accessibility import BADGES, Access
from quinzaine.dates import format_day
from quinzaine.forms import FragmentCachedForm
from venues.models import Department, Venue

SEARCH_MAX_LENGTH = 100
TOWN_MAX_LENGTH = 120
# Parameters that order the list by distance and filter nothing: a feed ignores them.
NEAR_FIELDS = ("pres", "lat", "lng")
# Chosen outside the filter form (the search box, near me), which carries them as hidden
# inputs: applying the filters keeps the search and the position.
OUTSIDE_FORM = ("q", *NEAR_FIELDS)


class SlugChoiceField(forms.ModelChoiceField):
    """Choose an object by its slug, the value kept in the URL."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


def one_date_filter(data):
    """Return the query with one way of choosing days: a day, or a range, never both.

    A day chosen in the form after a quick link's range (« Ce week-end ») would otherwise
    sit beside it and match nothing: the day, the narrower and later choice, wins.
    """
    if data is None or not (data.get("jour") or "").strip():
        return data
    if not any((data.get(name) or "").strip() for name in ("du", "au")):
        return data
    data = data.copy()
    for name in ("du", "au"):
        data.pop(name, None)
    return data


class ProgrammeFilterForm(FragmentCachedForm, forms.Form):
    """Filter an edition's sessions, in the page as in its calendar feed.

    A value that matches no choice (an unknown category, a malformed date) matches no
    session: a subscribed, filtered feed must never turn into the whole programme. A town
    or a day that has no session (any more) is kept as it is, and matches none either.
    Each kind of accessibility chosen narrows the list: a session offers all of them.
    """

    outside_form = OUTSIDE_FORM

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Titre, lieu, commune…"),
                "maxlength": SEARCH_MAX_LENGTH,
            }
        ),
    )
    jour = forms.DateField(label=_("Jour"), required=False, widget=forms.Select)
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    commune = forms.CharField(
        label=_("Commune"), required=False, max_length=TOWN_MAX_LENGTH, widget=forms.Select
    )
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
    # Not in the form's layout: reached from a venue page's links to past editions.
    lieu = SlugChoiceField(Venue.objects.all(), label=_("Lieu"))
    gratuit = forms.BooleanField(label=_("Gratuit uniquement"), required=False)
    acces = forms.MultipleChoiceField(
        label=_("Accessibilité"),
        required=False,
        choices=Access.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Not in the form's layout: "acces=moteur" before it was, kept for subscribed feeds.
    pmr = forms.BooleanField(label=_("Accessible PMR"), required=False)
    # "Près de moi": a town chosen in a list, or the browser's position (rounded by the
    # page's script to about a kilometre). Not in the form's layout: the near-me picker.
    pres = forms.CharField(
        label=_("Près de"), required=False, max_length=TOWN_MAX_LENGTH, widget=forms.Select
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def __init__(self, data=None, *, edition, **kwargs):
        super().__init__(one_date_filter(data), **kwargs)
        self.edition = edition
        days = [(day.isoformat(), format_day(day, "WEEKDAY_FORMAT")) for day in edition.days]
        known = edition_towns(edition)
        # Japanese readers see the towns' Japanese names where venues give one.
        self.town_names = town_names(known)
        towns = [(town, self.town_names.get(town, town)) for town in known]
        # A day or town no longer offered stays shown as chosen, since it still applies.
        if self.is_bound:
            day, town = self.data.get("jour"), self.data.get("commune")
            if day and day not in dict(days):
                days.append((day, day))
            if town and town.lower() not in {t.lower() for t, _label in towns}:
                towns.append((town, town))
        self.fields["jour"].widget.choices = [("", _("Tous les jours")), *days]
        self.fields["commune"].widget.choices = [("", _("Toutes les communes")), *towns]
        self.fields["pres"].widget.choices = [("", _("Choisir une commune")), *towns]
        self.fields["pres"].widget.attrs.update(
            {"class": "form-select", "aria-describedby": "near-hint"}
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        # The <form> is the page's, which adds the search and position (OUTSIDE_FORM).
        self.helper.form_tag = False
        self.helper.layout = Layout(
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
            Row(Column("gratuit", css_class="col-auto")),
            Field("acces", wrapper_class="access-filter"),
            # A button without a name: nothing of it goes into the address.
            HTML(
                format_html(
                    '<button type="submit" class="btn btn-primary">{}</button>', _("Afficher")
                )
            ),
        )
        # Towns are chosen from lists: maxlength, from the field, is not allowed on <select>.
        for name in ("commune", "pres"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_MAX_LENGTH]

    def clean_commune(self):
        return self._known_town("commune")

    def clean_pres(self):
        return self._known_town("pres")

    def _known_town(self, name):
        # Towns are matched whatever their case: "toulouse" finds "Toulouse".
        town = " ".join(self.cleaned_data[name].split())
        known = {t.lower(): t for t, _label in self.fields["commune"].widget.choices if t}
        return known.get(town.lower(), town)

    def clean(self):
        cleaned = super().clean()
        # Keep date arithmetic (the day after the last one) away from year 9999.
        for name in ("jour", "du", "au"):
            if cleaned.get(name):
                cleaned[name] = min(cleaned[name], datetime.date.max - datetime.timedelta(days=1))
        if cleaned.get("du") and cleaned.get("au") and cleaned["au"] < cleaned["du"]:
            cleaned["du"], cleaned["au"] = cleaned["au"], cleaned["du"]
        # A position needs both numbers; 0 is a real coordinate.
        if (cleaned.get("lat") is None) != (cleaned.get("lng") is None):
            cleaned["lat"] = cleaned["lng"] = None
        return cleaned

    @property
    def valid_data(self):
        """Return the values of the fields that passed validation and are set."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value or (name in ("lat", "lng") and value == 0)
        }

    @property
    def rejected_data(self):
        """Return the values given for filters that could not be understood."""
        if not self.is_bound or self.is_valid():
            return {}
        return {name: self._given(name) for name in self.errors if name in self.fields}

    def _given(self, name):
        """Return the value given for a field; for several choices, the unknown ones."""
        field = self.fields[name]
        if isinstance(field, forms.MultipleChoiceField) and hasattr(self.data, "getlist"):
            known = {str(value) for value, _label in field.choices}
            return ", ".join(v for v in self.data.getlist(name) if v not in known)
        return self.data.get(name, "")

    def error_messages(self):
        """Return one French sentence per filter value that matches nothing."""
        return [
            _("« %(value)s » ne correspond à aucun choix de « %(label)s » : aucune séance.")
            % {"value": value[:SEARCH_MAX_LENGTH], "label": self.fields[name].label}
            for name, value in self.rejected_data.items()
            if name not in NEAR_FIELDS
        ]

    def filter(self, sessions, ignore=()):
        """Return the sessions matching every filter, leaving out those in `ignore`.

        `sessions` is a Session or RemovedSession queryset: both have the same methods.
        """
        if any(name not in (*ignore, *NEAR_FIELDS) for name in self.rejected_data):
            return sessions.none()
        data = {name: value for name, value in self.valid_data.items() if name not in ignore}
        if "jour" in data:
            sessions = sessions.on_day(data["jour"])
        if "du" in data or "au" in data:
            sessions = sessions.between(
                data.get("du", self.edition.starts_on), data.get("au", self.edition.ends_on)
            )
        if "lieu" in data:
            sessions = sessions.at_venue(data["lieu"])
        if "commune" in data:
            sessions = sessions.in_town(data["commune"])
        if "departement" in data:
            sessions = sessions.in_department(data["departement"])
        if "categorie" in data:
            sessions = sessions.in_category(data["categorie"])
        if "theme" in data:
            sessions = sessions.with_theme(data["theme"])
        if "public" in data:
            sessions = sessions.for_audience(data["public"])
        if data.get("gratuit"):
            sessions = sessions.free()
        for kind in self._access_kinds(data):
            sessions = sessions.with_access(kind)
        if "q" in data:
            sessions = sessions.search(self.searched)
        return sessions

    @cached_property
    def searched(self):
        """Return the search as run: a word found nowhere becomes the nearest word in use.

        « kedno » is searched as « kendo », if the edition's events or a venue have it.
        """
        text = self.valid_data.get("q", "")
        if not text:
            return ""
        events = Event.objects.published().filter(edition=self.edition)
        texts = [
            *events.values_list("search_text", flat=True),
            *Venue.objects.values_list("search_text", flat=True),
        ]
        return corrected(text, texts)

    @staticmethod
    def _access_kinds(data):
        """Return the kinds of Access chosen, in their order; "pmr" is the motor one."""
        chosen = {*data.get("acces", ()), *([Access.MOTOR] if data.get("pmr") else [])}
        return [kind for kind in Access if kind in chosen]

    def summary(self):
        """Describe the active filters in a few French words, such as "Toulouse, gratuit"."""
        return ", ".join(str(label) for _names, label in self._parts() if label)

    def active_filters(self, query):
        """Return each active filter and near-me choice as (label, query string without it).

        `query` is the page's QueryDict: each link removes one choice and keeps the others.
        """
        filters = []
        for names, label in self._parts(near=True):
            rest = query.copy()
            for name in (*names, "page"):
                if isinstance(name, tuple):
                    # One of several values: the chip removes it, and keeps the others.
                    name, value = name
                    rest.setlist(name, [v for v in rest.getlist(name) if v != value])
                else:
                    rest.pop(name, None)
            filters.append((label, rest.urlencode()))
        return filters

    def origin(self):
        """Return the point the list is ordered from, as (latitude, longitude, label), or None.

        The browser's position wins over a chosen town; a town is the centre of its venues.
        """
        data = self.valid_data
        if "lat" in data and "lng" in data:
            return data["lat"], data["lng"], _("votre position")
        if "pres" in data:
            centre = (
                Venue.objects.in_town(data["pres"])
                .with_coordinates()
                .aggregate(lat=Avg("latitude"), lng=Avg("longitude"))
            )
            if centre["lat"] is not None:
                return (
                    float(centre["lat"]),
                    float(centre["lng"]),
                    self.town_names.get(data["pres"], data["pres"]),
                )
        return None

    def _parts(self, near=False):
        """Return (field names, French label) of each active filter, in a fixed order.

        A (name, value) pair instead of a name stands for one of a field's several values.
        """
        data = self.valid_data
        parts = []
        if "jour" in data:
            parts.append((["jour"], format_day(data["jour"], "WEEKDAY_FORMAT")))
        if "du" in data or "au" in data:
            first = format_day(data.get("du", self.edition.starts_on), "MONTH_DAY_FORMAT")
            last = format_day(data.get("au", self.edition.ends_on), "MONTH_DAY_FORMAT")
            label = _("du %(first)s au %(last)s") % {"first": first, "last": last}
            parts.append((["du", "au"], label))
        if "lieu" in data:
            parts.append((["lieu"], data["lieu"].name))
        if "commune" in data:
            parts.append((["commune"], self.town_names.get(data["commune"], data["commune"])))
        if "departement" in data:
            parts.append((["departement"], Department(data["departement"]).label))
        if "categorie" in data:
            parts.append((["categorie"], data["categorie"].name))
        if "theme" in data:
            parts.append((["theme"], data["theme"].name))
        if "public" in data:
            parts.append((["public"], Event.Audience(data["public"]).label))
        if data.get("gratuit"):
            parts.append((["gratuit"], _("gratuit")))
        if data.get("pmr"):
            parts.append((["pmr"], BADGES[Access.MOTOR]))
        for kind in self._access_kinds(data):
            if not (kind == Access.MOTOR and data.get("pmr")):
                parts.append(([("acces", kind.value)], BADGES[kind]))
        if "q" in data:
            parts.append((["q"], f"« {data['q']} »"))
        for name, value in self.rejected_data.items():
            if name not in NEAR_FIELDS:
                label = f"{self.fields[name].label} « {value[:SEARCH_MAX_LENGTH]} »"
                parts.append(([name], label))
        if near:
            if "lat" in data and "lng" in data:
                parts.append((["lat", "lng"], _("près de votre position")))
            elif "pres" in data:
                town = self.town_names.get(data["pres"], data["pres"])
                parts.append((["pres"], _("près de %(town)s") % {"town": town}))
        return parts


def edition_towns(edition):
    """Return the towns where the edition's public sessions take place, in order."""
    sessions = Session.objects.listed().in_edition(edition)
    return list(
        Venue.objects.filter(Q(sessions__in=sessions) | Q(events__in=sessions.values("event")))
        .order_by("town")
        .values_list("town", flat=True)
        .distinct()
    )


def town_names(towns):
    """Return {town: its name in the page's language} for towns that have another one."""
    if translation.get_language() != "ja":
        return {}
    named = Venue.objects.filter(town__in=towns).exclude(town_ja="")
    return dict(named.values_list("town", "town_ja"))
