"""`manage.py bench`: county-scale (and with --province, province-scale) benchmark on PostgreSQL."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.bench.database import BenchDatabaseError, server_config
from ops.bench.machine import machine_description
from ops.bench.run import COUNTY, PROVINCE, Plan, run_scale
from ops.bench.table import markdown_section, now_label, text_table, write_markdown


class Command(BaseCommand):
    help = (
        "Generate a county (and with --province a province) in a fresh PostgreSQL database "
        "named lbc_bench_*, time the main pages, import and export against their floors, "
        "print one table and write it to docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="store_true",
            help="also run the province scale (1,000,000 children)",
        )
        parser.add_argument(
            "--only-province", action="store_true", help="run the province scale only"
        )
        parser.add_argument("--url", help="PostgreSQL server URL (default: DATABASE_URL or local)")
        parser.add_argument("--database", default="lbc_bench", help="database name prefix")
        parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
        parser.add_argument(
            "--reuse", action="store_true", help="reuse a kept database instead of generating"
        )
        parser.add_argument(
            "--pages-only", action="store_true", help="leave out the import and the export"
        )
        parser.add_argument("--runs", type=int, default=15, help="measured runs per page")
        parser.add_argument("--warmup", type=int, default=3, help="warm-up runs per page")
        parser.add_argument("--heavy-runs", type=int, default=3, help="runs of import/export")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="Markdown file to write the table to ('' to skip)",
        )

    def handle(self, *args, **options):
        try:
            server_config(options["url"])
        except BenchDatabaseError as exc:
            raise CommandError(str(exc)) from exc
        plan = Plan(
            runs=options["runs"], warmup=options["warmup"], heavy_runs=options["heavy_runs"]
        )
        scales = [] if options["only_province"] else [COUNTY]
        if options["province"] or options["only_province"]:
            scales.append(PROVINCE)
        results, machine = [], {}
        for scale in scales:
            try:
                result = run_scale(
                    scale,
                    plan,
                    database=f"{options['database']}_{scale.name}",
                    url=options["url"],
                    keep=options["keep"],
                    reuse=options["reuse"],
                    with_import_export=scale is COUNTY and not options["pages_only"],
                    say=self._say,
                    on_connected=lambda: machine.update(machine_description()),
                )
            except BenchDatabaseError as exc:
                raise CommandError(str(exc)) from exc
            results.append(result)
            self.stdout.write("")
            self.stdout.write(text_table([result]))
        self.stdout.write("")
        self.stdout.write(text_table(results))
        if options["output"]:
            for result in results:
                section = markdown_section(result, machine, now_label())
                write_markdown(Path(options["output"]), result.scale, section)
            self.stdout.write(self.style.SUCCESS(f"Written to {options['output']}"))

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
