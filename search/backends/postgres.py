"""The PostgreSQL backend: the embedded default, and the fallback when no search cluster is set.

One table in the public schema (``search.models.IndexedDocument``). Text is segmented in
Python (``search.segment``) and stored as a ready ``tsvector`` literal with explicit positions
and weights (title A, 发文字号/索引号/issuers B, body C), so PostgreSQL's own parser, which
keeps a run of Chinese characters as one token, never sees it. Queries are ``tsquery``
literals built here from segmented words, every lexeme quoted, and passed as parameters.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sites.disclosure.docnumber import document_number_query

from .. import messages
from ..highlight import highlight as highlight_html
from ..highlight import needles, snippet
from ..models import IndexedDocument
from ..query import document_number_text
from ..segment import index_positions, segment
from .base import (
    FACETS,
    MAX_RESULT_WINDOW,
    ParsedQuery,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
)

logger = logging.getLogger(__name__)

TABLE = IndexedDocument._meta.db_table
# Text past this is neither indexed nor kept for snippets (an attachment's extracted text
# can run to megabytes; jieba cuts about 0.4 million characters a second).
BODY_LIMIT = 200_000
# PostgreSQL keeps word positions up to 16383 and 256 positions per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
# Positions left empty between fields, so a phrase never runs from the title into the body.
FIELD_GAP = 10
MAX_FACET_VALUES = 100
STATEMENT_TIMEOUT = "5s"
# pg_trgm's word_similarity threshold for the title fallback: Chinese text has one "word"
# per run of characters, so a short query against a long title scores lower than English.
WORD_SIMILARITY = 0.3
# A typed fragment shorter than this is not looked for inside 发文字号.
MIN_NUMBER_FRAGMENT = 5

_COLUMNS = (
    "id",
    "schema",
    "page_id",
    "tenant_id",
    "site_name",
    "site_level",
    "site_path",
    "url",
    "title",
    "body",
    "content_type",
    "published_at",
    "year",
    "topic",
    "topic_parent",
    "doctype",
    "issuers",
    "document_number",
    "number_agency",
    "number_year",
    "number_serial",
    "index_number",
    "written_date",
    "validity",
    "canonical_id",
    "search_vector",
    "indexed_at",
)
# Column names are constants; every value is a parameter.
_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * (len(_COLUMNS) - 2))}, %s::tsvector, now()) "
    f"ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{column} = EXCLUDED.{column}" for column in _COLUMNS[1:])
)
# Past count_limit matches, hits are ranked among the newest matches (this many, enough for
# every page of the result window after collapsing copies) and the rows matching a typed
# 发文字号 or 索引号: the search_doc_newest index hands them over without visiting every match.
RANK_SAMPLE = 2 * MAX_RESULT_WINDOW
_NEWEST_FIRST = " ORDER BY published_at DESC NULLS LAST LIMIT %s"
# What testing a row while walking the newest-first index costs, in rows taken from a bitmap
# of the GIN index (see PostgresBackend._walk_newest_first); measured at 200,000 documents.
WALK_COST_RATIO = 8
# Facet name -> (column, the SearchQuery field that filters on it).
_FACET_COLUMNS = {
    "site": ("tenant_id", None),
    "level": ("site_level", "levels"),
    "content_type": ("content_type", "content_types"),
    "topic": ("topic", "topics"),
    "doctype": ("doctype", "doctypes"),
    "year": ("year", "years"),
    "validity": ("validity", "validity"),
}


def _lexeme(word: str) -> str:
    # Segmented words hold only letters and digits, but quote as the input syntax requires.
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Sequence[tuple[str, str]]) -> str:
    """A tsvector in its input syntax from (text, weight) pairs, positions counted across them."""
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in fields:
        for words in index_positions(text):
            position = min(position + 1, MAX_POSITION)
            for word in words:
                entries = positions.setdefault(word, [])
                if len(entries) < MAX_POSITIONS_PER_LEXEME:
                    entries.append(f"{position}{weight}")
        position = min(position + FIELD_GAP, MAX_POSITION)
    return " ".join(f"{_lexeme(word)}:{','.join(entries)}" for word, entries in positions.items())


def _operands(text: str) -> list[str]:
    """tsquery operands for one typed word: its words ANDed, a run of single characters as a phrase.

    A run of one-character words is usually a name the dictionary does not know (益政办函 →
    益 政 办 函); as separate operands they would match the characters anywhere.
    """
    operands, run = [], []
    for word in [*segment(text), ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if run:
            operands.append(" <-> ".join(_lexeme(w) for w in run))
            run = []
        if word:
            operands.append(_lexeme(word))
    return operands


def _phrase(text: str) -> str:
    return " <-> ".join(_lexeme(word) for word in segment(text))


def tsquery_literal(query: ParsedQuery) -> str:
    """Every word and phrase must match; a typed 发文字号 or 索引号 is also searched as a phrase."""
    operands = []
    for term in query.terms:
        alternatives = query.alternatives_for(term)
        if alternatives:
            # The term or any synonym: each alternative is its own AND of words.
            choices = [_operands(word) for word in (term, *alternatives)]
            operands.append(
                " | ".join(
                    "( " + " & ".join(f"( {o} )" for o in choice) + " )"
                    for choice in choices
                    if choice
                )
            )
        else:
            operands += _operands(term)
    operands += [_phrase(phrase) for phrase in query.phrases]
    identifiers = [_phrase(text) for text in (document_number_text(query), query.index_number)]
    identifiers = [phrase for phrase in identifiers if phrase]
    text = " & ".join(f"( {operand} )" for operand in operands if operand)
    if identifiers and text:
        # 吉市政函〔2009〕53号 解读: the words, and the number in the text or ...
        return " & ".join([text, *(f"( {phrase} )" for phrase in identifiers)])
    return text or " | ".join(f"( {phrase} )" for phrase in identifiers)


def _local_year(moment: datetime.datetime | None) -> int | None:
    if moment is None:
        return None
    if timezone.is_aware(moment):
        return timezone.localtime(moment).year
    return moment.year


def _row(document: SearchDocument) -> tuple:
    body = " ".join(document.body.split())[:BODY_LIMIT]
    vector = tsvector_literal(
        [
            (document.title, "A"),
            (" ".join([document.document_number, document.index_number, *document.issuers]), "B"),
            (body, "C"),
        ]
    )
    return (
        document.id,
        document.schema,
        document.page_id,
        document.tenant_id,
        document.site_name,
        document.site_level,
        list(document.site_path),
        document.url,
        document.title,
        body,
        document.content_type,
        document.published_at,
        _local_year(document.published_at),
        document.topic,
        document.topic_parent,
        document.doctype,
        list(document.issuers),
        document.document_number,
        document.number_agency,
        document.number_year,
        document.number_serial,
        document.index_number,
        document.written_date,
        document.validity,
        document.canonical,
        vector,
    )


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _ints(values) -> list[int]:
    cleaned = []
    for value in values or ():
        try:
            cleaned.append(int(value))
        except (TypeError, ValueError):
            continue
    return cleaned


def _strs(values) -> list[str]:
    return [str(value) for value in values or ()]


def _years_condition(years: list[int]) -> tuple[str, list]:
    """year = ANY(years), and the same as a range of published_at: the newest-first index
    then starts at the end of the last year asked for instead of at today."""
    sql, params = "year = ANY(%s::integer[])", [years]
    if years and all(1 <= year < 9999 for year in years):
        zone = timezone.get_default_timezone()
        start = datetime.datetime(min(years), 1, 1, tzinfo=zone)
        end = datetime.datetime(max(years) + 1, 1, 1, tzinfo=zone)
        sql = f"({sql} AND published_at >= %s AND published_at < %s)"
        params += [start, end]
    return sql, params


class PostgresBackend(SearchBackend):
    name = "postgres"

    # -- writes -----------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        latest = {document.id: document for document in documents}
        if not latest:
            return 0
        rows = [_row(document) for document in latest.values()]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)
        return len(rows)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [str(i) for i in ids]
        if ids:
            IndexedDocument.objects.filter(id__in=ids).delete()

    def delete_site(self, schema: str) -> None:
        IndexedDocument.objects.filter(schema=schema).delete()

    def rebuild(self, documents: Iterable[SearchDocument], *, schema: str | None = None) -> int:
        """Delete and insert in one transaction: readers see the old rows until it commits.

        DELETE rather than TRUNCATE, which would lock searches out for the whole rebuild.
        """
        written = 0
        with transaction.atomic():
            stale = IndexedDocument.objects.all()
            if schema is not None:
                stale = stale.filter(schema=schema)
            stale.delete()
            batch: list[SearchDocument] = []
            for document in documents:
                if schema is not None and document.schema != schema:
                    raise ValueError(f"Document {document.id} is not in schema {schema}.")
                batch.append(document)
                if len(batch) >= 500:
                    written += self.index(batch)
                    batch = []
            written += self.index(batch)
        return written

    # -- search -----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.query
        if parsed is None or parsed.is_empty:
            return SearchResults(total=0, hits=[], notice=messages.EMPTY_QUERY)
        # page=-1 is the first page; page=10**9 is refused below, before any query runs.
        page, size = query.served_page()
        offset = (page - 1) * size
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT}'")
                cursor.execute(f"SET LOCAL pg_trgm.word_similarity_threshold = {WORD_SIMILARITY}")
                # The planner prices a sequential scan without the cost of detoasting every
                # tsvector it tests, and picks it for common words; a bitmap scan of the GIN
                # index tests none (phrases aside): 20 ms instead of 65 ms for 10,000 matches
                # of 政务公开 among 200,000 documents.
                cursor.execute("SET LOCAL enable_seqscan = off")
                return self._search(cursor, query, parsed, offset, size)
        except DatabaseError:
            logger.exception("Search failed for %r.", parsed.raw)
            return SearchResults(total=0, hits=[], notice=messages.UNAVAILABLE)

    def _search(self, cursor, query, parsed, offset, size) -> SearchResults:
        notice = ""
        match, exact, rank = self._text_match(parsed)
        total, estimated = self._count(cursor, query, match)
        if total == 0:
            fallback = self._similar_match(parsed)
            if fallback is not None:
                match, exact, rank = fallback
                total, estimated = self._count(cursor, query, match)
                if total:
                    notice = messages.SIMILAR_ONLY
        facets, facets_estimated = {}, False
        if query.facets and total:
            facets, facets_estimated = self._facets(cursor, query, match, estimated)
        results = SearchResults(
            total=total,
            hits=[],
            facets=facets,
            notice=notice,
            total_estimated=estimated,
            facets_estimated=facets_estimated,
        )
        if offset + size > MAX_RESULT_WINDOW:
            results.notice = messages.TOO_DEEP.format(window=MAX_RESULT_WINDOW)
        elif total:
            # Past count_limit matches, ranking looks at a bounded share of them (_hits).
            results.hits = self._hits(
                cursor, query, parsed, match, exact, rank, offset, size, sample=estimated
            )
        return results

    # Each condition is (sql, params).

    def _text_match(self, parsed: ParsedQuery):
        tsquery = tsquery_literal(parsed)
        exact_parts = []
        if parsed.number_agency:
            sql, params = ["number_agency = %s"], [parsed.number_agency]
            if parsed.number_year is not None:
                sql.append("number_year = %s")
                params.append(parsed.number_year)
            if parsed.number_serial is not None:
                sql.append("number_serial = %s")
                params.append(parsed.number_serial)
            exact_parts.append(("(" + " AND ".join(sql) + ")", params))
        if parsed.index_number:
            exact_parts.append(("upper(index_number) = %s", [parsed.index_number.upper()]))
        exact_sql = " OR ".join(sql for sql, _ in exact_parts) or "FALSE"
        exact_params = [p for _, params in exact_parts for p in params]
        if tsquery:
            match = (f"(search_vector @@ %s::tsquery OR {exact_sql})", [tsquery, *exact_params])
            rank = ("ts_rank(search_vector, %s::tsquery, 1)", [tsquery])
        else:
            match = (f"({exact_sql})", exact_params)
            rank = ("0", [])
        exact = (f"(CASE WHEN {exact_sql} THEN 1 ELSE 0 END)", exact_params)
        return match, exact, rank

    def _similar_match(self, parsed: ParsedQuery):
        """Titles close to the words typed (a wrong character, another cut), and 发文字号
        containing what was typed when it was a fragment of one (政函〔2009〕5).

        发文字号 are matched by containment, not similarity: every number of one agency
        looks alike to trigrams, and 吉市政函〔2015〕53号 is not a near miss of 〔2014〕.
        """
        parts, params = [], []
        text = " ".join([*parsed.terms, *parsed.phrases])
        if text:
            parts.append("%s <%% title")
            params.append(text)
        fragment = document_number_query(parsed.raw.replace(" ", ""))
        if (
            not parsed.index_number
            and len(fragment) >= MIN_NUMBER_FRAGMENT
            and any(ch.isdigit() for ch in fragment)
        ):
            escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parts.append("document_number LIKE %s")
            params.append(f"%{escaped}%")
        if not parts:
            return None
        match = ("(" + " OR ".join(parts) + ")", params)
        rank = ("word_similarity(%s, title)", [text or fragment])
        return match, ("0", []), rank

    def _scope(self, query: SearchQuery):
        """本站, explicit sites, 本级及下级: where the person searches; facets stay inside it."""
        where, params = [], []
        if query.sites is not None:
            where.append("tenant_id = ANY(%s::integer[])")
            params.append(_ints(query.sites))
        if query.subtree_of is not None:
            where.append("site_path @> ARRAY[%s]::integer[]")
            params.append(_int(query.subtree_of, 0))
        return where, params

    def _narrowing(self, query: SearchQuery, *, without: str | None = None):
        """The facet filters (all but `without`, a SearchQuery field name)."""
        filters = {
            "levels": ("site_level = ANY(%s::text[])", [_strs(query.levels)]),
            "content_types": ("content_type = ANY(%s::text[])", [_strs(query.content_types)]),
            "topics": (
                "(topic = ANY(%s::text[]) OR topic_parent = ANY(%s::text[]))",
                [_strs(query.topics), _strs(query.topics)],
            ),
            "doctypes": ("doctype = ANY(%s::text[])", [_strs(query.doctypes)]),
            "years": _years_condition(_ints(query.years)),
            "validity": ("validity = ANY(%s::text[])", [_strs(query.validity)]),
        }
        where, params = [], []
        for field, (sql, sql_params) in filters.items():
            if field != without and getattr(query, field):
                where.append(sql)
                params.extend(sql_params)
        return where, params

    def _where(self, query, match):
        scope, scope_params = self._scope(query)
        narrowing, narrowing_params = self._narrowing(query)
        where = [*scope, *narrowing, match[0]]
        return " AND ".join(where), [*scope_params, *narrowing_params, *match[1]]

    def _count(self, cursor, query, match) -> tuple[int, bool]:
        """(total, estimated): exact up to count_limit matches, then count_limit and True.

        Counting stops at count_limit + 1 rows, so a common word costs no more to count
        than a rare one."""
        where, params = self._where(query, match)
        cursor.execute(
            f"SELECT count(*), count(DISTINCT canonical_id) FROM (SELECT canonical_id "  # noqa: S608
            f"FROM {TABLE} WHERE {where} LIMIT %s) AS capped",
            [*params, self.count_limit + 1],
        )
        matches, groups = cursor.fetchone()
        if matches > self.count_limit:
            return self.count_limit, True
        return (groups if query.collapse else matches), False

    def _facets(
        self, cursor, query, match, results_estimated
    ) -> tuple[dict[str, list[tuple[str, int]]], bool]:
        """(counts of matching documents, not collapsed, per value of every facet; estimated).

        Each facet is counted with its own filter left out, so the other values of a facet
        already chosen still show how many they would give. Scope (sites, subtree) stays.
        Counting looks at count_limit matches at most: past that, the counts are those of
        the first count_limit matches the index gives, and when facet values are chosen,
        of the first count_limit results (the other values of a chosen facet are left out:
        a sample of everything would hold too few of the results to count them).
        """
        narrowing = bool(self._narrowing(query)[0])
        if not (narrowing and results_estimated):  # else the matches surely pass the limit
            facets, estimated = self._facet_counts(cursor, query, match, narrowed=False)
            if not (estimated and narrowing):
                return facets, estimated
        return self._facet_counts(cursor, query, match, narrowed=True)

    def _facet_counts(self, cursor, query, match, *, narrowed):
        scope, scope_params = self._scope(query)
        narrowing, narrowing_params = self._narrowing(query) if narrowed else ([], [])
        base_where = " AND ".join([*scope, *narrowing, match[0]])
        # The first row counts the rows looked at (facet ''), to tell a sample from all.
        selects = ["(SELECT '' AS facet, '' AS value, count(*) AS n FROM matched)"]
        params = [*scope_params, *narrowing_params, *match[1], self.count_limit]
        for facet in FACETS:
            column, field = _FACET_COLUMNS[facet]
            where, facet_params = ([], []) if narrowed else self._narrowing(query, without=field)
            where.append(f"{column} IS NOT NULL")
            if column not in ("tenant_id", "year"):
                where.append(f"{column} <> ''")
            selects.append(
                f"(SELECT %s AS facet, {column}::text AS value, count(*) AS n FROM matched "  # noqa: S608
                f"WHERE {' AND '.join(where)} GROUP BY {column} ORDER BY n DESC, value "
                f"LIMIT {MAX_FACET_VALUES})"
            )
            params.extend([facet, *facet_params])
        sql = (
            f"WITH matched AS MATERIALIZED (SELECT tenant_id, site_level, content_type, topic, "  # noqa: S608
            f"topic_parent, doctype, year, published_at, validity FROM {TABLE} WHERE {base_where} "
            f"LIMIT %s) " + " UNION ALL ".join(selects)
        )
        cursor.execute(sql, params)
        facets: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
        looked_at = 0
        for facet, value, count in cursor.fetchall():
            if facet:
                facets[facet].append((value, count))
            else:
                looked_at = count
        return facets, looked_at >= self.count_limit

    def _copies(self, cursor, where, params, canonicals) -> dict[str, int]:
        """Matching documents per canonical id, for the page's hits only."""
        cursor.execute(
            f"SELECT canonical_id, count(*) FROM {TABLE} "  # noqa: S608
            f"WHERE canonical_id = ANY(%s) AND {where} GROUP BY canonical_id",
            [list(canonicals), *params],
        )
        return dict(cursor.fetchall())

    def _walk_newest_first(self, cursor, where, params) -> bool:
        """Whether the newest RANK_SAMPLE matches are cheaper found by walking the newest-first
        index (testing each row's tsvector, a TOAST fetch: about 16 µs a row) than by taking
        every match from the GIN index and sorting them by date (no tsvector read: about
        2 µs a row). The planner prices both without the TOAST fetch and walks too often:
        a subtree search (a tenth of the rows) walked 27,000 rows for 190 ms.
        """
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where}", params)  # noqa: S608
        matches = max(float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"]), 1.0)
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
        rows = max(float(cursor.fetchone()[0]), matches)
        walked = RANK_SAMPLE * rows / matches
        return walked * WALK_COST_RATIO < matches

    def _hits(
        self, cursor, query, parsed, match, exact, rank, offset, size, sample
    ) -> list[SearchHit]:
        """One page of hits. With `sample`, ranked among the rows matching exactly (发文字号,
        索引号) and the newest RANK_SAMPLE matches, instead of every match."""
        where, params = self._where(query, match)
        if query.sort == "date":
            # Copies share their source's text, so a rank would only tell them apart by
            # length normalisation: not worth a ts_rank per match.
            rank = ("0", [])
            order = "published_at DESC NULLS LAST, id"
        else:
            order = "exact DESC, rank DESC, published_at DESC NULLS LAST, id"
        if query.collapse:
            grouped = (
                "SELECT DISTINCT ON (canonical_id) id, exact, rank, published_at, "
                "count(*) OVER (PARTITION BY canonical_id) - 1 AS other_copies FROM matched "
                "ORDER BY canonical_id, (id = canonical_id) DESC, exact DESC, rank DESC, id"
            )
        else:
            grouped = "SELECT id, exact, rank, published_at, 0 AS other_copies FROM matched"
        source, source_params = TABLE, []
        if sample:
            source = (
                f"(SELECT * FROM {TABLE} WHERE ctid = ANY(ARRAY("  # noqa: S608
                f"(SELECT ctid FROM {TABLE} WHERE {where} AND {exact[0]} = 1 LIMIT %s) UNION "
                f"(SELECT ctid FROM {TABLE} WHERE {where}{_NEWEST_FIRST})))) AS candidates"
            )
            source_params = [*params, *exact[1], RANK_SAMPLE, *params, RANK_SAMPLE]
        sql = (
            f"WITH matched AS (SELECT id, canonical_id, published_at, {exact[0]} AS exact, "  # noqa: S608
            f"{rank[0]} AS rank FROM {source} WHERE {where}), grouped AS ({grouped}) "
            f"SELECT id, rank, other_copies FROM grouped ORDER BY {order} LIMIT %s OFFSET %s"
        )
        walk = not sample or self._walk_newest_first(cursor, where, params)
        if not walk:
            cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(sql, [*exact[1], *rank[1], *source_params, *params, size, offset])
        page = cursor.fetchall()
        if not walk:
            cursor.execute("SET LOCAL enable_indexscan = on")
        documents = IndexedDocument.objects.in_bulk([row[0] for row in page])
        if sample and query.collapse and page:
            # Copies outside the sample still count in "另有 N 个站点转载".
            copies = self._copies(
                cursor, where, params, {d.canonical_id for d in documents.values()}
            )
            page = [
                (id_, score, copies.get(documents[id_].canonical_id, 1) - 1)
                for id_, score, _ in page
            ]
        marks = needles(parsed)
        hits = []
        for id_, score, other_copies in page:
            document = documents[id_]
            hits.append(
                SearchHit(
                    id=document.id,
                    url=document.url,
                    title=document.title,
                    title_highlighted=highlight_html(document.title, marks),
                    snippet=snippet(document.body, marks),
                    site_name=document.site_name,
                    site_level=document.site_level,
                    content_type=document.content_type,
                    published_at=document.published_at,
                    document_number=document.document_number,
                    index_number=document.index_number,
                    validity=document.validity,
                    score=float(score or 0),
                    other_copies=int(other_copies),
                )
            )
        return hits
