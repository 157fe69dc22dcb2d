"""The one-sentence answer at the top of every diagnosis."""

from __future__ import annotations

from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text


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
    top = kb.causes[diagnosis.causes[0].id].title
    return Text(zh=f"最可能的原因：{top.zh}。", en=f"Most likely cause: {top.en}.")
