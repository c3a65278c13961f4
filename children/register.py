"""The register list: its queryset, search, filters, page and the counts beside it.

Every query starts from `children_visible_to`; the care figures read the care state stored
on the child (children.care.state), so the list costs one indexed page and one aggregate.
"""

import datetime
import re

from django.db.models import Count, Max, Min, Q, QuerySet

from children.models import CaseStatus, aged_out_at, not_contacted_since
from core.periods import years_before
from schools.models import School

from .models import Child
from .protection import keyed_hash
from .selectors import CHILD_SECRETS, children_visible_to, id_number_q


def register_queryset(user) -> QuerySet[Child]:
    """Return the children in `user`'s scope with what the register list shows.

    The care columns (mentor, last contact, open concerns) are stored on the child
    (children.care.state), so this is one plain query of the child table and its places.
    """
    return (
        children_visible_to(user)
        .select_related("school", "town", "village")
        # Lists show the masked columns; the encrypted ones are never decrypted for a list.
        .defer(*CHILD_SECRETS)
    )


def register_search_q(text: str) -> Q:
    """Return the condition for children whose name, ID or guardian phone matches `text`.

    IDs and phones are encrypted, so a full ID or phone is found by its keyed hash and a
    shorter run of digits by the last four digits that the masked forms keep.
    """
    text = text.strip().replace(" ", "").replace("-", "")
    if not text:
        return Q()
    if any(ch.isdigit() for ch in text):
        upper = text.upper()
        if len(upper) == 18:
            return id_number_q(upper)
        if len(text) == 11 and text.isdigit():
            return Q(guardian_phone_hash=keyed_hash(text))
        tail = upper[-4:]
        return Q(id_masked__endswith=tail) | Q(guardian_phone_masked__endswith=tail)
    return Q(name__contains=text)


def register_search(qs: QuerySet[Child], text: str) -> QuerySet[Child]:
    """Return `qs` narrowed to children whose name, ID or guardian phone matches `text`."""
    return qs.filter(register_search_q(text))


CATEGORY_FIELDS = {
    "left_behind": "is_left_behind",
    "migrant": "is_migrant",
    "in_difficulty": "is_in_difficulty",
    "unsupported": "is_unsupported",
}


def _base_q(filters: dict) -> Q:
    """Return the search and status part of the register's filters (what counts span)."""
    q = register_search_q(filters.get("q") or "")
    status = filters.get("status") or CaseStatus.OPEN
    return q & Q(status=status) if status != "all" else q


def _town_q(town) -> Q:
    """Return the condition for children living in `town` (a Town or its id) or at its schools.

    The schools' ids are read here (one small query) so the condition is on the child's
    own columns: no join, no subquery.
    """
    school_ids = list(School.objects.filter(town=town).values_list("pk", flat=True))
    return Q(town=town) | Q(school_id__in=school_ids)


def _narrow_q(filters: dict, *, today: datetime.date, contact_days: int) -> Q:
    """Return the register's other filters (places, categories, care) as one condition."""
    q = Q()
    if filters.get("school"):
        q &= Q(school=filters["school"])
    if filters.get("town"):
        q &= _town_q(filters["town"])
    if filters.get("grade"):
        q &= Q(grade=filters["grade"])
    if filters.get("class_name"):
        q &= Q(class_name=filters["class_name"].strip())
    if filters.get("category") in CATEGORY_FIELDS:
        q &= Q(**{CATEGORY_FIELDS[filters["category"]]: True})
    if filters.get("guardianship"):
        q &= Q(guardianship_grade=filters["guardianship"])
    if filters.get("no_mentor"):
        q &= NO_MENTOR
    if filters.get("no_phone"):
        q &= NO_PHONE
    if filters.get("overdue"):
        q &= overdue_q(today, contact_days)
    if filters.get("concern"):
        q &= OPEN_CONCERN
    if filters.get("due_to_close"):
        q &= aged_out_at(today)
    return q


def register_filter(
    qs: QuerySet[Child], filters: dict, *, today: datetime.date, contact_days: int
) -> QuerySet[Child]:
    """Return `qs` narrowed by the register's filters (a cleaned RegisterFilterForm).

    On the child table only: the care filters read the stored care state.
    """
    narrow = _narrow_q(filters, today=today, contact_days=contact_days)
    return qs.filter(_base_q(filters) & narrow)


