"""The JSON search API (``/api/search/``) and its OpenAPI description (``/api/schema/``)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from cluster.tenants.selectors import tenant_current

from .backends.base import FACETS, MAX_RESULT_WINDOW, PAGE_SIZE
from .documents import CONTENT_TYPES
from .forms import MAX_PAGE, MAX_QUERY_CHARS, SCOPES, SORTS, SearchForm
from .selectors import best_bets_for, facet_labels, search_run
from .services import query_log


def _hit(hit) -> dict:
    return {
        "id": hit.id,
        "title": hit.title,
        "title_html": hit.title_highlighted,
        "snippet_html": hit.snippet,
        "url": hit.url,
        "site": {"name": hit.site_name, "level": hit.site_level},
        "content_type": hit.content_type,
        "published_at": hit.published_at.isoformat() if hit.published_at else None,
        "document_number": hit.document_number,
        "index_number": hit.index_number,
        "validity": hit.validity,
        "other_copies": hit.other_copies,
    }


@require_GET
def search_api(request):
    tenant = tenant_current()
    form = SearchForm(request.GET, tenant=tenant)
    if not form.is_valid():
        errors = [message for messages in form.errors.values() for message in messages]
        return JsonResponse({"errors": errors}, status=400)
    query = form.search_query()
    results = search_run(query)
    query_log(tenant=tenant, query=query, results=results, scope=request.GET.get("scope", "site"))
    return JsonResponse(
        {
            "query": form.cleaned_data["q"],
            "page": query.page,
            "page_size": query.page_size,
            "total": results.total,
            "total_estimated": results.total_estimated,
            "facets_estimated": results.facets_estimated,
            "notice": results.notice,
            "best_bets": [
                {"title": bet.title, "url": bet.url, "description": bet.description}
                for bet in best_bets_for(
                    query_text=form.cleaned_data["q"], tenant_id=getattr(tenant, "pk", None)
                )
            ],
            "results": [_hit(hit) for hit in results.hits],
            "facets": facet_labels(results.facets),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _array(name, description, enum=None):
    items = {"type": "string"}
    if enum:
        items["enum"] = list(enum)
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": items},
        "style": "form",
        "explode": True,
    }


def openapi_document() -> dict:
    string = {"type": "string"}
    facet_value = {
        "type": "object",
        "required": ["value", "label", "count"],
        "properties": {
            "value": string,
            "label": string,
            "count": {"type": "integer", "minimum": 0},
        },
    }
    hit = {
        "type": "object",
        "required": ["id", "title", "url", "site", "content_type"],
        "properties": {
            "id": string,
            "title": string,
            "title_html": string,
            "snippet_html": string,
            "url": {"type": "string", "format": "uri"},
            "site": {
                "type": "object",
                "properties": {"name": string, "level": string},
                "required": ["name", "level"],
            },
            "content_type": {"type": "string", "enum": sorted(set(CONTENT_TYPES.values()))},
            "published_at": {"type": "string", "format": "date-time", "nullable": True},
            "document_number": string,
            "index_number": string,
            "validity": string,
            "other_copies": {"type": "integer", "minimum": 0},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "政务网站集约化平台 全站搜索 API",
            "version": "1.0.0",
            "description": "在本站、本级及下级或全部站点中检索已公开的信息。",
        },
        "paths": {
            "/api/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "检索",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": f"关键词、带引号的短语、发文字号或索引号；超过{MAX_QUERY_CHARS}字的部分不计。",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "scope",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": [value for value, _ in SCOPES]},
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": [value for value, _ in SORTS]},
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "description": f"页码，1至{MAX_PAGE}（每页{PAGE_SIZE}条，最多{MAX_RESULT_WINDOW}条）。",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                        },
                        _array("site", "站点编号（范围为全部站点时）"),
                        _array("level", "站点层级", ["city", "county", "township", "department"]),
                        _array("type", "内容类型", sorted(set(CONTENT_TYPES.values()))),
                        _array("topic", "主题分类代码"),
                        _array("doctype", "文种代码"),
                        _array("year", "发布年份"),
                        _array("validity", "有效性"),
                    ],
                    "responses": {
                        "200": {
                            "description": "检索结果",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "total",
                                            "total_estimated",
                                            "facets_estimated",
                                            "results",
                                            "facets",
                                            "page",
                                        ],
                                        "properties": {
                                            "query": string,
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "total": {"type": "integer", "minimum": 0},
                                            "total_estimated": {
                                                "type": "boolean",
                                                "description": "为 true 时结果超过 total 条，"
                                                "total 为计数上限（“N 条以上”）",
                                            },
                                            "facets_estimated": {
                                                "type": "boolean",
                                                "description": "为 true 时各筛选项数量"
                                                "按部分结果统计，为估算值",
                                            },
                                            "notice": string,
                                            "best_bets": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "required": ["title", "url"],
                                                    "properties": {
                                                        "title": string,
                                                        "url": string,
                                                        "description": string,
                                                    },
                                                },
                                            },
                                            "results": {"type": "array", "items": hit},
                                            "facets": {
                                                "type": "object",
                                                "properties": {
                                                    name: {"type": "array", "items": facet_value}
                                                    for name in FACETS
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "参数有误（如页码超出范围）",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["errors"],
                                        "properties": {
                                            "errors": {"type": "array", "items": string}
                                        },
                                    }
                                }
                            },
                        },
                    },
                }
            }
        },
    }


@require_GET
def schema_view(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
