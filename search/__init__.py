"""The cross-site search index (see ../shared/DESIGN.md, "Search"): not built yet."""
