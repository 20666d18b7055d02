from django.urls import path

from osunited.assessments import views

app_name = "assessments"

urlpatterns = [
    path("entities/<slug:slug>/assessments/", views.entity_assessments, name="entity"),
    path("entities/<slug:slug>/assessments/start/", views.start, name="start"),
    path("entities/<slug:slug>/assessments/import/", views.import_answers, name="import"),
    path("entities/<slug:slug>/assessments/compare/", views.compare, name="compare"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/summary/", views.summary, name="summary"),
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("assessments/<int:pk>/answers.yaml", views.answers_file, name="answers_file"),
    path("assessments/<int:pk>/answers/", views.answers, name="answers"),
    path("assessments/<int:pk>/answers/<str:item_id>/", views.answer_save, name="answer_save"),
    path("assessments/<int:pk>/answers/<str:item_id>/files/", views.file_add, name="file_add"),
    path("assessments/<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
    path("assessments/<int:pk>/files/<int:file_pk>/delete/", views.file_delete, name="file_delete"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/visibility/", views.visibility, name="visibility"),
    path("assessments/<int:pk>/carry-forward/", views.carry_forward, name="carry_forward"),
    path("assessments/<int:pk>/delete/", views.delete, name="delete"),
]
