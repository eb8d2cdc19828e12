"""The message catalogues: compiled as committed, complete in English and Japanese, French plurals."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["fr", "en", "ja"]


def read_po(path):
    """Return a .po file's entries as (msgid, msgid_plural, msgstrs, flags), obsolete ones left out.

    Enough of the PO format for our catalogues, so that the tests need no GNU gettext.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            entry, key = {"flags": {f.strip() for f in line[2:].split(",")}, "msgstr": {}}, None
        elif line.startswith("msgctxt "):
            finish()
            flags = entry["flags"] if entry is not None and "msgid" not in entry else set()
            entry, key = {"flags": flags, "msgstr": {}}, "msgctxt"
            entry[key] = ast.literal_eval(line[len("msgctxt ") :])
        elif line.startswith("msgid "):
            if entry is None or "msgid" in entry:
                finish()
                entry = {"flags": set(), "msgstr": {}}
            key = "msgid"
            entry[key] = ast.literal_eval(line[len("msgid ") :])
        elif line.startswith("msgid_plural "):
            key = "msgid_plural"
            entry[key] = ast.literal_eval(line[len("msgid_plural ") :])
        elif line.startswith("msgstr"):
            index = int(line[7]) if line.startswith("msgstr[") else 0
            key = ("msgstr", index)
            entry["msgstr"][index] = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith('"') and key is not None:
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += ast.literal_eval(line)
            else:
                entry[key] += ast.literal_eval(line)
        elif not line.strip():
            finish()
            entry, key = None, None
    finish()
    return entries


def placeholders(text):
    return {part.split(")")[0] for part in text.split("%(")[1:]}


def po_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_file_holds_what_its_po_file_says(language):
    with open(po_path(language).with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for entry in read_po(po_path(language)):
        if "fuzzy" in entry["flags"] or entry["msgid"] == "":
            continue
        # A context goes before its msgid, as gettext stores it.
        msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            for index, text in entry["msgstr"].items():
                if text:
                    expected[(msgid, index)] = text
        elif entry["msgstr"][0]:
            expected[msgid] = entry["msgstr"][0]
    del compiled[""]  # the header
    assert compiled == expected, "Run scripts/makemessages.sh (or compilemessages)."


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_string_of_the_site_is_translated(language):
    entries = read_po(po_path(language))
    # A third of the catalogue at least: the site's strings are there, not a stub.
    assert len(entries) > 300
    untranslated = [
        entry["msgid"]
        for entry in entries
        if entry["msgid"] and ("fuzzy" in entry["flags"] or not all(entry["msgstr"].values()))
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["en", "ja"])
def test_translations_keep_their_placeholders(language):
    for entry in read_po(po_path(language)):
        if "python-format" not in entry["flags"]:
            continue
        source = entry["msgid"] + entry.get("msgid_plural", "")
        for text in entry["msgstr"].values():
            assert placeholders(text) <= placeholders(source), entry["msgid"]


@pytest.mark.parametrize(
    "count, text", [(0, "0 séance"), (1, "1 séance"), (2, "2 séances"), (21, "21 séances")]
)
def test_french_counts_follow_french_plural_rules(count, text):
    with translation.override("fr"):
        shown = translation.ngettext("%(counter)s séance", "%(counter)s séances", count)
    assert shown % {"counter": count} == text


@pytest.mark.parametrize(
    "language, texts",
    [("en", ["1 session", "2 sessions"]), ("ja", ["1件の日程", "2件の日程"])],
)
def test_other_languages_count_their_own_way(language, texts):
    with translation.override(language):
        shown = [
            translation.ngettext("%(counter)s séance", "%(counter)s séances", n) % {"counter": n}
            for n in (1, 2)
        ]
    assert shown == texts


def test_catalogues_hold_every_string_the_code_marks(tmp_path):
    # Gather the strings again from a copy of the code: none added since is left out.
    for name in ["events", "venues", "quinzaine", "templates", "locale", "scripts"]:
        shutil.copytree(
            Path(settings.BASE_DIR) / name, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc")
        )
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", tmp_path)
    subprocess.run(
        ["bash", "scripts/makemessages.sh"],
        cwd=tmp_path,
        env={**os.environ, "PYTHON": sys.executable},
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        gathered = {
            entry["msgid"]
            for entry in read_po(tmp_path / po_path(language).relative_to(LOCALE.parent))
        }
        committed = {entry["msgid"] for entry in read_po(po_path(language))}
        assert gathered == committed, "Run scripts/makemessages.sh and translate what it adds."
