"""Images for tests, drawn with Pillow in the current schema's image library."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model


def make_image(title="IMG_0042.png", *, size=(40, 30), colour="#b0121b", **fields):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="image.png"), **fields
    )
