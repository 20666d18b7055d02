"""The REST API under /api/: one django-ninja instance, with a router per app.

Reads are public (what `visible_projects` lets the caller see); writes need an API token in an
`Authorization: Bearer` header (`accounts.tokens.ApiTokenAuth`). Errors answer with a JSON body
`{"detail": "..."}`. The OpenAPI 3 description is at /api/openapi.json; the interactive docs
are off, because they load scripts from a CDN that the Content-Security-Policy refuses.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI

from osunited.catalog.api import entities_router
from osunited.catalog.api import router as catalog_router

api = NinjaAPI(
    title="Open Source United API",
    version="1",
    description="The catalog of UN open source projects: public reads, token-authenticated "
    "writes. See docs/api.md.",
    urls_namespace="api",
    docs_url=None,
)
api.add_router("/projects", catalog_router)
api.add_router("/entities", entities_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Forbidden."}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=400)


def api_urls() -> tuple[list[URLPattern], str, str]:
    """The API's URL patterns, one per path. django-ninja adds a pattern per operation, but
    the first one of a path already dispatches every method: the others could never be reached,
    and the permission matrix checks that each pattern can be."""
    patterns, app_name, namespace = api.urls
    seen: set[str] = set()
    unique = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if route not in seen:
            seen.add(route)
            unique.append(pattern)
    return unique, app_name, namespace  # type: ignore[return-value]
