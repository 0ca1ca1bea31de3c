"""The JSON bodies of the studio's API, one module per area: what a route reads (``…Create``, ``…Update``) and what it
answers (``…Public``). Each is a pydantic model, so the OpenAPI document (``/api/openapi.json``) names every body and
the front end's types can be generated from it."""
