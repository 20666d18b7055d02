"""Reads of the roster of experts (CPF 4.1.3, G10): an expert's own profile, the vetted roster and
its search, the Board's applications, consultations as each party sees them, and the conflicts
of interest of an expert in a consultation (the rules are in `governance.conflicts`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf.locale import LANG_INFO
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from osunited import osee
from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.types import User
from osunited.catalog.models import Project
from osunited.catalog.selectors import visible_projects
from osunited.entities.models import Entity
from osunited.governance.conflicts import (
    Conflict,
    ConsultationFacts,
    ExpertFacts,
    Organisation,
    conflicts_of,
)
from osunited.governance.models import (
    ConsultationKind,
    ConsultationRequest,
    ConsultationStatus,
    Expert,
    ExpertStatus,
)
from osunited.learning.selectors.osee_topics import Topic, topics_named

# The six official languages of the UN first; Django lists Chinese only by script (zh-hans).
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_CHINESE = "zh"


@dataclass(frozen=True)
class Language:
    code: str
    name: str


def language_codes() -> frozenset[str]:
    """ISO 639-1 codes the platform knows by name: Django's two-letter languages and Chinese."""
    return frozenset({code for code in LANG_INFO if len(code) == 2} | {_CHINESE})


def language_named(code: str) -> Language:
    if code == _CHINESE:
        return Language(code, _("Chinese"))
    info = LANG_INFO.get(code)
    return Language(code, _(info["name"]) if info else code)


def language_choices() -> list[tuple[str, str]]:
    """Every known language by name, the UN's six first."""
    others = sorted(
        (language_named(code) for code in language_codes() - set(UN_LANGUAGES)),
        key=lambda language: language.name,
    )
    ordered = [*map(language_named, UN_LANGUAGES), *others]
    return [(language.code, language.name) for language in ordered]


@dataclass(frozen=True)
class ExpertRow:
    expert: Expert
    competencies: list[Topic]
    languages: list[Language]


def expert_row(expert: Expert) -> ExpertRow:
    return ExpertRow(
        expert=expert,
        competencies=topics_named(expert.competencies),
        languages=[language_named(code) for code in expert.languages],
    )


def expert_of(user: User) -> Expert | None:
    return Expert.objects.filter(user=user).first()