# What a row of the register list shows (templates/children/child_list.html).
REGISTER_LIST_FIELDS = (
    "name",
    "id_masked",
    "birth_date",
    "school__name",
    "grade",
    "class_name",
    "is_left_behind",
    "is_migrant",
    "is_in_difficulty",
    "is_unsupported",
    "guardian_phone_masked",
    "last_contact_on",
    "open_concern_count",
    "mentor",
    "status",
)


def register_page(
    user, filters: dict, *, today: datetime.date, contact_days: int
) -> tuple[QuerySet[Child], dict[str, int]]:
    """Return the register list of `user`'s scope narrowed by `filters`, and its counts.

    The rows (unsorted, unevaluated; only the columns a row shows) and the counts share
    one reading of the filters. Queries: the counts' one aggregate, and one for the chosen
    town's schools when filtered by town.
    """
    narrow = _narrow_q(filters, today=today, contact_days=contact_days)
    base = _base_q(filters)
    rows = (
        children_visible_to(user)
        .filter(base & narrow)
        .select_related("school")
        .only(*REGISTER_LIST_FIELDS)
    )
    counts = _counts(children_visible_to(user).filter(base), narrow, today, contact_days)
    return rows, counts


NO_MENTOR = Q(mentor__isnull=True)
NO_PHONE = Q(guardian_phone_hash="")  # the short hash: read from the counts index
OPEN_CONCERN = Q(open_concern_count__gt=0)


def overdue_q(today: datetime.date, contact_days: int) -> Q:
    """Return the condition for a child not contacted in the last `contact_days` days."""
    return not_contacted_since(today - datetime.timedelta(days=contact_days))


def _counts(qs: QuerySet[Child], narrow: Q, today: datetime.date, days: int) -> dict[str, int]:
    """Return the register's counts over `qs` (scope, search and status) in one aggregate.

    `total` and the quick-filter counts span `qs`; `matching` is how many the other
    filters (`narrow`) keep as well, the paginator's count. Each is a COUNT FILTER
    (WHERE …) on the child's own columns: no subquery, no join. They count `county_id`
    (never null), a column of the `child_register_counts` index, so PostgreSQL answers
    from that index alone. `grade_min` and `grade_max` bound the grades in view.
    """
    return qs.order_by().aggregate(
        matching=Count("county", filter=narrow) if narrow else Count("county"),
        total=Count("county"),
        left_behind=Count("county", filter=Q(is_left_behind=True)),
        migrant=Count("county", filter=Q(is_migrant=True)),
        in_difficulty=Count("county", filter=Q(is_in_difficulty=True)),
        unsupported=Count("county", filter=Q(is_unsupported=True)),
        no_mentor=Count("county", filter=NO_MENTOR),
        no_phone=Count("county", filter=NO_PHONE),
        overdue=Count("county", filter=overdue_q(today, days)),
        concern=Count("county", filter=OPEN_CONCERN),
        due_to_close=Count("county", filter=Q(birth_date__lte=years_before(today, 16))),
        # The grades the drop-down offers (RegisterFilterForm.offer_grades).
        grade_min=Min("grade"),
        grade_max=Max("grade"),
    )


CLASS_TEXT = re.compile(r"^(?:(?P<grade>\d{1,2})年级)?(?P<class_name>\S*班)?$")


def children_find(user, text: str) -> QuerySet[Child]:
    """Return the children in `user`'s scope that `text` points at, open cases first.

    `text` is part of a name, the last four characters of the resident ID or of the
    guardian's phone (register_search), or a class ("2班", "3年级2班"). Lists only the
    masked columns, like the register.
    """
    text = text.strip().replace(" ", "")
    qs = (
        children_visible_to(user)
        .select_related("school")
        .defer("id_number", "guardian_id_number", "guardian_phone")
    )
    match = CLASS_TEXT.match(text) if ("班" in text or "年级" in text) else None
    if match and (match["grade"] or match["class_name"]):
        if match["grade"]:
            qs = qs.filter(grade=int(match["grade"]))
        if match["class_name"]:
            qs = qs.filter(class_name=match["class_name"])
    else:
        qs = register_search(qs, text)
    # "open" sorts after "closed": descending puts open cases first.
    return qs.order_by("-status", "name", "pk")
