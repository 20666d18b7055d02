"""The capacity-building team's pages: create and edit a module (links only over http or https,
a positive duration, an SPDX id or words for the license), unpublish it, and edit a path's
steps. Every write is audited; a refusal says why and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest

from osunited.audit.models import AuditEvent
from osunited.learning.models import LearningModule, LearningPath, PathStep
from tests.conftest import Cast, client_for
from tests.learning.events_helpers import capacity_team_member

pytestmark = pytest.mark.django_db


def module_form(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "slug": "unicef-open-source-101",
        "title": "Open source at UNICEF",
        "summary": "UNICEF's introduction to open source for its staff.",
        "kind": "external",
        "osee_module": "",
        "competencies": ["strategy/change-management", "strategy/capacity-building"],
        "provider": "UNICEF",
        "url": "https://www.unicef.org/innovation/",
        "language": "en",
        "level": "introductory",
        "duration_minutes": "90",
        "license": "",
        "self_paced": "on",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


@pytest.fixture
def team(cast: Cast):  # type: ignore[no-untyped-def]
    return client_for(capacity_team_member(cast.frank))


def test_the_capacity_team_adds_a_module_to_the_catalogue(team) -> None:  # type: ignore[no-untyped-def]
    response = team.post("/learning/modules/new/", module_form())
    assert response.status_code == 302
    assert response["Location"] == "/learning/modules/unicef-open-source-101/"
    module = LearningModule.objects.get(slug="unicef-open-source-101")
    assert module.competencies == ["strategy/change-management", "strategy/capacity-building"]
    assert (module.duration_minutes, module.self_paced, module.published) == (90, True, True)
    event = AuditEvent.objects.get(action="learning_module.created")
    assert event.object_id == str(module.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "ftp://files.example.org/course"}, "url", "Enter a valid URL."),
        ({"url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 1"),
        ({"duration_minutes": "-5"}, "duration_minutes", "greater than or equal to 1"),
        ({"license": "MIT2"}, "license", "MIT2 is not an SPDX license id the platform knows"),
        ({"kind": "osee"}, "osee_module", "An OSEE framework module names its OSEE module."),
        ({"competencies": ["strategy/no-such-thing"]}, "competencies", "Select a valid choice."),
        ({"slug": "new"}, "slug", "This short name is reserved"),
        ({"slug": "osee-strategy"}, "slug", "The short name osee-strategy is taken."),
        ({"title": "  "}, "title", "This field is required."),
    ],
)
def test_a_refused_module_says_why_and_saves_nothing(
    team,
    changes: dict[str, Any],
    field: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    before = LearningModule.objects.count()
    response = team.post("/learning/modules/new/", module_form(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert LearningModule.objects.count() == before
    assert not AuditEvent.objects.filter(action="learning_module.created").exists()


def test_a_license_is_an_spdx_id_in_its_exact_spelling_or_words(team) -> None:  # type: ignore[no-untyped-def]
    team.post("/learning/modules/new/", module_form(license="cc-by-4.0"))
    assert LearningModule.objects.get(slug="unicef-open-source-101").license == "CC-BY-4.0"
    team.post(
        "/learning/modules/new/",
        module_form(slug="paid-course", license="Proprietary, free of charge"),
    )
    assert LearningModule.objects.get(slug="paid-course").license == "Proprietary, free of charge"


def test_editing_keeps_the_address_and_audits_each_change(team) -> None:  # type: ignore[no-untyped-def]
    module = LearningModule.objects.get(slug="lf-introduction-to-linux")
    form = module_form(
        slug=None,
        title=module.title,
        summary=module.summary,
        competencies=module.competencies,
        provider=module.provider,
        url=module.url,
        duration_minutes="3600",
    )
    response = team.post("/learning/modules/lf-introduction-to-linux/edit/", form)
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.slug == "lf-introduction-to-linux"
    assert module.duration_minutes == 3600
    event = AuditEvent.objects.get(action="learning_module.updated")
    assert event.changes == {"duration_minutes": [None, 3600]}


def test_the_edit_form_shows_the_competencies_in_a_fieldset_per_osee_module(team) -> None:  # type: ignore[no-untyped-def]
    page = team.get("/learning/modules/osee-strategy/edit/").content.decode()
    assert "<legend>Strategy</legend>" in page
    assert 'value="strategy/change-management"' in page
    assert 'name="slug"' not in page


def test_unpublishing_takes_a_module_out_of_the_catalogue_and_publishing_brings_it_back(
    team,  # type: ignore[no-untyped-def]
) -> None:
    url = "/learning/modules/osee-strategy/publication/"
    assert team.post(url, {"published": "no"}).status_code == 302
    assert not LearningModule.objects.get(slug="osee-strategy").published
    assert client_for(None).get("/learning/modules/osee-strategy/").status_code == 404
    team.post(url, {"published": "yes"})
    assert LearningModule.objects.get(slug="osee-strategy").published
    actions = list(
        AuditEvent.objects.filter(action__startswith="learning_module.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["learning_module.unpublished", "learning_module.published"]


def _steps(slug: str) -> list[tuple[int, str]]:
    path = LearningPath.objects.get(slug=slug)
    return list(path.steps.order_by("position").values_list("position", "module__slug"))


def test_the_team_adds_a_step_at_the_end_with_why(team) -> None:  # type: ignore[no-untyped-def]
    module = LearningModule.objects.get(slug="osee-digital-inclusion")
    response = team.post(
        "/learning/paths/developer/edit/", {"module": module.pk, "why": "CPF 4.3.8: public."}
    )
    assert response.status_code == 302
    steps = _steps("developer")
    assert steps[-1] == (len(steps) - 1, "osee-digital-inclusion")
    assert AuditEvent.objects.filter(action="learning_path.step_added").exists()


def test_a_step_needs_a_reason(team) -> None:  # type: ignore[no-untyped-def]
    module = LearningModule.objects.get(slug="osee-digital-inclusion")
    before = _steps("developer")
    response = team.post("/learning/paths/developer/edit/", {"module": module.pk, "why": " "})
    assert response.status_code == 400
    assert _steps("developer") == before


def test_the_team_reorders_and_removes_steps_and_positions_stay_in_sequence(team) -> None:  # type: ignore[no-untyped-def]
    before = [slug for _, slug in _steps("developer")]
    second = PathStep.objects.get(path__slug="developer", module__slug=before[1])
    team.post(f"/learning/paths/developer/steps/{second.pk}/move/", {"direction": "up"})
    after_move = [slug for _, slug in _steps("developer")]
    assert after_move[:2] == [before[1], before[0]]
    team.post(f"/learning/paths/developer/steps/{second.pk}/remove/")
    steps = _steps("developer")
    assert [slug for _, slug in steps] == [before[0], *before[2:]]
    assert [position for position, _ in steps] == list(range(len(steps)))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning_path.step_moved", "learning_path.step_removed"} <= actions


def test_a_step_of_another_path_is_refused_with_a_message(team) -> None:  # type: ignore[no-untyped-def]
    foreign = PathStep.objects.filter(path__slug="ospo-lead").first()
    assert foreign is not None
    response = team.post(f"/learning/paths/developer/steps/{foreign.pk}/remove/", follow=True)
    assert "That step is not on this path any more." in response.content.decode()
    assert PathStep.objects.filter(pk=foreign.pk).exists()


def test_people_outside_the_capacity_team_cannot_edit(cast: Cast) -> None:
    alice = client_for(cast.alice)
    assert alice.get("/learning/modules/new/").status_code == 403
    assert alice.post("/learning/modules/new/", module_form()).status_code == 403
    assert (
        alice.post("/learning/modules/osee-strategy/publication/", {"published": "no"}).status_code
        == 403
    )
    assert alice.get("/learning/paths/developer/edit/").status_code == 403
    assert LearningModule.objects.get(slug="osee-strategy").published
