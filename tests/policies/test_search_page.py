"""/policies/: full-text search, facets with counts, sorting, paging, htmx partial."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from osunited.policies.models import Policy
from tests.policies.search_data import empty_library, known_library, make_policy

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [policy.title for policy in response.context["results"].page]


def counts(response, facet: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = next(f for f in response.context["results"].facets if f.name == facet)
    return {option.value: option.count for option in found.options if option.count}


def test_it_counts_each_facet_over_the_published_policies() -> None:
    known_library()
    response = Client().get("/policies/")
    assert response.status_code == 200
    assert response.context["results"].count == 5  # the unpublished draft is left out
    assert counts(response, "region") == {"south_america": 2, "africa": 1, "europe": 1, "global": 1}
    assert counts(response, "objective") == {"cost": 3, "sovereignty": 1, "transparency": 2}
    assert counts(response, "status") == {"approved": 4, "failed": 1}
    assert counts(response, "issuer") == {"government": 4, "international_organisation": 1}
    assert counts(response, "type") == {"bill": 2, "strategy": 2, "directive": 1}
    assert counts(response, "action") == {
        "procurement_mandatory": 2,
        "training": 1,
        "repository": 1,
    }


def test_two_facets_narrow_together_and_each_counts_over_the_other() -> None:
    known_library()
    response = Client().get("/policies/?objective=cost&status=approved")
    assert sorted(titles(response)) == ["Digital Strategy", "Free Software Procurement Law"]
    # The status facet counts policies with the cost objective; the objective facet approved ones.
    assert counts(response, "status") == {"approved": 2, "failed": 1}
    assert counts(response, "objective") == {"cost": 2, "sovereignty": 1, "transparency": 1}
    assert counts(response, "region") == {"south_america": 1, "africa": 1}


def test_values_of_one_facet_combine_with_or() -> None:
    known_library()
    response = Client().get("/policies/?region=africa&region=europe")
    assert sorted(titles(response)) == ["Digital Strategy", "Open Source Software Strategy"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("procurement", ["Free Software Procurement Law"]),  # the title
        ("kenya", ["Digital Strategy"]),  # the issuer
        ("civil servants", ["Digital Strategy"]),  # the summary
        ("funds released", ["UNICEF Open Source Policy"]),  # a clause
        ("strat", ["Digital Strategy", "Open Source Software Strategy"]),  # a prefix
    ],
)
def test_it_finds_words_in_title_issuer_summary_and_clauses(
    words: str, expected: list[str]
) -> None:
    known_library()
    response = Client().get("/policies/", {"q": words})
    assert sorted(titles(response)) == expected


def test_the_text_and_a_facet_narrow_together() -> None:
    known_library()
    response = Client().get("/policies/?q=open&issuer=government&region=south_america")
    assert sorted(titles(response)) == ["Free Software Procurement Law", "Open Source Bill"]
    assert counts(response, "issuer") == {"government": 2}
    assert counts(response, "region") == {"south_america": 2, "africa": 1, "europe": 1}


def test_a_word_alone_counts_the_objectives_of_its_published_matches() -> None:
    known_library()
    make_policy("Open data rules", published=False, objectives=("security",))
    response = Client().get("/policies/?q=open")
    assert response.context["results"].count == 5
    assert counts(response, "objective") == {"cost": 3, "sovereignty": 1, "transparency": 2}
    assert counts(response, "region") == {"south_america": 2, "africa": 1, "europe": 1, "global": 1}


def test_a_later_page_of_relevance_results_holds_the_rest_in_order() -> None:
    empty_library()
    for number in range(25):
        make_policy(f"Policy {number:02}", summary="open " * (1 + number % 3))
    first = Client().get("/policies/?q=open")
    second = Client().get("/policies/?q=open&page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert sorted(titles(first) + titles(second)) == [f"Policy {n:02}" for n in range(25)]


@pytest.mark.parametrize(
    "attack",
    [
        '"',
        "' OR 1=1 --",
        'open" OR "x',
        "open*",
        "NEAR(open source)",
        "title:open",
        "open; DROP TABLE policies_policy; --",
        "%",
        "-open",
        "open AND bill",
        "\\",
    ],
)
def test_query_syntax_and_sql_never_reach_the_database(attack: str) -> None:
    policies = known_library()
    response = Client().get("/policies/", {"q": attack})
    assert response.status_code == 200
    words = re.findall(r"[^\W_]+", attack.lower())
    if not words:
        assert titles(response) == []
        assert "no letter or digit" in response.content.decode()
    else:  # the syntax is ignored: the same policies as the words alone
        plain = Client().get("/policies/", {"q": " ".join(words)})
        assert titles(response) == titles(plain)
    assert Policy.objects.count() == len(policies)  # nothing was dropped


def test_or_and_near_are_searched_as_words_not_operators() -> None:
    known_library()
    assert titles(Client().get("/policies/", {"q": "law OR bill"})) == []
    assert titles(Client().get("/policies/", {"q": "source bill"})) == ["Open Source Bill"]


def test_unknown_values_are_dropped_with_a_note() -> None:
    known_library()
    response = Client().get("/policies/?region=atlantis&status=approved&sort=evil&page=abc")
    assert response.status_code == 200
    assert response.context["results"].count == 4
    page = response.content.decode()
    assert "Ignored unknown region: atlantis." in page
    assert "Unknown sort order" in page


def test_sorting_and_paging() -> None:
    empty_library()
    for number in range(25):
        make_policy(f"Policy {number:02d}", year=2000 + number)
    response = Client().get("/policies/?sort=newest")
    assert titles(response)[:2] == ["Policy 24", "Policy 23"]
    assert len(titles(response)) == 20
    second = Client().get("/policies/?sort=newest&page=2")
    assert titles(second) == ["Policy 04", "Policy 03", "Policy 02", "Policy 01", "Policy 00"]
    assert 'href="?sort=newest&amp;page=1"' in second.content.decode()
    beyond = Client().get("/policies/?sort=title&page=99")
    assert titles(beyond)[-1] == "Policy 24"


def test_relevance_puts_a_title_match_first() -> None:
    empty_library()
    make_policy("Cloud policy", summary="Mentions procurement once.")
    make_policy("Procurement rules")
    response = Client().get("/policies/?q=procurement")
    assert titles(response) == ["Procurement rules", "Cloud policy"]
    assert response.context["results"].query.sort == "relevance"


def test_an_htmx_request_gets_the_results_partial() -> None:
    known_library()
    response = Client().get(
        "/policies/?q=strategy", headers={"HX-Request": "true", "HX-Target": "policy-results"}
    )
    page = response.content.decode()
    assert page.startswith('<div id="policy-results"')
    assert "<h1>" not in page
    assert "export.csv?q=strategy" in page


def test_each_result_links_to_its_page() -> None:
    policy = known_library()["strategy"]
    page = Client().get("/policies/?q=kenya").content.decode()
    assert f'href="/policies/{policy.public_id}/"' in page


def test_the_page_takes_the_same_queries_for_few_or_many_policies() -> None:
    known_library()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            Client().get("/policies/?q=open&objective=cost&status=approved")
        return len(captured)

    few = queries()
    for number in range(30):
        make_policy(f"Open policy {number}", objectives=("cost",))
    assert queries() == few
