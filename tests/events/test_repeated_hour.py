"""The hour the October clock change repeats, and the one March skips, on every path.

On 31 October 2027 in Paris, clocks go from 03:00 back to 02:00: 02:30 happens twice, in
summer time (00:30 UTC) and then in winter time (01:30 UTC). On 28 March 2027, 02:30 never
happens. Admin forms, the generator, the import and the export write the second pass
« 02:30 hiver »; re-saving a session changes nothing; no path can store a time that never was.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Session
from tests.factories import make_edition, make_event, make_session, make_venue
from tests.helpers import admin_url, csv_file, errors_of, form_data, import_file, parse, row

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PARIS = ZoneInfo("Europe/Paris")
SUMMER_0230 = datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
WINTER_0230 = datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


@pytest.fixture
def edition():
    return make_edition(
        name="Quinzaine d'automne",
        slug="automne",
        starts_on=datetime.date(2027, 10, 29),
        ends_on=datetime.date(2027, 11, 12),
    )


@pytest.fixture
def night_session(edition):
    event = make_event(edition, title="Nuit du Japon", slug="nuit")
    return make_session(event, WINTER_0230, WINTER_0230 + datetime.timedelta(minutes=45))


class TestAdminForm:
    def test_a_second_pass_shows_so_and_saving_again_changes_nothing(
        self, client, organiser, night_session
    ):
        url = admin_url(Event, "change", night_session.event.pk)
        data = form_data(client.get(url))
        assert (data["sessions-0-starts_at_1"], data["sessions-0-ends_at_1"]) == (
            ["02:30 hiver"],
            ["03:15"],
        )
        data["sessions-0-note"] = "Entrée libre"
        assert client.post(url, data).status_code == 302
        night_session.refresh_from_db()
        assert (night_session.starts_at, night_session.sequence, night_session.note) == (
            WINTER_0230,
            0,
            "Entrée libre",
        )

    def test_a_session_spanning_the_change_is_entered_with_its_pass(
        self, client, organiser, night_session
    ):
        url = admin_url(Event, "change", night_session.event.pk)
        data = form_data(client.get(url))
        data.update(
            {
                "sessions-0-starts_at_1": "01:30",
                "sessions-0-ends_at_1": "02:15 hiver",
            }
        )
        assert client.post(url, data).status_code == 302
        night_session.refresh_from_db()
        assert night_session.starts_at == datetime.datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
        assert night_session.ends_at - night_session.starts_at == datetime.timedelta(
            hours=1, minutes=45
        )

    def test_a_time_the_spring_change_skips_is_refused_in_french(self, client, organiser, edition):
        event = make_event(edition, slug="printemps")
        url = admin_url(Event, "change", event.pk)
        data = form_data(client.get(url))
        data.update(
            {
                "sessions-0-starts_at_0": "28/03/2027",
                "sessions-0-starts_at_1": "02:30",
                "sessions-0-ends_at_0": "28/03/2027",
                "sessions-0-ends_at_1": "04:00",
            }
        )
        response = client.post(url, data)
        assert "Le 28 mars 2027 à 02:30 n'existe pas" in " ".join(errors_of(response))


class TestGenerator:
    def test_the_generator_writes_the_second_pass_when_told(self, client, organiser, edition):
        event = make_event(edition, slug="veillee")
        url = reverse("admin:events_event_generate_sessions", args=[event.pk])
        data = {
            "first_day": "31/10/2027",
            "last_day": "31/10/2027",
            "start_time": "02:30 hiver",
            "end_time": "03:30",
            "_create": "1",
        }
        assert client.post(url, data).status_code == 302
        assert list(event.sessions.values_list("starts_at", flat=True)) == [WINTER_0230]


class TestSpreadsheets:
    def test_import_reads_the_pass_and_export_writes_it_back(self, client, organiser, edition):
        cells = row(
            titre="Nuit du Japon",
            date="31/10/2027",
            début="02:30 hiver",
            fin="03:15",
        )
        import_file(client, edition, csv_file([cells]))
        session = Session.objects.get()
        assert session.starts_at == WINTER_0230
        exported = client.post(
            reverse("admin:events_event_export") + f"?edition__id__exact={edition.pk}",
            {"format": "0"},
        ).content.decode("utf-8-sig")
        assert "02:30 hiver,03:15" in exported
        first = row(titre="Première", date="31/10/2027", début="02:30", fin="02:50")
        import_file(client, edition, csv_file([first]))
        assert Session.objects.get(event__title="Première").starts_at == SUMMER_0230


class TestModel:
    @pytest.mark.parametrize(
        "starts_at",
        [
            datetime.datetime(2027, 3, 28, 2, 30, tzinfo=PARIS),
            datetime.datetime(2027, 3, 28, 2, 30),  # Naive: read in Paris time.
        ],
        ids=["aware", "naive"],
    )
    def test_a_time_that_never_was_is_refused_whatever_sets_it(self, starts_at):
        event = make_event(make_edition())
        session = Session(event=event, starts_at=starts_at, ends_at=starts_at.replace(hour=5))
        with pytest.raises(ValidationError) as refused:
            session.save()
        assert "n'existe pas" in refused.value.messages[0]
        assert not Session.objects.exists()


class TestPages:
    def test_the_event_page_says_which_pass(self, client, night_session, edition):
        first = make_event(edition, title="Avant le changement", slug="avant", venue=make_venue())
        make_session(first, SUMMER_0230, SUMMER_0230 + datetime.timedelta(minutes=45))
        page = parse(client.get("/automne/evenements/nuit/")).get_text(" ")
        assert "2 h 30 (heure d'hiver)" in " ".join(page.split())
        other = parse(client.get("/automne/evenements/avant/")).get_text(" ")
        assert "2 h 30 (heure d'été)" in " ".join(other.split())
        assert timezone.localtime(night_session.starts_at).fold == 1
