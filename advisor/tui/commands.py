"""Command palette entries for the main actions, titled in the current language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from textual.screen import Screen

    from advisor.tui.app import AdvisorApp

PALETTE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "why": (("为什么问这个？", "解释当前问题的用途"), ("Why are you asking this?", "Explain the current question")),
    "how": (("如何得出这个结论？", "所选原因的证据链"),
            ("How did you conclude that?", "The evidence for the selected cause")),
    "lang": (("切换语言", "中文 → English → 双语"), ("Switch language", "中文 → English → both")),
    "export": (("导出报告", "把本次排查保存为 Markdown（不覆盖已有文件）"),
               ("Export report", "Save this consultation as Markdown (never overwrites)")),
    "demo": (("打开示例日志", "加载内置的示例训练日志"), ("Open demo log", "Load the bundled example training log")),
    "knowledge": (("浏览知识库", "原因、症状、误区、处置手册和术语；中英文模糊搜索，条目互相链接"),
                  ("Browse knowledge", "Causes, symptoms, myths, playbooks and terms; fuzzy search in "
                   "both languages, entries linked to each other")),
    "learn": (("练习案例", "读曲线、找原因：带反馈和进度的练习"),
              ("Practice cases", "Read a curve, name the cause: practice with feedback and progress")),
    "help": (("帮助", "流程和按键"), ("Help", "The flow and every key")),
}
"""key -> ((zh title, zh help), (en title, en help)); "both" uses English titles, which the
palette's fuzzy search matches as typed on any keyboard."""


def palette_commands(app: AdvisorApp, screen: Screen) -> Iterator[SystemCommand]:
    index = 0 if app.lang == "zh" else 1
    actions = {"why": partial(app.action_why, screen), "how": partial(app.action_how, screen),
               "lang": app.action_switch_language, "export": app.action_export,
               "demo": app.action_demo, "knowledge": app.action_knowledge,
               "learn": app.action_learn, "help": app.action_help}
    for key, callback in actions.items():
        title, help_text = PALETTE[key][index]
        yield SystemCommand(title, help_text, callback)
