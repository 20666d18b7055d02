"""Reads of assessments: who may see or change which, and ratings suggested by platform data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited import framework as fw
from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    RatingChoice,
    Visibility,
)
from osunited.entities.models import Entity
from osunited.platform.datatexts import reader_language
from osunited.scanner.licenses import license_ids
from osunited.texts import ENGLISH


def framework_of(assessment: Assessment, language: str = ENGLISH) -> fw.Framework:
    """The assessment's framework, its texts in `language` for a page (what is stored stays
    in English)."""
    return fw.load_framework(assessment.framework_id, language)


def engine_answers(assessment: Assessment) -> dict[str, fw.Answer]:
    """The stored answers, as the framework engine takes them."""
    return {
        answer.item_id: fw.Answer(
            rating=fw.Rating(answer.rating),
            justification=answer.justification,
            evidence=tuple([answer.evidence] if answer.evidence else []) + tuple(answer.links),
            owner=answer.owner,
        )
        for answer in assessment.answers.all()
    }


def assessment_result(assessment: Assessment, language: str = ENGLISH) -> fw.Result:
    return fw.assess(framework_of(assessment, language), engine_answers(assessment))


def may_manage_assessments(user: Viewer, entity: Entity) -> bool:
    """Entity representatives of `entity` (and platform admins) start, answer and publish."""
    if not user.is_authenticated:
        return False
    return Role.PLATFORM_ADMIN in roles_of(user) or is_entity_representative(user, entity)


def public_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED, visibility=Visibility.PUBLISHED
    )


def assessments_of_entity(*, user: Viewer, entity: Entity) -> QuerySet[Assessment]:
    """The entity's assessments `user` may see: all for its representatives, else published."""
    assessments = Assessment.objects.filter(entity=entity)
    if not may_manage_assessments(user, entity):
        assessments = assessments & public_assessments()
    return assessments.select_related("entity").order_by("-created_at", "-pk")


def get_assessment_for_user(*, user: Viewer, pk: int, manage: bool = False) -> Assessment:
    """The assessment if `user` may see it (404 otherwise: a private one is not revealed); with
    `manage`, only for the entity's representatives (403 for a reader of a published one)."""
    assessment = get_object_or_404(Assessment.objects.select_related("entity"), pk=pk)
    manager = may_manage_assessments(user, assessment.entity)
    public = (assessment.status, assessment.visibility) == (
        AssessmentStatus.SUBMITTED,
        Visibility.PUBLISHED,
    )
    if not manager and not public:
        raise Http404
    if manage and not manager:
        raise PermissionDenied(_("Only the entity's representatives change its assessments."))
    return assessment


# -- suggestions from platform data -----------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A rating the platform's own data suggests, with where it comes from. Never saved by
    itself: a person's answer always wins."""

    item_id: str
    rating: str
    provenance: str


def _rating_for_share(part: int, whole: int) -> str:
    """All: full; at least half: partial; less: minimal."""
    if part == whole:
        return RatingChoice.FULL
    return RatingChoice.PARTIAL if part * 2 >= whole else RatingChoice.MINIMAL


def suggestions_for(entity: Entity) -> dict[str, Suggestion]:
    """Suggested ratings for the items the platform can measure (docs/assessment.md)."""
    from osunited.catalog.models import Project
    from osunited.catalog.workflow import ProjectStatus

    suggestions = [_liaison(entity)]
    registered = Project.objects.filter(entity=entity).exclude(
        status__in=(ProjectStatus.DRAFT, ProjectStatus.REJECTED, ProjectStatus.ARCHIVED)
    )
    counts = _catalog_counts(registered)
    total = counts["total"]
    if total:
        suggestions += [
            Suggestion(
                "SC1",
                _rating_for_share(counts["focal"], total),
                _("%(n)d of %(total)d registered projects have a focal point.")
                % {"n": counts["focal"], "total": total},
            ),
            Suggestion(
                "C2",
                _rating_for_share(counts["recommended"], total),
                _("%(n)d of %(total)d registered projects are under a recommended license.")
                % {"n": counts["recommended"], "total": total},
            ),
            Suggestion(
                "CH4",
                _rating_for_share(counts["scanned"], total),
                _(
                    "%(n)d of %(total)d registered projects had a successful scan in the last "
                    "30 days."
                )
                % {"n": counts["scanned"], "total": total},
            ),
        ]
    published = counts["published"]
    if published:
        months = settings.OSU_CATALOG_CONFIRMATION_MONTHS
        suggestions.append(
            Suggestion(
                "SC4",
                _rating_for_share(counts["confirmed"], published),
                _(
                    "%(n)d of %(total)d published entries were confirmed in the last "
                    "%(months)d months."
                )
                % {"n": counts["confirmed"], "total": published, "months": months},
            )
        )
    suggestions += _forge_audit(entity)  # later ones win: the audit says more than the scans
    return {suggestion.item_id: suggestion for suggestion in suggestions}


