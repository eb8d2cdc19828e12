"""Forms: the admin pages' own (organisers) and the public proposal form (proposals)."""

from events.forms.organisers import (
    DuplicateEventForm,
    PrepareEditionForm,
    SessionAdminForm,
    SessionGeneratorForm,
)
from events.forms.proposals import ProposalForm, ProposedSessionFormSet

__all__ = [
    "DuplicateEventForm",
    "PrepareEditionForm",
    "ProposalForm",
    "ProposedSessionFormSet",
    "SessionAdminForm",
    "SessionGeneratorForm",
]
