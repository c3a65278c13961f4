"""Reference-data import and export in the admin, through django-import-export's resources.

Every resource is kept to the administrator's county (the rows it exports, the records an
import may update, the related records a cell may name), writes formula-escaped cells, and
records each confirmed import in the audit trail. The register's own import
(children/imports) is a different job and does not use this.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.admin import ImportExportMixin

from core.spreadsheets import escape_cell

from .models import AuditEvent
from .services import audit_record, export_audit


class CountyForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by a field (a town by its name), looked up in one county only."""

    def __init__(self, model: type[Model], field: str, *, county_path: str, county_id=None):
        super().__init__(model, field=field)
        self.county_path = county_path
        self.county_id = county_id

    def get_queryset(self, value, row, *args, **kwargs) -> QuerySet:
        return self.model.objects.filter(**{self.county_path: self.county_id})

    def clean(self, value, row=None, **kwargs):
        """Return the record the cell names, or say in Chinese that the county has none."""
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("本县没有名为“%(value)s”的%(what)s。")
                % {"value": value, "what": self.model._meta.verbose_name}
            ) from None


class CountyResource(resources.ModelResource):
    """A model resource kept to the county of the user it is built for.

    Subclasses name `county_path`, the lookup from the model to its county's id
    ("county_id", "town__county_id" …).
    """

    county_path = "county_id"

    def __init__(self, *, user=None, **kwargs: Any):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, CountyForeignKeyWidget):
                field.widget.county_id = self.county_id

    @property
    def county_id(self):
        """Return the id of the county this resource reads and writes (None: nothing)."""
        return getattr(self.user, "county_id", None)

    def get_queryset(self) -> QuerySet:
        return self._meta.model.objects.filter(**{self.county_path: self.county_id})

    def before_save_instance(self, instance, row, **kwargs) -> None:
        """Put a new county-level record in the user's county; refuse one in another county."""
        if self.county_path == "county_id" and instance.county_id is None:
            instance.county_id = self.county_id
        if self._county_of(instance) != self.county_id:
            raise ValidationError(_("只能导入本县的数据。"))

    def _county_of(self, instance):
        """Return the county id `instance` belongs to, following `county_path`."""
        value = instance
        for part in self.county_path.removesuffix("_id").split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk

    def export_field(self, field, instance, **kwargs):
        """Return the cell's value, with text that a spreadsheet would run as a formula escaped."""
        return escape_cell(super().export_field(field, instance, **kwargs))

    def after_export(self, queryset, dataset, **kwargs) -> None:
        """Record the download with its row count."""
        super().after_export(queryset, dataset, **kwargs)
        export_audit(by=self.user, what=str(self._meta.model._meta.verbose_name), rows=len(dataset))

    def after_import(self, dataset, result, **kwargs) -> None:
        """Record a confirmed (not dry-run) import with its row counts."""
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors() or result.has_validation_errors():
            return
        totals = {k: v for k, v in result.totals.items() if v}
        audit_record(
            by=self.user,
            action=AuditEvent.Action.IMPORT,
            summary=_("导入%(what)s：%(totals)s")
            % {"what": self._meta.model._meta.verbose_name, "totals": totals},
            changes={"model": self._meta.model._meta.label, "totals": totals},
        )


class ReferenceImportExportMixin(ImportExportMixin):
    """Import and export in the admin, with resources built for the administrator's county."""

    def get_resource_kwargs(self, request, *args, **kwargs) -> dict:
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs) -> dict:
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_resource_kwargs(self, request, **kwargs) -> dict:
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}
