"""CLA on merge requests (CH7): a signed webhook from the forge sets the `osunited/cla` status
of the merge request's head commit from the platform's acceptance records, versioned."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.utils import timezone

from osunited.accounts.models import PolicyDocument, PolicyKind
from osunited.forges import cla
from osunited.forges.adapters import CommitState
from osunited.forges.models import Forge
from osunited.forges.services import forge_account_for, forge_save, webhook_secret_rotate
from tests.conftest import Cast
from tests.factories import UserFactory
from tests.forges.memory_forge import MemoryForge

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> MemoryForge:
    forge = MemoryForge()
    forge.add_repository("unicef/ospo/field-survey", files={"README.md": b"# Survey\n"})
    monkeypatch.setattr(cla, "adapter_for", lambda connection: forge)
    return forge


def configured(cast: Cast, kind: str) -> tuple[Forge, str]:
    forge = forge_save(
        actor=cast.heidi,
        name=f"UN {kind}",
        kind=kind,
        base_url="https://forge.example.org",
        token="a-token-of-the-bot",
        hosting_team=[],
    )
    return forge, webhook_secret_rotate(actor=cast.heidi, forge=forge)


def head(memory: MemoryForge) -> str:
    return memory.repository("unicef/ospo/field-survey").commits[-1][0]


def gitlab_delivery(memory: MemoryForge, username: str, action: str = "open") -> dict:
    return {
        "object_kind": "merge_request",
        "user": {"username": username},
        "project": {"id": int(memory.repository("unicef/ospo/field-survey").id)},
        "object_attributes": {"action": action, "last_commit": {"id": head(memory)}},
    }


def post_gitlab(forge: Forge, payload: object, token: str) -> object:
    return Client().post(
        f"/hosting/webhooks/{forge.pk}/",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"X-Gitlab-Token": token},
    )


def status_of(memory: MemoryForge) -> tuple[CommitState, str, str]:
    return memory.repository("unicef/ospo/field-survey").statuses[(head(memory), "osunited/cla")]


def test_a_contributor_who_accepted_the_cla_gets_a_success_status(
    cast: Cast, memory: MemoryForge
) -> None:
    forge, secret = configured(cast, "gitlab")
    username = forge_account_for(forge=forge, user=cast.carol).username

    response = post_gitlab(forge, gitlab_delivery(memory, username), secret)

    assert response.status_code == 202
    state, description, target = status_of(memory)
    assert state == CommitState.SUCCESS
    assert description.startswith("CLA ")
    assert "accepted on" in description
    assert target.endswith("/me/policies/")


def test_a_contributor_without_the_current_cla_gets_a_failure_naming_the_version(
    cast: Cast, memory: MemoryForge
) -> None:
    forge, secret = configured(cast, "gitlab")
    newcomer = UserFactory(email="newcomer@example.org", without_policies=True)
    username = forge_account_for(forge=forge, user=newcomer).username

    post_gitlab(forge, gitlab_delivery(memory, username), secret)

    state, description, _target = status_of(memory)
    assert state == CommitState.FAILURE
    assert "has not accepted CLA" in description


def test_a_new_cla_version_applies_to_those_who_accepted_the_old_one(
    cast: Cast, memory: MemoryForge
) -> None:
    forge, secret = configured(cast, "gitlab")
    username = forge_account_for(forge=forge, user=cast.carol).username
    PolicyDocument.objects.create(
        kind=PolicyKind.CLA,
        version="9.0",
        title="CLA",
        body="New terms.",
        published_at=timezone.now(),
    )

    post_gitlab(forge, gitlab_delivery(memory, username, action="update"), secret)

    state, description, _target = status_of(memory)
    assert (state, "CLA 9.0" in description) == (CommitState.FAILURE, True)


def test_someone_unknown_to_the_platform_is_told_to_sign_up(
    cast: Cast, memory: MemoryForge
) -> None:
    forge, secret = configured(cast, "gitlab")

    post_gitlab(forge, gitlab_delivery(memory, "stranger"), secret)

    state, description, _target = status_of(memory)
    assert state == CommitState.FAILURE
    assert "no account on the platform" in description


@pytest.mark.parametrize("token", ["", "wrong-secret"])
def test_an_unsigned_or_wrongly_signed_delivery_is_refused_and_changes_nothing(
    cast: Cast, memory: MemoryForge, token: str
) -> None:
    forge, _secret = configured(cast, "gitlab")

    response = post_gitlab(forge, gitlab_delivery(memory, "stranger"), token)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("The delivery is not signed")
    assert memory.repository("unicef/ospo/field-survey").statuses == {}


def test_a_forge_without_a_webhook_secret_accepts_no_delivery(
    cast: Cast, memory: MemoryForge
) -> None:
    forge, _secret = configured(cast, "gitlab")
    Forge.objects.filter(pk=forge.pk).update(webhook_secret_encrypted=b"")

    assert post_gitlab(forge, gitlab_delivery(memory, "x"), "").status_code == 401


def test_github_deliveries_are_checked_by_their_hmac(cast: Cast, memory: MemoryForge) -> None:
    forge, secret = configured(cast, "github")
    username = forge_account_for(forge=forge, user=cast.carol).username
    body = json.dumps(
        {
            "action": "synchronize",
            "repository": {"id": int(memory.repository("unicef/ospo/field-survey").id)},
            "pull_request": {"head": {"sha": head(memory)}, "user": {"login": username}},
        }
    ).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    def deliver(signed: str) -> int:
        return (
            Client()
            .post(
                f"/hosting/webhooks/{forge.pk}/",
                data=body,
                content_type="application/json",
                headers={"X-Hub-Signature-256": signed, "X-GitHub-Event": "pull_request"},
            )
            .status_code
        )

    assert deliver("sha256=" + "0" * 64) == 401
    assert memory.repository("unicef/ospo/field-survey").statuses == {}
    assert deliver(signature) == 202
    assert status_of(memory)[0] == CommitState.SUCCESS


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not json", 400),
        ([1, 2], 202),
        ({"object_kind": "push"}, 202),
        ({"object_kind": "merge_request", "object_attributes": {"action": "merge"}}, 202),
        ({"object_kind": "merge_request", "object_attributes": {"action": "open"}}, 202),
        ({"object_kind": "merge_request", "object_attributes": "x", "user": None}, 202),
    ],
)
def test_bad_or_other_deliveries_get_a_clear_answer_and_set_nothing(
    cast: Cast, memory: MemoryForge, payload: object, status: int
) -> None:
    forge, secret = configured(cast, "gitlab")
    data = payload if isinstance(payload, str) else json.dumps(payload)

    response = Client().post(
        f"/hosting/webhooks/{forge.pk}/",
        data=data,
        content_type="application/json",
        headers={"X-Gitlab-Token": secret},
    )

    assert response.status_code == status
    assert response.json()["detail"]
    assert memory.repository("unicef/ospo/field-survey").statuses == {}


def test_only_post_reaches_it_and_an_unknown_forge_is_404(cast: Cast) -> None:
    forge, _secret = configured(cast, "gitlab")

    assert Client().get(f"/hosting/webhooks/{forge.pk}/").status_code == 405
    assert (
        Client()
        .post("/hosting/webhooks/999999/", data="{}", content_type="application/json")
        .status_code
        == 404
    )
