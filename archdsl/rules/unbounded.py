"""unbounded rules."""
