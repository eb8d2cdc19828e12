"""Serve a festival-sized programme with gunicorn and measure its pages and feeds over HTTP.

Run from the project folder:

    python benchmarks/load.py                        # each URL in turn, 8 clients
    python benchmarks/load.py --archive              # plus 66 past editions (40,000 sessions)
    python benchmarks/load.py --load 60 --concurrency 32 --database postgres://…/bench
    python benchmarks/load.py --report benchmarks/REPORT.md   # also write the results there

The data set is one current edition of 600 sessions (one per event) in 30 venues. The site
runs as in production (DEBUG=0, gunicorn, 2 workers, WhiteNoise) on a temporary SQLite
database, or on the PostgreSQL database given with --database (emptied first). Every figure
is also given as a ratio to a trivial view (/robots.txt) measured in the same run, so that
results compare across machines. With --load, every URL of a mix is requested by that many
concurrent clients for that many seconds; the script exits with 1 if any request failed.
"""

import argparse
import datetime
import http.client
import importlib
import itertools
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# WhiteNoise warns about a missing static folder before collectstatic has run.
warnings.filterwarnings("ignore", message="No directory at")

EDITION_SESSIONS = 600
VENUES = 30
ARCHIVE_EDITIONS = 66


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="add 66 past editions")
    parser.add_argument("--database", help="PostgreSQL URL of a database to empty and use")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5, help="per URL (default 5)")
    parser.add_argument("--load", type=float, metavar="SECONDS", help="run a mixed load test")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--report", type=Path, help="append the results to this Markdown file")
    return parser.parse_args()


def configure(options, folder):
    """Set the environment of a production-like site, for this process and gunicorn's."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "quinzaine.settings",
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": options.database or f"sqlite:///{folder}/bench.sqlite3",
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "LOG_LEVEL": "ERROR",
            # Plain HTTP on 127.0.0.1: no redirect to HTTPS.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            # One client sends every request: the API's rate limit must not refuse them.
            "API_REQUESTS_PER_HOUR": "1000000",
        }
    )


def build_data(archive):
    """Create the data set; return the URLs to measure, by name."""
    from django.apps import apps
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Category, Edition, Event, Session
    from venues.models import Venue

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    # Put back the rows of the data migrations (categories, the organisers' group).
    vocabularies = importlib.import_module(
        "events.migrations.0002_organisers_group_and_vocabularies"
    )
    vocabularies.create_vocabularies(apps, None)
    call_command("collectstatic", interactive=False, verbosity=0)
    categories = list(Category.objects.all())
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"Salle {n}",
            slug=f"salle-{n}",
            address=f"{n} rue du Japon",
            postcode="31000",
            town=["Toulouse", "Montpellier", "Nîmes", "Albi", "Perpignan"][n % 5],
            department=["31", "34", "30", "81", "66"][n % 5],
            latitude="43.604500",
            longitude="1.444000",
        )
        for n in range(VENUES)
    )
    today = timezone.localdate()
    editions = [(today.year, today - datetime.timedelta(days=3), True)]
    if archive:
        editions += [
            (today.year - n, today - datetime.timedelta(days=365 * n + 3), False)
            for n in range(1, ARCHIVE_EDITIONS + 1)
        ]
    for year, first_day, is_current in editions:
        edition = Edition.objects.create(
            name=f"Quinzaine du Japon {year}" + ("" if is_current else f" ({first_day:%Y-%m})"),
            year=year,
            slug=f"quinzaine-{first_day:%Y-%m}",
            starts_on=first_day,
            ends_on=first_day + datetime.timedelta(days=14),
            is_published=True,
            is_current=is_current,
            description="Deux semaines de culture japonaise dans toute la région.",
        )
        events = Event.objects.bulk_create(
            Event(
                edition=edition,
                title=f"Atelier de calligraphie n° {n}",
                slug=f"atelier-{n}",
                summary="Une rencontre autour de la culture japonaise, pour tout public.",
                category=categories[n % len(categories)],
                venue=venues[n % VENUES],
                status=Event.Status.PUBLISHED,
                search_text=f"atelier de calligraphie n {n}",
            )
            for n in range(EDITION_SESSIONS)
        )
        start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(10)))
        Session.objects.bulk_create(
            Session(
                event=event,
                starts_at=start + datetime.timedelta(days=n % 15, minutes=15 * (n // 15 % 32)),
                ends_at=start + datetime.timedelta(days=n % 15, minutes=15 * (n // 15 % 32) + 90),
            )
            for n, event in enumerate(events)
        )
    slug = f"quinzaine-{editions[0][1]:%Y-%m}"
    return {
        "trivial view (/robots.txt)": "/robots.txt",
        "home": "/",
        "programme, first page": f"/{slug}/programme/",
        "programme on one page": f"/{slug}/programme/?page=tout",
        "whole-edition feed": f"/{slug}/programme.ics",
        "a day's filtered feed": f"/{slug}/programme.ics?jour={today.isoformat()}",
        "event page": f"/{slug}/evenements/atelier-7/",
        "venue page": "/lieux/salle-3/",
        "venue feed": "/lieux/salle-3.ics",
        "sitemap.xml": "/sitemap.xml",
        "API, 600 sessions": f"/api/v1/sessions/?edition={slug}&page_size=1000",
        "API, first 100 sessions": f"/api/v1/sessions/?edition={slug}",
        "widget, a town's programme": f"/integrer/programme/?edition={slug}&commune=Albi",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, headers=None):
    """Return (status, seconds, response headers) of one GET on a new connection."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - began, dict(response.getheaders())
    except (OSError, http.client.HTTPException):
        return None, time.perf_counter() - began, {}
    finally:
        connection.close()


