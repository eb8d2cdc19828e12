"""Property-based tests (hypothesis): generated addresses, query strings and form input.

Every public URL pattern of the URLconf gets generated path segments and query parameters:
never a server error, never a traceback, never a script payload sent back unescaped. Script
payloads typed by an organiser in every text field come out escaped in pages, JSON-LD, meta
tags and calendar feeds.

The "quick" hypothesis profile (the default, in the README's command) runs a few examples
derived from each test's name: the same in CI every time. HYPOTHESIS_PROFILE=nightly runs
twenty times as many random ones (tests/conftest.py).
"""

import json
import re

import pytest
import vobject
from bs4 import BeautifulSoup
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.filters import ProgrammeFilterForm
from events.models import Edition, EditionPartner, Event, Partner, Session
from events.views.selection import sign_event_ids
from quinzaine.models import Attempt
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import days_from_now, proposal_data
from venues.models import Venue

SCALE = 1 if settings.default.derandomize else 20
FUZZ = settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)//",
]
# Not public, or not pages: the admin, uploaded files, the favicon's redirect.
NOT_PUBLIC_NAMESPACES = {"admin"}
NOT_PUBLIC_NAMES = {"favicon"}


def public_url_patterns(patterns=None, namespace=""):
    """Yield (URL name, {argument: converter}) of every public, named URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_PUBLIC_NAMESPACES:
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_url_patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if pattern.name in NOT_PUBLIC_NAMES:
                continue
            converters = getattr(pattern.pattern, "converters", {})
            yield f"{namespace}{pattern.name}", converters


PUBLIC_URLS = sorted(public_url_patterns())
# Every parameter the programme and its feeds read, and a few they do not.
PARAMETERS = [*ProgrammeFilterForm.base_fields, "complet", "e", "ids", "page", "utm_source"]

# Text as hostile as it gets: any unicode (control characters, surrogates left out by
# hypothesis' text), very long runs, and the script payloads inside.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.builds(lambda c, n: c * n, st.sampled_from("aé日<%\\/"), st.integers(1000, 20_000)),
    st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(max_size=8),
        st.sampled_from(PAYLOADS),
        st.text(max_size=8),
    ),
)


def segment(converter, known):
    """Return a strategy of path segments a converter accepts: known ones and generated."""
    generated = st.from_regex(f"\\A(?:{converter.regex})\\Z").filter(
        lambda value: 0 < len(value) < 300
    )
    return st.one_of(st.sampled_from(known), generated) if known else generated


@pytest.fixture
def festival(db):
    """Build a small published edition whose slugs the generated addresses may hit."""
    edition = make_edition(name="Quinzaine du Japon 2027", slug="2027", is_current=True)
    venue = make_venue(name="Dojo de Nîmes", slug="dojo-de-nimes", town="Nîmes", department="30")
    partner = make_partner(name="Association Yujo", slug="yujo")
    EditionPartner.objects.create(edition=edition, partner=partner, role="founding")
    event = make_event(edition, title="Kendō", slug="kendo", venue=venue)
    event.organisers.add(partner)
    make_session(event, aware(2027, 11, 16, 14, 0))
    return {"edition": "2027", "slug": "kendo", "section": "events"}


# Slugs of the festival's objects, per URL, beside the generated ones.
KNOWN_SEGMENTS = {
    "events:partner": {"slug": "yujo"},
    "venues:detail": {"slug": "dojo-de-nimes"},
    "venues:ics": {"slug": "dojo-de-nimes"},
}


def no_error_nor_echo(response, sent):
    """Assert a response a visitor may get: no server error, no raw payload sent back.

    Feeds may name themselves after a filter as typed: calendar data, not HTML, served as
    text/calendar with nosniff.
    """
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    if not response.get("Content-Type", "").startswith("text/html"):
        assert response["X-Content-Type-Options"] == "nosniff"
        return
    for value in sent:
        for payload in PAYLOADS:
            if payload in value:
                assert payload not in body, (payload, response.request["PATH_INFO"])


@pytest.mark.django_db
@settings(FUZZ, max_examples=200 * SCALE)
@given(data=st.data())
def test_every_public_url_with_generated_path_and_query(festival, data):
    name, converters = data.draw(st.sampled_from(PUBLIC_URLS), label="url")
    known = {**festival, **KNOWN_SEGMENTS.get(name, {})}
    kwargs = {
        argument: data.draw(segment(converter, [known.get(argument, "kendo")]), label=argument)
        for argument, converter in converters.items()
    }
    path = reverse(name, kwargs=kwargs)
    query = data.draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(PARAMETERS), hostile_text), hostile_text),
            max_size=4,
        ),
        label="query",
    )
    response = Client().get(path, query)
    no_error_nor_echo(response, [value for pair in query for value in pair])


# The public forms, by the URL they are sent to: a new public form is one line here.
PUBLIC_FORMS = [
    ("programme filters", "events:programme", {"edition": "2027"}, ProgrammeFilterForm),
    ("programme feed", "events:programme-ics", {"edition": "2027"}, ProgrammeFilterForm),
    ("current programme", "events:programme-current", {}, ProgrammeFilterForm),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "url_name", "kwargs", "form_class"), PUBLIC_FORMS)
@FUZZ
@given(data=st.data())
def test_every_public_form_with_generated_input(
    festival, label, url_name, kwargs, form_class, data
):
    values = {
        field: data.draw(st.one_of(hostile_text, st.lists(hostile_text, max_size=3)), label=field)
        for field in form_class.base_fields
        if data.draw(st.booleans(), label=f"send {field}")
    }
    response = Client().get(reverse(url_name, kwargs=kwargs), values)
    sent = [v for value in values.values() for v in ([value] if isinstance(value, str) else value)]
    no_error_nor_echo(response, sent)


def organiser_text_fields(model):
    """Return the names of the free text fields an organiser fills in a model's form."""
    return [
        field.name
        for field in model._meta.fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
        and field.editable
        and not field.choices
        and (field.max_length is None or field.max_length >= 100)
        # modeltranslation's French column is the field itself under another name.
        and not field.name.endswith("_fr")
    ]


