"""Where Debian's Chromium is and how it runs here: headless, as root, without network chatter."""

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def new_page(browser, options):
    """Return a new French browser context in Paris time, and a page in it."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page
