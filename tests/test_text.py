import pytest

from quinzaine.text import admin_slug, lost_letters, slug_for, unique_slug
from tests.factories import make_edition, make_event, make_partner, make_venue
from venues.models import Venue


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("kendō", "kendo"),
        ("Ōsaka", "osaka"),
        ("Tōkyō", "tokyo"),
        ("Jūdō et kyūdō", "judo-et-kyudo"),
        ("Crème brûlée à Nîmes", "creme-brulee-a-nimes"),
        ("Cœur du Japon", "coeur-du-japon"),
        ("東京", "toukyou"),
        ("茶道の世界", "sadou-no-sekai"),
        ("Atelier 生け花 à Albi", "atelier-ikebana-a-albi"),
        ("ラーメン", "raamen"),
    ],
)
def test_slug_keeps_every_word_in_latin_letters(text, slug):
    assert slug_for(text) == slug


def test_emoji_only_text_gets_a_fallback_and_a_stable_hash():
    slug = slug_for("🎎🎏", fallback="evenement")
    assert slug == slug_for("🎎🎏", fallback="evenement")
    assert slug.startswith("evenement-")
    assert len(slug) == len("evenement-") + 8
    assert slug != slug_for("🍣", fallback="evenement")


def test_long_text_is_cut_at_a_hyphen():
    assert slug_for("Cérémonie du thé au jardin japonais de Toulouse", max_length=30) == (
        "ceremonie-du-the-au-jardin"
    )


@pytest.mark.parametrize(
    ("text", "script_slug"),
    [("kendō", "kend"), ("Ōsaka", "saka"), ("Tōkyō", "tky"), ("東京", ""), ("Cœur", "cur")],
)
def test_admin_script_slug_is_known_to_lose_letters(text, script_slug):
    assert admin_slug(text, 200) == script_slug
    assert lost_letters(script_slug, text, 200) is True


def test_slug_of_french_text_from_the_admin_script_is_kept():
    assert admin_slug("Cérémonie du thé", 200) == "ceremonie-du-the"
    assert lost_letters("ceremonie-du-the", "Cérémonie du thé", 200) is False


@pytest.mark.django_db
class TestSavedWithoutSlug:
    def test_event_slug_is_unique_within_its_edition_only(self):
        edition, other = make_edition(), make_edition()
        first = make_event(edition, title="東京", slug="")
        second = make_event(edition, title="東京", slug="")
        elsewhere = make_event(other, title="東京", slug="")
        assert (first.slug, second.slug, elsewhere.slug) == ("toukyou", "toukyou-2", "toukyou")

    def test_each_model_makes_its_slug_from_its_name(self):
        assert make_edition(name="Quinzaine 茶道", slug="").slug == "quinzaine-sadou"
        assert make_partner(name="Ōsaka Club", slug="").slug == "osaka-club"
        assert make_venue(name="Dōjō", town="Albi", slug="").slug == "dojo-albi"

    def test_venues_of_the_same_name_get_numbers(self):
        make_venue(name="Dōjō", town="Albi", slug="")
        assert make_venue(name="Dōjō", town="Albi", slug="").slug == "dojo-albi-2"

    def test_emoji_only_title_gets_a_slug_all_the_same(self):
        event = make_event(title="🎎", slug="")
        assert event.slug.startswith("evenement-")
        assert event.get_absolute_url() == f"/{event.edition.slug}/evenements/{event.slug}/"

    def test_taken_slug_gets_the_next_number(self):
        make_venue(slug="dojo")
        make_venue(slug="dojo-2")
        assert unique_slug("dojo", Venue.objects.all()) == "dojo-3"
