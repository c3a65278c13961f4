from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("county/", views.county_dashboard, name="county"),
    path("town/", views.town_dashboard, name="town"),
    path("school/", views.school_dashboard, name="school"),
    path("coordination/", views.coordination_dashboard, name="coordination"),
]
