"""`manage.py backup_db PATH`: a full backup of the database (pg_dump or SQLite backup)."""

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, database_backup


class Command(BaseCommand):
    help = "备份数据库到指定文件（PostgreSQL 使用 pg_dump，SQLite 使用在线备份）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件路径")

    def handle(self, *args, path: str, **options):
        try:
            written = database_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已备份到 {written}"))
