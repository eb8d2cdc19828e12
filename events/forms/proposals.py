"""The public proposal form and its sessions, with what keeps a stranger's input safe."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

from events.models import (
    Partner,
    Proposal,
    ProposedSession,
    local_datetime,
)
from events.models.events import booking_and_price_errors
from quinzaine.uploads import KeepUploadsMixin, KeptFileInput
from venues.models import POSTCODE, Venue


class StripMarkupMixin:
    """Take HTML markup out of every text a visitor typed: proposals are shown as plain text."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or isinstance(
                field, (forms.EmailField, forms.URLField, forms.ChoiceField)
            ):
                continue
            value = strip_tags(value).strip()
            if not isinstance(field.widget, forms.Textarea):
                # One line: no line breaks slipped into a title (or an e-mail subject).
                value = " ".join(value.split())
            cleaned[name] = value
            if field.required and not cleaned[name] and name not in self._errors:
                self.add_error(name, _("Écrivez ce texte sans balises HTML."))
        return cleaned


class ProposalForm(StripMarkupMixin, KeepUploadsMixin, forms.ModelForm):
    """The public « Proposer un événement » form: the structure, its contact and the event."""

    # A field people do not see and robots fill in.
    homepage = forms.CharField(
        label=_("Ne remplissez pas ce champ (il sert à écarter les robots)."),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Proposal
        fields = list(Proposal.PROPOSER_FIELDS)
        labels = {
            "organisation": _("Nom de votre structure"),
            "organisation_kind": _("Type de structure"),
            "contact_name": _("Votre nom"),
            "email": _("Votre e-mail"),
            "phone": _("Votre téléphone"),
            "website": _("Site web de la structure"),
            "is_shown_as_organiser": _(
                "J'accepte que ma structure soit nommée comme organisatrice sur la page de "
                "l'événement"
            ),
            "title": _("Titre de l'événement"),
            "is_free": _("Entrée gratuite"),
            "price": _("Tarif (si payant)"),
        }
        help_texts = {
            "email": _("La réponse de l'équipe du festival arrivera à cette adresse."),
            "phone": _("Pour que l'équipe du festival puisse vous joindre ; jamais publié."),
            "summary": _("Une ou deux phrases, 300 signes au plus."),
            "description": _("Texte brut, 5 000 signes au plus."),
            "image": _("JPEG, PNG, GIF ou WebP, 5 Mo au plus. Facultative."),
            "image_alt": _("Ce que montre l'image, pour les personnes qui ne la voient pas."),
            "image_credit": _("Auteur ou ayant droit, affiché « © … » sous l'image."),
            "booking_url": _("Pour une réservation : un lien, un e-mail ou un téléphone."),
        }
        widgets = {
            "image": KeptFileInput,
            "description": forms.Textarea(attrs={"rows": 6}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "booking_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = _("— choisissez —")
        self.fields["organisation_kind"].choices = [("", _("— choisissez —"))] + [
            choice for choice in Partner.Kind.choices if choice[0] != Partner.Kind.FOUNDING_MEMBER
        ]
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["summary"].widget = forms.Textarea(attrs={"rows": 2, "maxlength": 300})
        self.fields["is_shown_as_organiser"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Votre structure"),
                "organisation",
                "organisation_kind",
                Div(
                    Div("contact_name", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("website", css_class="col-md-6"),
                    css_class="row",
                ),
                "is_shown_as_organiser",
                Div("homepage", css_class="proposal-trap", aria_hidden="true"),
            ),
            Fieldset(
                _("L'événement"),
                "title",
                "summary",
                "description",
                Div(
                    Div("category", css_class="col-md-6"),
                    Div("audience", css_class="col-md-6"),
                    css_class="row",
                ),
                "is_free",
                "price",
                "booking",
                "booking_url",
                Div(
                    Div("booking_email", css_class="col-md-6"),
                    Div("booking_phone", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Image"),
                "image",
                HTML('{% include "events/includes/kept_image.html" %}'),
                "image_alt",
                "image_credit",
            ),
        )

    @property
    def kept_image(self):
        return self.fields["image"].widget.kept

    def keep_uploads(self):
        # A form a robot filled in keeps nothing.
        if not self.data.get(self.add_prefix("homepage")):
            super().keep_uploads()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            # Said at the top: the field itself is out of sight.
            raise ValidationError(
                _(
                    "Le champ « Ne remplissez pas ce champ » doit rester vide : votre "
                    "proposition n'a pas été envoyée. Videz-le, puis envoyez à nouveau."
                ),
                code="honeypot",
            )
        for name, error in booking_and_price_errors(cleaned).items():
            self.add_error(name, error)
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image en quelques mots."))
        return cleaned


def venue_choices():
    """Return the venues as choices grouped by town, for the session rows' select."""
    groups = {}
    for pk, name, town in Venue.objects.order_by("town", "name").values_list("pk", "name", "town"):
        groups.setdefault(town, []).append((pk, name))
    return [("", _("— Nouveau lieu : décrivez-le ci-dessous —"))] + list(groups.items())


class ProposedSessionForm(StripMarkupMixin, forms.ModelForm):
    """One date of a proposal: day, times, and an existing venue or a new one described."""

    class Meta:
        model = ProposedSession
        fields = [
            "date",
            "starts_at",
            "ends_at",
            "venue",
            "venue_name",
            "venue_address",
            "venue_postcode",
            "venue_town",
        ]
        labels = {
            "starts_at": _("Heure de début"),
            "ends_at": _("Heure de fin"),
            "venue": _("Lieu"),
            "venue_name": _("Nom du nouveau lieu"),
        }
        help_texts = {
            "venue": _("Tapez le nom du lieu ou de la commune ; s'il n'y est pas, décrivez-le."),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "venue_postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }

    def __init__(self, *args, edition=None, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        venue = self.fields["venue"]
        venue.required = False
        venue.queryset = Venue.objects.all()
        venue.choices = venues if venues is not None else venue_choices()
        venue.widget.attrs["class"] = "venue-select"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("date", css_class="col-12 col-sm-4"),
                Div("starts_at", css_class="col-6 col-sm-4"),
                Div("ends_at", css_class="col-6 col-sm-4"),
                css_class="row",
            ),
            Div("venue", css_class="venue-choice"),
            Div(
                HTML(
                    format_html(
                        '<p class="new-venue-title col-12">{}</p>',
                        _("Lieu absent de la liste ? Décrivez-le :"),
                    )
                ),
                Div("venue_name", css_class="col-md-6"),
                Div("venue_address", css_class="col-md-6"),
                Div("venue_postcode", css_class="col-4 col-md-3"),
                Div("venue_town", css_class="col-8 col-md-9"),
                css_class="row new-venue",
            ),
        )
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Retirer cette séance")
            self.helper.layout.append("DELETE")

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("date"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if day and self.edition and not (self.edition.starts_on <= day <= self.edition.ends_on):
            self.add_error(
                "date",
                _("La Quinzaine a lieu du %(first)s au %(last)s : choisissez un de ces jours.")
                % {
                    "first": formats.date_format(self.edition.starts_on, "j F"),
                    "last": formats.date_format(self.edition.ends_on, "j F Y"),
                },
            )
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit être après le début, le même jour."))
        if day and starts and ends and not self.errors:
            for time in (starts, ends):
                try:
                    local_datetime(day, time)
                except ValidationError as error:
                    self.add_error("starts_at", error)
                    break
        if cleaned.get("venue"):
            for name in ("venue_name", "venue_address", "venue_postcode", "venue_town"):
                cleaned[name] = ""
        else:
            self._clean_new_venue(cleaned)
        return cleaned

    def _clean_new_venue(self, cleaned):
        if not any(cleaned.get(name) for name in ("venue_name", "venue_town", "venue_postcode")):
            self.add_error(
                "venue",
                _("Choisissez un lieu dans la liste, ou décrivez le nouveau lieu ci-dessous."),
            )
            return
        for name, message in [
            ("venue_name", _("Indiquez le nom du nouveau lieu.")),
            ("venue_town", _("Indiquez la commune du nouveau lieu.")),
        ]:
            if not cleaned.get(name):
                self.add_error(name, message)
        postcode = (cleaned.get("venue_postcode") or "").replace(" ", "")
        if not POSTCODE.fullmatch(postcode):
            self.add_error(
                "venue_postcode", _("Un code postal a cinq chiffres, par exemple 34000.")
            )
        else:
            cleaned["venue_postcode"] = postcode


class BaseProposedSessionFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, edition=None, **kwargs):
        self.edition = edition
        self.venues = venue_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "edition": self.edition, "venues": self.venues}


ProposedSessionFormSet = forms.inlineformset_factory(
    Proposal,
    ProposedSession,
    form=ProposedSessionForm,
    formset=BaseProposedSessionFormSet,
    # Four rows without scripts (blank ones are ignored); the script keeps two and adds more.
    extra=3,
    min_num=1,
    validate_min=True,
    max_num=30,
    validate_max=True,
    can_delete=True,
)
