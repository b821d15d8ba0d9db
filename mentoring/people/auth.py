from django.contrib.auth.backends import ModelBackend

from .models import User
from .permissions import can_sign_in


def lockout_username(request, credentials):
    """Count failed sign-ins per account whatever letter case was typed, as sign-in itself
    ignores case."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


class StaffBackend(ModelBackend):
    """Signs in only people allowed in now: a leaver's sessions end as soon as HR marks them
    inactive, wherever that happens (import or admin site)."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and can_sign_in(user)

    def get_user(self, user_id):
        user = User.objects.select_related("staff_member").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