def fill(model, payload, **fields):
    values = {name: f"{name} {payload}" for name in organiser_text_fields(model)}
    values.update(fields)
    return values


def assert_safe_html(body, payload):
    assert payload not in body
    page = BeautifulSoup(body, "html.parser")
    assert page.select("img[onerror]") == []
    assert page.select("[src=x]") == []
    for script in page.find_all("script"):
        # Only files of this site, and data blocks that no browser runs.
        assert script.get("src") or script.get("type") in (
            "application/ld+json",
            "application/json",
        )
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_organiser_text_comes_out_escaped_everywhere(client, payload):
    edition = Edition.objects.create(
        **fill(Edition, payload, slug="2027", year=2027, is_published=True, is_current=True),
        starts_on=aware(2027, 11, 12).date(),
        ends_on=aware(2027, 11, 26).date(),
        image=image_file("affiche.png"),
    )
    venue = Venue.objects.create(
        **fill(Venue, payload, slug="dojo", postcode="30000", department="30"),
        latitude="43.8367",
        longitude="4.3601",
        photo=image_file("dojo.png"),
    )
    partner = Partner.objects.create(
        **fill(Partner, payload, slug="yujo", kind="association"), logo=image_file("yujo.png")
    )
    EditionPartner.objects.create(edition=edition, partner=partner, role="founding")
    event = make_event(
        edition,
        **fill(Event, payload, slug="kendo", status=Event.Status.PUBLISHED),
        venue=venue,
        image=image_file("kendo.png"),
        is_free=False,
    )
    event.organisers.add(partner)
    session = make_session(event, aware(2027, 11, 16, 14, 0), **fill(Session, payload))
    assert organiser_text_fields(Session) == ["note", "note_en", "note_ja"]

    pages = [
        "/",
        edition.get_absolute_url(),
        reverse("events:programme", kwargs={"edition": "2027"}),
        reverse("events:programme", kwargs={"edition": "2027"}) + "?q=kendo",
        event.get_absolute_url(),
        venue.get_absolute_url(),
        reverse("venues:list"),
        partner.get_absolute_url(),
        reverse("events:partners"),
        reverse("events:editions"),
        reverse("events:selection") + f"?ids={event.pk}",
    ]
    # English and Japanese pages show the title_en, title_ja… payloads.
    for url in pages + [f"/{language}{url}" for language in ("en", "ja") for url in pages]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe_html(response.content.decode(), payload)
    translation.activate("fr")  # A /ja/ request leaves its language active in this thread.

    page = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
    # Meta tags and JSON-LD give back exactly what was typed.
    assert page.select_one('meta[property="og:title"]')["content"] == f"title {payload}"
    assert page.select_one('meta[name="description"]')["content"] == f"summary {payload}"
    ld_script = page.select_one('script[type="application/ld+json"]')
    raw = ld_script.string
    assert "</script" not in raw.lower()
    entries = json.loads(raw)
    entries = entries if isinstance(entries, list) else [entries]
    assert {entry["name"] for entry in entries} == {f"title {payload}"}
    assert entries[0]["location"]["name"] == f"name {payload}"
    assert entries[0]["organizer"][0]["name"] == f"name {payload}"

    for url in (
        reverse("events:event-ics", kwargs={"edition": "2027", "slug": "kendo"}),
        reverse("events:programme-ics", kwargs={"edition": "2027"}),
        reverse("venues:ics", kwargs={"slug": "dojo"}),
        reverse("events:selection-ics") + "?e=" + sign_event_ids([event.pk]),
    ):
        calendar = vobject.readOne(client.get(url).content.decode())
        (entry,) = calendar.vevent_list
        assert entry.summary.value == f"title {payload}", url
        assert entry.location.value.startswith(f"name {payload}"), url
        assert re.search(re.escape(f"note {payload}"), entry.description.value), url
    assert session.pk


@pytest.mark.django_db
@settings(FUZZ, max_examples=40 * SCALE)
@given(data=st.data())
def test_the_proposal_form_with_generated_input(data):
    # The rate limits would answer every example after the fifth.
    Attempt.objects.all().delete()
    edition, _created = Edition.objects.get_or_create(
        slug="appel",
        defaults={
            "name": "Quinzaine du Japon à venir",
            "year": days_from_now(20).year,
            "starts_on": days_from_now(20),
            "ends_on": days_from_now(34),
            "is_published": True,
            "proposals_open_on": days_from_now(-3),
            "proposals_close_on": days_from_now(10),
        },
    )
    venue = Venue.objects.first() or make_venue(name="Dojo de Nîmes", town="Nîmes")
    values = proposal_data(edition, venue)
    for field in [name for name in values if not name.endswith("_FORMS")]:
        if data.draw(st.booleans(), label=f"change {field}"):
            values[field] = data.draw(hostile_text, label=field)
    response = Client().post("/proposer/", values, follow=True)
    sent = [value for value in values.values() if isinstance(value, str)]
    no_error_nor_echo(response, sent)
