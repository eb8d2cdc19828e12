"""Settings for the test suite: the site's settings, with a fast password hasher.

Every organiser a test logs in hashes a password: PBKDF2 would spend most of the
suite's time there. Nothing else differs, so tests exercise what production runs.
"""

from quinzaine.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
