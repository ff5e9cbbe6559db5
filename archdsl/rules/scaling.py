"""scaling rules."""
