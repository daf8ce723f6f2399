"""citydip's benchmark: `make bench` (or `python bench/run.py --scales 1 100 1000`).

For each scale, on PostgreSQL (database citydip_bench_<scale>, made once and reused): the curated records
plus `synthesize --scale N-1`, served by gunicorn as `make serve` does, with Redis for the cache. For each
page type, requests/s and p50/p95/p99 latency at a fixed concurrency, with the page cache off (cold) and
warm, beside /healthz/ measured in the same run; search latency for a fixed set of queries; the size of the
database; a load test of 50 readers for 60 s across all page types; and readers over a long tail of
distinct pages (records, facet combinations, searches) for 30 s, first alone, then while an editor saves a
record every 2 s (bench/editor.py). Loopback only, bounded in time.
Prints a Markdown table and writes it to bench/results/.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.servers import free_port  # noqa: E402 — the repository's root, on the path just above

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
CONCURRENCY, DURATION = 8, "4s"
SEARCHES = ["climate", "Los Angeles", "WhatsApp", '"green hydrogen"', "mayors -C40", "hydrog", "migration or housing",
            "pact", "summit Copenhagen", "resilience"]


def page_types(scale):
    synthetic = scale > 1
    return {
        "healthz": "/healthz/",
        "home": "/",
        "articles": "/articles/",
        "articles filtered": "/articles/?topic=climate",
        "article": "/articles/cities-are-transforming-us-foreign-policy/",
        "authors": "/authors/",
        "author": "/authors/nina-hachigian/",
        "cities": "/cities/",
        "cities filtered": "/cities/?region=europe",
        "city": "/cities/los-angeles/" if not synthetic else "/cities/syn-city-7/",
        "networks": "/networks/",
        "network": "/networks/c40-cities/",
        "initiatives": "/initiatives/",
        "initiatives filtered": "/initiatives/?topic=climate&city=los-angeles",
        "initiative": "/initiatives/mexla/",
        "topics": "/topics/",
        "topic": "/topics/climate/",
        "search": "/search/?q=climate",
        "map": "/map/",
        "graph": "/graph/",
        "timeline": "/initiatives/timeline/",
        "export csv": "/initiatives/?format=csv&topic=climate",
        "json": "/cities/?format=json",
        "feed": "/feeds/articles/",
    }


def environment(scale, cache):
    return {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DATABASE_URL": f"{POSTGRES}/citydip_bench_{scale}", "REDIS_URL": REDIS_URL, "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "k3y" * 16, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "CITYDIP_PAGE_CACHE": "1" if cache else "0",
    }


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(scale):
    """The database for this scale, made once: migrate, seed, synthesize."""
    admin = psycopg2.connect(f"{POSTGRES}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"citydip_bench_{scale}"])
        exists = cursor.fetchone()
        if not exists:
            cursor.execute(f"CREATE DATABASE citydip_bench_{scale}")
    env = environment(scale, cache=False)
    manage("migrate", "--no-input", env=env)
    manage("collectstatic", "--no-input", env=env)
    if not exists:
        manage("seed", env=env)
        if scale > 1:
            started = time.monotonic()
            manage("synthesize", "--scale", str(scale - 1), env=env)
            print(f"  synthesized scale {scale} in {time.monotonic() - started:.0f} s", flush=True)
    manage("build_datasets", env=env)  # as `make serve` does before it serves
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(%s))", [f"citydip_bench_{scale}"])
        size = cursor.fetchone()[0]
    admin.close()
    return size


class Server:
    def __init__(self, scale, cache, workers=4):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "citydip.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), *os.environ.get("BENCH_GUNICORN", "").split()],
            cwd=ROOT, env=environment(scale, cache), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{self.url}/healthz/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url, paths, connections=CONCURRENCY, duration=DURATION):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "30s", "-s", str(ROOT / "bench" / "paths.lua"), url],
        env={**os.environ, "PATHS": " ".join(paths)}, capture_output=True, text=True, timeout=600,
    ).stdout
    found = re.search(r"RESULT (.*)", output)
    return {key: float(value) for key, value in (pair.split("=") for pair in found.group(1).split())}


def measure_pages(server, pages, warm):
    results = {}
    for name, path in pages.items():
        if warm:
            urllib.request.urlopen(server.url + path, timeout=120).read()
        results[name] = wrk(server.url, [path])
    # /healthz/ again at the end: the faster of its two runs is the reference, so that a slow first run (the
    # workers warming up) cannot flatter the pages' ratios.
    again = wrk(server.url, [pages["healthz"]])
    results["healthz"] = max(results["healthz"], again, key=lambda run: run["rps"])
    return results


EDIT_INTERVAL, TAIL_DURATION = 2, 30


def long_tail(scale, limit=381):
    """Distinct pages a site's readers spread over: record pages, facet combinations and searches."""
    env = environment(scale, cache=False)
    script = (
        "from initiatives.models import City, Initiative, Network; from articles.models import Article, Topic\n"
        "rows = [c.get_absolute_url() for c in City.objects.order_by('pk')[:120]]\n"
        "rows += [i.get_absolute_url() for i in Initiative.objects.public().order_by('pk')[:120]]\n"
        "rows += [n.get_absolute_url() for n in Network.objects.order_by('pk')[:30]]\n"
        "rows += [a.get_absolute_url() for a in Article.objects.published().order_by('pk')[:30]]\n"
        "rows += [f'/initiatives/?topic={t.slug}' for t in Topic.objects.all()]\n"
        "rows += [f'/cities/?region={r}' for r in ('europe', 'asia', 'africa', 'north-america')]\n"
        "rows += [f'/search/?q={w}' for w in ('climate', 'migration', 'mayors', 'health', 'pact', 'summit')]\n"
        "print(' '.join(rows))\n"
    )
    output = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True).stdout
    return [path for path in output.split() if path.startswith("/")][:limit]  # not the shell's own greeting


