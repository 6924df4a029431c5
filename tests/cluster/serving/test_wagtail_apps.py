"""Wagtail's apps started without the v3 API keep everything else their ready() sets up."""

import sys

from django.apps import apps
from django.db.models import CASCADE, ForeignKey


def test_the_apps_run_from_the_configs_that_keep_the_v3_api_out():
    for label in ("wagtailimages", "wagtaildocs", "wagtailsnippets", "wagtailredirects"):
        assert type(apps.get_app_config(label)).__module__ == "cluster.serving.wagtail_apps"
    assert not apps.is_installed("wagtail.api.v3")


def test_no_stand_in_module_is_left_behind_after_start_up():
    for name, module in sys.modules.items():
        if ".api.v3" in name:
            assert getattr(module, "__file__", None), f"{name} is a stand-in"


def test_image_and_document_fields_still_get_their_choosers_displays_and_references():
    from wagtail.admin.compare import comparison_class_registry
    from wagtail.admin.forms.models import registry as form_field_overrides
    from wagtail.admin.ui.fields import display_class_registry
    from wagtail.documents import get_document_model
    from wagtail.documents.components import DocumentDisplay
    from wagtail.images import get_image_model
    from wagtail.images.edit_handlers import ImageFieldComparison
    from wagtail.images.widgets import AdminImageChooser
    from wagtail.models.reference_index import ReferenceIndex

    image_fk = ForeignKey(get_image_model(), on_delete=CASCADE)
    document_fk = ForeignKey(get_document_model(), on_delete=CASCADE)
    assert form_field_overrides.get(image_fk)["widget"] is AdminImageChooser
    assert comparison_class_registry.get(image_fk) is ImageFieldComparison
    assert ReferenceIndex.is_indexed(get_image_model())
    assert ReferenceIndex.is_indexed(get_document_model())
    assert display_class_registry.get(document_fk) is DocumentDisplay


def test_a_moved_page_still_gets_its_redirect_handler():
    from wagtail.contrib.redirects.signal_handlers import autocreate_redirects_on_page_move
    from wagtail.signals import post_page_move

    assert autocreate_redirects_on_page_move in post_page_move._live_receivers(None)[0]
