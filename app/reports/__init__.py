"""The owner's office: day figures, period and tax reports, history, exports.

Only the owner and managers see any of this (Action.VIEW_REPORTS, checked in every service).
Its Persian is in app's catalogue (app/locale), which the entry point loads.
"""
