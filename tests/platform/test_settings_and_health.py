"""Production settings are safe by default; every response carries a CSP; /healthz reports."""

import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from osunited.platform.services import heartbeat_record

PRINT_SETTINGS = """
import json
from osunited.platform import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECRET_KEY": s.SECRET_KEY,
}))
"""


def production_settings(
    var_dir: Path, *, script: str = PRINT_SETTINGS, **overrides: str
) -> dict[str, object]:
    """Import the production settings in a fresh interpreter with only these variables set,
    and read what `script` prints of them (JSON)."""
    env = {"PATH": os.environ.get("PATH", ""), "OSU_VAR_DIR": str(var_dir), **overrides}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=var_dir,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_the_production_defaults_are_secure(tmp_path: Path) -> None:
    values = production_settings(tmp_path)

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SECURE_SSL_REDIRECT"] is True


def test_plain_http_turns_the_https_settings_off(tmp_path: Path) -> None:
    values = production_settings(tmp_path, OSU_HTTPS="0")

    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_SSL_REDIRECT"] is False


def test_the_secret_key_is_generated_once_with_owner_only_access(tmp_path: Path) -> None:
    first = production_settings(tmp_path)["SECRET_KEY"]
    key_file = tmp_path / "secret_key"

    second = production_settings(tmp_path)["SECRET_KEY"]

    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(str(first)) >= 50
    assert second == first


def test_responses_carry_a_content_security_policy(db: None) -> None:
    response = Client().get("/")

    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_healthz_reports_a_silent_worker_without_heartbeat(db: None) -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker": "silent", "worker_last_beat": None}


def test_healthz_reports_the_worker_after_a_heartbeat(db: None) -> None:
    beat = heartbeat_record(name="worker")

    body = Client().get("/healthz").json()

    assert (body["database"], body["worker"]) == ("ok", "ok")
    assert body["worker_last_beat"] == beat.beat_at.isoformat()


def test_healthz_reports_a_worker_that_missed_three_beats_as_silent(db: None) -> None:
    heartbeat_record(name="worker")
    later = timezone.now() + timedelta(seconds=3 * settings.OSU_HEARTBEAT_SECONDS + 1)

    with time_machine.travel(later):
        body = Client().get("/healthz").json()

    assert body["worker"] == "silent"
