from django.urls import path

import osunited.catalog.views  # noqa: F401 - registers the <uslug:...> converter of project slugs
from osunited.forges import views

app_name = "hosting"

urlpatterns = [
    path("", views.forges, name="forges"),
    path("forges/new/", views.forge_create, name="forge_create"),
    path("forges/<int:pk>/edit/", views.forge_edit, name="forge_edit"),
    path("forges/<int:pk>/check/", views.forge_check, name="forge_check"),
    path("namespaces/", views.namespace_edit, name="namespace_set"),
    path("projects/<uslug:slug>/retry/", views.project_retry, name="project_retry"),
]
