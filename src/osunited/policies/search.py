"""The policy library's search: full-text query, facets with counts, sorting and paging
(docs/policies.md, "Search, map, exports and API").

The text index lives in a table that migration 0002 creates and triggers keep in sync: an FTS5
table on SQLite, a tsvector with a GIN index on PostgreSQL. User input never reaches either query
language as syntax: it is cut into words (letters and digits only), each one quoted, as the
catalog's search does (`catalog.search.search_terms`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osunited.catalog.search import has_no_words, search_terms
from osunited.policies.models import (
    Action,
    IssuerKind,
    Objective,
    Policy,
    PolicyObjective,
    PolicyStatus,
    PolicyType,
    Region,
)

PAGE_SIZE = 20
MAX_VALUES = 20

SORTS: dict[str, Any] = {
    "relevance": gettext_lazy("Relevance"),
    "issuer": gettext_lazy("Issuer"),
    "newest": gettext_lazy("Newest first"),
    "oldest": gettext_lazy("Oldest first"),
    "title": gettext_lazy("Title"),
}
_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "issuer": ("issuer", F("year").desc(nulls_last=True), "title", "pk"),
    "newest": (F("year").desc(nulls_last=True), "issuer", "title", "pk"),
    "oldest": (F("year").asc(nulls_last=True), "issuer", "title", "pk"),
    "title": ("title", "pk"),
}


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the GET parameter
    legend: Any
    column: str  # the policy's column; "" for the objectives' table
    choices: type[Any]  # the TextChoices of its values


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("region", gettext_lazy("Region"), "region", Region),
    FacetSpec("type", gettext_lazy("Type"), "policy_type", PolicyType),
    FacetSpec("objective", gettext_lazy("Stated objective"), "", Objective),
    FacetSpec("action", gettext_lazy("Action"), "action", Action),
    FacetSpec("status", gettext_lazy("Status"), "status", PolicyStatus),
    FacetSpec("issuer", gettext_lazy("Kind of issuer"), "issuer_kind", IssuerKind),
)
FACET_NAMES = tuple(spec.name for spec in FACETS)


@dataclass(frozen=True)
class PolicyQuery:
    """What the visitor asked for, cleaned: unknown values are dropped, with a note saying so."""

    text: str = ""
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "issuer"
    page: str = "1"
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def terms(self) -> list[str]:
        return search_terms(self.text)

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.chosen.get(facet, ())

    def as_params(self) -> list[tuple[str, str]]:
        """The query as GET parameters (for the export links), page left out."""
        params = [("q", self.text)] if self.text else []
        params += [(name, value) for name in FACET_NAMES for value in self.selected(name)]
        return [*params, ("sort", self.sort)]


def _values(params: Mapping[str, Any], name: str) -> tuple[str, ...]:
    raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
    raw = [raw] if isinstance(raw, str) else raw
    cleaned = (str(v).strip()[:100] for v in raw if v and str(v).strip())
    return tuple(dict.fromkeys(cleaned))[:MAX_VALUES]


def parse_query(params: Mapping[str, Any]) -> PolicyQuery:
    """A PolicyQuery from GET parameters (a QueryDict or a dict of lists); never raises."""
    notes: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for spec in FACETS:
        given = _values(params, spec.name)
        unknown = [value for value in given if value not in spec.choices.values]
        if unknown:
            notes.append(
                _("Ignored unknown %(facet)s: %(values)s.")
                % {"facet": str(spec.legend).lower(), "values": ", ".join(unknown)[:200]}
            )
        chosen[spec.name] = tuple(value for value in given if value in spec.choices.values)
    text = str(params.get("q") or "")[:200].strip()
    sort = str(params.get("sort") or "")
    if sort and sort not in SORTS:
        notes.append(_("Unknown sort order; sorted by the default instead."))
        sort = ""
    if has_no_words(text):
        notes.append(_("The search holds no letter or digit, so no policy matches it."))
    if not sort or (sort == "relevance" and not search_terms(text)):
        sort = "relevance" if search_terms(text) else "issuer"
    page = str(params.get("page") or "1")[:10]
    return PolicyQuery(text=text, chosen=chosen, sort=sort, page=page, notes=tuple(notes))


# -- the text index, per database -----------------------------------------------------------


def _match_query(terms: list[str]) -> str:
    """Every term as a quoted prefix: FTS5 strings on SQLite, tsquery lexemes on PostgreSQL.
    Terms hold letters and digits only (`search_terms`), so no quote can be inside one."""
    if connection.vendor == "postgresql":
        return " & ".join(f"'{term}':*" for term in terms)
    return " ".join(f'"{term}"*' for term in terms)


def _text_match(terms: list[str]) -> RawSQL:
    """The ids of the policies matching every term (each as a prefix)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT policy_id FROM policies_policy_search "
            "WHERE document @@ to_tsquery('simple', %s)"
        )
    else:
        sql = "SELECT rowid FROM policies_policy_fts WHERE policies_policy_fts MATCH %s"
    return RawSQL(sql, [_match_query(terms)])  # noqa: S611 - the terms are a parameter


