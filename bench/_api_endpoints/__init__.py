"""The API bench's parts: the endpoints measured and their in-process profile (`cases`), the
live feed's entries (`live`), HTTP with conditional requests and Varnish (`http`), and its
section of docs/performance.md (`report`)."""
