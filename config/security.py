"""Security headers the whole site sends: a Content-Security-Policy without inline code."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_header(policy: dict[str, str]) -> str:
    """Return the policy as a Content-Security-Policy header value."""
    return "; ".join(f"{name} {value}" for name, value in policy.items())


class ContentSecurityPolicyMiddleware:
    """Add the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) to responses.

    No 'unsafe-inline': every script and style comes from a vendored static file, so an
    injected <script> or on* attribute in stored data cannot run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = csp_header(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Send `Cache-Control: no-store, private` with every response to a logged-in user.

    Pages, exports and photos seen after login carry children's personal data: no shared
    proxy may keep them, and the browser must not keep them on disk for the next person at
    a shared office computer. Static files (served earlier by WhiteNoise) keep theirs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
