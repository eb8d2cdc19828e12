from django import forms
from django.utils.translation import gettext_lazy as _

from quinzaine.forms import SlugFilledForm
from quinzaine.text import fold
from venues.models import Department, Venue


class VenueAdminForm(SlugFilledForm):
    """Venue form whose département, unless chosen, comes from the postcode (Venue.clean)."""

    # The model's default (Haute-Garonne) would be kept silently for a venue elsewhere.
    department = forms.ChoiceField(
        label=_("Département"),
        choices=[("", _("— d'après le code postal —")), *Department.choices],
        required=False,
        help_text=_(
            "Laissé sur « d'après le code postal », il est déduit des deux premiers chiffres."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "department" not in kwargs.get("initial", {}):
            self.initial["department"] = ""

    def clean(self):
        cleaned = super().clean()
        name, town = cleaned.get("name") or "", cleaned.get("town") or ""
        if self.instance._state.adding and name and town:
            same = [
                venue for venue in Venue.objects.in_town(town) if fold(venue.name) == fold(name)
            ]
            if same:
                # Said on the name, the field typed: not on the address (slug) the script filled.
                self.add_error(
                    "name",
                    _(
                        "Ce lieu existe déjà : « %(venue)s ». Choisissez-le dans la liste des "
                        "lieux plutôt que de le créer une seconde fois."
                    )
                    % {"venue": same[0]},
                )
                self.cleaned_data.pop("slug", None)
        return self.cleaned_data
