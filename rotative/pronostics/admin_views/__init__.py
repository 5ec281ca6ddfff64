"""Les pronostics in the Wagtail admin, for the editors: the calendar's model screens
(`viewsets.py`, their forms in `forms.py`), results, postponements and cancellations
(`matches.py`), the CSV import (`imports.py`). Each screen checks the model permission it
acts with (pronostics.change_match for results, add_match for the import)."""
