"""Turn a Selection into the format-neutral Document both renderers read."""
