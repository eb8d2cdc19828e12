#!/usr/bin/env bash
# Install Debian's Chromium (browser tests) with Japanese fonts, Node.js (ical.js), Java (the Nu
# HTML Checker), OpenSSL (a test certificate), Redis (cache tests), GNU gettext (message
# catalogues) and PostgreSQL (second database) when missing.
set -euo pipefail
missing=()
# Fonts too: with --no-install-recommends, Chromium would render pages with a fallback font.
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation fonts-dejavu-core)
# Japanese pages: kana and kanji in screenshots and browser tests, not boxes.
[ -d /usr/share/fonts/opentype/noto ] && fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# GNU gettext: makemessages and compilemessages (scripts/makemessages.sh); the compiled
# catalogues are committed, so the site itself does not need it.
command -v msgfmt >/dev/null || missing+=(gettext)
# Node.js runs ical.js, Thunderbird's iCalendar parser, on our feeds (tests/js).
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
# Java runs the Nu HTML Checker (vnu-jar, tests/js) on the main pages.
command -v java >/dev/null || missing+=(default-jre-headless)
# OpenSSL signs the certificate of the HTTPS server the forms are submitted to in Chromium.
command -v openssl >/dev/null || missing+=(openssl)
# Redis: the page cache's tests run against it too (tests/conftest.py starts a server).
command -v redis-server >/dev/null || missing+=(redis-server)
if [ "${SKIP_POSTGRES:-0}" != 1 ] && [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]} (install them, or see run-tests.sh)." >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get…"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
