from wagtail.fields import StreamField

from .blocks import AttachmentListBlock, BodyBlock


class _StableStreamField(StreamField):
    """A StreamField whose migrations record no blocks (torchbox.com's tbx/core/utils/fields.py).

    Wagtail deconstructs every child block into migrations, so each block edit would be a
    migration replayed in every site schema. The blocks live in the subclass instead; the
    database column (JSON) does not depend on them.
    """

    block_class = None

    def __init__(self, block_types=None, **kwargs):
        super().__init__(block_types or self.block_class(), **kwargs)

    def deconstruct(self):
        name, _path, _args, kwargs = super().deconstruct()
        kwargs.pop("block_lookup", None)
        return name, f"{type(self).__module__}.{type(self).__name__}", [], kwargs


class BodyStreamField(_StableStreamField):
    block_class = BodyBlock


class AttachmentsStreamField(_StableStreamField):
    block_class = AttachmentListBlock


def body_field(**kwargs):
    """The body StreamField of every page type."""
    return BodyStreamField(blank=True, verbose_name="正文", **kwargs)


def attachments_field(**kwargs):
    """附件: downloadable files listed under a document."""
    return AttachmentsStreamField(blank=True, verbose_name="附件", **kwargs)
