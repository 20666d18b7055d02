"""The policy library's REST endpoints (/api/policies), mounted by `platform.api`.

Public reads of the published policies: a list with the search page's filters, facets and
paging, and a policy by its public id. A filter value that is not one of the documented choices
is a 422 naming it (the search page drops it with a note instead); nothing answers 500.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from osunited.platform.api_errors import InputSchema, error_responses
from osunited.policies.models import (
    Action,
    IssuerKind,
    Objective,
    Policy,
    PolicyStatus,
    PolicyType,
    Region,
)
from osunited.policies.search import PolicyQuery, policy_slice
from osunited.policies.selectors.search import (
    detail_url,
    detail_url_pattern,
    get_policy,
    policies_in_order,
    policy_record,
    searchable_policies,
)

router = Router(tags=["policies"])
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000

Sort = Literal["relevance", "issuer", "newest", "oldest", "title"]


class PolicyFilters(InputSchema):
    q: str | None = Field(
        None,
        max_length=200,
        description="Words in the title, issuer, summary or clauses; each must match, as a "
        "prefix. Letters and digits only count: a search without any matches nothing.",
    )
    region: list[Region] = Field(default_factory=list, description="Any of these regions.")
    type: list[PolicyType] = Field(default_factory=list, description="Any of these types.")
    objective: list[Objective] = Field(
        default_factory=list, description="Any of these stated objectives."
    )
    action: list[Action] = Field(default_factory=list, description="Any of these actions.")
    status: list[PolicyStatus] = Field(default_factory=list, description="Any of these statuses.")
    issuer: list[IssuerKind] = Field(
        default_factory=list, description="Any of these kinds of issuer."
    )
    sort: Sort | None = Field(
        None, description="Default: relevance with `q`, else by issuer (newest first)."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def as_query(self) -> PolicyQuery:
        chosen = {
            name: tuple(dict.fromkeys(str(value.value) for value in getattr(self, name)))
            for name in ("region", "type", "objective", "action", "status", "issuer")
        }
        text = (self.q or "").strip()
        sort = self.sort or ("relevance" if text else "issuer")
        return PolicyQuery(text=text, chosen=chosen, sort=sort)


class EntityRef(Schema):
    slug: str
    acronym: str


class ClauseOut(Schema):
    reference: str
    text: str
    framework: str = Field(..., description="The framework of its items, e.g. cpf-rc1.")
    items: list[str] = Field(..., description="The CPF statements and guidelines it covers.")


class SourceOut(Schema):
    citation: str
    url: str | None


class PolicyOut(Schema):
    public_id: UUID
    url: str | None = Field(..., description="The policy's page on the platform.")
    title: str
    issuer: str
    issuer_kind: IssuerKind
    country: str | None = Field(..., description="ISO 3166-1 alpha-2, when stated.")
    entity: EntityRef | None = Field(..., description="The UN entity, for a UN entity's policy.")
    region: Region
    issuing_area: str | None
    type: PolicyType
    year: int | None = Field(..., description="Null when not stated.")
    date: str | None = Field(..., description="YYYY-MM-DD, when known to the day.")
    oss_specific: bool | None = Field(..., description="Null when not stated.")
    action: Action | None
    term: str | None
    status: PolicyStatus
    summary: str
    objectives: list[Objective]
    objectives_text: str
    clauses: list[ClauseOut]
    sources: list[SourceOut]
    supersedes: UUID | None = Field(..., description="The public id of the policy it replaces.")
    notes: str
    origin: str = Field(..., description="csis-2022-12 (the CSIS dataset) or platform.")
    csis_line: int | None = Field(..., description="Its line in the CSIS dataset's CSV.")
    updated_at: str


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str = Field(..., description="The filter's parameter.")
    legend: str
    options: list[FacetOptionOut]


class PolicyPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PolicyOut]
    facets: list[FacetOut] = Field(
        ...,
        description="Counts of each filter's values: over the policies matching every other "
        "filter (so that choosing one more value of a filter shows what it adds).",
    )
    attribution: str


ATTRIBUTION = (
    "Government policies from the CSIS Government Open Source Software Policies dataset "
    "(December 2022), Center for Strategic and International Studies, CC-BY-4.0."
)


def _record(request: HttpRequest, policy: Policy, pattern: str | None) -> dict[str, Any]:
    url = detail_url(pattern, policy)
    return policy_record(policy, request.build_absolute_uri(url) if url else None)


@router.get("", response={200: PolicyPage, **error_responses(422)}, url_name="policies")
def list_policies(request: HttpRequest, filters: Query[PolicyFilters]) -> dict[str, Any]:
    """The published policies matching the filters (AND across filters, OR within one), in
    the order asked for, page by page, with the facets' counts."""
    query = filters.as_query()
    if query.text and not query.terms:
        raise HttpError(422, "The search `q` holds no letter or digit.")
    facets, total, ids = policy_slice(
        searchable_policies(), query, offset=filters.offset, limit=filters.limit
    )
    page = policies_in_order(ids)
    pattern = detail_url_pattern()
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_record(request, policy, pattern) for policy in page],
        "facets": facets,
        "attribution": ATTRIBUTION,
    }


@router.get(
    "/{public_id}", response={200: PolicyOut, **error_responses(404, 422)}, url_name="policy"
)
def get_policy_by_id(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    """One published policy by its public id."""
    try:
        policy = get_policy(public_id)
    except Policy.DoesNotExist:
        raise HttpError(404, "No published policy has this id.") from None
    return _record(request, policy, detail_url_pattern())
