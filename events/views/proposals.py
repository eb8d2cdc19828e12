"""The public form to propose an event, its confirmation and the proposer's follow-up page."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events import proposals
from events.forms import ProposalForm, ProposedSessionFormSet
from events.models import Edition, Proposal
from quinzaine.images import resized_url


def _proposal_forms(request, edition, proposal=None):
    """Return the proposal form and its sessions formset, bound on POST."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProposalForm(data, files, instance=proposal)
    sessions = ProposedSessionFormSet(
        data, instance=proposal or Proposal(), edition=edition, prefix="seances"
    )
    return form, sessions


def _are_valid(request, form, sessions):
    """Tell whether a posted proposal and its sessions are all valid."""
    if request.method != "POST":
        return False
    form.client_address = proposals.client_address(request)
    form_is_valid, sessions_are_valid = form.is_valid(), sessions.is_valid()
    if form_is_valid and not sessions_are_valid:
        # Refused for a session only: the image chosen must not be lost either.
        form.keep_uploads()
    return form_is_valid and sessions_are_valid


def _save_proposal(request, form, sessions, edition, *, amended=False):
    # The proposal and its sessions together or not at all.
    with transaction.atomic():
        # What the team saw before this amendment, to show them what changed.
        before = proposals.snapshot(Proposal.objects.get(pk=form.instance.pk)) if amended else None
        proposal = form.save(commit=False)
        proposal.edition = edition
        proposal.language = get_language() or settings.LANGUAGE_CODE
        if amended:
            proposal.status = Proposal.Status.PENDING
        proposal.save()
        sessions.instance = proposal
        sessions.save()
        if amended:
            proposal.changes = proposals.changes_between(before, proposals.snapshot(proposal))
            proposal.save(update_fields=["changes"])
    proposals.send_submission_emails(proposal, amended=amended)
    return proposal


def _too_many_proposals(request):
    context = {"limit": proposals.RATE_LIMIT}
    return render(request, "events/proposal_limited.html", context, status=429)


def propose(request):
    """Show and receive the « Proposer un événement » form, while an edition's call is open."""
    edition = Edition.objects.open_for_proposals().first()
    if edition is None:
        upcoming = (
            Edition.objects.filter(proposals_open_on__gt=timezone.localdate())
            .order_by("proposals_open_on")
            .first()
        )
        context = {"upcoming": upcoming}
        status = 403 if request.method == "POST" else 200
        return render(request, "events/proposal_closed.html", context, status=status)
    if request.method == "POST" and not proposals.may_post(request):
        return _too_many_proposals(request)
    form, sessions = _proposal_forms(request, edition)
    if _are_valid(request, form, sessions):
        if not proposals.may_send(request, form.cleaned_data["email"]):
            return _too_many_proposals(request)
        proposal = _save_proposal(request, form, sessions, edition)
        return redirect("events:proposal-sent", token=proposal.follow_token)
    context = {"edition": edition, "form": form, "sessions": sessions}
    response = render(request, "events/proposal_form.html", context)
    add_never_cache_headers(response)
    return response


def _proposal_of_token(token):
    try:
        return Proposal.objects.select_related("edition", "category", "event").from_token(token)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _private(response):
    # The page's address is the proposer's key: kept by no cache, sent to no other site.
    add_never_cache_headers(response)
    # Sent to this site only (never the token to another): a form posted from the page then
    # carries its Origin, which the CSRF check needs ("no-referrer" made it "null").
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def proposal_sent(request, token):
    proposal = _proposal_of_token(token)
    context = {
        "proposal": proposal,
        "follow_url": request.build_absolute_uri(proposal.get_absolute_url()),
    }
    return _private(render(request, "events/proposal_sent.html", context))


def proposal_follow(request, token):
    """Show a proposal's status and message to its proposer; amend it while it is undecided."""
    proposal = _proposal_of_token(token)
    form = sessions = None
    if proposal.is_amendable:
        if request.method == "POST" and not proposals.may_post(request):
            return _too_many_proposals(request)
        form, sessions = _proposal_forms(request, proposal.edition, proposal)
        if _are_valid(request, form, sessions):
            if not proposals.may_send(request, form.cleaned_data["email"]):
                return _too_many_proposals(request)
            _save_proposal(request, form, sessions, proposal.edition, amended=True)
            messages.success(
                request, _("Vos modifications sont envoyées à l'équipe du festival. Merci !")
            )
            return redirect(proposal.get_absolute_url())
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    context = {
        "proposal": proposal,
        "decision": proposals.decision_title(proposal),
        "proposed_sessions": proposal.sessions.select_related("venue"),
        "form": form,
        "sessions": sessions,
        "edition": proposal.edition,
        "follow_url": request.build_absolute_uri(proposal.get_absolute_url()),
        # Shown by the image field, so that the proposer knows it need not be sent again.
        "current_image": resized_url(proposal.image, 320) if form else "",
    }
    return _private(render(request, "events/proposal_follow.html", context))
