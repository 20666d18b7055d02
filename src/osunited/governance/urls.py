from osunited.governance.views import board, experts, groups, meetings, partners, reviews

app_name = "governance"

urlpatterns = [
    *board.urlpatterns,
    *meetings.urlpatterns,
    *reviews.urlpatterns,
    *groups.urlpatterns,
    *experts.urlpatterns,
    *partners.urlpatterns,
]
