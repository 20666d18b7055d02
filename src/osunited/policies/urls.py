from osunited.policies.views import library, search

app_name = "policies"

urlpatterns = [
    *search.urlpatterns,
    *library.urlpatterns,
]
