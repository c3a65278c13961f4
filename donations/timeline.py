"""Aid on a child's timeline, registered with the register's timeline in DonationsConfig.ready."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from children.timeline import Entry, at_start_of

from .models import Aid
from .selectors import aid_on_file


def aid_entries(user, child) -> Iterator[Entry]:
    """Yield the aid given to `child` that `user` may see (none for roles without aid)."""
    labels = dict(Aid.Kind.choices)
    for kind, amount, goods, notes, void_reason, given_on, voided_at, donor in aid_on_file(
        user, child
    ):
        title = _("资助：%(kind)s %(amount)s 元") % {
            "kind": labels.get(kind, kind),
            "amount": amount,
        }
        yield Entry(
            when=at_start_of(given_on),
            kind="aid",
            title=_("（已作废）") + title if voided_at else title,
            text=" ".join(x for x in (goods, notes, void_reason) if x),
            by=donor or "",
        )
