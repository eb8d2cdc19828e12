#!/usr/bin/env bash
# Gather the public site's strings into locale/{fr,en,ja}/LC_MESSAGES/django.po, then compile
# them. The admin stays French (quinzaine.middleware): its templates, forms and actions are left
# out, so that translators see only what visitors read (forms.py stays: the proposal form is
# public, as are the upload checks it shares with the admin). Needs GNU gettext (msgfmt).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
"$python" manage.py makemessages -l fr -l en -l ja --no-obsolete \
  --ignore=.venv --ignore=tests --ignore=node_modules --ignore=staticfiles --ignore=media \
  --ignore=benchmarks --ignore='*/migrations/*' --ignore='templates/admin/*' \
  --ignore='*/admin.py' --ignore='events/admin/*' --ignore='quinzaine/admin_*.py' --ignore='*/apps.py' \
  --ignore='events/dashboard.py' --ignore='events/resources/*' \
  --ignore='events/management/*' --ignore='events/demo*.py' --ignore='events/editions.py' \
  --ignore='events/scheduling.py'
# French is the msgids' language: its catalogue repeats them, for French plural rules
# (« 0 séance », « 2 séances »).
msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po
"$python" manage.py compilemessages --ignore=.venv --ignore=node_modules
