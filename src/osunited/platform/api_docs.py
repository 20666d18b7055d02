"""The REST API's interactive documentation at /api/docs: Swagger UI inside the site's page,
from the platform's own files (static/vendor/swagger-ui), started by a script file: no CDN and
no inline script, so the site's Content-Security-Policy holds there as everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class SiteSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        swagger_settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": False,  # a link inside each operation's button: nested controls
            "validatorUrl": None,  # the public validator is another site: the CSP refuses it
        }
        context = {"api": api, "swagger_settings": swagger_settings}
        return render(request, "platform/api_docs.html", context)
