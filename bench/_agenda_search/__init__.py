"""The agenda search bench\x27s parts: generated events, the fill, the searches, the report."""
