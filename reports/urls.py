from django.urls import include, path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/file/", views.report_file, name="file"),
    path("<int:pk>/new-version/", views.report_new_version, name="new_version"),
    path("<int:pk>/report.docx", views.report_docx, name="docx"),
    path("<int:pk>/annex.xlsx", views.report_xlsx, name="xlsx"),
    path("records/", include("reports.records.urls")),
]
