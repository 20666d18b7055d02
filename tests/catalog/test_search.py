"""Catalog search: the text index follows every write, ranks by relevance, and no user input is
query syntax; facets count only what the visitor may see."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import Client

from osunited.catalog.models import Project, ProjectSdg
from osunited.catalog.search import (
    MAX_PREFIX_WORDS,
    CatalogResults,
    catalog_search,
    parse_query,
    search_terms,
)
from osunited.catalog.selectors import visible_projects
from tests.conftest import Cast
from tests.factories import EntityFactory, ProjectFactory, ProjectSdgFactory

pytestmark = pytest.mark.django_db


def search(user: object, params: str) -> CatalogResults:
    visitor = user or AnonymousUser()
    return catalog_search(visible_projects(visitor), parse_query(QueryDict(params)))


def names(results: CatalogResults) -> list[str]:
    return [project.name for project in results.page]


def facet(results: CatalogResults, name: str) -> dict[str, int | None]:
    (found,) = [f for f in results.facets if f.name == name]
    return {option.value: option.count for option in found.options}


def test_it_finds_words_in_every_indexed_field(cast: Cast) -> None:
    ProjectFactory(
        name="Alpha", status="published", entity=cast.unicef, purpose="Vaccine logistics",
        description="Offline-first mobile app", features=["Barcode scanning"],
        topics=["supply-chain"], languages=["Kotlin"],
    )  # fmt: skip
    for query in ("vaccine", "offline", "barcode", "supply", "kotlin", "unicef", "ALPHA", "alp"):
        assert names(search(None, f"q={query}")) == ["Alpha"], query


def test_the_index_follows_updates_deletes_and_entity_renames(cast: Cast) -> None:
    project = ProjectFactory(name="Beacon", status="published", entity=cast.unicef)
    project.purpose = "Flood warnings"
    project.save()
    assert names(search(None, "q=flood")) == ["Beacon"]
    cast.unicef.acronym = "UNICEF2"
    cast.unicef.save()
    assert names(search(None, "q=unicef2")) == ["Beacon"]
    Project.objects.filter(pk=project.pk).delete()
    assert names(search(None, "q=flood")) == []


def test_every_word_must_match(cast: Cast) -> None:
    ProjectFactory(name="Water pump", status="published", purpose="Rural water")
    ProjectFactory(name="Water meter", status="published", purpose="Urban billing")
    assert names(search(None, "q=water+rural")) == ["Water pump"]


def test_a_match_in_the_name_ranks_above_one_in_the_description(cast: Cast) -> None:
    ProjectFactory(name="Ledger", status="published", description="Tracks malaria cases.")
    ProjectFactory(name="Malaria map", status="published", purpose="Maps of cases")
    assert names(search(None, "q=malaria")) == ["Malaria map", "Ledger"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"', "'", '"water', "water NEAR pump", "NEAR(water pump)", "*", "water*", "-water",
        "^water",
        "water OR 1=1", "'; DROP TABLE catalog_project; --", "name:water", "{name}: water",
        "water AND NOT pump", "(water", "\\", "%", "_", "water & !pump | x", "a:* & b",
    ],
)  # fmt: skip
def test_hostile_queries_are_words_not_syntax(cast: Cast, hostile: str) -> None:
    ProjectFactory(name="Water pump", status="published")
    results = search(None, urlencode({"q": hostile}))
    assert results.count in (0, 1)
    assert Project.objects.count() == 1


def test_query_words_keep_only_letters_and_digits() -> None:
    assert search_terms('NEAR("x" -y*) 1=1; drop_table é') == [
        "near",
        "x",
        "y",
        "1",
        "drop",
        "table",
        "é",
    ]


def test_drafts_are_absent_from_search_and_facet_counts_for_the_public(cast: Cast) -> None:
    ProjectFactory(name="Open water", status="published", entity=cast.unicef, languages=["Go"])
    draft = ProjectFactory(name="Secret water", status="draft", entity=cast.who, languages=["Go"])
    ProjectSdgFactory(project=draft, goal=6)
    for user in (None, cast.carol, cast.frank, cast.bob, cast.erin):
        results = search(user, "q=water")
        assert names(results) == ["Open water"], user
        assert facet(results, "entity") == {"unicef": 1}
        assert facet(results, "language") == {"Go": 1}
        assert facet(results, "sdg") == {}
        assert facet(results, "status") == {"published": 1}


def test_people_with_a_role_find_the_draft(cast: Cast) -> None:
    draft = ProjectFactory(
        name="Secret water", status="draft", entity=cast.unicef, focal_points=[cast.alice]
    )
    for user in (cast.alice, cast.erin, cast.heidi):
        results = search(user, "q=water")
        assert names(results) == ["Secret water"]
        assert facet(results, "status") == {"draft": 1}
    draft.status = "submitted"
    draft.save()
    assert names(search(cast.bob, "q=water")) == ["Secret water"]


def test_facets_combine_and_count_what_choosing_another_value_would_give(cast: Cast) -> None:
    a = ProjectFactory(name="A", status="published", entity=cast.unicef, languages=["Python"])
    b = ProjectFactory(name="B", status="published", entity=cast.who, languages=["Python", "Go"])
    ProjectFactory(name="C", status="published", entity=cast.who, languages=["Go"])
    ProjectSdgFactory(project=a, goal=3)
    ProjectSdgFactory(project=b, goal=3)
    results = search(None, "language=Python&entity=who")
    assert names(results) == ["B"]
    assert facet(results, "entity") == {"unicef": 1, "who": 1}  # among Python projects
    assert facet(results, "language") == {"Go": 2, "Python": 1}  # among WHO projects
    assert facet(results, "sdg") == {"3": 1}
    assert names(search(None, "language=Python&language=Go&sdg=3")) == ["A", "B"]
    assert names(search(None, "entity=unicef&entity=who&language=Go")) == ["B", "C"]


def test_words_with_entity_and_sdg_count_each_facet_without_its_own_choice(cast: Cast) -> None:
    a = ProjectFactory(name="Water A", status="published", entity=cast.unicef)
    b = ProjectFactory(name="Water B", status="published", entity=cast.who)
    c = ProjectFactory(name="Water C", status="published", entity=cast.who)
    ProjectFactory(name="Land D", status="published", entity=cast.who)
    for project, goal in ((a, 6), (b, 6), (b, 3), (c, 3)):
        ProjectSdgFactory(project=project, goal=goal)
    results = search(None, "q=water&entity=who&sdg=6")
    assert names(results) == ["Water B"]
    assert facet(results, "entity") == {"unicef": 1, "who": 1}  # water projects of SDG 6
    assert facet(results, "sdg") == {"3": 2, "6": 1}  # water projects of WHO
    ranked = search(None, "q=water&entity=who&entity=unicef&sdg=6&sdg=3&sort=relevance")
    assert sorted(names(ranked)) == ["Water A", "Water B", "Water C"]
    assert names(search(None, "q=water&entity=nobody&sdg=6")) == []
    assert names(search(None, "q=water&entity=nobody&entity=unicef")) == ["Water A"]


def test_words_with_facets_follow_changes_of_goals_and_entity(cast: Cast) -> None:
    project = ProjectFactory(name="Water", status="published", entity=cast.unicef)
    sdg = ProjectSdgFactory(project=project, goal=6)
    assert names(search(None, "q=water&entity=unicef&sdg=6")) == ["Water"]
    sdg.goal = 14
    sdg.save()
    assert names(search(None, "q=water&sdg=6")) == []
    assert names(search(None, "q=water&sdg=14")) == ["Water"]
    other = ProjectFactory(name="Land", status="published")
    ProjectSdg.objects.filter(pk=sdg.pk).update(project=other)
    assert names(search(None, "q=water&sdg=14")) == []
    assert names(search(None, "q=land&sdg=14")) == ["Land"]
    ProjectSdg.objects.filter(project=other).delete()
    assert names(search(None, "q=land&sdg=14")) == []
    project.entity = cast.who
    project.save()
    assert names(search(None, "q=water&entity=unicef")) == []
    assert names(search(None, "q=water&entity=who")) == ["Water"]


def test_a_prefix_finds_every_word_it_begins_however_many(cast: Cast) -> None:
    many = " ".join(f"wave{number}" for number in range(MAX_PREFIX_WORDS + 20))
    ProjectFactory(name="Tide", status="published", description=many)
    ProjectFactory(
        name="Mail", status="published", purpose="Write to x@y.org, e-mail a.b/c or 'quoted'"
    )
    assert names(search(None, "q=wave")) == ["Tide"]
    assert names(search(None, "q=wave7")) == ["Tide"]  # wave7, wave70 to wave79
    assert names(search(None, "q=wave119&sort=relevance")) == ["Tide"]
    assert names(search(None, "q=e+mail")) == ["Mail"]
    assert names(search(None, "q=quot")) == ["Mail"]
    assert names(search(None, "q=wavez")) == []


def test_text_cannot_pose_as_an_entity_or_a_goal(cast: Cast) -> None:
    ProjectFactory(
        name="Water", status="published", entity=cast.unicef,
        purpose=f"_g6 _e{cast.who.pk} g6", description=f"__g6 _E{cast.who.pk}",
    )  # fmt: skip
    assert names(search(None, "q=water&sdg=6")) == []
    assert names(search(None, "q=water&entity=who")) == []
    assert names(search(None, "q=g6")) == ["Water"]


def test_sort_orders(cast: Cast) -> None:
    ProjectFactory(name="Zeta", status="published", scan_health="good")
    ProjectFactory(name="Alpha", status="published", scan_health="at_risk")
    assert names(search(None, "sort=name")) == ["Alpha", "Zeta"]
    assert names(search(None, "sort=health")) == ["Zeta", "Alpha"]
    assert names(search(None, "sort=updated")) == ["Alpha", "Zeta"]


def test_bad_parameters_are_ignored_with_a_note() -> None:
    query = parse_query(QueryDict("sdg=99&sdg=4&sort=evil&page=abc&status=nope&health=x"))
    assert query.sdg == ("4",)
    assert query.status == ()
    assert query.health == ()
    assert query.sort == "name"
    assert len(query.notes) == 4


WORDLESS = ["%", "_", "%%", "*", '"', "(", ")", "-", "^", ":", "'", "\\", "%_*", "- * ( )"]


@pytest.mark.parametrize("wordless", WORDLESS)
def test_a_search_without_any_word_matches_no_project_not_every_one(
    cast: Cast, wordless: str
) -> None:
    ProjectFactory(name="Water pump", status="published")
    ProjectFactory(name="Ledger", status="published")
    response = Client().get("/catalog/", {"q": wordless})
    assert response.status_code == 200
    assert response.context["results"].count == 0
    assert "The search holds no letter or digit, so no project matches it." in (
        response.content.decode()
    )
    assert Client().get("/api/projects", {"q": wordless}).json()["items"] == []


def test_a_wordless_search_keeps_the_chosen_facets_to_untick(cast: Cast) -> None:
    ProjectFactory(name="Water pump", status="published", entity=cast.unicef)
    results = search(None, "q=%25&entity=unicef&status=published")
    assert results.count == 0
    assert facet(results, "entity") == {"unicef": 0}
    assert facet(results, "status") == {"published": 0}


@pytest.mark.parametrize("operator", ["OR", "AND", "NOT", "NEAR"])
def test_query_operators_are_searched_as_words(cast: Cast, operator: str) -> None:
    lab = EntityFactory(acronym="LAB", name="Lab")  # no word of it begins with an operator
    ProjectFactory(name="Water pump", status="published", entity=lab, purpose="Pumps.")
    ProjectFactory(
        name=f"Ledger {operator.lower()}bit", status="published", entity=lab, purpose="Sums."
    )
    assert names(search(None, urlencode({"q": operator}))) == [f"Ledger {operator.lower()}bit"]
    body = Client().get("/api/projects", {"q": operator}).json()
    assert [item["name"] for item in body["items"]] == [f"Ledger {operator.lower()}bit"]


@pytest.mark.parametrize("kind", ["language", "topic"])
def test_the_apis_language_and_topic_filters_match_a_whole_tag(cast: Cast, kind: str) -> None:
    field = f"{kind}s"
    ProjectFactory(name="Two", status="published", **{field: ["Go", "Python"]})
    ProjectFactory(name="One", status="published", **{field: ["Rust"]})

    def found(value: str) -> list[str]:
        body = Client().get("/api/projects", {kind: value}).json()
        return sorted(item["name"] for item in body["items"])

    assert found("python") == ["Two"]
    assert found("RUST") == ["One"]
    for literal in ('", "', ",", '"', "%", "_", "Py%", "R_st", "o"):
        assert found(literal) == [], literal
