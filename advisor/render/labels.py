"""Interface labels in both languages (headings, not expert content)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "cause": ("原因", "Cause"),
    "symptom": ("症状", "Symptom"),
    "myth": ("误区", "Myth"),
    "playbook": ("处置手册", "Playbook"),
    "term": ("术语", "Term"),
    "summary": ("概述", "Summary"),
    "mechanism": ("机制", "Mechanism"),
    "curve": ("曲线特征", "What the curves look like"),
    "symptoms": ("症状", "Symptoms"),
    "confirm": ("如何确认", "How to confirm"),
    "expect": ("判断", "Look for"),
    "fixes": ("解决办法（按尝试顺序）", "Fixes (try in this order)"),
    "when": ("适用条件", "When"),
    "related": ("相关原因", "Related causes"),
    "terms": ("相关术语", "Terms"),
    "sources": ("来源", "Sources"),
    "claim": ("错误说法", "The claim"),
    "correction": ("纠正", "Correction"),
    "why": ("原因", "Why"),
    "description": ("描述", "Description"),
    "phrases": ("常见说法", "How people say it"),
    "definition": ("定义", "Definition"),
    "aliases": ("别名", "Also called"),
    "see": ("参见", "See also"),
    "steps": ("步骤", "Steps"),
    "id": ("编号", "id"),
    "kind": ("类别", "kind"),
    "title": ("标题", "title"),
    "pytorch": ("PyTorch", "PyTorch"),
    "tensorflow": ("TensorFlow / Keras", "TensorFlow / Keras"),
    "paddle": ("PaddlePaddle", "PaddlePaddle"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return en if zh == en else f"{zh} / {en}"
