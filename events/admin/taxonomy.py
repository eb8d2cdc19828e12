"""Categories and themes in the admin."""

from django.contrib import admin

from events.models import (
    Category,
    Theme,
)
from quinzaine.admin_translations import TranslationFieldsAdmin


@admin.register(Category)
class CategoryAdmin(TranslationFieldsAdmin, admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(CategoryAdmin):
    pass
