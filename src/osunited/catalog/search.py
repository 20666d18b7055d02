"""Catalog search: full-text query, facets with counts, sorting and paging (docs/catalog-search.md).

The text index and the language/topic tags live in tables that migration 0004 creates and that
database triggers keep in sync: an FTS5 table on SQLite, a tsvector with a GIN index on
PostgreSQL. User input never reaches either query language as syntax: it is cut into words
(letters and digits only), each one quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from osunited.catalog.models import Project, ProjectSdg, ScanHealth
from osunited.catalog.search_languages import han_pieces, search_prefix
from osunited.catalog.workflow import ProjectStatus
from osunited.platform.datatexts import sdg_label

PAGE_SIZE = 20
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_FACET_OPTIONS = 30
SDG_GOALS = range(1, 18)
_WORD = re.compile(r"[^\W_]+")

SORTS: dict[str, Any] = {
    "relevance": gettext_lazy("Relevance"),
    "name": gettext_lazy("Name"),
    "updated": gettext_lazy("Recently updated"),
    "health": gettext_lazy("Scan health"),
}
_HEALTH_RANK = Case(
    *(When(scan_health=health, then=Value(rank)) for rank, health in enumerate(ScanHealth)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class CatalogQuery:
    """What the visitor asked for, cleaned: unknown values are dropped, with a note saying so."""

    text: str = ""
    entity: tuple[str, ...] = ()
    sdg: tuple[str, ...] = ()
    license: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    health: tuple[str, ...] = ()
    sort: str = "name"
    page: str = "1"
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def terms(self) -> list[str]:
        return search_terms(self.text)

    def selected(self, facet: str) -> tuple[str, ...]:
        values: tuple[str, ...] = getattr(self, facet)
        return values


def search_terms(text: str) -> list[str]:
    """The words of a query: letters and digits only, so no query syntax survives; Chinese cut
    into pairs of characters, as the index holds it."""
    words = (word.lower()[:MAX_TERM_LENGTH] for word in _WORD.findall(text))
    pieces = (piece for word in words for piece in han_pieces(word))
    return list(dict.fromkeys(pieces))[:MAX_TERMS]


def has_no_words(text: str) -> bool:
    """A search that was typed but holds no word (`%`, `_`, `*`, `-`): it matches no project,
    where an empty search would list them all."""
    return bool(text.strip()) and not search_terms(text)


def parse_query(params: Mapping[str, Any]) -> CatalogQuery:
    """A CatalogQuery from GET parameters (a QueryDict); never raises on bad input."""
    notes: list[str] = []

    def values(name: str) -> tuple[str, ...]:
        raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
        return tuple(dict.fromkeys(v.strip()[:100] for v in raw if v and v.strip()))[:20]

    def allowed(name: str, choices: Sequence[str], label: str) -> tuple[str, ...]:
        given = values(name)
        unknown = [v for v in given if v not in choices]
        if unknown:
            notes.append(
                _("Ignored unknown %(facet)s: %(values)s.")
                % {"facet": label, "values": ", ".join(unknown)[:200]}
            )
        return tuple(v for v in given if v in choices)

    text = str(params.get("q") or "")[:200].strip()
    sort = str(params.get("sort") or "")
    if sort and sort not in SORTS:
        notes.append(_("Unknown sort order; sorted by the default instead."))
        sort = ""
    if has_no_words(text):
        notes.append(_("The search holds no letter or digit, so no project matches it."))
    if not sort or (sort == "relevance" and not search_terms(text)):
        sort = "relevance" if search_terms(text) else "name"
    return CatalogQuery(
        text=text,
        entity=values("entity"),
        sdg=allowed("sdg", [str(goal) for goal in SDG_GOALS], _("SDG")),
        license=values("license"),
        status=allowed("status", ProjectStatus.values, _("status")),
        language=values("language"),
        topic=values("topic"),
        health=allowed("health", ScanHealth.values, _("scan health")),
        sort=sort,
        page=str(params.get("page") or "1")[:10],
        notes=tuple(notes),
    )


# -- the text index, per database -----------------------------------------------------------


def _tsquery(terms: list[str]) -> str:
    """PostgreSQL: every term, as a quoted prefix lexeme."""
    return " & ".join(f"'{term}':*" for term in terms)


def _fts_query(terms: list[str]) -> str:
    """SQLite FTS5: every term, as a quoted prefix string: the part it shares with its stem in
    the reader's language."""
    language = _reader_language()
    return " ".join(f'"{search_prefix(term, language)}"*' for term in terms)


