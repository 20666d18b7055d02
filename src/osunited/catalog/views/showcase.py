"""A project's badges and its stored logo: images that other sites embed, or the catalog's
cards show. A project the visitor may not see is a 404, as its page is."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET

from osunited.accounts.roles import PUBLIC, access
from osunited.catalog.badges import KINDS, badge_for, badge_svg
from osunited.catalog.models import ScanShowcase
from osunited.catalog.selectors import get_project_for_user, is_public

# What an image may do when opened on its own: nothing (an SVG logo is someone else's file).
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
BADGE_SECONDS = 300
LOGO_SECONDS = 86400  # the logo's address changes with its content


@access(PUBLIC)
@require_GET
def project_badge(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("No such badge.")
    project = get_project_for_user(user=request.user, slug=slug)
    svg = badge_svg(badge_for(project, kind), rtl=get_language_bidi())
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    return _as_image(response, public=is_public(project), seconds=BADGE_SECONDS)


@access(PUBLIC)
@require_GET
def project_logo(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(user=request.user, slug=slug)
    if project.latest_scan_id is None:
        raise Http404("This project has no logo.")
    showcase = (
        ScanShowcase.objects.filter(scan_id=project.latest_scan_id)
        .exclude(logo_media_type="")
        .only("logo", "logo_media_type")
        .first()
    )
    if showcase is None:
        raise Http404("This project has no logo.")
    response = HttpResponse(bytes(showcase.logo), content_type=showcase.logo_media_type)
    return _as_image(response, public=is_public(project), seconds=LOGO_SECONDS)


def _as_image(response: HttpResponse, *, public: bool, seconds: int) -> HttpResponse:
    response["Content-Security-Policy"] = IMAGE_POLICY
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if public else "same-origin"
    # A project not yet public is seen by its insiders only: no shared cache may keep it.
    response["Cache-Control"] = f"public, max-age={seconds}" if public else "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("<uslug:slug>/badge/<str:kind>.svg", project_badge, name="badge"),
    path("<uslug:slug>/logo", project_logo, name="logo"),
]
