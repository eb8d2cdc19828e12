"""The spreadsheet's columns and how a cell is read: days, times, yes or no, choices."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats

from events.models.sessions import clock_text, parse_clock
from quinzaine.dates import missing_day_message
from quinzaine.text import fold


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str = ""


# The columns of a programme file, in order; their explanations are shown on the import page.
COLUMNS = [
    Column("titre", gettext_lazy("Titre de l'événement. Obligatoire."), "Concert de taiko"),
    Column(
        "identifiant",
        gettext_lazy(
            "Identifiant d'URL de l'événement, facultatif : sinon tiré du titre. Les lignes "
            "de même titre ou de même identifiant sont les séances d'un même événement."
        ),
        "concert-de-taiko",
    ),
    Column("résumé", gettext_lazy("Une ou deux phrases, 300 signes au plus.")),
    Column("description", gettext_lazy("Texte complet de présentation.")),
    Column(
        "catégorie",
        gettext_lazy("Une des catégories du site (Exposition, Projection…). Obligatoire."),
        "Spectacle",
    ),
    Column("thèmes", gettext_lazy("Thèmes du site séparés par des virgules."), "Culture"),
    Column(
        "public",
        gettext_lazy("tout public (par défaut), jeune public, scolaires ou professionnels."),
        "tout public",
    ),
    Column("langues", gettext_lazy("Par défaut : français."), "français, japonais"),
    Column("gratuit", gettext_lazy("oui ou non ; vide : oui, sauf si un tarif est donné."), "non"),
    Column("tarif", gettext_lazy("Pour un événement payant."), "12 €, 8 € réduit"),
    Column(
        "réservation",
        gettext_lazy(
            "sans réservation (par défaut), réservation conseillée ou réservation "
            "obligatoire ; avec un lien, un e-mail ou un téléphone."
        ),
        "réservation conseillée",
    ),
    Column("lien de réservation", gettext_lazy("Adresse web de la billetterie.")),
    Column("e-mail de réservation", gettext_lazy("E-mail pour réserver.")),
    Column("téléphone de réservation", gettext_lazy("Téléphone pour réserver.")),
    Column(
        "statut",
        gettext_lazy("brouillon (par défaut), publié ou annulé."),
        "brouillon",
    ),
    Column(
        "lieu",
        gettext_lazy(
            "Nom du lieu de la séance : un lieu existant de même nom et même commune est "
            "repris, sinon il est créé avec les colonnes suivantes."
        ),
        "Halle aux grains",
    ),
    Column("adresse", gettext_lazy("Numéro et rue d'un nouveau lieu."), "1 place Dupuy"),
    Column(
        "code postal",
        gettext_lazy("5 chiffres ; donne le département d'un nouveau lieu."),
        "31000",
    ),
    Column("commune", gettext_lazy("Commune du lieu ; obligatoire avec un lieu."), "Toulouse"),
    Column(
        "date",
        gettext_lazy("Jour de la séance, jj/mm/aaaa ou aaaa-mm-jj. Obligatoire."),
        "13/11/2027",
    ),
    Column(
        "date de fin",
        gettext_lazy("Dernier jour, pour une exposition ou une séance finissant après minuit."),
    ),
    Column("début", gettext_lazy("Heure de début, HH:MM (heure de Paris)."), "20:00"),
    Column("fin", gettext_lazy("Heure de fin, HH:MM."), "22:00"),
    Column(
        "toute la journée",
        gettext_lazy("oui pour une séance sur des jours entiers, sans heures."),
        "non",
    ),
    Column("places", gettext_lazy("Nombre de places, facultatif."), "300"),
    Column(
        "état",
        gettext_lazy("programmée (par défaut), annulée, reportée ou complète."),
        "programmée",
    ),
    Column("remarque", gettext_lazy("Courte remarque sur la séance.")),
    # Last, so that older files and their column order stay valid.
    Column(
        "titre en anglais",
        gettext_lazy("Facultatif : vide, le site anglais montre le titre français."),
        "Taiko concert",
    ),
    Column("titre en japonais", gettext_lazy("Facultatif, de même."), "和太鼓コンサート"),
    Column("résumé en anglais", gettext_lazy("Facultatif.")),
    Column("résumé en japonais", gettext_lazy("Facultatif.")),
    Column("tarif en anglais", gettext_lazy("Facultatif."), "€12, €8 concessions"),
    Column("tarif en japonais", gettext_lazy("Facultatif."), "一般12ユーロ、割引8ユーロ"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
# The event's columns, the same on each of its rows.
TRANSLATION_COLUMNS = {
    "titre en anglais": "title_en",
    "titre en japonais": "title_ja",
    "résumé en anglais": "summary_en",
    "résumé en japonais": "summary_ja",
    "tarif en anglais": "price_en",
    "tarif en japonais": "price_ja",
}
EVENT_COLUMNS = [*COLUMN_NAMES[: COLUMN_NAMES.index("lieu")], *TRANSLATION_COLUMNS]
# Model fields in the errors of full_clean(), shown under their column.
FIELD_COLUMNS = {
    "title": "titre",
    "slug": "identifiant",
    "summary": "résumé",
    "description": "description",
    "category": "catégorie",
    "audience": "public",
    "languages": "langues",
    "is_free": "gratuit",
    "price": "tarif",
    "booking": "réservation",
    "booking_url": "lien de réservation",
    "booking_email": "e-mail de réservation",
    "booking_phone": "téléphone de réservation",
    "status": "statut",
    "starts_at": "début",
    "ends_at": "fin",
    "capacity": "places",
    "note": "remarque",
    **{field: column for column, field in TRANSLATION_COLUMNS.items()},
}
YES = {"oui", "o", "yes", "y", "1", "vrai", "x"}
NO = {"non", "n", "no", "0", "faux"}


# A cell beginning so is a formula to a spreadsheet program: a proposer's title such as
# =HYPERLINK(…) would run on an organiser's computer (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """Return a cell's value as a CSV must hold it: text that looks like a formula gets a '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class TextXLSX(base_formats.XLSX):
    """XLSX whose cells are never formulas: what looks like one is written as text."""

    def export_data(self, dataset, **kwargs):
        book = openpyxl.load_workbook(io.BytesIO(super().export_data(dataset, **kwargs)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


class SniffedCSV(base_formats.CSV):
    """CSV read with commas or with semicolons, as French spreadsheets save it.

    Written with every formula-like text behind a ' (as_text), read back without it.
    """

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([as_text(value) for value in row])
        return super().export_data(safe, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream
        if isinstance(text, bytes):
            text = text.decode(self.encoding or "utf-8-sig")
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        dataset = tablib.Dataset()
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if rows:
            dataset.headers = rows[0]
            width = len(rows[0])
            for row in rows[1:]:
                dataset.append((row + [""] * width)[:width])
        return dataset


def cell_text(value):
    """Return a spreadsheet cell as trimmed text (numbers from XLSX without a trailing .0).

    A ' written before a formula-like text (as_text) is taken off again.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text.strip()


def parse_day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    # Well written, but a day the month does not have: « 31/11/2027 ».
    missing = missing_day_message(text)
    if missing:
        raise ValidationError(missing)
    raise ValidationError(
        _("« %(value)s » n'est pas une date : écrivez-la jj/mm/aaaa ou aaaa-mm-jj.")
        % {"value": text}
    )


def parse_time(value):
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    text = cell_text(value)
    clock = parse_clock(re.sub(r"^(\d{1,2}:\d{2}):00\b", r"\1", text))
    if clock is not None:
        return clock
    raise ValidationError(
        _("« %(value)s » n'est pas une heure : écrivez-la HH:MM, par exemple 20:30.")
        % {"value": text}
    )


def parse_yes_no(text):
    if fold(text) in YES:
        return True
    if fold(text) in NO:
        return False
    raise ValidationError(_("Écrivez oui ou non, pas « %(value)s ».") % {"value": text})


def parse_choice(text, choices):
    """Return the value of a TextChoices whose label (or value) is text, accents aside."""
    folded = fold(text)
    for value, label in choices.choices:
        if folded in (fold(str(label)), fold(value)) or fold(str(label)).endswith(" " + folded):
            return value
    labels = ", ".join(str(label) for value, label in choices.choices if value)
    raise ValidationError(
        _("« %(value)s » inconnu : choisissez parmi %(labels)s.")
        % {"value": text, "labels": labels}
    )


def describe_span(starts_at, ends_at, is_all_day):
    """Return a session's days and times as the preview shows them."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    first = formats.date_format(start, "l j F Y")
    if is_all_day:
        last_day = timezone.localtime(ends_at - datetime.timedelta(microseconds=1))
        if last_day.date() == start.date():
            return _("%(day)s, toute la journée") % {"day": first}
        return _("du %(first)s au %(last)s") % {
            "first": first,
            "last": formats.date_format(last_day, "l j F Y"),
        }
    start_time, end_time = clock_text(starts_at), clock_text(ends_at)
    if end.date() == start.date():
        return f"{first}, {start_time} – {end_time}"
    return f"{first}, {start_time} – {formats.date_format(end, 'l j F Y')}, {end_time}"
