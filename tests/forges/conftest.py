"""Fixtures of the forges' tests: an in-memory forge, and the platform configured to use it."""

from __future__ import annotations

import pytest

from osunited.forges.adapters import AccessLevel
from osunited.forges.models import Forge
from osunited.forges.services import forge_save, namespace_set
from tests.conftest import Cast
from tests.forges.memory_forge import MemoryForge


@pytest.fixture
def forge_memory() -> MemoryForge:
    memory = MemoryForge()
    memory.add_namespace("unicef/ospo", members={"hosting-team": AccessLevel.OWNER})
    memory.add_user("alice", "carol")  # they signed in to the forge once
    return memory


@pytest.fixture
def forge(cast: Cast, forge_memory: MemoryForge) -> Forge:
    configured = forge_save(
        actor=cast.heidi,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token="glpat-secret-token-1234",
        hosting_team=["hosting-team"],
    )
    namespace_set(actor=cast.heidi, entity=cast.alice.entity, forge=configured, path="unicef/ospo")
    return configured
