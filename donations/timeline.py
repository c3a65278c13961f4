"""Aid on a child's timeline, registered with the register's timeline in DonationsConfig.ready."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from children.timeline import Entry, at_start_of

from .selectors import aid_visible_to


def aid_entries(user, child) -> Iterator[Entry]:
    """Yield the aid given to `child` that `user` may see (none for roles without aid)."""
    for a in aid_visible_to(user).filter(child=child).select_related("donation__donor"):
        title = _("资助：%(kind)s %(amount)s 元") % {
            "kind": a.get_kind_display(),
            "amount": a.amount,
        }
        yield Entry(
            when=at_start_of(a.given_on),
            kind="aid",
            title=_("（已作废）") + title if a.voided_at else title,
            text=" ".join(x for x in (a.goods, a.notes, a.void_reason) if x),
            by=a.donation.donor.name if a.donation_id else "",
        )
