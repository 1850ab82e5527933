"""Persian catalogue of the core (`app/`). Keys are the English source strings.

ui/ and printing/ keep their own catalogues and register them with app.i18n.register.
"""
FA: dict[str, str] = {
    # command line
    "A PIN is required (--pin, PISHKHAN_PIN, or typed at a prompt).":
        "رمز لازم است (--pin یا PISHKHAN_PIN یا وارد کردن در اعلان).",
    "PIN: ": "رمز: ",
    "Invalid command line: {detail}": "فرمان نادرست است: {detail}",
    "Interrupted.": "متوقف شد.",
    "An unexpected error occurred; the details were saved to {path}.":
        "خطای پیش‌بینی‌نشده‌ای رخ داد؛ جزئیات در {path} ذخیره شد.",
    "Invalid receipt number: {value}": "شماره رسید نادرست است: {value}",
    "The file {path} already exists; the demo needs a new database.":
        "پرونده {path} از قبل وجود دارد؛ دفتر نمونه به پایگاه داده تازه نیاز دارد.",
    "Days must be between 0 and 10000.": "تعداد روزها باید بین ۰ تا ۱۰۰۰۰ باشد.",
    "Demo office created in {path}: users owner (PIN 1234), clerk1 (1111), clerk2 (2222).":
        "دفتر نمونه در {path} ساخته شد: کاربران owner (رمز ۱۲۳۴)، clerk1 (۱۱۱۱)، clerk2 (۲۲۲۲).",
    "Shift {id}: {visits} visits, expected cash {expected}, counted {counted}, variance {variance}.":
        "نوبت کاری {id}: {visits} مراجعه، نقد مورد انتظار {expected}، شمارش‌شده {counted}، مغایرت {variance}.",
    "Receipt {number} saved: total {total}, change {change} Rials.":
        "رسید {number} ثبت شد: جمع {total}، باقی‌مانده پول {change} ریال.",
    "Receipt {number} voided ({total} Rials), approved by {manager}.":
        "رسید {number} باطل شد ({total} ریال)، با تأیید {manager}.",
    "Day {day} closed: {visits} visits, total {total} Rials.":
        "روز {day} بسته شد: {visits} مراجعه، جمع {total} ریال.",
    "Receipt {number} written to {path}.": "رسید {number} در {path} نوشته شد.",
    "Tariffs applied: {new} new services, {changed} changed, {gone} no longer offered.":
        "تعرفه‌ها اعمال شد: {new} خدمت تازه، {changed} تغییر، {gone} خدمت حذف‌شده.",
    "Verified: {journal} journal entries, {receipts} receipts, all intact.":
        "بررسی شد: {journal} رکورد دفتر رویداد، {receipts} رسید، همه سالم.",
    "Backup written and verified: {path}": "پشتیبان ساخته و بررسی شد: {path}",
    "Shift {id} opened.": "نوبت کاری {id} باز شد.",
    "Count the cash in the drawer to close the shift.": "برای بستن نوبت، پول نقد صندوق را بشمارید.",
    "Unknown payment method: {method}": "روش پرداخت ناشناخته: {method}",
    "{count} tariff rows written to {path}.": "{count} ردیف تعرفه در {path} نوشته شد.",
    "Restoring over an existing database needs the owner's --user and --pin.":
        "بازگردانی روی پایگاه داده موجود به --user و --pin مدیر دفتر نیاز دارد.",
    "Restored; the previous database was kept as {path}.": "بازگردانی شد؛ پایگاه داده قبلی در {path} نگه داشته شد.",
    "Restored into {path}.": "در {path} بازگردانی شد.",
    "The desktop window is not available: {detail}": "پنجره برنامه در دسترس نیست: {detail}",
    # database and files
    "Database not found: {path}": "پایگاه داده پیدا نشد: {path}",
    "Not a Pishkhan database: {path}": "این پرونده پایگاه داده پیشخوان نیست: {path}",
    "Invalid Jalali date (expected YYYY-MM-DD): {value}": "تاریخ شمسی نادرست است (قالب: ۱۴۰۵-۰۹-۰۱): {value}",
    "The journal key for this database is missing ({path}); restore it from a backup.":
        "کلید دفتر رویداد این پایگاه داده پیدا نشد ({path})؛ آن را از پشتیبان بازگردانید.",
    # money
    "Invalid amount: {value}": "مبلغ نادرست است: {value}",
    "The amount cannot be negative: {value}": "مبلغ نمی‌تواند منفی باشد: {value}",
    "The amount is too large: {value}": "مبلغ بیش از حد بزرگ است: {value}",
    "The amount must be more than zero.": "مبلغ باید بیشتر از صفر باشد.",
    "Invalid VAT rate: {value}": "نرخ مالیات بر ارزش افزوده نادرست است: {value}",
    "Toman": "تومان",
    "Rial": "ریال",
    "cash": "نقد",
    "card": "کارت‌خوان",
    "transfer": "کارت به کارت",
    # roles and actions
    "owner": "مدیر دفتر",
    "manager": "مدیر",
    "clerk": "متصدی",
    "record a sale": "ثبت خدمت",
    "open a shift": "باز کردن نوبت کاری",
    "close a shift": "بستن نوبت کاری",
    "cash in/out": "ورود و خروج وجه نقد",
    "reprint a receipt": "چاپ المثنی رسید",
    "see own sales": "دیدن خدمات خود",
    "void a sale": "ابطال رسید",
    "close the day": "بستن روز",
    "see reports": "دیدن گزارش‌ها",
    "change tariffs": "تغییر تعرفه‌ها",
    "change settings": "تغییر تنظیمات",
    "manage staff": "مدیریت کارکنان",
    "reset a PIN": "تعیین رمز تازه",
    "back up": "پشتیبان‌گیری",
    "automatic backup": "پشتیبان‌گیری خودکار",
    "restore a backup": "بازگردانی پشتیبان",
    "verify the database": "بررسی درستی پایگاه داده",
    # staff and login
    "A PIN is 4 to 12 digits.": "رمز باید ۴ تا ۱۲ رقم باشد.",
    "Your role ({role}) may not do this: {action}.": "نقش شما ({role}) اجازه این کار را ندارد: {action}.",
    "Wrong user name or PIN.": "نام کاربری یا رمز نادرست است.",
    "This account is not active.": "این حساب کاربری غیرفعال است.",
    "This account is locked for {minutes} more minutes after too many wrong PINs.":
        "این حساب به علت رمزهای نادرست پیاپی تا {minutes} دقیقه دیگر قفل است.",
    "Too many wrong PINs: this account is locked for {minutes} minutes.":
        "رمز نادرست بیش از حد مجاز: این حساب برای {minutes} دقیقه قفل شد.",
    "Unknown role: {value}": "نقش ناشناخته: {value}",
    "A user name is 2 to 32 Latin letters, digits, dot, dash or underscore.":
        "نام کاربری باید ۲ تا ۳۲ حرف لاتین، رقم، نقطه، خط تیره یا زیرخط باشد.",
    "A full name is required.": "نام و نام خانوادگی لازم است.",
    "Only the owner may create another owner.": "فقط مدیر دفتر می‌تواند مدیر دفتر دیگری بسازد.",
    "The user name {name} is taken.": "نام کاربری {name} قبلاً گرفته شده است.",
    "No such user: {name}": "کاربری با این نام نیست: {name}",
    "Only the owner may change an owner's account.": "فقط مدیر دفتر می‌تواند حساب مدیر دفتر را تغییر دهد.",
    "The office must keep at least one active owner.": "دفتر باید دست‌کم یک مدیر دفتر فعال داشته باشد.",
    # backup and restore
    "The backup copy failed verification: {problem}": "نسخه پشتیبان در بررسی رد شد: {problem}",
    "Backup file not found: {path}": "پرونده پشتیبان پیدا نشد: {path}",
    "The backup failed verification and was not restored: {problem}":
        "پشتیبان در بررسی رد شد و بازگردانی نشد: {problem}",
    "The key beside the backup does not match this office's key.":
        "کلید کنار پشتیبان با کلید این دفتر یکی نیست.",
    # office and catalogue
    "Unknown service code: {code}": "کد خدمت ناشناخته: {code}",
    "This database has no office yet. Create one or load the demo.":
        "این پایگاه داده هنوز دفتری ندارد. دفتر را تعریف کنید یا دفتر نمونه را بارگذاری کنید.",
    "The office name and code are required.": "نام و کد دفتر لازم است.",
    "A user name is required.": "نام کاربری لازم است.",
    "The display unit is rial or toman.": "واحد نمایش ریال یا تومان است.",
    "Unknown setting: {name}": "تنظیم ناشناخته: {name}",
    "Invalid value for the setting {name}.": "مقدار تنظیم {name} نادرست است.",
    "The setting {name} must be a whole number from {low} to {high}.":
        "تنظیم {name} باید عدد صحیحی از {low} تا {high} باشد.",
    "The business day starts between 0 and 12 o'clock.": "روز کاری باید بین ساعت ۰ تا ۱۲ آغاز شود.",
    "This database already has an office.": "این پایگاه داده از قبل دفتر دارد.",
    # day close
    "A day in the future cannot be closed.": "روزی در آینده را نمی‌توان بست.",
    "This business day is already closed.": "این روز کاری قبلاً بسته شده است.",
    "Close the open shifts first: {names}": "ابتدا نوبت‌های باز را ببندید: {names}",
    # sales
    "No receipt with number {number}.": "رسیدی با شماره {number} نیست.",
    "Invalid quantity: {value}": "تعداد نادرست است: {value}",
    "A payment is required.": "پرداخت لازم است.",
    "The payments are {short} Rials short of the total.": "پرداخت‌ها {short} ریال از جمع کمتر است.",
    "Invalid national ID: {value}": "کد ملی نادرست است: {value}",
    "Add at least one service.": "دست‌کم یک خدمت اضافه کنید.",
    "Too many lines in one visit.": "تعداد ردیف‌های یک مراجعه بیش از حد است.",
    "The agency fee of {service} is fixed by its tariff.": "سهم دستگاه برای «{service}» طبق تعرفه ثابت است.",
    "The agency fee of {service} must be between {low} and {high} Rials.":
        "سهم دستگاه برای «{service}» باید بین {low} و {high} ریال باشد.",
    "The office fee of {service} cannot be above the official tariff ({limit} Rials).":
        "کارمزد دفتر برای «{service}» نمی‌تواند از تعرفه رسمی ({limit} ریال) بیشتر باشد.",
    "Invalid mobile number: {value}": "شماره همراه نادرست است: {value}",
    "Open a shift before recording sales.": "پیش از ثبت خدمت، نوبت کاری را باز کنید.",
    "Say how much each payment method pays; only one may take the rest.":
        "مبلغ هر روش پرداخت را بنویسید؛ فقط یکی می‌تواند باقی‌مانده را بپردازد.",
    "The {method} payment pays nothing: the total is already paid.":
        "پرداخت {method} مبلغی را نمی‌پردازد: جمع کل پیش‌تر پرداخت شده است.",
    "The {method} payment is more than what remains to pay.": "پرداخت {method} بیشتر از مبلغ باقی‌مانده است.",
    "Receipt {number} is already void.": "رسید {number} قبلاً باطل شده است.",
    "The approving user must be a manager or the owner.": "تأییدکننده باید مدیر یا مدیر دفتر باشد.",
    # shifts
    "A cash movement is in or out.": "جابه‌جایی نقد یا ورود است یا خروج.",
    "A reason is required.": "ذکر علت لازم است.",
    "Unknown banknote: {value}": "اسکناس ناشناخته: {value}",
    "Invalid count of banknotes: {value}": "تعداد اسکناس نادرست است: {value}",
    "You already have an open shift.": "شما از قبل یک نوبت کاری باز دارید.",
    "You have no open shift.": "شما نوبت کاری باز ندارید.",
    "The drawer does not hold that much cash.": "این مقدار پول نقد در صندوق نیست.",
    "No such shift: {value}": "نوبت کاری پیدا نشد: {value}",
    # tariffs file
    "Expected yes or no (1 or 0), not {value}": "بله یا خیر (۱ یا ۰) انتظار می‌رفت، نه {value}",
    "Expected {n} columns, found {m}.": "{n} ستون انتظار می‌رفت، {m} ستون پیدا شد.",
    "The service code is empty.": "کد خدمت خالی است.",
    "The service name is empty.": "نام خدمت خالی است.",
    "The tariff file has errors; nothing was applied:\n{errors}": "پرونده تعرفه خطا دارد؛ هیچ چیز اعمال نشد:\n{errors}",
    "A different tariff for this service already starts on {day}.":
        "تعرفه دیگری برای این خدمت از {day} ثبت شده است.",
    "Cannot read the file {path}.": "پرونده {path} خوانده نمی‌شود.",
    "The first row must be the header: {header}": "ردیف نخست باید سرستون‌ها باشد: {header}",
    "The file has no tariff rows.": "پرونده هیچ ردیف تعرفه‌ای ندارد.",
    "Row {line}: {error}": "ردیف {line}: {error}",
    # verify
    "sale": "فروش",
    "void": "ابطال",
    "day close": "بستن روز",
    "cash movement": "جابه‌جایی نقد",
    "tariff": "تعرفه",
    "shift": "نوبت کاری",
    "shift close": "بستن نوبت کاری",
    "The {kind} record {id} has no journal entry (added behind the app's back).":
        "رکورد {kind} شماره {id} در دفتر رویداد ثبت نشده است (بیرون از برنامه افزوده شده).",
    "The {kind} record {id} was deleted.": "رکورد {kind} شماره {id} حذف شده است.",
    "The {kind} record {id} was altered: {fields}.": "رکورد {kind} شماره {id} دست‌کاری شده است: {fields}.",
    "SQLite integrity check failed: {detail}": "بررسی سلامت SQLite ناموفق بود: {detail}",
    "Broken reference in table {table}, row {row}.": "ارجاع شکسته در جدول {table}، ردیف {row}.",
    "Receipt numbers have a gap: {number} is missing.": "شماره رسیدها پیوسته نیست: {number} وجود ندارد.",
    "Journal entry {id} does not follow the one before it (an entry was removed or inserted).":
        "رکورد {id} دفتر رویداد به رکورد پیشین زنجیر نیست (رکوردی حذف یا افزوده شده).",
    "The journal no longer reaches entry {id}, recorded at the last day close: entries were removed from its "
    "end (or this file is an older copy, such as a backup).":
        "دفتر رویداد دیگر به رکورد {id} که هنگام آخرین بستن روز ثبت شد نمی‌رسد: رکوردهایی از انتهای آن حذف "
        "شده است (یا این پرونده نسخه قدیمی‌تری مانند یک پشتیبان است).",
    "Journal entry {id} was altered (its hash does not match).":
        "رکورد {id} دفتر رویداد دست‌کاری شده است (چکیده آن نمی‌خواند).",
    # closing a shift under the owner's rules (issue 13)
    "The counted cash is {amount} {direction} the expected cash, more than the {limit} allowed without a "
    "reason: write the reason to close the shift.":
        "پول شمرده‌شده {amount} {direction} موجودی مورد انتظار است، بیش از {limit} که بدون دلیل پذیرفته می‌شود: "
        "برای بستن نوبت دلیل آن را بنویسید.",
    "over": "بیشتر از",
    "short of": "کمتر از",
    # the tariff table's preview says what applying would refuse (issue 13)
    "Service code {code} is in the file twice: keep one row per service.":
        "کد خدمت {code} دو بار در فایل آمده است: برای هر خدمت یک ردیف بگذارید.",
    "Unknown agency: {name}. Write the agency's name or code as the catalogue has it.":
        "دستگاه ناشناخته: {name}. نام یا کد دستگاه را همان‌طور که در فهرست خدمات آمده بنویسید.",
    "Service {code} already has a different tariff from {day}. Choose another start date for the table, or "
    "make this row the same as that tariff.":
        "برای خدمت {code} از {day} تعرفه دیگری ثبت شده است. تاریخ شروع دیگری برای جدول انتخاب کنید، یا این ردیف را "
        "با همان تعرفه یکی کنید.",
}