def _reader_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# PostgreSQL's text index also holds each project's entity and SDGs as reserved words
# (migration 0007): a search for words narrows by these facets inside the GIN index.
IndexedFacets = Mapping[str, tuple[str, ...]]
_TEXT_INDEX_FACETS = ("entity", "sdg")


def _text_index_facets(query: CatalogQuery, *, but: str = "") -> IndexedFacets:
    """The chosen facets (except `but`) that a search for words narrows by in the text index."""
    if connection.vendor != "postgresql" or not query.terms:
        return {}
    chosen = {name: query.selected(name) for name in _TEXT_INDEX_FACETS if name != but}
    return {name: values for name, values in chosen.items() if values}


# A prefix that begins more words than this stays a prefix: spelled out, it would cost more.
MAX_PREFIX_WORDS = 100
# An indexed word in tsquery syntax: quoted, its quotes doubled and its backslashes escaped.
_TSQUERY_WORD = r"'''' || replace(replace(word, '\', '\\'), '''', '''''') || ''''"
# Fixed SQL: the term and its prefix are parameters.
_PREFIX_WORDS = (
    f"(SELECT CASE WHEN count(*) > {MAX_PREFIX_WORDS} THEN to_tsquery('simple', %s) "  # noqa: S608
    f"ELSE CAST(string_agg({_TSQUERY_WORD}, ' | ') AS tsquery) END FROM ("
    "SELECT word FROM catalog_search_word WHERE word LIKE %s "
    f"LIMIT {MAX_PREFIX_WORDS + 1}) AS words)"
)


# The stems of a term in the text search configuration of the reader's language (migration
# 0014), as a tsquery; NULL for none (a stop word). Fixed SQL: the language and term are
# parameters.
_STEMS = (
    f"(SELECT CAST(string_agg({_TSQUERY_WORD}, ' | ') AS tsquery) "  # noqa: S608
    "FROM unnest(to_tsvector(catalog_search_config(%s), %s)) AS stems(word, positions, weights))"
)
# A term matches the words it begins, or its stems; NULL when it has neither.
_PG_TERM = (
    "(SELECT CASE WHEN prefixed IS NULL THEN stems WHEN stems IS NULL THEN prefixed "  # noqa: S608
    f"ELSE prefixed || stems END FROM (SELECT {_PREFIX_WORDS} AS prefixed, {_STEMS} AS stems) "
    "AS alternatives)"
)


def _pg_tsquery(terms: list[str], facets: IndexedFacets) -> tuple[str, list[str]]:
    """SQL of a tsquery: every term, spelled out as the indexed words it begins (migration
    0007) or as its stems in the reader's language (0014), and one of the chosen values of each
    facet in `facets`. A term that matches no word, or an entity nobody has, makes it NULL,
    which matches nothing."""
    sql = " && ".join([_PG_TERM] * len(terms))
    language = _reader_language()
    prefixes = [search_prefix(term, language) for term in terms]
    params = [
        param
        for term, prefix in zip(terms, prefixes, strict=True)
        for param in (_tsquery([prefix]), f"{prefix}%", language, term)
    ]
    if goals := facets.get("sdg"):
        sql += " && CAST(%s AS tsquery)"
        params.append(" | ".join(f"_g{int(goal)}" for goal in goals))
    if slugs := facets.get("entity"):
        marks = ", ".join(["%s"] * len(slugs))
        sql += (
            " && (SELECT CAST(string_agg('_e' || id, ' | ') AS tsquery) "  # noqa: S608 - only marks
            f"FROM entities_entity WHERE slug IN ({marks}))"
        )
        params += slugs
    return f"({sql})", params


