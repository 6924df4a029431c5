"""Pictures for the demo content, drawn at build time with Pillow (nothing is downloaded).

Each palette draws a simple scene (a skyline, a river, snow) in soft colours, so the
demo's news and banners have pictures a visitor takes for placeholders of real photos.
"""

import hashlib
import io
import random

from django.core.files.images import ImageFile

PALETTES = {
    # sky top, sky bottom, scene, accent
    "city": ((38, 84, 140), (160, 196, 228), (52, 62, 84), (232, 196, 96)),
    "hall": ((120, 36, 40), (226, 170, 150), (84, 40, 44), (244, 220, 160)),
    "meeting": ((64, 70, 110), (196, 200, 226), (60, 60, 86), (210, 60, 60)),
    "river": ((40, 110, 150), (186, 222, 236), (46, 90, 70), (70, 150, 196)),
    "winter": ((90, 120, 160), (226, 234, 244), (120, 130, 150), (250, 250, 252)),
    "market": ((150, 96, 40), (244, 214, 160), (100, 70, 40), (200, 70, 50)),
    "banner": ((150, 20, 24), (230, 120, 90), (110, 20, 24), (250, 214, 120)),
}


def demo_picture(palette: str, *, seed: str, size=(1600, 900)) -> bytes:
    """A JPEG of the palette's scene; the same seed draws the same picture."""
    from PIL import Image, ImageDraw

    top, bottom, scene, accent = PALETTES[palette]
    width, height = size
    rng = random.Random(hashlib.sha256(f"{palette}:{seed}".encode()).digest())  # noqa: S311 - a drawing
    picture = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    horizon = int(height * rng.uniform(0.55, 0.7))
    sun = rng.randint(width // 6, width - width // 6)
    draw.ellipse([sun - 60, horizon - 260, sun + 60, horizon - 140], fill=accent)
    x = 0
    while x < width:
        building = rng.randint(60, 160)
        rise = rng.randint(height // 10, height // 3)
        draw.rectangle([x, horizon - rise, x + building, height], fill=scene)
        for row in range(horizon - rise + 20, height - 40, 36):
            for column in range(x + 12, x + building - 20, 28):
                if rng.random() < 0.45:
                    draw.rectangle([column, row, column + 12, row + 16], fill=accent)
        x += building + rng.randint(4, 30)
    if palette == "river":
        for band in range(6):
            y = horizon + 40 + band * 40
            draw.rectangle([0, y, width, y + 18], fill=accent)
    if palette == "winter":
        draw.rectangle([0, height - height // 6, width, height], fill=accent)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=78, optimize=True)
    return buffer.getvalue()


def demo_image(title: str, palette: str, *, seed: str = ""):
    """The site's demo picture titled ``title``, drawn and stored the first time."""
    from wagtail.images import get_image_model

    Image = get_image_model()  # noqa: N806
    image = Image.objects.filter(title=title).first()
    if image is None:
        content = demo_picture(palette, seed=seed or title)
        digest = hashlib.sha256(content).hexdigest()[:12]
        image = Image(title=title, description=title)
        image.file = ImageFile(io.BytesIO(content), name=f"demo-{palette}-{digest}.jpg")
        image.save()
    return image
