"""The licensing app's tables for platform admins. Package versions and legal reviews change only
through their pages (a published version never changes; every review change leaves a history
row), so the admin shows them read only."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from osunited.audit.admin import AuditedModelAdmin
from osunited.licensing.models import (
    LegalReview,
    LegalReviewChange,
    LicenseNote,
    LicensePackage,
    LicensingPreferences,
    LicensingQuestion,
    OfficeHoursSession,
    PackageLicense,
    PackageVersion,
    SurveyResponse,
    SurveyRound,
)


class ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LicenseNote)
class LicenseNoteAdmin(AuditedModelAdmin):
    list_display = ("license_id", "kind", "entity", "author", "updated_at")
    list_filter = ("kind", "entity")
    search_fields = ("license_id", "text")
    list_select_related = ("entity", "author")
    readonly_fields = ("author", "created_at", "updated_at")


class PackageVersionInline(ReadOnlyInline):
    model = PackageVersion
    fields = ("number", "status", "published_by", "published_at", "changes")
    readonly_fields = fields


@admin.register(LicensePackage)
class LicensePackageAdmin(AuditedModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    inlines = [PackageVersionInline]


class PackageLicenseInline(ReadOnlyInline):
    model = PackageLicense
    fields = ("position", "license_id", "rationale")
    readonly_fields = fields


@admin.register(PackageVersion)
class PackageVersionAdmin(ReadOnlyAdmin):
    list_display = ("package", "number", "status", "published_by", "published_at")
    list_filter = ("status", "package")
    list_select_related = ("package", "published_by")
    inlines = [PackageLicenseInline]


class LegalReviewChangeInline(ReadOnlyInline):
    model = LegalReviewChange
    fk_name = "review"
    fields = ("changed_at", "changed_by", "status", "conditions", "reviewed_on", "reviewer_entity")
    readonly_fields = fields


@admin.register(LegalReview)
class LegalReviewAdmin(ReadOnlyAdmin):
    list_display = ("entity", "license_id", "status", "reviewed_on", "reviewer_entity")
    list_filter = ("status", "entity")
    search_fields = ("license_id", "conditions")
    list_select_related = ("entity", "reviewer_entity")
    inlines = [LegalReviewChangeInline]


@admin.register(LegalReviewChange)
class LegalReviewChangeAdmin(ReadOnlyAdmin):
    list_display = ("review", "status", "changed_by", "changed_at")
    list_filter = ("status",)
    list_select_related = ("review__entity", "changed_by")


@admin.register(LicensingPreferences)
class LicensingPreferencesAdmin(AuditedModelAdmin):
    list_display = ("entity", "reviews_public")
    list_filter = ("reviews_public",)
    list_select_related = ("entity",)


@admin.register(SurveyRound)
class SurveyRoundAdmin(AuditedModelAdmin):
    list_display = ("title", "questions_version", "opens_on", "closes_on")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(AuditedModelAdmin):
    list_display = ("round", "entity", "submitted_by", "submitted_at")
    list_filter = ("round",)
    list_select_related = ("round", "entity", "submitted_by")


@admin.register(OfficeHoursSession)
class OfficeHoursSessionAdmin(AuditedModelAdmin):
    list_display = ("title", "starts_at", "ends_at", "experts", "capacity")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(LicensingQuestion)
class LicensingQuestionAdmin(AuditedModelAdmin):
    list_display = ("project", "finding_title", "status", "asked_by", "asked_at")
    list_filter = ("status",)
    search_fields = ("question", "answer", "finding_title")
    list_select_related = ("project", "asked_by")
