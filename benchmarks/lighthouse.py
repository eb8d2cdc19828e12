"""Lighthouse's mobile performance score of the key pages, served as in production.

Run from the project folder, after `npm ci --prefix tests/js`:

    python benchmarks/lighthouse.py                  # 3 runs a page, the best kept
    python benchmarks/lighthouse.py --runs 5 --report benchmarks/REPORT.md

Performance is simulated from timings taken on this machine, so another process busy beside
it lowers the score: a measurement to read, not a test to pass. The other three categories
(accessibility, best practices, SEO) do not depend on timing and are asserted by
tests/browser/test_lighthouse.py on the same pages.
"""

import argparse
import datetime
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.production import lighthouse, production_site, tile_server  # noqa: E402

PAGES = {
    "home": "/",
    "programme": "/demonstration/programme/",
    "event": "/demonstration/evenements/lancement-nimes/",
    "venue": "/lieux/carre-d-art-nimes/",
    "map": "/lieux/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs a page; the best is kept")
    parser.add_argument("--report", type=Path, help="append the results to this Markdown file")
    options = parser.parse_args()
    lines = []
    with (
        tempfile.TemporaryDirectory() as folder,
        tile_server() as tiles,
        production_site(Path(folder), tiles) as base,
    ):
        for name, path in PAGES.items():
            scores = []
            for _ in range(options.runs):
                score, failed = lighthouse(base + path, Path(folder), ["performance"])
                scores.append(round(score["performance"] * 100))
            line = f"| {name} | `{path}` | {max(scores)} | {', '.join(map(str, scores))} |"
            print(line, *failed, sep="\n  ", flush=True)
            lines.append(line)
    if options.report:
        command = shlex.join(["python", "benchmarks/lighthouse.py", *sys.argv[1:]])
        with options.report.open("a") as report:
            report.write(
                f"\n## Lighthouse performance, mobile ({datetime.date.today()})\n\n"
                f"`{command}`\n\n| page | URL | best | runs |\n| --- | --- | --- | --- |\n"
                + "\n".join(lines)
                + "\n"
            )


if __name__ == "__main__":
    main()
