from django.db.models import QuerySet
from django.utils import timezone

from osunited.accounts.models import PolicyAcceptance, PolicyDocument, PolicyKind, RoleGrant, User


def current_policy_documents() -> list[PolicyDocument]:
    """The latest version of each kind of policy document in effect now, in a fixed order; a
    version published to take effect later is not current until then."""
    current: dict[str, PolicyDocument] = {}
    published = PolicyDocument.objects.filter(published_at__lte=timezone.now()).order_by(
        "-published_at"
    )
    for document in published:
        current.setdefault(document.kind, document)
    return [current[kind] for kind in PolicyKind.values if kind in current]


def policy_document_versions(*, kind: str) -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.filter(kind=kind, published_at__isnull=False).order_by(
        "-published_at"
    )


def policy_acceptances_of(user: User) -> QuerySet[PolicyAcceptance]:
    return (
        PolicyAcceptance.objects.filter(user=user)
        .select_related("document")
        .order_by("-accepted_at")
    )


def role_grants_of(user: User) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(user=user).select_related("entity").order_by("role")


def current_policy_document(kind: str) -> PolicyDocument | None:
    """The version of one kind of policy document in effect now, if any."""
    return (
        PolicyDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-published_at")
        .first()
    )


def upcoming_policy_documents() -> QuerySet[PolicyDocument]:
    """Versions published to take effect later, soonest first."""
    return PolicyDocument.objects.filter(published_at__gt=timezone.now()).order_by("published_at")
