"""The programme's models, one module per domain; import them from here.

- editions: Edition, a year's festival with its days and call for proposals.
- taxonomy: Category and Theme, the words sessions are filtered by.
- events: Event, what the programme announces, with its texts, price and booking.
- partners: Partner and EditionPartner, who carries an edition or organises an event.
- sessions: Session, one date of an event at a place; the time filters of the programme.
- calendar: what feeds remember: RemovedSession, FeedStamp, ProgrammeVersion. What a
  change means for subscribers is decided in events/calendar_changes.py, not here.
- proposals: Proposal and ProposedSession, events sent through the public form.

Each module imports only those above it; a model lower down reaches one above through
its relations.
"""

from events.models.calendar import FeedStamp, ProgrammeVersion, RemovedSession
from events.models.editions import CREDIT_HELP_TEXT, Edition, EditionQuerySet
from events.models.events import Event, EventQuerySet, OldEventSlug, untranslated
from events.models.partners import EditionPartner, Partner
from events.models.proposals import (
    PROPOSAL_TOKEN_SALT,
    Proposal,
    ProposedSession,
    proposal_image_path,
)
from events.models.sessions import Session, SessionQuerySet, local_datetime, whole_days
from events.models.taxonomy import Category, Theme

__all__ = [
    "CREDIT_HELP_TEXT",
    "PROPOSAL_TOKEN_SALT",
    "Category",
    "Edition",
    "EditionPartner",
    "EditionQuerySet",
    "Event",
    "EventQuerySet",
    "FeedStamp",
    "OldEventSlug",
    "Partner",
    "ProgrammeVersion",
    "Proposal",
    "ProposedSession",
    "RemovedSession",
    "Session",
    "SessionQuerySet",
    "Theme",
    "local_datetime",
    "proposal_image_path",
    "untranslated",
    "whole_days",
]
