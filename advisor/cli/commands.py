"""One short function per subcommand: gather inputs, call the core, hand to a renderer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from advisor.cli.lang import resolve_lang
from advisor.cli.output import IO, ExitCode, emit_json, error
from advisor.errors import UsageError


def dispatch(args: argparse.Namespace, io: IO) -> int:
    if args.command is None:
        return open_tui(io, [], None, None)
    if args.command == "tui":
        return open_tui(io, args.logs, args.lang, args.log_format)
    if args.command == "demo":
        return open_tui(io, [], args.lang, None, demo=True)
    if args.command == "learn":
        return learn(args, io)
    if args.command == "kb":
        return _KB[args.kb_command](args, io)
    if args.command == "ask":
        return ask(args, io)
    if args.command == "questions":
        return questions(args, io)
    if args.command == "diagnose":
        return ask(args, io)
    if args.command == "formats":
        return formats(args, io)
    if args.command == "glossary":
        return glossary(args, io)
    raise UsageError(f"unknown command {args.command!r}")


PIPED_WIDTH = 120
"""Output width when stdout is a file or a pipe: wide enough that snippets keep their lines."""


def _show(io: IO, *renderables) -> None:
    """Print rich renderables: at the terminal's width on a terminal; piped or redirected, at
    `PIPED_WIDTH` without the trailing spaces rich pads lines with, so that copied code keeps
    its lines and the text diffs and greps cleanly."""
    from rich.console import Console

    if io.is_tty():
        console = Console(file=io.stdout, highlight=False, soft_wrap=False)
        for renderable in renderables:
            console.print(renderable)
        return
    console = Console(width=PIPED_WIDTH, highlight=False, soft_wrap=False, color_system=None)
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    io.stdout.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


def kb_check(args: argparse.Namespace, io: IO) -> int:
    from advisor.kb import knowledge_dir
    from advisor.kb.lint import check

    root = Path(args.path) if args.path else knowledge_dir()
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    problems = check(root)
    for problem in problems.items:
        print(problem, file=io.stdout)
    if problems:
        error(io, f"{len(problems.items)} problem(s) in the knowledge base")
        return ExitCode.USAGE
    print(f"knowledge base OK: {_counts(root)}", file=io.stdout)
    return ExitCode.OK


def _counts(root: Path) -> str:
    from advisor.kb import load_knowledge

    kb = load_knowledge(root)
    phrases = sum(len(s.phrases.all()) for s in kb.symptoms.values())
    fixes = sum(len(c.fixes) for c in kb.causes.values())
    return (f"{len(kb.causes)} causes ({fixes} fixes), {len(kb.symptoms)} symptoms "
            f"({phrases} phrases), {len(kb.myths)} myths, {len(kb.playbooks)} playbooks, "
            f"{len(kb.terms)} glossary terms, {len(kb.seed)} seed items mapped")


def kb_list(args: argparse.Namespace, io: IO) -> int:
    from advisor.kb import load_knowledge

    kb = load_knowledge()
    if args.json:
        from advisor.render.kb_json import kb_listing

        emit_json(io, kb_listing(kb, args.kind))
        return ExitCode.OK
    from advisor.render.kb_view import kb_table

    _show(io, kb_table(kb, resolve_lang(args.lang), args.kind))
    return ExitCode.OK


def kb_show(args: argparse.Namespace, io: IO) -> int:
    from advisor.kb import load_knowledge

    kb = load_knowledge()
    kind, entry = find_entry(kb, args.id)
    if args.json:
        from advisor.render.kb_json import kb_entry

        emit_json(io, kb_entry(kind, entry))
        return ExitCode.OK
    from advisor.render.kb_view import entry_view

    _show(io, entry_view(kind, entry, kb, resolve_lang(args.lang), args.framework))
    return ExitCode.OK


def find_entry(kb, wanted: str) -> tuple[str, Any]:
    """`ID` or `KIND:ID` -> (kind, entry); the first kind in display order wins for a bare id."""
    kind, _, entry_id = wanted.rpartition(":")
    for k, entries in kb.entry_kinds():
        if kind in ("", k) and entry_id in entries:
            return k, entries[entry_id]
    from rapidfuzz import process

    ids = [i for _, entries in kb.entry_kinds() for i in entries]
    close = [m[0] for m in process.extract(entry_id, ids, limit=3, score_cutoff=60)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'advisor kb list' shows them all"
    raise UsageError(f"no knowledge-base entry {wanted!r}{hint}")


def learn(args: argparse.Namespace, io: IO) -> int:
    from advisor.learn import progress

    if args.reset:
        removed = progress.reset()
        print("learning progress reset" if removed else "no learning progress to reset", file=io.stdout)
        return ExitCode.OK
    if not args.list:
        return open_tui(io, [], args.lang, None, learn=True)
    from advisor.kb import load_knowledge
    from advisor.learn import cases

    kb, lang = load_knowledge(), resolve_lang(args.lang)
    solved = progress.load().solved()
    for case in cases(kb):
        mark = "✓" if case.id in solved else " "
        print(f"{mark} {case.id:<28} {case.level:<13} {case.title.pick(lang)}", file=io.stdout)
    return ExitCode.OK


def open_tui(io: IO, paths: list[str], lang: str | None, fmt: str | None, demo: bool = False,
             learn: bool = False) -> int:
    """The interactive app; it needs a terminal on both ends."""
    if not io.is_tty() or not getattr(io.stdin, "isatty", lambda: False)():
        raise UsageError("the interactive troubleshooter needs a terminal; for scripts use "
                         "'advisor ask \"...\"' or 'advisor diagnose LOG' (see 'advisor --help')")
    for path in paths:
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file")
    from advisor.tui import run  # Textual: imported only when the app opens

    if learn:
        return run(paths, lang=lang, fmt=fmt, learn=True)
    return run(paths, lang=lang, fmt=fmt, demo=demo)


def ask(args: argparse.Namespace, io: IO) -> int:
    from advisor.engine import diagnose, understand
    from advisor.kb import load_knowledge

    kb = load_knowledge()
    answers = parse_answers(kb, args.answer)
    lang = resolve_lang(args.lang, args.text)
    query = understand(kb, args.text)
    findings, summaries = log_evidence(args.logs, args.log_format, io, lang)
    if not query.meaningful and not answers and not summaries:
        return _nothing_to_go_on(kb, args, io, lang)
    diagnosis = diagnose(kb, args.text, answers, findings, args.framework,
                         logs_read=any(s.judgeable for s in summaries), query=query)
    if args.json:
        import msgspec

        from advisor.render.diagnosis_json import diagnosis_dict

        emit_json(io, {**diagnosis_dict(kb, diagnosis, lang, args.top),
                       "logs": msgspec.to_builtins(summaries)})
    else:
        from advisor.render.diagnosis_view import diagnosis_view, logs_view

        read = [logs_view(summaries, lang)] if summaries else []
        _show(io, *read, diagnosis_view(kb, diagnosis, lang, args.top, args.framework))
    return ExitCode.OK


def log_evidence(paths: list[str], fmt: str | None, io: IO, lang: str):
    """Logs -> (findings, summaries). pandas is imported only here, when logs are given."""
    if not paths:
        return [], []
    from advisor.cli.progress import reading_bar
    from advisor.logs import read_and_detect

    with reading_bar(io.stderr, lang) as progress:
        run, findings = read_and_detect(paths, fmt, progress)
    return findings, run.summaries()


GLOSSARY_CUTOFF = 70.0
"""Below this similarity the closest terms are offered instead of an answer."""


def glossary(args: argparse.Namespace, io: IO) -> int:
    from advisor.engine.search import search
    from advisor.kb import load_knowledge

    kb = load_knowledge()
    hits = search(kb, args.term, kinds=("term",), limit=4, cutoff=40.0)
    if not hits or hits[0].score < GLOSSARY_CUTOFF:
        close = ", ".join(h.id for h in hits[:3])
        hint = f"; closest: {close}" if close else "; 'advisor kb list --kind term' lists them"
        raise UsageError(f"no glossary term matches {args.term!r}{hint}")
    entry = kb.terms[hits[0].id]
    if args.json:
        from advisor.render.kb_json import kb_entry

        emit_json(io, kb_entry("term", entry))
        return ExitCode.OK
    from advisor.render.kb_view import entry_view

    _show(io, entry_view("term", entry, kb, resolve_lang(args.lang, args.term)))
    return ExitCode.OK


def formats(args: argparse.Namespace, io: IO) -> int:
    from advisor.logs import FORMATS

    for entry in FORMATS:
        print(f"{entry.NAME:<18} {entry.DESCRIPTION}", file=io.stdout)
    return ExitCode.OK


def _nothing_to_go_on(kb, args: argparse.Namespace, io: IO, lang: str) -> int:
    """Empty or meaningless text: say what to describe, with the common symptoms; exit 2."""
    common = ["nan_loss", "spike_recovers", "divergence", "val_rises", "periodic_spikes",
              "spike_after_resume", "plateau"]
    examples = [(kb.symptoms[s].title, kb.symptoms[s].phrases) for s in common if s in kb.symptoms]
    if args.json:
        from advisor.engine import diagnose
        from advisor.render.diagnosis_json import diagnosis_dict

        emit_json(io, diagnosis_dict(kb, diagnose(kb, args.text), lang))
    else:
        intro = {"zh": "请用一两句话描述损失的变化，例如：",
                 "en": "Describe what the loss does in a sentence or two, for example:"}
        print(intro["zh" if lang == "zh" else "en"], file=io.stdout)
        for title, phrases in examples:
            sample = phrases.zh[0] if lang == "zh" else phrases.en[0]
            print(f"  - {title.pick(lang)}: advisor ask \"{sample}\"", file=io.stdout)
    error(io, "nothing recognisable in the description: say what the loss does (NaN, spike, "
              "divergence, slow rise, validation only...) and when it started")
    return ExitCode.USAGE


def parse_answers(kb, pairs: list[str]) -> dict[str, str]:
    """`--answer question=option` pairs, checked against the knowledge base."""
    answers: dict[str, str] = {}
    for pair in pairs:
        question_id, sep, option_id = pair.partition("=")
        question = kb.questions.get(question_id.strip())
        if not sep or question is None:
            raise UsageError(f"--answer {pair!r}: expected QUESTION=OPTION with QUESTION one of "
                             f"{', '.join(kb.questions)}")
        options = [o.id for o in question.options] + ["unknown"]
        if option_id.strip() not in options:
            raise UsageError(f"--answer {pair!r}: {question.id} takes one of {', '.join(options)}")
        answers[question.id] = option_id.strip()
    return answers


def questions(args: argparse.Namespace, io: IO) -> int:
    from advisor.kb import load_knowledge

    kb = load_knowledge()
    lang = resolve_lang(args.lang)
    for question in kb.questions.values():
        print(f"{question.id}: {question.text.pick(lang)}", file=io.stdout)
        for option in question.options:
            print(f"    {option.id:<18} {option.label.pick(lang)}", file=io.stdout)
    return ExitCode.OK


_KB = {"check": kb_check, "list": kb_list, "show": kb_show}
