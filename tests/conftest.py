import os
import shutil
import socket
import subprocess
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests.helpers import (
    legal_pages_migration,
    organiser_user,
    proposals_migration,
    vocabularies_migration,
)

# Property-based tests: a quick, deterministic run by default (CI, the README's command);
# HYPOTHESIS_PROFILE=nightly for a long random one, whose failures are kept to replay.
hypothesis_settings.register_profile("quick", derandomize=True, database=None)
hypothesis_settings.register_profile("nightly", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name == "test_fuzz.py":
            item.add_marker(pytest.mark.fuzz)


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
        vocabularies_migration.create_group(apps, None)
        vocabularies_migration.create_vocabularies(apps, None)
        legal_pages_migration.name_site(apps, None)
        legal_pages_migration.create_pages(apps, None)
        legal_pages_migration.grant_permissions(apps, None)
        proposals_migration.grant_permissions(apps, None)


@pytest.fixture(autouse=True)
def french():
    """Start each test in French, as a request to an address without prefix would.

    A request to /en/ or /ja/ leaves its language active in the thread after it: texts
    then saved would go to the English or Japanese columns.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def geocoder_offline(settings):
    """Point the address service at a closed local port: no test reaches the Internet."""
    settings.GEOCODER_URL = "http://127.0.0.1:9/search/"
    settings.GEOCODER_TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with empty caches: the programme version repeats across rollbacks."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(scope="session")
def redis_url():
    """Return the URL of a Redis server: REDIS_URL, or one started for the test session."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        pytest.fail("Redis is needed: install Debian's redis-server (run-tests.sh does).")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait()


@pytest.fixture
def organiser(client, db):
    """Log the test's client in as an organiser; return the user."""
    user = organiser_user()
    client.force_login(user)
    return user


@pytest.fixture
def organiser_client(db):
    """Return a second client, logged in as an organiser, beside the anonymous `client`."""
    client = Client()
    client.force_login(organiser_user())
    return client
