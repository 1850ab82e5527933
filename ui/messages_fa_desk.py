"""Persian for the screens that connect a desk to the office server (`ui/server_connect.py`,
`ui/admin_office_server.py`, the first run's new choice). Registered by `ui/__init__.py`."""

FA_DESK_UI: dict[str, str] = {
    # the first run
    "This computer has no office yet. Set up your office on this PC, connect this desk to your office's server "
    "when several desks share one office's books, bring your office back from a backup made on another "
    "computer, or load a demo office with sample services and staff to try the program.":
        "این رایانه هنوز دفتری ندارد. دفتر خود را روی همین رایانه تعریف کنید، اگر چند باجه دفاتر یک دفتر را با هم "
        "دارند این باجه را به سرور دفتر وصل کنید، دفتر را از پشتیبانی که روی رایانه دیگری گرفته شده بازگردانید، "
        "یا برای آشنایی با برنامه دفتر نمونه‌ای با خدمات و کارکنان نمونه بار کنید.",
    "Start a new office on this PC": "تعریف دفتر تازه روی این رایانه",
    "Connect this desk to the office server": "وصل کردن این باجه به سرور دفتر",
    # the address, its test
    "On the server PC, «pishkhan server add-desk NAME» printed this desk's address (it begins with "
    "postgresql://). Paste it here, or type it, and test the connection.":
        "روی رایانه سرور، «⁦pishkhan server add-desk NAME⁩» نشانی این باجه را چاپ کرده است (با ⁦postgresql://⁩ "
        "آغاز می‌شود). آن را اینجا بچسبانید یا بنویسید و اتصال را بیازمایید.",
    "This desk's address on the office server": "نشانی این باجه روی سرور دفتر",
    "Test the connection": "آزمودن اتصال",
    "Save and connect": "ذخیره و اتصال",
    "Testing the connection…": "در حال آزمودن اتصال…",
    "Testing the connection and saving…": "در حال آزمودن اتصال و ذخیره…",
    "The connection works: this desk can keep the books of «{office}» as desk «{desk}». Press «Save and connect».":
        "اتصال برقرار است: این باجه می‌تواند دفاتر «{office}» را با نام باجه «{desk}» نگه دارد. «ذخیره و اتصال» را "
        "بزنید.",
    "Saved: this desk keeps the books of «{office}» on the office server.":
        "ذخیره شد: این باجه دفاتر «{office}» را روی سرور دفتر نگه می‌دارد.",
    "The connection works.": "اتصال برقرار است.",
    "Server PC": "رایانه سرور",
    "Desk login": "نام کاربری باجه",
    "This desk": "این باجه",
    "{where} answers": "{where} پاسخ می‌دهد",
    "{where} does not answer": "{where} پاسخ نمی‌دهد",
    "{login} accepted": "{login} پذیرفته شد",
    "{login} refused": "{login} پذیرفته نشد",
    "no office's books": "دفاتر دفتری نیست",
    # leaving the server
    "Use this PC's own file": "استفاده از پرونده خود این رایانه",
    "Use this PC's own file instead": "به جای سرور، پرونده خود این رایانه",
    "From now on this desk keeps its books in this PC's own file, not on the office server. Sales recorded here "
    "will not be in the office's books, its receipt numbers or its day close. Do this only if this desk leaves "
    "the office server for good. Go on?":
        "از این پس این باجه دفاترش را در پرونده خود این رایانه نگه می‌دارد، نه روی سرور دفتر. فروش‌هایی که اینجا "
        "ثبت شود در دفاتر دفتر، شماره رسیدهای آن و بستن روز آن نمی‌آید. این کار را فقط وقتی بکنید که این باجه برای "
        "همیشه از سرور دفتر جدا می‌شود. ادامه می‌دهید؟",
    "Office server connection": "اتصال به سرور دفتر",
    # the server gone at start
    "This desk cannot open the office's books on the server": "این باجه نمی‌تواند دفاتر دفتر را روی سرور باز کند",
    "Try again": "تلاش دوباره",
    "Connection settings…": "تنظیمات اتصال…",
    "This desk keeps the office's books on the server {url} as desk «{desk}». It records nothing anywhere else "
    "meanwhile, so that the office's books stay one.":
        "این باجه دفاتر دفتر را روی سرور {url} با نام باجه «{desk}» نگه می‌دارد. در این میان هیچ چیز را جای دیگری "
        "ثبت نمی‌کند تا دفاتر دفتر یکی بماند.",
    # the owner's page
    "Office server": "سرور دفتر",
    "How this desk keeps the office's books": "این باجه دفاتر دفتر را کجا نگه می‌دارد",
    "On the office server {url}, as desk «{desk}».": "روی سرور دفتر {url}، با نام باجه «{desk}».",
    "Every desk connected to this server records into the same books: one receipt series, one day close. This "
    "desk's password is kept in its own settings folder, readable by this Windows account only.":
        "همه باجه‌هایی که به این سرور وصل‌اند در همین دفاتر ثبت می‌کنند: یک رشته شماره رسید، یک بستن روز. رمز این "
        "باجه در پوشه تنظیمات خودش نگه داشته می‌شود که فقط همین حساب کاربری ویندوز می‌تواند بخواند.",
    "On the office server {url}.": "روی سرور دفتر {url}.",
    "In this PC's own file: {path}": "در پرونده خود این رایانه: {path}",
    "One desk alone. When several desks share the office's books, connect each of them to the office server. "
    "Connecting moves nothing: this file stays as it is; its history goes onto the server only with «pishkhan "
    "server import» on the server PC.":
        "یک باجه تنها. وقتی چند باجه دفاتر دفتر را با هم دارند، هر یک را به سرور دفتر وصل کنید. وصل کردن چیزی را "
        "جابه‌جا نمی‌کند: این پرونده همان‌گونه می‌ماند؛ سوابق آن فقط با «⁦pishkhan server import⁩» روی رایانه سرور "
        "به سرور می‌رود.",
    "Change the server…": "تغییر سرور…",
    "Connect to the office server…": "وصل شدن به سرور دفتر…",
    # the counter, the server gone just after a sale was saved
    "Receipt {number} saved, but it cannot be shown or printed now: {reason} Print it from today's list once the "
    "server answers.":
        "رسید {number} ثبت شد، اما اکنون نمایش یا چاپ نمی‌شود: {reason} وقتی سرور پاسخ داد آن را از «فهرست امروز» "
        "چاپ کنید.",
}
