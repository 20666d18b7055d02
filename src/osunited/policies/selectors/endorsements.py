"""Endorsements of the UN Open Source Principles, each with its organisation's policies in the
library and, for a UN entity, its published assessments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from osunited.assessments.models import Assessment, AssessmentStatus, Visibility
from osunited.policies.models import Endorsement, Policy


@dataclass(frozen=True)
class EndorsementRow:
    endorsement: Endorsement
    policies: list[Policy]
    assessments: list[Any]


def endorsement_rows() -> list[EndorsementRow]:
    """Newest first; four queries whatever the number of endorsements."""
    endorsements = list(
        Endorsement.objects.select_related("entity").prefetch_related(
            Prefetch("policies", queryset=Policy.objects.filter(published=True))
        )
    )
    entity_ids = [e.entity_id for e in endorsements if e.entity_id]
    published = Assessment.objects.filter(
        entity_id__in=entity_ids,
        status=AssessmentStatus.SUBMITTED,
        visibility=Visibility.PUBLISHED,
    ).order_by("-submitted_at")
    by_entity: dict[int, list[Assessment]] = {}
    for assessment in published:
        by_entity.setdefault(assessment.entity_id, []).append(assessment)
    return [
        EndorsementRow(e, list(e.policies.all()), by_entity.get(e.entity_id or 0, []))
        for e in endorsements
    ]
