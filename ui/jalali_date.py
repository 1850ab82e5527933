"""The Jalali date field every screen uses: Jalali calendar, sections in reading order,
Saturday first and Friday as the weekend, no Gregorian week numbers (see DESIGN.md)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QWidget


def jalali_date_edit(day: dt.date, parent: QWidget | None = None) -> QDateEdit:
    """A date field in the Jalali calendar, sections in reading order, Friday as the weekend."""
    edit = QDateEdit(parent)
    calendar = QCalendar(QCalendar.System.Jalali)
    edit.setCalendar(calendar)
    # In a right-to-left window QDateEdit reverses its sections unless it is left-to-right first.
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setDisplayFormat("yyyy/MM/dd")
    edit.setCalendarPopup(True)
    _iranian_week(edit.calendarWidget(), calendar)
    set_date(edit, day)
    return edit


def _iranian_week(widget: QCalendarWidget, calendar: QCalendar) -> None:
    widget.setCalendar(calendar)
    # The month grid follows the window (Saturday on the right in Persian), not the field's left-to-right.
    widget.setLayoutDirection(QGuiApplication.layoutDirection())
    widget.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
    widget.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    plain, holiday = QTextCharFormat(), QTextCharFormat()
    holiday.setForeground(QBrush(QColor("#c62828")))
    for day in Qt.DayOfWeek:
        widget.setWeekdayTextFormat(day, holiday if day == Qt.DayOfWeek.Friday else plain)


def set_date(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))  # QDate is calendar-free: Gregorian fields


def date_of(edit: QDateEdit) -> dt.date:
    qdate = edit.date()
    return dt.date(qdate.year(), qdate.month(), qdate.day())
