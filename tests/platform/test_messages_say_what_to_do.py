"""Messages people read name what to do, never a setting or an error number (#21); the
settings and the system's words stay in the log, for the operators."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from osunited.catalog import scanning
from osunited.catalog.models import Scan, ScanStatus, ScanTrigger
from osunited.catalog.sources import clone_target
from osunited.forges.vault import UnreadableSecret, decrypt_secret, encrypt_secret
from osunited.scanner import ScanError
from tests.factories import ProjectFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "osunited"
# Engines and the command line speak to operators at a terminal; settings are read by operators.
NOT_FOR_PAGES = {"cli", "scanner", "framework", "licenses", "osee", "strategy", "migrations"}
SHOWN_BY = {
    "ValidationError",
    "PermissionDenied",
    "Http404",
    "UnreadableSecret",
    "ForgeError",
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "HttpResponseBadRequest",
}
SHOWN_BY_MESSAGES = {"error", "warning", "info", "success", "debug"}  # messages.<level>(...)
TECHNICAL = re.compile(r"OSU_[A-Z]|\bErrno\b|\bsettings\.[A-Z]")


def _shown_texts(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        owner = getattr(getattr(func, "value", None), "id", "")
        if name in SHOWN_BY or (name in SHOWN_BY_MESSAGES and owner == "messages"):
            found += [
                (node.lineno, sub.value)
                for sub in ast.walk(node)
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
            ]
    return found


def test_no_message_for_people_names_a_setting_or_an_error_number() -> None:
    offending = [
        f"{path.relative_to(SRC)}:{line}: {text[:80]}"
        for path in SRC.rglob("*.py")
        if not set(path.relative_to(SRC).parts) & NOT_FOR_PAGES
        and path.name not in ("settings.py", "env.py")
        for line, text in _shown_texts(path)
        if TECHNICAL.search(text)
    ]
    templates = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("templates/**/*.html")
        if TECHNICAL.search(path.read_text("utf-8"))
    ]
    assert offending + templates == []


def test_a_folder_the_server_does_not_scan_is_refused_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[]), pytest.raises(ValidationError) as refused:
        clone_target(f"file://{tmp_path / 'elsewhere'}")
    message = " ".join(refused.value.messages)
    assert "give the repository's address on its forge" in message
    assert "OSU_" not in message


def test_a_token_saved_under_another_key_says_to_enter_it_again(settings: Any) -> None:
    stored = encrypt_secret("glpat-secret")
    settings.SECRETS_KEYS = ["another key"]
    with pytest.raises(UnreadableSecret) as unreadable:
        decrypt_secret(stored)
    assert "enter the token again" in str(unreadable.value)
    assert "OSU_" not in str(unreadable.value)


@pytest.mark.django_db
def test_a_scan_stopped_by_a_system_error_shows_no_error_number(
    cast: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    project = ProjectFactory(entity=cast.unicef, status="published")
    scan = Scan.objects.create(project=project, trigger=ScanTrigger.ON_DEMAND)
    failure = "Could not create a working directory in /var/x: [Errno 28] No space left on device"

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise ScanError(failure)

    monkeypatch.setattr(scanning.scanner, "scan", full_disk)
    monkeypatch.setattr(scanning, "_scan_target", lambda claimed: "/nowhere")
    report, error = scanning._run_scanner(scan)
    assert report is None
    assert error == scanning.GENERIC_ERROR
    assert "[Errno 28]" in caplog.text  # for the admins
    assert scan.status == ScanStatus.QUEUED
