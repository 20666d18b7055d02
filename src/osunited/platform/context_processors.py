from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from osunited.platform.work import work_counts_for_request


def work_waiting(request: HttpRequest) -> dict[str, Any]:
    """`work`: what waits for the signed-in person (platform/work.py), read only if a template
    asks; None for anonymous visitors, without a query."""
    if not request.user.is_authenticated:
        return {"work": None}
    return {"work": SimpleLazyObject(lambda: work_counts_for_request(request))}
