"""Wagtail's own admin search (per site schema) with the cluster's Chinese segmentation.

PostgreSQL's text parser reads a run of Chinese characters as one token, so without this
an editor searching 政务公开 finds nothing in a page titled 关于做好政务公开工作的通知.
Both sides are segmented with the same jieba dictionary as the cluster index
(``search.segment``): the indexed text becomes its words (and the dictionary words inside
them), the query its words.

modelsearch builds index rows with a module-level ``ObjectIndexer`` that its index class
looks up by name, with no setting to replace it; the backend below points that name at a
segmenting subclass when it is created. It is the only backend the platform configures.
"""

from modelsearch.backends.database.postgres import postgres as modelsearch_postgres
from modelsearch.query import Phrase, PlainText

from .segment import index_positions, segment


def segmented_for_index(text: str) -> str:
    return " ".join(word for position in index_positions(text) for word in position)


class SegmentingObjectIndexer(modelsearch_postgres.ObjectIndexer):
    def as_vector(self, texts, for_autocomplete=False):
        texts = [(segmented_for_index(text or ""), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)


class SegmentingQueryCompiler(modelsearch_postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            query = PlainText(
                " ".join(segment(query.query_string)) or query.query_string,
                operator=query.operator,
                boost=query.boost,
            )
        elif isinstance(query, Phrase):
            query = Phrase(" ".join(segment(query.query_string)) or query.query_string)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SegmentingAutocompleteCompiler(
    modelsearch_postgres.PostgresAutocompleteQueryCompiler, SegmentingQueryCompiler
):
    pass


class SearchBackend(modelsearch_postgres.PostgresSearchBackend):
    query_compiler_class = SegmentingQueryCompiler
    autocomplete_query_compiler_class = SegmentingAutocompleteCompiler

    def __init__(self, params):
        super().__init__(params)
        modelsearch_postgres.ObjectIndexer = SegmentingObjectIndexer
