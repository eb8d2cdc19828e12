"""Time the whole-edition iCalendar feed for 1,000 sessions against a trivial Django view.

Run from the project folder:  python benchmarks/ical_feed.py [--sessions 1000] [--runs 15]

Uses a temporary SQLite database, so it touches no real data. Prints the median time of
each and their ratio: a regression shows as a rising ratio, whatever the machine.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="ical-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quinzaine.settings")
# WhiteNoise warns when collectstatic has not run; the benchmark serves no static file.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Category, Edition, Event, Session  # noqa: E402
from venues.models import Venue  # noqa: E402


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("trivial/", trivial), path("", include("quinzaine.urls"))]


def create_edition(session_count):
    edition = Edition.objects.create(
        name="Quinzaine du Japon 2023",
        year=2023,
        slug="quinzaine-2023",
        starts_on=datetime.date(2023, 11, 10),
        ends_on=datetime.date(2023, 11, 24),
        is_published=True,
    )
    category = Category.objects.first()
    venues = [
        Venue.objects.create(
            name=f"Salle {n}",
            slug=f"salle-{n}",
            address=f"{n} rue du Japon",
            postcode="31000",
            town="Toulouse",
            latitude="43.604500",
            longitude="1.444000",
        )
        for n in range(20)
    ]
    events = Event.objects.bulk_create(
        Event(
            edition=edition,
            title=f"Événement {n} : cinéma, cuisine ; culture",
            slug=f"evenement-{n}",
            summary="Un moment de culture japonaise, pour tout public.",
            category=category,
            venue=venues[n % len(venues)],
            status=Event.Status.PUBLISHED,
        )
        for n in range(session_count // 10)
    )
    start = timezone.make_aware(datetime.datetime(2023, 11, 10, 9, 0))
    sessions = []
    for n in range(session_count):
        starts_at = start + datetime.timedelta(days=n % 14, minutes=30 * (n % 20))
        sessions.append(
            Session(
                event=events[n % len(events)],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                status=Session.Status.CANCELLED if n % 50 == 0 else Session.Status.SCHEDULED,
                note="Version originale sous-titrée." if n % 3 == 0 else "",
            )
        )
    Session.objects.bulk_create(sessions)
    return edition


def median_seconds(client, url, runs, before=lambda: None):
    client.get(url)  # Warm caches (URL resolver, templates, imports) before timing.
    timings = []
    for _ in range(runs):
        before()
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    setup_test_environment(debug=False)
    call_command("migrate", verbosity=0)
    edition = create_edition(options.sessions)
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        feed_url = reverse("events:programme-ics", kwargs={"edition": edition.slug})
        # Cold: built from the database, as after an organiser's change; VEVENTs of sessions
        # that did not change come from the VEVENT cache. Then with no cache at all.
        cold_time, response = median_seconds(
            client, feed_url, options.runs, caches["default"].clear
        )
        empty_time, _ = median_seconds(client, feed_url, options.runs, clear_all_caches)
        warm_time, _ = median_seconds(client, feed_url, options.runs)
        trivial_time, _ = median_seconds(client, "/trivial/", options.runs)
    vevents = response.content.count(b"BEGIN:VEVENT")
    print(f"whole-edition feed: {vevents} sessions, {len(response.content) / 1024:.0f} KiB")
    for label, seconds in [
        ("feed, page rebuilt, VEVENTs cached", cold_time),
        ("feed, every cache empty", empty_time),
        ("feed, page cached", warm_time),
        ("trivial view", trivial_time),
    ]:
        ratio = seconds / trivial_time
        print(f"{label:36} median {seconds * 1000:8.2f} ms, {ratio:6.0f}× trivial")


def clear_all_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


if __name__ == "__main__":
    main()
