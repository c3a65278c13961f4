"""Former templates kept beside the tests that compare Python-written HTML with them."""

import copy
from pathlib import Path

from django.conf import settings
from django.template.backends.django import DjangoTemplates


def former_templates(directory: Path, name: str) -> DjangoTemplates:
    """Return a template engine that finds `directory`'s former templates before today's."""
    options = settings.TEMPLATES[0]
    return DjangoTemplates(
        {
            "NAME": name,
            "DIRS": [directory, *options["DIRS"]],
            "APP_DIRS": True,
            "OPTIONS": copy.deepcopy(options["OPTIONS"]),
        }
    )
