"""cockpit: a terminal team-review cockpit for sales managers."""

__version__ = "0.1.0"
