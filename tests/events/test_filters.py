import datetime

import pytest
from crispy_forms.utils import render_crispy_form
from django.core.cache import caches
from django.http import QueryDict

from events.filters import ProgrammeFilterForm
from events.models import Category, Event, Session, Theme
from tests.factories import aware, make_edition, make_event, make_session, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """An edition (10-24 November 2023) with sessions in Toulouse, Nîmes and Albi."""
    edition = make_edition()
    toulouse = make_venue(name="Médiathèque José Cabanis", town="Toulouse", department="31")
    nimes = make_venue(name="Carré d'Art", town="Nîmes", department="30", is_motor_accessible=True)
    albi = make_venue(name="Salle Athanor", town="Albi", department="81")
    workshop = Category.objects.get(slug="atelier")
    cooking = Theme.objects.first()
    tea = make_event(edition, title="Cérémonie du thé", venue=toulouse, category=workshop)
    tea.themes.add(cooking)
    film = make_event(
        edition,
        title="Projection Ozu",
        venue=nimes,
        is_free=False,
        price="6 €",
        audience=Event.Audience.YOUNG,
    )
    touring = make_event(edition, title="Calligraphie itinérante", venue=toulouse)
    sessions = {
        "tea": make_session(tea, aware(2023, 11, 15, 14)),
        "film": make_session(film, aware(2023, 11, 15, 20)),
        "touring_albi": make_session(touring, aware(2023, 11, 18, 10), venue=albi),
        "touring_home": make_session(touring, aware(2023, 11, 19, 10)),
    }
    return edition, sessions, {"theme": cooking, "category": workshop}


def titles_of(form):
    sessions = form.filter(Session.objects.published().in_edition(form.edition))
    return [f"{s.event.title} {s.place.town} {s.first_day:%d}" for s in sessions]


def form_for(edition, query):
    return ProgrammeFilterForm(QueryDict(query), edition=edition)