def _forge_audit(entity: Entity) -> list[Suggestion]:
    """CH1-CH12 as the latest audit of the entity's namespace on its forge observed them."""
    from osunited.forges.auditing import guideline_shares

    return [
        Suggestion(
            share.guideline_id, _rating_for_share(share.met, share.observed), share.provenance
        )
        for share in guideline_shares(entity)
    ]


def _liaison(entity: Entity) -> Suggestion:
    if entity.liaison_id:
        return Suggestion("G1", RatingChoice.FULL, _("The entity page names a liaison."))
    return Suggestion("G1", RatingChoice.MINIMAL, _("The entity page names no liaison yet."))


def _catalog_counts(projects: QuerySet[Any]) -> dict[str, int]:
    from osunited.catalog.models import Scan, ScanStatus
    from osunited.catalog.sunset import with_current_confirmation
    from osunited.catalog.workflow import ProjectStatus
    from osunited.scanner import default_policy

    now = timezone.now()
    recent_scan = Scan.objects.filter(
        project=OuterRef("pk"),
        status=ScanStatus.SUCCEEDED,
        finished_at__gte=now - timedelta(days=30),
    )
    counted = with_current_confirmation(projects, now).annotate(
        focal=Count("focal_points"), scanned=Exists(recent_scan)
    )
    fields = ("licenses", "focal", "scanned", "status", "confirmation_current")
    rows = list(counted.values_list(*fields))
    recommended = default_policy().recommended_licenses
    published = [row for row in rows if row[3] == ProjectStatus.PUBLISHED]
    return {
        "total": len(rows),
        "focal": sum(1 for row in rows if row[1]),
        "scanned": sum(1 for row in rows if row[2]),
        "recommended": sum(1 for row in rows if _only_recommended(row[0], recommended)),
        "published": len(published),
        "confirmed": sum(1 for row in published if row[4]),
    }


def _only_recommended(expression: str, recommended: frozenset[str]) -> bool:
    """Whether a license expression names licenses, all of them recommended."""
    ids = license_ids(expression) if expression.strip() else ()
    return bool(ids) and all(license_id in recommended for license_id in ids)


# -- pages: the result, the executive summary, a comparison -------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One framework item with its answer (None: unrated) and the platform's suggestion."""

    item: fw.Item
    answer: Answer | None
    suggestion: Suggestion | None
    evidence: tuple[Any, ...] = ()  # learning evidence suggested (learning.selectors.evidence)
    policies: tuple[Any, ...] = ()  # the entity's policies suggested (policies.selectors.evidence)

    @property
    def levels(self) -> list[tuple[int, fw.Level]]:
        return list(zip(fw.STAGES, self.item.levels, strict=True))


@dataclass(frozen=True)
class AssessmentReport:
    assessment: Assessment
    framework: fw.Framework
    result: fw.Result

    @property
    def stage_changed(self) -> bool:
        """A submitted assessment whose framework file now computes another stage."""
        return self.assessment.stage is not None and self.assessment.stage != self.result.stage

    @property
    def unrated(self) -> int:
        return len(self.framework.items) - self.result.rated

    @property
    def next_stage(self) -> fw.Stage | None:
        return self.framework.stage(self.result.target_stage) if self.result.stage < 4 else None

    def gaps(self) -> list[tuple[int, list[fw.Item]]]:
        """Unmet blocking items per stage up to the target, with their framework text."""
        return [
            (stage, [self.framework.item(item_id) for item_id in ids])
            for stage, ids in self.result.blocking_gaps.items()
            if ids
        ]

    def synthesis_rows(self) -> list[SynthesisRow]:
        """The executive summary: the synthesis table, with where the entity stands on each."""
        by_pillar = {r.pillar: r for r in self.result.readiness}
        return [
            SynthesisRow(
                pillar, list(zip(fw.STAGES, pillar.levels, strict=True)), by_pillar[pillar.id]
            )
            for pillar in self.framework.pillars
        ]


@dataclass(frozen=True)
class SynthesisRow:
    pillar: fw.Pillar
    levels: list[tuple[int, fw.Level]]
    standing: fw.PillarReadiness

    @property
    def percent(self) -> int | None:
        readiness = self.standing.readiness
        return None if readiness is None else round(readiness * 100)


def assessment_report(assessment: Assessment) -> AssessmentReport:
    """The result as the pages show it, in the reader's language."""
    language = reader_language()
    return AssessmentReport(
        assessment, framework_of(assessment, language), assessment_result(assessment, language)
    )


