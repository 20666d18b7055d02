"""From the policy library to evidence: an entity's published policies suggested as evidence for
G2 and G3 (a governance structure and its documentation), the core statement P1 (open source
first) and the items its clauses are mapped to. Only a suggestion: it reaches an answer when a
representative adds it (services/library.py, policy_evidence_add)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from osunited.entities.models import Entity
from osunited.policies.models import IssuerKind, Policy

# CPF 4.1's G2-G3 and the core statement P1's sub-statements (P1.1 in cpf-rc1).
SUGGESTED_FOR = ("G2", "G3")
SUGGESTED_PREFIXES = ("P1.",)


@dataclass(frozen=True)
class PolicySuggestion:
    key: str
    text: str
    link: str  # the policy's page, absolute


def _serves(item_id: str, clause_items: set[str]) -> bool:
    return (
        item_id in SUGGESTED_FOR
        or item_id.startswith(SUGGESTED_PREFIXES)
        or (item_id in clause_items)
    )


def entity_policies(entity: Entity) -> list[Policy]:
    return list(
        Policy.objects.filter(entity=entity, issuer_kind=IssuerKind.UN_ENTITY, published=True)
        .prefetch_related("clauses")
        .order_by("-year", "title")
    )


def _sentence(policy: Policy, entity: Entity) -> str:
    values = {
        "entity": entity.acronym,
        "title": policy.title,
        "status": policy.get_status_display(),
        "year": policy.year or _("year not stated"),
    }
    return _("%(entity)s's policy “%(title)s” (%(status)s, %(year)s), in the policy library.") % (
        values
    )


def policy_suggestions(
    entity: Entity, item_ids: Iterable[str]
) -> dict[str, list[PolicySuggestion]]:
    """Suggested evidence per item, for the items the entity's published policies speak for.
    Two queries whatever the number of policies and clauses."""
    wanted = list(item_ids)
    found: dict[str, list[PolicySuggestion]] = {}
    for policy in entity_policies(entity):
        clause_items = {item for clause in policy.clauses.all() for item in clause.items}
        path = reverse("policies:detail", kwargs={"public_id": policy.public_id})
        suggestion = PolicySuggestion(
            key=f"policy:{policy.public_id}",
            text=_sentence(policy, entity),
            link=settings.SITE_URL + path,
        )
        for item_id in wanted:
            if _serves(item_id, clause_items):
                found.setdefault(item_id, []).append(suggestion)
    return found
