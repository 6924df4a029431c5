from tests.search.engine_fixtures import (  # noqa: F401 (fixtures)
    MEASUREMENTS,
    engine,
    opensearch_engine,
    search_node_url,
)


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.section("search engine measurements")
        for name, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")
