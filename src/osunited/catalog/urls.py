"""The catalog's pages. Each views module lists its own patterns; fixed paths come before
`<slug>` ones, and services never give a project a slug that is one of those paths."""

from osunited.catalog.views import exports, manage, public, review, scans, showcase

app_name = "catalog"

urlpatterns = [
    *manage.urlpatterns,
    *review.urlpatterns,
    *exports.urlpatterns,
    *scans.urlpatterns,
    *showcase.urlpatterns,
    *public.urlpatterns,
]