class TestFilters:
    def test_no_filter_keeps_every_session_in_time_order(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "")) == [
            "Cérémonie du thé Toulouse 15",
            "Projection Ozu Nîmes 15",
            "Calligraphie itinérante Albi 18",
            "Calligraphie itinérante Toulouse 19",
        ]

    def test_town_uses_session_venue_or_event_venue(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "commune=Toulouse")) == [
            "Cérémonie du thé Toulouse 15",
            "Calligraphie itinérante Toulouse 19",
        ]
        assert titles_of(form_for(edition, "commune=Albi")) == ["Calligraphie itinérante Albi 18"]

    def test_town_matches_whatever_the_case(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "commune=albi")) == ["Calligraphie itinérante Albi 18"]

    def test_towns_offered_are_those_of_the_edition(self, programme):
        edition, _sessions, _vocab = programme
        form = form_for(edition, "")
        assert [value for value, _label in form.fields["commune"].widget.choices] == [
            "",
            "Albi",
            "Nîmes",
            "Toulouse",
        ]

    def test_day_and_range(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "jour=2023-11-15")) == [
            "Cérémonie du thé Toulouse 15",
            "Projection Ozu Nîmes 15",
        ]
        assert titles_of(form_for(edition, "du=2023-11-16&au=2023-11-18")) == [
            "Calligraphie itinérante Albi 18"
        ]
        assert titles_of(form_for(edition, "du=2023-11-19")) == [
            "Calligraphie itinérante Toulouse 19"
        ]

    def test_reversed_range_is_swapped(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "du=2023-11-18&au=2023-11-16")) == [
            "Calligraphie itinérante Albi 18"
        ]

    def test_department_category_theme_audience_free_accessible(self, programme):
        edition, _sessions, vocab = programme
        assert titles_of(form_for(edition, "departement=81")) == ["Calligraphie itinérante Albi 18"]
        assert titles_of(form_for(edition, f"categorie={vocab['category'].slug}")) == [
            "Cérémonie du thé Toulouse 15"
        ]
        assert titles_of(form_for(edition, f"theme={vocab['theme'].slug}")) == [
            "Cérémonie du thé Toulouse 15"
        ]
        assert titles_of(form_for(edition, "public=young")) == ["Projection Ozu Nîmes 15"]
        assert titles_of(form_for(edition, "pmr=on")) == ["Projection Ozu Nîmes 15"]
        assert titles_of(form_for(edition, "gratuit=on&jour=2023-11-15")) == [
            "Cérémonie du thé Toulouse 15"
        ]

    def test_search_looks_in_titles_venues_and_towns(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "q=ozu")) == ["Projection Ozu Nîmes 15"]
        assert titles_of(form_for(edition, "q=athanor")) == ["Calligraphie itinérante Albi 18"]
        assert titles_of(form_for(edition, "q=calligraphie toulouse")) == [
            "Calligraphie itinérante Toulouse 19"
        ]

    def test_search_ignores_accents_and_case(self, programme):
        edition, _sessions, _vocab = programme
        assert titles_of(form_for(edition, "q=CEREMONIE")) == ["Cérémonie du thé Toulouse 15"]
        assert titles_of(form_for(edition, "q=nimes")) == ["Projection Ozu Nîmes 15"]
        assert titles_of(form_for(edition, "q=itinérante ALBI")) == [
            "Calligraphie itinérante Albi 18"
        ]

    def test_search_follows_renamed_events_and_venues(self, programme):
        edition, sessions, _vocab = programme
        venue = sessions["film"].place
        venue.name = "Cinéma Le Sémaphore"
        venue.save()
        assert titles_of(form_for(edition, "q=semaphore")) == ["Projection Ozu Nîmes 15"]
        event = sessions["tea"].event
        event.title = "Atelier de thé vert"
        event.save(update_fields=["title"])
        assert titles_of(form_for(edition, "q=the vert")) == ["Atelier de thé vert Toulouse 15"]

    def test_filters_combine(self, programme):
        edition, _sessions, _vocab = programme
        form = form_for(edition, "commune=Toulouse&gratuit=on&jour=2023-11-19")
        assert titles_of(form) == ["Calligraphie itinérante Toulouse 19"]
        assert form.summary() == "dimanche 19 novembre, Toulouse, gratuit"

    @pytest.mark.parametrize(
        "query",
        [
            "jour=2023-13-45",
            "du=hier",
            "au=2023-02-30",
            "departement=75",
            "categorie=inconnue",
            "theme=%3Cscript%3E",
            "public=adultes",
        ],
        ids=lambda query: query[:30],
    )
    def test_values_matching_no_choice_match_no_session_and_say_so(self, programme, query):
        edition, _sessions, _vocab = programme
        form = form_for(edition, query)
        assert titles_of(form) == []
        assert len(form.error_messages()) == 1
        assert form.error_messages()[0].endswith(": aucune séance.")
        value = QueryDict(query).dict().popitem()[1]
        assert form.summary().endswith(f"« {value} »")

    @pytest.mark.parametrize(
        ("query", "summary"),
        [
            ("jour=2024-11-15", "vendredi 15 novembre"),
            ("commune=Paris", "Paris"),
            ("du=2024-01-01", "du 1 janvier au 24 novembre"),
        ],
    )
    def test_a_day_or_town_without_sessions_matches_none(self, programme, query, summary):
        edition, _sessions, _vocab = programme
        form = form_for(edition, query)
        assert titles_of(form) == []
        assert form.error_messages() == []
        assert form.summary() == summary

    def test_a_town_no_longer_offered_stays_chosen_in_the_form(self, programme):
        edition, _sessions, _vocab = programme
        form = form_for(edition, "commune=Sète&jour=2023-12-25")
        assert ("Sète", "Sète") in form.fields["commune"].widget.choices
        assert ("2023-12-25", "2023-12-25") in form.fields["jour"].widget.choices

    def test_a_long_search_is_cut_not_refused(self, programme):
        edition, _sessions, _vocab = programme
        form = form_for(edition, "q=" + "x" * 5000)
        assert form.error_messages() == []
        assert form.valid_data["q"] == "x" * 100
        assert titles_of(form) == []

    @pytest.mark.parametrize("text", ["' OR 1=1 --", "<script>alert(1)</script>", "%", "_"])
    def test_injection_strings_are_plain_text(self, programme, text):
        edition, _sessions, _vocab = programme
        assert titles_of(ProgrammeFilterForm({"q": text}, edition=edition)) == []

    def test_summary_names_every_filter(self, programme):
        edition, _sessions, vocab = programme
        form = form_for(
            edition,
            f"du=2023-11-12&au=2023-11-20&departement=31&categorie={vocab['category'].slug}"
            f"&theme={vocab['theme'].slug}&public=young&pmr=on&q=thé",
        )
        assert form.summary() == (
            f"du 12 novembre au 20 novembre, Haute-Garonne (31), {vocab['category'].name}, "
            f"{vocab['theme'].name}, jeune public, accessible PMR, « thé »"
        )

    def test_edition_days_are_offered(self, programme):
        edition, _sessions, _vocab = programme
        choices = form_for(edition, "").fields["jour"].widget.choices
        assert choices[1] == ("2023-11-10", "vendredi 10 novembre")
        assert len(choices) == 16
        assert datetime.date(2023, 11, 24).isoformat() == choices[-1][0]


class TestRenderedForm:
    def test_cached_form_is_the_crispy_rendering_and_follows_its_choices(self, programme):
        edition, _sessions, chosen = programme
        caches["fragments"].clear()
        data = QueryDict("commune=Toulouse&categorie=inconnue")

        def form():
            return ProgrammeFilterForm(data, edition=edition)

        first = form().rendered()
        assert first == str(render_crispy_form(form()))
        assert form().rendered() == first  # From the cache.
        Category.objects.filter(pk=chosen["category"].pk).update(name="Atelier pratique")
        again = form().rendered()
        assert "Atelier pratique" in again
        assert again == str(render_crispy_form(form()))
