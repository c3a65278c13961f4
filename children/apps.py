from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    """The register: each child's record, parents, guardian, carers and care."""

    name = "children"
    verbose_name = _("儿童台账")

    def ready(self) -> None:
        from schools.models import School, Town

        # The transfer form's drawn schools (children.forms.TransferForm.drawn_key) list
        # the county's schools under their towns' names: a change to either drops them.
        for model in (School, Town):
            post_save.connect(_forget_drawn_schools, sender=model, dispatch_uid=f"drawn-{model}")
            post_delete.connect(
                _forget_drawn_schools, sender=model, dispatch_uid=f"drawn-del-{model}"
            )


def _forget_drawn_schools(sender, instance, **kwargs) -> None:
    from schools.models import Town

    from .forms import forget_drawn_schools

    if isinstance(instance, Town):
        forget_drawn_schools(instance.county_id)
    else:
        forget_drawn_schools(
            Town.objects.filter(pk=instance.town_id).values_list("county_id", flat=True).first()
        )
