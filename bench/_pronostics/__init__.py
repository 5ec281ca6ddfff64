"""The pronostics leaderboards bench: the fill (`fill.py`), the measures (`measure.py`),
the report (`report.py`)."""
