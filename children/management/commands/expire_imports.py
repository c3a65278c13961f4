"""Erase uploaded register files left unconfirmed for 7 days (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from children.imports.services import UNCONFIRMED_DAYS, import_batches_expire


class Command(BaseCommand):
    help = f"Erase the file and preview of import batches unconfirmed for {UNCONFIRMED_DAYS} days."

    def handle(self, *args, **options):
        count = import_batches_expire()
        self.stdout.write(f"expired {count} import batch(es)")
