"""Authentication backends: lockout after repeated failures, keyed on username and IP."""

from axes.backends import AxesStandaloneBackend


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
