"""Diagnosis -> the contract's JSON object; the only place that knows its field names."""

from __future__ import annotations

from typing import Any

import msgspec

from advisor.engine.explain import how_concluded, why_asking
from advisor.model.diagnosis import Diagnosis
from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text
from advisor.render.verdict import verdict_text


def diagnosis_dict(kb: KnowledgeBase, diagnosis: Diagnosis, lang: str, top: int = 5) -> dict[str, Any]:
    return {
        "lang": lang,
        "verdict": diagnosis.verdict,
        "summary": _text(verdict_text(kb, diagnosis)),
        "causes": [_cause(kb, diagnosis, c) for c in diagnosis.causes[:top]],
        "findings": [finding_dict(kb, f) for f in diagnosis.findings],
        "answers": [msgspec.to_builtins(f) for f in diagnosis.facts],
        "symptoms": [msgspec.to_builtins(s) for s in diagnosis.symptoms],
        "next_question": _question(kb, diagnosis),
        "myths": [_myth(kb, m) for m in diagnosis.myths],
        "framework": diagnosis.framework,
        "mentions": diagnosis.mentions,
        "trace": [{"kind": t.kind, "text": _text(t.text)} for t in diagnosis.trace],
    }


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def _cause(kb: KnowledgeBase, diagnosis: Diagnosis, ranked) -> dict[str, Any]:
    cause = kb.causes[ranked.id]
    return {
        "id": ranked.id,
        "score": ranked.score,
        "title": _text(cause.title),
        "summary": _text(cause.summary),
        "evidence": [{"source": e.source, "weight": e.weight, "text": _text(e.reason)}
                     for e in ranked.evidence],
        "how_concluded": _text(how_concluded(kb, diagnosis, ranked.id)),
        "fixes": [msgspec.to_builtins(f) for f in cause.fixes],
    }


def finding_dict(kb: KnowledgeBase, finding: Finding) -> dict[str, Any]:
    info = kb.findings.get(finding.id)
    message = finding_message(kb, finding)
    return {**msgspec.to_builtins(finding), "healthy": bool(info and info.healthy),
            "message": _text(message) if message else None}


def finding_message(kb: KnowledgeBase, finding: Finding) -> Text | None:
    """The finding's bilingual template filled with its numbers."""
    info = kb.findings.get(finding.id)
    if info is None:
        return None
    values = _Values(step=finding.step, end_step=finding.end_step, magnitude=finding.magnitude,
                     **finding.values)
    return Text(zh=info.message.zh.format_map(values), en=info.message.en.format_map(values))


class _Values(dict):
    """Template values: numbers shortened to 4 significant digits, missing ones shown as '?'."""

    def __getitem__(self, key):
        value = super().get(key)
        if value is None:
            return "?"
        if isinstance(value, float):
            return f"{value:.4g}"
        if isinstance(value, int):
            return f"{value:,}"
        return value

    def __missing__(self, key):
        return "?"


def _question(kb: KnowledgeBase, diagnosis: Diagnosis) -> dict[str, Any] | None:
    if diagnosis.next_question is None:
        return None
    question = kb.questions[diagnosis.next_question]
    return {
        "id": question.id,
        "text": _text(question.text),
        "why": _text(why_asking(kb, question.id, diagnosis)),
        "options": [{"id": o.id, "label": _text(o.label)} for o in question.options]
        + [{"id": "unknown", "label": {"zh": "不知道", "en": "I don't know"}}],
    }


def _myth(kb: KnowledgeBase, myth_id: str) -> dict[str, Any]:
    myth = kb.myths[myth_id]
    return {"id": myth.id, "claim": _text(myth.claim), "correction": _text(myth.correction),
            "why": _text(myth.why)}
