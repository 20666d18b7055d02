"""A value in the environment that is not a valid boolean, number, URL or address stops start-up
with one line naming the variable and what it accepts; it never silently means something else."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.platform.test_settings_and_health import production_settings

OSU = Path(sys.executable).parent / "osu"


def start(var_dir: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run an `osu` command in a fresh process with only these variables set."""
    env = {"PATH": os.environ.get("PATH", ""), "OSU_VAR_DIR": str(var_dir), **environment}
    return subprocess.run(
        [str(OSU), *arguments],
        env=env,
        cwd=var_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("OSU_HTTPS", "ture", "use 1, true, yes or on; or 0, false, no or off"),
        ("OSU_DEBUG", "maybe", "use 1, true, yes or on; or 0, false, no or off"),
        ("OSU_EMAIL_PORT", "58x", "a whole number from 1 to 65535"),
        ("OSU_EMAIL_PORT", "70000", "a whole number from 1 to 65535"),
        ("OSU_HSTS_SECONDS", "-1", "a whole number from 0 up"),
        ("OSU_HEARTBEAT_SECONDS", "1.5", "a whole number from 1 up"),
        ("OSU_SCAN_SWEEP_SECONDS", "60s", "a whole number from 1 up"),
        ("OSU_CATALOG_REQUIRED_APPROVALS", "3", "it must be 1 or 2"),
        ("OSU_LOG_LEVEL", "verbose", "it must be DEBUG or INFO or WARNING or ERROR or CRITICAL"),
        ("DATABASE_URL", "postgres//db", "sqlite://, postgres:// or postgresql://"),
        ("OSU_CACHE_URL", "memcached://cache:11211", "redis:// or rediss://"),
        ("CELERY_BROKER_URL", "redis:/broker", "a URL starting with filesystem://"),
        ("OSU_SITE_URL", "osu.example.org", "http:// or https://"),
        ("OSU_SITE_URL", "https://osu.example.org:port", "http:// or https://"),
        ("OSU_CSRF_TRUSTED_ORIGINS", "osu.example.org", "like https://osu.example.org"),
        ("OSU_ALLOWED_HOSTS", "https://osu.example.org", "without https://"),
        ("OSU_TRUSTED_PROXY", "proxy.internal", "an IP address or network"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable_and_what_it_accepts(
    tmp_path: Path, variable: str, value: str, accepted: str
) -> None:
    result = start(tmp_path, "manage", "check", **{variable: value})

    assert result.returncode == 2
    assert f"{variable}={value!r} is not valid" in result.stderr
    assert accepted in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_retired_proxy_switch_says_what_replaces_it(tmp_path: Path) -> None:
    result = start(tmp_path, "manage", "check", OSU_TRUST_X_FORWARDED_PROTO="1")

    assert result.returncode == 2
    assert "OSU_TRUST_X_FORWARDED_PROTO is replaced by OSU_TRUSTED_PROXY" in result.stderr


PRINT_SETTINGS = """
import json
from osunited.platform import settings as s
print(json.dumps({
    "HTTPS": s.HTTPS,
    "EMAIL_PORT": s.EMAIL_PORT,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "OSU_TRUSTED_PROXY": s.OSU_TRUSTED_PROXY,
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
}))
"""


def settings_with(var_dir: Path, **environment: str) -> dict[str, object]:
    return production_settings(var_dir, script=PRINT_SETTINGS, **environment)


def test_valid_values_in_any_case_and_with_spaces_are_read(tmp_path: Path) -> None:
    values = settings_with(
        tmp_path,
        OSU_HTTPS=" Off ",
        OSU_EMAIL_PORT="25",
        OSU_ALLOWED_HOSTS="osu.example.org, .example.net",
        OSU_CSRF_TRUSTED_ORIGINS="https://osu.example.org/,https://osu.example.org:8443",
        OSU_TRUSTED_PROXY="10.0.0.5, 192.168.0.0/24, ::1",
    )

    assert values["HTTPS"] is False
    assert values["EMAIL_PORT"] == 25
    assert values["ALLOWED_HOSTS"] == ["osu.example.org", ".example.net"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://osu.example.org",
        "https://osu.example.org:8443",
    ]
    assert values["OSU_TRUSTED_PROXY"] == ["10.0.0.5", "192.168.0.0/24", "::1"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_a_trusted_proxy_no_forwarded_header_is_believed(tmp_path: Path) -> None:
    values = settings_with(tmp_path)

    assert values["OSU_TRUSTED_PROXY"] == []
    assert values["SECURE_PROXY_SSL_HEADER"] is None
