"""The jobs search bench: word lists, generated offers, the fill, the searches, the report."""
