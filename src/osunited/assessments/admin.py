from django.contrib import admin

from osunited.assessments.models import Answer, Assessment


class AnswerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    extra = 0
    fields = ("item_id", "rating", "justification", "owner")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("entity", "framework_id", "status", "visibility", "stage", "created_at")
    list_filter = ("status", "visibility", "framework_id")
    readonly_fields = ("stage", "result", "submitted_at", "carried_from")
    inlines = (AnswerInline,)
