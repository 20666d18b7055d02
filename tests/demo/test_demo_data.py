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
from osunited.catalog.models import Project, Scan, ScanFinding
from osunited.catalog.scanning import scan_diff
from osunited.dashboard.models import MetricSnapshot
from osunited.demo.assessments import demo_ratings
from osunited.demo.services import DEMO_USERS, demo_load
from osunited.entities.models import Entity
from osunited.framework import Answer, Rating, load_framework, stage_reached
from osunited.licensing.models import LicensingQuestion, QuestionStatus

PEOPLE = ("entities", "users")
# Project focal points are named on projects, which the catalog dataset loads.
ROLES_WITHOUT_PROJECTS = set(Role) - {Role.ANONYMOUS, Role.FOCAL_POINT}


def demo_users() -> list[User]:
    return [User.objects.get(email=login.email) for login in DEMO_USERS]


def test_it_loads_the_entities_with_their_email_domains(db: None) -> None:
    assert demo_load(PEOPLE) == ["entities", "users"]

    with_domains = Entity.objects.filter(email_domains__isnull=False).distinct()
    assert with_domains.count() >= 12
    assert Entity.objects.get(acronym="UNICEF").email_domains.get().domain == "unicef.org"


def test_it_loads_one_user_for_every_role(db: None) -> None:
    demo_load(PEOPLE)

    held = set().union(*(roles_of(user) for user in demo_users()))

    assert held >= ROLES_WITHOUT_PROJECTS
    assert roles_of(User.objects.get(email="contributor@example.org")) == {
        Role.EXTERNAL_CONTRIBUTOR
    }
    assert all(not outstanding_policies(user) for user in demo_users())


def test_demo_staff_get_a_two_factor_exception(db: None) -> None:
    demo_load(PEOPLE)

    staff = [user for user in demo_users() if requires_two_factor(user)]
    external = [user for user in demo_users() if not requires_two_factor(user)]

    assert len(staff) == len(DEMO_USERS) - 1
    assert all(active_two_factor_exception(user) for user in staff)
    assert [user.email for user in external] == ["contributor@example.org"]
    assert active_two_factor_exception(external[0]) is None


def test_a_second_load_loads_nothing_and_keeps_deletions(db: None) -> None:
    demo_load(PEOPLE)
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


def test_the_demo_assessments_give_unicef_a_history_and_keep_wfp_private(db: None) -> None:
    demo_load(PEOPLE)
    assert demo_load(["assessments"]) == ["assessments"]

    unicef = Assessment.objects.filter(entity__acronym="UNICEF").order_by("created_at")
    assert [(a.status, a.stage) for a in unicef] == [
        ("submitted", 1), ("submitted", 2), ("draft", None)]  # fmt: skip
    assert unicef.last().carried_from == unicef[1]
    private = Assessment.objects.get(entity__acronym="WFP")
    assert (private.status, private.visibility) == ("submitted", "private")
    assert private not in public_assessments()
    assert public_assessments().count() == 5


def test_the_whole_demo_shows_its_catalog_dashboard_and_real_known_vulnerabilities(
    db: None, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from osunited.platform.embedded import prepare_demo_vulndb

    # Under the test's own folder: a database in var/test would become every test's default.
    settings.VAR_DIR, settings.OSU_SCAN_VULNDB = tmp_path, ""
    settings.OSU_SCAN_LOCAL_ROOTS = [str(tmp_path / "demo-repos")]
    said: list[str] = []
    prepare_demo_vulndb(said.append)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_load() == [
            "entities",
            "users",
            "catalog",
            "assessments",
            "dashboard",
            "licensing",
            "learning",
            "governance",
            "policies",
        ]

    assert said == [
        "Vulnerability database: 2661 advisories of the PyPA Advisory Database of 2024-10-10 "
        f"(CC-BY-4.0) imported into {tmp_path / 'osv.sqlite3'}."
    ]
    assert str(tmp_path / "osv.sqlite3") == settings.OSU_SCAN_VULNDB
    html = Client().get("/catalog/field-survey/").content.decode()
    assert "django 4.2.1 is affected by" in html
    assert "PYSEC-2023-100" in html
    assert "Checked against the OSV database of 2024-10-10." in html
    assert "Python Packaging Advisory Database (pypa/advisory-database)" in html
    # A JavaScript project: the PyPA data says nothing of npm packages, so nothing is claimed.
    html = Client().get("/catalog/school-connect/").content.decode()
    assert "has no records for the ecosystems of its dependencies" in html

    # The catalog: projects in every part of their life, with real scans.
    statuses = dict(Project.objects.values_list("name", "status"))
    assert statuses == {
        "Field Survey": "published",
        "School Connect": "published",
        "Crop Forecast": "sunset_notice",
        "Supply Tracker": "submitted",
        "Cash Ledger": "draft",
    }
    scans = Scan.objects.all()
    assert scans.exists()
    assert {scan.status for scan in scans} == {"succeeded"}
    assert Project.objects.get(name="Crop Forecast").scan_health == "unmaintained"
    field_survey = Project.objects.get(name="Field Survey")
    new, fixed = scan_diff(field_survey.latest_scan)
    # The change between its two scans shows on its page.
    assert new
    assert fixed
    assert Role.FOCAL_POINT in roles_of(User.objects.get(email="focalpoint@wfp.org"))
    assert ScanFinding.objects.filter(scan__project=field_survey).exists()
    # The licensing experts' answer is kept on a focal point's project.
    [answered] = LicensingQuestion.objects.filter(status=QuestionStatus.ANSWERED)
    assert answered.project.focal_points.filter(email="focalpoint@wfp.org").exists()
    assert "ODbL" in answered.answer

    # The dashboard: a history with a trend.
    series = list(
        MetricSnapshot.objects.filter(scope="all").order_by("day").values_list("values", flat=True)
    )
    assert len(series) == 61  # 60 past days and today
    assert series[0]["projects"] == 0
    assert series[-1]["projects"] > 0
    assert series[-1]["entities_assessed"] == 4  # UNICEF, WHO, UNDP, OICT; WFP's is private


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
