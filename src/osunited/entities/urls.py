from django.urls import path

from osunited.entities import views

app_name = "entities"

urlpatterns = [
    path("entities/", views.entity_index, name="list"),
    path("entities/<slug:slug>/", views.entity_detail, name="detail"),
    path("entities/<slug:slug>/edit/", views.entity_edit, name="edit"),
    path("ossib/", views.ossib, name="ossib"),
]
