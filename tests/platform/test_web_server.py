"""`osu serve` and `osu run` serve with several processes and take many connections at once.

Seen with waitress: above 100 connections new ones were not taken, and the log wrote a line per
queued request. Now gunicorn's processes keep every connection in a poller and log nothing per
request; `osu run` runs its background worker in exactly one process.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from osunited.platform.server import stop_process
from tests.services import current_database_url

REPO = Path(__file__).resolve().parents[2]
OSU = Path(sys.executable).parent / "osu"
CONNECTIONS = 150
# Only the tests served from the test database open it: `osu run` with nothing configured uses
# its own embedded database, the same on either run of the suite (so it runs once).
served_from_the_test_database = pytest.mark.django_db(transaction=True)
# /healthz answers 503 while no worker has beaten: either way, the request was served.
STATUS_LINES = {b"HTTP/1.1 200 OK", b"HTTP/1.1 503 Service Unavailable"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, command: list[str], environment: dict[str, str], port: int) -> None:
        self.port = port
        self.process = subprocess.Popen(
            command, env=environment, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.lines: list[str] = []
        assert self.process.stdout is not None
        reader = (line.decode(errors="replace") for line in self.process.stdout)
        threading.Thread(target=self.lines.extend, args=(reader,), daemon=True).start()

    def wait_until_listening(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("the server stopped:\n" + self.log)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError("nothing listens:\n" + self.log)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()


def environment_for(database_url: str | None, **extra: str) -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **extra}
    if database_url is None:  # `osu run` with nothing configured, as `make run`
        for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL"):
            environment.pop(name, None)
    else:
        environment.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="tests.settings")
    return environment


@pytest.fixture(scope="module")
def served(django_db_setup: None) -> Iterator[Server]:
    port = free_port()
    command = [str(OSU), "serve", "--host", "127.0.0.1", "--port", str(port), "--processes", "2"]
    server = Server(command, environment_for(current_database_url()), port)
    try:
        server.wait_until_listening()
        yield server
    finally:
        server.stop()


def open_connection(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def ask_healthz(client: socket.socket) -> bytes:
    client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return client.recv(65536)


@served_from_the_test_database
def test_it_serves_with_two_processes_and_no_log_line_per_request(served: Server) -> None:
    with open_connection(served.port) as client:
        assert ask_healthz(client).startswith(b"HTTP/1.1 ")

    assert served.log.count("Booting worker with pid") == 2
    assert "/healthz" not in served.log


@served_from_the_test_database
def test_it_answers_many_more_than_a_hundred_connections_held_open_at_once(
    served: Server,
) -> None:
    clients = [open_connection(served.port) for _ in range(CONNECTIONS)]
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            answers = list(pool.map(ask_healthz, clients))  # all stay open meanwhile
    finally:
        for client in clients:
            client.close()

    assert len(answers) == CONNECTIONS
    assert {answer.split(b"\r\n")[0] for answer in answers} <= STATUS_LINES
    assert "queue depth" not in served.log
    assert "/healthz" not in served.log


def test_osu_run_runs_one_background_worker_beside_its_web_processes(tmp_path: Path) -> None:
    port = free_port()
    command = [str(OSU), "run", "--port", str(port), "--processes", "2"]
    server = Server(command, environment_for(None, OSU_VAR_DIR=str(tmp_path)), port)
    try:
        server.wait_until_listening()
        deadline = time.monotonic() + 60
        while "beat: Starting" not in server.log and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        server.stop()

    assert server.log.count("Booting worker with pid") == 2
    assert server.log.count("beat: Starting") == 1
    assert server.log.count("Connected to filesystem") == 1
    assert_no_process_left(server.process.pid)


def assert_no_process_left(parent: int) -> None:
    deadline = time.monotonic() + 10
    while children_of(parent) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert children_of(parent) == []


def children_of(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def test_stopping_the_background_process_does_not_wait_for_ever_on_a_long_task() -> None:
    # Seen in a test run: `osu run` took more than 30 s to stop, its embedded worker finishing a
    # scan of the demo data on SIGTERM. A scan's lease lets the next start queue it again.
    pid = os.fork()
    if pid == 0:  # a process that ignores SIGTERM, like a worker in a warm shutdown
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)
        os._exit(0)
    time.sleep(0.2)
    started = time.monotonic()

    stop_process(pid, grace_seconds=0.5)

    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
