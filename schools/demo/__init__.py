"""The demo county: a deterministic county shaped like the 2011 report, for demos and tests.

Every count depends only on the seed and the number of children asked for; dates are laid
relative to the day of the run (so dashboards look alive) and never lie in the future.
Random draws use ranges that do not depend on that day, so the same draws happen every run.
"""

from .build import (
    DemoLogin,
    DemoResult,
    demo_counts,
    demo_county_build,
    demo_logins,
    open_children_without_mentor,
)
from .data import DEFAULT_CHILDREN, DEMO_COUNTY_CODE, DEMO_COUNTY_NAME, DEMO_PASSWORD, DEMO_USERS

__all__ = [
    "DEFAULT_CHILDREN",
    "DEMO_COUNTY_CODE",
    "DEMO_COUNTY_NAME",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "DemoLogin",
    "DemoResult",
    "demo_counts",
    "demo_county_build",
    "demo_logins",
    "open_children_without_mentor",
]