def text_matching(policies: QuerySet[Policy], terms: list[str]) -> QuerySet[Policy]:
    """`policies` matching every term (see `search_terms`), through the text index."""
    if not terms:
        return policies
    return _unindexed(policies).filter(**{"unindexed_id__in": _text_match(terms)})


def text_matching_by_id(policies: QuerySet[Policy], terms: list[str]) -> QuerySet[Policy]:
    """`policies` matching every term, each match looked up by its id."""
    return policies.filter(pk__in=_text_match(terms)) if terms else policies


def _unindexed(policies: QuerySet[Policy]) -> QuerySet[Policy]:
    """`unindexed_id`: the id as `id + 0` on SQLite, which must not walk a long list of matches
    by primary key, reading each wide policy row, when the facets' index is shorter."""
    if "unindexed_id" in policies.query.annotations:
        return policies
    return policies.alias(unindexed_id=F("id") + 0 if connection.vendor == "sqlite" else F("id"))


def _ranked(policies: QuerySet[Policy], terms: list[str]) -> QuerySet[Policy]:
    """Matching policies, best first: the title counts most, then the issuer, the summary and
    the clauses."""
    if connection.vendor == "postgresql":
        ranked = policies.extra(
            tables=["policies_policy_search"],
            where=[
                "policies_policy_search.policy_id = policies_policy.id",
                "policies_policy_search.document @@ to_tsquery('simple', %s)",
            ],
            params=[_match_query(terms)],
            select={
                "search_rank": "-ts_rank(policies_policy_search.document, to_tsquery('simple', %s))"
            },
            select_params=[_match_query(terms)],
        )
    else:
        ranked = policies.extra(
            tables=["policies_policy_fts"],
            where=[
                "policies_policy_fts.rowid = policies_policy.id",
                "policies_policy_fts MATCH %s",
            ],
            params=[_match_query(terms)],
            select={"search_rank": "bm25(policies_policy_fts, 10.0, 6.0, 3.0, 1.0)"},
        )
    return ranked.order_by("search_rank", "title", "pk")


# -- facets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    legend: str
    options: list[FacetOption]


def _with_objectives(objectives: Sequence[str]) -> QuerySet[PolicyObjective, Any]:
    return PolicyObjective.objects.filter(objective__in=objectives).values("policy_id")


def _filter(policies: QuerySet[Policy], spec: FacetSpec, values: Sequence[str]) -> QuerySet[Policy]:
    if not spec.column:
        return policies.filter(pk__in=_with_objectives(values))
    return policies.filter(**{f"{spec.column}__in": values})


def narrowed(policies: QuerySet[Policy], query: PolicyQuery, *, but: str = "") -> QuerySet[Policy]:
    """`policies` matching the words of `query` and every facet chosen (AND across facets, OR
    within one), except the facet `but`: its own counts show what choosing another value gives."""
    policies = text_matching(policies, query.terms)
    for spec in FACETS:
        if spec.name != but and query.selected(spec.name):
            policies = _filter(policies, spec, query.selected(spec.name))
    return policies


# The policies' own facet columns are counted from one grouped "cube": the policies matching the
# words and the chosen objectives, grouped by every such column (a few thousand groups at most,
# read in order from the facets' covering index). Each facet's counts, over the policies matching
# every *other* chosen facet, are then sums over the cube's rows: one query for five facets,
# where a query each would match the text again and again. The objectives are counted apart.
_CUBE_FACETS = tuple(spec for spec in FACETS if spec.column)
_OBJECTIVE = next(spec for spec in FACETS if not spec.column)
# In the order of the facets' index (migration 0002), which then hands the rows over grouped.
_CUBE_COLUMNS = ("region", "policy_type", "status", "issuer_kind", "action")


def _cube(policies: QuerySet[Policy], query: PolicyQuery) -> list[tuple[Any, ...]]:
    """The matching policies (the words, and the chosen objectives: every column facet counts
    over them) grouped by the facets' columns: rows of (region, ..., action, count)."""
    matching = text_matching(policies, query.terms)
    if chosen := query.selected(_OBJECTIVE.name):
        objectives = _with_objectives(chosen)
        matching = _unindexed(matching).filter(**{"unindexed_id__in": objectives})
    grouped = matching.values(*_CUBE_COLUMNS).annotate(n=Count("pk")).order_by()
    return list(grouped.values_list(*_CUBE_COLUMNS, "n"))


