"""check_answer and hints: the UI-free logic of a practice round."""

from __future__ import annotations

from advisor.learn import HEALTHY, check_answer, choice_title, choices, frame, hints


def test_right_answer(kb):
    case = kb.cases["lr_too_high_peak"]
    fb = check_answer(kb, case, "lr_too_high")
    assert fb.correct and fb.answer == "lr_too_high" and fb.expected == ("lr_too_high",)
    assert fb.titles[0] == kb.causes["lr_too_high"].title
    assert fb.reading == case.reading and fb.fix == case.fix
    assert fb.myth is not None and fb.myth.id == "raise_lr_against_instability"
    assert fb.finding == "warmup_end_spike"


def test_wrong_answer_still_teaches(kb):
    case = kb.cases["lr_too_high_peak"]
    fb = check_answer(kb, case, "bad_data_batch")
    assert not fb.correct
    assert fb.picked == "bad_data_batch" and fb.picked_title == kb.causes["bad_data_batch"].title
    assert fb.expected[0] == "lr_too_high" and fb.reading.en and fb.fix.zh


def test_accepted_alternative_counts(kb):
    case = kb.cases["postln_no_warmup"]
    assert check_answer(kb, case, "warmup_too_short").correct
    assert check_answer(kb, case, "lr_too_high").correct
    assert check_answer(kb, case, "fp16_overflow").correct is False


def test_healthy_case(kb):
    case = kb.cases["healthy_blip"]
    assert check_answer(kb, case, HEALTHY).correct
    fb = check_answer(kb, case, "bad_data_batch")
    assert not fb.correct and fb.titles[0].en.startswith("Healthy")
    assert fb.myth is not None and fb.myth.id == "spike_means_run_ruined"


def test_choices_are_healthy_and_every_cause(kb):
    options = choices(kb)
    assert options[0] == HEALTHY and set(options[1:]) == set(kb.causes)
    assert choice_title(kb, HEALTHY).zh
    assert choice_title(kb, "fp16_overflow") == kb.causes["fp16_overflow"].title


def test_hints_give_the_facts_the_log_answers(kb):
    h = hints(kb, kb.cases["lr_too_high_peak"])
    facts = {(f.question, f.option) for f in h.facts}
    assert ("loss_behavior", "diverges") in facts
    assert ("onset", "warmup_end") in facts
    assert all(f.text.en and f.text.zh for f in h.facts)
    assert {f.id for f in h.findings} >= {"warmup_end_spike", "divergence", "nan_loss"}
    assert len(h.messages) == len(h.findings)
    assert all("?" not in m.en and "?" not in m.zh for m in h.messages)  # every value filled in
    assert h.next_question is not None and h.next_question.id == "lr_level"
    assert not h.healthy


def test_hints_follow_the_learners_answers(kb):
    case = kb.cases["lr_too_high_peak"]
    first = hints(kb, case)
    options = [o.id for o in first.next_question.options]
    second = hints(kb, case, {first.next_question.id: options[0]})
    assert second.answered == {first.next_question.id: options[0]}
    assert second.next_question is None or second.next_question.id != first.next_question.id


def test_hints_for_a_healthy_run(kb):
    h = hints(kb, kb.cases["healthy_fp16_calibration"])
    assert h.healthy
    assert {(f.question, f.option) for f in h.facts} == {("precision", "fp16"), ("loss_scale", "few_early")}


def test_hints_never_name_the_cause(kb):
    case = kb.cases["pretrain_bad_batches"]
    h = hints(kb, case)
    assert not hasattr(h, "causes")
    assert all(case.answer not in (f.question, f.option) for f in h.facts)


def test_frame_is_a_copy(kb):
    case = kb.cases["healthy_gpt_small"]
    data = frame(case)
    data.loc[0, "loss"] = -1.0
    assert frame(case).loc[0, "loss"] != -1.0
