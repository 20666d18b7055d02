"""Shared fixtures for scanner tests: the license index (built once per machine and cached) and
small trees written on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from osunited.scanner import Check, Outcome, Severity
from osunited.scanner._cache import default_cache_dir
from osunited.scanner._text import Text
from osunited.scanner.licenses import LicenseIndex, load_index
from osunited.scanner.licenses._data import read_licenses

TreeMaker = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(scope="session")
def license_index() -> LicenseIndex:
    return load_index(default_cache_dir())


@pytest.fixture(scope="session")
def license_texts() -> dict[str, str]:
    """Full texts from the license data, by LicenseDB key."""
    return {record.key: record.text for record in read_licenses() if not record.is_deprecated}


@pytest.fixture
def make_tree(tmp_path: Path) -> TreeMaker:
    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture(autouse=True)
def _check_texts_are_translatable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text a check writes for people (its title, a summary or not-available reason, a
    finding's message and remediation) is a scanner Text, so that the platform can show it in
    the reader's language: in every scanner test, a plain string there is one someone forgot to
    mark with `_()`, and fails the test that produced it."""
    result, finding = Check.result, Check.finding

    def checked_result(self: Check, outcome: Outcome, summary: str, *args: Any, **kw: Any) -> Any:
        _require_text(self, "title", self.title)
        _require_text(self, "summary", summary)
        return result(self, outcome, summary, *args, **kw)

    def checked_finding(
        self: Check, message: str, severity: Severity, *args: Any, **kw: Any
    ) -> Any:
        made = finding(self, message, severity, *args, **kw)
        _require_text(self, "message", made.message)
        if made.remediation:
            _require_text(self, "remediation", made.remediation)
        return made

    monkeypatch.setattr(Check, "result", checked_result)
    monkeypatch.setattr(Check, "finding", checked_finding)


def _require_text(check: Check, field: str, value: str) -> None:
    if not isinstance(value, Text):
        raise TypeError(f"{check.id}: the {field} {value!r} is not a Text: mark it with _()")
