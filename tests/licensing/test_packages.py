"""Recommended packages (CPF 4.2.1): drafted and published by the licensing group, versioned,
and read by the catalog's scans."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import ScanFinding
from osunited.catalog.scanning import scan_execute, scan_request
from osunited.licensing.models import LicensePackage, PackageStatus, PackageVersion
from osunited.licensing.selectors.packages import recommended_licenses, scan_policy
from osunited.licensing.services.packages import (
    package_create,
    package_license_set,
    package_publish,
)
from osunited.scanner import default_policy, load_policy
from tests.catalog.repos import MIT, commit, days_ago
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cast: Cast) -> User:
    """grace (WHO) is also a member of the Licensing Working Group."""
    role_grant(user=cast.grace, role=GrantedRole.LICENSING_GROUP, actor=None)
    cast.grace.refresh_from_db()
    return cast.grace


def published(member: User, slug: str, entries: dict[str, str]) -> LicensePackage:
    package = package_create(slug=slug, name=slug.title(), purpose="For tests.", actor=member)
    for license_id, rationale in entries.items():
        package_license_set(
            package=package, license_id=license_id, rationale=rationale, actor=member
        )
    package_publish(package=package, changes="First version.", actor=member)
    return package


def test_a_member_creates_fills_and_publishes_a_package(member: User) -> None:
    client = client_for(member)
    response = client.post(
        reverse("licensing:package_create"),
        {"slug": "permissive", "name": "Permissive", "purpose": "Libraries and tools."},
    )
    assert response.status_code == 302
    draft_url = reverse("licensing:package_draft", args=["permissive"])
    for license_id in ("Apache-2.0", "mit"):  # any case: stored as the exact SPDX id
        response = client.post(draft_url, {"license_id": license_id, "rationale": "Widely used."})
        assert response.status_code == 302
    response = client.post(
        reverse("licensing:package_publish", args=["permissive"]), {"changes": "First."}
    )
    assert response.status_code == 302
    page = client_for(None).get(reverse("licensing:packages")).content.decode()
    assert "Version 1, published" in page
    assert "Apache-2.0" in page
    assert "MIT" in page
    assert recommended_licenses() == {"Apache-2.0", "MIT"}


def test_an_unknown_spdx_id_is_refused_with_a_clear_message(member: User) -> None:
    package_create(slug="permissive", name="Permissive", purpose="x", actor=member)
    response = client_for(member).post(
        reverse("licensing:package_draft", args=["permissive"]),
        {"license_id": "Apache-3.0", "rationale": "A typo."},
    )
    assert response.status_code == 400
    assert "Apache-3.0 is not an SPDX license id the platform knows." in response.content.decode()
    assert not PackageVersion.objects.get().entries.exists()


def test_a_package_refused_by_the_form_or_the_service_is_a_400(member: User) -> None:
    package_create(slug="permissive", name="Permissive", purpose="x", actor=member)
    client = client_for(member)
    url = reverse("licensing:package_create")
    taken = client.post(url, {"slug": "permissive", "name": "Again", "purpose": "x"})
    assert taken.status_code == 400
    assert "A package with the short name permissive exists." in taken.content.decode()
    too_long = client.post(url, {"slug": "a" * 61, "name": "Long", "purpose": "x"})
    assert too_long.status_code == 400
    assert list(LicensePackage.objects.values_list("name", flat=True)) == ["Permissive"]


def test_publishing_an_empty_draft_is_refused(member: User) -> None:
    package_create(slug="empty", name="Empty", purpose="x", actor=member)
    response = client_for(member).post(
        reverse("licensing:package_publish", args=["empty"]), {"changes": "Nothing."}
    )
    assert response.status_code == 400
    assert "The draft recommends no license" in response.content.decode()
    assert PackageVersion.objects.get().status == PackageStatus.DRAFT
    assert recommended_licenses() is None


def test_a_change_after_publishing_starts_a_new_version_and_supersedes_the_old(
    member: User,
) -> None:
    package = published(member, "permissive", {"MIT": "Short.", "ISC": "Shorter."})
    client = client_for(member)
    draft_url = reverse("licensing:package_draft", args=["permissive"])
    client.post(draft_url, {"license_id": "Apache-2.0", "rationale": "Patent grant."})
    client.post(draft_url, {"license_id": "MIT", "rationale": "Short and well known."})
    client.post(reverse("licensing:package_entry_remove", args=["permissive", "ISC"]))
    # The published version has not moved while the draft changed.
    first = package.versions.get(number=1)
    assert list(first.entries.values_list("license_id", "rationale")) == [
        ("MIT", "Short."),
        ("ISC", "Shorter."),
    ]
    assert recommended_licenses() == {"MIT", "ISC"}
    client.post(reverse("licensing:package_publish", args=["permissive"]), {"changes": "Patents."})
    first.refresh_from_db()
    assert first.status == PackageStatus.SUPERSEDED
    assert package.versions.get(number=2).status == PackageStatus.PUBLISHED
    assert recommended_licenses() == {"MIT", "Apache-2.0"}
    page = client_for(None).get(reverse("licensing:packages")).content.decode()
    assert "Added: Apache-2.0" in page
    assert "Removed: ISC" in page
    assert "Rationale changed: MIT" in page


def test_the_draft_keeps_the_order_members_give(member: User) -> None:
    package = published(member, "permissive", {"MIT": "a", "ISC": "b", "0BSD": "c"})
    client_for(member).post(
        reverse("licensing:package_entry_move", args=["permissive", "0BSD"]), {"direction": "up"}
    )
    draft = package.versions.get(status=PackageStatus.DRAFT)
    assert list(draft.entries.values_list("license_id", flat=True)) == ["MIT", "0BSD", "ISC"]


def test_people_outside_the_licensing_group_cannot_edit_packages(cast: Cast, member: User) -> None:
    published(member, "permissive", {"MIT": "a"})
    for person in (cast.erin, cast.alice, cast.carol):
        client = client_for(person)
        assert client.get(reverse("licensing:package_create")).status_code == 403
        response = client.post(
            reverse("licensing:package_draft", args=["permissive"]),
            {"license_id": "GPL-3.0-only", "rationale": "x"},
        )
        assert response.status_code == 403
    assert recommended_licenses() == {"MIT"}
    assert PackageVersion.objects.count() == 1


def test_the_package_list_takes_the_same_queries_for_one_or_many_packages(member: User) -> None:
    published(member, "one", {"MIT": "a"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(None).get(reverse("licensing:packages")).status_code == 200
        return len(captured)

    few = queries()
    published(member, "two", {"ISC": "b", "MIT": "c"})
    published(member, "three", {"Apache-2.0": "d"})
    package_license_set(
        package=LicensePackage.objects.get(slug="two"),
        license_id="0BSD",
        rationale="e",
        actor=member,
    )
    assert queries() == few


def test_the_scan_policy_is_the_default_until_a_package_is_published(member: User) -> None:
    assert scan_policy() == default_policy()
    published(member, "data", {"CC-BY-4.0": "Documentation."})
    assert scan_policy().recommended_licenses == {"CC-BY-4.0"}
    assert scan_policy().fail_on == default_policy().fail_on


def test_a_scan_after_publishing_a_package_without_mit_reports_mit_as_not_recommended(
    cast: Cast, member: User, tmp_path: Path
) -> None:
    published(member, "copyleft", {"GPL-3.0-or-later": "Services.", "Apache-2.0": "Patents."})
    repo = tmp_path / "tracker"
    commit(repo, {"README.md": "# Tracker\n", "LICENSE": MIT}, when=days_ago(2))
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)]):
        project = ProjectFactory(
            name="Tracker", entity=cast.unicef, status="published", repositories=[f"file://{repo}"]
        )
        (scan,) = scan_request(project=project, trigger="on_demand")
        finished = scan_execute(scan.pk, owner="test-task")
    assert finished is not None
    assert finished.status == "succeeded"
    finding = ScanFinding.objects.get(scan=finished, check_id="license.policy")
    assert finding.rule_id.endswith("not-recommended")
    assert "MIT is not in the recommended set" in finding.message


def test_ci_downloads_the_published_packages_as_a_scan_policy(member: User, tmp_path: Path) -> None:
    url = reverse("licensing:package_scan_policy")
    missing = client_for(None).get(url)
    assert missing.status_code == 404
    assert "No license package is published yet" in missing.content.decode()

    published(member, "eu", {"EUPL-1.2": "European public sector.", "MIT": "Reuse."})
    answer = client_for(None).get(url)

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/yaml")
    policy_file = tmp_path / "policy.yml"
    policy_file.write_bytes(answer.content)
    policy = load_policy(policy_file)  # what `osu scan --policy` reads
    assert policy.recommended_licenses == {"EUPL-1.2", "MIT"}
    assert policy.fail_on == default_policy().fail_on
