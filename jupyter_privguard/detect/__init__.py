"""Detection tiers, cheapest first.

``headers``     column names and their neighbours, several languages, fuzzy (vocabularies: ``header_vocab``
                reads ``data/headers/*.json``; ``header_fuzzy`` the typo index)
``patterns``    facade over the pattern tier: ``recognizer`` (the data model), ``pattern_registry``,
                ``recognizers/`` (one module per family or country), ``match_columns`` (cells) and
                ``find_text`` (spans), with ``validators`` for check digits and shapes
``ner``         Presidio with a spaCy pipeline, for names and free text, batched
``text``        span detection in free text (patterns plus NER)

The vote that turns the tiers' evidence into one entity per column lives in
:mod:`jupyter_privguard.scanner`. Nothing here imports IPython or Jupyter; Presidio and spaCy are
imported only when the NER tier is first used.
"""
