from django import forms
from django.utils.translation import gettext_lazy as _

from quinzaine.forms import SlugFilledForm
from venues.models import Department


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
