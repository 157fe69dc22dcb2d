"""The explanation facility: why a question is asked, and how a cause was concluded."""

from __future__ import annotations

from advisor.engine.scoring import base_logit
from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text


def why_asking(kb: KnowledgeBase, question_id: str, diagnosis: Diagnosis) -> Text:
    """The question's purpose, then how each answer would move the current top hypotheses."""
    question = kb.questions[question_id]
    top = [c.id for c in diagnosis.causes[:4]] or list(kb.causes)[:0]
    zh, en = [question.why.zh], [question.why.en]
    for option in question.options:
        moves = [(c, w) for c, w in option.weights.items() if c in top or abs(w) >= 2.0]
        if not moves:
            continue
        moves.sort(key=lambda m: -abs(m[1]))
        zh.append(f"· 若答“{option.label.zh}”：" + "，".join(
            f"{kb.causes[c].title.zh}{'↑' if w > 0 else '↓'}" for c, w in moves[:3]))
        en.append(f'· "{option.label.en}" would move: ' + ", ".join(
            f"{kb.causes[c].title.en} {'up' if w > 0 else 'down'}" for c, w in moves[:3]))
    return Text(zh="\n".join(zh), en="\n".join(en))


def how_concluded(kb: KnowledgeBase, diagnosis: Diagnosis, cause_id: str) -> Text:
    """The chain of evidence for one ranked cause, strongest first, ending in its score."""
    ranked = next((c for c in diagnosis.causes if c.id == cause_id), None)
    cause = kb.causes[cause_id]
    if ranked is None:
        return Text(zh=f"“{cause.title.zh}”没有得到足够的证据，未列入结果。",
                    en=f'"{cause.title.en}" did not get enough evidence to be listed.')
    zh = [f"起点：按常见程度（先验 {cause.prior:.2f}）为 {base_logit(kb, cause_id):+.1f}"]
    en = [f"Start: {base_logit(kb, cause_id):+.1f} from how common it is (prior {cause.prior:.2f})"]
    for item in ranked.evidence:
        zh.append(f"{item.weight:+.1f}  {item.reason.zh}")
        en.append(f"{item.weight:+.1f}  {item.reason.en}")
    zh.append(f"= 得分 {ranked.score:.2f}")
    en.append(f"= score {ranked.score:.2f}")
    return Text(zh="\n".join(zh), en="\n".join(en))
