"""Writes about accounts: creating them, their role, scope, active flag and password
(audited, for administrators of the account's county), and reviewing break-the-glass grants
(which children.emergency opens).

Every change of who a user is or what they may see goes through one of the `user_*`
services, which check that the caller administers the account's county, refuse a change
of the caller's own role, scope or active flag, and write an audit row (before/after) in
the same transaction. The Django admin and the in-app account pages both call them.
"""

import secrets
import string

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record

from .models import ROLE_SCOPE, EmergencyAccess, ScopeLevel, User
from .roles import Kind, grant
from .selectors import may_administer


@transaction.atomic
def user_password_changed(*, by: User) -> User:
    """Clear the must-change flag after `by` set a new password; audited."""
    if by.must_change_password:
        by.must_change_password = False
        by.save(update_fields=["must_change_password"])
    audit_record(by=by, action=AuditEvent.Action.UPDATE, obj=by, summary="修改密码")
    return by


PASSWORD_ALPHABET = string.ascii_letters + string.digits
GENERATED_PASSWORD_LENGTH = 12


def _check_may_manage(by: User, user: User, *, own: str | None = None) -> None:
    """Raise PermissionDenied unless `by` may manage `user`'s account.

    An administrator manages the accounts of their own county; a superuser (the
    platform's IT) any county. `own`, if given, is the message refusing the change on
    the caller's own account.
    """
    if not may_administer(by):
        raise PermissionDenied(_("只有系统管理员可以管理账号。"))
    if not by.is_superuser and user.county_id != by.county_id:
        raise PermissionDenied(_("只能管理本县的账号。"))
    if own is not None and user.pk is not None and user.pk == by.pk:
        raise PermissionDenied(own)


def _scope_snapshot(user: User) -> dict:
    """Return the role and scope fields of `user` as audit-friendly values."""
    return {
        "role": user.role,
        "town": user.town_id,
        "village": user.village_id,
        "school": user.school_id,
    }


def _apply_scope(user: User, *, role: str, town=None, village=None, school=None) -> None:
    """Set `user`'s role and keep only the scope field that role works at.

    A mentor keeps a school (where they teach) and a county-wide role keeps none, so a
    stale town or school never widens or narrows what the user sees.
    """
    level = ROLE_SCOPE.get(role)
    user.role = role
    user.school = school if level in (ScopeLevel.SCHOOL, ScopeLevel.PAIRED) else None
    user.village = village if level == ScopeLevel.VILLAGE else None
    user.town = town if level == ScopeLevel.TOWN else None


def generate_password() -> str:
    """Return a random 12-character password to hand to a user once."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(GENERATED_PASSWORD_LENGTH))


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    role: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    town=None,
    village=None,
    school=None,
    password: str | None = None,
    must_change_password: bool = True,
    is_staff: bool = False,
    county=None,
    instance: User | None = None,
) -> tuple[User, str]:
    """Create an account in `by`'s county; return it and its password (shown once).

    A password is generated when none is given; the user must change it at first login
    unless `must_change_password` is False. `instance`, an unsaved User, is filled and
    saved instead of a new one (the Django admin's add page passes its own). Raises
    PermissionDenied for a caller who is not an administrator, ValidationError (in
    Chinese) for a missing scope field or a place outside the county.
    """
    user = instance or User()
    user.username, user.full_name, user.email, user.phone = username, full_name, email, phone
    # Only a superuser (the platform's IT) creates accounts in a county other than their own.
    user.county_id = county.pk if county is not None and by.is_superuser else by.county_id
    user.must_change_password = must_change_password
    user.is_staff = is_staff and grant(role, Kind.USERS).write
    _check_may_manage(by, user)
    _apply_scope(user, role=role, town=town, village=village, school=school)
    password = password or generate_password()
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=user,
        summary=_("新建账号 %(username)s") % {"username": username},
        changes={key: [None, value] for key, value in _scope_snapshot(user).items()},
    )
    return user, password


@transaction.atomic
def user_change_role(
    *, by: User, user: User, role: str, town=None, village=None, school=None
) -> User:
    """Give `user` a new role and scope (the places that role works at); audited.

    Refused for the caller's own account (no one widens their own sight) and for an
    account of another county. Raises ValidationError for a missing scope field.
    """
    _check_may_manage(by, user, own=_("不能修改自己的角色或工作范围。"))
    before = _scope_snapshot(user)
    _apply_scope(user, role=role, town=town, village=village, school=school)
    if not grant(role, Kind.USERS).write:
        user.is_staff = False
    user.full_clean()
    after = _scope_snapshot(user)
    if before == after:
        return user
    user.save(update_fields=["role", "town", "village", "school", "is_staff"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        summary=_("修改账号 %(username)s 的角色或范围") % {"username": user.username},
        changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
    )
    return user


def user_change_scope(*, by: User, user: User, town=None, village=None, school=None) -> User:
    """Move `user` to other places within the same role; audited like a role change."""
    return user_change_role(
        by=by, user=user, role=user.role, town=town, village=village, school=school
    )


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> User:
    """Activate or deactivate `user` (accounts are never deleted); audited.

    Refused for the caller's own account and for another county's.
    """
    _check_may_manage(by, user, own=_("不能停用或启用自己的账号。"))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    summary = _("启用账号 %(username)s") if active else _("停用账号 %(username)s")
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        summary=summary % {"username": user.username},
        changes={"is_active": [not active, active]},
    )
    return user


@transaction.atomic
def user_reset_password(*, by: User, user: User, password: str | None = None) -> str:
    """Set a new password for `user` and return it (to show once); audited.

    The user must change it at their next login. A generated password is used when none
    is given. Refused for another county's account; one's own password is changed on the
    password page instead. The password itself is never written to the audit row.
    """
    _check_may_manage(by, user, own=_("请在“修改密码”页面修改自己的密码。"))
    password = password or generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        summary=_("重置账号 %(username)s 的密码") % {"username": user.username},
        changes={"password": ["***", "***"], "must_change_password": [None, True]},
    )
    return password


@transaction.atomic
def user_update_details(
    *, by: User, user: User, full_name: str, email: str = "", phone: str = ""
) -> User:
    """Change `user`'s name, email and phone (nothing that changes what they see); audited."""
    _check_may_manage(by, user)
    before = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    user.full_name, user.email, user.phone = full_name, email, phone
    user.full_clean()
    after = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    if before == after:
        return user
    user.save(update_fields=list(before))
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        summary=_("修改账号 %(username)s 的资料") % {"username": user.username},
        changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
    )
    return user


@transaction.atomic
def emergency_access_review(*, by: User, grant: EmergencyAccess, note: str = "") -> EmergencyAccess:
    """Mark a grant as reviewed by an administrator of the grant holder's county; audited."""
    if not may_administer(by):
        raise ValidationError(_("只有系统管理员可以审核紧急查看记录。"))
    if not by.is_superuser and grant.user.county_id != by.county_id:
        raise PermissionDenied(_("只能审核本县的紧急查看记录。"))
    grant.reviewed_by, grant.reviewed_at, grant.review_note = by, timezone.now(), note[:200]
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=grant,
        child=grant.child,
        summary=_("审核紧急查看：%(note)s") % {"note": note[:150]},
    )
    return grant
