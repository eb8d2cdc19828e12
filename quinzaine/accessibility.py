"""Accessibility of venues and events: the five kinds of disability OpenAgenda records, and
four services, each a boolean field that filters alike on SQLite and PostgreSQL.

An event's marks add to its place's: what a place offers (step-free access, a hearing loop)
holds for every event there, and an event adds what it brings (an LSF interpreter, audio
description). An event cannot take away what its place offers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Access(models.TextChoices):
    """What a place or an event offers, by the value kept in URLs (?acces=lsf)."""

    MOTOR = "moteur", _("Handicap moteur (accessible PMR)")
    VISUAL = "visuel", _("Handicap visuel")
    HEARING = "auditif", _("Handicap auditif")
    INTELLECTUAL = "mental", _("Handicap mental")
    PSYCHIC = "psychique", _("Handicap psychique")
    SIGN_LANGUAGE = "lsf", _("Interprétation en langue des signes (LSF)")
    AUDIO_DESCRIPTION = "audiodescription", _("Audiodescription")
    EASY_TO_READ = "falc", _("Facile à lire et à comprendre (FALC)")
    HEARING_LOOP = "boucle", _("Boucle magnétique")


# The boolean field of each kind, on venues and events alike.
FIELDS = {
    Access.MOTOR: "is_motor_accessible",
    Access.VISUAL: "is_visual_accessible",
    Access.HEARING: "is_hearing_accessible",
    Access.INTELLECTUAL: "is_intellectual_accessible",
    Access.PSYCHIC: "is_psychic_accessible",
    Access.SIGN_LANGUAGE: "is_sign_language_interpreted",
    Access.AUDIO_DESCRIPTION: "is_audio_described",
    Access.EASY_TO_READ: "is_easy_to_read",
    Access.HEARING_LOOP: "is_hearing_loop_equipped",
}

# Short labels: programme rows' badges, filter chips, feed names.
BADGES = {
    Access.MOTOR: _("accessible PMR"),
    Access.VISUAL: _("handicap visuel"),
    Access.HEARING: _("handicap auditif"),
    Access.INTELLECTUAL: _("handicap mental"),
    Access.PSYCHIC: _("handicap psychique"),
    Access.SIGN_LANGUAGE: _("LSF"),
    Access.AUDIO_DESCRIPTION: _("audiodescription"),
    Access.EASY_TO_READ: _("FALC"),
    Access.HEARING_LOOP: _("boucle magnétique"),
}

# schema.org accessibilityFeature terms (W3C accessibility discoverability vocabulary):
# the other kinds have none.
SCHEMA_TERMS = {
    Access.SIGN_LANGUAGE: "signLanguage",
    Access.AUDIO_DESCRIPTION: "audioDescription",
}


class AccessibilityFields(models.Model):
    """The accessibility booleans of a venue or an event, one per kind of Access."""

    is_motor_accessible = models.BooleanField(Access.MOTOR.label, default=False)
    is_visual_accessible = models.BooleanField(Access.VISUAL.label, default=False)
    is_hearing_accessible = models.BooleanField(Access.HEARING.label, default=False)
    is_intellectual_accessible = models.BooleanField(Access.INTELLECTUAL.label, default=False)
    is_psychic_accessible = models.BooleanField(Access.PSYCHIC.label, default=False)
    is_sign_language_interpreted = models.BooleanField(Access.SIGN_LANGUAGE.label, default=False)
    is_audio_described = models.BooleanField(Access.AUDIO_DESCRIPTION.label, default=False)
    is_easy_to_read = models.BooleanField(Access.EASY_TO_READ.label, default=False)
    is_hearing_loop_equipped = models.BooleanField(Access.HEARING_LOOP.label, default=False)

    class Meta:
        abstract = True

    @property
    def access_kinds(self):
        """Return the kinds of Access marked, in the order of Access."""
        return [kind for kind, field in FIELDS.items() if getattr(self, field)]


def combined(*holders):
    """Return the kinds of Access any of the holders (an event, its place, None) marks."""
    kinds = {kind for holder in holders if holder is not None for kind in holder.access_kinds}
    return [kind for kind in Access if kind in kinds]


# Fieldset rows for the admin: the five kinds of disability, then the four services.
ADMIN_ROWS = [tuple(list(FIELDS.values())[:5]), tuple(list(FIELDS.values())[5:])]
