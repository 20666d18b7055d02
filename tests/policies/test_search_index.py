"""The text index follows every write (triggers of migration 0002), whatever makes it."""

from __future__ import annotations

import pytest

from osunited.policies.models import Policy, PolicyClause
from osunited.policies.search import text_matching
from tests.policies.search_data import empty_library, make_policy

pytestmark = pytest.mark.django_db


def found(*words: str) -> list[str]:
    return list(text_matching(Policy.objects.all(), list(words)).values_list("title", flat=True))


def test_the_index_follows_titles_clauses_and_deletions() -> None:
    empty_library()
    policy = make_policy("Interoperability framework", issuer="Estonia")
    assert found("interop") == ["Interoperability framework"]
    assert found("estonia") == ["Interoperability framework"]
    Policy.objects.filter(pk=policy.pk).update(title="Reuse framework")
    assert found("interop") == []
    assert found("reuse") == ["Reuse framework"]
    clause = PolicyClause.objects.create(policy=policy, text="Código abierto por defecto.")
    assert found("codigo") == ["Reuse framework"]  # diacritics folded
    clause.text = "Publish the source."
    clause.save()
    assert found("codigo") == []
    assert found("publish") == ["Reuse framework"]
    clause.delete()
    assert found("publish") == []
    policy.delete()
    assert found("reuse") == []