def _cube_counts(rows: list[tuple[Any, ...]], query: PolicyQuery) -> dict[str, dict[str, int]]:
    """Each column facet's counts over the rows matching every *other* chosen column facet,
    and under "" the number matching all of them. A row that misses two chosen facets counts
    nowhere; one that misses one counts for that facet only."""
    position = {column: index for index, column in enumerate(_CUBE_COLUMNS)}
    facets = [(spec.name, position[spec.column]) for spec in _CUBE_FACETS]
    chosen = [
        (spec.name, position[spec.column], frozenset(query.selected(spec.name)))
        for spec in _CUBE_FACETS
        if query.selected(spec.name)
    ]
    counts: dict[str, dict[str, int]] = {name: {} for name, _index in facets}
    total = 0
    for row in rows:
        missed = [(name, index) for name, index, values in chosen if row[index] not in values]
        if len(missed) > 1:
            continue
        for name, index in missed or facets:
            counted = counts[name]
            counted[str(row[index])] = counted.get(str(row[index]), 0) + row[-1]
        total += 0 if missed else row[-1]
    counts[""] = {"": total}
    return counts


def _objective_counts(policies: QuerySet[Policy], query: PolicyQuery) -> dict[str, int]:
    counted = narrowed(policies, query, but=_OBJECTIVE.name).order_by().values("pk")
    objectives = PolicyObjective.objects.alias(unindexed_policy=F("policy_id"))
    if query.terms and not any(query.selected(spec.name) for spec in _CUBE_FACETS):
        # Thousands of policies, with no facet index to narrow them: each text match is looked
        # up by its id, and on SQLite the objectives are read in the order of their (objective,
        # policy) index, grouped already, rather than looked up policy by policy and sorted.
        counted = text_matching_by_id(policies, query.terms).order_by().values("pk")
        if connection.vendor == "sqlite":
            objectives = PolicyObjective.objects.alias(unindexed_policy=F("policy_id") + 0)
    rows = (
        objectives.filter(unindexed_policy__in=counted)
        .values("objective")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["objective"]: row["n"] for row in rows}


def _facet(spec: FacetSpec, counts: Mapping[str, int], query: PolicyQuery) -> Facet:
    """Every value of the facet, in the choices' order: those with no policy show 0 (a count
    of what is in the library, which is known), so that gaps are visible."""
    selected = query.selected(spec.name)
    options = [
        FacetOption(str(value), str(label), counts.get(str(value), 0), value in selected)
        for value, label in spec.choices.choices
    ]
    return Facet(spec.name, str(spec.legend), options)


def facet_counts(policies: QuerySet[Policy], query: PolicyQuery) -> tuple[list[Facet], int]:
    """The facets with their counts, and the number of policies matching `query`, in two
    queries: the cube of the policies' own columns, and the objectives."""
    counts = _cube_counts(_cube(policies, query), query)
    counts[_OBJECTIVE.name] = _objective_counts(policies, query)
    facets = [_facet(spec, counts.get(spec.name, {}), query) for spec in FACETS]
    return facets, counts[""][""]


# -- the search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyResults:
    query: PolicyQuery
    page: Page  # type: ignore[type-arg]
    facets: list[Facet]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def ordered(policies: QuerySet[Policy], query: PolicyQuery) -> QuerySet[Policy]:
    """The policies matching `query`, in the order it asks for."""
    terms = query.terms
    if terms and query.sort == "relevance":
        return _ranked(narrowed(policies, replace(query, text="")), terms)
    return narrowed(policies, query).order_by(*_ORDERINGS.get(query.sort, _ORDERINGS["issuer"]))


def policy_search(policies: QuerySet[Policy], query: PolicyQuery) -> PolicyResults:
    """One page of `policies` (already limited to what the visitor may see) matching `query`,
    and the facets. Five queries whatever the page size or the facets chosen: the two of the
    counts, the ids of the page, its policies and their objectives."""
    if has_no_words(query.text):
        facets = [_facet(spec, {}, query) for spec in FACETS]
        page = Paginator(policies.none(), PAGE_SIZE).get_page(1)
        return PolicyResults(query=replace(query, page="1"), page=page, facets=facets)
    facets, total = facet_counts(policies, query)
    # The matches are sorted and cut to a page by their ids alone: a sort of thousands of
    # narrow rows, then the page's twenty policies read whole.
    paginator = Paginator(ordered(policies, query).values_list("pk", flat=True), PAGE_SIZE)
    paginator.count = total  # counted with the facets: no COUNT query of its own
    ids: Page[Any] = paginator.get_page(query.page)
    ids.object_list = _policies_by_id(list(ids.object_list))
    return PolicyResults(query=replace(query, page=str(ids.number)), page=ids, facets=facets)


def _policies_by_id(ids: list[int]) -> list[Policy]:
    """The policies of `ids`, in that order, with what a result shows."""
    found = Policy.objects.filter(pk__in=ids).select_related("entity")
    by_id = {policy.pk: policy for policy in found.prefetch_related("objectives")}
    return [by_id[pk] for pk in ids if pk in by_id]