def _text_match(terms: list[str], facets: IndexedFacets) -> tuple[str, list[str]]:
    """SQL selecting the ids of projects matching every term (each as a prefix)."""
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(terms, facets)
        sql = f"SELECT project_id FROM catalog_project_search WHERE document @@ {tsquery}"  # noqa: S608
        return sql, params
    sql = "SELECT rowid FROM catalog_project_fts WHERE catalog_project_fts MATCH %s"
    return sql, [_fts_query(terms)]


def _ranked(
    projects: QuerySet[Project], terms: list[str], facets: IndexedFacets
) -> QuerySet[Project]:
    """Matching projects, best first: name counts most, then purpose, then the rest."""
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(terms, facets)
        ranked = projects.extra(  # noqa: S610 - the tsquery's SQL is fixed, its values parameters
            tables=["catalog_project_search"],
            where=[
                "catalog_project_search.project_id = catalog_project.id",
                f"catalog_project_search.document @@ {tsquery}",
            ],
            params=params,
            select={
                "search_rank": "-ts_rank(catalog_project_search.document, to_tsquery('simple', %s))"
            },
            select_params=[_tsquery(terms)],
        )
    else:
        ranked = projects.extra(
            tables=["catalog_project_fts"],
            where=[
                "catalog_project_fts.rowid = catalog_project.id",
                "catalog_project_fts MATCH %s",
            ],
            params=[_fts_query(terms)],
            select={"search_rank": "bm25(catalog_project_fts, 10.0, 4.0, 1.0)"},
        )
    return ranked.order_by("search_rank", "name", "pk")


def _tagged(kind: str, values: Sequence[str]) -> RawSQL:
    marks = ", ".join(["%s"] * len(values))
    sql = f"SELECT project_id FROM catalog_project_tag WHERE kind = %s AND value IN ({marks})"  # noqa: S608 - only marks
    return RawSQL(sql, [kind, *values])  # noqa: S611 - values are parameters


def tagged_ignoring_case(kind: str, value: str) -> RawSQL:
    """Ids of projects with the language or topic `value`, the whole tag, in any case (SQLite
    folds only ASCII letters)."""
    sql = (
        "SELECT project_id FROM catalog_project_tag "
        "WHERE kind = %s AND (value = %s OR lower(value) = %s)"
    )
    return RawSQL(sql, [kind, value.strip(), value.strip().lower()])  # noqa: S611 - parameters


# -- facets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int | None  # None: selected, but not among the options counted
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter
    legend: str
    options: list[FacetOption]


Counter = Callable[[QuerySet[Project]], list[tuple[str, str, int]]]


def _count_field(name: str, labels: Mapping[str, Any] | None = None) -> Counter:
    def count(projects: QuerySet[Project]) -> list[tuple[str, str, int]]:
        rows = projects.exclude(**{name: ""}).values(name).annotate(n=Count("pk"))
        rows = rows.order_by("-n", name)
        return [
            (row[name], str((labels or {}).get(row[name], row[name])), row["n"])
            for row in rows[:MAX_FACET_OPTIONS]
        ]

    return count


