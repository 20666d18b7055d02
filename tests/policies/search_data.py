"""A small known policy library for the search, export, map and API tests."""

from __future__ import annotations

from typing import Any

from osunited.policies.models import Origin, Policy, PolicyClause, PolicyObjective, PolicySource


def make_policy(
    title: str,
    *,
    objectives: tuple[str, ...] = (),
    clauses: tuple[tuple[str, list[str]], ...] = (),
    sources: tuple[str, ...] = (),
    **fields: Any,
) -> Policy:
    values: dict[str, Any] = {
        "issuer": "Argentina",
        "issuer_kind": "government",
        "region": "south_america",
        "policy_type": "bill",
        "status": "approved",
        "origin": Origin.PLATFORM,
        **fields,
    }
    policy = Policy.objects.create(title=title, **values)
    for objective in objectives:
        PolicyObjective.objects.create(policy=policy, objective=objective)
    for position, (text, items) in enumerate(clauses):
        PolicyClause.objects.create(policy=policy, position=position, text=text, items=items)
    for position, url in enumerate(sources):
        PolicySource.objects.create(policy=policy, position=position, citation=url, url=url)
    return policy


def empty_library() -> None:
    """No policy: the library starts with the CSIS dataset imported, these tests with none."""
    Policy.objects.all().delete()


def known_library() -> dict[str, Policy]:
    """Six policies: four approved, three with the cost objective, one unpublished."""
    empty_library()
    return {
        "free": make_policy(
            "Free Software Procurement Law",
            issuer="Brazil",
            year=2019,
            action="procurement_mandatory",
            objectives=("cost", "sovereignty"),
            clauses=(("Public bodies shall prefer open source software.", ["G2", "P1"]),),
            sources=("https://example.org/brazil-law",),
            summary="Mandates free software in federal procurement.",
        ),
        "strategy": make_policy(
            "Digital Strategy",
            issuer="Kenya",
            region="africa",
            policy_type="strategy",
            year=2021,
            action="training",
            objectives=("cost",),
            summary="Trains civil servants in open source tools.",
        ),
        "failed": make_policy(
            "Open Source Bill",
            issuer="Argentina",
            status="failed",
            year=2004,
            action="procurement_mandatory",
            objectives=("cost", "transparency"),
        ),
        "eu": make_policy(
            "Open Source Software Strategy",
            issuer="European Union",
            region="europe",
            policy_type="strategy",
            year=2020,
            action="repository",
            summary="Think open: sharing and reuse of code.",
        ),
        "unicef": make_policy(
            "UNICEF Open Source Policy",
            issuer="UNICEF",
            issuer_kind="international_organisation",
            region="global",
            policy_type="directive",
            year=None,
            objectives=("transparency",),
            clauses=(("Software built with UNICEF funds is released as open source.", ["G3"]),),
        ),
        "hidden": make_policy(
            "Unpublished draft", issuer="Chile", published=False, objectives=("cost",)
        ),
    }
