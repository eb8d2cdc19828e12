"""The programme as rows, one per session: what an import plans and does, what an export writes."""

import datetime

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult

from events.models import Category, Event, Session, Theme
from events.models.sessions import clock_text
from events.resources.columns import (
    COLUMN_NAMES,
    TRANSLATION_COLUMNS,
    cell_text,
    describe_span,
)
from events.resources.planning import by_column, plan_row, reasons_of
from quinzaine.text import fold


class ProgrammeResource(resources.ModelResource):
    """Sessions with their event and venue, one row each, in the columns of COLUMNS."""

    class Meta:
        model = Session
        name = gettext_lazy("Programme : une ligne par séance")
        fields = ()
        skip_diff = True
        # Rows that change nothing are reported « inchangée » and not written (skip_row).
        report_skipped = True
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
        self.rows_at_place = {}  # venue pk: [(start, end, row number, title)]
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
        self.stored = None
        if self.plan.event.pk is None:
            return None
        instance = Session.objects.filter(
            event=self.plan.event, starts_at=self.plan.starts_at
        ).first()
        self.stored = compared(instance) if instance else None
        return instance

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip, without writing, a row whose session and event would stay as they are."""
        if import_validation_errors or self.stored is None or self.plan.event_changed:
            return False
        return compared(instance) == self.stored

    def init_instance(self, row=None):
        return Session(event=self.plan.event)

    def import_instance(self, instance, row, **kwargs):
        plan = self.plan
        instance.event = plan.event
        instance.starts_at, instance.ends_at = plan.starts_at, plan.ends_at
        instance.is_all_day = plan.is_all_day
        if plan.venue is not None and plan.venue != instance.place:
            # The event's main venue stays the session's by default; a session that names
            # it as its own (an approved proposal's do) is left as it is.
            instance.venue = None if plan.venue == plan.event.venue else plan.venue
        for name, value in plan.session_fields.items():
            setattr(instance, name, value)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(by_column(error)) from error


def compared(session):
    """Return what an import may change of a session, times in UTC (PEP 495's fold)."""
    return (
        session.starts_at.astimezone(datetime.UTC),
        session.ends_at.astimezone(datetime.UTC),
        session.is_all_day,
        session.venue_id,
        session.status,
        session.capacity,
        session.note,
    )


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
        "début": "" if session.is_all_day else clock_text(session.starts_at),
        "fin": "" if session.is_all_day else clock_text(session.ends_at),
        "toute la journée": _("oui") if session.is_all_day else _("non"),
        "places": "" if session.capacity is None else str(session.capacity),
        "état": session.get_status_display(),
        "remarque": session.note,
        **{column: getattr(event, field) or "" for column, field in TRANSLATION_COLUMNS.items()},
    }
