"""The integrations: thin layers that translate an event into a call of the core and back.

``ipython`` (display guard, output tripwire, magics, startup file), ``widget`` (the panel), ``comm`` (the
JupyterLab sidebar's channel), ``exports`` (the export guard), ``cli`` (the ``privguard`` command),
``serverextension`` (the pre-save hook) and ``nbconvert`` (the export preprocessor). The core never imports
this package.
"""
