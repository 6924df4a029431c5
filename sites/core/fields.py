from wagtail.fields import StreamField

from .blocks import BodyBlock


def body_field(**kwargs):
    """The body StreamField of every page type.

    Built from a StreamBlock class so block edits need no migration in every schema
    (Wagtail records only the block class path in migrations).
    """
    return StreamField(BodyBlock(), blank=True, verbose_name="正文", **kwargs)