def serve(port, workers):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "quinzaine.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT)
    for _ in range(100):
        if fetch(port, "/robots.txt")[0] == 200:
            return server, shlex.join(command[1:-2] + ["--bind=127.0.0.1:PORT"])
        time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def drive(port, requests, concurrency, seconds):
    """Send (path, headers) requests from `concurrency` clients for `seconds`; return results."""
    results = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    cycle = itertools.cycle(requests)

    def client():
        while time.perf_counter() < deadline:
            with lock:
                path, headers = next(cycle)
            status, elapsed, _headers = fetch(port, path, headers)
            with lock:
                results.append((path, headers, status, elapsed))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def summarise(results, duration):
    timings = sorted(elapsed for *_rest, elapsed in results)
    errors = sum(1 for _path, _headers, status, _elapsed in results if status not in (200, 304))
    return {
        "requests": len(results),
        "rps": len(results) / duration,
        "p50": 1000 * statistics.median(timings),
        "p99": 1000 * timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        "errors": errors,
    }


def measure_each(port, urls, options):
    etag = fetch(port, urls["whole-edition feed"])[2].get("ETag", "")
    cases = [(name, path, {}) for name, path in urls.items()]
    cases.append(("feed revalidation (304)", urls["whole-edition feed"], {"If-None-Match": etag}))
    # As browsers' fetch() and most HTTP libraries ask for it: the cached gzip copy.
    gzip = {"Accept-Encoding": "gzip"}
    cases.append(("API, 600 sessions, gzip", urls["API, 600 sessions"], gzip))
    cases.append(("programme on one page, gzip", urls["programme on one page"], gzip))
    rows = []
    for name, path, headers in cases:
        fetch(port, path, headers)  # One warm-up request.
        results, duration = drive(port, [(path, headers)], options.concurrency, options.seconds)
        rows.append((name, path, summarise(results, duration)))
    trivial_rps = rows[0][2]["rps"]
    lines = [
        "| URL | req/s | p50 ms | p99 ms | errors | cost vs trivial |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _path, row in rows:
        ratio = trivial_rps / row["rps"] if row["rps"] else float("inf")
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {row['errors']} | {ratio:.1f}× |"
        )
    return lines


def load_test(port, urls, options):
    etag = fetch(port, urls["whole-edition feed"])[2].get("ETag", "")
    mix = [(path, {}) for path in urls.values()]
    mix.append((urls["whole-edition feed"], {"If-None-Match": etag}))
    results, duration = drive(port, mix, options.concurrency, options.load)
    total = summarise(results, duration)
    lines = [
        f"{total['requests']} requests in {duration:.0f} s from {options.concurrency} clients: "
        f"{total['rps']:.0f} req/s, p50 {total['p50']:.1f} ms, p99 {total['p99']:.1f} ms, "
        f"**{total['errors']} errors**.",
        "",
        "| URL | requests | errors |",
        "| --- | ---: | ---: |",
    ]
    for path, headers in mix:
        hits = [r for r in results if r[0] == path and r[1] == headers]
        errors = sum(1 for r in hits if r[2] not in (200, 304))
        label = path + (" (If-None-Match)" if headers else "")
        lines.append(f"| `{label}` | {len(hits)} | {errors} |")
    return lines, total["errors"]


def main():
    options = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quinzaine-load-"))
    configure(options, folder)
    import django

    django.setup()
    began = time.perf_counter()
    urls = build_data(options.archive)
    print(f"Data set built in {time.perf_counter() - began:.0f} s.", flush=True)
    port = free_port()
    server, server_command = serve(port, options.workers)
    try:
        if options.load:
            lines, errors = load_test(port, urls, options)
        else:
            lines, errors = measure_each(port, urls, options), 0
    finally:
        server.terminate()
        server.wait()
    database = "PostgreSQL" if options.database else "SQLite"
    sessions = EDITION_SESSIONS * (1 + ARCHIVE_EDITIONS * options.archive)
    command = "python benchmarks/load.py " + shlex.join(sys.argv[1:])
    heading = [
        f"### {datetime.date.today().isoformat()}: `{command}`",
        "",
        f"{database}, {sessions} sessions, `{server_command}` (DEBUG=0), "
        f"{options.concurrency} concurrent clients"
        + (
            f", {options.load:.0f} s mixed load."
            if options.load
            else f", {options.seconds:.0f} s per URL."
        ),
        "",
    ]
    text = "\n".join(heading + lines) + "\n"
    print(text)
    if options.report:
        with options.report.open("a") as report:
            report.write("\n" + text)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
