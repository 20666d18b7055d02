"""Administration of the catalog: projects (their facts and history, and deleting junk drafts),
scans (read only) and feedback (moderated). Every write goes through a service, which audits it;
the workflow, not the admin, changes a project."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from osunited.accounts.types import signed_in_user
from osunited.catalog.models import (
    CommitteeSettings,
    ConflictOfInterest,
    Feedback,
    Project,
    ProjectEvent,
    Scan,
)
from osunited.catalog.services import (
    committee_settings_update,
    draft_deletion_refusal,
    draft_deletion_refusals,
    feedback_moderate,
    project_delete_draft,
)

# A selection can be every project: its refusals are summed up after the first few.
MAX_REFUSALS_SHOWN = 10


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never added or edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProjectEventInline(admin.TabularInline[ProjectEvent, Project]):
    """The project's workflow history, as its public page shows it."""

    model = ProjectEvent
    fields = ("created_at", "action", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("workflow event")
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "entity", "status", "scan_health", "status_changed_at", "created_at")
    list_filter = ("status", "scan_health", "entity")
    search_fields = ("name", "slug", "purpose", "entity__acronym")
    list_select_related = ("entity",)
    fields = (
        ("name", "slug"),
        ("entity", "status", "status_changed_at"),
        "purpose",
        "description",
        ("licenses", "development_status", "hosting"),
        ("website", "documentation_url"),
        ("topics", "languages"),
        "focal_points",
        ("created_by", "created_at", "confirmed_at"),
        ("scan_health", "latest_scan"),
        ("sunset_reason", "sunset_deadline"),
    )
    inlines = (ProjectEventInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not draft_deletion_refusal(obj))

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        project = self.get_object(request, unquote(object_id))
        if project is not None and (refusal := draft_deletion_refusal(project)):
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_project_change", args=[project.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = dict(super().get_actions(request))
        if "delete_selected" in actions:
            # Same name, so that the confirmation page posts back here.
            description = _("Delete the selected drafts")
            actions["delete_selected"] = (delete_drafts, "delete_selected", description)
        return actions

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's scans and feedback go with it: `project_delete_draft` decides, not their own
        # admins, which delete none.
        return deleted, counts, set(), protected

    def delete_model(self, request: HttpRequest, obj: Project) -> None:
        _delete(request, self, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        _delete(request, self, queryset)


def delete_drafts(
    modeladmin: ProjectAdmin, request: HttpRequest, queryset: QuerySet[Project]
) -> HttpResponse | None:
    """Django's confirmation and deletion, for the selected projects that may be deleted; each
    other one gets a message saying why not."""
    refusals = draft_deletion_refusals(queryset)
    for refusal in list(refusals.values())[:MAX_REFUSALS_SHOWN]:
        modeladmin.message_user(request, refusal, messages.ERROR)
    if (hidden := len(refusals) - MAX_REFUSALS_SHOWN) > 0:
        more = ngettext(
            "%(count)d more selected project cannot be deleted either.",
            "%(count)d more selected projects cannot be deleted either.",
            hidden,
        )
        modeladmin.message_user(request, more % {"count": hidden}, messages.ERROR)
    drafts = queryset.exclude(pk__in=refusals)
    if not drafts.exists():
        return None
    response: HttpResponse | None = delete_selected(modeladmin, request, drafts)
    return response


def _delete(request: HttpRequest, modeladmin: ProjectAdmin, projects: Any) -> None:
    for project in projects:
        try:
            project_delete_draft(project=project, actor=signed_in_user(request))
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, reason, messages.ERROR)


@admin.register(Scan)
class ScanAdmin(ReadOnlyAdmin):
    list_display = ("pk", "project", "status", "trigger", "health", "created_at", "finished_at")
    list_filter = ("status", "health", "trigger")
    search_fields = ("project__name", "project__slug", "repository__url", "revision")
    list_select_related = ("project", "repository")
    date_hierarchy = "created_at"
    # The whole report stays out of the page: it can be megabytes; the scan's page shows it.
    fields = (
        ("project", "repository"),
        ("status", "trigger", "requested_by"),
        ("created_at", "started_at", "finished_at", "attempts"),
        ("revision", "license_expression", "maintenance"),
        ("health", "scores"),
        "summary",
        "error",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a scan is a record; it goes with its project only


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("project", "author", "moderation", "moderated_by", "created_at")
    list_filter = ("moderation",)
    search_fields = ("body", "project__name", "author__email")
    list_select_related = ("project", "author", "moderated_by")
    date_hierarchy = "created_at"
    fields = (
        ("project", "author", "created_at"),
        "body",
        ("moderation", "moderated_by"),
        ("reply", "replied_by", "replied_at"),
    )
    actions = ("publish", "reject")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rejected, not erased

    @admin.action(description=_("Publish the selected feedback"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        self._moderate(request, queryset, publish=True)

    @admin.action(description=_("Reject the selected feedback"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        self._moderate(request, queryset, publish=False)

    def _moderate(
        self, request: HttpRequest, queryset: QuerySet[Feedback], *, publish: bool
    ) -> None:
        done = 0
        for feedback in queryset.select_related("project"):
            try:
                feedback_moderate(
                    feedback=feedback, moderator=signed_in_user(request), publish=publish
                )
            except PermissionDenied as error:
                self.message_user(request, f"{feedback}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            message = gettext("%(count)d moderated.") % {"count": done}
            self.message_user(request, message, messages.SUCCESS)


@admin.register(CommitteeSettings)
class CommitteeSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The committee's one row of settings; saved through committee_settings_update, which
    checks the value and audits the change."""

    list_display = ("__str__", "required_approvals", "changed_at")
    fields = ("required_approvals",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CommitteeSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = committee_settings_update(
            actor=signed_in_user(request), approvals=form.cleaned_data["required_approvals"]
        )
        obj.pk = saved.pk

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # the service audited it

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdmin):
    """Declarations of committee members, kept as made."""

    list_display = ("project", "reviewer", "created_at")
    list_select_related = ("project", "reviewer")
    readonly_fields = ("project", "reviewer", "reason", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
