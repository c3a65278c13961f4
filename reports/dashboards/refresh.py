"""Keeping the dashboards' cached figures fresh from the background worker.

Every set of figures a dashboard computed is remembered per county (which user's scope,
which period, which language, which day). After a write that changes a county's care
state, or when a reader finds figures older than FRESH_SECONDS, `refresh_soon` queues one
refresh of that county a few seconds later (DASHBOARD_REFRESH_DELAY): writes meanwhile
join the same refresh. The worker then recomputes every remembered set and replaces it in
the cache, so officers read cached figures, with the time they were computed ("数据截至"),
instead of waiting for a cold computation.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)

# Figures older than this are still shown, while the worker computes newer ones.
FRESH_SECONDS = 300
# How long cached figures are kept at all (their key also names the day).
KEEP_SECONDS = 2 * 24 * 3600
# At most this many remembered figure sets per county (scopes × periods × languages).
REMEMBERED_MAX = 500


def _seen_key(county_id: int) -> str:
    return f"dashboards:seen:{county_id}"


def _queued_key(county_id: int) -> str:
    return f"dashboards:queued:{county_id}"


def remember(county_id: int, key: str, *, user_id: int, period: dict, language: str) -> None:
    """Record that figures `key` exist, and how to recompute them (a user of that scope)."""
    seen = cache.get(_seen_key(county_id)) or {}
    if key in seen:
        return
    if len(seen) >= REMEMBERED_MAX:
        seen.pop(next(iter(seen)))
    seen[key] = {
        "user_id": user_id,
        "period": period,
        "language": language,
        "day": timezone.localdate().isoformat(),
    }
    cache.set(_seen_key(county_id), seen, KEEP_SECONDS)


def remembered(county_id: int) -> dict[str, dict]:
    """Return today's remembered figure sets of the county, by cache key."""
    today = timezone.localdate().isoformat()
    seen = cache.get(_seen_key(county_id)) or {}
    return {key: entry for key, entry in seen.items() if entry["day"] == today}


def refresh_soon(county_id: int) -> bool:
    """Queue one refresh of the county's dashboards unless one is queued; return if queued.

    Debounced: the first call queues the worker's task DASHBOARD_REFRESH_DELAY seconds
    ahead; later calls until the task starts add nothing.
    """
    delay = settings.DASHBOARD_REFRESH_DELAY
    if not cache.add(_queued_key(county_id), True, delay + FRESH_SECONDS):
        return False
    from .tasks import refresh_county  # the task module imports the selectors, which import this

    run_after = timezone.now() + datetime.timedelta(seconds=delay) if delay else None
    try:
        refresh_county.using(run_after=run_after).enqueue(county_id)
    except DatabaseError:
        # The write that asked is already committed: a refresh lost here is caught up when
        # a reader finds the figures older than FRESH_SECONDS.
        cache.delete(_queued_key(county_id))
        logger.exception("Could not queue the dashboards' refresh of county %s", county_id)
        return False
    return True


def refresh_started(county_id: int) -> None:
    """Let writes from now on queue another refresh (called as a refresh begins)."""
    cache.delete(_queued_key(county_id))


def on_care_state_changed(sender, *, county_ids, **kwargs) -> None:
    """Queue the refresh of the dashboards of every county whose children changed."""
    for county_id in county_ids:
        refresh_soon(county_id)
