import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from prometheus_client.openmetrics.exposition import CONTENT_TYPE_LATEST

from osunited.accounts.roles import PUBLIC, access
from osunited.platform.home import home_sections
from osunited.platform.openmetrics import render_openmetrics
from osunited.platform.selectors import operator_figures, platform_health


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """Each person's work first, by the roles they hold; the platform's figures for everyone."""
    return render(request, "platform/home.html", {"sections": home_sections(request)})


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


@access(PUBLIC)  # the bearer token is checked here: operators' scrapers have no session
def openmetrics(request: HttpRequest) -> HttpResponse:
    """Queues, failures and freshness for operators (docs/deploy.md#monitoring)."""
    token = settings.OSU_METRICS_TOKEN
    if not token:  # off until the operator sets a token (docs/deploy.md#monitoring)
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        response = HttpResponse(
            "A valid bearer token is needed.\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(render_openmetrics(operator_figures()), content_type=CONTENT_TYPE_LATEST)
