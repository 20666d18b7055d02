"""The demo's licensing guidance: three recommended packages published by the Licensing Working
Group (one of them in a second version, so that its history shows), legal reviews at UNICEF
(shown publicly) and WHO (kept to itself), a legal note on privileges and immunities, an open
round of the requirements survey that UNICEF answered, and office hours: a session next week and
a focal point's question answered on the project page.
Texts written for the demo (Apache-2.0, as the rest of the project)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project
from osunited.entities.models import Entity
from osunited.licensing.models import LicensePackage, NoteKind, ReviewStatus
from osunited.licensing.services.notes import license_note_add
from osunited.licensing.services.office_hours import (
    office_hours_session_create,
    question_answer,
    question_ask,
)
from osunited.licensing.services.packages import (
    package_create,
    package_license_remove,
    package_license_set,
    package_publish,
)
from osunited.licensing.services.reviews import legal_review_set, licensing_preferences_set
from osunited.licensing.services.survey import survey_response_save, survey_round_create

LICENSING_MEMBER = "ossib@who.int"

PERMISSIVE_V1 = {
    "MIT": "Short, widely understood, and accepted by every package registry.",
    "BSD-3-Clause": "Like MIT, and it keeps contributors' names out of endorsements.",
    "ISC": "Functionally MIT in fewer words; common in the JavaScript ecosystem.",
}
PERMISSIVE_V2 = {
    "Apache-2.0": "Permissive with an express patent grant from every contributor: the default "
    "for new libraries and tools.",
    "MIT": "Short, widely understood, and accepted by every package registry; no patent grant, "
    "so prefer Apache-2.0 for new code.",
    "BSD-2-Clause": "For projects joining an ecosystem that uses it.",
}
COPYLEFT = {
    "AGPL-3.0-or-later": "For a service others reach over a network: improvements made to a "
    "hosted copy come back to everyone.",
    "GPL-3.0-or-later": "For applications that are distributed, whose improvements must stay open.",
    "EUPL-1.2": "Copyleft written for public administrations, official in the EU's languages and "
    "compatible with the GPL family through its appendix.",
    "MPL-2.0": "File-level copyleft: changes to its files stay open, and it combines with code "
    "under other licenses.",
    "LGPL-3.0-or-later": "For libraries that programs under any license may use.",
}
DOCUMENTATION_AND_DATA = {
    "CC-BY-4.0": "Documentation, training material and reports: reuse with credit.",
    "CC-BY-SA-4.0": "Documentation built with communities that share alike (wikis).",
    "CC0-1.0": "Data sets and statistics meant to be reused without conditions.",
    "ODbL-1.0": "Databases whose improved versions must stay open (as OpenStreetMap's).",
}


def load_licensing() -> None:
    member = User.objects.get(email=LICENSING_MEMBER)
    role_grant(user=member, role=GrantedRole.LICENSING_GROUP, actor=None)
    _packages(member)
    _reviews(member)
    _survey(member)
    _office_hours(member)
    license_note_add(
        license_id="AGPL-3.0-or-later",
        kind=NoteKind.PRIVILEGES_AND_IMMUNITIES,
        text=(
            "Releasing software under an open source license is not a waiver of the "
            "privileges and immunities of the organization. Name the organization as the "
            "copyright holder and keep its disclaimer of warranty and liability; disputes go "
            "to arbitration, never to a national court."
        ),
        entity=Entity.objects.get(acronym="WHO"),
        actor=member,
    )


def _package(slug: str, name: str, purpose: str, licenses: dict[str, str], member: User) -> None:
    package = package_create(slug=slug, name=name, purpose=purpose, actor=member)
    _fill(package, licenses, member)
    package_publish(package=package, changes="First version.", actor=member)


def _fill(package: LicensePackage, licenses: dict[str, str], member: User) -> None:
    for license_id, rationale in licenses.items():
        package_license_set(
            package=package, license_id=license_id, rationale=rationale, actor=member
        )


def _packages(member: User) -> None:
    _package(
        "permissive",
        "Permissive",
        "Libraries, tools and anything meant to be reused as widely as possible.",
        PERMISSIVE_V1,
        member,
    )
    permissive = LicensePackage.objects.get(slug="permissive")
    _fill(permissive, PERMISSIVE_V2, member)
    package_license_remove(package=permissive, license_id="ISC", actor=member)
    package_publish(
        package=permissive,
        changes="Apache-2.0 first for its patent grant; ISC left to MIT, which says the same.",
        actor=member,
    )
    _package(
        "copyleft-services",
        "Copyleft for services and applications",
        "Applications and services whose improvements must stay open to everyone.",
        COPYLEFT,
        member,
    )
    _package(
        "documentation-and-data",
        "Documentation and data",
        "Documentation, training material, data sets and databases: content, not code.",
        DOCUMENTATION_AND_DATA,
        member,
    )


def _reviews(member: User) -> None:
    unicef = Entity.objects.get(acronym="UNICEF")
    representative = User.objects.get(email="representative@unicef.org")
    last_month = timezone.localdate() - timedelta(days=30)
    for license_id, status, conditions in (
        ("Apache-2.0", ReviewStatus.CLEARED, ""),
        ("MIT", ReviewStatus.CLEARED, ""),
        ("CC-BY-4.0", ReviewStatus.CLEARED, ""),
        (
            "AGPL-3.0-or-later",
            ReviewStatus.CLEARED_WITH_CONDITIONS,
            "Only for services UNICEF hosts itself; ask the legal office before a partner "
            "hosts a copy.",
        ),
        ("EUPL-1.2", ReviewStatus.IN_REVIEW, ""),
    ):
        legal_review_set(
            entity=unicef,
            license_id=license_id,
            status=status,
            conditions=conditions,
            reviewed_on=None if status == ReviewStatus.IN_REVIEW else last_month,
            reviewer_entity=unicef,
            actor=representative,
        )
    licensing_preferences_set(entity=unicef, reviews_public=True, actor=representative)
    who = Entity.objects.get(acronym="WHO")
    legal_review_set(
        entity=who,
        license_id="Apache-2.0",
        status=ReviewStatus.CLEARED,
        conditions="",
        reviewed_on=last_month,
        reviewer_entity=who,
        actor=member,
    )
    legal_review_set(
        entity=who,
        license_id="GPL-3.0-or-later",
        status=ReviewStatus.IN_REVIEW,
        conditions="",
        reviewed_on=None,
        reviewer_entity=who,
        actor=member,
    )


def _survey(member: User) -> None:
    today = timezone.localdate()
    survey_round = survey_round_create(
        actor=member,
        title="Licensing requirements 2027",
        opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=45),
    )
    survey_response_save(
        actor=User.objects.get(email="representative@unicef.org"),
        survey_round=survey_round,
        entity=Entity.objects.get(acronym="UNICEF"),
        answers={
            "releases": ["application", "service", "data"],
            "deployment": ["distributed", "network"],
            "copyleft": "permissive",
            "patents": "grant_needed",
            "licenses_used": "MIT, Apache-2.0, CC-BY-4.0",
            "licenses_needed": "Apache-2.0, AGPL-3.0-or-later, CC0-1.0",
            "partner_constraints": "yes",
            "partner_constraints_detail": "Some donors ask that data stay open for reuse.",
            "legal_review": "unlisted",
        },
        submit=True,
    )


def _office_hours(member: User) -> None:
    next_week = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0) + timedelta(
        days=7
    )
    office_hours_session_create(
        actor=member,
        title="Licensing office hours: choosing a license for data",
        starts_at=next_week,
        ends_at=next_week + timedelta(hours=1),
        experts="WHO and UNICEF legal offices",
        joining_url="https://meet.example.org/licensing-office-hours",
    )
    focal_point = User.objects.get(email="focalpoint@wfp.org")
    project = Project.objects.filter(focal_points=focal_point).order_by("pk").first()
    if project is None:
        return
    asked = question_ask(
        actor=focal_point,
        project=project,
        question="Our maps come from OpenStreetMap (ODbL-1.0). May we publish the derived "
        "data set under CC-BY-4.0 with the code?",
    )
    question_answer(
        actor=member,
        question=asked,
        answer="No: a database derived from ODbL data stays under the ODbL (share-alike). "
        "Publish the derived data under ODbL-1.0 and keep CC-BY-4.0 for your own documents.",
    )
