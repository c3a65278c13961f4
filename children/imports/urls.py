from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_index, name="index"),
    path("template/", views.import_template, name="template"),
    path("export/", views.register_export, name="export"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/status/", views.import_status, name="status"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/discard/", views.import_discard, name="discard"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="errors"),
    path("<int:pk>/mentors/", views.import_add_mentors, name="add_mentors"),
]
