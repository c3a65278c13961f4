from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.donation_list, name="list"),
    path("export/", views.donation_export, name="export"),
    path("new/", views.donation_create, name="create"),
    path("<int:pk>/", views.donation_detail, name="detail"),
    path("<int:pk>/edit/", views.donation_edit, name="edit"),
    path("<int:pk>/aid/", views.aid_create, name="aid_create"),
    path("aid/", views.aid_list, name="aid_list"),
    path("aid/new/", views.aid_bulk, name="aid_bulk"),
    path("aid/export/", views.aid_export, name="aid_export"),
    path("aid/<int:pk>/void/", views.aid_void, name="aid_void"),
]
