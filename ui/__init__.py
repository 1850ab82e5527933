"""The desktop window. Imports Qt; nothing under `app/` imports this package.

Importing `ui` registers its Persian strings with the one translation function (`app.i18n._`).
"""
from app.i18n import register
from ui.messages_fa_desk import FA_DESK_UI
from ui.messages_fa_screens import FA_SCREENS
from ui.messages_fa_ui import FA_UI

register(FA_UI)
register(FA_SCREENS)
register(FA_DESK_UI)
