"""Writes of the recommended packages: licensing-group members create a package, edit its draft
version and publish it. A published version is never edited: the next change starts a new draft
from it, and publishing supersedes it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.licenses import license_facts
from osunited.licensing.models import (
    LicensePackage,
    PackageLicense,
    PackageStatus,
    PackageVersion,
)


def known_license_id(license_id: str) -> str:
    """The exact SPDX id of a license the engine knows; ValidationError naming it otherwise."""
    facts = license_facts(license_id.strip()) if license_id.strip() else None
    if facts is None:
        raise ValidationError(
            _("%(id)s is not an SPDX license id the platform knows.") % {"id": license_id}
        )
    return facts.spdx_id


@transaction.atomic
def package_create(*, slug: str, name: str, purpose: str, actor: User) -> LicensePackage:
    if LicensePackage.objects.filter(slug=slug).exists():
        raise ValidationError(_("A package with the short name %(slug)s exists.") % {"slug": slug})
    package = LicensePackage.objects.create(slug=slug, name=name, purpose=purpose)
    PackageVersion.objects.create(package=package, number=1, created_by=actor)
    audit_record(
        action="license_package.created", actor=actor, target=package, changes={"name": name}
    )
    return package


def _lock(package: LicensePackage) -> None:
    # Two members editing or publishing the same package at once take turns.
    LicensePackage.objects.select_for_update().filter(pk=package.pk).first()


def _draft_of(package: LicensePackage, actor: User) -> PackageVersion:
    """The package's draft; a new one copied from the published version when there is none."""
    _lock(package)
    versions = PackageVersion.objects.filter(package=package)
    draft = versions.filter(status=PackageStatus.DRAFT).first()
    if draft is not None:
        return draft
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    draft = PackageVersion.objects.create(package=package, number=number, created_by=actor)
    published = versions.filter(status=PackageStatus.PUBLISHED).first()
    if published is not None:
        PackageLicense.objects.bulk_create(
            PackageLicense(
                version=draft,
                license_id=entry.license_id,
                rationale=entry.rationale,
                position=entry.position,
            )
            for entry in published.entries.all()
        )
    return draft


@transaction.atomic
def package_license_set(
    *, package: LicensePackage, license_id: str, rationale: str, actor: User
) -> PackageLicense:
    """Add a license to the draft with its rationale, or change the rationale of one in it."""
    spdx_id = known_license_id(license_id)
    if not rationale.strip():
        raise ValidationError(_("Say why the package recommends %(id)s.") % {"id": spdx_id})
    draft = _draft_of(package, actor)
    last = draft.entries.aggregate(last=Max("position"))["last"]
    entry, created = PackageLicense.objects.get_or_create(
        version=draft,
        license_id=spdx_id,
        defaults={"rationale": rationale.strip(), "position": 0 if last is None else last + 1},
    )
    if not created and entry.rationale != rationale.strip():
        entry.rationale = rationale.strip()
        entry.save(update_fields=["rationale"])
    audit_record(
        action="license_package.license_set",
        actor=actor,
        target=draft,
        changes={"license": spdx_id, "rationale": entry.rationale},
    )
    return entry


@transaction.atomic
def package_license_remove(*, package: LicensePackage, license_id: str, actor: User) -> None:
    draft = _draft_of(package, actor)
    deleted, _count = draft.entries.filter(license_id=license_id).delete()
    if not deleted:
        raise ValidationError(_("%(id)s is not in the draft.") % {"id": license_id})
    audit_record(
        action="license_package.license_removed",
        actor=actor,
        target=draft,
        changes={"license": license_id},
    )


@transaction.atomic
def package_license_move(
    *, package: LicensePackage, license_id: str, up: bool, actor: User
) -> None:
    """Move a license one place up or down in the draft's order."""
    draft = _draft_of(package, actor)
    entries = list(draft.entries.order_by("position", "license_id"))
    ids = [entry.license_id for entry in entries]
    if license_id not in ids:
        raise ValidationError(_("%(id)s is not in the draft.") % {"id": license_id})
    index = ids.index(license_id)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    for position, entry in enumerate(entries):
        entry.position = position
    PackageLicense.objects.bulk_update(entries, ["position"])
    audit_record(
        action="license_package.license_moved",
        actor=actor,
        target=draft,
        changes={"license": license_id, "position": other},
    )


@transaction.atomic
def package_publish(*, package: LicensePackage, changes: str, actor: User) -> PackageVersion:
    """The draft becomes the published version; the one published before is superseded."""
    _lock(package)
    versions = PackageVersion.objects.filter(package=package)
    draft = versions.filter(status=PackageStatus.DRAFT).first()
    if draft is None:
        raise ValidationError(_("There is no draft to publish."))
    if not draft.entries.exists():
        raise ValidationError(_("The draft recommends no license: add one before publishing."))
    versions.filter(status=PackageStatus.PUBLISHED).update(status=PackageStatus.SUPERSEDED)
    draft.status = PackageStatus.PUBLISHED
    draft.changes = changes.strip()
    draft.published_by, draft.published_at = actor, timezone.now()
    draft.save(update_fields=["status", "changes", "published_by", "published_at"])
    audit_record(
        action="license_package.published",
        actor=actor,
        target=draft,
        changes={"licenses": list(draft.entries.values_list("license_id", flat=True))},
    )
    return draft
