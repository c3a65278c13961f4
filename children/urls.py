from django.urls import path

from . import finder, views
from .emergency.views import emergency_access

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("new/", views.child_create, name="create"),
    path("search/", finder.child_search, name="search"),
    path("pick/", finder.child_pick, name="pick"),
    path("id-check/", views.id_check, name="id_check"),
    path("emergency/", emergency_access, name="emergency_access"),
    path("category/", views.category_propose, name="category_propose"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/edit/", views.child_edit, name="edit"),
    path("<int:pk>/reveal/", views.child_reveal, name="reveal"),
    path("<int:pk>/transfer/", views.child_transfer, name="transfer"),
    path("<int:pk>/close/", views.child_close, name="close"),
    path("<int:pk>/reopen/", views.child_reopen, name="reopen"),
]
