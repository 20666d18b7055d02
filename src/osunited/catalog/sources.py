"""Which repository URLs the platform agrees to clone: the SSRF guard, applied with the admin's
settings. Every scan of a user-supplied URL goes through `clone_target`."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from osunited.scanner import UnsafeURL, check_clone_url

logger = logging.getLogger(__name__)


def clone_target(url: str) -> str:
    """The URL or path to hand to the scanner for `url`; ValidationError (with the reason for the
    person who typed it) when the platform must not fetch it.

    Public https/ssh hosts are accepted, plus the admin's allowed hosts (OSU_SCAN_ALLOWED_HOSTS).
    `file://` URLs only for repositories under one of OSU_SCAN_LOCAL_ROOTS (demo data, tests).
    """
    url = url.strip()
    if url.lower().startswith("file://"):
        return str(_local_repository(url))
    try:
        return check_clone_url(url, allowed_hosts=settings.OSU_SCAN_ALLOWED_HOSTS)
    except UnsafeURL as error:
        raise ValidationError(str(error)) from None


def _local_repository(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValidationError(_("A file:// URL must name a path on this server."))
    path = Path(unquote(parts.path)).resolve()
    for root in settings.OSU_SCAN_LOCAL_ROOTS:
        if path.is_relative_to(Path(root).resolve()) and path.exists():
            return path
    logger.info("file:// URL outside OSU_SCAN_LOCAL_ROOTS refused: %s", path)
    raise ValidationError(
        _(
            "This server does not scan repositories from that folder: give the repository's "
            "address on its forge, or ask the platform's administrators to allow the folder."
        )
    )
