"""The parts of bench/news_pages.py: French-like articles (`text`), the bulk fill (`fill`),
its COPY of Wagtail pages (`copy_pages`) and its search index rows (`search_index`), what
--reuse needs (`reuse`), the pages measured and their in-process profile (`cases`), the HTTP
measurements against the server (`http`), the report (`report`)."""
