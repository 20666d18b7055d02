"""The search's facet index (policies.facet_index): it follows every write at once, in every
process, and its counts and pages are those of plain SQL."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count

from osunited.policies import facet_index
from osunited.policies.csis import CSIS_COLUMNS
from osunited.policies.models import (
    Action,
    Objective,
    Policy,
    PolicyObjective,
    PolicyStatus,
    PolicyType,
    Region,
)
from osunited.policies.search import (
    FACETS,
    PAGE_SIZE,
    SORTS,
    PolicyQuery,
    narrowed,
    ordered,
    parse_query,
    policy_search,
)
from osunited.policies.selectors.search import searchable_policies
from osunited.policies.services.importing import csis_import
from tests.policies.search_data import known_library, make_policy

pytestmark = pytest.mark.django_db


def search(**params: Any) -> Any:
    return policy_search(searchable_policies(), parse_query(params))


def counts(results: Any, facet: str) -> dict[str, int]:
    found = next(f for f in results.facets if f.name == facet)
    return {option.value: option.count for option in found.options if option.count}


def test_a_new_policy_counts_at_once() -> None:
    known_library()
    assert search().count == 5
    make_policy("Cloud Act", region="asia", objectives=("security",))
    results = search(region="asia")
    assert results.count == 1
    assert counts(results, "objective") == {"security": 1}


def test_an_edited_region_moves_at_once() -> None:
    policy = known_library()["strategy"]
    assert counts(search(), "region")["africa"] == 1
    policy.region = Region.ASIA
    policy.save()
    assert "africa" not in counts(search(), "region")
    assert [p.title for p in search(region="asia").page] == ["Digital Strategy"]


def test_changed_objectives_count_at_once() -> None:
    policy = known_library()["eu"]
    PolicyObjective.objects.create(policy=policy, objective=Objective.SECURITY)
    assert counts(search(), "objective")["security"] == 1
    policy.objectives.all().delete()
    assert "security" not in counts(search(), "objective")


def test_writes_in_bulk_and_unpublishing_count_at_once() -> None:
    known_library()
    search()
    Policy.objects.filter(issuer="Brazil").update(published=False)
    assert search().count == 4
    Policy.objects.bulk_create(
        [Policy(title=f"Bulk {n}", issuer="Peru", region="south_america", policy_type="bill",
                status="approved", issuer_kind="government", origin="platform")
         for n in range(3)]
    )  # fmt: skip
    assert counts(search(), "region")["south_america"] == 4


def test_a_csis_import_counts_at_once() -> None:
    known_library()
    search()
    row = [
        "Ruritania", "Europe", "Ministry", "Open Code Act", "Strategy", "2019", "Yes",
        "X", "-", "-", "X", "-", "-", "R&D", "OSS", "Approved", "A summary.",
        "https://example.org/policy", "", "",
    ]  # fmt: skip
    text = "\r\n".join(",".join(line) for line in (CSIS_COLUMNS, row))
    report = csis_import(text=text)
    assert report.created == 1, report.errors
    assert counts(search(), "region")["europe"] == 2


def test_a_write_of_another_process_shows_here() -> None:
    """Another process writes through its own connection: no signal of this one runs. The
    index sees the stamp that the database's triggers renewed."""
    known_library()
    assert search(region="europe").count == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE policies_policy SET region = 'asia' WHERE issuer = 'European Union'")
    assert search(region="europe").count == 0
    assert search(region="asia").count == 1


def test_a_write_rolled_back_leaves_the_index_as_the_library() -> None:
    known_library()
    seen = []

    @transaction.atomic
    def write_then_fail() -> None:
        make_policy("Temporary", region="asia")
        seen.append(search(region="asia").count)  # this transaction sees its own write
        raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen == [1]
    assert search(region="asia").count == 0


def test_every_write_renews_the_stamp_through_the_triggers() -> None:
    """A migration that remakes the tables on SQLite drops the triggers (see migration 0003)."""
    stamps = [facet_index.library_stamp("default")]
    policy = make_policy("Stamped")
    stamps.append(facet_index.library_stamp("default"))
    PolicyObjective.objects.create(policy=policy, objective=Objective.COST)
    stamps.append(facet_index.library_stamp("default"))
    policy.delete()
    stamps.append(facet_index.library_stamp("default"))
    assert len(set(stamps)) == 4


# -- the same counts and pages as plain SQL, on random small libraries -----------------------

WORDS = ["open", "source", "cloud", "data", "code", "public", "Zeta", "alpha"]


def random_library(rng: random.Random) -> None:
    Policy.objects.all().delete()
    for n in range(rng.randint(30, 70)):
        make_policy(
            f"{' '.join(rng.sample(WORDS, k=rng.randint(1, 3)))} {n % 7}",
            issuer=rng.choice(["Chile", "Kenya", "France", "UNDP"]),
            issuer_kind=rng.choice(["government", "international_organisation"]),
            region=rng.choice(Region.values),
            policy_type=rng.choice(PolicyType.values),
            status=rng.choice(PolicyStatus.values),
            action=rng.choice(["", *Action.values]),
            year=rng.choice([None, 2001, 2010, 2010, 2020]),
            summary=" ".join(rng.choices(WORDS, k=rng.randint(0, 6))),
            published=rng.random() > 0.1,
            objectives=tuple(rng.sample(Objective.values, k=rng.randint(0, 3))),
        )


def random_query(rng: random.Random) -> dict[str, Any]:
    params: dict[str, Any] = {"sort": rng.choice(list(SORTS))}
    if rng.random() < 0.6:
        params["q"] = " ".join(rng.sample(WORDS, k=rng.randint(1, 2)))
    for spec in rng.sample(FACETS, k=rng.randint(0, 3)):
        params[spec.name] = rng.sample(spec.choices.values, k=rng.randint(1, 2))
    return params


def sql_counts(query: PolicyQuery, name: str) -> dict[str, int]:
    """A facet's counts by plain SQL: the policies matching every other facet, grouped."""
    spec = next(spec for spec in FACETS if spec.name == name)
    policies = narrowed(searchable_policies(), query, but=name).order_by()
    if spec.column:
        rows = policies.values_list(spec.column).annotate(n=Count("pk"))
    else:
        objectives = PolicyObjective.objects.filter(policy__in=policies.values("pk"))
        rows = objectives.values_list("objective").annotate(n=Count("pk")).order_by()
    return {str(value): n for value, n in rows if n and value}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_and_pages_are_those_of_plain_sql(seed: int) -> None:
    rng = random.Random(seed)
    random_library(rng)
    for _ in range(25):
        params = random_query(rng)
        results = search(**params)
        query = results.query
        assert results.count == narrowed(searchable_policies(), query).count(), params
        for spec in FACETS:
            assert counts(results, spec.name) == sql_counts(query, spec.name), (params, spec)
        in_order = list(ordered(searchable_policies(), query).values_list("pk", flat=True))
        for number in range(1, (len(in_order) - 1) // PAGE_SIZE + 2):
            page = search(**params, page=str(number)).page
            expected = in_order[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            assert [policy.pk for policy in page] == expected, (params, number)


def test_a_new_process_builds_the_same_index() -> None:
    known_library()
    first = search(q="open", objective="cost")
    facet_index.forget()
    again = search(q="open", objective="cost")
    assert [p.pk for p in again.page] == [p.pk for p in first.page]
    assert again.facets == first.facets
