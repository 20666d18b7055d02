"""The recommended packages as people and the scanner read them: each package with its published
version and its history, what changed between versions, and the scan policy they make."""

from __future__ import annotations

from dataclasses import dataclass, replace

import yaml
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from osunited.licensing.models import (
    LicensePackage,
    PackageLicense,
    PackageStatus,
    PackageVersion,
)
from osunited.scanner import Policy, default_policy


@dataclass(frozen=True)
class VersionDiff:
    """What a version changed from the one before it."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    rationale_changed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.rationale_changed)


@dataclass(frozen=True)
class VersionView:
    version: PackageVersion
    entries: tuple[PackageLicense, ...]
    diff: VersionDiff | None  # None for the first version


@dataclass(frozen=True)
class PackageView:
    package: LicensePackage
    published: VersionView | None
    draft: VersionView | None
    history: tuple[VersionView, ...]  # published and superseded versions, newest first


def _versions() -> QuerySet[PackageVersion]:
    return PackageVersion.objects.select_related("created_by", "published_by").prefetch_related(
        Prefetch("entries", queryset=PackageLicense.objects.order_by("position", "license_id"))
    )


def package_list() -> list[PackageView]:
    """Every package with its versions, in three queries whatever their number."""
    packages = LicensePackage.objects.prefetch_related(
        Prefetch("versions", queryset=_versions().order_by("-number"))
    )
    return [_package_view(package) for package in packages]


def get_package(*, slug: str) -> PackageView:
    packages = LicensePackage.objects.prefetch_related(
        Prefetch("versions", queryset=_versions().order_by("-number"))
    )
    return _package_view(get_object_or_404(packages, slug=slug))


def _package_view(package: LicensePackage) -> PackageView:
    versions = list(package.versions.all())  # newest first
    views: list[VersionView] = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        entries = tuple(version.entries.all())
        diff = version_diff(tuple(previous.entries.all()), entries) if previous else None
        views.append(VersionView(version=version, entries=entries, diff=diff))
    by_status = {view.version.status: view for view in views}
    return PackageView(
        package=package,
        published=by_status.get(PackageStatus.PUBLISHED),
        draft=by_status.get(PackageStatus.DRAFT),
        history=tuple(v for v in views if v.version.status != PackageStatus.DRAFT),
    )


def version_diff(
    before: tuple[PackageLicense, ...], after: tuple[PackageLicense, ...]
) -> VersionDiff:
    old = {entry.license_id: entry.rationale for entry in before}
    new = {entry.license_id: entry.rationale for entry in after}
    return VersionDiff(
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        rationale_changed=tuple(sorted(k for k in old.keys() & new.keys() if old[k] != new[k])),
    )


def recommended_licenses() -> frozenset[str] | None:
    """The licenses of every published package; None while nothing is published, so that the
    scanner keeps its interim list until the working group publishes its own."""
    # A published version is never empty (package_publish refuses that): no entry, no version.
    published = PackageLicense.objects.filter(version__status=PackageStatus.PUBLISHED)
    return frozenset(published.values_list("license_id", flat=True)) or None


def packages_recommending(license_id: str) -> list[PackageLicense]:
    """The published entries that recommend a license, with their package."""
    return list(
        PackageLicense.objects.filter(
            version__status=PackageStatus.PUBLISHED, license_id=license_id
        )
        .select_related("version__package")
        .order_by("version__package__name")
    )


def recommending_packages_by_license() -> dict[str, list[LicensePackage]]:
    """For each license in a published package, those packages (one query)."""
    entries = PackageLicense.objects.filter(version__status=PackageStatus.PUBLISHED)
    result: dict[str, list[LicensePackage]] = {}
    for entry in entries.select_related("version__package").order_by("version__package__name"):
        result.setdefault(entry.license_id, []).append(entry.version.package)
    return result


def scan_policy() -> Policy:
    """The policy of the catalog's scans: the default one, whose recommended licenses are the
    published packages' once there are any."""
    policy = default_policy()
    recommended = recommended_licenses()
    if recommended is None:
        return policy
    return replace(policy, recommended_licenses=recommended)


def scan_policy_file() -> str | None:
    """A policy file for `osu scan --policy` in a project's CI, naming the published packages'
    licenses as the recommended set (every other key keeps the scanner's default); None while
    nothing is published."""
    recommended = recommended_licenses()
    if recommended is None:
        return None
    header = (
        "# The recommended licenses of the Open Source United Platform's published license\n"
        "# packages (CPF 4.2): osu scan --policy this-file. Other keys keep their defaults.\n"
    )
    document = {"licenses": {"recommended": sorted(recommended)}}
    return header + yaml.safe_dump(document, sort_keys=False)
