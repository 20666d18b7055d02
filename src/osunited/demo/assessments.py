"""Demo stage readiness assessments: a history for UNICEF (two submitted, one draft), and one
submitted assessment for a few other entities, published or private.

Ratings are derived from the framework itself, so the demo reaches the stage it claims whatever
the framework file says: everything required up to that stage is met, the next stage's items are
partly there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from osunited import framework as fw
from osunited.accounts.models import User
from osunited.assessments.models import Assessment, AssessmentStatus, Visibility
from osunited.assessments.services import (
    answer_save,
    assessment_carry_forward,
    assessment_set_visibility,
    assessment_start,
    assessment_submit,
)
from osunited.entities.models import Entity

FRAMEWORK = "cpf-rc1"
EVIDENCE = {
    "G1": ("The open source liaison is named on the entity page.", "Head of Digital"),
    "C1": ("Every release is checked for licenses by the platform's scanner.", "OSPO lead"),
    "CB1": ("Two staff completed the OSEE introduction module this year.", "Learning team"),
    "P2.4": ("Procurement rules ask bidders for open source options.", "Procurement"),
}


@dataclass(frozen=True)
class DemoAssessment:
    entity: str
    stage: int  # the stage its ratings reach
    days_ago: int
    published: bool = True
    submitted: bool = True
    not_applicable: dict[str, str] = field(default_factory=dict)


DEMO_ASSESSMENTS = [
    DemoAssessment("UNICEF", 1, days_ago=420),
    DemoAssessment("UNICEF", 2, days_ago=60),
    DemoAssessment(
        "WHO", 3, days_ago=150, not_applicable={"CH12": "WHO hosts no code outside its own forge."}
    ),
    DemoAssessment("UNDP", 2, days_ago=95),
    DemoAssessment("OICT", 3, days_ago=30),
    DemoAssessment("WFP", 1, days_ago=20, published=False),
]


def demo_ratings(framework: fw.Framework, stage: int) -> dict[str, str]:
    """Ratings that reach exactly `stage`: what is required up to it is met, what is expected
    at the next stage is partial, and one item required there stays minimal."""
    ratings: dict[str, str] = {}
    for item in framework.items:
        needed = [item.minimum(k) for k in fw.STAGES[:stage] if item.level(k) is fw.Level.REQUIRED]
        if needed:
            ratings[item.id] = max(needed, key=lambda rating: rating.score).value
        elif any(item.level(k) is not fw.Level.OPTIONAL for k in fw.STAGES[: stage + 1]):
            ratings[item.id] = fw.Rating.PARTIAL.value
    if stage < fw.STAGES[-1]:
        met_below = {i.id for k in fw.STAGES[:stage] for i in fw.blocking_items(framework, k)}
        held_back = next(
            item for item in fw.blocking_items(framework, stage + 1) if item.id not in met_below
        )
        ratings[held_back.id] = fw.Rating.MINIMAL.value
    return ratings


def load_assessments() -> None:
    framework = fw.load_framework(FRAMEWORK)
    representative = User.objects.get(email="representative@unicef.org")
    for demo in DEMO_ASSESSMENTS:
        entity = Entity.objects.get(acronym=demo.entity)
        user = representative if demo.entity == "UNICEF" else None
        assessment = _fill(entity, framework, demo, user)
        _backdate(assessment, demo.days_ago)
    latest = Assessment.objects.filter(entity__acronym="UNICEF").latest("created_at")
    carried = assessment_carry_forward(
        assessment=latest, framework_id=FRAMEWORK, user=representative
    )
    evidence = "All new projects use the recommended licenses."
    answer_save(
        assessment=carried.assessment,
        item_id="C2",
        rating="full",
        user=representative,
        evidence=evidence,
        owner="OSPO lead",
    )


def _fill(
    entity: Entity, framework: fw.Framework, demo: DemoAssessment, user: User | None
) -> Assessment:
    assessment = assessment_start(entity=entity, framework_id=FRAMEWORK, user=user)
    for item_id, rating in demo_ratings(framework, demo.stage).items():
        reason = demo.not_applicable.get(item_id, "")
        evidence, owner = EVIDENCE.get(item_id, ("", ""))
        answer_save(
            assessment=assessment,
            item_id=item_id,
            user=user,
            evidence=evidence,
            owner=owner,
            rating="not_applicable" if reason else rating,
            justification=reason,
        )
    if demo.submitted:
        assessment_submit(assessment=assessment, user=user)
    if demo.published:
        assessment_set_visibility(assessment=assessment, visibility=Visibility.PUBLISHED, user=user)
    return assessment


def _backdate(assessment: Assessment, days_ago: int) -> None:
    moment = timezone.now() - timedelta(days=days_ago)
    is_submitted = assessment.status == AssessmentStatus.SUBMITTED
    submitted = moment + timedelta(days=7) if is_submitted else None
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=moment, updated_at=submitted or moment, submitted_at=submitted
    )
