"""The organisers' admin in French, whatever language their browser asks for."""

from django.urls import reverse
from django.utils import translation


class FrenchAdminMiddleware:
    """Serve the admin in French: its URLs carry no language prefix (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate("fr")
            request.LANGUAGE_CODE = "fr"
        return self.get_response(request)
