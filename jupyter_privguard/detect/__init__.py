"""Detection tiers, cheapest first.

``headers``     column names and their neighbours, several languages, fuzzy
``patterns``    vectorised regular expressions with validators (``validators``) over a sample
``ner``         Presidio with a spaCy pipeline, for names and free text, batched
``text``        span detection in free text (patterns plus NER)

The vote that turns the tiers' evidence into one entity per column lives in
:mod:`jupyter_privguard.scanner`. Nothing here imports IPython or Jupyter; Presidio and spaCy are
imported only when the NER tier is first used.
"""
