"""The site's URL map: each app's urls under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("children/import/", include("children.imports.urls")),
    path("children/", include("children.urls")),
    path("care/", include("children.care.urls")),
    path("activities/", include("activities.urls")),
    path("donations/", include("donations.urls")),
    path("dashboard/", include("reports.dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
