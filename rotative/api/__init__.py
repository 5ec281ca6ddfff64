"""The JSON API of the mobile app (/api/v1/): Django Ninja, OpenAPI 3 from the code."""
