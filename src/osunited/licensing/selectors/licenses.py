"""The license pages' reads: every license of the engine with the packages it is in, and one
license with its plain-language terms, packages, legal notes and the reviews a viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet
from django.http import Http404

from osunited.accounts.models import GrantedRole
from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.licenses import (
    Family,
    LicenseFacts,
    Rule,
    all_license_facts,
    data_attribution,
    license_facts,
    license_summaries,
)
from osunited.licensing.models import LicenseNote, LicensePackage, PackageLicense
from osunited.licensing.selectors.packages import (
    packages_recommending,
    recommending_packages_by_license,
)
from osunited.licensing.selectors.reviews import LicenseReviews, reviews_of_license


def may_write_notes(user: Viewer, entity: Entity) -> bool:
    """Licensing-group members (and platform admins) for any entity's legal team; an entity's
    representatives for their own."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.LICENSING_GROUP, Role.PLATFORM_ADMIN}:
        return True
    return is_entity_representative(user, entity)


def note_entities_for(user: Viewer) -> QuerySet[Entity]:
    """The entities whose legal notes this user may write."""
    if not user.is_authenticated:
        return Entity.objects.none()
    if roles_of(user) & {Role.LICENSING_GROUP, Role.PLATFORM_ADMIN}:
        return Entity.objects.order_by("acronym")
    return Entity.objects.filter(
        role_grants__user=user, role_grants__role=GrantedRole.ENTITY_REPRESENTATIVE
    ).order_by("acronym")


@dataclass(frozen=True)
class LicenseRow:
    facts: LicenseFacts
    packages: tuple[LicensePackage, ...]  # the published packages it is in


def license_list(
    *,
    query: str = "",
    family: Family | None = None,
    osi_approved: bool | None = None,
    recommended: bool | None = None,
) -> list[LicenseRow]:
    """Every license of the engine, filtered; the packages of all of them in one query."""
    packages = recommending_packages_by_license()
    needle = query.strip().casefold()
    rows = []
    for facts in all_license_facts():
        in_packages = tuple(packages.get(facts.spdx_id, ()))
        if (
            needle
            and needle not in facts.spdx_id.casefold()
            and needle not in facts.name.casefold()
        ):
            continue
        if family is not None and facts.family != family:
            continue
        if osi_approved is not None and facts.osi_approved != osi_approved:
            continue
        if recommended is not None and bool(in_packages) != recommended:
            continue
        rows.append(LicenseRow(facts=facts, packages=in_packages))
    return rows


@dataclass(frozen=True)
class Terms:
    permissions: tuple[Rule, ...]
    conditions: tuple[Rule, ...]
    limitations: tuple[Rule, ...]


@dataclass(frozen=True)
class LicensePage:
    facts: LicenseFacts
    terms: Terms
    attribution: tuple[str, ...]
    recommended_in: tuple[PackageLicense, ...]
    notes: tuple[LicenseNote, ...]
    reviews: LicenseReviews
    full_text_url: str


@lru_cache(maxsize=1)
def _rules_by_kind() -> dict[str, dict[str, Rule]]:
    """choosealicense.com's label and description of each tag, per kind (its patent-use is a
    permission in one license and a limitation in another)."""
    rules: dict[str, dict[str, Rule]] = {"permissions": {}, "conditions": {}, "limitations": {}}
    for summary in license_summaries().values():
        for kind, known in rules.items():
            known.update({rule.tag: rule for rule in getattr(summary, kind)})
    return rules


def terms_of(facts: LicenseFacts) -> Terms:
    rules = _rules_by_kind()

    def described(kind: str, tags: tuple[str, ...]) -> tuple[Rule, ...]:
        return tuple(rules[kind].get(tag, Rule(tag, tag, "")) for tag in tags)

    return Terms(
        permissions=described("permissions", facts.permissions),
        conditions=described("conditions", facts.conditions),
        limitations=described("limitations", facts.limitations),
    )


def find_license(license_id: str) -> LicenseFacts:
    facts = license_facts(license_id)
    if facts is None:
        raise Http404("No such license.")
    return facts


def license_page(*, viewer: Viewer, facts: LicenseFacts) -> LicensePage:
    notes = LicenseNote.objects.filter(license_id=facts.spdx_id).select_related("entity")
    return LicensePage(
        facts=facts,
        terms=terms_of(facts),
        attribution=data_attribution(),
        recommended_in=tuple(packages_recommending(facts.spdx_id)),
        notes=tuple(notes.order_by("entity__acronym", "kind", "-created_at")),
        reviews=reviews_of_license(viewer=viewer, license_id=facts.spdx_id),
        full_text_url=f"https://spdx.org/licenses/{facts.spdx_id}.html",
    )
