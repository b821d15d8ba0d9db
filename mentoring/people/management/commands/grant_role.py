from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mentoring.people.models import User
from mentoring.people.services import ROLE_GROUPS, role_grant, role_revoke


class Command(BaseCommand):
    help = "Grant (or with --revoke, remove) the coordinator or sponsor role."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(ROLE_GROUPS))
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, role, revoke, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as exc:
            raise CommandError(f"No account with the email {email}.") from exc
        try:
            (role_revoke if revoke else role_grant)(user=user, role=role)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{'Revoked' if revoke else 'Granted'} {role} for {user.email}.")
