"""What the SBOM formats (CycloneDX, SPDX) say about the project itself."""

from __future__ import annotations

import os

from osunited.scanner._model import ScanReport, Target

TOOL_NAME = "osunited-scanner"


def project_name(target: Target) -> str:
    """The last segment of the target's location (a folder, repository or archive name); a
    relative folder (`.`) is named after where it is."""
    location = target.location
    if target.kind == "directory":
        location = os.path.normpath(os.path.abspath(os.path.expanduser(location)))
    last = location.rstrip("/\\").replace("\\", "/").rpartition("/")[2]
    return last.removesuffix(".git") or target.location or "project"


def project_expression(report: ScanReport) -> str | None:
    """The project's SPDX expression found by the `license.project` check, if it ran."""
    try:
        expression = report.result("license.project").data.get("expression")
    except KeyError:
        return None
    return expression if isinstance(expression, str) and expression.strip() else None
