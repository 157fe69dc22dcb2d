"""Command-line entry: `main(argv, io) -> exit code`; maps errors to exit codes."""

from __future__ import annotations

import os
import sys

from advisor.cli.output import IO, ExitCode, error
from advisor.errors import AdvisorError, InputError, KnowledgeError, UsageError

__all__ = ["main"]


def main(argv: list[str] | None = None, io: IO | None = None) -> int:
    from advisor.cli.commands import dispatch
    from advisor.cli.parser import build_parser

    io = io or IO()
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
        return int(dispatch(args, io))
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    except (UsageError, InputError) as exc:
        error(io, str(exc))
        return ExitCode.USAGE
    except KnowledgeError as exc:
        error(io, f"the knowledge base is broken: {exc}")
        return ExitCode.INTERNAL
    except AdvisorError as exc:
        error(io, str(exc))
        return ExitCode.INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        error(io, f"internal error: {type(exc).__name__}: {exc} (set ADVISOR_DEBUG=1 for details)")
        return ExitCode.INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
