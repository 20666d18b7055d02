from osunited.learning.views import (
    attendance,
    capacity,
    catalogue,
    credentials,
    events,
    mentorship,
    osee,
    strategy,
    trainers,
)

app_name = "learning"

urlpatterns = [
    *osee.urlpatterns,
    *strategy.urlpatterns,
    *capacity.urlpatterns,
    *trainers.urlpatterns,
    *mentorship.urlpatterns,
    *credentials.urlpatterns,
    *attendance.urlpatterns,
    *events.urlpatterns,
    *catalogue.urlpatterns,
]
