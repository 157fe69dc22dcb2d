"""The help screen: the flow and every key, in the current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from advisor.tui.screens.base import LangModal

HELP = {
    "en": """\
# advisor — help

**The flow.** Describe what you see (optional), add your training logs (optional), look at \
the curve and what was detected, answer a few questions, read the result. Questions your \
log or your description already answer are skipped and shown as such. `advisor learn` opens \
practice cases instead: read a curve, name the cause, get feedback.

| key | where | what |
|---|---|---|
| `l` (`Ctrl+L` while typing) | everywhere | cycle the language: 中文 → English → both |
| `F1` | everywhere | this help |
| `Ctrl+P` | everywhere | command palette: why asking, how concluded, language, export, demo |
| `Enter` / `Ctrl+G` | start | continue (to the log view, or the questions) |
| `→` / `End` | path input | accept the path completion |
| `Ctrl+O` | start | browse folders for a log |
| `s` | log view | switch the right-axis series (lr / grad norm / none) |
| `1`-`9`, `↑↓` + `Enter` | question | answer ("I don't know" is always the last option) |
| `?` | question | why this question is asked |
| `b` / `Backspace` | question, result | go back and change an answer |
| `r` | question | show the result now |
| `↑↓` | result | pick a cause |
| `w` | result | how it was concluded |
| `t` | result | next framework's code |
| `c` | result | copy the code shown |
| `e` | result | export a Markdown report (never overwrites a file) |
| `k` (`F2` on the start screen) | everywhere | knowledge browser: causes, symptoms, myths, playbooks, glossary |
| type, `↓`, `Enter` | knowledge | search in either language; open a result; `Enter` on a link follows it |
| `Esc` / `b`, `/` | knowledge | back along the links followed (then close); back to the search box |
| `↑↓` + `Enter` | practice list | open a case (`advisor learn`; ✓ = answered right before) |
| `h` | practice case | hints: events on the chart, what the log answers; again: answer the next guided question |
| `a`, then number or `↑↓` + `Enter` | practice case | name the cause; feedback follows and is recorded |
| `n` / `s` / `Esc` | practice case | next case / right-axis series / back to the list |
| `Ctrl+Q` | everywhere | quit |
""",
    "zh": """\
# advisor — 帮助

**流程：** 描述现象（可选），添加训练日志（可选），查看曲线和检测到的事件，回答几个问题，\
查看结论。日志或描述已经回答过的问题会被跳过，并注明来源。`advisor learn` 则打开练习案例：\
读曲线、说出原因、看反馈。

| 按键 | 位置 | 作用 |
|---|---|---|
| `l`（输入时用 `Ctrl+L`） | 任意 | 切换语言：中文 → English → 双语 |
| `F1` | 任意 | 本帮助 |
| `Ctrl+P` | 任意 | 命令面板：为什么问、如何得出、语言、导出、示例 |
| `Enter` / `Ctrl+G` | 开始页 | 继续（到日志页或问题） |
| `→` / `End` | 路径输入框 | 接受路径补全 |
| `Ctrl+O` | 开始页 | 浏览文件夹选择日志 |
| `s` | 日志页 | 切换右轴曲线（学习率 / 梯度范数 / 无） |
| `1`-`9`、`↑↓` + `Enter` | 问题 | 作答（最后一项总是“不知道”） |
| `?` | 问题 | 为什么问这个问题 |
| `b` / `Backspace` | 问题、结果 | 返回并修改回答 |
| `r` | 问题 | 直接查看结果 |
| `↑↓` | 结果 | 选择原因 |
| `w` | 结果 | 如何得出这个结论 |
| `t` | 结果 | 切换框架代码 |
| `c` | 结果 | 复制显示的代码 |
| `e` | 结果 | 导出 Markdown 报告（不会覆盖已有文件） |
| `k`（开始页用 `F2`） | 任意 | 知识库：原因、症状、误区、处置手册、术语 |
| 输入、`↓`、`Enter` | 知识库 | 中英文搜索；打开结果；在链接上按 `Enter` 跳转 |
| `Esc` / `b`、`/` | 知识库 | 沿跳转路径返回（到头则关闭）；回到搜索框 |
| `↑↓` + `Enter` | 练习列表 | 打开案例（`advisor learn`；✓ 表示曾经答对） |
| `h` | 练习案例 | 提示：图上标出事件、日志能回答什么；再按：回答下一个引导问题 |
| `a`，再按编号或 `↑↓` + `Enter` | 练习案例 | 说出原因；随后给出反馈并记录进度 |
| `n` / `s` / `Esc` | 练习案例 | 下一个案例 / 切换右轴曲线 / 返回列表 |
| `Ctrl+Q` | 任意 | 退出 |
""",
}


class HelpScreen(LangModal[None]):
    BINDINGS = [Binding("escape,q,f1", "close", "Close")]
    AUTO_FOCUS = "#help-box"  # focused, the box scrolls with arrows, PgUp/PgDn, Home/End

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(id="help-body")

    def relabel(self) -> None:
        body = HELP["zh"] + "\n" + HELP["en"] if self.lang == "both" else HELP[self.lang]
        self.query_one("#help-body", Markdown).update(body)

    def action_close(self) -> None:
        self.dismiss(None)
