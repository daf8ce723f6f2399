import os
import subprocess
import sys

import pytest

from tests.paths import ROOT

ROOT = ROOT


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "s" * 50}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_production_without_secret_or_hosts_stops_with_a_clear_message(env, missing):
    result = run_check(**env)
    assert result.returncode != 0
    assert f"DJANGO_DEBUG=0 needs {missing}" in result.stderr


def test_development_needs_nothing_set():
    result = run_check()
    assert result.returncode == 0, result.stderr


def test_a_server_started_with_no_environment_has_debug_off_and_refuses_the_development_key():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", "import citydip.wsgi"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr


def test_make_serve_serves_plain_http_on_this_machine(tmp_path):
    import urllib.request

    from tests.servers import free_port, wait_for_port

    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    environment.update(PORT=str(port), WORKERS="1", DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    server = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_port(port, timeout=180)
        for path in ("/healthz/", "/", "/cities/"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                assert response.status == 200 and response.url == f"http://127.0.0.1:{port}{path}", path
                assert "Strict-Transport-Security" not in response.headers
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)


def test_a_bad_request_is_logged_on_one_line_without_a_traceback(client, caplog, db):
    import logging

    from citydip.core.log_filters import ClientErrorsOnOneLine

    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/articles/?format=xml").status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.request"]
    ClientErrorsOnOneLine().filter(record)
    formatted = logging.Formatter().format(record)
    assert "Traceback" not in formatted and formatted.count("\n") == 0 and "format" in formatted
