"""The parts of bench/classifieds_search.py: the ads' words (`words`) and generators (`ads`),
the bulk fill (`fill`), the searches and their timing (`searches`), the report (`report`)."""
