"""URLs of mandatory reports: raise one about a child, its page, its steps, close, reopen."""

from django.urls import path

from . import views

app_name = "concerns"

urlpatterns = [
    path("child/<int:pk>/new/", views.concern_raise, name="raise"),
    path("<int:pk>/", views.concern_detail, name="detail"),
    path("<int:pk>/steps/", views.concern_step, name="step"),
    path("<int:pk>/close/", views.concern_close, name="close"),
    path("<int:pk>/reopen/", views.concern_reopen, name="reopen"),
]
