"""The home page each role lands on after logging in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Render the home page for the logged-in user's role."""
    return render(request, "home.html", {})
