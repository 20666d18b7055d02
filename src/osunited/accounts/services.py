"""Every write about accounts: policy acceptance, staff status, roles and 2FA exceptions."""

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from osunited.accounts.models import (
    ENTITY_ROLES,
    GrantedRole,
    PolicyAcceptance,
    PolicyDocument,
    PolicyDocumentTranslation,
    PolicyReminder,
    RoleGrant,
    StaffSource,
    TwoFactorException,
    User,
)
from osunited.accounts.roles import forget_roles, outstanding_policies
from osunited.accounts.selectors import policy_text
from osunited.audit.services import audit_record, client_ip
from osunited.entities.models import EmailDomain, Entity
from osunited.notifications import kinds
from osunited.notifications.services import notify


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    """Remember the language `user` chose from the language menu, for their pages on every
    device and for the e-mails sent to them. An unknown language is ignored."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@contextlib.contextmanager
def in_language_of(user: User | None) -> Iterator[None]:
    """Render what is sent to `user` (an e-mail, a notification) in their language."""
    with translation.override((user and user.language) or settings.LANGUAGE_CODE):
        yield


def policy_document_publish(
    *, document: PolicyDocument, actor: User, effective_at: datetime | None = None
) -> PolicyDocument:
    """Publish a version, in effect now or from `effective_at`: until then it can be read, the
    previous version stays current, and the people it will apply to are reminded."""
    if document.published_at is not None:
        raise ValidationError(
            _("This version is already published; publish a new version instead.")
        )
    now = timezone.now()
    if effective_at is not None and effective_at < now:
        raise ValidationError(_("A version cannot take effect in the past."))
    document.published_at = effective_at or now
    document.save(update_fields=["published_at"])
    audit_record(
        action="policy.published",
        actor=actor,
        target=document,
        changes={"effective_at": document.published_at.isoformat()},
    )
    return document


@transaction.atomic
def policy_translation_save(
    *, translation: PolicyDocumentTranslation, actor: User
) -> PolicyDocumentTranslation:
    """Add or change a translation of a policy document, as an administrator (in the admin).
    A translation is for reading: it never changes what people accept, the English document."""
    if translation.language not in dict(settings.LANGUAGES) or translation.language == "en":
        raise ValidationError(
            _("“%(language)s” is not a language a policy document is translated into.")
            % {"language": translation.language}
        )
    created = translation.pk is None
    translation.full_clean()
    translation.save()
    audit_record(
        action="policy.translation_added" if created else "policy.translation_changed",
        actor=actor,
        target=translation.document,
        changes={"language": translation.language, "reviewed": translation.reviewed},
    )
    return translation


@transaction.atomic
def policy_translation_delete(*, translation: PolicyDocumentTranslation, actor: User) -> None:
    audit_record(
        action="policy.translation_deleted",
        actor=actor,
        target=translation.document,
        changes={"language": translation.language},
    )
    translation.delete()


@transaction.atomic
def policies_accept(
    *, user: User, documents: list[PolicyDocument], request: HttpRequest | None = None
) -> list[PolicyAcceptance]:
    """Record that the user accepted these published documents (once each, audited)."""
    accepted = []
    for document in documents:
        if document.published_at is None:
            raise ValidationError(_("Only published documents can be accepted."))
        acceptance, created = PolicyAcceptance.objects.get_or_create(
            user=user, document=document, defaults={"ip_address": client_ip(request)}
        )
        if created:
            audit_record(
                action="policy.accepted",
                actor=user,
                target=document,
                changes={"kind": document.kind, "version": document.version},
                request=request,
            )
        accepted.append(acceptance)
    return accepted


def policies_accept_outstanding(*, user: User, request: HttpRequest | None = None) -> int:
    documents = outstanding_policies(user)
    policies_accept(user=user, documents=documents, request=request)
    return len(documents)


def entity_for_email(email: str) -> Entity | None:
    domain = email.rsplit("@", 1)[-1].lower()
    match = EmailDomain.objects.select_related("entity").filter(domain=domain).first()
    return match.entity if match else None


@transaction.atomic
def user_refresh_staff_status(*, user: User, request: HttpRequest | None = None) -> User:
    """Derive UN staff status from the user's verified e-mail addresses.

    An administrator's designation is kept; otherwise a verified address at a UN entity's domain
    makes the user staff of that entity, and losing it makes them an external user again.
    """
    if user.staff_source == StaffSource.ADMIN:
        return user
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    entity = next(filter(None, (entity_for_email(email) for email in verified)), None)
    new_source = StaffSource.EMAIL_DOMAIN if entity else StaffSource.NONE
    if new_source == user.staff_source and user.entity_id == (entity.pk if entity else None):
        return user
    before = {"staff_source": user.staff_source, "entity": str(user.entity or "")}
    user.staff_source = new_source
    user.entity = entity  # an external user belongs to no entity
    user.save(update_fields=["staff_source", "entity"])
    forget_roles(user)
    audit_record(
        action="staff.status_changed",
        actor=None,
        target=user,
        changes={
            "before": before,
            "after": {"staff_source": new_source, "entity": str(entity or "")},
        },
        request=request,
    )
    return user


@transaction.atomic
def user_designate_staff(
    *, user: User, entity: Entity | None, actor: User, is_staff: bool = True
) -> User:
    """An administrator makes a user UN staff (or withdraws that designation)."""
    before = user.staff_source
    if is_staff:
        user.staff_source = StaffSource.ADMIN
        user.entity = entity or user.entity
        user.save(update_fields=["staff_source", "entity"])
    else:
        user.staff_source = StaffSource.NONE
        user.save(update_fields=["staff_source"])
        user_refresh_staff_status(user=user)
    forget_roles(user)
    audit_record(
        action="staff.designated" if is_staff else "staff.designation_withdrawn",
        actor=actor,
        target=user,
        changes={"before": before, "after": user.staff_source},
    )
    return user


STAFF_ONLY_ROLES = {
    GrantedRole.REVIEWER,
    GrantedRole.ENTITY_REPRESENTATIVE,
    GrantedRole.OSSIB_MEMBER,
    GrantedRole.LEARNING_FOCAL_POINT,
}


def role_grant_check(*, user: User, role: str, entity: Entity | None) -> None:
    if role in STAFF_ONLY_ROLES and not user.is_un_staff:
        raise ValidationError(_("Only UN staff can hold this role; an external user never can."))
    if (role in ENTITY_ROLES) != (entity is not None):
        raise ValidationError(
            _(
                "An entity is needed for entity representatives and learning focal points, "
                "and only them."
            )
        )


@transaction.atomic
def role_grant(
    *, user: User, role: GrantedRole, actor: User | None, entity: Entity | None = None
) -> RoleGrant:
    role_grant_check(user=user, role=role, entity=entity)
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, entity=entity, defaults={"granted_by": actor}
    )
    if created:
        forget_roles(user)
        audit_record(
            action="role.granted",
            actor=actor,
            target=user,
            changes={"role": role, "entity": str(entity or "")},
        )
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: User) -> None:
    audit_record(
        action="role.revoked",
        actor=actor,
        target=grant.user,
        changes={"role": grant.role, "entity": str(grant.entity or "")},
    )
    forget_roles(grant.user)
    grant.delete()


@transaction.atomic
def platform_admin_set(*, user: User, is_admin: bool, actor: User | None) -> User:
    if is_admin and not user.is_un_staff:
        raise ValidationError(_("Only UN staff can be platform administrators."))
    user.is_superuser = user.is_staff = is_admin
    user.save(update_fields=["is_superuser", "is_staff"])
    forget_roles(user)
    audit_record(
        action="role.granted" if is_admin else "role.revoked",
        actor=actor,
        target=user,
        changes={"role": "platform_admin", "entity": ""},
    )
    return user


def two_factor_exception_check(*, reason: str, expires_at: datetime) -> None:
    now = timezone.now()
    if not reason.strip():
        raise ValidationError(_("An exception needs a reason."))
    if expires_at <= now:
        raise ValidationError(_("The expiry must be in the future."))
    if expires_at > now + timedelta(days=settings.OSU_MFA_EXCEPTION_MAX_DAYS):
        raise ValidationError(
            _("An exception lasts at most %(days)d days.")
            % {"days": settings.OSU_MFA_EXCEPTION_MAX_DAYS}
        )


@transaction.atomic
def two_factor_exception_grant(
    *, user: User, reason: str, expires_at: datetime, actor: User | None
) -> TwoFactorException:
    """Exempt a user from 2FA for a while, with the reason recorded (CPF 4.4.5)."""
    reason = reason.strip()
    two_factor_exception_check(reason=reason, expires_at=expires_at)
    exception = TwoFactorException.objects.create(
        user=user, reason=reason, expires_at=expires_at, granted_by=actor
    )
    audit_record(
        action="mfa.exception_granted",
        actor=actor,
        target=user,
        changes={"reason": reason, "expires_at": expires_at.isoformat()},
    )
    return exception


@transaction.atomic
def two_factor_exception_revoke(*, exception: TwoFactorException, actor: User) -> None:
    if exception.revoked_at is not None:
        return
    exception.revoked_at = timezone.now()
    exception.save(update_fields=["revoked_at"])
    audit_record(action="mfa.exception_revoked", actor=actor, target=exception.user)


REMINDER_DAYS = 14


def policy_reminders_send(*, now: datetime | None = None) -> int:
    """Tell each user who accepted an earlier version of a policy document that a new one takes
    effect within REMINDER_DAYS, once per version; returns how many were told."""
    now = now or timezone.now()
    upcoming = PolicyDocument.objects.filter(
        published_at__gt=now, published_at__lte=now + timedelta(days=REMINDER_DAYS)
    ).prefetch_related("translations")  # each reminder's title, in its reader's language
    sent = 0
    for document in upcoming:
        for user in _to_remind(document):
            with transaction.atomic():
                _, created = PolicyReminder.objects.get_or_create(user=user, document=document)
                if created:
                    _send_reminder(user, document)
                    sent += 1
    return sent


def _to_remind(document: PolicyDocument) -> list[User]:
    earlier = PolicyAcceptance.objects.filter(
        document__kind=document.kind, document__published_at__lt=document.published_at
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=earlier, is_active=True)
        .exclude(policy_reminders__document=document)
        .exclude(policy_acceptances__document=document)
        .order_by("pk")
    )


def _send_reminder(user: User, document: PolicyDocument) -> None:
    assert document.published_at is not None
    with in_language_of(user):
        subject, body = _reminder_text(document, translation.get_language())
    notify(
        users=[user],
        kind=kinds.POLICY_VERSION,
        url=reverse("accounts:policies"),
        params={
            "title": document.title,
            "version": document.version,
            "date": document.published_at.date().isoformat(),
        },
    )
    send_mail(subject, body, None, [user.email])
    audit_record(
        action="policy.reminded",
        target=document,
        changes={"user": user.email, "version": document.version},
    )


def _reminder_text(document: PolicyDocument, language: str) -> tuple[str, str]:
    """The reminder's subject and body in `language`, with the document's title as translated
    in it when it is."""
    assert document.published_at is not None
    context = {
        "title": policy_text(document, language).title,
        "version": document.version,
        "date": document.published_at.date().isoformat(),
        "url": settings.SITE_URL + reverse("accounts:policies"),
    }
    subject = _("%(title)s %(version)s takes effect on %(date)s") % context
    body = (
        _(
            "A new version of the %(title)s, %(version)s, takes effect on %(date)s. From then on, "
            "you will be asked to accept it when you sign in, and merge requests you open on the "
            "platform's forges will need it. Read it and what changed: %(url)s"
        )
        % context
    )
    if document.summary_of_changes:
        body += "\n\n" + document.summary_of_changes
    return subject, body
