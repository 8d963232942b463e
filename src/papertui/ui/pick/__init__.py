"""`papertui pick`: the citation picker, a small app of its own."""
