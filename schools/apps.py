from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    """The county's places: county profile, towns, villages and schools."""

    name = "schools"
    verbose_name = _("地区与学校")
