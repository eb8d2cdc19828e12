"""Spreadsheet rows of the programme and partners, for django-import-export in the admin.

The programme is one row per session, its event's and venue's columns repeated on each of
its rows (COLUMNS, with French headers). An import goes into one edition: rows with the
same title (or identifiant) make one event, a venue is found by name and town (accents and
case aside) or created. The admin previews every row's fate, then imports all in one
transaction, or nothing.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.results import RowResult

from events.models import Category, Event, Partner, Session, Theme, local_datetime, whole_days
from quinzaine.text import fold
from venues.models import POSTCODE, Venue, department_of_postcode


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
]
COLUMN_NAMES = [column.name for column in COLUMNS]
# The event's columns, the same on each of its rows.
TRANSLATION_COLUMNS = {
    "titre en anglais": "title_en",
    "titre en japonais": "title_ja",
    "résumé en anglais": "summary_en",
    "résumé en japonais": "summary_ja",
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
TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")


class SniffedCSV(base_formats.CSV):
    """CSV read with commas or with semicolons, as French spreadsheets save it."""

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
    """Return a spreadsheet cell as trimmed text (numbers from XLSX without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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
    match = TIME.match(text.removesuffix(":00") if text.count(":") == 2 else text)
    if match:
        hours, minutes = int(match[1]), int(match[2] or 0)
        if hours < 24 and minutes < 60:
            return datetime.time(hours, minutes)
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
    if end.date() == start.date():
        return f"{first}, {start:%H:%M} – {end:%H:%M}"
    return f"{first}, {start:%H:%M} – {formats.date_format(end, 'l j F Y')}, {end:%H:%M}"


@dataclass
class Plan:
    """What one valid row will do: its event, place and session."""

    event: Event
    venue: Venue | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    is_all_day: bool
    session_fields: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


class ProgrammeResource(resources.ModelResource):
    """Sessions with their event and venue, one row each, in the columns of COLUMNS."""

    class Meta:
        model = Session
        name = gettext_lazy("Programme : une ligne par séance")
        fields = ()
        skip_diff = True
        use_transactions = True

    def __init__(self, edition=None, form=None, **kwargs):
        super().__init__(**kwargs)
        if edition is None and form is not None and hasattr(form, "cleaned_data"):
            edition = form.cleaned_data.get("edition")
        self.edition = edition

    # Columns as the admin's pages list them.

    def get_user_visible_fields(self):
        return [Field(column_name=name) for name in COLUMN_NAMES]

    def get_export_headers(self, selected_fields=None):
        return list(COLUMN_NAMES)

    def get_diff_headers(self):
        return list(COLUMN_NAMES)

    # Export.

    def filter_export(self, queryset, **kwargs):
        if queryset.model is Event:
            queryset = Session.objects.filter(event__in=queryset.values("pk"))
        return (
            queryset.select_related("event__edition", "event__category", "event__venue", "venue")
            .prefetch_related("event__themes")
            .order_by("event__edition__starts_on", "event__title", "event_id", "starts_at", "pk")
        )

    def export(self, queryset=None, **kwargs):
        queryset = self.filter_export(
            queryset if queryset is not None else Session.objects.all(), **kwargs
        )
        dataset = tablib.Dataset(headers=COLUMN_NAMES)
        for session in queryset:
            row = session_row(session)
            dataset.append([row[name] for name in COLUMN_NAMES])
        return dataset

    # Import.

    def before_import(self, dataset, **kwargs):
        if self.edition is None:
            raise ValidationError(_("Choisissez l'édition où importer le programme."))
        # Headers compared without accents, case or spaces around them.
        known = {fold(name): name for name in COLUMN_NAMES}
        dataset.headers = [
            known.get(fold(cell_text(header)), cell_text(header)) for header in dataset.headers
        ]
        if "titre" not in dataset.headers or "date" not in dataset.headers:
            raise ValidationError(
                _(
                    "Le fichier doit avoir au moins les colonnes « titre » et « date » sur sa "
                    "première ligne : partez du fichier modèle."
                )
            )
        self.events = {fold(event.title): event for event in Event.objects.in_edition(self.edition)}
        self.first_rows = {}  # event pk: (row number, row)
        self.seen_sessions = {}  # (event pk, start): row number
        self.categories = {fold(c.name): c for c in Category.objects.all()} | {
            fold(c.slug): c for c in Category.objects.all()
        }
        self.themes = {fold(t.name): t for t in Theme.objects.all()} | {
            fold(t.slug): t for t in Theme.objects.all()
        }

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs["row_number"] + 1  # the file's line, below its header
        if not any(cell_text(value) for value in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        self.plan = None
        result = super().import_row(row, instance_loader, **kwargs)
        result.number = number
        result.title = cell_text(row.get("titre")) or cell_text(row.get("identifiant"))
        if self.plan:
            result.span = describe_span(
                self.plan.starts_at, self.plan.ends_at, self.plan.is_all_day
            )
            result.place = self.plan.venue or self.plan.event.venue
            result.notes = self.plan.notes
        if result.validation_error is not None:
            result.reasons = reasons_of(result.validation_error)
        else:
            result.reasons = [str(error.error) for error in result.errors]
        return result

    def before_import_row(self, row, **kwargs):
        self.plan = plan_row(self, {key: row.get(key) for key in COLUMN_NAMES}, kwargs)

    def get_instance(self, instance_loader, row):
        if self.plan.event.pk is None:
            return None
        return Session.objects.filter(event=self.plan.event, starts_at=self.plan.starts_at).first()

    def init_instance(self, row=None):
        return Session(event=self.plan.event)

    def import_instance(self, instance, row, **kwargs):
        plan = self.plan
        instance.event = plan.event
        instance.starts_at, instance.ends_at = plan.starts_at, plan.ends_at
        instance.is_all_day = plan.is_all_day
        if plan.venue is not None:
            # The event's main venue stays the session's by default.
            instance.venue = None if plan.venue == plan.event.venue else plan.venue
        for name, value in plan.session_fields.items():
            setattr(instance, name, value)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(by_column(error)) from error


def session_row(session):
    """Return the cells of a session's row, by column name."""
    event, place = session.event, session.place
    first_day, last_day = session.first_day, session.last_day
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "titre": event.title,
        "identifiant": event.slug,
        "résumé": event.summary,
        "description": event.description,
        "catégorie": event.category.name,
        "thèmes": ", ".join(theme.name for theme in event.themes.all()),
        "public": event.get_audience_display(),
        "langues": event.languages,
        "gratuit": _("oui") if event.is_free else _("non"),
        "tarif": event.price,
        "réservation": event.get_booking_display(),
        "lien de réservation": event.booking_url,
        "e-mail de réservation": event.booking_email,
        "téléphone de réservation": event.booking_phone,
        "statut": event.get_status_display(),
        "lieu": place.name if place else "",
        "adresse": place.address if place else "",
        "code postal": place.postcode if place else "",
        "commune": place.town if place else "",
        "date": f"{first_day:%d/%m/%Y}",
        "date de fin": (
            f"{last_day:%d/%m/%Y}"
            if (session.is_all_day and last_day != first_day) or end.date() != start.date()
            else ""
        ),
        "début": "" if session.is_all_day else f"{start:%H:%M}",
        "fin": "" if session.is_all_day else f"{end:%H:%M}",
        "toute la journée": _("oui") if session.is_all_day else _("non"),
        "places": "" if session.capacity is None else str(session.capacity),
        "état": session.get_status_display(),
        "remarque": session.note,
        **{column: getattr(event, field) or "" for column, field in TRANSLATION_COLUMNS.items()},
    }


def reasons_of(error):
    """Return a row's refusals as "column : message" lines."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        message if name == "__all__" else f"{name} : {message}"
        for name, errors in error.error_dict.items()
        for message in ValidationError(errors).messages
    ]


def by_column(error):
    """Return a model's validation errors keyed by the columns of their fields."""
    if not hasattr(error, "error_dict"):
        return {"__all__": error.messages}
    return {FIELD_COLUMNS.get(name, name): errors for name, errors in error.error_dict.items()}


class RowErrors(dict):
    def add(self, column, error):
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        self.setdefault(column, []).extend(messages)


def plan_row(resource, row, kwargs):
    """Check a row, create or update its event and venue, and return its Plan.

    Raise ValidationError, keyed by column, for anything refused: the row then changes
    nothing, and the admin shows why.
    """
    cells = {name: cell_text(value) for name, value in row.items()}
    if isinstance(row["code postal"], int | float):
        # A spreadsheet's number loses the 0 of 09000 (Ariège).
        cells["code postal"] = cells["code postal"].zfill(5)
    errors = RowErrors()
    notes = []
    edition = resource.edition

    title, slug = cells["titre"], cells["identifiant"]
    if not title and not slug:
        errors.add("titre", _("Il manque le titre de l'événement."))
        raise ValidationError(errors)
    event = None
    if slug:
        event = Event.objects.in_edition(edition).filter(slug=slug).first()
    if event is None and title:
        event = resource.events.get(fold(title))
    if event is None and not title:
        errors.add("titre", _("Il manque le titre de l'événement."))
    first = resource.first_rows.get(event.pk) if event else None

    event_values = {}
    if first is not None:
        # A following row of an event: its event cells may stay empty, not differ.
        first_number, first_cells = first
        for name in EVENT_COLUMNS:
            if cells[name] and fold(cells[name]) != fold(first_cells[name]):
                errors.add(
                    name,
                    _("différent de la ligne %(number)d, première séance de l'événement.")
                    % {"number": first_number},
                )
    else:
        event_values = event_fields(cells, resource, errors, is_new=event is None)

    venue, venue_data = find_venue(cells, errors)
    starts_at, ends_at, is_all_day = session_span(row, cells, errors)
    session_fields = {}
    if cells["places"]:
        try:
            session_fields["capacity"] = int(cells["places"])
            if session_fields["capacity"] < 0:
                raise ValueError
        except ValueError:
            errors.add(
                "places",
                _("« %(value)s » n'est pas un nombre de places.") % {"value": cells["places"]},
            )
    if cells["état"]:
        try:
            session_fields["status"] = parse_choice(cells["état"], Session.Status)
        except ValidationError as error:
            errors.add("état", error)
    if cells["remarque"]:
        session_fields["note"] = cells["remarque"][:255]

    if starts_at and not edition.contains(starts_at, ends_at):
        errors.add(
            "date",
            _("en dehors de l'édition %(edition)s, du %(first)s au %(last)s.")
            % {
                "edition": edition,
                "first": f"{edition.starts_on:%d/%m/%Y}",
                "last": f"{edition.ends_on:%d/%m/%Y}",
            },
        )
    if starts_at and event is not None and event.pk is not None:
        seen = resource.seen_sessions.get((event.pk, starts_at))
        if seen:
            errors.add("date", _("même séance que la ligne %(number)d.") % {"number": seen})
    if errors:
        raise ValidationError(errors)

    if event is None:
        event = Event(edition=edition, title=title, status=Event.Status.DRAFT)
        event.slug = slug or event.make_slug()
    is_new_event = event.pk is None
    if first is None:
        themes = event_values.pop("themes", None)
        for name, value in event_values.items():
            setattr(event, name, value)
        try:
            event.full_clean(exclude=["venue", "edition"])
        except ValidationError as error:
            raise ValidationError(by_column(error)) from error
        if venue is None and venue_data:
            venue = create_venue(venue_data)
            notes.append(_("nouveau lieu"))
        if event.venue_id is None and venue is not None:
            event.venue = venue
        event.save()
        if themes is not None:
            event.themes.set(themes)
        resource.events[fold(event.title)] = event
        resource.first_rows[event.pk] = (kwargs["row_number"] + 1, cells)
        notes.insert(0, _("nouvel événement") if is_new_event else _("événement mis à jour"))
    else:
        if venue is None and venue_data:
            venue = create_venue(venue_data)
            notes.append(_("nouveau lieu"))
        notes.insert(
            0,
            _("même événement que la ligne %(number)d")
            % {"number": resource.first_rows[event.pk][0]},
        )
    resource.seen_sessions[(event.pk, starts_at)] = kwargs["row_number"] + 1
    return Plan(event, venue, starts_at, ends_at, is_all_day, session_fields, notes)


def event_fields(cells, resource, errors, *, is_new):
    """Return the event's fields given by a row's cells; an empty cell changes nothing."""
    values = {}
    for name, attribute in [
        ("titre", "title"),
        ("résumé", "summary"),
        ("description", "description"),
        ("langues", "languages"),
        ("tarif", "price"),
        ("lien de réservation", "booking_url"),
        ("e-mail de réservation", "booking_email"),
        ("téléphone de réservation", "booking_phone"),
        *TRANSLATION_COLUMNS.items(),
    ]:
        if cells[name]:
            values[attribute] = cells[name]
    if cells["catégorie"]:
        category = resource.categories.get(fold(cells["catégorie"]))
        if category is None:
            errors.add(
                "catégorie",
                _("« %(value)s » inconnue : choisissez parmi %(names)s.")
                % {
                    "value": cells["catégorie"],
                    "names": ", ".join(c.name for c in Category.objects.all()),
                },
            )
        values["category"] = category
    elif is_new:
        errors.add("catégorie", _("Indiquez la catégorie de l'événement."))
    if cells["thèmes"]:
        themes = []
        for name in re.split(r"[,;]", cells["thèmes"]):
            if name.strip():
                theme = resource.themes.get(fold(name.strip()))
                if theme is None:
                    errors.add(
                        "thèmes", _("Thème inconnu : « %(value)s ».") % {"value": name.strip()}
                    )
                themes.append(theme)
        values["themes"] = themes
    for name, attribute, choices in [
        ("public", "audience", Event.Audience),
        ("réservation", "booking", Event.Booking),
        ("statut", "status", Event.Status),
    ]:
        if cells[name]:
            try:
                values[attribute] = parse_choice(cells[name], choices)
            except ValidationError as error:
                errors.add(name, error)
    if cells["gratuit"]:
        try:
            values["is_free"] = parse_yes_no(cells["gratuit"])
        except ValidationError as error:
            errors.add("gratuit", error)
    elif cells["tarif"]:
        values["is_free"] = False
    return values


def find_venue(cells, errors):
    """Return the existing venue of a row, or None and the fields of a venue to create."""
    name, town, postcode = cells["lieu"], cells["commune"], cells["code postal"]
    if not name:
        if town or cells["adresse"] or postcode:
            errors.add("lieu", _("Indiquez le nom du lieu."))
        return None, None
    if not town:
        errors.add("commune", _("Indiquez la commune du lieu « %(name)s ».") % {"name": name})
        return None, None
    if postcode and not POSTCODE.fullmatch(postcode):
        errors.add(
            "code postal",
            _("« %(value)s » n'est pas un code postal : il faut 5 chiffres.") % {"value": postcode},
        )
        return None, None
    venue = Venue.objects.filter(search_text=fold(f"{name} {town}")).first()
    if venue is not None:
        return venue, None
    data = {"name": name, "town": town, "address": cells["adresse"], "postcode": postcode}
    if postcode:
        data["department"] = department_of_postcode(postcode)
    return None, data


def create_venue(data):
    venue = Venue(**data)
    venue.save()  # The slug is made from its name and town (SlugFromTextMixin).
    return venue


def session_span(row, cells, errors):
    """Return a row's start, end and whether it takes whole days; None for a refused span."""
    if not cells["date"]:
        errors.add("date", _("Indiquez le jour de la séance."))
        return None, None, False
    try:
        first_day = parse_day(row["date"])
        last_day = parse_day(row["date de fin"]) if cells["date de fin"] else first_day
    except ValidationError as error:
        errors.add("date", error)
        return None, None, False
    is_all_day = False
    if cells["toute la journée"]:
        try:
            is_all_day = parse_yes_no(cells["toute la journée"])
        except ValidationError as error:
            errors.add("toute la journée", error)
            return None, None, False
    if last_day < first_day:
        errors.add("date de fin", _("Le dernier jour est avant le premier."))
        return None, None, False
    if is_all_day:
        starts_at, ends_at = whole_days(first_day, last_day)
        return starts_at, ends_at, True
    times = {}
    for name, day in [("début", first_day), ("fin", last_day)]:
        if not cells[name]:
            errors.add(name, _("Indiquez l'heure, ou « oui » dans « toute la journée »."))
            continue
        try:
            times[name] = local_datetime(day, parse_time(row[name]))
        except ValidationError as error:
            errors.add(name, error)
    if len(times) < 2:
        return None, None, False
    if times["fin"] <= times["début"]:
        errors.add(
            "fin",
            _("La fin (%(end)s) doit venir après le début (%(start)s).")
            % {
                "end": f"{timezone.localtime(times['fin']):%H:%M}",
                "start": f"{timezone.localtime(times['début']):%H:%M}",
            },
        )
        return None, None, False
    return times["début"], times["fin"], False


class PartnerResource(resources.ModelResource):
    """Partners, one row each, with their role in each edition."""

    nom = Field(attribute="name", column_name="nom")
    type = Field(column_name="type")
    site = Field(attribute="website", column_name="site web")
    presentation = Field(attribute="description", column_name="présentation")
    roles = Field(column_name="éditions et rôles")
    events = Field(column_name="événements organisés")
    page = Field(column_name="page publique")

    class Meta:
        model = Partner
        name = gettext_lazy("Partenaires")
        fields = ("nom", "type", "site", "presentation", "roles", "events", "page")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("partnerships__edition", "organised_events")

    def dehydrate_type(self, partner):
        return partner.get_kind_display()

    def dehydrate_roles(self, partner):
        partnerships = sorted(partner.partnerships.all(), key=lambda p: p.edition.starts_on)
        return " ; ".join(f"{p.edition} : {p.get_role_display()}" for p in partnerships)

    def dehydrate_events(self, partner):
        return " ; ".join(sorted(event.title for event in partner.organised_events.all()))

    def dehydrate_page(self, partner):
        return settings.SITE_URL + partner.get_absolute_url()
