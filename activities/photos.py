"""Checking an uploaded activity photo: an image Pillow can read, of an allowed type and size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow format name -> (content type served, file extension stored).
ALLOWED_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_BYTES = getattr(settings, "ACTIVITY_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
# A small file can still decode to a huge bitmap (a decompression bomb); refuse those.
MAX_PIXELS = 40_000_000


def validate_photo(upload: UploadedFile) -> tuple[str, str]:
    """Return (content type, extension) of a valid photo; raise ValidationError otherwise."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("照片不能超过 %(mb)s MB，所选文件为 %(size).1f MB。")
            % {"mb": MAX_BYTES // (1024 * 1024), "size": upload.size / (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("所选文件不是可识别的图片，请上传 JPG、PNG 或 WebP 照片。"), code="not_image"
        ) from None
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            _("不支持 %(fmt)s 格式，请上传 JPG、PNG 或 WebP 照片。") % {"fmt": fmt},
            code="bad_format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("照片像素过大，请缩小后再上传。"), code="too_many_pixels")
    return ALLOWED_FORMATS[fmt]
