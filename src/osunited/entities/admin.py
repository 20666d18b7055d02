from django.contrib import admin

from osunited.audit.admin import AuditedModelAdmin
from osunited.entities.forms import EmailDomainForm
from osunited.entities.models import EmailDomain, Entity


class EmailDomainInline(admin.TabularInline[EmailDomain, Entity]):
    model = EmailDomain
    form = EmailDomainForm
    extra = 1


@admin.register(Entity)
class EntityAdmin(AuditedModelAdmin):
    list_display = ("acronym", "name", "kind", "ossib_status", "liaison", "ossib_representative")
    list_filter = ("kind", "ossib_status")
    search_fields = ("acronym", "name", "email_domains__domain")
    prepopulated_fields = {"slug": ("acronym",)}
    autocomplete_fields = ("liaison", "ossib_representative")
    inlines = [EmailDomainInline]
    list_select_related = ("liaison", "ossib_representative")
