"""Deterministic synthetic team data at three scales (`cockpit demo`, the bundled sample)."""
