"""Every write to homes, rooms, activities and photos: atomic, scope-checked and audited."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Kind, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from children.selectors import children_visible_to

from .models import Activity, ActivityPhoto, Equipment, Home, VolunteerTeam
from .photos import format_of, validate_photo, without_metadata
from .selectors import activities_visible_to, homes_visible_to


def can_edit_activities(user) -> bool:
    """Return whether the user's role may add and edit homes, rooms and activities."""
    return scope_of(user).writes(Kind.ACTIVITIES)


def _require_editor(by) -> None:
    if not can_edit_activities(by):
        raise PermissionDenied


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """Return {field: [old, new]} for the values that changed, as JSON-safe text."""
    return {
        k: [str(before.get(k) or ""), str(after.get(k) or "")]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def _values(obj, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


@transaction.atomic
def home_save(*, by, home: Home, values: dict[str, Any], equipment: list[tuple[str, int]]) -> Home:
    """Create or update a home or room and replace its equipment list; audited.

    Raises PermissionDenied if the saved home would lie outside `by`'s scope.
    """
    _require_editor(by)
    created = home.pk is None
    before = {} if created else _values(home, values)
    old_equipment = {} if created else {e.name: e.quantity for e in home.equipment.all()}
    for key, value in values.items():
        setattr(home, key, value)
    home.county_id = by.county_id
    if home.school_id:
        home.town_id = home.school.town_id
    home.full_clean()
    home.save()
    if not homes_visible_to(by).filter(pk=home.pk).exists():
        raise PermissionDenied(_("保存后该阵地将不在您的管辖范围内，请检查学校和乡镇。"))
    new_equipment = {}
    for name, quantity in equipment:
        new_equipment[name] = new_equipment.get(name, 0) + quantity
    if new_equipment != old_equipment:
        home.equipment.all().delete()
        for name, quantity in new_equipment.items():
            item = Equipment(home=home, name=name, quantity=quantity)
            item.full_clean()
            item.save()
    changes = _changes(before, _values(home, values))
    if new_equipment != old_equipment:
        changes["equipment"] = [str(old_equipment), str(new_equipment)]
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=home,
        summary=(_("新建阵地：%(name)s") if created else _("修改阵地：%(name)s"))
        % {"name": home.name},
        changes={"fields": changes},
    )
    return home


def _check_participants(by, participants: Iterable) -> set[int]:
    """Return the chosen children's pks; raise ValidationError if any is outside `by`'s scope."""
    chosen = {getattr(c, "pk", c) for c in participants}
    visible = set(children_visible_to(by).filter(pk__in=chosen).values_list("pk", flat=True))
    if chosen - visible:
        raise ValidationError({"participants": _("所选参加儿童中有不在您管辖范围内的儿童。")})
    return chosen


@transaction.atomic
def activity_save(
    *, by, activity: Activity, values: dict[str, Any], participants: Iterable | None = None
) -> Activity:
    """Create or update an activity and its in-scope participants; audited.

    Participants `by` cannot see (added by someone with a wider scope) are kept as they are.
    """
    _require_editor(by)
    created = activity.pk is None
    before = {} if created else _values(activity, values)
    for key, value in values.items():
        setattr(activity, key, value)
    activity.county_id = by.county_id
    if activity.school_id:
        activity.town_id = activity.school.town_id
    if activity.home_id and not homes_visible_to(by).filter(pk=activity.home_id).exists():
        raise ValidationError({"home": _("所选活动阵地不在您的管辖范围内。")})
    if created:
        activity.created_by = by
    activity.full_clean()
    activity.save()
    if not activities_visible_to(by).filter(pk=activity.pk).exists():
        raise PermissionDenied(_("保存后该活动将不在您的管辖范围内，请检查学校和乡镇。"))
    changes = _changes(before, _values(activity, values))
    if participants is not None:
        chosen = _check_participants(by, participants)
        visible = children_visible_to(by)
        current = set(activity.participants.values_list("pk", flat=True))
        mine = set(visible.filter(pk__in=current).values_list("pk", flat=True))
        activity.participants.set((current - mine) | chosen)
        if chosen != mine:
            changes["participants"] = [len(mine), len(chosen)]
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=activity,
        summary=(_("新建活动：%(title)s") if created else _("修改活动：%(title)s"))
        % {"title": activity.title},
        changes={"fields": changes},
    )
    return activity


@transaction.atomic
def photo_add(*, by, activity: Activity, upload: UploadedFile, caption: str = "") -> ActivityPhoto:
    """Validate and store a photo of an activity in `by`'s scope; audited."""
    _require_editor(by)
    if not activities_visible_to(by).filter(pk=activity.pk).exists():
        raise PermissionDenied
    try:
        content_type, ext = validate_photo(upload)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    # Stored re-encoded, without the GPS position and camera the phone wrote into it; the
    # name takes the extension of the detected format, never the user's.
    clean = ContentFile(without_metadata(upload, format_of(content_type)), name=f"photo.{ext}")
    photo = ActivityPhoto(
        activity=activity, image=clean, content_type=content_type, caption=caption, uploaded_by=by
    )
    photo.full_clean()
    photo.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=photo,
        summary=_("上传活动照片：%(title)s") % {"title": activity.title},
    )
    return photo


@transaction.atomic
@transaction.atomic
def team_save(*, by, team: VolunteerTeam, values: dict[str, Any]) -> VolunteerTeam:
    """Create or update a volunteer team of the county (federation, education); audited."""
    if not scope_of(by).writes(Kind.TEAMS):
        raise PermissionDenied
    created = team.pk is None
    before = {} if created else _values(team, values)
    for key, value in values.items():
        setattr(team, key, value)
    team.county_id = by.county_id
    if team.home_id and team.home.county_id != by.county_id:
        raise ValidationError({"home": _("所选阵地不在本县。")})
    team.full_clean()
    team.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=team,
        summary=(_("新建志愿者队伍：%(name)s") if created else _("修改志愿者队伍：%(name)s"))
        % {"name": team.name},
        changes={"fields": _changes(before, _values(team, values))},
    )
    return team
