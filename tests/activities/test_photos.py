"""Activity photos: images only, size-capped, checked with Pillow, served only in scope."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities import photos
from activities.models import ActivityPhoto
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(fmt="PNG", size=(20, 10)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def activity(county, school_a):
    return ActivityFactory(county=county, school=school_a, title="亲子活动")


def upload(client, activity, content, name="photo.png", content_type="image/png"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        reverse("activities:photo_upload", args=[activity.pk]), {"image": file, "caption": "合影"}
    )


def test_school_staff_uploads_a_png_and_sees_it_through_the_scoped_view(
    client, school_staff, activity, media_root
):
    client.force_login(school_staff)
    response = upload(client, activity, image_bytes())
    photo = ActivityPhoto.objects.get()
    served = client.get(reverse("activities:photo", args=[photo.pk]))
    assert response.status_code == 302
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    # Re-encoded without metadata: the same pixels, not the same bytes.
    served_image = Image.open(BytesIO(b"".join(served.streaming_content)))
    assert served_image.tobytes() == Image.open(BytesIO(image_bytes())).tobytes()
    assert photo.image.name.startswith(f"activity_photos/{activity.pk}/")
    assert "photo" not in photo.image.name.rsplit("/", 1)[-1]  # the user's name is not kept


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, school_staff, activity):
    client.force_login(school_staff)
    response = upload(client, activity, b"<script>alert(1)</script>", name="x.png")
    assert response.status_code == 400
    assert "不是可识别的图片" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_an_image_format_outside_jpeg_png_webp_is_refused(client, school_staff, activity):
    client.force_login(school_staff)
    response = upload(client, activity, image_bytes("GIF"), name="x.gif", content_type="image/gif")
    assert response.status_code == 400
    assert "不支持 GIF 格式" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_a_photo_over_the_size_cap_is_refused_naming_the_limit(
    client, school_staff, activity, monkeypatch
):
    monkeypatch.setattr(photos, "MAX_BYTES", 1024)
    client.force_login(school_staff)
    response = upload(client, activity, image_bytes(size=(400, 400)) + b"\0" * 2048)
    assert response.status_code == 400
    assert "照片不能超过" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_photo_of_another_schools_activity_answers_404(
    client, school_staff, school_staff_b, activity
):
    client.force_login(school_staff)
    upload(client, activity, image_bytes())
    photo = ActivityPhoto.objects.get()
    client.force_login(school_staff_b)
    assert client.get(reverse("activities:photo", args=[photo.pk])).status_code == 404
    assert upload(client, activity, image_bytes()).status_code == 404
    assert ActivityPhoto.objects.count() == 1


def test_photos_are_not_under_a_public_url(client, school_staff, activity):
    client.force_login(school_staff)
    upload(client, activity, image_bytes())
    photo = ActivityPhoto.objects.get()
    assert not getattr(settings, "MEDIA_URL", "").strip("/")
    assert client.get("/media/" + photo.image.name).status_code == 404
