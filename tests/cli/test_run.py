"""`osu run --demo` as `make run` starts it: embedded database, broker and worker, demo logins."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from osunited.cli import main

OSU = Path(sys.executable).parent / "osu"
# The embedded mode must work with nothing configured: drop what the test run sets.
UNSET = {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_platform(var_dir: Path) -> Iterator[tuple[str, list[str]]]:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in UNSET}
    environment.update(OSU_VAR_DIR=str(var_dir), PORT=str(port), OSU_HEARTBEAT_SECONDS="2")
    process = subprocess.Popen(
        [str(OSU), "run", "--demo"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Demo logins" in line:
                break
        else:
            raise AssertionError("osu run stopped:\n" + "".join(lines))
        # Keep reading, so that a full pipe never blocks the server's logging.
        threading.Thread(target=lines.extend, args=(process.stdout,), daemon=True).start()
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", lines
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)  # gunicorn's graceful stop (30 s at most), then the worker's
        except subprocess.TimeoutExpired:
            process.kill()  # never left running behind a failed test
            process.wait()
            raise
        finally:
            assert process.stdout is not None
            process.stdout.close()


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def wait_for_worker(base: str) -> dict[str, str]:
    deadline = time.monotonic() + 30
    while True:
        with urllib.request.urlopen(base + "/healthz") as response:  # noqa: S310
            health = json.load(response)
        if health["worker"] == "ok" or time.monotonic() > deadline:
            return health
        time.sleep(0.5)


def sign_in(base: str, email: str, password: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(  # noqa: S310
        base + "/accounts/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": base + "/accounts/login/"},
    )
    opener.open(request)
    return opener


def test_osu_run_serves_the_platform_with_a_worker_and_working_demo_logins_then_reuses_them(
    tmp_path: Path,
) -> None:
    """One test for both starts: each start loads or checks the whole demo, the slowest thing a
    test here can do."""
    with running_platform(tmp_path) as (base, output):
        with urllib.request.urlopen(base + "/") as response:  # noqa: S310
            assert response.status == 200
            assert "Open Source" in response.read().decode()
        assert wait_for_worker(base)["worker"] == "ok"
        password = re.search(r"password for all: (\S+)\)", "".join(output))
        assert password is not None
        opener = sign_in(base, "contributor@example.org", password.group(1))
        me = opener.open(base + "/me/").read().decode()
        assert "contributor@example.org" in me
        assert "External user" in me
        admin = sign_in(base, "admin@un.org", password.group(1))
        assert "Site administration" in admin.open(base + "/admin/").read().decode()
        with urllib.request.urlopen(base + "/catalog/field-survey/") as response:  # noqa: S310
            project_page = response.read().decode()
        assert "Automated scan" in project_page
        assert "Apache-2.0" in project_page
        with urllib.request.urlopen(base + "/entities/unicef/assessments/") as response:  # noqa: S310
            history = response.read().decode()
        assert history.count("Stage 1") + history.count("Stage 2") == 2  # the two published
    loaded = (
        "Demo data: loaded entities, users, catalog, assessments, dashboard, licensing, learning, "
        "governance, policies."
    )
    assert loaded in "".join(output)

    with running_platform(tmp_path) as (base, output):
        assert "Demo data: already loaded." in "".join(output)
        with urllib.request.urlopen(base + "/entities/") as response:  # noqa: S310
            assert "UNICEF" in response.read().decode()


def test_osu_lists_its_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "serve", "worker", "beat", "manage"):
        assert f"  {command} " in result.output
