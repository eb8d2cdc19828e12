#!/usr/bin/env bash
# Set up everything (virtualenv, packages, SQLite database, demo data) and serve the site locally.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo
PORT="${PORT:-8000}"
cat <<MSG

  Site :           http://127.0.0.1:$PORT/
  Administration : http://127.0.0.1:$PORT/admin/
  Compte de démonstration (groupe Organisateurs) : organisatrice / quinzaine-demo-2023

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT"
