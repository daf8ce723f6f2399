"""What readers and editors of citydip see while an operator breaks its cache or its database, under load.

Run: `.venv/bin/python bench/faults.py` (as root, for the PostgreSQL cluster of its own; about 4 minutes).
`--only Redis table` runs only the faults whose names start with those words, and only prints its table.

Everything it breaks is its own: a PostgreSQL cluster (tests/servers.py) loaded with a dump of the benchmark's
database citydip_bench_<scale> (bench/run.py makes it), a redis-server on a free port, and citydip under
gunicorn (4 workers) over them, as bench/run.py serves it. The machine's PostgreSQL and Redis are only read
from (the dump), never stopped or reconfigured.

For each fault, 8 readers request a mix of public pages as fast as they are answered (home, lists, detail
pages, searches, CSV and JSON exports; one request in eight a page nobody asked for before: a search, a filter
of the cities or its CSV export), while an editor signs in to the admin and saves an initiative every 1.5 s,
over HTTP as a browser does (the form as shown, its summary given a token of its own). Meanwhile the fault is
injected and lifted. Counted per fault: requests, 5xx by code, socket errors and timeouts (a response broken
off is an IncompleteRead), and saves the admin reported made (a redirect) whose token is not in the database
at the end ("data lost"). Checked on every response: a page of an edited record that, asked after the save
returned, does not show it (stale); a search for "climate" that says 0 results; a 503 without Retry-After.
Gunicorn's log is searched for 500s, responses broken off and worker timeouts. Prints a Markdown fault table
and writes it to bench/results/faults-<date>.md.
"""

import argparse
import hashlib
import http.client
import http.cookiejar
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import run as bench  # noqa: E402  (bench/run.py: prepare, environment, page_types)

from tests.servers import AppServer, PostgresCluster, RedisServer, postgres_bin  # noqa: E402

CONNECTIONS = 8
WORKERS = 4
EDIT_INTERVAL = 1.5
REQUEST_TIMEOUT = 40  # past gunicorn's 30 s worker timeout: a worker killed mid-request shows as a dropped connection
EDITOR, PASSWORD = "fault-editor", "fault-editor-" + "pw" * 10
COOL_OFF = 5  # citydip.core.redis_cache.COOL_OFF: how long a worker leaves a failed Redis alone


# The site: a database, a Redis and gunicorn of our own ------------------------------------------------------


@dataclass
class Site:
    folder: Path
    cluster: PostgresCluster
    redis: RedisServer
    app: AppServer | None = None
    log: Path | None = None
    initiatives: list = field(default_factory=list)  # [{"pk", "url"}], the editor's records
    pages: list = field(default_factory=list)
    editor: "AdminSession | None" = None

    @property
    def url(self) -> str:
        return self.app.url

    def database(self):
        return psycopg2.connect(host="127.0.0.1", port=self.cluster.port, user="postgres", dbname="citydip")

    def stop(self) -> None:
        if self.app:
            self.app.stop()
        self.redis.stop()
        self.cluster.remove()
        shutil.rmtree(self.folder, ignore_errors=True)


def load_database(cluster: PostgresCluster, scale: int) -> None:
    """citydip_bench_<scale> of the machine's PostgreSQL, copied into the cluster as database citydip."""
    admin = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE citydip")
    admin.close()
    source = urllib.parse.urlsplit(bench.POSTGRES)
    dump = subprocess.Popen([postgres_bin("pg_dump"), "-Fc", "-h", source.hostname, "-p", str(source.port or 5432),
                             "-U", source.username or "postgres", f"citydip_bench_{scale}"], stdout=subprocess.PIPE)
    subprocess.run([postgres_bin("pg_restore"), "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p", str(cluster.port),
                    "-U", "postgres", "-d", "citydip"], stdin=dump.stdout, check=True, timeout=600)
    dump.stdout.close()
    if dump.wait(60):
        raise RuntimeError("pg_dump failed")


RECORDS = """
import json
from django.contrib.auth.models import User
from initiatives.models import Initiative
User.objects.filter(username=%(name)r).delete()
User.objects.create_superuser(%(name)r, "editor@example.org", %(password)r)
rows = [{"pk": i.pk, "url": i.get_absolute_url()} for i in Initiative.objects.public().order_by("pk")[:12]]
print("RECORDS", json.dumps(rows))
"""


