"""Interface words of the TUI in both languages, and live relabelling of footer bindings.

Expert content (cause titles, questions, fixes) comes from the knowledge base as `Text`
values; only the chrome of the interface (headings, hints, key names) is here. "both"
shows short labels as "中文 / English" on one line and long texts Chinese first, then
English (`Text.pick`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from advisor.model.text import LANGS, Text

if TYPE_CHECKING:
    from textual.dom import DOMNode

UI: dict[str, tuple[str, str]] = {
    "app_title": ("损失排查助手", "Loss advisor"),
    "start_title": ("训练损失为什么突然上升？", "Why did my training loss suddenly go up?"),
    "start_sub": ("描述现象、加上训练日志，或直接回答引导问题。全部离线运行。",
                  "Describe what you see, add your training log, or go straight to the questions. "
                  "Everything runs offline."),
    "describe": ("用一句话描述问题（可选）", "Describe the problem in a sentence (optional)"),
    "describe_ph": ("例如：fp16 训练到 3000 步 loss 变成 nan", "e.g. loss turned NaN after 3000 steps with fp16"),
    "logs": ("训练日志（可选）", "Training logs (optional)"),
    "path_ph": ("日志路径，→ 补全，回车添加", "log path; → completes, Enter adds"),
    "add": ("添加", "Add"),
    "browse": ("浏览…", "Browse…"),
    "continue": ("继续 →", "Continue →"),
    "questions": ("直接提问", "Questions only"),
    "no_logs": ("尚未添加日志。", "No log added yet."),
    "reading": ("正在读取…", "reading…"),
    "read_ok": ("{format}，{points} 个点，步 {steps}", "{format}, {points} points, steps {steps}"),
    "not_file": ("不是文件：{path}", "Not a file: {path}"),
    "format_hint": ("（advisor formats 列出支持的格式；用 advisor tui 日志 --format 名称 指定格式）",
                    "(advisor formats lists the formats; advisor tui LOG --format NAME forces one)"),
    "log_title": ("读取到的日志", "What was read"),
    "log_cols": ("文件|格式|数据点|步数范围|段", "file|format|points|steps|segments"),
    "findings": ("日志发现", "Found in the log"),
    "no_findings": ("没有检测到异常事件。", "No events detected."),
    "log_hint": ("回车：开始提问 · s：切换右轴曲线 · ↑↓：在图上标出发现",
                 "Enter: go to the questions · s: switch right-axis series · ↑↓: mark a finding"),
    "question_n": ("第 {n} 题，最多还有 {more} 题", "Question {n}, at most {more} more"),
    "question_last": ("第 {n} 题（最后一题）", "Question {n} (last one)"),
    "answered_already": ("已从你的日志或描述得到答案（跳过）：", "Already answered by your log or text (skipped):"),
    "dont_know": ("不知道", "I don't know"),
    "q_hint": ("1-9 或 ↑↓ 回车 作答 · ? 为什么问 · b 返回修改 · r 直接看结果",
               "1-9 or ↑↓ Enter to answer · ? why ask · b go back · r result now"),
    "hypotheses": ("当前假设", "Current hypotheses"),
    "last_answer": ("上一个回答：", "Last answer: "),
    "moved": ("影响：", "Moved: "),
    "new": ("新", "new"),
    "no_hypotheses": ("还没有足够的信息。", "Not enough to go on yet."),
    "why_title": ("为什么问这个？", "Why are you asking this?"),
    "how_title": ("如何得出这个结论？", "How did you conclude that?"),
    "close_hint": ("Esc 或回车关闭", "Esc or Enter to close"),
    "ranking": ("可能的原因", "Likely causes"),
    "evidence": ("依据（如何得出）", "Evidence (how it was concluded)"),
    "fixes": ("解决办法（按顺序尝试）", "Fixes (try in this order)"),
    "code": ("代码", "Code"),
    "no_code": ("这个原因的修复没有代码片段。", "The fixes for this cause have no code snippets."),
    "myth": ("别踩这个坑", "Don't fall for this"),
    "exported": ("报告已保存：{path}", "Report saved to {path}"),
    "copied": ("已复制 {framework} 代码", "Copied the {framework} code"),
    "nothing_to_copy": ("这里没有可复制的代码。", "No code to copy here."),
    "not_now": ("现在没有可解释的问题。", "There is no question to explain right now."),
    "no_result": ("还没有诊断结果。", "There is no diagnosis yet."),
    # --- learn mode ---
    "learn_title": ("练习：读懂曲线，说出原因", "Practice: read the curve, name the cause"),
    "learn_sub": ("选一个案例（↑↓ 回车）。先读曲线和经过，需要时按 h 看提示，再按 a 说出原因。",
                  "Pick a case (↑↓ Enter). Read the curve and the story first, press h for hints "
                  "if you need them, then a to name the cause."),
    "level_beginner": ("入门", "Beginner"),
    "level_intermediate": ("进阶", "Intermediate"),
    "level_advanced": ("高级", "Advanced"),
    "session_score": ("本次练习：答对 {right}/{total}", "This session: {right}/{total} right"),
    "overall_score": ("累计：答对 {right}/{total} · 已掌握 {solved}/{cases} 个案例",
                      "All time: {right}/{total} right · {solved}/{cases} cases solved"),
    "confuse_title": ("你容易混淆的", "What you confuse"),
    "confuse_none": ("还没有答错的记录。", "No mistakes recorded yet."),
    "confuse_picked": ("误选为 ", "you picked "),
    "case_n": ("案例 {n}/{total} · {level}", "Case {n} of {total} · {level}"),
    "story": ("经过", "The story"),
    "hints_title": ("提示：日志能告诉你什么", "Hints: what the log tells you"),
    "hint_events": ("检测到的事件（编号同图中竖线）", "Detected events (numbered as on the chart)"),
    "hint_facts": ("日志已回答的引导问题", "Guided questions the log answers"),
    "hint_no_facts": ("日志本身没有回答任何引导问题。", "The log answers none of the guided questions by itself."),
    "your_answers": ("你的回答", "Your answers"),
    "next_question": ("下一个引导问题（再按 h 回答）", "Next guided question (press h again to answer it)"),
    "no_more_questions": ("引导问题已经问完：现在按 a 说出原因。",
                          "No more guided questions: press a to name the cause."),
    "case_keys": ("h 提示 · a 说出原因 · n 下一个 · b 返回列表", "h hints · a name the cause · n next case · b back to the list"),
    "case_keys_done": ("n 下一个案例 · k 在知识库里读答案 · b 返回列表",
                       "n next case · k read about the answer · b back to the list"),
    "pick_title": ("原因是什么？", "What is the cause?"),
    "pick_hint": ("输入编号或用 ↑↓ 选择，回车确认 · Esc 取消", "Type its number or use ↑↓, Enter to answer · Esc cancels"),
    "guided_hint": ("1-9 或 ↑↓ 回车 作答 · Esc 取消", "1-9 or ↑↓ Enter to answer · Esc cancels"),
    "right": ("✓ 答对了：", "✓ Right: "),
    "wrong": ("✗ 不对。你选了：", "✗ Not quite. You picked: "),
    "the_answer": ("答案：", "The answer: "),
    "also_right": ("也算对：", "Also accepted: "),
    "expert_reading": ("专家从这条曲线读出什么", "What an expert reads in this curve"),
    "what_to_do": ("怎么办", "What to do"),
    "answered_once": ("这个案例已经作答：按 n 进入下一个。", "You answered this case: press n for the next one."),
    "last_case": ("这是最后一个案例。", "That was the last case."),
    "not_saved": ("无法保存练习进度（{path}）：练习照常进行。", "Could not save your progress to {path}; the practice goes on."),
    "recovered": ("进度文件无法读取，已改名为 .bak 并重新开始记录。",
                  "The progress file could not be read; it was moved to .bak and a new record started."),
    # --- knowledge browser ---
    "kb_title": ("知识库", "Knowledge base"),
    "kb_search_ph": ("搜索原因、症状、误区、术语（中英文均可，容错）",
                     "Search causes, symptoms, myths, terms (either language, typos ok)"),
    "kb_no_match": ("没有与“{query}”匹配的条目。", "Nothing matches “{query}”."),
    "kb_links": ("链接（回车跳转）", "Links (Enter follows)"),
    "kb_no_links": ("没有链接。", "No links."),
    "kb_pick": ("从左边选择一个条目。", "Pick an entry on the left."),
    "kb_keys": ("输入即搜索 · ↓ 到结果 · 回车打开 · 在链接上回车跳转 · Esc/b 返回",
                "Type to search · ↓ to the results · Enter opens · Enter on a link follows it · Esc/b back"),
    "knowledge_button": ("知识库…", "Knowledge…"),
    "kinds_cause": ("原因", "Causes"),
    "kinds_symptom": ("症状", "Symptoms"),
    "kinds_myth": ("误区", "Myths"),
    "kinds_playbook": ("处置手册", "Playbooks"),
    "kinds_term": ("术语", "Glossary"),
    "link_symptoms": ("它的症状", "Its symptoms"),
    "link_related": ("相关原因", "Related causes"),
    "link_terms": ("术语", "Terms"),
    "link_fixes": ("解决办法（跳到该条）", "Fixes (jump to it)"),
    "link_myths": ("相关误区", "Myths about it"),
    "link_playbooks": ("处置手册", "Playbooks"),
    "link_producers": ("产生这个症状的原因", "Causes that produce it"),
    "link_see": ("参见", "See also"),
    "link_used_by": ("用到这个术语的原因", "Causes that use this term"),
    "link_tempts": ("容易在这些原因上误判", "Causes where it tempts"),
    "link_handles": ("适用的原因", "Causes it handles"),
}

ACTIONS: dict[str, tuple[str, str]] = {
    "cycle_lang": ("语言", "Language"),
    "switch_language": ("语言", "Language"),
    "help": ("帮助", "Help"),
    "continue": ("继续", "Continue"),
    "browse": ("浏览", "Browse"),
    "back": ("返回", "Back"),
    "change_answer": ("修改回答", "Back"),
    "series": ("右轴", "Series"),
    "why": ("为什么问", "Why?"),
    "result_now": ("看结果", "Result"),
    "how": ("如何得出", "How?"),
    "copy": ("复制代码", "Copy"),
    "export": ("导出", "Export"),
    "next_tab": ("框架", "Framework"),
    "close": ("关闭", "Close"),
    "quit": ("退出", "Quit"),
    "knowledge": ("知识库", "Knowledge"),
    "hints": ("提示", "Hints"),
    "answer": ("作答", "Answer"),
    "next_case": ("下一个", "Next case"),
    "cancel": ("取消", "Cancel"),
    "focus_search": ("搜索", "Search"),
}
"""Footer descriptions by action name (the part after any `app.` / `screen.` prefix)."""


def t(key: str, lang: str, **values: object) -> str:
    """The interface label `key` in `lang`, with `{name}` fields filled from `values`."""
    zh, en = UI[key]
    if lang == "zh":
        return zh.format(**values)
    if lang == "en":
        return en.format(**values)
    zh, en = zh.format(**values), en.format(**values)
    return en if zh == en else f"{zh} / {en}"


def columns(key: str, lang: str) -> list[str]:
    """Table headers stored as "a|b|c": one label per column ("文件/file" for both)."""
    zh, en = (part.split("|") for part in UI[key])
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return [f"{z}/{e}" for z, e in zip(zh, en)]


def text(key: str) -> Text:
    """The interface label `key` as a bilingual `Text` (for code that takes one)."""
    zh, en = UI[key]
    return Text(zh=zh, en=en)


def one_line(value: Text, lang: str) -> str:
    """A short bilingual value on one line ("zh / en" for both), for titles and list rows."""
    return value.pick(lang).replace("\n", " / ")


def next_lang(lang: str) -> str:
    """zh -> en -> both -> zh."""
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else "en"


def relabel_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite the footer descriptions of `node`'s bindings in `lang`.

    Textual has no public API to change a binding's description after start-up, and the
    footer reads `Binding.description`; so the node's own binding map (a per-instance copy
    Textual makes in `DOMNode.__init__`) is rebuilt with `dataclasses.replace`. The keys and
    actions are untouched, only the words change.
    """
    bindings = node._bindings.key_to_bindings  # noqa: SLF001 - see the docstring
    for key, items in bindings.items():
        bindings[key] = [_relabel(b, lang) for b in items]


def _relabel(binding, lang: str):
    action = binding.action.rsplit(".", 1)[-1].split("(", 1)[0]
    words = ACTIONS.get(action)
    if words is None or not binding.description:
        return binding
    zh, en = words
    description = zh if lang == "zh" else en if lang == "en" else f"{zh}/{en}"
    return dataclasses.replace(binding, description=description)
