"""The dashboard's community figures from the platform's forge: merge requests merged and the
median first response, over the public projects whose repositories' activity was read; "not
measured", never 0, for the others and for past days rebuilt from history."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from osunited.dashboard.selectors import latest_snapshot
from osunited.dashboard.services import snapshot_backfill, snapshot_take
from osunited.forges.models import HostedRepository, HostingState
from osunited.forges.services import forge_save, namespace_set
from tests.conftest import Cast
from tests.dashboard.test_snapshots import PUBLISHED, project

pytestmark = pytest.mark.django_db


def hosted(cast: Cast, name: str, activity: dict) -> None:
    made = project(cast, "published", history=PUBLISHED, name=name, hosting="internal")
    forge = (
        forge_save(
            actor=cast.heidi,
            name="UN GitLab",
            kind="gitlab",
            base_url="https://gitlab.example.org",
            token="t0ken",
            hosting_team=[],
        )
        if not HostedRepository.objects.exists()
        else HostedRepository.objects.first().namespace.forge
    )
    namespace = namespace_set(actor=cast.heidi, entity=cast.unicef, forge=forge, path="unicef")
    HostedRepository.objects.create(
        project=made,
        namespace=namespace,
        path=made.slug,
        state=HostingState.READY,
        activity=activity,
    )


def activity(merged: int, median_hours: float | None) -> dict:
    return {
        "since": "2026-09-08",
        "merge_requests_opened": merged + 1,
        "merge_requests_merged": merged,
        "median_first_response_hours": median_hours,
        "issues_opened": 0,
        "issues_closed": 0,
        "releases": 0,
    }


def test_the_figures_add_up_the_hosted_repositories_and_say_over_how_many(cast: Cast) -> None:
    hosted(cast, "Alpha", activity(4, 2.0))
    hosted(cast, "Beta", activity(3, 6.0))
    hosted(cast, "Gamma", activity(0, None))
    project(cast, "published", history=PUBLISHED, name="Delta")  # on an external repository

    snapshot_take()

    values = latest_snapshot("all").values
    assert values["merge_requests_merged_90d"] == 7
    assert values["median_first_response_hours"] == 4.0
    coverage = values["coverage"]
    assert coverage["merge_requests_merged_90d"] == {
        "measured": 3,
        "not_scanned": 0,
        "not_hosted": 1,
    }
    assert coverage["median_first_response_hours"]["measured"] == 2
    page = html.unescape(Client().get("/dashboard/").content.decode())
    assert "Merge requests merged on the platform's forge (90 days)" in page
    assert "1 not hosted on the platform's forge." in page
    assert "1 hosted there, with no merge request answered in 90 days." in page


def test_without_activity_read_the_figures_are_not_measured_never_zero(cast: Cast) -> None:
    project(cast, "published", history=PUBLISHED, name="Delta")

    snapshot_backfill(days=3)
    snapshot_take()

    values = latest_snapshot("all").values
    assert values["merge_requests_merged_90d"] is None
    assert values["median_first_response_hours"] is None
    page = Client().get("/dashboard/").content.decode()
    section = page[page.index("Median first response to a merge request") :][:600]
    assert "not measured" in section
