"""Browser tests: the real site in Debian's Chromium, driven by Playwright for Python (sync API).

The app runs in a subprocess — `migrate`, `seed`, then `runserver --noreload` on a free port — against its own SQLite
file in a temporary directory, so nothing here touches the test database the rest of the suite shares (pytest-django's
`live_server` would flush it). Playwright never downloads a browser: it drives /usr/bin/chromium.

Run them with `make test-browser` (`python -m pytest tests/browser`); without /usr/bin/chromium they are skipped.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .helpers import CSP_LISTENER, PROJECT, Problems, Site

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 60  # seconds until /healthz/ answers, after migrate and seed
DATABASE_NAME = "browser.sqlite3"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # requirements-dev.txt installs it
    sync_playwright = None

if not CHROMIUM.exists():
    SKIP_REASON = f"{CHROMIUM} is missing (apt-get install -y chromium): the browser tests drive Debian's Chromium"
elif sync_playwright is None:
    SKIP_REASON = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
else:
    SKIP_REASON = ""


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the running site in Chromium (make test-browser)")


def pytest_collection_modifyitems(config, items):
    """Every test of this directory is a browser test; all are skipped without Chromium (or Playwright)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(database):
    """The environment without any DJANGO_ variable (nor a database or cache URL), plus the two this server needs."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_DEBUG="1", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def site():
    """The app in a subprocess on a fresh, seeded SQLite database of its own; stopped at the end of the session."""
    with served_site() as running:
        yield running


def manage_site(site, *command, **env):
    """Run a manage.py command against the running site's database (e.g. createeditor)."""
    environment = {**_server_env(site.log_path.parent / DATABASE_NAME), **env}
    return subprocess.run([sys.executable, str(PROJECT / "manage.py"), *command], cwd=PROJECT, env=environment,
                          capture_output=True, text=True, check=True)


@contextmanager
def served_site():
    """The app in a subprocess on a fresh, seeded SQLite database in a temporary directory, until the block ends. A
    module whose tests change the content starts one of its own (a `site` fixture of module scope) with this."""
    workdir = Path(tempfile.mkdtemp(prefix="citydip-browser-"))
    env = _server_env(workdir / DATABASE_NAME)  # sqlite:////tmp/…/browser.sqlite3
    log_path = workdir / "server.log"
    manage = [sys.executable, str(PROJECT / "manage.py")]

    def log():
        return log_path.read_text(errors="replace")

    server = None
    try:
        with open(log_path, "wb") as log_file:
            for command in (["migrate", "--no-input"], ["seed"]):
                done = subprocess.run(manage + command, cwd=PROJECT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
                if done.returncode:
                    pytest.fail(f"manage.py {' '.join(command)} failed:\n{log()}")
            port = _free_port()
            server = subprocess.Popen(
                manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=PROJECT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"runserver exited ({server.returncode}):\n{log()}")
            try:
                with urllib.request.urlopen(base_url + "/healthz/", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz/ did not answer within {SERVER_START_TIMEOUT}s:\n{log()}")
            time.sleep(0.2)
        yield Site(base_url, log_path)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_context(browser, site, **options):
    context = browser.new_context(base_url=site.base_url, **options)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser, site):
    context = _new_context(browser, site, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def phone_context(browser, site):
    context = _new_context(
        browser, site, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def problems(page):
    """Console errors, uncaught exceptions and failed requests of `page`, from its creation on."""
    return Problems(page)
