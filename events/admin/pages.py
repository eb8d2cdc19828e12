"""The site's flat pages in the admin: organisers rewrite texts, administrators the rest."""

from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.models import FlatPage

admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SitePageAdmin(FlatPageAdmin):
    """Let organisers rewrite the site's pages; addresses and options stay with administrators.

    The pages' addresses are fixed in quinzaine/urls.py: a page moved elsewhere would be a 404.
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if request.user.is_superuser else fieldsets[:1]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["url", "sites"]
        return super().get_readonly_fields(request, obj)
