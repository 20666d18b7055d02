from allauth import urls as allauth_urls
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from osunited.accounts import views as accounts_views
from osunited.accounts.oidc import oidc_urlpatterns
from osunited.accounts.roles import (
    ACCOUNT_URL_RULES,
    PLATFORM_ADMIN,
    PUBLIC,
    SIGNED_IN,
    access,
    guard,
)
from osunited.forges.webhooks import forge_webhook
from osunited.platform import views
from osunited.platform.api import api_urls

# Admins sign in through the same page as everyone else, with their second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Open Source United administration"
admin.site.site_title = "Open Source United"
admin_patterns, admin_app_name, admin_namespace = admin.site.urls
# The API checks its own tokens and permissions on every call; its URLs are open to reach.
api_patterns, api_app_name, api_namespace = api_urls()

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.openmetrics, name="openmetrics"),
    path("i18n/setlang/", access(PUBLIC)(accounts_views.set_language), name="set_language"),
    path(
        "accounts/",
        include(guard(allauth_urls.urlpatterns, rules=ACCOUNT_URL_RULES, default=None)),
    ),
    path(
        "admin/",
        (guard(admin_patterns, default=PLATFORM_ADMIN), admin_app_name, admin_namespace),
    ),
    # OpenID Connect for the forges: the gate is on authorize; the others check the client.
    path(
        "o/",
        (
            guard(oidc_urlpatterns(), rules={"authorize": SIGNED_IN}, default=PUBLIC),
            "oauth2_provider",
            "oauth2_provider",
        ),
    ),
    # Before accounts: its legal documents' "policies/<slug:kind>/" would take the library's pages.
    path("policies/", include("osunited.policies.urls")),
    path("", include("osunited.accounts.urls")),
    path("", include("osunited.entities.urls")),
    path("catalog/", include("osunited.catalog.urls")),
    path("", include("osunited.assessments.urls")),
    path("dashboard/", include("osunited.dashboard.urls")),
    path("hosting/", include("osunited.forges.urls")),
    path("licenses/", include("osunited.licensing.urls")),
    path("learning/", include("osunited.learning.urls")),
    path("ossib/", include("osunited.governance.urls")),
    path("notifications/", include("osunited.notifications.urls")),
    path("hosting/webhooks/<int:forge_id>/", forge_webhook, name="forge_webhook"),
    path("api/", (guard(api_patterns, default=PUBLIC), api_app_name, api_namespace)),
]

# The site's error pages, in JSON under /api/.
handler400 = "osunited.platform.api.bad_request"
handler403 = "osunited.platform.api.permission_denied"
handler404 = "osunited.platform.api.page_not_found"
handler500 = "osunited.platform.api.server_error"
handler429 = "osunited.accounts.views.too_many_requests"  # read by allauth's rate limits
