"""resilience rules."""
