"""The site's flat pages: legal notice, privacy, accessibility statement and contact."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_edition, make_event, make_session, make_venue
from tests.helpers import admin_url, clean_spaces, form_data, parse

PAGES = [
    ("/mentions-legales/", "Mentions légales"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/accessibilite/", "Accessibilité"),
    ("/contact/", "Contact"),
]
HEADINGS = {
    "/mentions-legales/": [
        "Éditeur du site",
        "Directeur de la publication",
        "Hébergement",
        "Contenus du programme",
        "Propriété intellectuelle",
        "Crédits",
        "Liens vers d'autres sites",
    ],
    "/donnees-personnelles/": [
        "Ni mesure d'audience, ni publicité",
        "« Ma sélection »",
        "« Près de moi »",
        "Cartes des lieux",
        "Journaux du serveur",
        "Comptes des organisateurs",
        "Messages",
        "Vos droits",
    ],
    "/accessibilite/": [
        "État de conformité",
        "Évaluation réalisée",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Signaler un problème",
        "Voies de recours",
    ],
    "/contact/": [
        "Une question sur un événement ?",
        "Vous souhaitez proposer un événement ?",
        "Accessibilité et données personnelles",
    ],
}
FOOTER_LINKS = [
    ("Mentions légales", "/mentions-legales/"),
    ("Données personnelles", "/donnees-personnelles/"),
    ("Accessibilité : partiellement conforme", "/accessibilite/"),
    ("Contact", "/contact/"),
]
CONTACT = f"mailto:{settings.FESTIVAL_CONTACT_EMAIL}"

pytestmark = pytest.mark.django_db


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def footer_links(page):
    return [(a.get_text(strip=True), a["href"]) for a in page.select(".site-footer-legal a")]


@pytest.fixture
def organiser(organiser_client):
    return organiser_client


class TestPages:
    @pytest.mark.parametrize(("path", "title"), PAGES)
    def test_shows_its_title_as_heading_and_window_title(self, client, path, title):
        response = client.get(path)

        assert response.status_code == 200
        page = parse(response)
        assert texts(page.select("main h1")) == [title]
        assert page.title.get_text() == f"{title} – Quinzaine du Japon en Occitanie"
        assert texts(page.select("main h2")) == HEADINGS[path]

    def test_pages_give_the_festival_contact_address(self, client):
        mail_links = {
            path: [a["href"] for a in parse(client.get(path)).select("main a[href^='mailto:']")]
            for path, _ in PAGES
        }

        assert mail_links == {
            "/mentions-legales/": [CONTACT],
            "/donnees-personnelles/": [CONTACT],
            "/accessibilite/": [CONTACT],
            "/contact/": [CONTACT],
        }

    def test_accessibility_statement_gives_status_date_and_recourse(self, client):
        page = parse(client.get("/accessibilite/"))
        paragraphs = [" ".join(p.get_text().split()) for p in page.select("main p")]

        assert paragraphs[1] == (
            "Le site est partiellement conforme au référentiel général d'amélioration de "
            "l'accessibilité (RGAA), version 4.1, en raison des non-conformités et des points "
            "non vérifiés énumérés ci-dessous."
        )
        assert "Cette déclaration a été établie le 1er décembre 2026." in paragraphs
        recourse = page.select("main ul")[-1]
        assert [a["href"] for a in recourse.select("a")] == [
            "https://formulaire.defenseurdesdroits.fr/",
            "https://www.defenseurdesdroits.fr/saisir/delegues",
        ]

    def test_costs_four_queries(self, client, django_assert_num_queries):
        # The programme version (page cache), the site (read afresh by every request that is
        # not a cached copy: quinzaine.middleware.FreshSiteMiddleware), the page, the
        # current edition (header).
        with django_assert_num_queries(4):
            response = client.get("/accessibilite/")

        assert texts(parse(response).select("main h1")) == ["Accessibilité"]


class TestFooter:
    def test_every_page_links_to_the_legal_pages(self, client):
        edition = make_edition(slug="2023", is_current=True)
        venue = make_venue(slug="halle")
        make_session(make_event(edition, slug="ikebana", venue=venue))
        paths = [
            "/",
            "/2023/",
            "/2023/programme/",
            "/2023/evenements/ikebana/",
            "/lieux/",
            "/lieux/halle/",
            "/partenaires/",
            "/editions/",
            "/ma-selection/",
            "/page-inconnue/",
        ] + [path for path, _ in PAGES]

        links = {path: footer_links(parse(client.get(path))) for path in paths}

        assert links == dict.fromkeys(paths, FOOTER_LINKS)

    def test_marks_the_current_page(self, client):
        current = {
            path: [a["href"] for a in parse(client.get(path)).select("footer [aria-current]")]
            for path in ["/", "/accessibilite/", "/contact/"]
        }

        assert current == {
            "/": [],
            "/accessibilite/": ["/accessibilite/"],
            "/contact/": ["/contact/"],
        }


class TestNotFound:
    def test_unknown_page_is_the_normal_404(self, client):
        response = client.get("/conditions-generales/")

        assert response.status_code == 404
        assert texts(parse(response).select("main h1")) == ["Page introuvable"]

    def test_a_page_at_an_address_not_served_is_404(self, client):
        # Only the four paths of urls.py are served: no catch-all for flat pages.
        page = FlatPage.objects.create(url="/presse/", title="Presse", content="<p>Contact</p>")
        page.sites.add(Site.objects.get_current())

        assert client.get("/presse/").status_code == 404

    def test_a_deleted_page_is_404(self, client):
        FlatPage.objects.filter(url="/contact/").delete()

        response = client.get("/contact/")

        assert response.status_code == 404
        assert texts(parse(response).select("main h1")) == ["Page introuvable"]


class TestAdmin:
    def test_organiser_rewrites_a_page_and_visitors_see_it(self, organiser, client):
        page = FlatPage.objects.get(url="/accessibilite/")
        client.get("/accessibilite/")  # Now in the page cache.
        url = admin_url(FlatPage, "change", page.pk)
        form = organiser.get(url)
        labels = [clean_spaces(label.get_text(strip=True)) for label in parse(form).select("label")]
        data = form_data(form)
        data.update(title="Accessibilité du site", content="<p>Déclaration révisée.</p>")

        response = organiser.post(url, data)

        assert response.status_code == 302
        assert labels == ["URL :", "Titre :", "Contenu :", "Sites :"]
        page = parse(client.get("/accessibilite/"))
        assert texts(page.select("main h1")) == ["Accessibilité du site"]
        assert texts(page.select(".flatpage-content p")) == ["Déclaration révisée."]

    def test_organiser_cannot_move_delete_or_hide_a_page(self, organiser):
        page = FlatPage.objects.get(url="/contact/")
        url = admin_url(FlatPage, "change", page.pk)
        data = form_data(organiser.get(url))
        data.update(url="/nous-ecrire/", registration_required="on")

        moved = organiser.post(url, data)
        deleted = organiser.post(admin_url(FlatPage, "delete", page.pk), {"post": "yes"})

        assert (moved.status_code, deleted.status_code) == (302, 403)
        page.refresh_from_db()
        assert (page.url, page.registration_required) == ("/contact/", False)

    def test_administrator_keeps_the_advanced_options(self, client):
        client.force_login(User.objects.create_superuser("admin", password="secret"))
        page = FlatPage.objects.get(url="/contact/")

        form = parse(client.get(admin_url(FlatPage, "change", page.pk)))

        assert [h2.get_text(strip=True) for h2 in form.select("fieldset h2")] == [
            "Options avancées"
        ]
        assert form.select_one("input[name=url]")["value"] == "/contact/"


class TestMigration:
    def test_names_the_site_after_the_festival_and_its_address(self):
        site = Site.objects.get(pk=settings.SITE_ID)

        assert (site.domain, site.name) == (
            urlsplit(settings.SITE_URL).netloc,
            settings.FESTIVAL_NAME,
        )

    def test_gives_organisers_every_right_on_pages_but_deletion(self):
        group = Group.objects.get(name="Organisateurs")

        granted = group.permissions.filter(content_type__app_label="flatpages")

        assert sorted(granted.values_list("codename", flat=True)) == [
            "add_flatpage",
            "change_flatpage",
            "view_flatpage",
        ]

    @pytest.mark.django_db(transaction=True)
    def test_unapplying_removes_the_pages_and_applying_brings_them_back(self):
        executor = MigrationExecutor(connection)
        executor.migrate([("events", "0006_edition_is_demo")])
        removed = (
            FlatPage.objects.count(),
            Group.objects.get(name="Organisateurs")
            .permissions.filter(content_type__app_label="flatpages")
            .count(),
        )
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

        assert removed == (0, 0)
        assert sorted(FlatPage.objects.values_list("url", "title")) == sorted(PAGES)
