"""Checking an uploaded activity photo (an image Pillow can read, of an allowed type and
size) and re-encoding it without metadata."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


# What re-encoding keeps of each format: the pixels, and nothing Pillow is not given.
SAVE_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}}


def without_metadata(source, fmt: str) -> bytes:
    """Return the image in `source` (a file object) re-encoded with no metadata at all.

    EXIF (GPS position, camera, time), XMP and text chunks are dropped: Pillow writes only
    what it is handed. The EXIF orientation is applied to the pixels first, so the photo
    still stands the right way up.
    """
    source.seek(0)
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = BytesIO()
        image.save(out, format=fmt, **SAVE_OPTIONS.get(fmt, {}))
    return out.getvalue()


def format_of(content_type: str) -> str:
    """Return the Pillow format name of a stored photo's content type."""
    return next(fmt for fmt, (ctype, _ext) in ALLOWED_FORMATS.items() if ctype == content_type)
