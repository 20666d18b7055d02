from django.urls import path

import osunited.catalog.views  # noqa: F401 - registers the <uslug:...> converter of project slugs
from osunited.forges import views

app_name = "hosting"

urlpatterns = [
    path("", views.forges, name="forges"),
    path("forges/new/", views.forge_create, name="forge_create"),
    path("forges/<int:pk>/edit/", views.forge_edit, name="forge_edit"),
    path("forges/<int:pk>/check/", views.forge_check, name="forge_check"),
    path("forges/<int:pk>/", views.forge_detail, name="forge_detail"),
    path("forges/<int:pk>/webhook-secret/", views.forge_webhook_rotate, name="webhook_rotate"),
    path("forges/<int:pk>/signin-client/", views.forge_signin_create, name="signin_create"),
    path(
        "forges/<int:pk>/signin-client/secret/",
        views.forge_signin_replace,
        name="signin_replace",
    ),
    path("forges/<int:pk>/backup/", views.forge_backup, name="backup_attest"),
    path("namespaces/", views.namespace_edit, name="namespace_set"),
    path("namespaces/<int:pk>/audits/", views.namespace_audits, name="namespace_audits"),
    path("namespaces/<int:pk>/audit/", views.namespace_audit, name="namespace_audit"),
    path("audits/run/", views.audits_run_all, name="audits_run_all"),
    path("projects/<uslug:slug>/retry/", views.project_retry, name="project_retry"),
    path("projects/<uslug:slug>/membership/", views.project_membership, name="membership"),
    path(
        "projects/<uslug:slug>/membership/apply/",
        views.project_membership_apply,
        name="membership_apply",
    ),
]
