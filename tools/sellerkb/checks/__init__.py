"""Rules beyond field shapes: the body of one case, and the corpus as a whole."""
