"""The dashboard's metrics and daily snapshots: public facts only, every scope, retaken safely,
and past days rebuilt from the workflow history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from osunited.assessments.models import Assessment
from osunited.catalog.models import ProjectEvent, Scan, ScanStatus
from osunited.catalog.vulnerabilities import project_facts_of
from osunited.dashboard.metrics import METRICS, measure_all
from osunited.dashboard.models import MetricSnapshot
from osunited.dashboard.selectors import latest_snapshot, trend_points
from osunited.dashboard.services import snapshot_backfill, snapshot_take
from tests.conftest import Cast
from tests.factories import ProjectFactory, ProjectSdgFactory

pytestmark = pytest.mark.django_db


def ago(days: int) -> Any:
    return timezone.now() - timedelta(days=days)


def project(cast: Cast, status: str, *, history: list[tuple[int, str]] = (), **fields: Any):  # type: ignore[assignment,no-untyped-def]
    """A project with its transitions, `history` as (days ago, status reached)."""
    made = ProjectFactory(entity=fields.pop("entity", cast.unicef), status=status, **fields)
    first = max((days for days, _ in history), default=0) + 1
    type(made).objects.filter(pk=made.pk).update(created_at=ago(first))
    previous = "draft"
    for days, reached in history:
        event = ProjectEvent.objects.create(project=made, action=reached, from_status=previous,
                                            to_status=reached, comment="")  # fmt: skip
        ProjectEvent.objects.filter(pk=event.pk).update(created_at=ago(days))
        previous = reached
    return made


def scanned(made: Any, facts: dict[str, Any], days: int = 1, maintenance: str = "") -> Scan:
    scan = Scan.objects.create(
        project=made, trigger="nightly", status=ScanStatus.SUCCEEDED, finished_at=ago(days),
        facts=facts, maintenance=maintenance,
    )  # fmt: skip
    type(made).objects.filter(pk=made.pk).update(
        latest_scan=scan, vulnerabilities=project_facts_of([scan])
    )
    return scan


def assessment(cast: Cast, stage: int, *, published: bool, days: int) -> Assessment:
    return Assessment.objects.create(
        entity=cast.unicef, framework_id="cpf-rc1", status="submitted", stage=stage,
        visibility="published" if published else "private", submitted_at=ago(days),
    )  # fmt: skip


PUBLISHED = [(30, "submitted"), (20, "approved"), (10, "published")]


def test_private_projects_and_assessments_never_enter_the_figures(cast: Cast) -> None:
    project(cast, "published", history=PUBLISHED, licenses="MIT")
    project(cast, "submitted", history=[(5, "submitted")], licenses="MIT")
    project(cast, "approved", history=PUBLISHED[:2], licenses="MIT")
    project(cast, "draft")
    assessment(cast, 3, published=False, days=2)
    assessment(cast, 1, published=True, days=40)

    values = measure_all(timezone.now(), live=True)

    assert values["all"]["projects"] == 1
    assert values["all"]["projects_by_license"] == {"MIT": 1}
    assert values["all"]["entities_by_stage"]["1"] == 1
    assert values["all"]["entities_by_stage"]["3"] == 0
    assert values[f"e{cast.unicef.pk}"]["stage"] == 1


def test_the_catalog_compliance_and_community_metrics(cast: Cast) -> None:
    first = project(cast, "published", history=PUBLISHED, licenses="Apache-2.0",
                    languages=["Python"])  # fmt: skip
    second = project(cast, "sunset_notice", history=[*PUBLISHED, (2, "sunset_notice")],
                     licenses="LicenseRef-own", languages=["Python", "Go"])  # fmt: skip
    ProjectSdgFactory(project=first, goal=4)
    scanned(first, {"security_policy": True, "vulnerabilities": {"high": 2, "low": 1},
                    "contributors_90d": 3, "commits_90d": 40, "bus_factor": 1,
                    "organisations": 2})  # fmt: skip
    scanned(second, {"security_policy": False, "bus_factor": 7}, days=100,
            maintenance="unmaintained")  # fmt: skip

    values = measure_all(timezone.now(), live=True)["all"]

    assert values["projects"] == 2
    assert values["projects_by_language"] == {"Python": 2, "Go": 1}
    assert values["median_days_to_decision"] == 10.0
    assert values["sunset_candidates"] == 1
    assert (values["share_osi_approved"], values["share_recommended_license"]) == (0.5, 0.5)
    assert values["share_security_policy"] == 0.5
    assert values["open_vulnerabilities"] == {
        "critical": 0, "high": 2, "medium": 0, "low": 1, "unknown": 0}  # fmt: skip
    assert values["scan_coverage"] == 1.0
    assert values["scan_freshness"]["7 days"] == 1
    assert values["scan_freshness"]["a year"] == 1
    assert (values["active_contributors_90d"], values["commits_90d"]) == (3, 40)
    assert values["bus_factor"] == {"1": 1, "2": 0, "3 to 5": 0, "6+": 1}
    assert values["organisational_diversity"]["2 to 3"] == 1
    assert values["unmaintained"] == 1


def test_a_snapshot_covers_every_scope_and_a_retake_replaces_it(cast: Cast) -> None:
    ProjectSdgFactory(project=project(cast, "published", history=PUBLISHED), goal=13)
    scopes = snapshot_take()
    assert scopes == MetricSnapshot.objects.count()
    assert snapshot_take() == scopes
    assert MetricSnapshot.objects.count() == scopes  # retaken, not added
    stored = {s.scope: s.values for s in MetricSnapshot.objects.all()}
    assert stored["g13"]["projects"] == 1
    assert stored["g12"]["projects"] == 0
    assert stored[f"e{cast.unicef.pk}"]["projects"] == 1
    assert set(stored["all"]) == {m.id for m in METRICS if "all" in m.scopes.split()} | {"coverage"}


def test_past_days_are_rebuilt_from_the_workflow_history(cast: Cast) -> None:
    project(cast, "archived", history=[*PUBLISHED, (3, "sunset_notice"), (2, "archived")])
    assessment(cast, 2, published=True, days=6)

    taken = snapshot_backfill(days=12)

    assert len(taken) == 12
    by_day = {
        (timezone.localdate() - s.day).days: s.values
        for s in MetricSnapshot.objects.filter(scope="all")
    }
    assert by_day[11]["projects"] == 0  # still in review
    assert (by_day[9]["projects"], by_day[9]["archived"]) == (1, 0)
    assert by_day[1]["archived"] == 1
    assert by_day[7]["entities_by_stage"]["2"] == 0
    assert by_day[5]["entities_by_stage"]["2"] == 1
    assert snapshot_backfill(days=12) == []  # kept unless replaced


def test_the_backfill_command_takes_past_days_and_today(cast: Cast, capsys: Any) -> None:
    call_command("dashboard_backfill", "--days", "3")
    assert "Took 3 past snapshots and today's" in capsys.readouterr().out
    assert MetricSnapshot.objects.filter(scope="all").count() == 4


def test_trends_read_one_value_per_day_oldest_first_and_weekly_beyond_90_days(
    cast: Cast,
) -> None:
    project(cast, "published", history=[(30, "submitted"), (20, "approved"), (4, "published")])
    snapshot_backfill(days=120)
    snapshot_take()
    today = timezone.localdate()

    daily = trend_points("all", ["projects", "archived"], days=7)
    weekly = trend_points("all", ["projects"], days=120)["projects"]

    assert [day for day, _ in daily["projects"]] == [
        (today - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]  # fmt: skip
    assert [value for _, value in daily["projects"]] == [0, 0, 1, 1, 1, 1, 1]
    assert [value for _, value in daily["archived"]] == [0] * 7
    assert len(weekly) in (18, 19)  # one point a week: the week's last snapshot
    assert weekly[-1] == (today.isoformat(), 1)
    assert latest_snapshot("all").day == today
    with pytest.raises(KeyError):
        trend_points("all", ["projects'); DROP TABLE x; --"], days=7)


def test_before_its_first_transition_a_project_is_a_draft_unless_it_has_none(cast: Cast) -> None:
    reviewed = project(cast, "published", history=[(5, "submitted"), (4, "approved"),
                                                   (2, "published")])  # fmt: skip
    type(reviewed).objects.filter(pk=reviewed.pk).update(created_at=ago(9))
    imported = project(cast, "published", licenses="MIT")  # no transition: imported as is
    type(imported).objects.filter(pk=imported.pk).update(created_at=ago(9))

    snapshot_backfill(days=8)

    by_day = {
        (timezone.localdate() - s.day).days: s.values["projects"]
        for s in MetricSnapshot.objects.filter(scope="all")
    }
    assert [by_day[n] for n in range(8, 0, -1)] == [1, 1, 1, 1, 1, 1, 2, 2]


def test_the_beat_schedule_takes_a_snapshot_every_hour() -> None:
    from osunited.dashboard import tasks
    from osunited.platform.celery import app

    entry = app.conf.beat_schedule["dashboard-snapshot"]
    assert entry["task"] == tasks.take_snapshot.name
    assert entry["schedule"].minute == {15}
    assert len(entry["schedule"].hour) == 24
