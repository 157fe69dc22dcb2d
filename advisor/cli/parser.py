"""The command line's grammar (argparse only; no behaviour)."""

from __future__ import annotations

import argparse

from advisor import __version__
from advisor.errors import UsageError
from advisor.model.text import LANGS


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _CommandListFormatter(argparse.HelpFormatter):
    """Keeps each command's help on its own line. argparse measures the command names one
    indent level shallower than it prints them, so the longest name ('questions') was
    pushed onto a line of its own."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            longest = max((len(name) for name in action.choices), default=0)
            self._action_max_length = max(self._action_max_length, longest + 4)


def build_parser() -> Parser:
    parser = Parser(
        prog="advisor",
        description="Why did my training loss suddenly go up? An offline, bilingual expert system.",
        formatter_class=_CommandListFormatter,
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add_tui(commands)
    _add_ask(commands)
    _add_kb(commands)
    return parser


def _add_tui(commands) -> None:
    tui = commands.add_parser("tui", help="open the interactive troubleshooter (the default)",
                              description="Open the interactive troubleshooter, optionally on logs.")
    tui.add_argument("logs", nargs="*", metavar="LOG", help="training log(s) to load at start")
    tui.add_argument("--format", dest="log_format", metavar="NAME", help="log format (see 'advisor formats')")
    _lang(tui)
    learn = commands.add_parser(
        "learn", help="practise on case studies (onboarding), or list / reset your progress",
        description="Practise reading loss curves on case studies built from documented failure "
                    "models, with hints, feedback and a knowledge browser.")
    learn.add_argument("--list", action="store_true", help="list the case studies and your progress")
    learn.add_argument("--reset", action="store_true", help="forget your learning progress")
    _lang(learn)
    demo = commands.add_parser("demo", help="open the troubleshooter on a bundled example run with a spike")
    _lang(demo)


def _add_ask(commands) -> None:
    ask = commands.add_parser(
        "ask", help="one-shot diagnosis from a description (Chinese or English)",
        description="Describe what your loss does, in Chinese or English; get ranked causes and fixes.")
    ask.add_argument("text", nargs="?", default="", metavar="TEXT",
                     help='what happened, e.g. "loss突然变成nan了, fp16" or "val loss going up"')
    _logs(ask, required=False)
    _consultation(ask)
    diagnose = commands.add_parser(
        "diagnose", help="read training log(s), detect what went wrong, and diagnose",
        description="Read one or more training logs (auto-detected format), list what was "
                    "detected and diagnose it. Several files are one run (e.g. train log + eval CSV).")
    _logs(diagnose, required=True)
    diagnose.add_argument("--text", default="", help="optional description, as for `ask`")
    _consultation(diagnose)
    commands.add_parser("formats", help="list the log formats that are recognised")
    glossary = commands.add_parser("glossary", help="explain one term (fuzzy, Chinese or English)",
                                   description="Explain one glossary term; the query may be Chinese "
                                               "or English, an abbreviation or slightly misspelt.")
    glossary.add_argument("term", metavar="TERM", help='e.g. "warmup", "梯度裁剪", "lr", "bf16"')
    glossary.add_argument("--json", action="store_true", help="print JSON")
    _lang(glossary)
    questions = commands.add_parser("questions", help="list the guided questions and their answer ids")
    _lang(questions)


def _consultation(parser: argparse.ArgumentParser) -> None:
    """The options `ask` and `diagnose` share."""
    parser.add_argument("--answer", "-a", action="append", default=[], metavar="QUESTION=OPTION",
                        help="a known fact, e.g. --answer precision=bf16 (repeatable; see 'advisor questions')")
    parser.add_argument("--framework", choices=("pytorch", "tensorflow", "paddle"),
                        help="show code for this framework first")
    parser.add_argument("--top", type=_positive, default=3, help="how many causes to show (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    _lang(parser)


def _logs(parser: argparse.ArgumentParser, required: bool) -> None:
    if required:
        parser.add_argument("logs", nargs="+", metavar="LOG", help="training log file(s); .gz is fine")
    else:
        parser.add_argument("--log", dest="logs", action="append", default=[], metavar="FILE",
                            help="a training log to read as well (repeatable)")
    parser.add_argument("--format", dest="log_format", metavar="NAME",
                        help="log format, when auto-detection guesses wrong (see 'advisor formats')")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS,
                        help="answer language (default: the query's script, else the locale)")


def _add_kb(commands) -> None:
    kb = commands.add_parser("kb", help="browse and check the knowledge base",
                             description="Browse and check the knowledge base.")
    sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", parser_class=Parser)
    sub.required = True
    check = sub.add_parser("check", help="lint the knowledge base (exit 2 when it has problems)")
    check.add_argument("--path", help="knowledge directory to check (default: the shipped one)")
    listing = sub.add_parser("list", help="list causes, symptoms, myths, playbooks and terms")
    listing.add_argument("--kind", choices=("cause", "symptom", "myth", "playbook", "term"))
    listing.add_argument("--json", action="store_true", help="print JSON")
    _lang(listing)
    show = sub.add_parser("show", help="show one entry (cause, symptom, myth, playbook, term)")
    show.add_argument("id", metavar="ID", help="entry id, optionally as KIND:ID (e.g. term:overfitting)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--framework", choices=("pytorch", "tensorflow", "paddle"),
                      help="show code for this framework only")
    _lang(show)
