"""Template tags for the site's frame (base.html, login page)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def debug_mode() -> bool:
    """Return settings.DEBUG, so a template can show development-only hints."""
    return bool(settings.DEBUG)
