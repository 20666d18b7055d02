"""The REST API under /api/: one django-ninja instance, with a router per app.

Reads are public (what `visible_projects` lets the caller see); writes need an API token in an
`Authorization: Bearer` header (`accounts.tokens.ApiTokenAuth`). Every error answers with a JSON
body `{"detail": "..."}` (`api_errors`), also for an address or a fault outside the API's views.
The OpenAPI 3 description is at /api/openapi.json, and its interactive documentation at
/api/docs (`api_docs.SiteSwagger`: Swagger UI from the platform's own files, under its CSP).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.views import defaults
from ninja import NinjaAPI

from osunited.catalog.api import entities_router
from osunited.catalog.api import router as catalog_router
from osunited.licensing.api import project_router as project_compatibility_router
from osunited.licensing.api import router as licenses_router
from osunited.platform.api_docs import SiteSwagger
from osunited.platform.api_errors import answer_errors_in_json, is_api_request, json_error
from osunited.policies.api import router as policies_router

api = NinjaAPI(
    title="Open Source United API",
    version="1",
    description="The catalog of UN open source projects: public reads, token-authenticated "
    "writes. See docs/api.md.",
    urls_namespace="api",
    docs=SiteSwagger(),
    docs_url="/docs",
)
api.add_router("/projects", catalog_router)
api.add_router("/entities", entities_router)
api.add_router("/licenses", licenses_router)
api.add_router("/projects", project_compatibility_router)  # /projects/{slug}/compatibility
api.add_router("/policies", policies_router)

answer_errors_in_json(api)


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


# Django's error handlers (platform/urls.py): JSON under /api/, the site's pages elsewhere.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return json_error(500)
    return defaults.server_error(request)
