from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Prefetch, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from osunited.accounts.roles import Role, is_entity_representative, roles_of
from osunited.accounts.types import Viewer
from osunited.entities.models import EmailDomain, Entity, OssibStatus


def entity_list() -> QuerySet[Entity]:
    return Entity.objects.select_related("liaison", "ossib_representative").prefetch_related(
        Prefetch("email_domains", queryset=EmailDomain.objects.order_by("domain"))
    )


def ossib_entities() -> QuerySet[Entity]:
    """Members first, then entities whose petition to join is under review."""
    return (
        entity_list()
        .filter(ossib_status__in=[OssibStatus.MEMBER, OssibStatus.PETITIONED])
        .order_by(Case(When(ossib_status=OssibStatus.MEMBER, then=0), default=1), "acronym")
    )


def get_entity(*, slug: str) -> Entity:
    return get_object_or_404(entity_list(), slug=slug)


def get_entity_for_edit(*, user: Viewer, slug: str) -> Entity:
    """The entity, if this user may edit its profile: its representatives and platform admins."""
    entity = get_entity(slug=slug)
    if Role.PLATFORM_ADMIN in roles_of(user) or is_entity_representative(user, entity):
        return entity
    raise PermissionDenied(_("Only the entity's representatives may edit its profile."))


def entity_staff(*, entity: Entity) -> QuerySet[Any]:
    return entity.members.exclude(staff_source="").filter(is_active=True).order_by("email")
