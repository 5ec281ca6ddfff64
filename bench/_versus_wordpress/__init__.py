"""Parts of bench/versus_wordpress.py: the WordPress peer as wordpress.sh leaves it
(`wordpress`), Rotative's production processes behind Varnish (`rotative`), an nginx of the
bench's own serving the cached page as a file (`static`), the load generators (`load`:
wrk, an open-loop generator, single requests, waiting for idle), memory and connections
(`memory`) and the report (`report`)."""
