from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from osunited.accounts.roles import PUBLIC, access
from osunited.platform.selectors import platform_health


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "platform/home.html")


@access(PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 while the database answers; the worker's state is reported too."""
    health = platform_health()
    return JsonResponse(
        {
            "database": "ok" if health.database_ok else "down",
            "worker": "ok" if health.worker_ok else "silent",
            "worker_last_beat": health.worker_last_beat.isoformat()
            if health.worker_last_beat
            else None,
        },
        status=200 if health.ok else 503,
    )