def roster(
    *, area: str = "", language: str = "", min_days: int | None = None, text: str = ""
) -> list[ExpertRow]:
    """Vetted experts, by name; an area is a module (`module:<id>`) or a competency id. Areas and
    languages are filtered here, as SQLite has no JSON containment."""
    experts = Expert.objects.filter(status=ExpertStatus.VETTED).select_related("user")
    if min_days:
        experts = experts.filter(days_per_month__gte=min_days)
    for word in text.split():
        experts = experts.filter(
            Q(display_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(bio__icontains=word)
            | Q(availability__icontains=word)
        )
    return [
        expert_row(expert)
        for expert in experts
        if _offers(expert, area) and (not language or language in expert.languages)
    ]


def _offers(expert: Expert, area: str) -> bool:
    if not area:
        return True
    if area.startswith("module:"):
        module = area.removeprefix("module:")
        return any(competency.split("/")[0] == module for competency in expert.competencies)
    return area in expert.competencies


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For the roster's search: each module, as a whole and by competency."""
    framework = osee.load_osee()
    groups = []
    for module in framework.modules:
        label = _("Any competency of %(module)s") % {"module": module.title}
        whole = (f"module:{module.id}", label)
        competencies = [
            (competency.id, competency.name)
            for competency in framework.competencies()
            if competency.module_id == module.id
        ]
        groups.append((module.title, [whole, *competencies]))
    return groups


def get_vetted_expert(pk: int) -> Expert:
    expert = Expert.objects.filter(pk=pk, status=ExpertStatus.VETTED).select_related("user").first()
    if expert is None:
        raise Http404
    return expert


def get_expert(pk: int) -> Expert:
    expert = Expert.objects.filter(pk=pk).select_related("user", "vetted_by").first()
    if expert is None:
        raise Http404
    return expert


def applications() -> list[ExpertRow]:
    """What the Board has to vet, oldest first."""
    waiting = Expert.objects.filter(status=ExpertStatus.APPLIED).select_related("user")
    return [expert_row(expert) for expert in waiting.order_by("applied_at", "pk")]


def recently_vetted(limit: int = 20) -> QuerySet[Expert]:
    decided = (ExpertStatus.VETTED, ExpertStatus.DECLINED)
    return (
        Expert.objects.filter(status__in=decided, vetted_at__isnull=False)
        .select_related("vetted_by")
        .order_by("-vetted_at")[:limit]
    )


# -- consultations ---------------------------------------------------------------------------


def consultations_received(user: User) -> QuerySet[ConsultationRequest]:
    return ConsultationRequest.objects.filter(expert__user=user).select_related(
        "requested_by", "entity", "project"
    )


def consultations_sent(user: User) -> QuerySet[ConsultationRequest]:
    return ConsultationRequest.objects.filter(requested_by=user).select_related(
        "expert", "entity", "project"
    )


def get_consultation_for_party(user: User, pk: int) -> ConsultationRequest:
    """A consultation the user asked for or is the expert of; 404 for anyone else."""
    consultation = (
        ConsultationRequest.objects.filter(Q(requested_by=user) | Q(expert__user=user), pk=pk)
        .select_related("expert", "expert__user", "requested_by", "entity", "project")
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def review_opinions(project: Project) -> QuerySet[ConsultationRequest]:
    """The opinions asked of experts on the project's review, newest first."""
    return ConsultationRequest.objects.filter(
        project=project, kind=ConsultationKind.REVIEW_OPINION
    ).select_related("expert", "requested_by")


def open_opinion_experts(project: Project) -> set[int]:
    """Experts asked for an opinion on the project who have not answered or declined yet."""
    waiting = (ConsultationStatus.SENT, ConsultationStatus.ACCEPTED)
    return set(
        review_opinions(project).filter(status__in=waiting).values_list("expert_id", flat=True)
    )


ConflictedExpert = tuple[Expert, list[Conflict]]


def experts_for_opinion(project: Project) -> tuple[list[Expert], list[ConflictedExpert]]:
    """Vetted experts the committee may ask about the project, and those it may not (with
    their conflicts)."""
    facts = project_facts(project)
    free: list[Expert] = []
    conflicted: list[ConflictedExpert] = []
    for expert in Expert.objects.filter(status=ExpertStatus.VETTED).select_related("user__entity"):
        found = conflicts_of(expert_facts(expert), facts)
        if found:
            conflicted.append((expert, found))
        else:
            free.append(expert)
    return free, conflicted


def projects_to_consult_about(user: User) -> QuerySet[Project]:
    """The projects a requester may name: those they are a focal point of, and those of their
    entity and of the entities they represent, among the projects they may see."""
    represented = RoleGrant.objects.filter(
        user=user, role=GrantedRole.ENTITY_REPRESENTATIVE
    ).values("entity_id")
    own = Q(focal_points=user) | Q(entity_id__in=represented)
    if user.entity_id is not None:
        own |= Q(entity_id=user.entity_id)
    mine = Project.objects.filter(own).values("pk")
    return visible_projects(user).filter(pk__in=mine)


def consultation_conflicts(
    expert: Expert, *, entity: Entity | None, project: Project | None
) -> list[Conflict]:
    facts = project_facts(project) if project is not None else ConsultationFacts()
    facts = replace(facts, requesting_entity=_organisation(entity))
    return conflicts_of(expert_facts(expert), facts)


def expert_facts(expert: Expert) -> ExpertFacts:
    user = expert.user
    staff_of = _organisation(user.entity) if user.is_un_staff else None
    return ExpertFacts(
        user_id=user.pk, staff_of=staff_of, organisations=tuple(expert.organisations)
    )


def project_facts(project: Project) -> ConsultationFacts:
    return ConsultationFacts(
        project_name=project.name,
        project_entity=_organisation(project.entity),
        project_focal_point_ids=frozenset(project.focal_points.values_list("pk", flat=True)),
        repository_urls=tuple(project.repositories.values_list("url", flat=True)),
    )


def _organisation(entity: Entity | None) -> Organisation | None:
    return None if entity is None else Organisation(entity.name, entity.acronym)


def conflicts_recorded(consultation: ConsultationRequest) -> list[Conflict]:
    return [Conflict.from_dict(item) for item in consultation.conflicts if isinstance(item, dict)]
