import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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
