from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from osunited.accounts.models import PolicyAcceptance, PolicyDocument, PolicyKind, RoleGrant, User
from osunited.texts import Text, fallback_chain, is_english, text_direction


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


# -- policy documents in the reader's language -------------------------------------------------


@dataclass(frozen=True)
class PolicyText:
    """A policy document as a reader of `asked` reads it: its translation into the first
    language of the fallback chain that has one, else the English document itself. `title`
    knows its language and whether a UN translator reviewed it. The English document is always
    the one that binds and the one accepted."""

    document: PolicyDocument
    title: Text
    paragraphs: list[str]
    asked: str

    @property
    def language(self) -> str:
        return self.title.language

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def is_translation(self) -> bool:
        return not is_english(self.language)

    @property
    def binding_note(self) -> bool:
        """Whether the page says that the English text binds: to every reader who did not ask
        for English."""
        return not is_english(self.asked)


def policy_text(document: PolicyDocument, language: str) -> PolicyText:
    """Reads `document.translations.all()`: prefetch it for several (`policy_texts`)."""
    translations = {t.language: t for t in document.translations.all()}
    for step in fallback_chain(language):
        if step in translations:
            translation = translations[step]
            title = Text(translation.title, language=step, reviewed=translation.reviewed)
            return PolicyText(document, title, translation.paragraphs(), language)
    return PolicyText(document, Text(document.title), document.paragraphs(), language)


def policy_texts(documents: Sequence[PolicyDocument], language: str) -> list[PolicyText]:
    prefetch_related_objects(list(documents), "translations")
    return [policy_text(document, language) for document in documents]
