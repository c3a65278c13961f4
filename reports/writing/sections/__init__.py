"""The report's sections in order: each a function from the figures to a Section."""

from . import homes, leadership, network, overview, problems, schools

WRITERS = (
    overview.section,
    leadership.section,
    homes.section,
    schools.section,
    network.section,
    problems.section,
)
