"""The home page's box of transfer requests waiting for the user's answer."""

from django import template

from children.transfers.selectors import transfer_requests_awaiting

register = template.Library()


@register.inclusion_tag("children/transfers/awaiting.html", takes_context=True)
def transfer_requests_box(context) -> dict:
    """Return the context of the box: the pending requests the user may answer (one query)."""
    user = context["request"].user
    return {
        "transfer_requests": list(transfer_requests_awaiting(user)[:50]),
        "csrf_token": context.get("csrf_token"),
    }
