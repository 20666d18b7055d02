"""Recording audit events: the one function every part of the platform calls."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from osunited.accounts.types import Viewer
from osunited.audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a trusted proxy, platform/proxy.py has put the browser's address here; the
    # leftmost X-Forwarded-For entry is whatever the client wrote, so it is never read.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Viewer | None = None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event. `actor` is None for the system, or anonymous for a failed sign-in."""
    signed_in = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=signed_in,
        actor_label=actor_label or (signed_in.email if signed_in is not None else ""),
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:254] if target is not None else "",
        changes=changes or {},
        ip_address=client_ip(request),
    )
