"""Activity photos lose their GPS and camera metadata, and only officers see them."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from activities.models import ActivityPhoto
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db
GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps() -> bytes:
    """Return a JPEG as a phone writes it: camera make, orientation and a GPS position."""
    image = Image.new("RGB", (40, 20), (10, 120, 200))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = 6  # rotated: the stored pixels must be turned upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 10.0, 5.0), 3: "E", 4: (118.0, 30.0, 2.0)})
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def activity(county, school_a):
    return ActivityFactory(county=county, school=school_a, town=school_a.town, title="亲子活动")


def _stored(photo: ActivityPhoto) -> Image.Image:
    with photo.image.open("rb") as f:
        return Image.open(BytesIO(f.read()))


def test_an_uploaded_photo_is_stored_without_gps_or_camera_and_upright(
    client, school_staff, activity
):
    assert Image.open(BytesIO(jpeg_with_gps())).getexif().get_ifd(GPS_IFD)
    client.force_login(school_staff)
    upload = ContentFile(jpeg_with_gps(), name="IMG_0001.jpg")
    client.post(reverse("activities:photo_upload", args=[activity.pk]), {"image": upload})
    stored = _stored(ActivityPhoto.objects.get())
    exif = stored.getexif()
    assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and ORIENTATION not in exif
    assert stored.size == (20, 40)  # the orientation was applied to the pixels


def test_the_coordination_group_cannot_open_activity_photos(
    client, school_staff, coordination_member, activity
):
    client.force_login(school_staff)
    upload = ContentFile(jpeg_with_gps(), name="a.jpg")
    client.post(reverse("activities:photo_upload", args=[activity.pk]), {"image": upload})
    photo = ActivityPhoto.objects.get()
    client.force_login(coordination_member)
    assert client.get(reverse("activities:photo", args=[photo.pk])).status_code == 404
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert reverse("activities:photo", args=[photo.pk]) not in page


def test_the_command_cleans_photos_stored_before_uploads_were_cleaned(activity, school_staff):
    photo = ActivityPhoto.objects.create(
        activity=activity,
        image=ContentFile(jpeg_with_gps(), name="old.jpg"),
        content_type="image/jpeg",
        uploaded_by=school_staff,
    )
    assert _stored(photo).getexif().get_ifd(GPS_IFD)
    call_command("clean_photos")
    photo.refresh_from_db()
    assert not _stored(photo).getexif().get_ifd(GPS_IFD)
    assert MAKE not in _stored(photo).getexif()
