"""Background jobs of the register import, run by `manage.py db_worker` (django-tasks)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from children.models import ImportBatch

from . import confirm, services


@task()
def check_batch(batch_id: int) -> None:
    """Parse and validate an uploaded file (the preview), updating its progress."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.CHECKING):
        services.import_check(batch=batch)


@task()
def confirm_batch(batch_id: int, user_id: int, sha256: str) -> None:
    """Write a confirmed batch; if it can no longer be written, record why on the batch."""
    batch = ImportBatch.objects.get(pk=batch_id)
    user = User.objects.get(pk=user_id)
    try:
        confirm.import_confirm(by=user, batch=batch, sha256=sha256)
    except (ValidationError, PermissionDenied) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else _("没有权限。")
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, failure=message[:300], progress=100
        )


@task()
def expire_batches() -> None:
    """Erase the files of batches left unconfirmed for 7 days (see import_batches_expire)."""
    services.import_batches_expire()
