"""Spreadsheet rows of the programme and partners, for django-import-export in the admin.

The programme is one row per session, its event's and venue's columns repeated on each of
its rows (COLUMNS, with French headers). An import goes into one edition: rows with the
same title (or identifiant) make one event, a venue is found by name and town (accents and
case aside) or created. The admin previews every row's fate, then imports all in one
transaction, or nothing.

The programme's columns and cell parsing (columns), the programme's rows (programme) and
the partners' export (partners).
"""

from events.resources.columns import COLUMN_NAMES, COLUMNS, SniffedCSV, TextXLSX
from events.resources.partners import PartnerResource
from events.resources.programme import ProgrammeResource

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "PartnerResource",
    "ProgrammeResource",
    "SniffedCSV",
    "TextXLSX",
]
