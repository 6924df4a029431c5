from sites.core.text_import import import_document, split_articles

PAGE = """当前位置: 首页 > 信息公开 > 规划计划
某市人民政府办公室关于印发《工作要点》的通知
发布时间:2017-03-22 10:53 作者: 来源:市政务中心 字体:【大】 【中】 【小】 浏览次数:
某市人民政府办公室
关于印发《工作要点》的通知
某政办函〔2017〕19号
各区县人民政府，市直各单位：
《工作要点》已经市人民政府同意，现印发给你们，请认真贯彻执行，抓好落实。
分享到:
扫一扫在手机打开当前页
"""


def test_import_strips_page_furniture_and_keeps_the_document():
    doc = import_document(PAGE, title="某市人民政府办公室关于印发《工作要点》的通知")
    assert doc.doc_number == "某政办函〔2017〕19号"
    assert doc.paragraphs == [
        "各区县人民政府，市直各单位：",
        "《工作要点》已经市人民政府同意，现印发给你们，请认真贯彻执行，抓好落实。",
    ]


def test_import_escapes_html_in_paragraphs():
    doc = import_document(
        "标题\n<b>加粗</b>的正文段落，长度超过二十五个字符以便成为正文开头。", title="标题"
    )
    assert "&lt;b&gt;" in doc.html


def test_split_articles_on_numbered_headings():
    text = "第一篇:甲文\n甲文\n第一段。\n第二篇:乙文.\n乙文\n第二段。\n"
    articles = split_articles(text)
    assert [a.title for a in articles] == ["甲文", "乙文"]
    assert articles[1].paragraphs == ["第二段。"]