def with_and_without_edits(server, scale):
    """Requests/s and p95 over the long tail, alone and while an editor saves every EDIT_INTERVAL seconds."""
    paths = long_tail(scale)
    wrk(server.url, paths, duration="10s")  # warm: every page made once
    alone = wrk(server.url, paths, duration=f"{TAIL_DURATION}s")
    editor = subprocess.Popen([sys.executable, str(ROOT / "bench" / "editor.py"), str(EDIT_INTERVAL), str(TAIL_DURATION)],
                              cwd=ROOT, env=environment(scale, cache=True), stdout=subprocess.PIPE, text=True)
    edited = wrk(server.url, paths, duration=f"{TAIL_DURATION}s")
    edits = int(re.search(r"EDITS (\d+)", editor.communicate(timeout=120)[0]).group(1))
    return {"pages": len(paths), "alone": alone, "edited": edited, "edits": edits}


def cached_page_during_exports(server, scale):
    """Latency of the cached home page, asked every 0.2 s by one reader, while 50 others download exports: the
    files of /data/ and the listings' CSV and JSON for every topic and region (each made once, then kept)."""
    exports = [f"/data/{name}.{export}" for name in ("articles", "initiatives", "cities", "networks") for export in ("csv", "json")]
    exports += [path.replace("?", "?format=csv&") for path in long_tail(scale) if path.startswith(("/initiatives/?", "/cities/?"))]
    urllib.request.urlopen(server.url + "/", timeout=60).read()
    load = subprocess.Popen(
        ["wrk", "-t2", "-c50", "-d20s", "--timeout", "30s", "-s", str(ROOT / "bench" / "paths.lua"), server.url],
        env={**os.environ, "PATHS": " ".join(exports)}, stdout=subprocess.PIPE, text=True,
    )
    timings = []
    time.sleep(1)
    while load.poll() is None:
        started = time.perf_counter()
        urllib.request.urlopen(server.url + "/", timeout=60).read()
        timings.append((time.perf_counter() - started) * 1000)
        time.sleep(0.2)
    found = re.search(r"RESULT (.*)", load.communicate()[0])
    exported = {key: float(value) for key, value in (pair.split("=") for pair in found.group(1).split())}
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[int(len(timings) * 0.95) - 1], "max": timings[-1],
            "exports": exported}


