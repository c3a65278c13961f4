"""The site's URL map: each app's urls under its own prefix."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import PUBLIC, serves
from home.views import help_page, home

urlpatterns = [
    path("", home, name="home"),
    path("help/", help_page, name="help"),
    path("accounts/", include("accounts.urls")),
    path("children/import/", include("children.imports.urls")),
    path("children/transfers/", include("children.transfers.urls")),
    path("children/", include("children.urls")),
    path("care/", include("children.care.urls")),
    path("concerns/", include("children.concerns.urls")),
    path("activities/", include("activities.urls")),
    path("donations/", include("donations.urls")),
    path("survey/", include("survey.urls")),
    path("dashboard/", include("reports.dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", serves(PUBLIC)(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Errors render standalone pages; a database outage becomes a friendly 503 (config.errors).
handler500 = "config.errors.server_error"
handler400 = "config.errors.bad_request"
