"""`manage.py care_state --check | --fix`: compare the stored care state with its sources."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from children.care.state import care_state_differences, care_state_refresh
from children.models import Child

SHOWN = 20  # differences printed one per line; the rest are counted


class Command(BaseCommand):
    help = (
        "Recompute every child's care state (current mentor, last contact, open concerns) "
        "from pairings, contacts and concerns and report the children whose stored state "
        "differs; --fix rewrites theirs. Exits with status 1 when --check finds any."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help="report differences only")
        action.add_argument("--fix", action="store_true", help="repair the children that differ")
        parser.add_argument("--county", type=int, help="only this county's children (its id)")

    def handle(self, *args, **options):
        children = None
        if options["county"]:
            children = Child.objects.filter(county_id=options["county"]).values("pk")
        differing: set[int] = set()
        found = 0
        for diff in care_state_differences(children):
            found += 1
            differing.add(diff.child_id)
            if found <= SHOWN:
                self.stdout.write(
                    f"child {diff.child_id}: {diff.field} stored {diff.stored!r}, "
                    f"recomputed {diff.recomputed!r}"
                )
        if found > SHOWN:
            self.stdout.write(f"… and {found - SHOWN} more differences")
        if not differing:
            self.stdout.write(self.style.SUCCESS("Care state matches its sources."))
            return
        if options["fix"]:
            with transaction.atomic():
                fixed = care_state_refresh(sorted(differing))
            self.stdout.write(self.style.SUCCESS(f"Repaired the care state of {fixed} children."))
            return
        raise CommandError(
            f"{len(differing)} children's stored care state differs from its sources "
            "(run with --fix to repair)."
        )
