"""Donors, donations and the aid drawn from them."""

import datetime
from decimal import Decimal

from children.models.choices import CaseStatus, Health, Poverty
from donations.models import Aid, Donation, Donor

from .context import DemoBuild, largest_remainder, stream
from .data import AID_SHARE, BATCH, DONATIONS, DONORS


def donations_create(build: DemoBuild) -> None:
    """Create donors, donations of 200,000+ yuan, and aid that never exceeds a donation."""
    rng = stream("donations")
    donors = {
        name: donor
        for name, donor in zip(
            (name for name, _ in DONORS),
            Donor.objects.bulk_create(
                Donor(county=build.county, name=name, kind=kind) for name, kind in DONORS
            ),
            strict=True,
        )
    }
    schools = {s.name: s for s in build.schools}
    federation = build.users["federation"]
    donations = []
    for donor_name, yuan, school_name, goods, purpose in DONATIONS:
        school = schools[school_name] if school_name else None
        donations.append(
            Donation(
                county=build.county,
                donor=donors[donor_name],
                form=Donation.Form.GOODS if goods else Donation.Form.MONEY,
                amount=Decimal(yuan),
                goods=goods,
                received_by=Donation.Receiver.SCHOOL if school else Donation.Receiver.FEDERATION,
                school=school,
                received_on=build.ago(40 + rng.randrange(300)),
                purpose=purpose,
                created_by=federation,
            )
        )
    Donation.objects.bulk_create(donations)
    # Aid: shares of the target count in proportion to each donation's amount.
    open_children = [p.child for p in build.plans if p.child.status == CaseStatus.OPEN]
    target = round(len(open_children) * AID_SHARE)
    shares = largest_remainder([int(d.amount) for d in donations], target)
    needy = [c for c in open_children if c.is_in_difficulty or c.poverty != Poverty.NONE]
    needy_pks = {c.pk for c in needy}
    others = [c for c in open_children if c.pk not in needy_pks]
    rng.shuffle(others)
    queue = needy + others
    aided: set[int] = set()
    aid = []
    for donation, count in zip(donations, shares, strict=True):
        if not count:
            continue
        per = min(Decimal(1000), (donation.amount / count) // 50 * 50)
        local = [c for c in queue if donation.school and c.school_id == donation.school.pk]
        for child in [*local, *queue]:
            if count == 0:
                break
            if child.pk in aided:
                continue
            aided.add(child.pk)
            count -= 1
            given = min(
                build.today, donation.received_on + datetime.timedelta(days=1 + rng.randrange(40))
            )
            kind = Aid.Kind.MEDICAL if child.health == Health.SERIOUSLY_ILL else Aid.Kind.STUDY
            if donation.purpose in ("春节慰问", "六一儿童节慰问", "冬季送温暖"):
                kind = Aid.Kind.HOLIDAY
            aid.append(
                Aid(
                    child=child,
                    donation=donation,
                    kind=kind,
                    amount=per,
                    goods=donation.goods.split(" ")[0] if donation.goods else "",
                    given_on=given,
                    notes=donation.purpose,
                    given_by=federation if donation.school is None else None,
                )
            )
    Aid.objects.bulk_create(aid, batch_size=BATCH)
