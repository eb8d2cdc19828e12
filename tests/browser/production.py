"""Serve the demo as in production and score pages with Lighthouse.

Shared by tests/browser/test_lighthouse.py (accessibility, best practices, SEO) and
benchmarks/lighthouse.py (performance, a timing that belongs with the measurements).
"""

import contextlib
import io
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tests" / "js" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["accessibility", "best-practices", "seo"]
# Lighthouse sometimes fails to record a trace ("NO_NAVSTART"): such a run is tried again.
RUNS = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TileHandler(BaseHTTPRequestHandler):
    """Answer every tile with the same plain 256 px PNG."""

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "#f2efe9").save(buffer, "PNG")
    tile = buffer.getvalue()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def tile_server():
    """Serve blank map tiles; yield their URL template."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()


def self_signed_certificate(folder):
    """Write a certificate for 127.0.0.1 and its key into folder; return their paths."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@contextlib.contextmanager
def production_site(folder, tile_server, tls=False, extra_env=None, setup=None):
    """Serve the demo with gunicorn and DEBUG=0 from `folder`; yield its base URL.

    With tls, gunicorn itself answers HTTPS with a self-signed certificate, and the site
    runs its production defaults: secure cookies, HTTPS redirect, HSTS, and Django's
    strict Referer check on every form posted over HTTPS. `setup` is Python code that
    `manage.py shell` runs once the demo is loaded.
    """
    port = free_port()
    base = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SITE_URL": base,
        # The site's own settings, not the tests' (pytest exports those to subprocesses).
        "DJANGO_SETTINGS_MODULE": "quinzaine.settings",
        "DEBUG": "0",
        "SECRET_KEY": "lighthouse-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder}/site.sqlite3",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SERVE_MEDIA": "1",
        "LOG_LEVEL": "ERROR",
        "MAP_TILES_URL": tile_server,
        **(extra_env or {}),
    }
    if not tls:
        # Plain HTTP on 127.0.0.1, as behind a TLS proxy but without one.
        env.update(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="0")
    manage = [sys.executable, "manage.py"]
    for command in (["collectstatic", "--noinput"], ["migrate"], ["load_demo"]):
        subprocess.run(manage + command + ["-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    if setup:
        subprocess.run(manage + ["shell", "-c", setup], cwd=ROOT, env=env, check=True, timeout=60)
    command = [sys.executable, "-m", "gunicorn", "quinzaine.wsgi", f"--bind=127.0.0.1:{port}"]
    # Threads, as Chromium opens up to six connections a window before it sends anything on
    # them, and each waits in a thread for its first request: with one sync worker, or four
    # threads, a page of the next window could wait for minutes (ERR_TOO_MANY_RETRIES).
    command += ["--log-level=error", "--worker-class=gthread", "--threads=32"]
    context = None
    if tls:
        cert, key = self_signed_certificate(folder)
        command += [f"--certfile={cert}", f"--keyfile={key}"]
        context = ssl.create_default_context(cafile=cert)
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=5, context=context)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def lighthouse(url, folder, categories=CATEGORIES):
    """Return Lighthouse's mobile scores of url by category, with the failed audits."""
    assert shutil.which("node"), "Node.js is needed to run Lighthouse (see run-tests.sh)."
    assert LIGHTHOUSE.exists(), "Run `npm ci --prefix tests/js` (run-tests.sh does)."
    report = folder / "report.json"
    run = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--form-factor=mobile",
            "--only-categories=" + ",".join(categories),
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=180,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        # Lighthouse sometimes fails to record a trace ("NO_NAVSTART"): that run says nothing.
        return dict.fromkeys(categories, 0), [run.stderr.strip()[-500:]]
    data = json.loads(report.read_text())
    scores = {name: data["categories"][name]["score"] for name in categories}
    failed = sorted(
        f"{name}: {ref['id']} ({data['audits'][ref['id']].get('displayValue', '')})"
        for name in categories
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"]
        and (data["audits"][ref["id"]]["score"] or 0) < 0.9
        and data["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")
    )
    return scores, failed
