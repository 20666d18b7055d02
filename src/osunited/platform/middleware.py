"""A request with a method the address does not take (a GET on a form's target) gets the site's
error page, as a 403 or a 404 does, instead of a browser's bare 405; the API answers in JSON."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render


class MethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Only the bare answer of require_POST, View and django-ninja: a page rendered with a
        # 405 on purpose is kept.
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        return method_not_allowed(request, allowed=response["Allow"])


def method_not_allowed(request: HttpRequest, *, allowed: str) -> HttpResponse:
    match = request.resolver_match
    if match is not None and match.namespace == "api":
        response: HttpResponse = JsonResponse(
            {"detail": f"Method not allowed; this address takes {allowed}."},
            status=405,
            content_type="application/json; charset=utf-8",  # as every other API answer
        )
    else:
        response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response
