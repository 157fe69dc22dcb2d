"""advisor: an offline expert system for sudden training-loss increases."""

__version__ = "0.1.0"
