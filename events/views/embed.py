"""The programme on partners' sites: a page made for iframes, its script, and its generator.

The widget (/integrer/programme/) takes the programme's filters and ?edition=; it is the
only page other sites may frame (CSP frame-ancestors *). Its script posts its height to the
partner's page, where integrer.js sizes the iframe. The generator (/integrer/) builds the
snippet from a few choices; the open data page (/donnees-ouvertes/) documents the API.
"""

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.clickjacking import xframe_options_exempt

from events import rows as rows_of
from events.filters import NEAR_FIELDS, ProgrammeFilterForm
from events.models import Edition, Session
from events.views.common import asked_edition

# Sessions a widget lists at most: a town's fortnight fits; the link leads to the rest.
WIDGET_MAX_ROWS = 200
# What the generator offers to choose; the widget accepts every programme filter.
GENERATOR_FIELDS = ("commune", "departement", "categorie", "public", "gratuit")


def widget_edition(request):
    edition = asked_edition(request)
    if edition is None:
        raise Http404
    return edition


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_programme(request):
    """A compact list by day of an edition's sessions, from today while it runs."""
    edition = widget_edition(request)
    form = ProgrammeFilterForm(request.GET, edition=edition)
    sessions = form.filter(Session.objects.published().in_edition(edition))
    today = timezone.localdate()
    if edition.is_running and not any(name in request.GET for name in ("jour", "du", "au")):
        sessions = sessions.between(today, edition.ends_on)
    sessions = list(sessions.with_related()[: WIDGET_MAX_ROWS + 1])
    more = len(sessions) > WIDGET_MAX_ROWS
    sessions = sessions[:WIDGET_MAX_ROWS]
    repeated, singles = rows_of.split_series(sessions)
    query = {
        name: request.GET.getlist(name)
        for name in ProgrammeFilterForm.base_fields
        if name not in NEAR_FIELDS and request.GET.getlist(name)
    }
    programme_url = reverse("events:programme", kwargs={"edition": edition.slug})
    context = {
        "edition": edition,
        "summary": form.summary(),
        "rejected": form.error_messages(),
        "repeated": repeated,
        "days": rows_of.group_by_day(singles, today if edition.is_running else None),
        "more": more,
        "site": request.build_absolute_uri("/").rstrip("/"),
        "programme_url": request.build_absolute_uri(
            programme_url + ("?" + urlencode(query, doseq=True) if query else "")
        ),
    }
    return render(request, "events/embed_programme.html", context)


def embed_script(request):
    """Serve integrer.js at a fixed address: partners' pages load it as they pasted it."""
    response = render(request, "events/integrer.js", content_type="text/javascript; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def embed_generator(request):
    """Let a partner pick an edition, filters and a language, and copy the snippet."""
    edition = widget_edition(request)
    form = ProgrammeFilterForm(request.GET, edition=edition)
    for name in GENERATOR_FIELDS:
        widget = form.fields[name].widget
        widget.attrs["class"] = "form-check-input" if name == "gratuit" else "form-select"
    chosen = {
        name: request.GET.getlist(name)
        for name in ("edition", *GENERATOR_FIELDS)
        if any(value.strip() for value in request.GET.getlist(name))
    }
    language = request.GET.get("langue", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        widget_url = reverse("events:embed-programme")
        script_url = reverse("events:embed-script")
    widget_url = request.build_absolute_uri(
        widget_url + ("?" + urlencode(chosen, doseq=True) if chosen else "")
    )
    context = {
        "edition": edition,
        "editions": Edition.objects.published().order_by("-starts_on"),
        "form": form,
        "language": language,
        "languages": settings.LANGUAGES,
        "widget_url": widget_url,
        "script_url": request.build_absolute_uri(script_url),
        "summary": form.summary(),
    }
    return render(request, "events/embed_generator.html", context)


def open_data(request):
    """Document the API and the widget for partners' web developers."""
    api = request.build_absolute_uri(reverse("api:root"))
    context = {
        "api_url": api,
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "sessions_url": request.build_absolute_uri(reverse("api:sessions")),
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "generator_url": reverse("events:embed-generator"),
        "section": "open-data",
    }
    return render(request, "events/open_data.html", context)
