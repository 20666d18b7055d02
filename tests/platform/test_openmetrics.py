"""/metrics: the platform's health for operators, in OpenMetrics, behind a bearer token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from osunited.catalog.models import Scan, ScanStatus
from osunited.dashboard.services import snapshot_take
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-operator-token"


@pytest.fixture
def token(settings) -> str:  # type: ignore[no-untyped-def]
    settings.OSU_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(auth: str | None = None) -> object:
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return Client().get("/metrics", **headers)


def test_it_is_off_without_a_configured_token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OSU_METRICS_TOKEN = ""
    assert scrape(f"Bearer {TOKEN}").status_code == 404


@pytest.mark.parametrize("auth", [None, "Bearer wrong", TOKEN, f"Basic {TOKEN}"])
def test_a_missing_or_wrong_token_is_refused(token: str, auth: str | None) -> None:
    response = scrape(auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_it_reports_queues_failures_and_the_last_snapshot(token: str, cast: Cast) -> None:
    project = ProjectFactory(entity=cast.unicef, status="submitted")
    Scan.objects.create(project=project, trigger="nightly", status=ScanStatus.QUEUED)
    Scan.objects.create(project=project, trigger="nightly", status=ScanStatus.FAILED,
                        finished_at=timezone.now())  # fmt: skip
    snapshot_take()

    response = scrape(f"Bearer {token}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/openmetrics-text")
    families = {
        family.name: family.samples[0].value
        for family in text_string_to_metric_families(response.content.decode())
    }
    assert families["osu_scan_queue_length"] == 1
    assert families["osu_scan_failures"] == 1
    assert families["osu_scan_failures_24h"] == 1
    assert families["osu_review_queue_length"] == 1
    assert families["osu_database_up"] == 1
    assert abs(families["osu_dashboard_last_snapshot_timestamp_seconds"]
               - timezone.now().timestamp()) < 60  # fmt: skip
