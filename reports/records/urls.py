from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/export/", views.meeting_export, name="meeting_export"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/export/", views.document_export, name="document_export"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
]
