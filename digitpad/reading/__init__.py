"""Reading a whole number: pieces, candidates, the best path, separators, and the two small
networks that help."""
