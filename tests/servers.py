"""Servers a test starts, and stops, itself: never the machine's own (its Redis and PostgreSQL stay up)."""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class RedisServer:
    """A redis-server of the test's own, on a free port, in a folder of its own; stopped by its PID."""

    def __init__(self, folder: Path, *options: str):
        self.folder = folder
        self.port = free_port()
        self.options = options
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
                   "--logfile", str(self.folder / "redis.log"), *self.options]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server cannot stop
            self.process.terminate()
            self.process.wait(10)

    def cli(self, *args: str) -> str:
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10)
        return result.stdout.strip()

    @contextmanager
    def paused(self):
        """Hung: the server holds its connections but answers nothing (SIGSTOP), until SIGCONT."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)


def postgres_bin(name: str) -> str:
    [folder] = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1:]
    return str(folder / name)


class PostgresCluster:
    """A PostgreSQL cluster of the test's own (initdb on a free port, run as the postgres user, as PostgreSQL
    asks, in a folder that user may enter), so that a test can stop it without touching the machine's."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="citydip-postgres-"))
        self.folder.chmod(0o777)
        self.data = self.folder / "pgdata"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=120)

    def start(self) -> "PostgresCluster":
        if not self.data.exists():
            self.run(postgres_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "pg.log"), "-w", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class AppServer:
    """citydip under gunicorn, as `make serve` runs it, with the environment given."""

    def __init__(self, root: Path, env: dict, workers: int = 2):
        self.root = root
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppServer":
        command = [str(self.root / ".venv" / "bin" / "gunicorn"), "citydip.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5"]
        # Its log to a file: a pipe nobody reads fills up with the tracebacks of a fault and stalls the server.
        self.log = tempfile.NamedTemporaryFile(prefix="citydip-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(command, cwd=self.root, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log)
        wait_for_port(self.port, timeout=30)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if getattr(self, "log", None):
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)
