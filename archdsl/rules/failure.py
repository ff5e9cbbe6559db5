"""failure rules."""
