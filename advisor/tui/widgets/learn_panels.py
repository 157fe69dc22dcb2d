"""What the learn screens say, as `Content`: hints, feedback, the score, what the learner confuses.

Pure functions from `advisor.learn` results to styled text (shown in `Prose`, which wraps
Chinese properly). Nothing is judged here: `Hints`, `Feedback` and `Progress` come from
`advisor.learn`; this only lays them out in the current language.
"""

from __future__ import annotations

from textual.content import Content

from advisor.engine.facts import option_label
from advisor.learn import Feedback, Hints, choice_title
from advisor.learn.progress import Progress
from advisor.model.knowledge import KnowledgeBase
from advisor.render.diagnosis_json import finding_message
from advisor.tui.i18n import one_line, t
from advisor.tui.widgets.findings_list import numbered
from advisor.tui.widgets.loss_chart import Event

CONFUSIONS_SHOWN = 8


def heading(key: str, lang: str) -> Content:
    return Content.styled(t(key, lang), "bold $accent")


def events(kb: KnowledgeBase, hints: Hints) -> list[Event]:
    """The chart's numbered event lines for the findings on this curve."""
    out = []
    for number, finding in numbered(hints.findings):
        if number is not None:
            info = kb.findings.get(finding.id)
            out.append(Event(number, finding.step, bool(info and info.healthy)))
    return out


def hints_content(kb: KnowledgeBase, hints: Hints, lang: str) -> Content:
    """The detected events (numbered as on the chart), the questions the log answers, the
    learner's own answers, and the next guided question."""
    lines: list[Content] = [heading("hints_title", lang), Content.styled(t("hint_events", lang), "bold")]
    if not hints.findings:
        lines.append(Content.styled(t("no_findings", lang), "italic $text-muted"))
    for number, finding in numbered(hints.findings):
        info = kb.findings.get(finding.id)
        healthy = bool(info and info.healthy)
        parts: list = [(f"{number if number is not None else '·'} ", "bold"),
                       ("✓ " if healthy else "▲ ", "$success" if healthy else "$warning"),
                       (one_line(info.title, lang) if info else finding.id, "bold")]
        if finding.step is not None:
            parts.append((f"  @{finding.step:,}", "$text-muted"))
        message = finding_message(kb, finding)
        if message is not None:
            parts.append("\n" + message.pick(lang))
        lines.append(Content.assemble(*parts))
    lines += ["", Content.styled(t("hint_facts", lang), "bold")]
    if not hints.facts:
        lines.append(Content.styled(t("hint_no_facts", lang), "italic $text-muted"))
    lines += [Content.assemble(("✓ ", "$success"), fact.text.pick(lang)) for fact in hints.facts]
    if hints.answered:
        lines += ["", Content.styled(t("your_answers", lang), "bold")]
        for question_id, option_id in hints.answered.items():
            question = kb.questions[question_id]
            lines.append(Content.assemble("• ", one_line(question.text, lang), " → ",
                                          (one_line(option_label(kb, question_id, option_id), lang), "bold")))
    lines.append("")
    if hints.next_question is None:
        lines.append(Content.styled(t("no_more_questions", lang), "italic"))
    else:
        lines += [Content.styled(t("next_question", lang), "bold"),
                  Content(hints.next_question.text.pick(lang))]
    return Content("\n").join(lines)


def feedback_content(kb: KnowledgeBase, feedback: Feedback, lang: str) -> Content:
    """Right or wrong, the expected cause(s), the reading, the fix, and the myth to avoid."""
    answer = one_line(feedback.titles[0], lang)
    if feedback.correct:
        lines = [Content.assemble((t("right", lang), "bold $success"),
                                  (one_line(feedback.picked_title, lang), "bold"))]
    else:
        lines = [Content.assemble((t("wrong", lang), "bold $error"), one_line(feedback.picked_title, lang)),
                 Content.assemble((t("the_answer", lang), "bold"), (answer, "bold $success"))]
    others = [one_line(title, lang) for title, choice in zip(feedback.titles, feedback.expected)
              if choice not in (feedback.answer, feedback.picked)]
    if others:
        lines.append(Content.assemble((t("also_right", lang), "$text-muted"), "; ".join(others)))
    lines += ["", heading("expert_reading", lang), Content(feedback.reading.pick(lang)),
              "", heading("what_to_do", lang), Content(feedback.fix.pick(lang))]
    if feedback.myth is not None:
        colon = "：" if lang == "zh" else ": "
        lines += ["", Content.assemble((f"⚠ {t('myth', lang)}{colon}", "bold $warning"),
                                       (feedback.myth.claim.pick(lang), "italic")),
                  Content(feedback.myth.correction.pick(lang))]
    return Content("\n").join(lines)


def score_line(right: int, total: int, lang: str) -> Content:
    return Content.styled(t("session_score", lang, right=right, total=total), "bold")


def overall_line(progress: Progress, cases: int, lang: str) -> Content:
    return Content.styled(t("overall_score", lang, right=progress.right, total=progress.total,
                            solved=len(progress.solved()), cases=cases), "$text-muted")


def confusions_content(kb: KnowledgeBase, progress: Progress, lang: str) -> Content:
    """answer -> what the learner picked instead, most frequent first (from the progress file)."""
    lines = [heading("confuse_title", lang)]
    confusions = progress.confusions()
    if not confusions:
        lines.append(Content.styled(t("confuse_none", lang), "italic $text-muted"))
    for answer, picked, count in confusions[:CONFUSIONS_SHOWN]:
        lines.append(Content.assemble(("• ", "$accent"), (one_line(choice_title(kb, answer), lang), "bold")))
        lines.append(Content.assemble("  ", (t("confuse_picked", lang), "$text-muted"),
                                      one_line(choice_title(kb, picked), lang), (f"  ×{count}", "bold $warning")))
    return Content("\n").join(lines)
