"""Proposals of events from local organisers: limits, e-mails and the moderators' decisions.

A proposal is never public: approve() turns it into a published Event with its Sessions.
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from events.models import Event, Partner, Proposal, Session, local_datetime
from events.scheduling import schedule_warnings
from quinzaine import limits
from quinzaine.limits import Limit
from quinzaine.security import client_ip
from quinzaine.text import fold
from venues.geocoding import GeocoderUnavailable, address_query, geocode
from venues.models import Venue, department_of_postcode

logger = logging.getLogger(__name__)

# Proposals sent or amended in an hour: from one client address (a local organiser sends a
# few at most), to one proposer's e-mail (each sends it a message), and from everyone.
RATE_LIMIT = 5
SENT = Limit("proposal", per_address=RATE_LIMIT, per_recipient=3, overall=30)
# Posts of the form, refused ones too: each costs work, and may keep an image for a while.
POSTS = Limit("proposal-post", per_address=20, overall=300)


def client_address(request):
    # As the login lockouts see it: X-Forwarded-For only from the PROXY_COUNT proxies trusted.
    return client_ip(request) or ""


def may_post(request):
    """Record a post of the form from this client; tell whether the limits allow it."""
    address = client_address(request)
    return limits.is_allowed(SENT, address) and limits.allow(POSTS, address)


def may_send(request, email):
    """Record a proposal sent to `email` from this client; tell whether the limits allow it."""
    return limits.allow(SENT, client_address(request), email)


def festival_team_addresses():
    return settings.PROPOSALS_NOTIFY_EMAIL or [settings.FESTIVAL_CONTACT_EMAIL]


def _send(proposal, template, recipients, language="", **context):
    """Send a plain-text e-mail, in the proposer's language unless told; its first line is
    the subject."""
    with translation.override(language or proposal.language or settings.LANGUAGE_CODE):
        text = render_to_string(
            f"events/email/{template}.txt",
            {
                "proposal": proposal,
                "follow_url": settings.SITE_URL + proposal.get_absolute_url(),
                "festival_name": settings.FESTIVAL_NAME,
                "event_url": (
                    settings.SITE_URL + proposal.event.get_absolute_url() if proposal.event else ""
                ),
                **context,
            },
        )
    subject, _blank, body = text.strip().partition("\n")
    try:
        send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, recipients)
    except (OSError, smtplib.SMTPException):
        # The proposal is saved and its page shows the link: a mail server down loses nothing.
        logger.exception("Could not send the e-mail %s of proposal %s", template, proposal.pk)


def snapshot(proposal):
    """Return {label: text} of what a proposal says, its sessions as one entry, in French."""
    with translation.override("fr"):
        return _snapshot(proposal)


def _snapshot(proposal):
    texts = {}
    for name in Proposal.PROPOSER_FIELDS:
        field = Proposal._meta.get_field(name)
        value = getattr(proposal, name)
        if field.choices:
            value = getattr(proposal, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("oui") if value else _("non")
        elif name == "image":
            value = value.name.rsplit("/", 1)[-1] if value else ""
        texts[str(field.verbose_name)] = str(value or "")
    texts[str(_("séances"))] = "\n".join(
        f"{formats.date_format(s.date, 'l j F Y')}, {s.starts_at:%H:%M}–{s.ends_at:%H:%M} : "
        f"{s.place_label}"
        for s in proposal.sessions.select_related("venue").order_by("date", "starts_at")
    )
    return texts


def changes_between(before, after):
    """Return [[label, before, after], …] for what differs between two snapshots."""
    return [
        [label, before.get(label, ""), text]
        for label, text in after.items()
        if before.get(label, "") != text
    ]


def send_submission_emails(proposal, *, amended=False):
    """Tell the proposer their proposal arrived (with the link) and the festival team to look."""
    _send(proposal, "proposal_received", [proposal.email], amended=amended)
    admin_url = settings.SITE_URL + f"/admin/events/proposal/{proposal.pk}/change/"
    _send(
        proposal,
        "proposal_to_team",
        festival_team_addresses(),
        # The team reads French, whatever language the proposer wrote in.
        language=settings.LANGUAGE_CODE,
        amended=amended,
        admin_url=admin_url,
    )


def send_decision_email(proposal):
    _send(proposal, "proposal_decision", [proposal.email])


def similar_venues(session):
    """Return existing venues that a new venue proposed for a session may well be.

    Same town or postcode, and one folded name inside the other ("salle des fetes" and
    "Salle des fêtes Jean-Moulin").
    """
    if session.venue_id or not session.venue_name:
        return []
    name, town = fold(session.venue_name).strip(), fold(session.venue_town).strip()
    candidates = Venue.objects.filter(search_text__contains=town) if town else Venue.objects.none()
    if session.venue_postcode:
        candidates = candidates | Venue.objects.filter(postcode=session.venue_postcode)
    return [
        venue
        for venue in candidates.distinct()
        if (fold(venue.town) == town or venue.postcode == session.venue_postcode)
        and (name in fold(venue.name) or fold(venue.name) in name)
    ]


def _place(venue):
    """Give a new venue the coordinates the address service finds, if it answers."""
    if not venue.address:
        return
    try:
        place = geocode(address_query(venue))
    except GeocoderUnavailable:
        return
    if place is not None:
        venue.latitude, venue.longitude = place.latitude, place.longitude


def unplaced_venues(event):
    """Return the venues of an event's sessions that have no coordinates (not on the map)."""
    return [
        venue
        for venue in {
            session.place
            for session in event.sessions.select_related("venue", "event__venue")
            if session.place
        }
        if not venue.has_coordinates
    ]