def prepare_records(env: dict) -> list[dict]:
    """Signs up the editor, and names the initiatives they will edit."""
    script = RECORDS % {"name": EDITOR, "password": PASSWORD}
    output = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True).stdout
    return json.loads(re.search(r"^RECORDS (.*)$", output, re.M).group(1))


def start_site(scale: int) -> Site:
    folder = Path(tempfile.mkdtemp(prefix="citydip-faults-"))
    site = Site(folder, PostgresCluster(), RedisServer(folder, "--save", "", "--appendonly", "no", "--dbfilename", "snapshot.rdb"))
    try:
        site.cluster.start()
        load_database(site.cluster, scale)
        site.redis.start()
        env = bench.environment(scale, cache=True) | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{site.cluster.port}/citydip", "REDIS_URL": site.redis.url}
        bench.manage("migrate", "--no-input", env=env)
        site.initiatives = prepare_records(env)
        site.app = AppServer(ROOT, env, workers=WORKERS).start()
        site.log = Path(site.app.log.name)  # gunicorn writes its log there itself (tests/servers.py)
        site.pages = [path for name, path in bench.page_types(scale).items() if name != "healthz"]
        site.pages += ["/initiatives/?format=csv", "/search/?q=climate&format=json"]
        site.editor = AdminSession(site.url)
        site.editor.login()
    except BaseException:
        site.stop()
        raise
    return site


# An editor in the admin, over HTTP --------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The name/value pairs a browser submits for the form `form_id` of a page."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = None  # [name, multiple, options, chosen]
        self.textarea = None  # [name, chunks]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append((attrs["name"], attrs.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self.select = [attrs.get("name"), "multiple" in attrs, [], []]
        elif tag == "option" and self.select:
            value = attrs.get("value") or ""
            self.select[2].append(value)
            if "selected" in attrs:
                self.select[3].append(value)
        elif tag == "textarea":
            self.textarea = [attrs.get("name"), []]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, options, chosen = self.select
            chosen = chosen or ([] if multiple else options[:1])
            self.fields += [(name, value) for value in chosen if name]
            self.select = None
        elif tag == "textarea" and self.textarea:
            text = "".join(self.textarea[1])
            self.fields.append((self.textarea[0], text[2:] if text.startswith("\r\n") else text.removeprefix("\n")))
            self.textarea = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the admin's redirect after a save is its answer: it is read, not followed


class AdminSession:
    """An editor's browser: signed in to the admin, saving an initiative as the change form shows it."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def request(self, path: str, data: list | None = None) -> tuple[int | None, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.url + path, body, timeout=REQUEST_TIMEOUT) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")
        except OSError as error:  # URLError, a timeout, a dropped connection
            return None, {}, type(getattr(error, "reason", error)).__name__

    def login(self) -> None:
        _, _, page = self.request("/admin/login/?next=/admin/")
        fields = dict(form_fields(page, "login-form")) | {"username": EDITOR, "password": PASSWORD}
        status, headers, _ = self.request("/admin/login/?next=/admin/", list(fields.items()))
        if status != 302 or headers.get("Location") != "/admin/":
            raise RuntimeError(f"the editor could not sign in: {status}")

    def save(self, pk: int, token: str) -> str:
        """Append `token` to the initiative's summary and press Save: "ok" when the admin says it saved."""
        path = f"/admin/initiatives/initiative/{pk}/change/"
        status, _, page = self.request(path)
        if status != 200:
            return f"form {status or page}"
        fields = [(name, value + f" {token}" if name == "summary" else value)
                  for name, value in form_fields(page, "initiative_form")]
        status, headers, page = self.request(path, fields + [("_save", "Save")])
        if status == 302 and not headers.get("Location", "").endswith("/change/"):
            return "ok"
        if status == 200:
            error = re.search(r'class="errornote">\s*([^<]*)|class="errorlist[^"]*"><li>([^<]*)', page)
            return f"refused: {' '.join(filter(None, error.groups())).strip()[:80] if error else 'form shown again'}"
        return f"save {status or page}"


class Freshness:
    """What each edited page must show once its save has returned, for the readers to check."""

    def __init__(self):
        self.expected = {}  # path -> (token, since)

    def expect(self, path: str, token: str) -> None:
        self.expected[path] = (token.encode(), time.monotonic())

    def stale(self, path: str, started: float, body: bytes) -> bool:
        token, since = self.expected.get(path, (None, None))
        return token is not None and started > since and token not in body


