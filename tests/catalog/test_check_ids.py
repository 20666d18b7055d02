"""Every scanner check the platform names exists: a renamed check would otherwise disappear
silently from the review checklist, the project page's facts and the dashboard."""

from __future__ import annotations

import re
from pathlib import Path

import osunited
from osunited.catalog.review import CHECKLIST
from osunited.scanner import all_checks

_CHECK_ID = re.compile(r"""["']((?:license|security|docs|health|deps|publiccode)\.[a-z-]+)["']""")
_NOT_CHECKS = {"publiccode.yml", "publiccode.yaml"}  # file names


def named_check_ids() -> dict[str, list[str]]:
    """Each check id written in the platform's code and templates, with the files naming it."""
    root = Path(osunited.__file__).parent
    named: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".py", ".html"} or "scanner" in path.relative_to(root).parts:
            continue
        for check_id in _CHECK_ID.findall(path.read_text(encoding="utf-8")):
            if check_id not in _NOT_CHECKS:
                named.setdefault(check_id, []).append(str(path.relative_to(root)))
    return named


def test_every_check_the_platform_names_exists() -> None:
    known = {check.id for check in all_checks()}
    named = named_check_ids()
    assert len(named) >= 15  # the review checklist alone names that many
    unknown = {check_id: files for check_id, files in named.items() if check_id not in known}
    assert unknown == {}


def test_every_review_checklist_check_exists() -> None:
    known = {check.id for check in all_checks()}
    assert {c for item in CHECKLIST for c in item.check_ids} <= known
