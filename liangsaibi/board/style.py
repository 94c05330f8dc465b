"""Chart style shared by the pages' and the meeting screen's figures: fonts, colours, plotly's toolbar in Chinese.

Plain plotly, no Streamlit: the figures are built and tested without it, and the command line never loads it."""

import plotly.graph_objects as go

GRADE_COLOURS = {"优秀": "#1b7f3b", "良好": "#1f6fb2", "一般": "#d89614", "较差": "#c0392b"}
FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
# plotly's toolbar tooltips in Chinese, given with each chart (plotly.js takes a locale's words in its config,
# so no locale file is fetched), and without plotly's logo, a link to the internet.
MODEBAR_WORDS = {
    "Download plot as a png": "下载为图片",
    "Download plot": "下载图片",
    "Zoom": "框选放大",
    "Pan": "平移",
    "Box Select": "框选",
    "Lasso Select": "套索选择",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "还原坐标轴",
    "Reset view": "还原视图",
    "Reset views": "还原视图",
    "Reset": "还原",
    "Toggle Spike Lines": "显示/隐藏参考线",
    "Show closest data on hover": "悬停显示最近的数据",
    "Compare data on hover": "悬停比较数据",
    "Toggle show closest data on hover": "切换悬停显示最近的数据",
    "Double-click to zoom back out": "双击还原",
    "Double-click on legend to isolate one trace": "双击图例只看这一项",
    "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
    "Snapshot succeeded": "图片已生成",
    "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败。",
}
CHART_CONFIG = {"displaylogo": False, "locale": "zh-CN", "locales": {"zh-CN": {"dictionary": MODEBAR_WORDS}}}


def style(figure: go.Figure, height: int = 420) -> go.Figure:
    """Chinese-capable fonts, readable tick labels and room for long street names."""
    figure.update_layout(
        height=height,
        font_family=FONT,
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font_family=FONT),
        legend_title_text="",
    )
    figure.update_xaxes(tickfont_size=14, title_font_size=14)
    figure.update_yaxes(tickfont_size=14, title_font_size=14)
    return figure


def shade(figure: go.Figure, first: int, last: int, label: str, opacity: float) -> None:
    """A grey band behind the categories first … last of the x axis, labelled at its top."""
    figure.add_vrect(
        x0=first - 0.5,
        x1=last + 0.5,
        fillcolor="#999999",
        opacity=opacity,
        layer="below",
        line_width=0,
        annotation_text=label,
        annotation_position="top",
    )
