"""Masked forms of resident IDs and phone numbers, for lists and the audit trail."""


def mask_id_number(value: str) -> str:
    """Return the ID with all but its first 6 and last 4 characters hidden."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Return the phone with its middle four digits hidden (136****0028)."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "****" + value[7:]
