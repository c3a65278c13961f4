"""Background job of the dashboards, run by `manage.py db_worker` (django-tasks)."""

from django.core.cache import cache
from django.utils import timezone, translation
from django_tasks import task

from accounts.models import User
from core.periods import parse_period, term_of

from . import refresh, selectors
from .duplicates import duplicates_key


@task()
def refresh_county(county_id: int) -> int:
    """Recompute every dashboard figure set remembered for the county; return how many.

    Each set is recomputed for the user whose visit first computed it (users of one scope
    see the same figures), in that visit's period and language, and replaces the cached
    one. The duplicate pairs are recomputed first.
    """
    refresh.refresh_started(county_id)
    cache.delete(duplicates_key(county_id))
    today = timezone.localdate()
    done = 0
    for entry in refresh.remembered(county_id).values():
        user = (
            User.objects.filter(pk=entry["user_id"], is_active=True)
            .select_related("county", "school", "town", "village")
            .first()
        )
        if user is None:
            continue
        with translation.override(entry["language"]):
            period = parse_period(entry["period"], default=term_of(today))
            selectors.dashboard_figures(user, period=period, today=today, recompute=True)
        done += 1
    return done
