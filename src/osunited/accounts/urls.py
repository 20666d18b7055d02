from django.urls import path

from osunited.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/policies/", views.accept_policies, name="policies"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<slug:kind>/", views.policy_detail, name="policy_detail"),
    path("policies/<slug:kind>/<str:version>/", views.policy_version, name="policy_version"),
]
