import importlib
import shutil

import pytest
from django.apps import apps
from django.core.cache import cache

# Data created by migrations (group, categories, themes) is wiped when a transactional
# test flushes the tables; browser tests put it back from the migration itself.
_vocabularies = importlib.import_module("events.migrations.0002_organisers_group_and_vocabularies")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded and resized images of each test in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def migration_data(request):
    """Make sure the data migrations' rows exist in transactional tests."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        _vocabularies.create_group(apps, None)
        _vocabularies.create_vocabularies(apps, None)


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: the programme version repeats across rollbacks."""
    cache.clear()
    yield
    cache.clear()
