"""Audit events for logins and failed logins; Django's auth signals are the only hook."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import audit_record


def _client_ip(request) -> str:
    """Return the client address Django saw (the proxy sets REMOTE_ADDR in production)."""
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    """Record a successful login; the fresh session counts as just refreshed."""
    if request is not None and hasattr(request, "session"):
        request.session["_touched"] = int(time.time())
    audit_record(by=user, action=AuditEvent.Action.LOGIN, obj=user, summary=_client_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Record a failed login, naming the account tried if it exists (never the password)."""
    username = (credentials or {}).get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    audit_record(
        by=user,
        action=AuditEvent.Action.LOGIN_FAILED,
        summary=f"{username[:60]} {_client_ip(request)}".strip(),
    )
