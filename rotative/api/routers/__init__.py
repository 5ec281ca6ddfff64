"""One router per part of the site, each reading through that part's selectors and writing
through its services: the API adds no business rule of its own."""
