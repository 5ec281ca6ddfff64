"""The parts of bench/live_push.py: the stream clients, run in worker processes (`clients`),
the server process and what /proc says of it (`server`), the levels of connections and the
cold start probe (`levels`), the report (`report`)."""
