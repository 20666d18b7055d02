"""Public pages served from the shared cache until what they show changes.

The catalog, a project's page, the dashboards and the API's project list look the same to every
anonymous visitor, and change only with the catalog (a transition, an edit, a scan), an entity,
or a dashboard snapshot. Such a page is rendered once and kept with the *generation* of its
scope; any change to a model of that scope (signals; `public_content_changed` for bulk writes)
starts a new generation, so the next request renders afresh: a change shows at once, in every
process sharing the cache. While one request renders a page again, the others get the page as
it was rather than all rendering it at once (at most `RENDER_SECONDS`).

Only anonymous GET requests without an API token and without messages waiting are served from
the cache, and only 200 answers that set no cookie are kept. The CSRF token in a kept page is a
placeholder, replaced on each answer by the visitor's own token, exactly as rendering would.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, signals
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

CATALOG, DASHBOARD = "catalog", "dashboard"
# The views whose anonymous answers are kept (URL names), with the scopes they show.
CACHED_VIEWS: dict[str, tuple[str, ...]] = {
    "home": (CATALOG, DASHBOARD),  # its figures; published assessments show within the TTL
    "catalog:list": (CATALOG,),
    "catalog:detail": (CATALOG,),
    "api:projects": (CATALOG,),
    "dashboard:public": (DASHBOARD,),
    "dashboard:entity": (DASHBOARD,),
}
# A change to a model of these apps shows in these scopes.
# forges: a project page shows its repository's link once the repository is public.
WATCHED_APPS = {"catalog": (CATALOG,), "entities": (CATALOG, DASHBOARD), "forges": (CATALOG,)}
# Rows written in bulk with their parent, which is saved too.
NOT_WATCHED = frozenset({"catalog.scanfinding"})
RENDER_SECONDS = 30

GENERATION_KEY = "osu:generation:{}"
CSRF_PLACEHOLDER = b"osu-csrf-token-placeholder"
_CSRF_IN_PAGE = re.compile(
    rb'(?:name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{64})"'
)
# Headers kept with a page; those of the middleware (security, CSP, Vary) are added on each answer.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def public_content_changed(*scopes: str) -> None:
    """Start a new generation of `scopes`: their kept pages are stale. Called by the signals
    below and by services that write in bulk; again after the transaction commits, so that no
    page rendered from the old rows in between is taken for current."""
    _new_generations(scopes)
    transaction.on_commit(lambda: _new_generations(scopes))


def _new_generations(scopes: tuple[str, ...]) -> None:
    try:
        cache.set_many({GENERATION_KEY.format(scope): uuid.uuid4().hex for scope in scopes}, None)
    except Exception:  # the cache server is down: pages expire by themselves
        logger.warning("Could not renew the generation of %s", scopes, exc_info=True)


def _current_generation(scopes: tuple[str, ...]) -> str:
    keys = [GENERATION_KEY.format(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key, "")
    return ":".join(str(found[key]) for key in keys)


def watch_public_models() -> None:
    """Connect the signals that renew the generations (PlatformConfig.ready)."""
    for label, scopes in WATCHED_APPS.items():
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower in NOT_WATCHED:
                continue
            receiver = _receiver_for(scopes)
            uid = f"osu-page-cache-{model._meta.label_lower}"
            signals.post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
            signals.post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
            signals.m2m_changed.connect(receiver, sender=model, dispatch_uid=uid, weak=False)


def _receiver_for(scopes: tuple[str, ...]) -> Callable[..., None]:
    def model_changed(sender: type[Model], **_: Any) -> None:
        public_content_changed(*scopes)

    return model_changed


def _is_shared_view(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        settings.OSU_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and match is not None
        and match.view_name in CACHED_VIEWS
        and "Authorization" not in request.headers
        and not request.user.is_authenticated
        and not _has_messages(request)
    )


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # len() reads them without using them


def page_key(request: HttpRequest) -> str:
    parts = (
        request.build_absolute_uri(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    )
    return "osu:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _kept(response: HttpResponseBase, request: HttpRequest) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    assert isinstance(response, HttpResponse)
    content = response.content
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        tokens = set(_CSRF_IN_PAGE.findall(content))
        if len(tokens) != 1:
            return None
        content = content.replace(tokens.pop(), CSRF_PLACEHOLDER)
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    return {"content": content, "headers": headers}


def _answer(page: dict[str, Any], request: HttpRequest) -> HttpResponse:
    content: bytes = page["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, headers=page["headers"])


class PublicPageCacheMiddleware:
    """Answers the anonymous GETs of `CACHED_VIEWS` from the cache; last in MIDDLEWARE, so that
    what it keeps is the view's answer alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        rendering: Rendering | None = getattr(request, "_osu_rendering", None)
        if rendering is not None:
            page = _kept(response, request)
            _store(rendering, page)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], *args: Any
    ) -> HttpResponseBase | None:
        if not _is_shared_view(request):
            return None
        assert request.resolver_match is not None
        scopes = CACHED_VIEWS[request.resolver_match.view_name]
        try:
            key, generation = page_key(request), _current_generation(scopes)
            page = _servable(key, generation)
        except Exception:  # the cache server is down: render as if nothing were kept
            logger.warning("The page cache could not be read", exc_info=True)
            return None
        if page is not None:
            return _answer(page, request)
        request._osu_rendering = Rendering(key, generation)  # type: ignore[attr-defined]
        return None


def _servable(key: str, generation: str) -> dict[str, Any] | None:
    """The kept page if it is current, or while another request renders it again; None when
    this request is to render it."""
    page: dict[str, Any] | None = cache.get(key)
    if page is None or page["generation"] == generation:
        return page
    rendering_elsewhere = not cache.add(key + ":render", 1, RENDER_SECONDS)
    return page if rendering_elsewhere else None


@dataclass(frozen=True)
class Rendering:
    key: str
    generation: str


def _store(rendering: Rendering, page: dict[str, Any] | None) -> None:
    try:
        if page is not None:
            page["generation"] = rendering.generation
            cache.set(rendering.key, page, settings.OSU_PAGE_CACHE_SECONDS)
        cache.delete(rendering.key + ":render")
    except Exception:
        logger.warning("The page cache could not be written", exc_info=True)
