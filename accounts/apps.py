from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles and the scope each role works in."""

    name = "accounts"
    verbose_name = _("用户与权限")

    def ready(self) -> None:
        """Connect the login audit receivers."""
        from . import signals  # noqa: F401
        from .admin import guard_all_admins

        guard_all_admins()
