"""Writing the policy library: publishing and editing a policy (each published change keeps a
version with what changed), replacing an older one, lessons learned and their moderation,
endorsements of the UN Open Source Principles, and adding a policy to an assessment's evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.assessments.models import Answer, Assessment
from osunited.assessments.services import MAX_LINKS, answer_save
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.framework import FrameworkError, load_framework
from osunited.policies.models import (
    Endorsement,
    IssuerKind,
    LessonLearned,
    Origin,
    Policy,
    PolicyClause,
    PolicyObjective,
    PolicySource,
    PolicyStatus,
    PolicyVersion,
)
from osunited.policies.selectors.evidence import PolicySuggestion, policy_suggestions
from osunited.policies.selectors.library import is_policy_editor, may_edit_policy

FRAMEWORK_ID = "cpf-rc1"
MAX_EVIDENCE_CHARS = 5000  # what an answer's evidence text holds
POLICY_FIELDS = (
    "title",
    "issuer",
    "issuer_kind",
    "country",
    "entity",
    "region",
    "issuing_area",
    "policy_type",
    "year",
    "date",
    "oss_specific",
    "action",
    "term",
    "status",
    "summary",
    "objectives_text",
    "notes",
    "supersedes",
    "published",
)


@dataclass(frozen=True)
class ClauseInput:
    reference: str
    text: str
    items: tuple[str, ...]


def framework_item_ids(framework_id: str = FRAMEWORK_ID) -> list[str]:
    return [item.id for item in load_framework(framework_id).items]


def _check_clauses(clauses: list[ClauseInput]) -> None:
    try:
        known = set(framework_item_ids())
    except FrameworkError as error:
        raise ValidationError(str(error)) from error
    for clause in clauses:
        unknown = [item for item in clause.items if item not in known]
        if unknown:
            raise ValidationError(
                _("%(items)s: not an item of the CPF.") % {"items": ", ".join(unknown)}
            )


def _check_publisher(actor: User, fields: dict[str, Any]) -> None:
    """Who may hold a policy with these fields: its entity's representatives for a UN entity's,
    editors for a government's or an organisation's (admins for all)."""
    if fields["issuer_kind"] == IssuerKind.UN_ENTITY:
        entity = fields.get("entity")
        if entity is None:
            raise ValidationError(_("A UN entity's policy names its entity."))
        if Role.PLATFORM_ADMIN not in roles_of(actor) and not is_entity_representative(
            actor, entity
        ):
            raise PermissionDenied(_("Only the entity's representatives publish its policies."))
    elif not is_policy_editor(actor):
        raise PermissionDenied(
            _("Only policy library editors record the policies of governments and organisations.")
        )


def _check_supersedes(actor: User, policy: Policy | None, older: Policy | None) -> None:
    if older is None:
        return
    if policy is not None and older.pk == policy.pk:
        raise ValidationError(_("A policy cannot replace itself."))
    if not may_edit_policy(actor, older):
        raise PermissionDenied(_("You may not mark that policy as replaced."))


def snapshot(policy: Policy) -> dict[str, Any]:
    """The policy as its version keeps it: fields, objectives, sources and clauses."""
    values: dict[str, Any] = {}
    for name in POLICY_FIELDS:
        value = getattr(policy, f"{name}_id" if name in ("entity", "supersedes") else name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    values["objectives"] = sorted(o.objective for o in policy.objectives.all())
    values["sources"] = [{"citation": s.citation, "url": s.url} for s in policy.sources.all()]
    values["clauses"] = [
        {"reference": c.reference, "text": c.text, "items": list(c.items)}
        for c in policy.clauses.all()
    ]
    return values


def _replace_children(
    policy: Policy,
    objectives: list[str],
    sources: list[tuple[str, str]],
    clauses: list[ClauseInput],
) -> None:
    policy.objectives.all().delete()
    policy.sources.all().delete()
    policy.clauses.all().delete()
    PolicyObjective.objects.bulk_create(
        PolicyObjective(policy=policy, objective=o) for o in dict.fromkeys(objectives)
    )
    PolicySource.objects.bulk_create(
        PolicySource(policy=policy, position=n, citation=citation, url=url)
        for n, (citation, url) in enumerate(sources)
    )
    PolicyClause.objects.bulk_create(
        PolicyClause(
            policy=policy,
            position=n,
            reference=c.reference,
            text=c.text,
            framework_id=FRAMEWORK_ID,
            items=list(c.items),
        )
        for n, c in enumerate(clauses)
    )


def _version(policy: Policy, actor: User, change_note: str) -> PolicyVersion:
    last = policy.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PolicyVersion.objects.create(
        policy=policy,
        number=last + 1,
        snapshot=snapshot(policy),
        change_note=change_note,
        created_by=actor,
    )


def _mark_replaced(older: Policy, actor: User, newer: Policy) -> None:
    if older.status == PolicyStatus.REPLACED:
        return
    older.status = PolicyStatus.REPLACED
    older.save(update_fields=["status", "updated_at"])
    audit_record(
        action="policies.policy_replaced",
        actor=actor,
        target=older,
        changes={"replaced_by": str(newer.public_id)},
    )


@transaction.atomic
def policy_save(
    *,
    actor: User,
    policy: Policy | None,
    fields: dict[str, Any],
    objectives: list[str],
    sources: list[tuple[str, str]],
    clauses: list[ClauseInput],
    change_note: str = "",
) -> Policy:
    """Create (policy=None) or change a policy. A published result keeps a new version with the
    change note; naming an older policy it replaces marks that one replaced."""
    if policy is not None and not may_edit_policy(actor, policy):
        raise PermissionDenied(_("You may not edit this policy."))
    _check_publisher(actor, fields)
    _check_clauses(clauses)
    _check_supersedes(actor, policy, fields.get("supersedes"))
    created = policy is None
    if policy is None:
        policy = Policy(origin=Origin.PLATFORM, created_by=actor)
    before = {} if created else snapshot(policy)
    for name in POLICY_FIELDS:
        setattr(policy, name, fields.get(name, getattr(policy, name)))
    policy.full_clean(exclude=["csis_row"])
    policy.save()
    _replace_children(policy, objectives, sources, clauses)
    after = snapshot(policy)
    changed = sorted(k for k in after if before.get(k) != after[k])
    if policy.published and changed:
        note = change_note or (_("First published") if created else "")
        _version(policy, actor, note)
    if policy.supersedes is not None:
        _mark_replaced(policy.supersedes, actor, policy)
    audit_record(
        action="policies.policy_created" if created else "policies.policy_changed",
        actor=actor,
        target=policy,
        changes={"fields": changed, "note": change_note},
    )
    return policy


@transaction.atomic
def lesson_add(*, policy: Policy, author: User, role: str, text: str) -> LessonLearned:
    if not policy.published:
        raise PermissionDenied(_("Lessons are shared on published policies."))
    if not role.strip() or not text.strip():
        raise ValidationError(_("Say what your part was and what you learned."))
    lesson = LessonLearned.objects.create(
        policy=policy, author=author, entity=author.entity, role=role.strip(), text=text.strip()
    )
    audit_record(
        action="policies.lesson_added",
        actor=author,
        target=policy,
        changes={"lesson": lesson.pk},
    )
    return lesson


@transaction.atomic
def lesson_hide(*, lesson: LessonLearned, actor: User) -> LessonLearned:
    if not is_policy_editor(actor):
        raise PermissionDenied(_("Only policy library editors hide lessons."))
    if lesson.hidden_at is None:
        lesson.hidden_at = timezone.now()
        lesson.save(update_fields=["hidden_at"])
        audit_record(
            action="policies.lesson_hidden",
            actor=actor,
            target=lesson.policy,
            changes={"lesson": lesson.pk},
        )
    return lesson


def _check_endorser(actor: User, entity: Entity | None, kind: str) -> None:
    if is_policy_editor(actor):
        return
    if (
        kind != IssuerKind.UN_ENTITY
        or entity is None
        or not is_entity_representative(actor, entity)
    ):
        raise PermissionDenied(_("You record only your own entity's endorsement."))


@transaction.atomic
def endorsement_record(
    *,
    actor: User,
    organisation: str,
    organisation_kind: str,
    endorsed_on: date,
    entity: Entity | None = None,
    country: str = "",
    statement_url: str = "",
    policies: list[Policy] | None = None,
) -> Endorsement:
    """Record an organisation's endorsement of the UN Open Source Principles (once each)."""
    _check_endorser(actor, entity, organisation_kind)
    if endorsed_on > timezone.localdate():
        raise ValidationError(_("The endorsement date cannot be in the future."))
    if entity is not None:
        organisation, organisation_kind = entity.name, IssuerKind.UN_ENTITY
    if Endorsement.objects.filter(organisation=organisation).exists() or (
        entity is not None and Endorsement.objects.filter(entity=entity).exists()
    ):
        raise ValidationError(
            _("%(organisation)s's endorsement is already recorded.")
            % {"organisation": organisation}
        )
    endorsement = Endorsement(
        organisation=organisation,
        organisation_kind=organisation_kind,
        entity=entity,
        country=country,
        endorsed_on=endorsed_on,
        statement_url=statement_url,
        recorded_by=actor,
    )
    endorsement.full_clean()
    endorsement.save()
    endorsement.policies.set(policies or [])
    audit_record(
        action="policies.endorsement_recorded",
        actor=actor,
        target=endorsement,
        changes={"endorsed_on": endorsed_on.isoformat(), "policies": len(policies or [])},
    )
    return endorsement


