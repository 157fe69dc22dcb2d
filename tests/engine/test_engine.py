"""The engine with the real knowledge base and hand-made findings."""

from __future__ import annotations

import pytest

from advisor.engine import Session, diagnose, how_concluded, understand, why_asking
from advisor.model.finding import Finding


def facts(diagnosis):
    return {f.question: (f.option, f.source) for f in diagnosis.facts}


def test_log_finding_answers_a_question_and_the_tree_skips_it(kb):
    nan = Finding("nan_loss", step=4180, magnitude=1.0, confidence=0.95, values={"count": 12})
    d = diagnose(kb, findings=[nan], logs_read=True)
    assert facts(d)["loss_behavior"] == ("nan", "log")
    skipped = [t for t in d.trace if t.kind == "skip" and t.question == "loss_behavior"]
    assert skipped and "Answered from your log" in skipped[0].text.en
    assert d.next_question == "precision"  # the NaN branch asks about precision next
    assert d.verdict == "problem"
    assert {"fp16_overflow", "numerical_instability"} & {c.id for c in d.causes[:3]}


def test_finding_weights_scale_with_confidence(kb):
    strong = diagnose(kb, findings=[Finding("lr_jump", step=900, confidence=1.0)], logs_read=True)
    weak = diagnose(kb, findings=[Finding("lr_jump", step=900, confidence=0.3)], logs_read=True)
    score = {c.id: c.score for c in strong.causes}["lr_schedule_misconfigured"]
    weak_score = {c.id: c.score for c in weak.causes}.get("lr_schedule_misconfigured", 0.0)
    assert score > weak_score


def test_healthy_log_gives_healthy_verdict_and_no_causes(kb):
    blip = Finding("harmless_blip", step=1200, values={"peak": 2.9, "baseline": 2.4})
    calibration = Finding("loss_scale_calibration", step=0, values={"count": 6, "after": 32768.0})
    d = diagnose(kb, findings=[blip, calibration], logs_read=True)
    assert d.verdict == "healthy" and d.causes == []


def test_a_user_report_overrides_a_quiet_log(kb):
    d = diagnose(kb, "loss突然变成nan了", findings=[], logs_read=True)
    assert d.verdict == "problem"


def test_nothing_to_go_on_is_unclear(kb):
    d = diagnose(kb, "hello there")
    assert d.verdict == "unclear" and d.causes == [] and d.next_question == "loss_behavior"


@pytest.mark.parametrize(("text", "question", "option"), [
    ("loss突然nan了", "loss_behavior", "nan"),
    ("训练到第3个epoch验证集loss开始上升", "loss_behavior", "val_rises"),
    ("没开梯度裁剪, loss 爆了", "grad_clipping", "no"),
    ("没有用混合精度，loss突然nan了", "precision", "fp32"),
    ("using fp16 with GradScaler and the loss went nan", "precision", "fp16"),
    ("mixed precision bf16 run, spikes", "precision", "bf16"),
    ("we train without gradient clipping", "grad_clipping", "no"),
    ("loss jumped right after resuming from checkpoint", "recent_change", "resumed"),
    ("finetuning bert and the loss jumped after I unfroze the backbone", "onset", "planned_phase"),
])
def test_free_text_states_answers(kb, text, question, option):
    d = diagnose(kb, text)
    assert facts(d).get(question, (None,))[0] == option, facts(d)


def test_negation_does_not_flip_meaning(kb):
    q = understand(kb, "loss is not nan but it keeps growing")
    nan = [s for s in q.symptoms if s.symptom == "nan_loss"]
    assert nan == [] or all(s.negated for s in nan)
    assert "loss_behavior" not in facts(diagnose(kb, "loss is not nan")) or \
        facts(diagnose(kb, "loss is not nan"))["loss_behavior"][0] != "nan"


def test_typos_still_match(kb):
    d = diagnose(kb, "val los going up whlie train loss goes down")
    assert facts(d)["loss_behavior"][0] == "val_rises"


def test_numbers_are_read(kb):
    assert understand(kb, "loss nan at step 12,000").mentions == {"step": 12000}
    assert understand(kb, "第3个epoch开始loss上升").mentions == {"epoch": 3}


def test_explicit_answer_beats_text_and_the_conflict_is_traced(kb):
    d = diagnose(kb, "using fp16", answers={"precision": "bf16"})
    assert facts(d)["precision"] == ("bf16", "answer")
    assert any(t.kind == "conflict" for t in d.trace)


def test_myth_guard_when_steps_are_too_large(kb):
    d = diagnose(kb, "loss exploded right when warmup ended, lr is high")
    assert d.causes[0].id == "lr_too_high"
    assert d.myths[0] == "raise_lr_against_instability"


def test_explanations(kb):
    d = diagnose(kb, "loss突然变成nan了，用的fp16")
    why = why_asking(kb, d.next_question, d)
    assert kb.questions[d.next_question].why.en in why.en
    how = how_concluded(kb, d, d.causes[0].id)
    assert "score" in how.en and "得分" in how.zh
    assert all(e.reason.en in how.en for e in d.causes[0].evidence)


def test_scores_are_probabilities_and_sorted(kb):
    d = diagnose(kb, "loss spikes every epoch, 8 gpus, fp16, no warmup, finetuning llama")
    scores = [c.score for c in d.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_session_back_changes_the_diagnosis(kb):
    session = Session(kb, text="loss went nan")
    first = session.diagnosis()
    assert first.next_question == "precision"
    after = session.answer("precision", "fp16")
    assert after.next_question == "loss_scale"
    assert {c.id: c.score for c in after.causes}["fp16_overflow"] > \
        {c.id: c.score for c in first.causes}.get("fp16_overflow", 0.0)
    assert session.back() == "precision"
    assert session.diagnosis().next_question == "precision"


def test_session_rejects_unknown_option(kb):
    from advisor.errors import UsageError

    with pytest.raises(UsageError):
        Session(kb).answer("precision", "fp8")


def test_shared_chinese_terms_are_shown_as_phrases_not_bigrams():
    from advisor.engine.retrieval import readable_terms

    cause_terms = {"突然", "然变", "变成", "新数", "数据", "换了", "了新"}
    shown = readable_terms(["然变", "变成", "fp16", "数据", "换了"], "loss突然变成nan 换了新数据", cause_terms)
    assert shown == ["突然变成", "fp16", "换了新数据"]
    # a grown phrase sheds particles at its edges, and a lone leftover character is dropped
    assert readable_terms(["了新"], "了新", {"了新"}) == []


def test_related_evidence_in_chinese_names_whole_phrases(kb):
    query = understand(kb, "loss突然变成nan了，用的fp16")
    assert any("突然变成" in r.terms for r in query.related)
    for related in query.related:  # no half-word bigram, no term inside another of its cause
        assert "然变" not in related.terms
        assert not any(a != b and a in b for a in related.terms for b in related.terms)


@pytest.mark.parametrize("text, present, absent", [
    ("验证集loss一直在涨", {"val_rises"}, {"divergence", "steady_rise"}),
    ("训练loss一直在涨，验证集loss也一直在涨", {"val_rises", "steady_rise"}, set()),
])
def test_a_longer_match_covers_the_generic_one_inside_it(kb, text, present, absent):
    found = {m.symptom for m in understand(kb, text).symptoms}
    assert present <= found and not (absent & found)
