from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    """The register: each child's record, parents, guardian, carers and care."""

    name = "children"
    verbose_name = _("儿童台账")
