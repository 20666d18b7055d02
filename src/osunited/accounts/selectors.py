from django.db.models import QuerySet

from osunited.accounts.models import PolicyAcceptance, PolicyDocument, PolicyKind, RoleGrant, User


def current_policy_documents() -> list[PolicyDocument]:
    """The latest published version of each kind of policy document, in a fixed order."""
    current: dict[str, PolicyDocument] = {}
    published = PolicyDocument.objects.filter(published_at__isnull=False).order_by("-published_at")
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
