from wagtail.admin.panels import Panel


class InterpretationStatusPanel(Panel):
    """Warns editors while a document marked 需解读 has no published interpretation."""

    @property
    def clean_name(self):
        return "interpretation_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/panels/interpretation_status.html"

        def is_shown(self):
            page = self.instance
            return bool(
                page.pk
                and page.needs_interpretation
                and not page.published_interpretations().exists()
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            return context
