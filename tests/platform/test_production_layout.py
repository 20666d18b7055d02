"""The production layout of docs/deploy.md, started from deploy/Procfile: two web nodes behind
nginx, a Celery worker and the scheduler, on PostgreSQL and Redis (broker and shared cache).

Docker cannot run here, so the Procfile is the layout's equivalent that a test starts: each of its
lines is a machine's process in production. The test reads the file as a Procfile runner would.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.utils import timezone

from osunited.catalog.models import Project, Scan, ScanStatus
from tests.catalog.repos import commit, days_ago
from tests.factories import ProjectFactory
from tests.services import current_database_url, redis_url

REPO = Path(__file__).resolve().parents[2]
PROCFILE = REPO / "deploy" / "Procfile"
BROKER_DATABASE, CACHE_DATABASE = 2, 3  # of this test process's Redis databases
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

NGINX_CONF = """
daemon off;
master_process off;
pid nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path body;
    proxy_temp_path proxy;
    fastcgi_temp_path fastcgi;
    uwsgi_temp_path uwsgi;
    scgi_temp_path scgi;
    upstream osunited {{ server 127.0.0.1:{web1}; server 127.0.0.1:{web2}; }}
    server {{
        listen 127.0.0.1:{proxy};
        location / {{
            proxy_pass http://osunited;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def procfile_commands(environment: dict[str, str]) -> dict[str, list[str]]:
    """name: command lines, with ${VARIABLES} from the environment, as a Procfile runner reads."""
    commands = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            expanded = re.sub(r"\$\{(\w+)\}", lambda m: environment[m.group(1)], command)
            commands[name.strip()] = shlex.split(expanded)
    return commands


def layout_environment(folder: Path) -> dict[str, str]:
    for database in (BROKER_DATABASE, CACHE_DATABASE):
        redis.Redis.from_url(redis_url(database)).flushdb()
    proxy_dir = folder / "proxy"
    proxy_dir.mkdir()
    (folder / "var" / "static").mkdir(parents=True)  # OSU_VAR_DIR, made at installation
    ports = {name: str(free_port()) for name in ("WEB1_PORT", "WEB2_PORT", "PROXY_PORT")}
    (proxy_dir / "nginx.conf").write_text(
        NGINX_CONF.format(
            web1=ports["WEB1_PORT"], web2=ports["WEB2_PORT"], proxy=ports["PROXY_PORT"]
        )
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        PATH=f"{Path(sys.executable).parent}:/usr/sbin:{os.environ.get('PATH', '')}",
        DATABASE_URL=current_database_url(),
        CELERY_BROKER_URL=redis_url(BROKER_DATABASE),
        OSU_CACHE_URL=redis_url(CACHE_DATABASE),
        OSU_SECRET_KEY="the-same-key-on-every-node",
        OSU_VAR_DIR=str(folder / "var"),
        OSU_HTTPS="0",
        OSU_COMPRESS_STATIC="0",
        OSU_TRUSTED_PROXY="127.0.0.1",
        OSU_HEARTBEAT_SECONDS="1",
        OSU_SCAN_LOCAL_ROOTS=str(folder),
        PROXY_DIR=str(proxy_dir),
        **ports,
    )
    return environment


@pytest.fixture
def layout(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:" + os.environ["PATH"]) is None:
        pytest.fail("nginx is not installed: run `make test`, which installs it.")
    environment = layout_environment(tmp_path)
    processes = []
    try:
        for name, command in procfile_commands(environment).items():
            with (tmp_path / f"{name}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(command, env=environment, stdout=log, stderr=log, cwd=REPO)
                )
        for port in ("WEB1_PORT", "WEB2_PORT", "PROXY_PORT"):
            wait_until(lambda p=int(environment[port]): listening(p), f"{port}", tmp_path)
        yield f"http://127.0.0.1:{environment['PROXY_PORT']}", tmp_path
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(
    condition: Callable[[], object], what: str, folder: Path, seconds: float = 90
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in folder.glob("*.log"))
    raise AssertionError(f"Timed out waiting for {what}.\n{logs}")


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
        return answer.read().decode(), answer.headers.get("X-Upstream", "")


def healthz(base: str) -> str:
    try:
        return get(base + "/healthz")[0]
    except OSError:
        return ""


def queue_scan(project: Project) -> Scan:
    """What a web node does when a scan is asked for: a queued row, then its task on Redis."""
    scan = Scan.objects.create(
        project=project,
        repository=project.repositories.get(),
        trigger="on_demand",
        heartbeat_at=timezone.now(),
    )
    client = Celery("test-client", broker=redis_url(BROKER_DATABASE), set_as_current=False)
    try:
        client.send_task("osunited.catalog.tasks.run_scan", args=[scan.pk])
    finally:
        client.close()
    return scan


@pytest.mark.postgresql  # the production layout runs on PostgreSQL
def test_the_procfile_layout_serves_through_nginx_runs_scans_and_shares_its_cache(
    layout: tuple[str, Path],
) -> None:
    base, folder = layout
    wait_until(lambda: '"worker": "ok"' in healthz(base), "the worker's heartbeat", folder)
    upstreams = {get(base + "/healthz")[1] for _ in range(6)}
    assert len(upstreams) == 2  # both web nodes answer

    repository = folder / "survey"
    commit(repository, {"README.md": "# Survey\n", "LICENSE": "MIT License\n"}, when=days_ago(2))
    project = ProjectFactory(
        name="Survey", status="published", repositories=[f"file://{repository}"]
    )
    for _ in range(4):  # kept in Redis by whichever node renders it first
        assert "Not scanned yet." in get(base + "/catalog/survey/")[0]

    scan = queue_scan(project)
    wait_until(
        lambda: Scan.objects.get(pk=scan.pk).status == ScanStatus.SUCCEEDED, "the scan", folder
    )
    for _ in range(4):  # both nodes show it at once: the worker renewed the shared generation
        page = get(base + "/catalog/survey/")[0]
        assert "Not scanned yet." not in page
        assert "License found" in page