def _suggestion(assessment: Assessment, item_id: str, key: str) -> PolicySuggestion:
    offered = policy_suggestions(assessment.entity, [item_id]).get(item_id, [])
    found = next((s for s in offered if s.key == key), None)
    if found is None:
        raise ValidationError(
            _("This suggestion no longer applies to %(item)s; the page shows the current ones.")
            % {"item": item_id}
        )
    return found


@transaction.atomic
def policy_evidence_add(*, assessment: Assessment, item_id: str, key: str, user: User) -> Answer:
    """Append the entity's policy (by its suggestion key) to the item's evidence, through the
    assessments' answer-saving service; rating, justification and owner stay as they are."""
    answer = Answer.objects.filter(assessment=assessment, item_id=item_id).first()
    if answer is None:
        raise ValidationError(
            _("Save a rating for %(item)s before adding evidence.") % {"item": item_id}
        )
    suggestion = _suggestion(assessment, item_id, key)
    if suggestion.text in answer.evidence:
        raise ValidationError(_("This is already in the evidence of %(item)s.") % {"item": item_id})
    links = list(answer.links)
    if suggestion.link not in links and len(links) < MAX_LINKS:
        links.append(suggestion.link)
    line = suggestion.text if suggestion.link in links else f"{suggestion.text} {suggestion.link}"
    text = f"{answer.evidence}\n\n{line}".strip() if answer.evidence else line
    if len(text) > MAX_EVIDENCE_CHARS:
        raise ValidationError(
            _("The evidence of %(item)s would pass 5,000 characters; shorten it first.")
            % {"item": item_id}
        )
    saved = answer_save(
        assessment=assessment,
        item_id=item_id,
        rating=answer.rating,
        user=user,
        justification=answer.justification,
        evidence=text,
        links=links,
        owner=answer.owner,
    )
    audit_record(
        action="assessment.policy_evidence_added",
        actor=user,
        target=assessment,
        changes={"item": item_id, "suggestion": key},
    )
    return saved