class EditorAtWork(threading.Thread):
    """Saves the initiative every EDIT_INTERVAL seconds, each time with a token of its own."""

    def __init__(self, session: AdminSession, record: dict, label: str, freshness: Freshness):
        super().__init__(daemon=True)
        self.session, self.record, self.label, self.freshness = session, record, label, freshness
        self.saves = []  # (token, outcome)
        self.halt = threading.Event()

    def run(self):
        for n in itertools.count(1):
            if self.halt.is_set():
                return
            token = f"[{self.label}#{n}]"
            outcome = self.session.save(self.record["pk"], token)
            self.saves.append((token, outcome))
            if outcome == "ok":
                self.freshness.expect(self.record["url"], token)
            self.halt.wait(EDIT_INTERVAL)

    def stop(self) -> list:
        self.halt.set()
        self.join(REQUEST_TIMEOUT * 2 + 5)
        return self.saves


# Readers: a load generator that keeps every answer's status, cache header and time ---------------------------


@dataclass
class Answer:
    at: float  # seconds since the load started
    path: str
    status: int | None  # None: no answer (error)
    error: str | None
    cache: str | None  # the X-Cache header
    seconds: float
    retry_after: bool


ASKED = itertools.count()  # numbers the requests of the whole run, so that no long-tail page is asked twice
EMPTY_SEARCH = re.compile(rb'result-count">0 results|^\{"count": 0,')  # HTML, JSON


