from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/checklist/", views.survey_checklist, name="checklist"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/national-form/", views.survey_export, name="export"),
    path("<int:pk>/children/<int:child_pk>/", views.survey_step, name="step"),
    path("<int:pk>/children/<int:child_pk>/confirm/", views.survey_confirm, name="confirm"),
    path("<int:pk>/children/<int:child_pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/children/<int:child_pk>/close/", views.survey_close_case, name="close_case"),
    path("<int:pk>/children/<int:child_pk>/transfer/", views.survey_transfer, name="transfer"),
]
