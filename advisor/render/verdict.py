"""The one-sentence answer at the top of every diagnosis."""

from __future__ import annotations

from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text


TOO_CLOSE = 0.05
"""Scores closer than this are a tie: the one-line answer names both causes."""


def verdict_text(kb: KnowledgeBase, diagnosis: Diagnosis) -> Text:
    if diagnosis.verdict == "healthy":
        benign = [kb.findings[f.id].title for f in diagnosis.findings if f.id in kb.findings]
        if benign:
            return Text(zh="日志里没有需要处理的问题。看到的只是：" + "；".join(t.zh for t in benign) + "。",
                        en="Nothing in the log needs action. What is there is: "
                           + "; ".join(t.en for t in benign) + ".")
        return Text(zh="日志里没有需要处理的问题：没有 NaN、尖峰、发散或异常的损失缩放。",
                    en="Nothing in the log needs action: no NaN, spike, divergence or loss-scale trouble.")
    if diagnosis.verdict == "unclear" and diagnosis.causes:
        leads = "、".join(kb.causes[c.id].title.zh for c in diagnosis.causes[:3])
        leads_en = "; ".join(kb.causes[c.id].title.en for c in diagnosis.causes[:3])
        return Text(
            zh=f"还不能下结论：你的描述没有说明损失具体出了什么问题。相关的方向：{leads}。请补充损失怎么变化、从什么时候开始，或提供训练日志。",
            en=f"No diagnosis yet: the description does not say what went wrong with the loss. "
               f"Related leads: {leads_en}. Say what the loss does and when it started, or give your training log.")
    if diagnosis.verdict == "unclear":
        return Text(
            zh="信息太少，还无法判断。请描述损失具体怎么变化（变成 NaN？突然尖峰？缓慢上升？只有验证损失上升？）、"
               "从什么时候开始，或者提供训练日志（日志太短时请提供更长的一段）。",
            en="Too little to go on yet. Say what the loss does (NaN? a sudden spike? a slow rise? only "
               "validation loss?), when it started, or give your training log (a longer stretch if it was short).")
    first = diagnosis.causes[0]
    top = kb.causes[first.id].title
    if len(diagnosis.causes) > 1 and first.score - diagnosis.causes[1].score < TOO_CLOSE:
        # naming one winner by a hair would overstate what is known
        second = kb.causes[diagnosis.causes[1].id].title
        ask = diagnosis.next_question is not None
        return Text(zh=f"最可能的两个原因还分不出先后：{top.zh}；{second.zh}。" + ("回答下面的问题来区分。" if ask else ""),
                    en=f"Two causes are about equally likely: {top.en}; {second.en}."
                       + (" Answer the question below to tell them apart." if ask else ""))
    return Text(zh=f"最可能的原因：{top.zh}。", en=f"Most likely cause: {top.en}.")
