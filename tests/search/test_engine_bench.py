"""Throughput and latency of the engine backend on synthetic documents, reported at the end
of the run ("search engine measurements"). SEARCH_BENCH_DOCS sets the size (default 2000,
kept small for the suite; the figures in the search ADR were taken with 20000). The bounds
asserted are generous: this catches a collapse, not a regression of a few percent."""

import datetime
import os
import random
import statistics
import time

from django.conf import settings

from search.backends.base import ParsedQuery, SearchQuery
from tests.search.engine_fixtures import MEASUREMENTS, make_document

BENCH_DOCS = int(os.environ.get("SEARCH_BENCH_DOCS", "2000"))


def synthetic_documents(count: int):
    text = "".join(
        (settings.CORPUS_DIR / name).read_text(encoding="utf-8")
        for name in ("jilin-2009-53.txt", "yiyang-2017-19.txt", "experience-articles.txt")
    ).replace("\n", "")
    chooser = random.Random(20261124)
    for i in range(count):
        start = chooser.randrange(len(text) - 800)
        tenant = 1 + i % 40
        canonical = f"site_{(i - 1) % 40 + 1}:{i - 1}" if i % 10 == 0 and i else ""
        yield make_document(
            f"site_{tenant}",
            i,
            tenant_id=tenant,
            site_path=(tenant, 1 + tenant // 10),
            site_level=("city", "county", "town", "department")[tenant % 4],
            title=text[start : start + 30],
            body=text[start : start + 800],
            content_type=("policy_document", "article", "interpretation")[i % 3],
            published_at=datetime.datetime(2010 + i % 15, 1 + i % 12, 1, tzinfo=datetime.UTC),
            topic=f"0{1 + i % 9}0{1 + i % 5}",
            topic_parent=f"0{1 + i % 9}",
            doctype=("notice", "plan", "opinion")[i % 3],
            validity="current" if i % 7 else "repealed",
            document_number=f"测政发〔{2010 + i % 15}〕{i}号",
            number_agency="测政发",
            number_year=2010 + i % 15,
            number_serial=i,
            canonical_id=canonical,
        )


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples) * 1000:.1f} ms, p95 {cuts[18] * 1000:.1f} ms"


def test_bulk_indexing_and_query_latency(opensearch_engine):
    engine = opensearch_engine
    engine.refresh = False
    started = time.monotonic()
    written = engine.rebuild(synthetic_documents(BENCH_DOCS))
    seconds = time.monotonic() - started
    assert written == BENCH_DOCS
    rate = written / seconds
    MEASUREMENTS[f"rebuild of {written} documents (bulk, 500 a request)"] = (
        f"{seconds:.1f} s, {rate:.0f} documents/s"
    )

    shapes = {
        "free text 政务公开": SearchQuery(ParsedQuery(raw="政务公开", terms=("政务公开",))),
        "two words + filters": SearchQuery(
            ParsedQuery(raw="政务公开 工作", terms=("政务公开", "工作")),
            content_types=("policy_document",),
            years=(2015, 2016, 2017),
            subtree_of=2,
        ),
        "phrase, date sort": SearchQuery(
            ParsedQuery(raw='"政府信息公开"', phrases=("政府信息公开",)), sort="date"
        ),
        "document number": SearchQuery(
            ParsedQuery(
                raw="测政发〔2015〕5号", number_agency="测政发", number_year=2015, number_serial=5
            )
        ),
        "common word, page 50": SearchQuery(ParsedQuery(raw="工作", terms=("工作",)), page=50),
        "free text + a chosen facet": SearchQuery(
            ParsedQuery(raw="政务公开", terms=("政务公开",)), content_types=("article",)
        ),
    }
    for name, query in shapes.items():
        engine.search(query)  # warm up
        samples = []
        for _ in range(30):
            started = time.perf_counter()
            results = engine.search(query)
            samples.append(time.perf_counter() - started)
        assert results.total > 0, name
        MEASUREMENTS[f"query: {name} (collapse + facets + highlight)"] = percentiles(samples)
        assert statistics.median(samples) < 2.0
    assert rate > 100
