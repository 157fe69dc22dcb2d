"""The TUI screens: start, log view, question modal, result, explanations and help."""