def item_views(assessment: Assessment, pillar: str) -> list[ItemView]:
    """The items of one pillar with their answers (files prefetched) and suggestions."""

    answers = {
        a.item_id: a
        for a in assessment.answers.prefetch_related("files").select_related("updated_by")
    }
    suggestions = suggestions_for(assessment.entity) if assessment.is_editable else {}
    framework = framework_of(assessment, reader_language())
    items = [item for item in framework.items if item.pillar == pillar]
    evidence = _learning_evidence(assessment, items) if assessment.is_editable else {}
    policies = _policy_evidence(assessment, items) if assessment.is_editable else {}
    return [
        ItemView(
            item,
            answers.get(item.id),
            suggestions.get(item.id),
            tuple(evidence.get(item.id, ())),
            tuple(policies.get(item.id, ())),
        )
        for item in items
    ]


def _learning_evidence(assessment: Assessment, items: list[fw.Item]) -> dict[str, list[Any]]:
    """What the entity's people learnt, suggested as evidence (never saved by itself)."""
    from osunited.learning.selectors.evidence import evidence_suggestions

    return evidence_suggestions(assessment.entity, [item.id for item in items])


def _policy_evidence(assessment: Assessment, items: list[fw.Item]) -> dict[str, list[Any]]:
    """The entity's published policies, suggested as evidence (never saved by themselves)."""
    from osunited.policies.selectors.evidence import policy_suggestions

    return dict(policy_suggestions(assessment.entity, [item.id for item in items]))


def answered_per_pillar(assessment: Assessment) -> dict[str, int]:

    pillar_of = {item.id: item.pillar for item in framework_of(assessment).items}
    counts: dict[str, int] = {}
    for item_id in assessment.answers.values_list("item_id", flat=True):
        if item_id in pillar_of:
            counts[pillar_of[item_id]] = counts.get(pillar_of[item_id], 0) + 1
    return counts


@dataclass(frozen=True)
class ComparedPillar:
    name: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class ComparedItem:
    item_id: str
    text: str
    before: str  # a rating, or "" when the item was not rated
    after: str


@dataclass(frozen=True)
class Comparison:
    before: AssessmentReport
    after: AssessmentReport
    stage: int  # the stage both readiness columns are measured at
    pillars: list[ComparedPillar]
    changed: list[ComparedItem]


def assessment_comparison(before: Assessment, after: Assessment) -> Comparison:
    """Two assessments side by side: stages, readiness at the later one's target stage, and
    every item whose rating differs (items matched by id, so versions compare too)."""

    old, new = assessment_report(before), assessment_report(after)
    stage = new.result.target_stage
    old_readiness = {
        r.pillar: r.readiness
        for r in fw.pillar_readiness(old.framework, engine_answers(before), stage)
    }
    pillars = [
        ComparedPillar(r.name, old_readiness.get(r.pillar), r.readiness)
        for r in fw.pillar_readiness(new.framework, engine_answers(after), stage)
    ]
    texts = {item.id: item.text for item in (*old.framework.items, *new.framework.items)}
    ratings_before = {k: v.value for k, v in old.result.ratings.items()}
    ratings_after = {k: v.value for k, v in new.result.ratings.items()}
    order = [i.id for i in new.framework.items] + [
        i.id for i in old.framework.items if i.id not in new.framework.item_ids
    ]
    changed = [
        ComparedItem(i, texts[i], ratings_before.get(i, ""), ratings_after.get(i, ""))
        for i in order
        if ratings_before.get(i, "") != ratings_after.get(i, "")
    ]
    return Comparison(old, new, stage, pillars, changed)


@dataclass(frozen=True)
class EntityStanding:
    """An entity its representative manages, with its latest assessment (draft or submitted)
    and that assessment's report; both None before its first assessment."""

    entity: Entity
    assessment: Assessment | None
    report: AssessmentReport | None


def standings_of_representative(user: Viewer) -> list[EntityStanding]:
    """For the home page of an entity's representative: each entity they represent, its latest
    assessment and gaps; three queries however many entities and assessments."""
    if not user.is_authenticated:
        return []
    held = RoleGrant.objects.filter(
        user=user, role=GrantedRole.ENTITY_REPRESENTATIVE, entity__isnull=False
    )
    entities = list(Entity.objects.filter(pk__in=held.values("entity_id")).order_by("acronym"))
    newest = Assessment.objects.filter(entity=OuterRef("entity")).order_by("-created_at", "-pk")
    latest = (
        Assessment.objects.filter(entity__in=entities, pk=Subquery(newest.values("pk")[:1]))
        .defer("result")
        .prefetch_related("answers")
    )
    by_entity = {assessment.entity_id: assessment for assessment in latest}
    standings = []
    for entity in entities:
        assessment = by_entity.get(entity.pk)
        if assessment is not None:
            assessment.entity = entity
        report = assessment_report(assessment) if assessment is not None else None
        standings.append(EntityStanding(entity, assessment, report))
    return standings
