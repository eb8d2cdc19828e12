"""The Nu HTML Checker (vnu-jar, from tests/js) finds no error on the main pages, in three languages.

The pages come from the demo served as in production (demo_site); the checker runs once, on
all of them, as Java reads them from files.
"""

import json
import subprocess
import urllib.request
from pathlib import Path

VNU = (
    Path(__file__).resolve().parents[1]
    / "js"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
PAGES = [
    "/",
    "/demonstration/programme/",
    "/demonstration/programme/?pres=Toulouse&gratuit=on",
    "/quinzaine-du-japon-2023/programme/?q=kedno",
    "/quinzaine-du-japon-2023/evenements/estampes-japonaises/",
    "/lieux/",
    "/lieux/carre-d-art-nimes/",
    "/partenaires/",
    "/editions/",
    "/ma-selection/",
    "/proposer/",
    "/donnees-ouvertes/",
    "/integrer/?commune=Toulouse",
    "/integrer/programme/?commune=Toulouse",
]


def test_main_pages_have_no_html_errors(demo_site, tmp_path):
    files = []
    for language in ("", "/en", "/ja"):
        for number, path in enumerate(PAGES):
            with urllib.request.urlopen(demo_site + language + path) as response:
                html = response.read()
            file = tmp_path / f"{language.strip('/') or 'fr'}-{number:02d}.html"
            file.write_bytes(html)
            files.append(file)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
    assert run.returncode == 0, run.stderr[:2000]
