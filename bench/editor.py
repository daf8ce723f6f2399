"""An editor at work, for the benchmark: saves a record every INTERVAL seconds for DURATION seconds, as the
admin does (through the ORM, with every receiver: relinking, search, the content version), turn by turn a
city (saved as it stands), an initiative (its summary reworded), a network (its description reworded) and a
membership (its editor's note reworded). Run by bench/run.py with the benchmark's environment."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydip.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from initiatives.models import City, Initiative, Membership, Network  # noqa: E402

REWORDED = {Initiative: "summary", Network: "description", Membership: "inference"}


def reworded(text: str) -> str:
    """The text with its last sentence's full stop taken away or put back: a change every reader would see."""
    return text[:-1] if text.endswith(".") else text + "."


def edits(interval: float, duration: float) -> int:
    records = [City.objects.order_by("pk").first(), Initiative.objects.order_by("pk").first(),
               Network.objects.order_by("pk").first(), Membership.objects.order_by("pk").first()]
    saved, deadline = 0, time.monotonic() + duration
    while time.monotonic() < deadline:
        record = records[saved % len(records)]
        with transaction.atomic():
            stored = type(record).objects.get(pk=record.pk)
            if text := REWORDED.get(type(record)):
                setattr(stored, text, reworded(getattr(stored, text)))
            stored.save()
        saved += 1
        time.sleep(interval)
    return saved


if __name__ == "__main__":
    print(f"EDITS {edits(float(sys.argv[1]), float(sys.argv[2]))}", flush=True)
