"""Relevance of a backend on a judged query set: nDCG@10 and the zero-result rate.

The judged set (tests/search/judgments.toml) names documents by (site schema, title), so it
survives page-id changes; a hit is matched to a judgment by the schema of its id and its
title. Used by tests/search/test_relevance.py and infra/bench/relevance.

- nDCG@10: gain 2^grade - 1, discount log2(rank + 1), over the top ten hits of the first
  page (collapsed, all sites, relevance order: what the public sees), divided by the DCG of
  the ideal order of the judged grades. Averaged over the queries that have judged
  documents; a query meant to find nothing is not averaged (its nDCG is undefined) but
  counted apart: ``nothing_found`` / ``nothing_queries``.
- zero-result rate: the share of queries with judged documents that got no hit at all.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .backends.base import SearchBackend, SearchQuery
from .query import parse_query

JUDGMENTS = Path(__file__).resolve().parent.parent / "tests" / "search" / "judgments.toml"
CUTOFF = 10


@dataclass(frozen=True)
class JudgedQuery:
    text: str
    kind: str
    grades: dict[tuple[str, str], int]  # (schema, title) -> 1..3
    note: str = ""


@dataclass
class QueryResult:
    query: JudgedQuery
    ndcg: float | None  # None for a query that should find nothing
    total: int
    top: list[tuple[tuple[str, str], int]]  # the ranked (schema, title) and their grades
    notice: str = ""

    @property
    def failed(self) -> bool:
        """Below 0.5, or something found where nothing should be."""
        if self.ndcg is None:
            return self.total > 0
        return self.ndcg < 0.5


@dataclass
class Report:
    backend: str
    results: list[QueryResult] = field(default_factory=list)

    @property
    def judged(self) -> list[QueryResult]:
        return [r for r in self.results if r.ndcg is not None]

    @property
    def ndcg(self) -> float:
        judged = self.judged
        return sum(r.ndcg for r in judged) / len(judged) if judged else 0.0

    @property
    def zero_result_rate(self) -> float:
        judged = self.judged
        return sum(1 for r in judged if r.total == 0) / len(judged) if judged else 0.0

    @property
    def nothing_queries(self) -> int:
        return sum(1 for r in self.results if r.ndcg is None)

    @property
    def nothing_found(self) -> int:
        """Queries meant to find nothing that indeed found nothing."""
        return sum(1 for r in self.results if r.ndcg is None and r.total == 0)

    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        """kind -> (queries, mean nDCG@10, zero-result rate) over the judged queries."""
        kinds: dict[str, list[QueryResult]] = {}
        for result in self.judged:
            kinds.setdefault(result.query.kind, []).append(result)
        return {
            kind: (
                len(results),
                sum(r.ndcg for r in results) / len(results),
                sum(1 for r in results if r.total == 0) / len(results),
            )
            for kind, results in kinds.items()
        }


def load_judgments(path: Path = JUDGMENTS) -> list[JudgedQuery]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    documents = {
        name: (spec["schema"], spec["title"]) for name, spec in data.get("documents", {}).items()
    }
    queries = []
    for entry in data["query"]:
        grades = {}
        for name, grade in entry.get("grades", {}).items():
            if name not in documents:
                raise ValueError(f"{entry['q']!r} grades an unknown document {name!r}")
            if not 0 <= grade <= 3:
                raise ValueError(f"{entry['q']!r}: grade {grade} of {name} is not 0–3")
            if grade:
                grades[documents[name]] = grade
        queries.append(JudgedQuery(entry["q"], entry["kind"], grades, entry.get("note", "")))
    return queries


def judged_documents(path: Path = JUDGMENTS) -> set[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(spec["schema"], spec["title"]) for spec in data.get("documents", {}).values()}


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(ranked: list[int], judged: list[int], cutoff: int = CUTOFF) -> float:
    """nDCG@cutoff of the grades in ranked order, against the ideal order of `judged`."""
    ideal = dcg(sorted(judged, reverse=True)[:cutoff])
    return dcg(ranked[:cutoff]) / ideal if ideal else 0.0


def evaluate_query(backend: SearchBackend, judged: JudgedQuery) -> QueryResult:
    results = backend.search(SearchQuery(parse_query(judged.text), page_size=CUTOFF))
    top = []
    for hit in results.hits[:CUTOFF]:
        key = (hit.id.split(":", 1)[0], hit.title)
        top.append((key, judged.grades.get(key, 0)))
    score = ndcg([g for _, g in top], list(judged.grades.values())) if judged.grades else None
    return QueryResult(judged, score, results.total, top, results.notice)


def evaluate(backend: SearchBackend, queries: list[JudgedQuery] | None = None) -> Report:
    queries = load_judgments() if queries is None else queries
    report = Report(backend.name or type(backend).__name__)
    report.results = [evaluate_query(backend, query) for query in queries]
    return report


def format_report(report: Report, *, details: bool = True) -> str:
    lines = [
        f"{report.backend}: nDCG@10 {report.ndcg:.3f} over {len(report.judged)} judged queries; "
        f"zero-result rate {report.zero_result_rate:.1%}; "
        f"{report.nothing_found}/{report.nothing_queries} should-find-nothing queries found nothing"
    ]
    for kind, (count, mean, zero) in report.by_kind().items():
        lines.append(f"  {kind:12} {count:3} queries  nDCG@10 {mean:.3f}  zero-result {zero:.0%}")
    if details:
        for result in report.results:
            score = "  -  " if result.ndcg is None else f"{result.ndcg:.3f}"
            mark = " FAIL" if result.failed else ""
            grades = "".join(str(g) for _, g in result.top) or "∅"
            lines.append(
                f"  {score} {result.total:4} hits  top grades {grades:10} "
                f"{result.query.kind:11} {result.query.text}{mark}"
            )
    return "\n".join(lines)


def demo_documents() -> list:
    """The index documents of the demo cluster's sites (built by ``demo_build``)."""
    from django_tenants.utils import schema_context

    from cluster.onboarding.demo import DEMO_SITES
    from cluster.tenants.models import Tenant

    from .documents import site_documents

    documents = []
    for tenant in Tenant.objects.filter(schema_name__in=[s.schema for s in DEMO_SITES]):
        with schema_context(tenant.schema_name):
            documents.extend(site_documents(tenant))
    return documents
