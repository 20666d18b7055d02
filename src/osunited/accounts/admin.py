"""Administration of users, roles, 2FA exceptions and policy documents; every write goes
through a service so that it is validated and audited."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import (
    GrantedRole,
    PolicyAcceptance,
    PolicyDocument,
    PolicyDocumentTranslation,
    RoleGrant,
    TwoFactorException,
    User,
)
from osunited.accounts.services import (
    platform_admin_set,
    policy_document_publish,
    policy_translation_delete,
    policy_translation_save,
    role_grant,
    role_grant_check,
    role_revoke,
    two_factor_exception_check,
    two_factor_exception_grant,
    two_factor_exception_revoke,
    user_designate_staff,
)
from osunited.accounts.types import signed_in_user
from osunited.audit.admin import AuditedModelAdmin


def _apply(request: HttpRequest, queryset: QuerySet[Any], service: Any, **kwargs: Any) -> None:
    done = 0
    for obj in queryset:
        try:
            service(obj, **kwargs)
            done += 1
        except ValidationError as error:
            messages.error(request, f"{obj}: {' '.join(error.messages)}")
    if done:
        messages.success(request, _("%(count)d updated.") % {"count": done})


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    list_display = ("email", "display_name", "entity", "staff_source", "is_superuser", "is_active")
    list_filter = ("staff_source", "is_superuser", "is_active", "entity")
    search_fields = ("email", "display_name")
    fields = (
        "email",
        "display_name",
        "entity",
        "is_active",
        "staff_source",
        "is_superuser",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("email", "staff_source", "is_superuser", "last_login", "date_joined")
    list_select_related = ("entity",)
    actions = ["designate_staff", "withdraw_staff", "make_admin", "remove_admin"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people sign up themselves, accepting the policies

    @admin.action(description=_("Designate as UN staff"))
    def designate_staff(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        _apply(
            request,
            queryset,
            lambda user: user_designate_staff(
                user=user, entity=user.entity, actor=signed_in_user(request)
            ),
        )

    @admin.action(description=_("Withdraw the UN staff designation"))
    def withdraw_staff(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        _apply(
            request,
            queryset,
            lambda user: user_designate_staff(
                user=user, entity=None, actor=signed_in_user(request), is_staff=False
            ),
        )

    @admin.action(description=_("Make platform administrator"))
    def make_admin(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        _apply(
            request,
            queryset,
            lambda user: platform_admin_set(
                user=user, is_admin=True, actor=signed_in_user(request)
            ),
        )

    @admin.action(description=_("Remove platform administrator"))
    def remove_admin(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        _apply(
            request,
            queryset,
            lambda user: platform_admin_set(
                user=user, is_admin=False, actor=signed_in_user(request)
            ),
        )


class RoleGrantForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RoleGrant
        fields = ("user", "role", "entity")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("user") and data.get("role"):
            role_grant_check(user=data["user"], role=data["role"], entity=data.get("entity"))
        return data


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin[RoleGrant]):
    form = RoleGrantForm
    list_display = ("user", "role", "entity", "granted_by", "granted_at")
    list_filter = ("role", "entity")
    search_fields = ("user__email",)
    list_select_related = ("user", "entity", "granted_by")
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        grant = role_grant(
            user=obj.user,
            role=GrantedRole(obj.role),
            entity=obj.entity,
            actor=signed_in_user(request),
        )
        obj.pk = grant.pk

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        role_revoke(grant=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleGrant]) -> None:
        for grant in queryset:
            role_revoke(grant=grant, actor=signed_in_user(request))


class TwoFactorExceptionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TwoFactorException
        fields = ("user", "reason", "expires_at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.now() + timedelta(days=30)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") and data.get("expires_at"):
            two_factor_exception_check(reason=data["reason"], expires_at=data["expires_at"])
        return data


@admin.register(TwoFactorException)
class TwoFactorExceptionAdmin(admin.ModelAdmin[TwoFactorException]):
    form = TwoFactorExceptionForm
    list_display = ("user", "reason", "expires_at", "granted_by", "granted_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__email", "reason")
    list_select_related = ("user", "granted_by")
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never erased: the record must remain

    def save_model(
        self, request: HttpRequest, obj: TwoFactorException, form: Any, change: bool
    ) -> None:
        created = two_factor_exception_grant(
            user=obj.user,
            reason=obj.reason,
            expires_at=obj.expires_at,
            actor=signed_in_user(request),
        )
        obj.pk = created.pk

    @admin.action(description=_("Revoke the selected exceptions"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[TwoFactorException]) -> None:
        _apply(
            request,
            queryset,
            lambda exception: two_factor_exception_revoke(
                exception=exception, actor=signed_in_user(request)
            ),
        )


class PolicyDocumentTranslationInline(
    admin.StackedInline[PolicyDocumentTranslation, PolicyDocument]
):
    """Translations for reading; a published version's stay editable (they never bind)."""

    model = PolicyDocumentTranslation
    fields = ("language", "title", "body", "reviewed")
    extra = 0


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(AuditedModelAdmin):
    list_display = ("kind", "version", "title", "published_at")
    list_filter = ("kind",)
    actions = ["publish", "publish_in_30_days"]
    inlines = (PolicyDocumentTranslationInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        if formset.model is not PolicyDocumentTranslation:
            super().save_formset(request, form, formset, change)
            return
        actor = signed_in_user(request)
        for translation in formset.save(commit=False):
            policy_translation_save(translation=translation, actor=actor)
        for translation in formset.deleted_objects:
            policy_translation_delete(translation=translation, actor=actor)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return ("kind", "version", "title", "body", "summary_of_changes", "published_at")
        return ("published_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_published

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[PolicyDocument]) -> None:
        _apply(
            request,
            queryset,
            lambda document: policy_document_publish(
                document=document, actor=signed_in_user(request)
            ),
        )

    @admin.action(
        description=_("Publish the selected drafts to take effect in 30 days (people are reminded)")
    )
    def publish_in_30_days(self, request: HttpRequest, queryset: QuerySet[PolicyDocument]) -> None:
        effective_at = timezone.now() + timedelta(days=30)
        _apply(
            request,
            queryset,
            lambda document: policy_document_publish(
                document=document, actor=signed_in_user(request), effective_at=effective_at
            ),
        )


@admin.register(PolicyAcceptance)
class PolicyAcceptanceAdmin(admin.ModelAdmin[PolicyAcceptance]):
    list_display = ("user", "document", "accepted_at", "ip_address")
    list_filter = ("document",)
    search_fields = ("user__email",)
    list_select_related = ("user", "document")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