def search_latency(server):
    for query in SEARCHES:  # untimed: each worker's first request opens its database connection
        urllib.request.urlopen(f"{server.url}/search/?q={urllib.parse.quote(query)}", timeout=60).read()
    timings = []
    for _ in range(3):
        for query in SEARCHES:
            started = time.perf_counter()
            urllib.request.urlopen(f"{server.url}/search/?q={urllib.parse.quote(query)}", timeout=60).read()
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def bench(scale):
    print(f"scale {scale}: preparing", flush=True)
    size = prepare(scale)
    pages = page_types(scale)
    rows = {}
    for warm in (False, True):
        server = Server(scale, cache=warm)
        try:
            print(f"scale {scale}: {'warm' if warm else 'cold'} pages", flush=True)
            rows["warm" if warm else "cold"] = measure_pages(server, pages, warm)
            if not warm:
                rows["search"] = search_latency(server)
            else:
                print(f"scale {scale}: load test, 50 readers for 60 s", flush=True)
                rows["load"] = wrk(server.url, list(pages.values()), connections=50, duration="60s")
                print(f"scale {scale}: a long tail of pages, without and with an editor at work", flush=True)
                rows["churn"] = with_and_without_edits(server, scale)
                print(f"scale {scale}: the cached home page while 50 readers download exports", flush=True)
                rows["exports"] = cached_page_during_exports(server, scale)
        finally:
            server.stop()
    return {"scale": scale, "size": size, **rows}


def table(result):
    cold, warm = result["cold"], result["warm"]
    lines = [
        f"### Scale {result['scale']} — database {result['size']}",
        "",
        "| page | cold req/s | cold p50/p95/p99 ms | × healthz | warm req/s | warm p50/p95/p99 ms | × healthz |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in cold:
        c, w = cold[name], warm[name]
        lines.append(
            f"| {name} | {c['rps']:.0f} | {c['p50']:.1f} / {c['p95']:.1f} / {c['p99']:.1f} | {c['rps'] / cold['healthz']['rps']:.2f} "
            f"| {w['rps']:.0f} | {w['p50']:.1f} / {w['p95']:.1f} / {w['p99']:.1f} | {w['rps'] / warm['healthz']['rps']:.2f} |"
        )
    p50, p95 = result["search"]
    load = result["load"]
    lines += [
        "",
        f"Search latency over {len(SEARCHES)} queries × 3 (uncached): p50 {p50:.1f} ms, p95 {p95:.1f} ms.",
        f"Load test, 50 readers for 60 s across all page types (cache warm): {load['requests']:.0f} requests, "
        f"{load['rps']:.0f} req/s, p99 {load['p99']:.0f} ms, {load['errors']:.0f} errors, {load['non2xx']:.0f} non-2xx.",
        churn_line(result["churn"]),
        exports_line(result["exports"]),
        "",
    ]
    return "\n".join(lines)


def churn_line(churn):
    alone, edited = churn["alone"], churn["edited"]
    return (
        f"Long tail of {churn['pages']} distinct pages, {CONCURRENCY} readers × {TAIL_DURATION} s (cache on): "
        f"{alone['rps']:.0f} req/s, p95 {alone['p95']:.0f} ms alone; {edited['rps']:.0f} req/s "
        f"({edited['rps'] / alone['rps']:.2f}×), p95 {edited['p95']:.0f} ms while an editor saved {churn['edits']} "
        f"records (one every {EDIT_INTERVAL} s); {edited['errors'] + edited['non2xx']:.0f} errors and non-2xx."
    )


def exports_line(exports):
    load = exports["exports"]
    return (
        f"Cached home page while 50 readers download exports for 20 s ({load['requests']:.0f} exports, "
        f"{load['errors'] + load['non2xx']:.0f} errors and non-2xx): p50 {exports['p50']:.1f} ms, "
        f"p95 {exports['p95']:.1f} ms, slowest {exports['max']:.1f} ms."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100, 1000])
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    machine = f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30} GiB"
    report = [f"## Benchmark of {date.today().isoformat()} ({machine}, gunicorn 4 workers, PostgreSQL, Redis, wrk -c{CONCURRENCY} {DURATION} per page)", ""]
    for scale in args.scales:
        report.append(table(bench(scale)))
        print(report[-1], flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{date.today().isoformat()}.md").write_text("\n".join(report))
    print("\n".join(report))


if __name__ == "__main__":
    main()
