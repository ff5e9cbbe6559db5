"""design rules."""
