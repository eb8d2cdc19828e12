#!/usr/bin/env bash
# Set up everything and run the whole test suite: on SQLite, then on PostgreSQL.
#
# Browser tests need Debian's Chromium, PostgreSQL tests a PostgreSQL server: when run as
# root on Debian, both are installed with apt-get if missing. Otherwise set DATABASE_URL to
# a PostgreSQL database you can create test databases on, or SKIP_POSTGRES=1 to run on
# SQLite alone (the browser tests still need /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")"
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
bash scripts/system-packages.sh
npm ci --prefix tests/js --no-audit --no-fund --silent

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run

# Two pytest processes (pytest-xdist; TEST_WORKERS to change). Extra arguments go to pytest.
WORKERS=(-n "${TEST_WORKERS:-2}")

echo "== Tests on SQLite"
env -u DATABASE_URL .venv/bin/pytest "${WORKERS[@]}" "${@:--q}"

if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
  source scripts/postgres.sh
  echo "== Tests on PostgreSQL"
  # What depends on the database: the browser journeys and the fuzzing ask the same ORM
  # queries through more layers, and were run above.
  DATABASE_URL="$POSTGRES_URL" .venv/bin/pytest "${WORKERS[@]}" -m "not browser and not fuzz" "${@:--q}"
fi
