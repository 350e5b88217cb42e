"""walk stage."""
