"""The files of /data/: each dataset as JSON and CSV, built once per content version, outside readers' requests.

Making a whole dataset takes seconds at scale (2.5 s for a CSV at scale 100), and fifty readers asking for
exports at once held every worker. So a reader never waits for one: a request serves the file built for the
current content version; if there is none yet, the one built before (marked as such, and never cached), or a
503 with Retry-After when no file was ever built; and it starts a build in the background. One build runs at a
time across every app server (a lease in the database), and builds every file that is out of date.
`python manage.py build_datasets` builds them too (after a deploy, or from cron).

Beside the listings' files, the whole public dataset as one Frictionless Data Package (citydip.data.package): its
descriptor, a CSV per table, a ZIP of them and a SQLite database, built together from one snapshot of the
database, so that every file of a package is of the same content.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models.functions import Length
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.views import ArticleListView, AuthorListView
from citydip.core import versions
from citydip.data import package
from citydip.data.models import DatasetFile, Lease
from citydip.data.tables import TABLES
from initiatives.views import BodyListView, CityListView, InitiativeListView, NetworkListView, TopicListView

logger = logging.getLogger(__name__)

FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}  # of the listings' files
CONTENT_TYPES = {**FORMATS, "zip": "application/zip", "sqlite": "application/vnd.sqlite3"}
BUILD_LEASE = "datasets"
# Longer than any one file takes, and renewed after each: a build that died (its server stopped) lets go when
# it runs out, soon, instead of leaving the files unbuilt for as long as a whole build may take.
LEASE_TIME = timedelta(minutes=2)
RETRY_AFTER = 10


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    view: type  # the listing view whose export the file is

    def render(self, export: str) -> bytes:
        """The whole dataset, made by its listing view as a reader's request at the site's own address would."""
        scheme, host = settings.SITE_URL.split("://", 1)
        request = RequestFactory().get(
            reverse("data_export", args=[self.name, export]), HTTP_HOST=host, secure=scheme == "https"
        )
        response = self.view.as_view()(request, export=export)
        return b"".join(response.streaming_content) if response.streaming else response.content


DATASETS = [
    Dataset("articles", "Published articles, with authors, dates and topics", ArticleListView),
    Dataset("initiatives", "Initiatives, with their cities, networks and topics", InitiativeListView),
    Dataset("cities", "Cities, with country, region, coordinates and counts", CityListView),
    Dataset("networks", "City networks", NetworkListView),
    Dataset("bodies", "Multilateral bodies", BodyListView),
    Dataset("authors", "Authors of published articles", AuthorListView),
    Dataset("topics", "Topics", TopicListView),
]
BY_NAME = {dataset.name: dataset for dataset in DATASETS}


def holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def take_lease(name: str = BUILD_LEASE) -> bool:
    """Whether this thread now holds the lease: free, run out, or never taken before."""
    now = timezone.now()
    taken = Lease.objects.filter(name=name, expires_at__lt=now).update(holder=holder(), expires_at=now + LEASE_TIME)
    if taken:
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder(), expires_at=now + LEASE_TIME)
    except IntegrityError:
        return False  # another holds it
    return True


def renew_lease(name: str = BUILD_LEASE) -> None:
    Lease.objects.filter(name=name, holder=holder()).update(expires_at=timezone.now() + LEASE_TIME)


def let_go(name: str = BUILD_LEASE) -> None:
    Lease.objects.filter(name=name, holder=holder()).update(expires_at=timezone.now() - timedelta(seconds=1))


def build_stale() -> list[str]:
    """Build every file not made from the current content; the names built. Nothing when another process is
    building (it builds them all)."""
    if not take_lease():
        return []
    built = []
    try:
        # Built until up to date: an edit made during a build makes what was built stale again.
        while (stale := stale_files(version := str(versions.current()))) or package_is_stale(version):
            for dataset, export in stale:
                store(dataset.name, export, version, dataset.render(export))
                renew_lease()
                built.append(f"{dataset.name}.{export}")
            if package_is_stale(version):
                built.extend(build_package())
            if len(built) > 4 * (len(DATASETS) * len(FORMATS) + len(package.FILES)):
                break  # edits outpace the builds: the next request starts another
    finally:
        let_go()
    return built


def build_package() -> list[str]:
    """The current package, every file of it stored under the content version it was read at."""
    built = package.build_current()
    for path, content in built.files.items():
        store(*package_file(path), built.content_version, content)
        renew_lease()
    return list(built.files)


def package_file(path: str) -> tuple[str, str]:
    """The name and format a file of the package is stored under: `tables/cities.csv` → ("table-cities", "csv").
    (The names never share a prefix up to a hyphen, so that `local_copy` keeps each file's copies apart.)"""
    stem, export = path.rsplit(".", 1)
    return stem.replace("tables/", "table-"), export


def package_is_stale(version: str) -> bool:
    current = DatasetFile.objects.filter(version=version, name__in={package_file(path)[0] for path in package.FILES})
    return current.count() < len(package.FILES)


def store(name: str, export: str, version: str, content: bytes) -> None:
    fields = {"version": version, "built_at": timezone.now(), "content": content}
    if not DatasetFile.objects.filter(name=name, format=export).update(**fields):
        DatasetFile.objects.create(name=name, format=export, **fields)


def stale_files(version: str) -> list[tuple[Dataset, str]]:
    current = set(DatasetFile.objects.filter(version=version).values_list("name", "format"))
    return [(dataset, export) for dataset in DATASETS for export in FORMATS if (dataset.name, export) not in current]


def build_in_background() -> None:
    """Start a build in a thread of this process, which answers its request meanwhile."""
    if not settings.DATASETS_BUILD_IN_BACKGROUND:
        build_stale()
        return

    def run():
        try:
            build_stale()
        except Exception:
            logger.exception("Building the dataset files failed.")
        finally:
            connections.close_all()

    threading.Thread(target=run, name="dataset-build", daemon=True).start()


def dataset_response(dataset: Dataset, export: str) -> HttpResponse:
    return stored_file_response(dataset.name, export, f"citydip-{dataset.name}.{export}", f"The {dataset.name} dataset")


def package_response(path: str) -> HttpResponse:
    """A file of the current package: the descriptor shown, the others downloaded."""
    name, export = package_file(path)
    filename = None if path == package.DESCRIPTOR else path.rsplit("/", 1)[-1]
    return stored_file_response(name, export, filename, "The data package")


def stored_file_response(name: str, export: str, filename: str | None, what: str) -> HttpResponse:
    """The file for the current content; else the one built before (never cached); else a 503 — never a
    worker held while a whole dataset is made. Sent from this server's copy of the file by the operating system
    (sendfile), so that many downloads at once hold the workers for little more than the time it takes to ask.
    A file with a `filename` is sent as an attachment of that name."""
    version = str(versions.current())
    stored = DatasetFile.objects.defer("content").filter(name=name, format=export).first()
    if stored is None or stored.version != version:
        build_in_background()
        stored = DatasetFile.objects.defer("content").filter(name=name, format=export).first()  # tests
    if stored is None:
        response = HttpResponse(
            f"{what} is being built; please try again in {RETRY_AFTER} seconds.\n",
            status=503, content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    response = FileResponse(
        local_copy(stored).open("rb"), content_type=CONTENT_TYPES[export], as_attachment=filename is not None,
        filename=filename or "",
    )
    response["Last-Modified"] = http_date(stored.built_at.timestamp())
    if stored.version != version:
        # The data changed since this file was built; its successor is being made. Said, and not kept.
        response["X-Dataset-Status"] = "previous version: a newer one is being built"
        response["Cache-Control"] = "no-store"
    else:
        response["X-Dataset-Status"] = "current"
    return response


def local_copy(stored: DatasetFile) -> Path:
    """This server's copy of the stored file, written from the database the first time it is asked for; the
    copies of earlier versions go."""
    path = settings.DATASETS_DIR / f"{stored.name}-{stored.version}.{stored.format}"
    if not path.exists():
        settings.DATASETS_DIR.mkdir(parents=True, exist_ok=True)
        content = DatasetFile.objects.filter(pk=stored.pk, version=stored.version).values_list("content", flat=True).first()
        if content is None:  # rebuilt since: the newer file is written
            stored = DatasetFile.objects.defer("content").get(pk=stored.pk)
            return local_copy(stored)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
        partial.write_bytes(bytes(content))
        partial.replace(path)  # whole or not at all, whichever worker wrote it
        for earlier in settings.DATASETS_DIR.glob(f"{stored.name}-*.{stored.format}"):
            if earlier != path:
                earlier.unlink(missing_ok=True)
    return path


def package_files() -> dict:
    """The files of the current package as /data/ lists them, with their sizes as last built (one query), and
    whether they are of the current content."""
    names = {package_file(path): path for path in package.FILES}
    stored = {
        (row["name"], row["format"]): row
        for row in DatasetFile.objects.filter(name__in={name for name, _ in names})
        .annotate(size=Length("content")).values("name", "format", "size", "version", "built_at")
    }
    files = [{"path": path, "url": package_url(path), "size": None, **stored.get(key, {})} for key, path in names.items()]
    by_path = {file["path"]: file for file in files}
    return {
        "descriptor": by_path[package.DESCRIPTOR],
        "zip": by_path[package.ZIP],
        "sqlite": by_path[package.SQLITE],
        "tables": [
            {**by_path[package.table_path(table)], "name": table.name, "title": table.title, "description": table.description}
            for table in TABLES
        ],
    }


def package_url(path: str) -> str:
    if path.startswith("tables/"):
        return reverse("data_table", args=[path.removeprefix("tables/").removesuffix(".csv")])
    return reverse({package.DESCRIPTOR: "data_package", package.ZIP: "data_package_zip", package.SQLITE: "data_package_sqlite"}[path])
