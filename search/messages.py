"""What the public is told about a search (SearchResults.notice), the same for every backend."""

EMPTY_QUERY = "请输入要搜索的词语、发文字号或索引号。"
TOO_DEEP = "只能查看前 {window} 条结果，请增加搜索词或筛选条件缩小范围。"
SIMILAR_ONLY = "没有找到完全匹配的结果，以下是标题或文号相近的结果。"
UNAVAILABLE = "搜索暂时不可用，请稍后再试。"
