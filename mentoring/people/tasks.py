from celery import shared_task

from .models import User
from .nightly_import import nightly_import_run
from .permissions import can_sign_in
from .services import password_link_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_password_link(*, user_id, domain, use_https):
    """The link is made here, in the worker, so no live credential waits in the broker."""
    user = User.objects.select_related("staff_member").filter(pk=user_id).first()
    if user is not None and can_sign_in(user):
        password_link_send(user=user, domain=domain, use_https=use_https)


@shared_task
def staff_import_nightly():
    """The beat's nightly job: import the newest HR export in STAFF_IMPORT_FOLDER, if any."""
    nightly_import_run()