class Load:
    """CONNECTIONS readers asking for `choose(n)` one after the other until stopped; what each got, kept."""

    def __init__(self, url: str, choose: Callable[[int], str], freshness: Freshness):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.choose, self.freshness = choose, freshness
        self.answers, self.stale, self.empty, self.unexpected_5xx = [], [], [], []
        self.marks = {}
        self.counter = ASKED
        self.halt = threading.Event()
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(CONNECTIONS)]

    def start(self) -> "Load":
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> list[Answer]:
        self.halt.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT + 5)
        return self.answers

    def now(self) -> float:
        return time.monotonic() - self.started

    def mark(self, name: str) -> None:
        self.marks[name] = self.now()

    def between(self, start: str | None, end: str | None) -> list[Answer]:
        low, high = self.marks.get(start, 0), self.marks.get(end, float("inf"))
        return [answer for answer in self.answers if low <= answer.at < high]

    def read(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        while not self.halt.is_set():
            path = self.choose(next(self.counter))
            started = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                self.answers.append(Answer(started - self.started, path, None, type(error).__name__, None,
                                           time.monotonic() - started, False))
                time.sleep(0.05)
                continue
            self.check(path, started, response, body)

    def check(self, path: str, started: float, response, body: bytes) -> None:
        status, cache = response.status, response.getheader("X-Cache")
        self.answers.append(Answer(started - self.started, path, status, None, cache, time.monotonic() - started,
                                   response.getheader("Retry-After") is not None))
        if status == 200 and self.freshness.stale(path, started, body):
            self.stale.append((path, cache, body[:200]))
        if status == 200 and path.startswith("/search/") and EMPTY_SEARCH.search(body):
            self.empty.append((path, cache))
        if status >= 500 and status != 503:
            self.unexpected_5xx.append((path, status, body[:300]))


def reading_mix(pages: list[str], watched: list[str]) -> Callable[[int], str]:
    """The public pages in turn, the watched ones (edited meanwhile) every fourth request, and every eighth a
    page of its own, made afresh: a search, a year range of the initiatives or a CSV export of that range (a
    filter on a value the base does not have is a 400, which no cache keeps)."""

    def choose(n: int) -> str:
        if n % 8 == 7:
            start = 1800 + n % 200
            years = f"year_from={start}&year_to={start + 1 + n // 200 % 100}"
            return [f"/search/?q=climate+or+zz{n}", f"/initiatives/?{years}", f"/initiatives/?format=csv&{years}"][n // 8 % 3]
        if n % 4 == 1:
            return watched[n // 4 % len(watched)]
        return pages[n % len(pages)]

    return choose


def flood(n: int) -> str:
    return f"/cities/?u={n}"


# The faults: each injects and lifts its fault while the load runs, and says what it saw -------------------------


def redis_info(site: Site, name: str, section: str = "memory") -> str:
    found = re.search(rf"^{name}:(\S+)", site.redis.cli("info", section), re.M)
    return found.group(1) if found else "?"


def hit_share(answers: list[Answer]) -> str:
    served = [answer for answer in answers if answer.status == 200]
    hits = sum(answer.cache == "hit" for answer in served)
    return f"{100 * hits / len(served):.0f} %" if served else "–"


def statuses(answers: list[Answer]) -> str:
    counts = Counter(answer.status or answer.error for answer in answers)
    return ", ".join(f"{status}×{count}" for status, count in counts.most_common()) or "none"


def latency(answers: list[Answer]) -> str:
    times = sorted(answer.seconds * 1000 for answer in answers)
    if not times:
        return "–"
    return f"p50 {statistics.median(times):.0f} ms, p99 {times[int(len(times) * 0.99) - 1 if len(times) > 1 else 0]:.0f} ms, max {times[-1]:.0f} ms"


def no_fault(site: Site, load: Load) -> list[str]:
    time.sleep(15)
    load.stop()  # what follows describes the load, ended
    return [f"hits {hit_share(load.answers)}", latency(load.answers)]


def redis_down(site: Site, load: Load) -> list[str]:
    time.sleep(3)
    site.redis.process.kill()  # a crash: SIGKILL, no shutdown
    site.redis.process.wait(10)
    load.mark("killed")
    time.sleep(8)
    site.redis.start()
    load.mark("restarted")
    time.sleep(COOL_OFF + 2)
    probes = [urllib.request.urlopen(site.url + "/cities/", timeout=10).headers.get("X-Cache") for _ in range(12)]
    load.stop()  # what follows describes the load, ended
    return [f"killed at +{load.marks['killed']:.0f} s, restarted at +{load.marks['restarted']:.0f} s",
            f"hits {hit_share(load.between(None, 'killed'))} before, {hit_share(load.between('killed', 'restarted'))} "
            f"down, {hit_share(load.between('restarted', None))} after",
            f"while down {latency(load.between('killed', 'restarted'))}",
            f"X-Cache of /cities/ {COOL_OFF + 2} s after restart: {probes.count('hit')}/12 hit"]


def redis_hung(site: Site, load: Load) -> list[str]:
    time.sleep(3)
    with site.redis.paused():
        load.mark("hung")
        time.sleep(10)
        load.mark("resumed")
    time.sleep(5)
    load.stop()  # what follows describes the load, ended
    return [f"SIGSTOP for 10 s: {latency(load.between('hung', 'resumed'))}",
            f"hits {hit_share(load.between('hung', 'resumed'))} hung, {hit_share(load.between('resumed', None))} after"]


def oom_refusals(site: Site) -> int:
    """How many commands Redis refused for want of memory since it started."""
    found = re.search(r"^errorstat_OOM:count=(\d+)", site.redis.cli("info", "errorstats"), re.M)
    return int(found.group(1)) if found else 0


def redis_full(site: Site, load: Load) -> list[str]:
    before = oom_refusals(site)
    time.sleep(2)
    site.redis.cli("config", "set", "maxmemory-policy", "noeviction")
    site.redis.cli("config", "set", "maxmemory", "1")  # below what it holds: every write is refused
    load.mark("full")
    time.sleep(13)
    refused = oom_refusals(site) - before
    site.redis.cli("config", "set", "maxmemory", "0")
    load.mark("freed")
    load.stop()  # what follows describes the load, ended
    return [f"maxmemory 1 byte, noeviction for 13 s: {refused} writes refused (OOM)",
            f"hits {hit_share(load.between('full', 'freed'))} while full", latency(load.between("full", "freed"))]


def snapshot(site: Site) -> None:
    """BGSAVE, waited for."""
    before = site.redis.cli("lastsave")
    site.redis.cli("bgsave")
    deadline = time.monotonic() + 30
    while site.redis.cli("lastsave") == before and time.monotonic() < deadline:
        time.sleep(0.1)
    if site.redis.cli("lastsave") == before:
        raise RuntimeError("BGSAVE did not finish")


def wait_loaded(site: Site, timeout: float = 30) -> None:
    """Until a restarted Redis has read its snapshot (before, it answers LOADING to every command)."""
    deadline = time.monotonic() + timeout
    while redis_info(site, "loading", "persistence") != "0" and time.monotonic() < deadline:
        time.sleep(0.05)


def stored_page(site: Site, path: str) -> bool:
    """Whether Redis holds the page (the key of citydip.core.caching.page_key, as Django's cache prefixes it)."""
    address = f"http://127.0.0.1:{site.app.port}{path}"
    key = f"citydip:1:citydip:page:GET:{hashlib.sha256(address.encode()).hexdigest()}"
    return site.redis.cli("exists", key) == "1"


def redis_old_snapshot(site: Site, load: Load) -> list[str]:
    target = site.initiatives[-1]
    time.sleep(3)  # the target's page, read every few requests, is cached by now
    cached_before = stored_page(site, target["url"])
    snapshot(site)
    token = "[snapshot-edit]"
    outcome = site.editor.save(target["pk"], token)
    if outcome == "ok":
        load.freshness.expect(target["url"], token)
    time.sleep(2)
    site.redis.stop()  # --save "": it leaves the snapshot as it was
    site.redis.start()
    load.mark("restarted")
    wait_loaded(site)
    restored, old_page_back = site.redis.cli("dbsize"), stored_page(site, target["url"])
    time.sleep(12)
    load.stop()  # what follows describes the load, ended
    after = [answer for answer in load.between("restarted", None) if answer.path == target["url"]]
    return [f"edit of {target['url']} after BGSAVE: {outcome}; page cached before: {cached_before}",
            f"restarted with {restored} keys from the snapshot, the pre-edit page among them: {old_page_back}",
            f"after restart {target['url']} asked {len(after)}× ({statuses(after)}, hits {hit_share(after)})"]


def database_down(site: Site, load: Load) -> list[str]:
    time.sleep(3)
    site.cluster.stop()  # pg_ctl stop -m immediate: a crash
    load.mark("stopped")
    time.sleep(8)
    load.mark("starting")
    site.cluster.start()  # pg_ctl start -w: returns once it accepts connections
    load.mark("started")
    time.sleep(7)
    load.stop()  # what follows describes the load, ended
    down, back = load.between("stopped", "starting"), load.between("starting", None)
    first_200 = min((answer.at for answer in back if answer.status == 200), default=None)
    recovered = f"{first_200 - load.marks['starting']:.1f} s" if first_200 is not None else "never"
    no_retry = sum(answer.status == 503 and not answer.retry_after for answer in load.answers)
    served = Counter(f"{answer.path} ({answer.cache}, +{answer.at - load.marks['stopped']:.2f} s)"
                     for answer in down if answer.status == 200)
    return [f"down {load.marks['starting'] - load.marks['stopped']:.0f} s: {statuses(down)}",
            *([f"200 while down: {counted(served)}"] if served else []),
            f"first 200 {recovered} after `pg_ctl start` began ({load.marks['started'] - load.marks['starting']:.1f} s); "
            f"503 without Retry-After: {no_retry}; searches answered with 0 results: {len(load.empty)}",
            f"once it accepts connections: {statuses(load.between('started', None))}"]


def unique_url_flood(site: Site, load: Load) -> list[str]:
    memory, keys = redis_info(site, "used_memory_human"), site.redis.cli("dbsize")
    time.sleep(15)
    load.stop()  # what follows describes the load, ended
    return [f"/cities/?u=1…{len(load.answers)}: {statuses(load.answers)}",
            f"Redis used_memory {memory} → {redis_info(site, 'used_memory_human')}, keys {keys} → {site.redis.cli('dbsize')}"]


def table_locked(site: Site, load: Load) -> list[str]:
    time.sleep(3)
    locker = site.database()
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE initiatives_city IN ACCESS EXCLUSIVE MODE")
        load.mark("locked")
        time.sleep(30)
    finally:
        locker.rollback()
        locker.close()
    load.mark("released")
    time.sleep(4)
    load.stop()  # what follows describes the load, ended
    locked = load.between("locked", "released")
    hits = [answer for answer in locked if answer.cache == "hit"]
    others = [answer for answer in locked if answer.cache != "hit"]
    new_lists = [answer for answer in locked if answer.path.startswith("/initiatives/?year_from=")]
    new_exports = [answer for answer in locked if answer.path.startswith("/initiatives/?format=csv&year_from=")]
    return [f"locked 30 s: {len(locked)} requests; cached {statuses(hits)} ({latency(hits)})",
            f"the rest {statuses(others)} ({latency(others)}), among them new /initiatives/?year_from= {statuses(new_lists)} "
            f"and their CSV {statuses(new_exports)}",
            f"after release: {statuses(load.between('released', None))}"]


@dataclass
class Fault:
    name: str
    inject: Callable[[Site, Load], list[str]]
    workload: Callable[[int], str] | None = None  # what the readers ask for, if not the reading mix


FAULTS = [
    Fault("none (baseline)", no_fault),
    Fault("Redis down (killed, restarted)", redis_down),
    Fault("Redis hung (SIGSTOP 10 s)", redis_hung),
    Fault("Redis full (noeviction)", redis_full),
    Fault("Redis restarted from an old snapshot", redis_old_snapshot),
    Fault("PostgreSQL down (stopped, restarted)", database_down),
    Fault("unique-URL flood (?u=N on /cities/)", unique_url_flood, flood),
    Fault("table lock 30 s (initiatives_city)", table_locked),
]


# Measuring, checking, reporting ----------------------------------------------------------------------------------


@dataclass
class Measured:
    fault: Fault
    load: Load
    notes: list[str]
    saves: list[tuple[str, str]]  # (token, outcome)
    pk: int
    log: str
    seconds: float
    lost: list[str] = field(default_factory=list)
    saved_after_failing: list[str] = field(default_factory=list)


def measure(site: Site, index: int, fault: Fault) -> Measured:
    """The fault injected and lifted under the readers' load and the editor's saves."""
    record, freshness = site.initiatives[index], Freshness()
    watched = [record["url"], site.initiatives[-1]["url"]]
    load = Load(site.url, fault.workload or reading_mix(site.pages, watched), freshness)
    editor = EditorAtWork(site.editor, record, f"f{index}", freshness)
    offset, started = site.log.stat().st_size, time.monotonic()
    load.start()
    editor.start()
    try:
        notes = fault.inject(site, load)
    finally:
        saves = editor.stop()
        load.stop()
    with site.log.open("rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", "replace")
    return Measured(fault, load, notes, saves, record["pk"], text, time.monotonic() - started)


def settle(site: Site, timeout: float = 60) -> None:
    """Until /readyz/ says the database and the cache answer, and a breaker's cool-off has passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(site.url + "/readyz/", timeout=5) as response:
                if json.load(response).get("status") == "ok":
                    time.sleep(COOL_OFF + 1)
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError("the site did not recover")


def warm(site: Site) -> None:
    """Every page of the mix made once, so that the baseline is a cached site's."""
    for path in site.pages + [record["url"] for record in site.initiatives]:
        urllib.request.urlopen(site.url + path, timeout=60).read()


def check_saves(site: Site, results: list[Measured]) -> None:
    """Data lost: saves the admin reported made whose token is not in the summary now; and the reverse."""
    with site.database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, summary FROM initiatives_initiative WHERE id = ANY(%s)", [[r.pk for r in results]])
        summaries = dict(cursor.fetchall())
    for result in results:
        stored = summaries.get(result.pk, "")
        result.lost = [token for token, outcome in result.saves if outcome == "ok" and token not in stored]
        result.saved_after_failing = [token for token, outcome in result.saves if outcome != "ok" and token in stored]


LOG_EVENTS = {"worker timeouts": "WORKER TIMEOUT", "500s logged": "Internal Server Error:", "503s logged": "Service Unavailable:",
              "responses broken off": "Error handling request"}


def log_counts(log: str) -> dict[str, int]:
    return {name: log.count(text) for name, text in LOG_EVENTS.items()}


NEXT_RECORD = re.compile(r"^(?:Internal Server Error:|Service Unavailable:|Redis cache|\[\d{4}-)")


def first_traceback(log: str, marker: str) -> str:
    """The first record of the log that starts with `marker`, with its traceback (up to the log's next record,
    without the ^^^ lines, 40 lines at most)."""
    start = log.find(marker)
    if start < 0:
        return ""
    start = log.rfind("\n", 0, start) + 1
    lines = log[start:].splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if NEXT_RECORD.match(line)), len(lines))
    return "\n".join([line for line in lines[:end] if line.strip(" ^~")][:40])


def counted(counts: Counter) -> str:
    return ", ".join(f"{key}×{count}" for key, count in counts.most_common())


def row(result: Measured) -> str:
    answers = result.load.answers
    server_errors = Counter(a.status for a in answers if a.status and a.status >= 500)
    socket_errors = Counter(a.error for a in answers if a.error)
    client_errors = Counter(a.status for a in answers if a.status and 400 <= a.status < 500)
    made = sum(outcome == "ok" for _, outcome in result.saves)
    logged = log_counts(result.log)
    notes = [*result.notes, f"stale {len(result.load.stale)}", f"worker timeouts {logged['worker timeouts']}"]
    if result.load.empty:
        notes.append(f"empty searches served {len(result.load.empty)}")
    if client_errors:
        notes.append(f"4xx {counted(client_errors)}")
    if logged["500s logged"]:
        notes.append(f"500s in gunicorn's log {logged['500s logged']}")
    if logged["responses broken off"]:
        notes.append(f"responses broken off after their headers (gunicorn: Error handling request) {logged['responses broken off']}")
    cells = [
        result.fault.name, str(len(answers)),
        f"{sum(server_errors.values())} ({counted(server_errors)})" if server_errors else "0",
        counted(socket_errors) or "0",
        f"{len(result.lost)} ({made} saved, {len(result.saves) - made} failed)",
        "; ".join(notes),
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def details(result: Measured) -> list[str]:
    """What a reader of the table would ask next: why saves failed, which responses were wrong."""
    lines = [f"- **{result.fault.name}** ({result.seconds:.0f} s): saves {counted(Counter(o for _, o in result.saves)) or 'none'}"]
    if result.saved_after_failing:
        lines.append(f"  - reported failed but in the database: {', '.join(result.saved_after_failing)}")
    if result.lost:
        lines.append(f"  - reported saved but not in the database: {', '.join(result.lost)}")
    for path, status, body in result.load.unexpected_5xx[:3]:
        lines.append(f"  - {status} for `{path}`: `{body[:160].decode('utf-8', 'replace')!r}`")
    for answer in [answer for answer in result.load.answers if answer.error][:3]:
        lines.append(f"  - {answer.error} for `{answer.path}` at +{answer.at:.1f} s, after {answer.seconds:.1f} s")
    for path, cache, body in result.load.stale[:3]:
        lines.append(f"  - stale `{path}` (X-Cache {cache}): `{body[:120].decode('utf-8', 'replace')!r}`")
    for path, cache in result.load.empty[:3]:
        lines.append(f"  - empty search `{path}` (X-Cache {cache})")
    for marker in (LOG_EVENTS["500s logged"], LOG_EVENTS["responses broken off"]):
        if traceback := first_traceback(result.log, marker):
            lines += ["", "  ```", *("  " + line for line in traceback.splitlines()), "  ```", ""]
    return lines


def report(results: list[Measured], scale: int, seconds: float) -> str:
    machine = f"{os.cpu_count()} cores, load average {os.getloadavg()[1]:.1f} over the last 5 min"
    lines = [
        f"## Faults under load, {date.today().isoformat()} (scale {scale}, {machine}, gunicorn {WORKERS} workers, "
        f"{CONNECTIONS} readers, an editor saving every {EDIT_INTERVAL} s through the admin; run {seconds / 60:.1f} min)",
        "",
        "| fault | requests | 5xx | other errors | data lost | notes |",
        "|---|---:|---|---|---|---|",
        *(row(result) for result in results),
        "",
        "Details:",
        "",
    ]
    for result in results:
        lines += details(result)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="the benchmark database to copy (citydip_bench_<scale>)")
    parser.add_argument("--only", nargs="*", help="run only the faults whose names start with these words")
    args = parser.parse_args()
    started = time.monotonic()
    if args.scale == 1:
        bench.prepare(1)  # made if missing; a larger scale must already be there (it takes long to build)
    site = start_site(args.scale)
    results = []
    try:
        warm(site)
        for index, fault in enumerate(FAULTS):
            if args.only and not any(fault.name.startswith(word) for word in args.only):
                continue
            settle(site)
            print(f"{fault.name} …", flush=True)
            results.append(measure(site, index, fault))
            print(row(results[-1]), flush=True)
        settle(site)
        check_saves(site, results)
    finally:
        site.stop()
    text = report(results, args.scale, time.monotonic() - started)
    if not args.only:  # a partial run is printed only
        (ROOT / "bench" / "results" / f"faults-{date.today().isoformat()}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