def approval_warnings(proposal):
    """Return the alerts the event made from this proposal would have once published.

    The same words as the admin's for an event: sessions outside the edition's days or
    overlapping another at the same venue, a French title written in Japanese.
    """
    event = Event(edition=proposal.edition, title=proposal.title, title_fr=proposal.title)
    try:
        sessions = [
            Session(
                event=event,
                starts_at=local_datetime(proposed.date, proposed.starts_at),
                ends_at=local_datetime(proposed.date, proposed.ends_at),
                venue=proposed.venue or Venue(name=proposed.venue_name, town=proposed.venue_town),
            )
            for proposed in proposal.sessions.select_related("venue")
        ]
    except ValidationError as error:
        # A time the spring clock change skips, typed in the moderation page.
        return error.messages
    return schedule_warnings(event, sessions)


def _venue_of(proposed, made):
    """Return the venue of a proposed session: the one chosen, or a new one made once."""
    if proposed.venue_id:
        return proposed.venue
    key = (fold(proposed.venue_name), fold(proposed.venue_town), proposed.venue_postcode)
    if key not in made:
        postcode = proposed.venue_postcode.replace(" ", "")
        venue = Venue(
            name=proposed.venue_name,
            address=proposed.venue_address,
            postcode=postcode,
            town=proposed.venue_town,
            department=department_of_postcode(postcode),
        )
        venue.full_clean(exclude=["slug"])
        _place(venue)
        venue.save()
        made[key] = venue
    return made[key]


def _organiser_of(proposal):
    """Return the partner standing for the proposing structure, made if needed."""
    if proposal.partner_id:
        return proposal.partner
    name = fold(proposal.organisation).strip()
    for partner in Partner.objects.filter(name__iexact=proposal.organisation.strip()):
        if fold(partner.name).strip() == name:
            return partner
    return Partner.objects.create(
        name=proposal.organisation, kind=proposal.organisation_kind, website=proposal.website
    )


@transaction.atomic
def approve(proposal, message=""):
    """Publish a proposal as an event with its sessions, new venues made; return the event."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.APPROVED:
        return proposal.event
    event = Event(
        edition=proposal.edition,
        **{name: getattr(proposal, name) for name in Proposal.EVENT_FIELDS},
        image=proposal.image.name,
        status=Event.Status.PUBLISHED,
    )
    event.save()
    made = {}
    for proposed in proposal.sessions.select_related("venue"):
        starts_at = local_datetime(proposed.date, proposed.starts_at)
        Session.objects.create(
            event=event,
            starts_at=starts_at,
            ends_at=local_datetime(proposed.date, proposed.ends_at),
            venue=_venue_of(proposed, made),
        )
    places = {session.venue_id for session in event.sessions.all()}
    if len(places) == 1:
        event.venue_id = places.pop()
        event.save(update_fields=["venue"])
    if proposal.is_shown_as_organiser:
        proposal.partner = _organiser_of(proposal)
        event.organisers.add(proposal.partner)
    proposal.event = event
    proposal.status = Proposal.Status.APPROVED
    proposal.moderator_message = message or proposal.moderator_message
    proposal.save()
    transaction.on_commit(lambda: send_decision_email(proposal))
    return event


def _decide(proposal, status, message):
    proposal.status = status
    proposal.moderator_message = message
    proposal.save(update_fields=["status", "moderator_message", "updated_at"])
    transaction.on_commit(lambda: send_decision_email(proposal))


def ask_for_changes(proposal, message):
    """Send the proposal back to its proposer, who may amend it through the private link."""
    _decide(proposal, Proposal.Status.CHANGES_REQUESTED, message)


def reject(proposal, message):
    _decide(proposal, Proposal.Status.REJECTED, message)


def decision_title(proposal):
    """Return what the decision e-mail and the follow-up page say first."""
    return {
        Proposal.Status.PENDING: _("Votre proposition attend la décision de l'équipe du festival."),
        Proposal.Status.CHANGES_REQUESTED: _(
            "L'équipe du festival vous demande de modifier votre proposition."
        ),
        Proposal.Status.APPROVED: _("Votre proposition est acceptée et publiée au programme."),
        Proposal.Status.REJECTED: _("Votre proposition n'a pas été retenue."),
    }[proposal.status]
