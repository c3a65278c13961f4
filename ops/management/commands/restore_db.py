"""`manage.py restore_db PATH --yes`: replace the database with a backup."""

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, database_restore


class Command(BaseCommand):
    help = "用备份文件覆盖当前数据库（不可撤销，需加 --yes 确认）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件路径")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库")

    def handle(self, *args, path: str, yes: bool, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前数据库的全部内容；确认无误请加 --yes。")
        try:
            database_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {path} 恢复"))
