"""Webhooks from forges: a merge request opened or updated gets its CLA status (CH7).

The forge signs each delivery with the forge's webhook secret (GitLab: the `X-Gitlab-Token`
header; GitHub: `X-Hub-Signature-256`, an HMAC-SHA256 of the body); anything unsigned or wrongly
signed is refused and changes nothing. The status is set by a background task, so that the
forge gets its answer at once."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from osunited.accounts.roles import PUBLIC, access
from osunited.forges.models import Forge, ForgeKind
from osunited.forges.vault import UnreadableSecret, decrypt_secret

MAX_BODY_BYTES = 2 * 1024 * 1024
_GITLAB_ACTIONS = frozenset({"open", "reopen", "update"})
_GITHUB_ACTIONS = frozenset({"opened", "reopened", "synchronize"})


@dataclass(frozen=True)
class MergeRequestEvent:
    repository_id: str
    sha: str
    username: str


@access(PUBLIC)  # a forge calls it; the signature below is the check
@csrf_exempt  # a forge, not a browser: the signature stands in for the CSRF token
@require_POST
def forge_webhook(request: HttpRequest, forge_id: int) -> JsonResponse:
    forge = get_object_or_404(Forge, pk=forge_id)
    body = request.body[: MAX_BODY_BYTES + 1]
    if len(body) > MAX_BODY_BYTES:
        return JsonResponse({"detail": "The delivery is too large."}, status=413)
    if not _signed(forge, request, body):
        return JsonResponse(
            {"detail": "The delivery is not signed with this forge's secret."}, status=401
        )
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"detail": "The delivery is not JSON."}, status=400)
    event = _merge_request_event(forge, request, payload)
    if event is None:
        return JsonResponse(
            {"detail": "Ignored: not a merge request opened or updated."}, status=202
        )
    from osunited.forges import tasks

    tasks.set_cla_status.delay(forge.pk, event.repository_id, event.sha, event.username)
    return JsonResponse({"detail": "The CLA status will be set.", "commit": event.sha}, status=202)


def _signed(forge: Forge, request: HttpRequest, body: bytes) -> bool:
    try:
        secret = (
            decrypt_secret(forge.webhook_secret_encrypted) if forge.webhook_secret_encrypted else ""
        )
    except UnreadableSecret:
        return False
    if not secret:
        return False
    if forge.kind == ForgeKind.GITHUB:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        given = request.headers.get("X-Hub-Signature-256", "")
    else:
        expected, given = secret, request.headers.get("X-Gitlab-Token", "")
    return hmac.compare_digest(expected.encode(), given.encode())


def _merge_request_event(
    forge: Forge, request: HttpRequest, payload: Any
) -> MergeRequestEvent | None:
    if not isinstance(payload, dict):
        return None
    if forge.kind == ForgeKind.GITHUB:
        if request.headers.get("X-GitHub-Event") != "pull_request":
            return None
        return _github_event(payload)
    return _gitlab_event(payload)


def _gitlab_event(payload: dict[str, Any]) -> MergeRequestEvent | None:
    attributes = _mapping(payload.get("object_attributes"))
    if payload.get("object_kind") != "merge_request":
        return None
    if attributes.get("action") not in _GITLAB_ACTIONS:
        return None
    return _event(
        _mapping(payload.get("project")).get("id"),
        _mapping(attributes.get("last_commit")).get("id"),
        _mapping(payload.get("user")).get("username"),
    )


def _github_event(payload: dict[str, Any]) -> MergeRequestEvent | None:
    if payload.get("action") not in _GITHUB_ACTIONS:
        return None
    pull = _mapping(payload.get("pull_request"))
    return _event(
        _mapping(payload.get("repository")).get("id"),
        _mapping(pull.get("head")).get("sha"),
        _mapping(pull.get("user")).get("login"),
    )


def _event(repository_id: object, sha: object, username: object) -> MergeRequestEvent | None:
    if not isinstance(repository_id, (int, str)) or isinstance(repository_id, bool):
        return None
    if not (isinstance(sha, str) and 7 <= len(sha) <= 64 and sha.isalnum()):
        return None
    if not (isinstance(username, str) and 0 < len(username) <= 255):
        return None
    return MergeRequestEvent(str(repository_id), sha, username)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
