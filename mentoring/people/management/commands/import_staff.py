from django.core.management.base import BaseCommand, CommandError

from mentoring.people.staff_import import StaffImportError, staff_import


class Command(BaseCommand):
    help = "Import or update staff records from an HR system's CSV export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file (UTF-8).")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="The file is a full export: deactivate active staff who are not in it.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )

    def handle(self, *args, file, deactivate_missing, dry_run, **options):
        try:
            with open(file, "rb") as f:
                result = staff_import(
                    file=f, deactivate_missing=deactivate_missing, dry_run=dry_run
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        except StaffImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"line {error.line}: {error.email or '-'}: {error.reason}")
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing changed: would have" if dry_run else "Imported:"
        self.stdout.write(
            f"{prefix} {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.deactivated} deactivated "
            f"({result.rows} rows)."
        )
