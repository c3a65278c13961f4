"""The demo county: a deterministic county shaped like the 2011 report, for demos and tests.

Every count depends only on the seed and the number of children asked for; dates are laid
relative to the day of the run (so dashboards look alive) and never lie in the future.
Random draws use ranges that do not depend on that day, so the same draws happen every run.
"""
