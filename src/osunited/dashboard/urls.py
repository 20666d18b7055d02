from django.urls import path

from osunited.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="public"),
    path("entities/<slug:slug>/", views.entity_dashboard, name="entity"),
    path("ossib/", views.ossib_view, name="ossib"),
    path("data/<slug:metric_id>.<str:fmt>", views.chart_data, name="chart_data"),
]
