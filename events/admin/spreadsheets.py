"""Admin mixins for spreadsheet import and export (django-import-export), in French.

The programme is imported on the events' list into an edition chosen on the form, after a
preview of every row; sessions and partners are exported from their lists' current filter.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import RowResult

from events.models import Edition
from events.resources import COLUMNS, PartnerResource, ProgrammeResource, SniffedCSV, TextXLSX

TEMPLATE_FILE = Path(__file__).parent.parent / "import" / "modele-programme.csv"
FORMATS = [SniffedCSV, TextXLSX]


class ProgrammeImportForm(ImportForm):
    edition = forms.ModelChoiceField(
        Edition.objects.order_by("-starts_on"),
        label=_("Édition"),
        help_text=_("Les événements du fichier sont créés ou mis à jour dans cette édition."),
    )
    field_order = ["edition", "import_file", "format", "resource"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].label = _("Fichier CSV ou XLSX")
        self.fields["format"].help_text = _("Reconnu d'après l'extension du fichier.")


class ProgrammeConfirmImportForm(ConfirmImportForm):
    edition = forms.ModelChoiceField(Edition.objects.all(), widget=forms.HiddenInput)


class SpreadsheetExportForm(ExportForm):
    """The export's choice of format, CSV unless told otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["format"]
        field.choices = [choice for choice in field.choices if choice[0]]
        field.initial = "0"
        field.label = _("Format du fichier")


class SpreadsheetExportMixin(ExportMixin):
    """Export the list's current filter as CSV or XLSX, every column each time."""

    formats = FORMATS
    export_form_class = SpreadsheetExportForm
    # A byte order mark, so that Excel reads the accents of a CSV right.
    to_encoding = "utf-8-sig"
    export_file_prefix = "export"

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.export_file_prefix}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


class ProgrammeExportMixin(SpreadsheetExportMixin):
    """Export the sessions of the list's current filter, in the columns of the import."""

    resource_classes = [ProgrammeResource]
    export_file_prefix = "programme"


class ProgrammeImportExportMixin(ImportExportMixin, ProgrammeExportMixin):
    """Import the programme (events, sessions, venues) from a spreadsheet, and export it."""

    import_form_class = ProgrammeImportForm
    confirm_form_class = ProgrammeConfirmImportForm
    import_template_name = "admin/events/event/import.html"
    # Imports add and change events and sessions, and may add venues.
    import_permissions = [
        "events.add_event",
        "events.change_event",
        "events.add_session",
        "events.change_session",
        "venues.add_venue",
    ]

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/modele-programme.<str:extension>",
                self.admin_site.admin_view(self.template_file_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return super().has_import_permission(request) and request.user.has_perms(
            self.import_permissions
        )

    def get_import_form_initial(self, request):
        # Most often, the programme of the edition being prepared.
        prepared = Edition.objects.being_prepared()
        return {"edition": prepared.pk} if prepared else {}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["edition"] = import_form.cleaned_data["edition"].pk
        return initial

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # A refused row anywhere, even one that passed the preview, leaves everything as it was.
        return {**kwargs, "rollback_on_validation_errors": True}

    def get_import_context_data(self, **kwargs):
        return {"columns": COLUMNS}

    def add_success_message(self, result, request):
        self.message_user(
            request,
            _(
                "Import terminé. Séances créées : %(created)d ; mises à jour : %(updated)d ; "
                "inchangées : %(unchanged)d."
            )
            % {
                "created": result.totals[RowResult.IMPORT_TYPE_NEW],
                "updated": result.totals[RowResult.IMPORT_TYPE_UPDATE],
                # Skipped rows with a title: the blank ones are skipped too.
                "unchanged": sum(
                    1
                    for row in result.rows
                    if row.import_type == RowResult.IMPORT_TYPE_SKIP and getattr(row, "title", "")
                ),
            },
            messages.SUCCESS,
        )

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        # The file changed since its preview: nothing was imported, say why row by row.
        self.message_user(request, _("Lignes refusées : rien n'a été importé."), messages.ERROR)
        form = self.get_import_form_class(request)(
            self.get_import_formats(),
            self.get_import_resource_classes(request),
            initial=self.get_import_form_initial(request),
        )
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Importer un programme"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "result": result,
        }
        return TemplateResponse(request, [self.import_template_name], context)

    def template_file_view(self, request, extension):
        """Send the template file of the import, as CSV or as XLSX built from the CSV."""
        if extension == "csv":
            text = TEMPLATE_FILE.read_text(encoding="utf-8")
            response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv")
        elif extension == "xlsx":
            dataset = template_dataset()
            dataset.title = "Programme"
            response = HttpResponse(
                dataset.export("xlsx"), content_type=base_formats.XLSX.CONTENT_TYPE
            )
        else:
            return HttpResponse(status=404)
        response["Content-Disposition"] = f'attachment; filename="modele-programme.{extension}"'
        return response


class PartnerExportMixin(SpreadsheetExportMixin):
    resource_classes = [PartnerResource]
    export_file_prefix = "partenaires"


def template_dataset():
    """Return the import template as a tablib Dataset (for tests and the XLSX download)."""
    return SniffedCSV().create_dataset(TEMPLATE_FILE.read_text(encoding="utf-8"))
