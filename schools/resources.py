"""The reference data administrators keep in spreadsheets: towns, villages, schools, pupils.

Columns carry names, not ids (a village names its town), and every lookup stays inside the
administrator's county (audit.resources).
"""

from import_export import fields

from audit.resources import CountyForeignKeyWidget, CountyResource

from .models import Enrollment, School, Town, Village


def _town_field() -> fields.Field:
    """Return the 乡镇 column: a town of the county, by its name."""
    return fields.Field(
        attribute="town",
        column_name="乡镇",
        widget=CountyForeignKeyWidget(Town, "name", county_path="county_id"),
    )


class TownResource(CountyResource):
    """Towns by name; a new one joins the administrator's county."""

    name = fields.Field(attribute="name", column_name="名称")
    kind = fields.Field(attribute="kind", column_name="类型")

    class Meta:
        model = Town
        fields = ("name", "kind")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True


class VillageResource(CountyResource):
    """Villages and residents' committees, by town and name."""

    county_path = "town__county_id"
    town = _town_field()
    name = fields.Field(attribute="name", column_name="名称")
    kind = fields.Field(attribute="kind", column_name="类型")

    class Meta:
        model = Village
        fields = ("town", "name", "kind")
        import_id_fields = ("town", "name")
        skip_unchanged = True


class SchoolResource(CountyResource):
    """Schools, by town and name, with their kind, address and parent school."""

    county_path = "town__county_id"
    town = _town_field()
    name = fields.Field(attribute="name", column_name="校名")
    kind = fields.Field(attribute="kind", column_name="类型")
    address = fields.Field(attribute="address", column_name="地址")
    has_parent_school = fields.Field(attribute="has_parent_school", column_name="办有家长学校")
    is_active = fields.Field(attribute="is_active", column_name="在用")

    class Meta:
        model = School
        fields = ("town", "name", "kind", "address", "has_parent_school", "is_active")
        import_id_fields = ("town", "name")
        skip_unchanged = True


class EnrollmentResource(CountyResource):
    """Pupils enrolled per school and term (the report's 在校学生数)."""

    county_path = "school__town__county_id"
    school = fields.Field(
        attribute="school",
        column_name="学校",
        widget=CountyForeignKeyWidget(School, "name", county_path="town__county_id"),
    )
    year = fields.Field(attribute="year", column_name="学年")
    semester = fields.Field(attribute="semester", column_name="学期")
    pupils = fields.Field(attribute="pupils", column_name="在校学生数")

    class Meta:
        model = Enrollment
        fields = ("school", "year", "semester", "pupils")
        import_id_fields = ("school", "year", "semester")
        skip_unchanged = True
