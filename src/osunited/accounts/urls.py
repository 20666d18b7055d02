from django.urls import path

from osunited.accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/policies/", views.accept_policies, name="policies"),
    path("me/tokens/", token_views.api_tokens, name="api_tokens"),
    path("me/tokens/<int:pk>/revoke/", token_views.api_token_revoke_view, name="api_token_revoke"),
    # /policies/ itself is the policy library (policies:index).
    path("policies/documents/", views.policy_list, name="policy_list"),
    path("policies/<slug:kind>/", views.policy_detail, name="policy_detail"),
    path("policies/<slug:kind>/<str:version>/", views.policy_version, name="policy_version"),
]
