"""What subscribers see of a change, whatever path makes it (events/calendar_changes.py).

Each path an organiser or a script has to change a session (the admin's form, its actions,
the import, a proposal's approval, QuerySet.update()) gives the same SEQUENCE and the same
cancelled copies: one module decides, every path goes through it.
"""

import datetime

import pytest
from django.utils import timezone

from events import proposals
from events.actions import cancel_events, publish_events
from events.models import (
    Edition,
    Event,
    RemovedSession,
    Session,
)
from tests.factories import (
    aware,
    make_edition,
    make_event,
    make_proposal,
    make_session,
    make_venue,
)
from tests.helpers import admin_url, csv_file, form_data, import_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """An edition to come, so that its sessions leave cancelled copies when taken off."""
    return make_edition(
        name="Quinzaine du Japon 2027",
        year=2027,
        slug="2027",
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
    )


def sequences(event):
    return sorted(event.sessions.values_list("sequence", flat=True))


def copies(event):
    return sorted(
        RemovedSession.objects.filter(event_id=event.pk).values_list("sequence", flat=True)
    )


class TestEveryPathGivesTheSameVersion:
    def test_admin_form_moving_a_session(self, client, organiser, edition):
        event = make_event(edition)
        make_session(event, aware(2027, 11, 13, 14))
        page = client.get(admin_url(Event, "change", event.pk))
        data = form_data(page)
        data["sessions-0-starts_at_1"] = "15:00"
        data["sessions-0-ends_at_1"] = "17:00"
        response = client.post(admin_url(Event, "change", event.pk), data)
        assert response.status_code == 302
        assert sequences(event) == [1]

    def test_admin_form_saved_unchanged(self, client, organiser, edition):
        event = make_event(edition)
        make_session(event, aware(2027, 11, 13, 14))
        page = client.get(admin_url(Event, "change", event.pk))
        client.post(admin_url(Event, "change", event.pk), form_data(page))
        assert sequences(event) == [0]

    def test_cancel_action(self, edition):
        event = make_event(edition)
        make_session(event, aware(2027, 11, 13, 14))
        make_session(event, aware(2027, 11, 14, 14), status=Session.Status.CANCELLED)
        cancel_events(Event.objects.filter(pk=event.pk))
        # The one cancelled on its own keeps its version: its calendar copy is unchanged.
        assert sequences(event) == [0, 1]

    def test_import_changing_a_session(self, client, organiser, edition):
        first = row(titre="Concert de taiko", date="13/11/2027", début="20:00", fin="22:00")
        import_file(client, edition, csv_file([first]))
        event = Event.objects.get(title="Concert de taiko")
        assert sequences(event) == [0]
        # A session is known by its event and start: the import changes its end.
        longer = {**first, "fin": "22:30"}
        import_file(client, edition, csv_file([longer]))
        assert sequences(event) == [1]

    def test_update(self, edition):
        event = make_event(edition)
        session = make_session(event, aware(2027, 11, 13, 14))
        other = make_session(event, aware(2027, 11, 14, 14))
        Session.objects.filter(pk__in=[session.pk, other.pk]).update(
            starts_at=aware(2027, 11, 13, 14)
        )
        # Only the session whose start changed is a new version.
        assert dict(event.sessions.values_list("pk", "sequence")) == {session.pk: 0, other.pk: 1}
        Session.objects.filter(pk=session.pk).update(note="Salle 2")
        assert dict(event.sessions.values_list("pk", "sequence")) == {session.pk: 0, other.pk: 1}

    def test_save_with_update_fields_writes_the_version(self, edition):
        session = make_session(make_event(edition), aware(2027, 11, 13, 14))
        session.status = Session.Status.FULL
        session.save(update_fields=["status"])
        session.refresh_from_db()
        assert (session.status, session.sequence) == (Session.Status.FULL, 1)

    def test_proposal_approval_then_removal(self, edition):
        proposal = make_proposal(edition, make_venue(), new_venue=False)
        event = proposals.approve(proposal)
        assert (sequences(event), copies(event)) == ([0], [])
        Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
        assert copies(event) == [1]


class TestLeavingAndComingBack:
    def test_event_back_to_draft_by_update_leaves_copies_then_comes_back_above(self, edition):
        event = make_event(edition)
        make_session(event, aware(2027, 11, 13, 14))
        Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
        assert copies(event) == [1]
        publish_events(Event.objects.filter(pk=event.pk))
        assert (sequences(event), copies(event)) == ([2], [])

    def test_edition_unpublished_by_save_or_update_alike(self, edition):
        event = make_event(edition)
        make_session(event, aware(2027, 11, 13, 14))
        Edition.objects.filter(pk=edition.pk).update(is_published=False)
        assert copies(event) == [1]
        edition.refresh_from_db()
        edition.is_published = True
        edition.save()
        assert (sequences(event), copies(event)) == ([2], [])

    def test_deleted_session_leaves_a_copy_and_moves_its_event(self, edition):
        event = make_event(edition)
        session = make_session(event, aware(2027, 11, 13, 14))
        before = Event.objects.get(pk=event.pk).updated_at
        Session.objects.filter(pk=session.pk).delete()
        assert copies(event) == [1]
        assert Event.objects.get(pk=event.pk).updated_at > before

    def test_past_sessions_leave_no_copy(self, edition):
        event = make_event(make_edition())  # 2023: over.
        make_session(event, aware(2023, 11, 13, 14))
        Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
        assert copies(event) == []
        assert timezone.now() > aware(2023, 11, 13, 16)
