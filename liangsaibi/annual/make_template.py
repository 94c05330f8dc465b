"""Write the 年度通报's shipped template, template.docx, in the 季度通报's styles and page (GB/T 9704):
`python -m liangsaibi.annual.make_template`."""

from liangsaibi.annual.bulletin import SHIPPED
from liangsaibi.bulletin import make_template as quarterly

TABLES = {
    "streets": ([20, 60, 38, 38], ["名次", "街道", "年度总分", "计入村(社区)"], ["rank", "street", "total", "units"]),
    "best": ([20, 46, 56, 34], ["名次", "街道", "村(社区)", "年度总分"], ["rank", "street", "unit", "total"]),
    "flags": ([56, 60, 40], ["季度", "街道", "总分"], ["quarter", "street", "total"]),
    "lessons": (
        [34, 22, 22, 22, 30, 26],
        ["街道", "亮点数", "问题数", "已整改", "逾期未整改", "整改率"],
        ["street", "highlights", "problems", "done", "overdue", "rate"],
    ),
}


def body(document) -> None:
    def text(words: str, style: str = "Normal"):
        document.add_paragraph(words, style=style)

    def paragraphs(name: str):
        text(f"{{%p for text in {name} %}}"), text("{{ text }}"), text("{%p endfor %}")

    text("{{ title }}", "通报标题"), text("")
    text("{{ addressees }}", "主送")
    text("现将{{ span }}全区村(社区)党组织书记“亮赛比”活动评定情况通报如下。")
    text("一、总体情况", "Heading 1")
    paragraphs("overall")
    text("二、年度排名与等次", "Heading 1")
    text("{{ ranking_note }}")
    text("（一）街道年度排名", "Heading 2")
    quarterly.table(document, *TABLES["streets"], "streets")
    text("（二）优秀村(社区)", "Heading 2")
    text("{%p if best %}")
    quarterly.table(document, *TABLES["best"], "best")
    text("{%p else %}"), text("{{ no_best }}"), text("{%p endif %}")
    text("三、流动红旗", "Heading 1")
    paragraphs("flag_lines")
    quarterly.table(document, *TABLES["flags"], "flags")
    text("四、承诺事项完成情况", "Heading 1")
    text("{{ commitment_summary }}")
    text("{%p if has_commitments %}")
    quarterly.table(document, *quarterly.TABLES["completion"], "completion")
    text("{%p endif %}")
    text("五、亮点与整改", "Heading 1")
    text("{{ lessons_summary }}")
    quarterly.table(document, *TABLES["lessons"], "lessons")
    text("六、下步要求", "Heading 1")
    paragraphs("requirements")
    text("")
    text("{{ office }}", "落款"), text("{{ date }}", "落款")


if __name__ == "__main__":
    print(f"已写入 {quarterly.make(SHIPPED, body, '年度通报模板')}")
