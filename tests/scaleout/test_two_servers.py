"""Two app servers (gunicorn, on two ports) over one PostgreSQL and one Redis behave as one site: a login
on one is a login on the other, and an edit made through one shows through the other at once.

Needs the machine's PostgreSQL and Redis; `make test-scaleout` runs it (CI does), `make test` does not.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("SCALEOUT_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/7")
DATABASE = "citydip_scaleout"
PASSWORD = "scale-out-editor-password"

pytestmark = pytest.mark.scaleout


def run(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


class FormParser(HTMLParser):
    """The fields of the admin change form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


@pytest.fixture(scope="module")
def servers():
    import psycopg2
    import redis

    admin = psycopg2.connect(f"{POSTGRES}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}", "REDIS_URL": REDIS_URL, "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "scale-out-test-" + "s3cr3t" * 8, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "CITYDIP_EDITOR_PASSWORD": PASSWORD,
    }
    run("migrate", "--no-input", env=env)
    run("seed", env=env)
    run("collectstatic", "--no-input", env=env)
    run("createeditor", "scaler", env=env)
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "citydip.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    for port in ports:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin.close()


def browser():
    jar = http.cookiejar.CookieJar()  # cookies belong to the host, whatever the port: as behind a load balancer
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def fetch(opener, url, data=None, referer=None):
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": referer or url})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


def form_fields(page):
    parser = FormParser()
    parser.feed(page)
    return parser.fields


def test_login_on_one_server_is_a_login_on_the_other(servers):
    a, b = servers
    opener, _ = browser()
    _, _, page = fetch(opener, f"{a}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, final, _ = fetch(opener, f"{a}/admin/login/?next=/admin/", {"csrfmiddlewaretoken": token, "username": "scaler", "password": PASSWORD, "next": "/admin/"})
    assert status == 200 and final.endswith("/admin/")
    status, final, page = fetch(opener, f"{b}/admin/")
    assert status == 200 and final == f"{b}/admin/" and "Your desk" in page


def test_an_edit_through_one_server_shows_through_the_other_at_once(servers):
    a, b = servers
    reader, _ = browser()
    assert "Italy" in fetch(reader, f"{b}/cities/milan/")[2]
    assert "Italy" in fetch(reader, f"{b}/cities/milan/")[2]  # now served from the shared cache
    editor, _ = browser()
    _, _, page = fetch(editor, f"{a}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    fetch(editor, f"{a}/admin/login/?next=/admin/", {"csrfmiddlewaretoken": token, "username": "scaler", "password": PASSWORD, "next": "/admin/"})
    _, _, listing = fetch(editor, f"{a}/admin/initiatives/city/?q=Milan")
    change = re.search(r'href="(/admin/initiatives/city/\d+/change/)[^"]*"', listing).group(1)
    _, _, form = fetch(editor, f"{a}{change}")
    data = [(name, "Switzerland" if name == "country" else value) for name, value in form_fields(form)]
    data = [pair for pair in data if not pair[0].startswith(("_addanother", "_continue", "_saveasnew"))] + [("_save", "Save")]
    status, final, _ = fetch(editor, f"{a}{change}", data, referer=f"{a}{change}")
    assert status == 200 and final.endswith("/admin/initiatives/city/"), final
    page = fetch(reader, f"{b}/cities/milan/")[2]
    assert "Switzerland" in page
