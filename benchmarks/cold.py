"""Compare cold builds of pages and feeds with an earlier commit, request by request.

Run from the project folder:

    python benchmarks/cold.py                      # against 8ad16db, before any caching
    python benchmarks/cold.py --against COMMIT --rounds 40 --report benchmarks/REPORT.md

A cold build is what the first visitor after an organiser's change waits for: this checkout
is served with its page cache off (PAGE_CACHE_SECONDS=0), so every request builds its page
or feed again, reusing only the row, VEVENT and form fragments, which do not depend on the
programme version. The earlier commit is exported from git and both are served side by side
by gunicorn (DEBUG=0), each on the data set of its own benchmarks/load.py. Requests go to
one then the other, in turns: a slow spell of the machine weighs on both alike.
"""

import argparse
import datetime
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import load

ROOT = Path(__file__).resolve().parent.parent
BEFORE_CACHING = "8ad16db"
# What runs in each checkout: build its data set with its own load.py, then serve it.
SERVE = """
import json, pathlib, sys
root, folder, port = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
sys.path[:0] = [str(root / "benchmarks"), str(root)]
import load
class Options:
    database = None
load.configure(Options, folder)
import django
django.setup()
urls = load.build_data(False)
server, _command = load.serve(port, 1)
print(json.dumps(urls), flush=True)
sys.stdin.read()
server.terminate()
server.wait()
"""
MEASURED = [
    "trivial view (/robots.txt)",
    "home",
    "programme, first page",
    "programme on one page",
    "whole-edition feed",
    "a day's filtered feed",
    "event page",
    "venue page",
    "venue feed",
    "sitemap.xml",
    # Not in the earlier commit: measured on this checkout only, beside the programme.
    "API, 600 sessions",
    "API, first 100 sessions",
    "widget, a town's programme",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=BEFORE_CACHING, help="the earlier commit")
    parser.add_argument("--rounds", type=int, default=30, help="requests per URL and side")
    parser.add_argument("--report", type=Path, help="append the results to this Markdown file")
    return parser.parse_args()


def start(root, folder, environment):
    """Serve the checkout at `root`; return (process, port, URLs by name)."""
    folder.mkdir(parents=True)
    port = load.free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(root), str(folder), str(port)],
        cwd=root,
        env={**os.environ, **environment},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    urls = json.loads(process.stdout.readline())
    return process, port, urls


def export(commit, folder):
    """Write the files of `commit` into `folder` (git archive: no worktree to clean up)."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)


def main():
    options = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quinzaine-cold-"))
    export(options.against, folder / "before")
    sides = {
        "before": start(folder / "before", folder / "before-data", {}),
        "now": start(ROOT, folder / "now-data", {"PAGE_CACHE_SECONDS": "0"}),
    }
    timings = {(side, name): [] for side in sides for name in MEASURED}
    try:
        for round_number in range(options.rounds + 1):
            order = list(sides) if round_number % 2 else list(reversed(sides))
            for name in MEASURED:
                for side in order:
                    _process, port, urls = sides[side]
                    if name not in urls:
                        continue
                    status, seconds, _headers = load.fetch(port, urls[name])
                    if status != 200:
                        raise SystemExit(f"{side} {urls[name]} answered {status}")
                    if round_number:  # The first round warms up both servers.
                        timings[side, name].append(seconds)
    finally:
        for process, _port, _urls in sides.values():
            process.stdin.close()
            process.wait()
    median = {key: 1000 * statistics.median(values) for key, values in timings.items() if values}
    trivial = MEASURED[0]
    lines = [
        f"| URL | {options.against} ms | now ms | cheaper by "
        f"| {options.against} vs trivial | now vs trivial |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in MEASURED:
        now = median["now", name]
        if ("before", name) not in median:
            lines.append(
                f"| {name} | — | {now:.1f} | — | — | {now / median['now', trivial]:.0f}× |"
            )
            continue
        before = median["before", name]
        lines.append(
            f"| {name} | {before:.1f} | {now:.1f} | {before / now:.1f}× "
            f"| {before / median['before', trivial]:.0f}× | {now / median['now', trivial]:.0f}× |"
        )
    command = "python benchmarks/cold.py " + shlex.join(sys.argv[1:])
    text = "\n".join(
        [
            f"### {datetime.date.today().isoformat()}: `{command}`",
            "",
            f"SQLite, 600 sessions, one gunicorn worker each (DEBUG=0), one request at a time, "
            f"median of {options.rounds} per URL and side, taken in turns; this checkout with "
            "its page cache off (every request a cold build).",
            "",
            *lines,
        ]
    )
    print(text)
    if options.report:
        with options.report.open("a") as report:
            report.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
