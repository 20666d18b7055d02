"""Reads of the policy library's search, exports, map and API: the policies anyone may see,
each as a record with every field, and the coverage of each region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Case, Count, F, Max, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse

from osunited.policies.models import IssuerKind, Policy, PolicyStatus, Region
from osunited.policies.regions import MAP_REGIONS, RegionFigures
from osunited.policies.search import PolicyQuery, ordered

EXPORT_CHUNK = 500
_SAMPLE_ID = "00000000-0000-4000-8000-000000000000"


def searchable_policies() -> QuerySet[Policy]:
    """The policies anyone may see: the published ones."""
    return Policy.objects.filter(published=True)


def detail_url_pattern() -> str | None:
    """The address of a policy's page with a placeholder for its public id (one `reverse` per
    request, not one per row); None while the library's pages are not there."""
    try:
        return reverse("policies:detail", kwargs={"public_id": _SAMPLE_ID})
    except NoReverseMatch:
        return None


def detail_url(pattern: str | None, policy: Policy) -> str | None:
    return pattern.replace(_SAMPLE_ID, str(policy.public_id)) if pattern else None


def with_relations(policies: QuerySet[Policy]) -> QuerySet[Policy]:
    """Everything a record shows, prefetched: a constant number of queries for any number."""
    return policies.select_related("entity", "supersedes").prefetch_related(
        "objectives", "sources", "clauses"
    )


def policies_in_order(ids: list[int]) -> list[Policy]:
    """The published policies of `ids`, in that order, with everything a record shows."""
    found = with_relations(searchable_policies().filter(pk__in=ids))
    by_id = {policy.pk: policy for policy in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def export_policies(query: PolicyQuery) -> Iterator[Policy]:
    """The policies matching `query` (every page), in its order, read in chunks."""
    policies = with_relations(ordered(searchable_policies(), query))
    return policies.iterator(chunk_size=EXPORT_CHUNK)


def get_policy(public_id: Any) -> Policy:
    """A published policy by its public id, with its relations (Policy.DoesNotExist if none)."""
    return with_relations(searchable_policies()).get(public_id=public_id)


def policy_record(policy: Policy, url: str | None = None) -> dict[str, Any]:
    """A policy with every field, its objectives, clauses (with the CPF items) and sources,
    from prefetched relations (the JSON export and the API)."""
    entity = policy.entity
    return {
        "public_id": str(policy.public_id),
        "url": url,
        "title": policy.title,
        "issuer": policy.issuer,
        "issuer_kind": policy.issuer_kind,
        "country": policy.country or None,
        "entity": {"slug": entity.slug, "acronym": entity.acronym} if entity else None,
        "region": policy.region,
        "issuing_area": policy.issuing_area or None,
        "type": policy.policy_type,
        "year": policy.year,
        "date": policy.date.isoformat() if policy.date else None,
        "oss_specific": policy.oss_specific,
        "action": policy.action or None,
        "term": policy.term or None,
        "status": policy.status,
        "summary": policy.summary,
        "objectives": [objective.objective for objective in policy.objectives.all()],
        "objectives_text": policy.objectives_text,
        "clauses": [
            {
                "reference": clause.reference,
                "text": clause.text,
                "framework": clause.framework_id,
                "items": list(clause.items),
            }
            for clause in policy.clauses.all()
        ],
        "sources": [
            {"citation": source.citation, "url": source.url or None}
            for source in policy.sources.all()
        ],
        "supersedes": str(policy.supersedes.public_id) if policy.supersedes else None,
        "notes": policy.notes,
        "origin": policy.origin,
        "csis_line": policy.csis_line,
        "updated_at": policy.updated_at.isoformat(),
    }


def region_figures() -> list[RegionFigures]:
    """Per map region: its published policies, the approved ones, the issuers covered by an
    approved policy and the latest year of one. Governments count in their region; UN entities
    and international organisations (and any policy recorded as global) under "Global"."""
    approved = Q(status=PolicyStatus.APPROVED)
    is_global = ~Q(issuer_kind=IssuerKind.GOVERNMENT) | Q(region=Region.GLOBAL)
    rows = (
        searchable_policies()
        .annotate(
            bucket=Case(When(is_global, then=Value(Region.GLOBAL.value)), default=F("region"))
        )
        .values("bucket")
        .annotate(
            policies=Count("pk"),
            approved=Count("pk", filter=approved),
            issuers=Count("issuer", filter=approved, distinct=True),
            latest=Max("year", filter=approved),
        )
        .order_by()
    )
    by_region = {row["bucket"]: row for row in rows}
    return [
        RegionFigures(
            region=region,
            policies=by_region.get(region.value, {}).get("policies", 0),
            approved=by_region.get(region.value, {}).get("approved", 0),
            issuers=by_region.get(region.value, {}).get("issuers", 0),
            latest_year=by_region.get(region.value, {}).get("latest"),
        )
        for region in MAP_REGIONS
    ]
