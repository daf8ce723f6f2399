"""With PostgreSQL down, citydip says so: every page is a 503 with Retry-After — never a 500, never "0 results"
— /readyz/ takes the server out of rotation while /healthz/ keeps it alive, and when the database is back,
pages are served again by themselves. The test stops only a cluster of its own."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.paths import ROOT
from tests.servers import AppServer, PostgresCluster

ROOT = ROOT
PAGES = ["/", "/cities/", "/cities/los-angeles/", "/cities/los-angeles/?format=json", "/search/?q=climate",
         "/search/?q=climate&format=json", "/initiatives/", "/map/", "/data/cities.csv"]


def production_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    return {
        **env, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "fault-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0",
    }


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def site():
    cluster = PostgresCluster().start()
    env = production_env(cluster.url)
    try:
        for command in (["migrate", "--no-input"], ["seed"], ["build_datasets"], ["collectstatic", "--no-input"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
        server = AppServer(ROOT, {**env, "CITYDIP_LOCK_TIMEOUT_MS": "1000"}).start()
        yield cluster, server
        server.stop()
    finally:
        cluster.remove()


def test_pages_answer_503_while_the_database_is_down_and_200_when_it_is_back(site):
    cluster, server = site
    assert [get(server.url + page)[0] for page in PAGES] == [200] * len(PAGES)
    assert get(server.url + "/readyz/")[0] == 200

    cluster.stop()
    for page in PAGES:
        status, headers, body = get(server.url + page)
        assert status == 503, (page, status)
        assert headers.get("Retry-After") == "30", page
        assert "0 results" not in body and "No results" not in body, page
        if "json" in page:  # a program reads why, as JSON
            assert headers["Content-Type"] == "application/json", page
            assert "try again in 30 seconds" in json.loads(body)["error"], page
    assert get(server.url + "/healthz/")[:1] == (200,), "liveness does not depend on the database"
    status, _, body = get(server.url + "/readyz/")
    assert status == 503 and '"database": "down"' in body

    cluster.start()
    assert [get(server.url + page)[0] for page in PAGES] == [200] * len(PAGES), "served again by themselves"
    assert get(server.url + "/readyz/")[0] == 200


def test_a_table_locked_past_the_lock_timeout_is_a_503_not_a_worker_held_or_killed(site):
    import time

    import psycopg2

    cluster, server = site
    locker = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    try:
        with locker.cursor() as cursor:
            cursor.execute("BEGIN; LOCK TABLE initiatives_city IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        status, headers, _ = get(server.url + "/cities/?region=asia")
        assert status == 503 and headers.get("Retry-After") == "30"
        assert time.monotonic() - started < 10, "the request gave up at the lock timeout"
        status, headers, _ = get(server.url + "/cities/?format=csv&region=africa")
        assert status == 503 and headers.get("Retry-After") == "30", "a 503, not a file that breaks off"
    finally:
        locker.rollback()
        locker.close()
    assert get(server.url + "/cities/?region=asia")[0] == 200
