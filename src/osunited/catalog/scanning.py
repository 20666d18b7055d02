"""Scans of catalog projects (contract stub: the scans work replaces it)."""

from __future__ import annotations

from typing import Any

from osunited.catalog.models import Project


def scan_panel_for(*, project: Project, user: Any) -> dict[str, Any]:
    """What the project page's scan panel shows to `user` (context of _scan_results.html)."""
    return {"project": project, "latest_scan": project.latest_scan}
