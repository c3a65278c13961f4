"""A county profile complete enough that its report has nothing left to write by hand."""

from schools.models import Semester
from tests.factories import EnrollmentFactory, EquipmentFactory, HomeFactory


def complete_profile(county, school) -> None:
    """Give `county` a location, a group leader, an issuer, pupils in 2025-2026 and one shared
    home with its equipment (so section 五 has a finding), all a report needs."""
    county.location_text = "位于省境中部"
    county.coordination_leader = "县委副书记"
    county.report_issuer = "示范县妇联"
    county.save()
    for year in (2025, 2026):
        for semester in (Semester.SPRING, Semester.AUTUMN):
            EnrollmentFactory(school=school, year=year, semester=semester, pupils=640)
    home = HomeFactory(school=school, planned_year=2024, built_year=2024, is_shared=True)
    EquipmentFactory(home=home, name="图书")
