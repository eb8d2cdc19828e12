"""What importing one row will do, worked out before anything is written: its event, venue and session, or why not."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from events.models import Category, Event, Session, local_datetime, whole_days
from events.models.sessions import clock_text
from events.resources.columns import (
    EVENT_COLUMNS,
    FIELD_COLUMNS,
    TRANSLATION_COLUMNS,
    cell_text,
    parse_choice,
    parse_day,
    parse_time,
    parse_yes_no,
)
from events.scheduling import outside_edition_warning, placeless_warning, title_language_warning
from quinzaine.text import fold
from venues.models import POSTCODE, Venue, department_of_postcode


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
    # Whether importing the row writes its event (new, or a value differs).
    event_changed: bool = True


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
        # A warning, as in the admin, with its words: an organiser may mean it.
        span = Session(starts_at=starts_at, ends_at=ends_at, is_all_day=is_all_day)
        notes.append(outside_edition_warning(span, edition))
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
    event_changed = False
    if first is None:
        themes = event_values.pop("themes", None)
        event_changed = is_new_event or any(
            getattr(event, name) != value for name, value in event_values.items()
        )
        if themes is not None and not is_new_event:
            event_changed |= {t.pk for t in themes} != set(
                event.themes.values_list("pk", flat=True)
            )
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
            event_changed = True
        if event_changed:
            # Unchanged, it is not written: its feeds and LAST-MODIFIED stay as they are.
            event.save()
            if themes is not None:
                event.themes.set(themes)
        resource.events[fold(event.title)] = event
        resource.first_rows[event.pk] = (kwargs["row_number"] + 1, cells)
        notes += [warning for warning in [title_language_warning(event)] if warning]
        if is_new_event:
            notes.insert(0, _("nouvel événement"))
        else:
            notes.insert(0, _("événement mis à jour") if event_changed else _("événement inchangé"))
    else:
        if venue is None and venue_data:
            venue = create_venue(venue_data)
            notes.append(_("nouveau lieu"))
        notes.insert(
            0,
            _("même événement que la ligne %(number)d")
            % {"number": resource.first_rows[event.pk][0]},
        )
    if venue is None and event.venue_id is None:
        notes.append(
            placeless_warning(Session(starts_at=starts_at, ends_at=ends_at, is_all_day=is_all_day))
        )
    resource.seen_sessions[(event.pk, starts_at)] = kwargs["row_number"] + 1
    row_number = kwargs["row_number"] + 1
    span = (starts_at, ends_at, is_all_day)
    notes += overlaps_in_file(resource, venue or event.venue, event.title, span, row_number)
    return Plan(event, venue, starts_at, ends_at, is_all_day, session_fields, notes, event_changed)


def overlaps_in_file(resource, place, title, span, row_number):
    """Return the warnings of a timed row overlapping an earlier row of the file at its place.

    The admin warns of overlaps with sessions already saved; rows of one file, at a venue
    the file itself creates, would otherwise pass unseen.
    """
    starts_at, ends_at, is_all_day = span
    if place is None or is_all_day or not starts_at:
        return []
    earlier = resource.rows_at_place.setdefault(place.pk, [])
    warnings = [
        _("chevauche la ligne %(number)d (« %(title)s ») au même lieu.")
        % {"number": number, "title": title}
        for other_start, other_end, number, title in earlier
        if other_start < ends_at and starts_at < other_end
    ]
    earlier.append((starts_at, ends_at, row_number, title))
    return warnings


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
                "end": clock_text(times["fin"]),
                "start": clock_text(times["début"]),
            },
        )
        return None, None, False
    return times["début"], times["fin"], False
