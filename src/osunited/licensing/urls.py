from osunited.licensing.views import (
    chooser,
    compatibility,
    learn,
    licenses,
    office_hours,
    packages,
    reviews,
    survey,
)

app_name = "licensing"

# The chooser, compatibility, learning and office-hours pages come before the license pages,
# whose `<license_id>` would otherwise take their paths.
urlpatterns = [
    *chooser.urlpatterns,
    *compatibility.urlpatterns,
    *learn.urlpatterns,
    *office_hours.urlpatterns,
    *packages.urlpatterns,
    *reviews.urlpatterns,
    *survey.urlpatterns,
    *licenses.urlpatterns,
]
