from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("<int:pk>/accept/", views.transfer_accept, name="accept"),
    path("<int:pk>/refuse/", views.transfer_refuse, name="refuse"),
]
