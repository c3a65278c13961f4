"""Authentication backends: lockout after repeated failures, keyed on username and IP."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a login while its username + IP pair is locked out (django-axes).

    Calls without a request (management commands, scripts) are not web logins and are
    left to the next backend instead of raising.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        """Return None, or raise AxesBackendPermissionDenied when locked out."""
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ScopedModelBackend(ModelBackend):
    """Django's username/password backend; loads a session's user with their scope places.

    Nearly every page reads the user's county (its settings) and scope, so fetching them
    with the user saves a query or more on each request.
    """

    def get_user(self, user_id):
        """Return the active user with county, town, village and school, or None."""
        try:
            user = User.objects.select_related("county", "town", "village", "school").get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
