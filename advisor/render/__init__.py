"""Pure functions from results to output: terminal (rich), JSON, Markdown."""
