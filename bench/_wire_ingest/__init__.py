"""The parts of bench/wire_ingest.py: French-like text (`text`), the NewsML-G2 deliveries
(`feed`), the desk and Django set up for the bench (`desk`), per-delivery timing (`timing`),
the measurements (`measure`) and the report (`report`)."""
