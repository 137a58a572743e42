"""The built-in pattern recognisers, one small module per family or country (presidio's layout).

``generic/<family>.py`` holds the shapes used everywhere (emails, phone numbers, cards, dates,
street addresses, credentials ...), ``country_specific/<country>/<id>.py`` one country's
identifiers and codes. Each module holds its patterns, its context words and its validator, and
offers them through a function ``recognizers()``; :func:`.catalogue.builtin_recognizers` puts
them together. Adding a recogniser is adding a module (and its table-driven test file under
``tests/core/recognizers/``); nothing registers itself at import time.
"""
