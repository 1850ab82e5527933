"""The owner's office: day figures, period and tax reports, history, exports.

Only the owner and managers see any of this (Action.VIEW_REPORTS, checked in every service).
Importing the package registers its Persian strings with `app.i18n`.
"""
from app.i18n import register
from app.reports.messages_fa_reports import FA_REPORTS

register(FA_REPORTS)
