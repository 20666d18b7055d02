"""The community figures read from the platform's forge: what happened on the repositories it
provisioned in the last 90 days (merge requests merged, the median first response to one),
measured over the public projects whose activity was read; never 0 for "not read"."""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from osunited.dashboard.metrics import ProjectFacts
    from osunited.forges.adapters import ForgeActivity

FORGE_METRICS = ("merge_requests_merged_90d", "median_first_response_hours")


def forge_activity_of(project_ids: list[int]) -> dict[int, list[ForgeActivity]]:
    """Each project's forge activity, one per provisioned repository whose activity was read
    (forges.selectors.activity_of, the one reading of it)."""
    from osunited.forges.models import HostedRepository, HostingState
    from osunited.forges.selectors import activity_of

    found: dict[int, list[ForgeActivity]] = {pid: [] for pid in project_ids}
    repositories = HostedRepository.objects.filter(
        project_id__in=project_ids, state=HostingState.READY
    ).only("project_id", "activity")
    for repository in repositories:
        activity = activity_of(repository)
        if activity is not None:
            found[repository.project_id].append(activity)
    return found


def measure_forge_activity(projects: list[ProjectFacts]) -> dict[str, Any]:
    activities = [a for p in projects for a in p.forge or []]
    responses = [
        a.median_first_response_hours
        for a in activities
        if a.median_first_response_hours is not None
    ]
    return {
        "merge_requests_merged_90d": (
            sum(a.merge_requests_merged for a in activities) if activities else None
        ),
        "median_first_response_hours": round(median(responses), 1) if responses else None,
    }


def forge_coverage(projects: list[ProjectFacts]) -> dict[str, dict[str, int]]:
    """Over how many projects the forge figures were measured; nothing when the activity was
    not read at all (a past day rebuilt from history)."""
    if all(p.forge is None for p in projects):
        return {}
    measured = sum(1 for p in projects if p.forge)
    responded = sum(
        1 for p in projects if any(a.median_first_response_hours is not None for a in p.forge or [])
    )
    not_hosted = len(projects) - measured
    return {
        "merge_requests_merged_90d": {
            "measured": measured,
            "not_scanned": 0,
            "not_hosted": not_hosted,
        },
        "median_first_response_hours": {
            "measured": responded,
            "not_scanned": 0,
            "not_hosted": not_hosted,
        },
    }
