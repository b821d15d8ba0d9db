"""What the tests ask of the provider beyond OAuth: people to know, the portal's addresses, and
mischief (the next id token issued altered: a broken signature, already expired, for another
audience, from another issuer, or with an email address the provider has not verified)."""

import json
import time

import jwt
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import TokenView

from . import PASSWORD

MISCHIEF = {"next": ""}


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        return {"email": request.user.email, "email_verified": True}


def _altered(id_token: str, mischief: str) -> str:
    if mischief == "bad-signature":
        head, body, signature = id_token.split(".")
        return f"{head}.{body}.{signature[:-6]}AAAAAA"
    claims = jwt.decode(id_token, options={"verify_signature": False})
    if mischief == "expired":
        claims |= {"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}
    elif mischief == "wrong-audience":
        claims["aud"] = "another-service"
    elif mischief == "wrong-issuer":
        claims["iss"] = "http://127.0.0.1:1/o"
    elif mischief == "unverified-email":
        claims["email_verified"] = False
    key = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]
    headers = {"kid": jwt.get_unverified_header(id_token)["kid"]}
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)


@csrf_exempt
def token(request):
    response = TokenView.as_view()(request)
    mischief, MISCHIEF["next"] = MISCHIEF["next"], ""
    if mischief and response.status_code == 200:
        answer = json.loads(response.content)
        answer["id_token"] = _altered(answer["id_token"], mischief)
        response.content = json.dumps(answer).encode()
    return response


@csrf_exempt
def control(request):
    if "person" in request.POST:
        email = request.POST["person"]
        User.objects.filter(username=email).delete()
        User.objects.create_user(email, email=email, password=PASSWORD)
    if "redirect_uri" in request.POST:
        app = Application.objects.get()
        app.redirect_uris = f"{app.redirect_uris} {request.POST['redirect_uri']}".strip()
        app.post_logout_redirect_uris = (
            f"{app.post_logout_redirect_uris} {request.POST['after_sign_out']}".strip()
        )
        app.save()
    MISCHIEF["next"] = request.POST.get("mischief", MISCHIEF["next"])
    return HttpResponse("done")
