"""The bulletin as a .docx: the department's template if it has put one in data/templates/, else the shipped one."""

import io
import re
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from liangsaibi.bulletin.content import bulletin
from liangsaibi.bulletin.make_template import SHIPPED
from liangsaibi.store import db

USER_TEMPLATE = db.ROOT / "data" / "templates" / "季度通报.docx"


class TemplateRefused(Exception):
    """A template that cannot make the bulletin; the message names the file and the placeholder. Nothing was written."""


def template_path() -> Path:
    """The template in use: data/templates/季度通报.docx when the department has put one there."""
    return USER_TEMPLATE if USER_TEMPLATE.is_file() else SHIPPED


def render(quarter: str, template: Path | None = None, wenhao: str = "") -> bytes:
    """The bulletin of a quarter as .docx bytes (with a 文号, under a 红头), or TemplateRefused saying what in the
    template is wrong."""
    return fill(bulletin(quarter, wenhao=wenhao), template or template_path())


def fill(context: dict, template: Path) -> bytes:
    """A template filled with the bulletin's values; user text is escaped, never read as Word markup."""
    document = opened(template)
    unknown = sorted(_undeclared(document, template) - set(context))
    if unknown:
        raise TemplateRefused(
            f"模板 {template} 中的占位符 {'、'.join(f'「{name}」' for name in unknown)} 不是已知的名称，"
            f"可能拼写有误。可用的名称：{'、'.join(context)}。请改正模板后重试；未生成通报。"
        )
    try:
        # Sandboxed: a template is a file anyone with access to data/templates/ can replace, and plain Jinja lets
        # {{ cycler.__init__.__globals__.os.popen('…') }} run a command as the dashboard.
        document.render(context, SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
    except UndefinedError as error:  # a misspelt part of a row, e.g. {{ row.totl }}: only rendering finds it
        name = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", str(error))
        named = next(filter(None, name.groups())) if name else str(error)
        raise TemplateRefused(
            f"模板 {template} 中的占位符「{named}」不是已知的名称，可能拼写有误；未生成通报。"
        ) from None
    except SecurityError:
        raise TemplateRefused(
            f"模板 {template} 中有不允许的写法（只能用占位符和简单的条件、循环，不能调用程序内部的功能），"
            "可能被人改动过。请换回自带模板或改正后重试；未生成通报。"
        ) from None
    except TemplateSyntaxError as error:
        raise _syntax(template, error) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def opened(template: Path) -> DocxTemplate:
    """A template file opened, or TemplateRefused when it is missing or not a Word .docx."""
    if not Path(template).is_file():
        raise TemplateRefused(f"找不到模板 {template}；未生成通报。")
    try:
        document = DocxTemplate(template)
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError):
        raise TemplateRefused(
            f"模板 {template} 不是 Word 文档（.docx）。请在 Word 或 WPS 中另存为 .docx 后重试；未生成通报。"
        ) from None
    return document


def _undeclared(document: DocxTemplate, template: Path) -> set[str]:
    try:
        return document.get_undeclared_template_variables()
    except TemplateSyntaxError as error:
        raise _syntax(template, error) from None


def _syntax(template: Path, error: TemplateSyntaxError) -> TemplateRefused:
    near = "".join(getattr(error, "docx_context", []) or []).strip()[:80]
    where = f"，在「{near}」附近" if near else ""
    return TemplateRefused(
        f"模板 {template} 中有写错的占位符（{error.message}{where}）。占位符应写成 {{{{ 名称 }}}}，"
        f"命令写成 {{% … %}}，括号须成对；未生成通报。"
    )
