"""The second step counts towards the same lockout as the password (django-axes): a wrong
code or passkey is a failed sign-in under the person's address, and a locked account gets
the same page whichever step it is on. A correct password resets nothing until the second
step is passed too, because the person is only signed in then."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed


def _credentials(user):
    return {"username": user.email}


def is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def failure_record(request, user):
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def locked_out_page(request, user):
    return get_lockout_response(request, None, _credentials(user))
