"""The demo data of `osu run --demo`: real UN entities and one user for every role."""

import pytest

from osunited.accounts.models import TwoFactorException, User
from osunited.accounts.roles import (
    Role,
    active_two_factor_exception,
    outstanding_policies,
    requires_two_factor,
    roles_of,
)
from osunited.assessments.models import Assessment
from osunited.assessments.selectors import public_assessments
from osunited.demo.assessments import demo_ratings
from osunited.demo.services import DEMO_USERS, demo_load
from osunited.entities.models import Entity
from osunited.framework import Answer, Rating, load_framework, stage_reached

PEOPLE = ("entities", "users")
# Loaded once for the module's tests (tests/demo/conftest.py); the whole demo is
# test_demo_whole.py's.
DEMO_DATASETS = (*PEOPLE, "assessments")
# Project focal points are named on projects, which the catalog dataset loads.
ROLES_WITHOUT_PROJECTS = set(Role) - {Role.ANONYMOUS, Role.FOCAL_POINT}


def demo_users() -> list[User]:
    return [User.objects.get(email=login.email) for login in DEMO_USERS]


def test_it_loads_the_entities_with_their_email_domains(demo: None) -> None:
    assert demo_load(PEOPLE) == []

    with_domains = Entity.objects.filter(email_domains__isnull=False).distinct()
    assert with_domains.count() >= 12
    assert Entity.objects.get(acronym="UNICEF").email_domains.get().domain == "unicef.org"


def test_it_loads_one_user_for_every_role(demo: None) -> None:
    held = set().union(*(roles_of(user) for user in demo_users()))

    assert held >= ROLES_WITHOUT_PROJECTS
    assert roles_of(User.objects.get(email="contributor@example.org")) == {
        Role.EXTERNAL_CONTRIBUTOR
    }
    assert all(not outstanding_policies(user) for user in demo_users())


def test_demo_staff_get_a_two_factor_exception(demo: None) -> None:
    staff = [user for user in demo_users() if requires_two_factor(user)]
    external = [user for user in demo_users() if not requires_two_factor(user)]

    assert len(staff) == len(DEMO_USERS) - 1
    assert all(active_two_factor_exception(user) for user in staff)
    assert [user.email for user in external] == ["contributor@example.org"]
    assert active_two_factor_exception(external[0]) is None


def test_a_second_load_loads_nothing_and_keeps_deletions(demo: None) -> None:
    Entity.objects.get(acronym="DESA").delete()
    counts = (Entity.objects.count(), User.objects.count(), TwoFactorException.objects.count())

    assert demo_load(PEOPLE) == []

    assert not Entity.objects.filter(acronym="DESA").exists()
    assert (Entity.objects.count(), User.objects.count(), TwoFactorException.objects.count()) == (
        counts
    )


@pytest.mark.parametrize("stage", [1, 2, 3, 4])
def test_demo_ratings_reach_exactly_the_stage_they_claim(stage: int) -> None:
    framework = load_framework("cpf-rc1")
    ratings = demo_ratings(framework, stage)
    answers = {item_id: Answer(Rating(rating)) for item_id, rating in ratings.items()}
    assert stage_reached(framework, answers) == stage


def test_the_demo_assessments_give_unicef_a_history_and_keep_wfp_private(demo: None) -> None:
    assert demo_load(["assessments"]) == []

    unicef = Assessment.objects.filter(entity__acronym="UNICEF").order_by("created_at")
    assert [(a.status, a.stage) for a in unicef] == [
        ("submitted", 1), ("submitted", 2), ("draft", None)]  # fmt: skip
    assert unicef.last().carried_from == unicef[1]
    private = Assessment.objects.get(entity__acronym="WFP")
    assert (private.status, private.visibility) == ("submitted", "private")
    assert private not in public_assessments()
    assert public_assessments().count() == 5


def test_the_demo_database_is_imported_once_and_an_operators_choice_wins(
    settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from osunited.platform.embedded import prepare_demo_vulndb

    settings.VAR_DIR, settings.OSU_SCAN_VULNDB = tmp_path, str(tmp_path / "osv.sqlite3")
    (tmp_path / "osv.sqlite3").write_bytes(b"")
    said: list[str] = []
    prepare_demo_vulndb(said.append)  # already there: nothing to import
    settings.OSU_SCAN_VULNDB = str(tmp_path / "production.sqlite3")
    prepare_demo_vulndb(said.append)

    assert said == []
    assert str(tmp_path / "production.sqlite3") == settings.OSU_SCAN_VULNDB
    assert (tmp_path / "osv.sqlite3").read_bytes() == b""
