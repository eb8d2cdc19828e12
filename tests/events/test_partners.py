import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from PIL import Image

from events.models import EditionPartner, Event
from tests.factories import image_file, make_edition, make_event, make_partner


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def add_partner(edition, role, position=0, **fields):
    partner = make_partner(**fields)
    EditionPartner.objects.create(edition=edition, partner=partner, role=role, position=position)
    return partner


Role = EditionPartner.Role


@pytest.mark.django_db
class TestPartnerList:
    def test_groups_partners_of_the_current_edition_by_role_then_position(self, client):
        edition = make_edition(name="Quinzaine du Japon 2024", is_current=True)
        add_partner(edition, Role.MEDIA, name="La Dépêche")
        add_partner(edition, Role.PARTNER, position=2, name="Asics")
        add_partner(edition, Role.PARTNER, position=1, name="Sakata")
        add_partner(edition, Role.FOUNDING_MEMBER, position=2, name="Fondation Groupe Dépêche")
        add_partner(edition, Role.FOUNDING_MEMBER, position=1, name="Région Occitanie")
        add_partner(edition, Role.SUPPORTER, name="Cricao")
        add_partner(edition, Role.INSTITUTIONAL, name="Ville de Nîmes")
        add_partner(make_edition(), Role.PARTNER, name="Partenaire d'une autre édition")

        soup = soup_of(client.get(reverse("events:partners")))

        assert text(soup.find("h1")) == "Les partenaires"
        assert text(soup.select_one("p.lead")) == "Ils font la Quinzaine du Japon 2024."
        assert [
            (text(section.h2), [text(a) for a in section.select(".partner-card")])
            for section in soup.select("section.partners-role")
        ] == [
            ("Membres fondateurs", ["Région Occitanie", "Fondation Groupe Dépêche"]),
            ("Partenaires institutionnels", ["Ville de Nîmes"]),
            ("Partenaires", ["Sakata", "Asics"]),
            ("Partenaires médias", ["La Dépêche"]),
            ("Soutiens", ["Cricao"]),
        ]

    def test_links_each_partner_to_its_page(self, client):
        edition = make_edition(is_current=True)
        partner = add_partner(edition, Role.PARTNER, name="Sakata", slug="sakata")

        soup = soup_of(client.get(reverse("events:partners")))

        assert [a["href"] for a in soup.select(".partner-card")] == ["/partenaires/sakata/"]
        assert partner.get_absolute_url() == "/partenaires/sakata/"

    def test_shows_resized_logos_with_the_partner_name_as_alt_text(self, client, media_root):
        edition = make_edition(is_current=True)
        partner = add_partner(edition, Role.PARTNER, name="Asics")
        partner.logo.save("asics.png", image_file(size=(1600, 800)))

        soup = soup_of(client.get(reverse("events:partners")))

        logo = soup.select_one(".partner-card img")
        assert logo["alt"] == "Asics"
        assert logo["src"].startswith("/media/resized/asics-")
        with Image.open(media_root / logo["src"].removeprefix("/media/")) as image:
            assert image.size == (320, 160)

    def test_falls_back_to_the_latest_published_edition(self, client):
        add_partner(make_edition(starts_on="2022-11-10", ends_on="2022-11-17"), Role.PARTNER)
        latest = make_edition(name="Quinzaine 2023", starts_on="2023-11-10", ends_on="2023-11-24")
        add_partner(latest, Role.PARTNER, name="Partenaire 2023")
        hidden = make_edition(is_published=False, starts_on="2024-11-10", ends_on="2024-11-24")
        add_partner(hidden, Role.PARTNER, name="Partenaire secret")

        soup = soup_of(client.get(reverse("events:partners")))

        assert [text(a) for a in soup.select(".partner-card")] == ["Partenaire 2023"]

    def test_says_so_when_there_is_no_partner_yet(self, client):
        soup = soup_of(client.get(reverse("events:partners")))

        assert text(soup.find("h1").find_next("p")) == "Les partenaires seront bientôt annoncés."

    def test_has_canonical_and_open_graph_tags(self, client):
        make_edition(name="Quinzaine 2024", is_current=True)

        soup = soup_of(client.get(reverse("events:partners")))

        assert soup.find("link", rel="canonical")["href"] == "http://testserver/partenaires/"
        assert soup.find("meta", property="og:title")["content"] == (
            "Les partenaires – Quinzaine 2024"
        )

    @pytest.mark.parametrize("count", [1, 15])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        edition = make_edition(is_current=True)
        for number in range(count):
            add_partner(edition, list(Role)[number % len(Role)])

        with django_assert_num_queries(PARTNER_LIST_QUERIES):
            response = client.get(reverse("events:partners"))
        assert len(soup_of(response).select(".partner-card")) == count


