from django.contrib.auth import views as auth_views
from django.urls import path

from . import account_views
from .access import AUTHENTICATED, PUBLIC, serves
from .views import PasswordChangeView, emergency_review

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        serves(PUBLIC)(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", serves(PUBLIC)(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        serves(AUTHENTICATED)(PasswordChangeView.as_view()),
        name="password_change",
    ),
    path("emergency/review/", emergency_review, name="emergency_review"),
    path("users/", account_views.user_list, name="user_list"),
    path("users/new/", account_views.user_new, name="user_new"),
    path("users/<int:pk>/", account_views.user_manage, name="user_manage"),
    path("users/<int:pk>/active/", account_views.user_active, name="user_active"),
    path("users/<int:pk>/password/", account_views.user_password, name="user_password"),
]
