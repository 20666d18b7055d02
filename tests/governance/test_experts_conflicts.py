"""The conflict-of-interest rules of consultations (CPF 4.1.3, G10), over plain values."""

import pytest

from osunited.governance.conflicts import (
    Conflict,
    ConsultationFacts,
    ExpertFacts,
    Organisation,
    conflicts_of,
    normalise_organisations,
    repository_owner,
)

UNICEF = Organisation("United Nations Children's Fund", "UNICEF")
WHO = Organisation("World Health Organization", "WHO")
UNDP = Organisation("United Nations Development Programme", "UNDP")


def an_expert(*organisations: str, staff_of: Organisation | None = None) -> ExpertFacts:
    return ExpertFacts(user_id=7, staff_of=staff_of, organisations=organisations)


def a_project(**facts: object) -> ConsultationFacts:
    defaults: dict[str, object] = {"project_name": "Inventory", "project_entity": UNICEF}
    return ConsultationFacts(**{**defaults, **facts})  # type: ignore[arg-type]


def rules(conflicts: list[Conflict]) -> list[str]:
    return [conflict.rule for conflict in conflicts]


def test_an_expert_without_ties_has_no_conflict() -> None:
    facts = a_project(requesting_entity=UNDP, repository_urls=("https://github.com/unicef/x",))
    assert conflicts_of(an_expert("Acme Ltd", staff_of=WHO), facts) == []


def test_staff_of_the_projects_entity_is_a_conflict_said_in_words() -> None:
    [conflict] = conflicts_of(an_expert(staff_of=UNICEF), a_project())
    assert conflict.rule == "staff_of_project_entity"
    assert conflict.text == "The expert is UN staff of UNICEF, the entity that leads the project."


def test_staff_of_the_requesting_entity_is_a_conflict() -> None:
    facts = ConsultationFacts(requesting_entity=UNDP)
    assert rules(conflicts_of(an_expert(staff_of=UNDP), facts)) == ["staff_of_requesting_entity"]


def test_a_focal_point_of_the_project_has_a_conflict() -> None:
    facts = a_project(project_focal_point_ids=frozenset({7}))
    [conflict] = conflicts_of(an_expert(), facts)
    assert conflict.rule == "focal_point"
    assert conflict.text == "The expert is a focal point of the project Inventory."


@pytest.mark.parametrize(
    "declared",
    ["UNICEF", "unicef", "United Nations Children\u2019s Fund", "UNICEF Office of Innovation"],
)
def test_a_declared_organisation_matching_the_projects_entity_is_a_conflict(
    declared: str,
) -> None:
    [conflict] = conflicts_of(an_expert("Acme", declared), a_project())
    assert conflict.rule == "declared_project_entity"
    assert conflict.declared == declared
    assert f"names “{declared}”: that is UNICEF" in conflict.text


def test_an_acronym_in_lower_case_inside_a_sentence_is_not_taken_for_the_entity() -> None:
    facts = a_project(project_entity=WHO)
    assert conflicts_of(an_expert("People who code"), facts) == []
    assert rules(conflicts_of(an_expert("Advisor to WHO Europe"), facts)) == [
        "declared_project_entity"
    ]


def test_the_repository_owner_named_in_the_declaration_is_a_conflict() -> None:
    facts = a_project(
        project_entity=UNDP,
        repository_urls=(
            "https://github.com/open-source-united/platform",
            "https://gitlab.com/open-source-united/docs",
        ),
    )
    [conflict] = conflicts_of(an_expert("Open Source United"), facts)
    assert conflict.rule == "declared_repository_owner"
    assert conflict.organisation == "open-source-united"


def test_the_requesting_entity_named_in_the_declaration_is_a_conflict() -> None:
    facts = ConsultationFacts(requesting_entity=UNDP)
    assert rules(conflicts_of(an_expert("UNDP"), facts)) == ["declared_requesting_entity"]


def test_the_same_entity_requesting_and_leading_the_project_is_said_once() -> None:
    facts = a_project(requesting_entity=UNICEF)
    assert rules(conflicts_of(an_expert("UNICEF", staff_of=UNICEF), facts)) == [
        "staff_of_project_entity",
        "declared_project_entity",
    ]


def test_every_conflict_is_found() -> None:
    facts = a_project(
        requesting_entity=UNDP,
        project_focal_point_ids=frozenset({7}),
        repository_urls=("https://github.com/acme/tool",),
    )
    expert = an_expert("ACME", "UNICEF", "UNDP", staff_of=UNDP)
    assert rules(conflicts_of(expert, facts)) == [
        "staff_of_requesting_entity",
        "focal_point",
        "declared_project_entity",
        "declared_repository_owner",
        "declared_requesting_entity",
    ]


def test_a_conflict_round_trips_through_its_record() -> None:
    conflict = Conflict("declared_project_entity", "UNICEF", "unicef")
    assert Conflict.from_dict(conflict.as_dict()) == conflict


@pytest.mark.parametrize(
    ("url", "owner"),
    [
        ("https://github.com/unicef/inventory", "unicef"),
        ("https://gitlab.com/group/sub/repo.git", "group"),
        ("git@github.com:unicef/inventory.git", "unicef"),
        ("https://git.example.org/", ""),
        ("https://example.org/only-one", ""),
        ("not a url [", ""),
    ],
)
def test_the_repository_owner_is_the_first_part_of_the_path(url: str, owner: str) -> None:
    assert repository_owner(url) == owner


def test_organisations_are_one_a_line_tidied_and_without_repeats() -> None:
    text = "  UNICEF \n\nAcme   Ltd\nunicef\n  \nACME LTD\nWHO"
    assert normalise_organisations(text) == ["UNICEF", "Acme Ltd", "WHO"]
