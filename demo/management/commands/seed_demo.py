"""`manage.py seed_demo`: build the demo county shaped like the 2011 report, once."""

import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.build import DemoLogin, demo_county_build
from demo.data import DEFAULT_CHILDREN, DEMO_COUNTY_NAME


def _width(text: str) -> int:
    """Return how many terminal columns the text takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Return the text padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "建立演示县（示范县）及其演示数据 / Build the demo county and its demo data, once."

    def add_arguments(self, parser: CommandParser) -> None:
        """Add --children, the number of open registered children to build."""
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"在册儿童人数 / open registered children (default {DEFAULT_CHILDREN})",
        )

    def handle(self, *args: object, children: int, **options: object) -> None:
        """Build the county unless it exists, then print its counts and demo logins."""
        if children < 1:
            raise CommandError("--children 必须为正整数 / must be a positive number")
        started = time.monotonic()
        try:
            result = demo_county_build(children=children)
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已建立演示县“{DEMO_COUNTY_NAME}” / Demo county built in {seconds:.1f} s"
                )
            )
            width = max(_width(label) for label, _ in result.counts) + 2
            for label, count in result.counts:
                self.stdout.write(f"  {_pad(label, width)}{count:>8,}")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"演示县“{DEMO_COUNTY_NAME}”已存在，未作改动 / "
                    "Demo county already exists; nothing was changed"
                )
            )
        self.write_logins(result.logins)

    def write_logins(self, logins: list[DemoLogin]) -> None:
        """Print the demo logins as a table: username, password, role, scope."""
        header = DemoLogin("用户名 username", "密码 password", "角色 role", "范围 scope")
        rows = [header, *logins]
        widths = [
            max(_width(getattr(row, name)) for row in rows) + 2
            for name in ("username", "password", "role")
        ]
        self.stdout.write("")
        self.stdout.write("演示账号 / Demo logins:")
        for row in rows:
            cells = [row.username, row.password, row.role]
            line = "".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True))
            self.stdout.write(f"  {line}{row.scope}")
        self.stdout.write("  每所学校另有一名帮扶教师账号 teacherNN，密码相同 / ")
        self.stdout.write("  every other school also has a mentor login teacherNN, same password")
