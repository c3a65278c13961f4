"""Finding a child from anywhere: the navbar search page and the picker's JSON answer.

Both start from children_visible_to (through register.children_find), so a child outside
the user's scope is never listed, and both show masked IDs only.
"""

import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import CHILDREN, serves
from core.periods import years_before

from .models import Child
from .models.choices import CaseStatus
from .register import children_find, register_queryset

SEARCH_LIMIT = 50
PICK_LIMIT = 20
PICK_MIN_CHARS = 1


def _class_label(child: Child) -> str:
    """Return '3年级2班' (or only what the record holds)."""
    grade = _("%(g)s年级") % {"g": child.grade} if child.grade else ""
    return f"{grade}{child.class_name}"


@serves(CHILDREN)
@require_GET
def child_search(request: HttpRequest) -> HttpResponse:
    """Render the children the navbar search finds; one open match opens its file."""
    text = request.GET.get("q", "").strip()
    found = []
    if text:
        rows = register_queryset(request.user).filter(
            pk__in=children_find(request.user, text).values("pk")
        )
        found = list(rows.order_by("-status", "name", "pk")[: SEARCH_LIMIT + 1])
        if len(found) == 1:
            return redirect(found[0])
    today = timezone.localdate()
    days = request.user.county.contact_interval_days
    return render(
        request,
        "children/search.html",
        {
            "q": text,
            "children": found[:SEARCH_LIMIT],
            "more": len(found) > SEARCH_LIMIT,
            "overdue_since": today - datetime.timedelta(days=days),
            "adult_birth": years_before(today, 16),
        },
    )


@serves(CHILDREN)
@require_GET
def child_pick(request: HttpRequest) -> JsonResponse:
    """Return, as JSON, up to 20 children in scope matching ?q= for the child picker.

    Each: id, name, school, class and masked ID; `open=1` keeps open cases only.
    """
    text = request.GET.get("q", "").strip()
    if len(text) < PICK_MIN_CHARS:
        return JsonResponse({"results": [], "more": False})
    qs = children_find(request.user, text)
    if request.GET.get("open") == "1":
        qs = qs.filter(status=CaseStatus.OPEN)
    rows = list(qs[: PICK_LIMIT + 1])
    results = [
        {
            "id": c.pk,
            "name": c.name,
            "school": c.school.name if c.school_id else "",
            "class": _class_label(c),
            "id_masked": c.id_masked,
            "closed": c.status != CaseStatus.OPEN,
        }
        for c in rows[:PICK_LIMIT]
    ]
    return JsonResponse({"results": results, "more": len(rows) > PICK_LIMIT})