@pytest.mark.django_db
class TestPartnerDetail:
    def test_shows_description_website_kind_and_roles(self, client, media_root):
        edition = make_edition(name="Quinzaine 2023")
        partner = add_partner(
            edition,
            Role.FOUNDING_MEMBER,
            name="Association Yujo",
            kind="association",
            description="Yujo veut dire amitié.\n\nElle porte la Quinzaine.",
            website="https://yujo.example/",
        )
        partner.logo.save("yujo.png", image_file(size=(1000, 500)))

        soup = soup_of(client.get(partner.get_absolute_url()))

        assert text(soup.find("h1")) == "Association Yujo"
        assert text(soup.select_one(".partner-header .text-body-secondary")) == "Association"
        assert [text(li) for li in soup.select(".partner-roles li")] == [
            "Membres fondateurs – Quinzaine 2023"
        ]
        assert [text(p) for p in soup.select(".partner-description p")] == [
            "Yujo veut dire amitié.",
            "Elle porte la Quinzaine.",
        ]
        website = soup.find("a", href="https://yujo.example/")
        assert text(website) == "Site web de Association Yujo"
        logo = soup.select_one("img.partner-logo")
        assert logo["alt"] == "Logo de Association Yujo"
        assert logo["src"].startswith("/media/resized/yujo-")
        assert (
            soup.find("meta", property="og:image")["content"] == f"http://testserver{logo['src']}"
        )
        assert soup.find("link", rel="canonical")["href"] == (
            f"http://testserver/partenaires/{partner.slug}/"
        )

    def test_lists_public_events_it_organises_by_edition_newest_first(self, client):
        old = make_edition(name="Semaine 2022", starts_on="2022-11-10", ends_on="2022-11-17")
        new = make_edition(name="Quinzaine 2023", starts_on="2023-11-10", ends_on="2023-11-24")
        hidden = make_edition(name="Brouillon", starts_on="2024-11-10", ends_on="2024-11-24")
        hidden.is_published = False
        hidden.save()
        partner = make_partner(name="Cricao")
        organised = [
            make_event(old, title="Cérémonie du thé", summary="Au jardin."),
            make_event(new, title="Atelier manga", summary=""),
            make_event(new, title="Conférence", status=Event.Status.CANCELLED, summary=""),
            make_event(new, title="Brouillon", status=Event.Status.DRAFT),
            make_event(hidden, title="Édition cachée"),
        ]
        for event in organised:
            event.organisers.add(partner)
        make_event(new, title="Pas organisé par Cricao")

        soup = soup_of(client.get(partner.get_absolute_url()))

        section = soup.find(id="events-title").parent
        assert [
            (text(h3), [text(li) for li in h3.find_next_sibling("ul").find_all("li")])
            for h3 in section.find_all("h3")
        ] == [
            (
                "Quinzaine 2023",
                [
                    f"Atelier manga {organised[1].category}",
                    f"Conférence {organised[2].category} annulé",
                ],
            ),
            ("Semaine 2022", [f"Cérémonie du thé {organised[0].category} Au jardin."]),
        ]
        assert section.find("a", string="Atelier manga")["href"] == (
            organised[1].get_absolute_url()
        )

    def test_a_partner_of_a_published_edition_without_events_says_so(self, client):
        partner = add_partner(make_edition(), Role.MEDIA)

        soup = soup_of(client.get(partner.get_absolute_url()))

        assert text(soup.find(id="events-title").find_next("p")) == (
            "Aucun événement publié pour le moment."
        )

    def test_unknown_partner_is_not_found(self, client):
        assert client.get("/partenaires/inconnu/").status_code == 404

    def test_partner_with_nothing_public_is_not_found(self, client):
        lonely = make_partner()
        hidden = make_partner()
        EditionPartner.objects.create(edition=make_edition(is_published=False), partner=hidden)
        draft = make_partner()
        make_event(status=Event.Status.DRAFT).organisers.add(draft)

        for partner in [lonely, hidden, draft]:
            assert client.get(partner.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("count", [1, 12])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        partner = make_partner()
        for _ in range(count):
            edition = make_edition()
            EditionPartner.objects.create(edition=edition, partner=partner)
            make_event(edition).organisers.add(partner)

        with django_assert_num_queries(PARTNER_DETAIL_QUERIES):
            response = client.get(partner.get_absolute_url())
        assert len(soup_of(response).select(".partner-roles li")) == count


# Current edition and its partnerships, plus the current edition read by the site's layout;
# each count includes the programme version read by the page cache (quinzaine.caching).
PARTNER_LIST_QUERIES = 4
# Partner, its roles, its events, plus the current edition read by the site's layout.
PARTNER_DETAIL_QUERIES = 5
