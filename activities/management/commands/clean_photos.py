"""Re-encode every stored activity photo without its metadata (GPS, camera, time).

Photos uploaded before uploads were cleaned keep the EXIF their phone wrote. Run once
after deploying (and safe to run again: a clean photo is rewritten the same way):

    manage.py clean_photos
"""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from activities.models import ActivityPhoto
from activities.photos import format_of, without_metadata


class Command(BaseCommand):
    help = "Re-encode stored activity photos without EXIF (GPS, camera) or other metadata."

    def handle(self, *args, **options) -> None:
        cleaned = 0
        for photo in ActivityPhoto.objects.order_by("pk").iterator(chunk_size=200):
            with photo.image.open("rb") as stored:
                content = without_metadata(stored, format_of(photo.content_type))
            name = photo.image.name
            storage = photo.image.storage
            # Same name, new bytes: the path stays as it is referenced.
            storage.delete(name)
            storage.save(name, ContentFile(content))
            cleaned += 1
        self.stdout.write(self.style.SUCCESS(f"{cleaned} photo(s) re-encoded without metadata."))