def _count_entities(projects: QuerySet[Project]) -> list[tuple[str, str, int]]:
    # Counted by entity id, then named: thousands of projects grouped by a number, not by names.
    inner, params = projects.order_by().values("entity_id").query.sql_with_params()
    counts = f"SELECT entity_id, COUNT(*) AS n FROM ({inner}) AS projects GROUP BY entity_id"  # noqa: S608 - the ORM's SQL
    sql = (
        f"SELECT e.slug, e.acronym, counts.n FROM ({counts}) AS counts "  # noqa: S608 - the ORM's SQL
        "JOIN entities_entity AS e ON e.id = counts.entity_id ORDER BY counts.n DESC, e.acronym "
        "LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, MAX_FACET_OPTIONS])
        return [(slug, acronym, n) for slug, acronym, n in cursor.fetchall()]


def _count_sdgs(projects: QuerySet[Project]) -> list[tuple[str, str, int]]:
    rows = (
        ProjectSdg.objects.filter(project__in=projects.values("pk"))
        .values("goal")
        .annotate(n=Count("pk"))
        .order_by("goal")
    )
    return [(str(r["goal"]), str(sdg_label(r["goal"])), r["n"]) for r in rows]


def _count_tags(kind: str) -> Counter:
    def count(projects: QuerySet[Project]) -> list[tuple[str, str, int]]:
        inner, params = projects.order_by().values("pk").query.sql_with_params()
        # `inner` is the ORM's own SQL for the projects, with its parameters.
        where = f"WHERE kind = %s AND project_id IN ({inner})"
        sql = f"SELECT value, COUNT(*) AS n FROM catalog_project_tag {where} GROUP BY value"  # noqa: S608
        sql += " ORDER BY n DESC, value LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, *params, MAX_FACET_OPTIONS])
            return [(value, value, n) for value, n in cursor.fetchall()]

    return count


@dataclass(frozen=True)
class _FacetSpec:
    name: str
    legend: Any
    filter: Callable[[QuerySet[Project], tuple[str, ...]], QuerySet[Project]]
    count: Counter


FACETS: tuple[_FacetSpec, ...] = (
    _FacetSpec(
        "entity",
        gettext_lazy("Entity"),
        lambda qs, v: qs.filter(entity__slug__in=v),
        _count_entities,
    ),
    _FacetSpec(
        "sdg",
        gettext_lazy("Sustainable Development Goal"),
        lambda qs, v: qs.filter(pk__in=_with_goals(v)),
        _count_sdgs,
    ),
    _FacetSpec(
        "license",
        gettext_lazy("License"),
        lambda qs, v: qs.filter(licenses__in=v),
        _count_field("licenses"),
    ),
    _FacetSpec(
        "status",
        gettext_lazy("Status"),
        lambda qs, v: qs.filter(status__in=v),
        _count_field("status", {s.value: s.label for s in ProjectStatus}),
    ),
    _FacetSpec(
        "language",
        gettext_lazy("Programming language"),
        lambda qs, v: qs.filter(pk__in=_tagged("language", v)),
        _count_tags("language"),
    ),
    _FacetSpec(
        "topic",
        gettext_lazy("Topic"),
        lambda qs, v: qs.filter(pk__in=_tagged("topic", v)),
        _count_tags("topic"),
    ),
    _FacetSpec(
        "health",
        gettext_lazy("Scan health"),
        lambda qs, v: qs.filter(scan_health__in=v),
        _count_field("scan_health", {h.value: h.label for h in ScanHealth}),
    ),
)


def _narrowed(
    projects: QuerySet[Project], query: CatalogQuery, *, but: str = ""
) -> QuerySet[Project]:
    """`projects` matching the words of `query` and every facet chosen (AND across facets, OR
    within one), except the facet `but`: its own counts must show what choosing another value
    would give."""
    if not query.terms:
        return _filtered(projects, query, but=but)
    indexed = _text_index_facets(query, but=but)
    matching = text_matching(projects, query.terms, indexed)
    return _filtered(matching, query, but=but, indexed=indexed)


def _filtered(
    projects: QuerySet[Project],
    query: CatalogQuery,
    *,
    but: str = "",
    indexed: IndexedFacets | None = None,
) -> QuerySet[Project]:
    """`projects` narrowed by every facet chosen in `query` but `but` and those the text
    matching already narrowed by (`indexed`)."""
    by_entity = bool(query.selected("entity")) and but != "entity"
    for spec in FACETS:
        selected = query.selected(spec.name)
        if spec.name in (indexed or {}):
            continue
        if spec.name == "sdg" and selected and but != "sdg" and by_entity:
            # The entity's projects are fewer than an SDG's: SQLite must start from them.
            goals = {"unindexed_id__in": _with_goals(selected)}
            projects = _unindexed(projects).filter(**goals)
        elif selected and spec.name != but:
            projects = spec.filter(projects, selected)
    return projects


def _with_goals(goals: tuple[str, ...]) -> QuerySet[ProjectSdg, Any]:
    return ProjectSdg.objects.filter(goal__in=goals).values("project_id")


def _facet(spec: _FacetSpec, projects: QuerySet[Project], query: CatalogQuery) -> Facet:
    selected = query.selected(spec.name)
    counted = spec.count(_narrowed(projects, query, but=spec.name).order_by())
    options = [FacetOption(value, label, n, value in selected) for value, label, n in counted]
    shown = {option.value for option in options}
    options += [FacetOption(value, value, None, True) for value in selected if value not in shown]
    return Facet(spec.name, str(spec.legend), options)


# -- the counts of the facets nobody chose, in one statement --------------------------------
#
# A facet the visitor chose is counted over the projects narrowed by every *other* facet: one
# query each (`_facet`). Every facet not chosen, and the total, count the same projects, those
# narrowed by everything: these are materialised once and counted in one statement. CROSS JOIN
# keeps SQLite from scanning a whole tag table to probe the (usually few) narrowed projects.

_PROJECT_COLUMNS = {"license": "licenses", "status": "status", "health": "scan_health"}


def _unchosen_branch(name: str) -> tuple[str, list[Any]]:
    """One SELECT of the UNION: (facet, value, label, n) rows for facet `name` over `narrowed`."""
    if name == "entity":
        sql = (
            "SELECT 'entity', e.slug, e.acronym, COUNT(*) FROM narrowed b "
            "JOIN entities_entity e ON e.id = b.entity_id GROUP BY e.slug, e.acronym"
        )
        return sql, []
    if name == "sdg":
        sql = (
            "SELECT 'sdg', CAST(s.goal AS varchar(2)), '', COUNT(*) FROM narrowed b "
            "CROSS JOIN catalog_projectsdg s WHERE s.project_id = b.id GROUP BY s.goal"
        )
        return sql, []
    if name in ("language", "topic"):
        sql = (
            "SELECT t.kind, t.value, '', COUNT(*) FROM narrowed b CROSS JOIN catalog_project_tag t "
            "WHERE t.project_id = b.id AND t.kind = %s GROUP BY t.kind, t.value"
        )
        return sql, [name]
    column = _PROJECT_COLUMNS[name]
    sql = f"SELECT '{name}', b.{column}, '', COUNT(*) FROM narrowed b WHERE b.{column} <> '' "  # noqa: S608 - a column name
    return sql + f"GROUP BY b.{column}", []


def _count_unchosen(
    narrowed: QuerySet[Project], names: list[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of facets `names`, and the total under "total", over `narrowed`."""
    columns = ("id", "entity_id", "licenses", "status", "scan_health")
    base_sql, base_params = narrowed.order_by().values(*columns).query.sql_with_params()
    branches = [_unchosen_branch(name) for name in names]
    branches.append(("SELECT 'total', '', '', COUNT(*) FROM narrowed b", []))
    union = " UNION ALL ".join(sql for sql, _params in branches)
    branch_params = [param for _sql, branch in branches for param in branch]
    counted: dict[str, list[tuple[str, str, int]]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite materialises a common table expression again for each branch of a UNION;
            # a temporary table (this connection's own) is filled once.
            cursor.execute(_SQLITE_NARROWED_TABLE)
            cursor.execute("DELETE FROM temp.narrowed")
            cursor.execute(f"INSERT INTO temp.narrowed {base_sql}", base_params)
            # Its size, for the planner: without it SQLite expects a big table and scans a whole
            # tag table to build a Bloom filter for it.
            cursor.execute("ANALYZE temp.narrowed")
            cursor.execute(union, branch_params)
        else:
            sql = f"WITH narrowed AS MATERIALIZED ({base_sql}) {union}"
            cursor.execute(sql, [*base_params, *branch_params])
        for facet, value, label, n in cursor.fetchall():
            counted.setdefault(facet, []).append((str(value), str(label or value), int(n)))
    return counted


_SQLITE_NARROWED_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS narrowed (id integer PRIMARY KEY, entity_id integer, "
    "licenses text, status text, scan_health text)"
)


def _unchosen_facet(spec: _FacetSpec, rows: list[tuple[str, str, int]]) -> Facet:
    labels: Mapping[str, Any] = {
        "status": {s.value: s.label for s in ProjectStatus},
        "health": {h.value: h.label for h in ScanHealth},
    }.get(spec.name, {})
    if spec.name == "sdg":
        rows = sorted(rows, key=lambda row: int(row[0]))
        rows = [(value, str(sdg_label(int(value))), n) for value, _label, n in rows]
    else:
        rows = sorted(rows, key=lambda row: (-row[2], row[1]))[:MAX_FACET_OPTIONS]
    options = [
        FacetOption(value, str(labels.get(value, label)), n, False) for value, label, n in rows
    ]
    return Facet(spec.name, str(spec.legend), options)


# -- the search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogResults:
    query: CatalogQuery
    page: Page  # type: ignore[type-arg]
    facets: list[Facet]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def catalog_search(projects: QuerySet[Project], query: CatalogQuery) -> CatalogResults:
    """One page of `projects` (already limited to what the visitor may see) matching `query`,
    and the facets. A constant number of queries, whatever the page size: the count, the page,
    its SDGs, and one per facet."""
    if has_no_words(query.text):
        return _no_results(projects, query)
    terms = query.terms
    unchosen = [spec.name for spec in FACETS if not query.selected(spec.name)]
    counted = _count_unchosen(_narrowed(projects, query), unchosen)
    facets = [
        _facet(spec, projects, query)
        if query.selected(spec.name)
        else _unchosen_facet(spec, counted.get(spec.name, []))
        for spec in FACETS
    ]
    if connection.vendor == "sqlite" and terms:
        # The results are the narrowed projects, which the counting left in a temporary table:
        # a short list, instead of every text match walked again.
        narrowed = RawSQL("SELECT id FROM temp.narrowed", [])
        results = _ordered(projects.filter(pk__in=narrowed), query, terms, matched=True)
    else:
        indexed = _text_index_facets(query)
        results = _filtered(projects, query, indexed=indexed)
        results = _ordered(results, query, terms, indexed)
    results = results.select_related("entity").prefetch_related("sdgs", "texts")
    paginator = Paginator(results, PAGE_SIZE)
    paginator.count = counted["total"][0][2]  # counted above: no COUNT query of its own
    page = paginator.get_page(query.page)
    return CatalogResults(query=replace(query, page=str(page.number)), page=page, facets=facets)


def _no_results(projects: QuerySet[Project], query: CatalogQuery) -> CatalogResults:
    """No project, without a query; the chosen facet values stay listed, to be unticked."""
    facets = [
        Facet(
            spec.name,
            str(spec.legend),
            [FacetOption(value, value, 0, True) for value in query.selected(spec.name)],
        )
        for spec in FACETS
    ]
    page = Paginator(projects.none(), PAGE_SIZE).get_page(1)
    return CatalogResults(query=replace(query, page="1"), page=page, facets=facets)


def _unindexed(projects: QuerySet[Project]) -> QuerySet[Project]:
    """`unindexed_id`: the id as an expression (`id + 0`) that SQLite cannot look up by primary
    key. Filtering on it keeps SQLite from walking a long list of ids (text matches, projects of
    an SDG) and reading each wide project row, when an index on status and entity is shorter."""
    if "unindexed_id" in projects.query.annotations:
        return projects
    if connection.vendor != "sqlite":  # PostgreSQL plans these lists well by itself
        return projects.alias(unindexed_id=F("id"))
    return projects.alias(unindexed_id=F("id") + 0)


def text_matching(
    projects: QuerySet[Project], terms: list[str], facets: IndexedFacets | None = None
) -> QuerySet[Project]:
    """`projects` that match every term (see `search_terms`) and, on PostgreSQL, the chosen
    `facets` kept in the text index, through that index."""
    sql, params = _text_match(terms, facets or {})
    matched = RawSQL(sql, params)  # noqa: S611 - the terms are parameters
    return _unindexed(projects).filter(**{"unindexed_id__in": matched})


def _ordered(
    projects: QuerySet[Project],
    query: CatalogQuery,
    terms: list[str],
    indexed: IndexedFacets | None = None,
    *,
    matched: bool = False,
) -> QuerySet[Project]:
    """`projects` in the order asked for, matching `terms` and the `indexed` facets; `matched`:
    they already do."""
    if terms and query.sort == "relevance":
        return _ranked(projects, terms, indexed or {})
    if terms and not matched:
        projects = text_matching(projects, terms, indexed)
    if query.sort == "updated":
        return projects.order_by("-status_changed_at", "-pk")
    if query.sort == "health":
        return projects.alias(health_rank=_HEALTH_RANK).order_by("health_rank", "name", "pk")
    return projects.order_by("name", "pk")
