"""Template filters of the register: masked IDs and phones, sort links."""

from django import template

from children.masking import mask_id_number, mask_phone

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    """Return the ID masked as 340221********5490."""
    return mask_id_number(value or "")


@register.filter(name="mask_phone")
def mask_phone_filter(value: str) -> str:
    """Return the phone masked as 136****0028."""
    return mask_phone(value or "")


@register.simple_tag
def sort_query(query: str, current: str, key: str) -> str:
    """Return the query string that sorts by `key`, toggling direction if already sorted."""
    new = f"-{key}" if current == key else key
    parts = [p for p in query.split("&") if p and not p.startswith("sort=")]
    parts.append(f"sort={new}")
    return "?" + "&".join(parts)
