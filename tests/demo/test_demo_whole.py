"""The whole demo of `osu run --demo`, loaded once as `osu run` does: its catalog, dashboard,
licensing answer and the real known vulnerabilities of its projects. In a module of its own: the
other demo modules share one load of a few datasets (tests/demo/conftest.py)."""

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.catalog.models import Project, Scan, ScanFinding
from osunited.catalog.scanning import scan_diff
from osunited.dashboard.models import MetricSnapshot
from osunited.demo.services import demo_load
from osunited.licensing.models import LicensingQuestion, QuestionStatus


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
