"""The policy library's search: full-text query, facets with counts, sorting and paging
(docs/policies.md, "Search, map, exports and API").

The text index lives in a table that migration 0002 creates and triggers keep in sync: an FTS5
table on SQLite, a tsvector with a GIN index on PostgreSQL. User input never reaches either query
language as syntax: it is cut into words (letters and digits only), each one quoted, as the
catalog's search does (`catalog.search.search_terms`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, connections
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osunited.catalog.search import has_no_words, search_terms
from osunited.policies.facet_index import OBJECTIVE, FacetIndex, facet_index, positions
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
        return " & ".join(f"'{_folded(term)}':*" for term in terms)
    return " ".join(f'"{term}"*' for term in terms)


def _folded(term: str) -> str:
    """The term without diacritics, as the PostgreSQL index keeps words (migration 0002)."""
    return "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))


_TEXT_MATCHES = {  # on PostgreSQL?
    True: "SELECT policy_id FROM policies_policy_search WHERE document @@ to_tsquery('simple', %s)",
    False: "SELECT rowid FROM policies_policy_fts WHERE policies_policy_fts MATCH %s",
}


def _text_match(terms: list[str]) -> RawSQL:
    """The ids of the policies matching every term (each as a prefix)."""
    sql = _TEXT_MATCHES[connection.vendor == "postgresql"]
    return RawSQL(sql, [_match_query(terms)])  # noqa: S611 - the terms are a parameter


def text_matching(policies: QuerySet[Policy], terms: list[str]) -> QuerySet[Policy]:
    """`policies` matching every term (see `search_terms`), through the text index."""
    if not terms:
        return policies
    return _unindexed(policies).filter(**{"unindexed_id__in": _text_match(terms)})


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


def _facet(spec: FacetSpec, counts: Mapping[str, int], query: PolicyQuery) -> Facet:
    """Every value of the facet, in the choices' order: those with no policy show 0 (a count
    of what is in the library, which is known), so that gaps are visible."""
    selected = query.selected(spec.name)
    options = [
        FacetOption(str(value), str(label), counts.get(str(value), 0), value in selected)
        for value, label in spec.choices.choices
    ]
    return Facet(spec.name, str(spec.legend), options)


# The matches with their rank (best lowest, as `_ranked` orders them), all of them or only
# those of a list of ids: ranking is the costly part, so only the results are ranked.
# The `+` keeps SQLite from looking the listed ids up one by one in the text index.
_RANKED_MATCHES = {  # (on PostgreSQL?, of a list of ids?)
    (True, False): (
        "SELECT policy_id, -ts_rank(document, to_tsquery('simple', %s)) "
        "FROM policies_policy_search WHERE document @@ to_tsquery('simple', %s)"
    ),
    (True, True): (
        "SELECT policy_id, -ts_rank(document, to_tsquery('simple', %s)) "
        "FROM policies_policy_search WHERE document @@ to_tsquery('simple', %s) "
        "AND policy_id = ANY(%s)"
    ),
    (False, False): (
        "SELECT rowid, bm25(policies_policy_fts, 10.0, 6.0, 3.0, 1.0) FROM policies_policy_fts "
        "WHERE policies_policy_fts MATCH %s"
    ),
    (False, True): (
        "SELECT rowid, bm25(policies_policy_fts, 10.0, 6.0, 3.0, 1.0) FROM policies_policy_fts "
        "WHERE policies_policy_fts MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))"
    ),
}
# Results fewer than this share of the text matches are ranked alone.
_RANK_ALONE = 0.5


def _text_matches(
    policies: QuerySet[Policy],
    terms: list[str],
    *,
    ranked: bool = False,
    ids: list[int] | None = None,
) -> list[tuple[Any, ...]]:
    """The ids of the policies matching every term (of `ids` only, when given), each with its
    rank when `ranked`; leftovers of deleted or hidden policies included."""
    database = connections[policies.db]
    postgresql = database.vendor == "postgresql"
    sql = _RANKED_MATCHES[(postgresql, ids is not None)] if ranked else _TEXT_MATCHES[postgresql]
    params: list[Any] = [_match_query(terms)] * (2 if postgresql and ranked else 1)
    if ids is not None:
        params.append(ids if postgresql else json.dumps(ids))
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _index_key(spec: FacetSpec) -> str:
    return spec.column or OBJECTIVE


def _counts(
    index: FacetIndex, matches: int, query: PolicyQuery
) -> tuple[dict[str, dict[str, int]], int]:
    """Each facet's counts over `matches` narrowed by every *other* chosen facet (AND across
    facets, OR within one), and the policies matching all of them."""
    chosen = {
        spec.name: index.any_of(_index_key(spec), query.selected(spec.name))
        for spec in FACETS
        if query.selected(spec.name)
    }
    counts: dict[str, dict[str, int]] = {}
    for spec in FACETS:
        over = matches
        for name, bits in chosen.items():
            over = over if name == spec.name else over & bits
        counts[spec.name] = index.counts(_index_key(spec), over)
    found = matches
    for bits in chosen.values():
        found &= bits
    return counts, found


def _matching(
    policies: QuerySet[Policy], query: PolicyQuery, *, ranked: bool = False
) -> tuple[FacetIndex, dict[str, dict[str, int]], int, list[tuple[Any, ...]]]:
    """The facet index, the facets' counts, the bitset of the policies matching `query` and
    the text matches (when `ranked`: those matching `query` at least, with their ranks)."""
    index = facet_index(policies, _ORDERINGS)
    if not query.terms:
        return index, *_counts(index, index.everything, query), []
    # With no facet chosen, the results are the text matches: ranked at once.
    ranked_at_once = ranked and not any(query.chosen.values())
    rows = _text_matches(policies, query.terms, ranked=ranked_at_once)
    counts, found = _counts(index, index.bitset(row[0] for row in rows), query)
    if ranked and not ranked_at_once:
        results = [index.ids[position] for position in positions(found)]
        alone = results if len(results) < _RANK_ALONE * len(rows) else None
        rows = _text_matches(policies, query.terms, ranked=True, ids=alone)
    return index, counts, found, rows


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


class _PageIds:
    """The ids of the policies matching a query in its order, sliced as the paginator asks:
    the slice is read from the facet index, not sorted by the database."""

    def __init__(
        self, index: FacetIndex, found: int, query: PolicyQuery, rows: list[tuple[Any, ...]]
    ) -> None:
        self.index, self.found, self.rows = index, found, rows
        self.relevance = bool(query.terms) and query.sort == "relevance"
        self.sort = query.sort if query.sort in _ORDERINGS else "issuer"

    def __len__(self) -> int:
        return self.found.bit_count()

    def __getitem__(self, places: slice) -> list[int]:
        start, stop = places.start or 0, places.stop
        if self.relevance:  # as `_ranked`: the rank, then the title and the id
            return self.index.ranked_page(self.rows, self.found, "title", start, stop)
        return self.index.page(self.found, self.sort, start, stop)


def policy_search(policies: QuerySet[Policy], query: PolicyQuery) -> PolicyResults:
    """One page of `policies` (already limited to what the visitor may see) matching `query`,
    and the facets. Four queries whatever the page size or the facets chosen: the library's
    stamp, the text matches, the page's policies and their objectives (and two more to build
    the facet index again when the library has changed)."""
    if has_no_words(query.text):
        facets = [_facet(spec, {}, query) for spec in FACETS]
        page = Paginator(policies.none(), PAGE_SIZE).get_page(1)
        return PolicyResults(query=replace(query, page="1"), page=page, facets=facets)
    facets, page_ids = _searched(policies, query)
    paginator: Paginator[int] = Paginator(page_ids, PAGE_SIZE)  # type: ignore[arg-type]
    paginator.count = len(page_ids)
    ids: Page[Any] = paginator.get_page(query.page)
    ids.object_list = _policies_by_id(list(ids.object_list))
    return PolicyResults(query=replace(query, page=str(ids.number)), page=ids, facets=facets)


def policy_slice(
    policies: QuerySet[Policy], query: PolicyQuery, *, offset: int, limit: int
) -> tuple[list[Facet], int, list[int]]:
    """The facets, the number of `policies` matching `query` and the ids of those at places
    [offset, offset + limit) in its order, as `policy_search` finds them (the API's paging)."""
    facets, page_ids = _searched(policies, query)
    return facets, len(page_ids), page_ids[offset : offset + limit]


def _searched(policies: QuerySet[Policy], query: PolicyQuery) -> tuple[list[Facet], _PageIds]:
    """The facets of `query` and the ids of the policies matching it, in its order."""
    relevance = bool(query.terms) and query.sort == "relevance"
    index, counts, found, rows = _matching(policies, query, ranked=relevance)
    facets = [_facet(spec, counts[spec.name], query) for spec in FACETS]
    return facets, _PageIds(index, found, query, rows)


def _policies_by_id(ids: list[int]) -> list[Policy]:
    """The policies of `ids`, in that order, with what a result shows."""
    found = Policy.objects.filter(pk__in=ids).select_related("entity")
    by_id = {policy.pk: policy for policy in found.prefetch_related("objectives")}
    return [by_id[pk] for pk in ids if pk in by_id]
