"""Django's ``{# #}`` comment ends at the line's end: a longer one is printed to visitors."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_has_a_one_line_comment_spread_over_several_lines():
    spread = []
    for folder in ("themes", "sites", "cluster", "search"):
        for template in (ROOT / folder).rglob("*.html"):
            for number, line in enumerate(template.read_text("utf-8").splitlines(), 1):
                if line.count("{#") > line.count("#}"):
                    spread.append(f"{template.relative_to(ROOT)}:{number}")
    assert spread == [], "use {% comment %} for comments over several lines"
