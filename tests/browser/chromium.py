"""Where Debian's Chromium is and how it runs here (headless, as root, without network chatter),
and what tests watch and upload in it."""

import io
import os
import shutil

from PIL import Image

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


def watch(page, failed_pages=False):
    """Collect the page's policy violations and script errors, in a list it returns.

    With failed_pages, a page answered with an error status (a refused form) is one too.
    """
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    if failed_pages:
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.status} {response.request.method} {response.url}")
                if response.status >= 400 and response.request.resource_type == "document"
                else None
            ),
        )
    return problems


def poster():
    """Return a 1200 × 800 JPEG as Playwright's set_input_files takes a file."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (188, 45, 41)).save(buffer, format="JPEG")
    return {"name": "affiche.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
