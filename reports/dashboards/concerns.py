"""The dashboards' mandatory-report figures: open, overdue and closed, by kind and by town.

Counted in one grouped query over the dashboard's concerns (its scope, or the county for
the aggregate roles); shown through the Presenter, so the coordination group sees the
same small-count suppression ("<5") as every other count of children on its page.
"""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from children.concerns.selectors import concern_counts
from children.models import Concern
from core.periods import Period

COLUMNS = ("open", "overdue", "closed")


def concern_rows(
    concerns: QuerySet[Concern], *, period: Period, now: datetime.datetime
) -> list[dict]:
    """Return the dashboard's concern counts by town and kind: open and overdue at `now`,
    closed within `period`. Personal data: none (towns, kinds and counts)."""
    return concern_counts(concerns, now=now, first=period.start, last=period.end)


def _totals(rows: list[dict], key: str) -> dict:
    """Return the rows added up by `key` ("kind" or "town"), in first-seen order."""
    totals: dict = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for row in rows:
        for column in COLUMNS:
            totals[row[key] or ""][column] += row[column]
    return totals


def concern_tables(rows: list[dict], show) -> dict[str, list[dict]]:
    """Return the two tables a dashboard shows, by kind and by town, each row's cells
    formatted by `show` (a Presenter: "<5" for small counts on a suppressed page)."""
    labels = dict(Concern.Kind.choices)
    by_kind = _totals(rows, "kind")
    by_town = _totals(rows, "town")
    return {
        "by_kind": [
            {"label": labels.get(kind, kind), "cells": [show.children(t[c]) for c in COLUMNS]}
            for kind, t in sorted(by_kind.items(), key=lambda kv: list(labels).index(kv[0]))
        ],
        "by_town": [
            {"label": town or _("未填乡镇"), "cells": [show.children(t[c]) for c in COLUMNS]}
            for town, t in sorted(by_town.items())
        ],
    }
