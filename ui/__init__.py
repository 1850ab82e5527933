"""The desktop window. Imports Qt; nothing under `app/` imports this package.

Its Persian is in ui/locale, falling back to printing's and app's; `ui.app.create_application` loads
the three (`app.i18n.load_catalogues("ui")`) before the first widget says anything.
"""
