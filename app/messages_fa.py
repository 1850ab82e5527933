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
    # app/payment_methods.py: one word per method, everywhere (the receipts' words)
    "Cash": "نقدی",
    "Card reader": "کارت‌خوان",
    "Bank transfer": "انتقال بانکی",
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
    # the settings' labels (app/settings_registry.py), named in a refusal
    "Backup folder": "پوشهٔ پشتیبان",
    "Least PIN length of owners and managers": "کمترین تعداد رقم رمز مالک و مدیر",
    "Blind count": "شمارش کور",
    "Ask the reason of a variance": "پرسیدن دلیل اختلاف صندوق",
    "Cash variance threshold (Rial)": "آستانهٔ اختلاف صندوق (ریال)",
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
    # Receipts: signing, printing and checking (app/cli/receipts.py, app/services/receipt_check.py)
    "The total of this visit ({total} Rials) is too large; record it as several visits.":
        "جمع این مراجعه ({total} ریال) بیش از حد مجاز است؛ آن را در چند مراجعه ثبت کنید.",
    "The image {path} cannot be read.": "تصویر {path} خوانده نشد.",
    "No QR code was found in the image {path}.": "در تصویر {path} هیچ کد QR پیدا نشد.",
    "Receipt {number} ({kind}) printed.": "رسید {number} ({kind}) چاپ شد.",
    "No receipt printer is set up yet; set one up in the settings.":
        "هنوز چاپگر رسیدی تنظیم نشده است؛ آن را در تنظیمات تعریف کنید.",
    "{count} print jobs are waiting.": "{count} کار چاپ در انتظار است.",
    "The print job was discarded; the sale itself stays recorded.":
        "کار چاپ کنار گذاشته شد؛ خود فروش ثبت‌شده باقی می‌ماند.",
    "No waiting print job with the id {value}.": "کار چاپ در انتظاری با شناسه {value} نیست.",
    "{printed} printed, {waiting} still waiting.": "{printed} چاپ شد، {waiting} هنوز در انتظار است.",
    "Give the QR text or --image FILE (one of the two).": "متن کد QR یا ‎--image FILE‎ را بدهید (فقط یکی از این دو).",
    "The office's public key (fingerprint {fingerprint}) was written to {path}.":
        "کلید عمومی دفتر (اثر انگشت {fingerprint}) در {path} نوشته شد.",
    "copy {number}": "المثنی {number}",
    "original": "اصل",
    "Receipt {number} ({kind}) written to {path}.": "رسید {number} ({kind}) در {path} نوشته شد.",
    "Invalid verification code: {value}": "کد اصالت نامعتبر است: {value}",
    "Genuine: receipt {number} of office {code} {office}": "اصل است: رسید {number} دفتر {code} {office}",
    "Genuine receipt {number}, but the books differ from it.":
        "رسید {number} اصل است، اما دفاتر با آن فرق دارند.",
    "Receipt {number} is signed by this office but missing from the books: it was removed after it was printed.":
        "رسید {number} را همین دفتر امضا کرده اما در دفاتر نیست: پس از چاپ از دفاتر حذف شده است.",
    "Not genuine: the signature of receipt {number} does not match; the receipt was altered or not made by this "
    "office.":
        "اصل نیست: امضای رسید {number} نمی‌خواند؛ رسید دست‌کاری شده یا ساخته این دفتر نیست.",
    "This is a receipt of another office (code {code}); it cannot be checked with this office's key.":
        "این رسید دفتر دیگری است (کد {code})؛ با کلید این دفتر نمی‌توان آن را بررسی کرد.",
    "An older receipt without a signature; it matches the books (receipt {number}).":
        "رسیدی قدیمی و بدون امضا؛ با دفاتر می‌خواند (رسید {number}).",
    "An older receipt without a signature, and it does not match the books (receipt {number}).":
        "رسیدی قدیمی و بدون امضا که با دفاتر نمی‌خواند (رسید {number}).",
    "An older receipt without a signature: it can only be checked against the office's books (--db).":
        "رسیدی قدیمی و بدون امضا: فقط با دفاتر دفتر (‎--db‎) می‌توان آن را بررسی کرد.",
    "Receipt {number} as recorded in the books.": "رسید {number} آن‌گونه که در دفاتر ثبت شده است.",
    "{field}: the receipt says {claimed}, the books say {recorded}.":
        "{field}: در رسید {claimed} آمده و در دفاتر {recorded}.",
    "Business day": "روز کاری",
    "Verification code": "کد اصالت",
    "Paste or scan the text of the receipt's QR code.": "متن کد QR رسید را بچسبانید یا اسکن کنید.",
    "This is not the QR code of a Pishkhan receipt: {value}": "این کد QR رسید پیشخوان نیست: {value}",
    "Say which office's public key to check against (--public-key FILE) or give its database (--db).":
        "بگویید با کلید عمومی کدام دفتر (‎--public-key FILE‎) یا با کدام پایگاه داده (‎--db‎) بررسی شود.",
    "not void": "باطل نشده",
    "void since {when}, approved by {name}": "باطل شده از {when}، با تأیید {name}",
    "This is copy {number} (المثنی), reprinted {when} by {name}.":
        "این المثنی شماره {number} است که {when} به دست {name} دوباره چاپ شد.",
    "This is the original, printed {when}.": "این اصل رسید است که {when} چاپ شد.",
    "This is copy {number} (المثنی); the print log has no record of its delivery.":
        "این المثنی شماره {number} است؛ در سابقه چاپ، تحویل آن ثبت نشده است.",
    "This is the original.": "این اصل رسید است.",
    "No printed receipt has the verification code {value}.": "هیچ رسید چاپ‌شده‌ای کد اصالت {value} ندارد.",
    "The public key file {path} cannot be read.": "پرونده کلید عمومی {path} خوانده نشد.",
    "The file {path} does not hold an office public key.": "پرونده {path} کلید عمومی دفتری را در خود ندارد.",
    "The signing key beside the backup does not match this office's key.":
        "کلید امضای کنار پشتیبان با کلید این دفتر یکی نیست.",
    "The receipt signing key {path} cannot be read.": "کلید امضای رسید {path} خوانده نشد.",
    "Office code": "کد دفتر",
    "Grand total": "مبلغ کل",
    "Void": "ابطال",
    "voided": "باطل شده",
    # chain version 2: the witness, keys, opening the books, verify, backups (issue 9, 10)
    "Verified since the last full check: {entries} new journal entries, {receipts} receipts, all intact.":
        "وارسی از آخرین وارسی کامل: {entries} رویداد تازه دفتر رویدادها، {receipts} رسید، همه سالم.",
    "The database is up to date.": "پایگاه داده به‌روز است.",
    "Desks must be between 1 and 4, and visits between 1 and 1000.":
        "تعداد باجه‌ها باید بین ۱ تا ۴ و مراجعه‌ها بین ۱ تا ۱۰۰۰ باشد.",
    "The database {path} was made by a newer version of Pishkhan Desk (schema {revision}); update the app to open it.":
        "پایگاه داده {path} با نسخه تازه‌تری از میز پیشخوان ساخته شده است (طرح {revision})؛ برای باز کردن آن "
        "برنامه را به‌روز کنید.",
    "The database {path} was made by an older version and must be upgraded first: open it with the app, or run "
    "`pishkhan upgrade --db {path}`.":
        "پایگاه داده {path} با نسخه قدیمی‌تری ساخته شده و نخست باید به‌روز شود: آن را با برنامه باز کنید یا "
        "فرمان ‎`pishkhan upgrade --db {path}`‎ را اجرا کنید.",
    "The database {path} cannot be created: {reason}": "پایگاه داده {path} ساخته نمی‌شود: {reason}",
    "The database {path} was opened read-only.": "پایگاه داده {path} فقط‌خواندنی باز شده است.",
    "The folder {path} cannot be created or written: {reason}": "پوشه {path} ساخته یا نوشته نمی‌شود: {reason}",
    "The file {path} cannot be written: {reason}": "پرونده {path} نوشته نمی‌شود: {reason}",
    "no permission": "اجازه دسترسی نیست",
    "the drive is read-only": "دیسک فقط‌خواندنی است",
    "the disk is full": "دیسک پر است",
    "it does not exist": "وجود ندارد",
    "the disk quota is used up": "سهمیه دیسک تمام شده است",
    "The witness of the journal's end is missing ({path}); entries may have been cut from the end of the books. "
    "Nothing was recorded; the owner must run verify.":
        "گواه پایان دفتر رویدادها پیدا نیست ({path})؛ ممکن است رویدادهایی از انتهای دفاتر بریده شده باشد. "
        "چیزی ثبت نشد؛ مدیر دفتر باید وارسی را اجرا کند.",
    "The witness of the journal's end ({path}) is unreadable or was not written with this office's key. Nothing "
    "was recorded; the owner must run verify.":
        "گواه پایان دفتر رویدادها ({path}) خوانا نیست یا با کلید این دفتر نوشته نشده است. چیزی ثبت نشد؛ "
        "مدیر دفتر باید وارسی را اجرا کند.",
    "The books end before their witness: journal entry {id} is missing or different (entries were removed from "
    "the end, or an older copy of the database was put back). Nothing was recorded; the owner must run verify.":
        "دفاتر پیش از گواهشان تمام می‌شوند: رویداد شماره {id} نیست یا فرق کرده است (رویدادهایی از انتها حذف "
        "شده یا نسخه قدیمی‌تری از پایگاه داده جایگزین شده است). چیزی ثبت نشد؛ مدیر دفتر باید وارسی را اجرا کند.",
    "The file {path} is not a Pishkhan journal key.": "پرونده {path} کلید دفتر رویدادهای پیشخوان نیست.",
    "The journal key {path} cannot be read: {reason}": "کلید دفتر رویدادها ({path}) خوانده نمی‌شود: {reason}",
    "This database was not written with this key ({path}).":
        "این پایگاه داده با این کلید نوشته نشده است ({path}).",
    "PostgreSQL is not supported by this version.": "این نسخه از PostgreSQL پشتیبانی نمی‌کند.",
    "The journal failed verification, so the database was not upgraded ({problem}). Restore a good backup, or "
    "ask for help.":
        "دفتر رویدادها در وارسی رد شد، پس پایگاه داده به‌روز نشد ({problem}). یک پشتیبان سالم را بازیابی کنید "
        "یا کمک بخواهید.",
    "The witness of the journal's end is missing ({path}); entries may have been cut from the end of the books. "
    "Nothing was recorded.":
        "گواه پایان دفتر رویدادها پیدا نیست ({path})؛ ممکن است رویدادهایی از انتهای دفاتر بریده شده باشد. "
        "چیزی ثبت نشد.",
    "The witness of the journal's end ({path}) cannot be written: {reason}. Nothing was recorded.":
        "گواه پایان دفتر رویدادها ({path}) نوشته نمی‌شود: {reason}. چیزی ثبت نشد.",
    "This office requires at least {count} digits in the PIN of an owner or manager.":
        "در این دفتر رمز مدیر دفتر و مدیر دست‌کم باید {count} رقم باشد.",
    "Approvals by {name} are locked for {minutes} more minutes after too many wrong PINs.":
        "تأییدهای {name} پس از رمزهای نادرست پیاپی تا {minutes} دقیقه دیگر قفل است.",
    "Too many wrong PINs: approvals by {name} are locked for {minutes} minutes.":
        "رمز نادرست بیش از اندازه: تأییدهای {name} تا {minutes} دقیقه قفل شد.",
    "Wrong user name or PIN. {left} attempts left before a {minutes}-minute lock.":
        "نام کاربری یا رمز نادرست است. {left} بار دیگر فرصت هست، پس از آن {minutes} دقیقه قفل می‌شود.",
    "The books failed verification, so no backup was made: {problem}":
        "دفاتر در وارسی رد شدند، پس پشتیبانی گرفته نشد: {problem}",
    "The backup copy does not end where the books did; no backup was kept.":
        "نسخه پشتیبان همان‌جا که دفاتر تمام می‌شوند تمام نمی‌شود؛ پشتیبانی نگه داشته نشد.",
    "{path} cannot be restored: {reason}": "{path} بازیابی نمی‌شود: {reason}",
    "The seal beside the backup {path} is not genuine: the backup cannot be trusted.":
        "مهر کنار پشتیبان {path} اصل نیست: به این پشتیبان نمی‌توان اعتماد کرد.",
    "The backup {path} has no journal key beside it ({key}), and this computer does not have it: copy the key "
    "file next to the backup.":
        "کنار پشتیبان {path} کلید دفتر رویدادها نیست ({key}) و این رایانه هم آن را ندارد: پرونده کلید را کنار "
        "پشتیبان بگذارید.",
    "The backup failed verification and was not restored: the file was changed after the backup was made (it no "
    "longer matches its seal).":
        "پشتیبان در وارسی رد شد و بازیابی نشد: پرونده پس از گرفتن پشتیبان تغییر کرده است (با مهرش نمی‌خواند).",
    "The backup could not be written to {path}: {reason}": "پشتیبان در {path} نوشته نشد: {reason}",
    "No such record: {value}": "چنین رکوردی نیست: {value}",
    "The business day {day} is already closed.": "روز کاری {day} پیش‌تر بسته شده است.",
    "The business day {day} has not begun yet (the last closed day is {closed}).":
        "روز کاری {day} هنوز آغاز نشده است (آخرین روز بسته‌شده {closed} است).",
    "full name": "نام کامل",
    "tracking code": "کد رهگیری",
    "card terminal": "پایانه کارت‌خوان",
    "payment reference": "شماره پیگیری پرداخت",
    "name": "نام",
    "reason": "علت",
    "The backup {path} was changed after it was made (it no longer matches its seal).":
        "پشتیبان {path} پس از گرفتن تغییر کرده است (با مهرش نمی‌خواند).",
    "Only a full check that found nothing can be recorded as a verified point.":
        "فقط وارسی کاملی که ایرادی نیافته است را می‌توان نقطه وارسی‌شده ثبت کرد.",
    "The database {path} cannot be used: {detail}": "پایگاه داده {path} به کار نمی‌آید: {detail}",
    "The database {path} is on a read-only drive or folder: nothing can be recorded there. Copy it to a writable "
    "folder or fix the drive.":
        "پایگاه داده {path} روی دیسک یا پوشه‌ای فقط‌خواندنی است: آنجا چیزی ثبت نمی‌شود. آن را به پوشه‌ای "
        "نوشتنی ببرید یا دیسک را درست کنید.",
    "The disk holding {path} is full: nothing was recorded. Free some space and try again.":
        "دیسکِ {path} پر است: چیزی ثبت نشد. کمی جا باز کنید و دوباره امتحان کنید.",
    "The database {path} is locked by another program. Close it and try again.":
        "پایگاه داده {path} در دست برنامه دیگری قفل است. آن را ببندید و دوباره امتحان کنید.",
    "No permission to read the database {path}.": "اجازه خواندن پایگاه داده {path} نیست.",
    "The folder of the database does not exist: {path}": "پوشه پایگاه داده وجود ندارد: {path}",
    "The database {path} cannot be opened: {detail}": "پایگاه داده {path} باز نمی‌شود: {detail}",
    "The {field} is longer than {limit} characters ({length}).":
        "{field} بیش از {limit} نویسه است ({length}). کوتاه‌ترش کنید؛ چیزی ثبت نشد.",
    "The {kind} record {id} was altered: its lines or payments were changed, added or removed.":
        "رکورد {kind} شماره {id} دست‌کاری شده است: ردیف‌ها یا پرداخت‌هایش تغییر کرده، افزوده یا حذف شده‌اند.",
    "The {kind} record {id} was altered.": "رکورد {kind} شماره {id} دست‌کاری شده است.",
    "The {kind} {who} was added or changed behind the app's back (no journal entry records it).":
        "{kind} {who} بیرون از برنامه افزوده یا تغییر داده شده است (هیچ رویدادی آن را ثبت نکرده است).",
    "The {kind} {who} was changed behind the app's back: {fields}.":
        "{kind} {who} بیرون از برنامه تغییر داده شده است: {fields}.",
    "The {kind} {who} was deleted behind the app's back.": "{kind} {who} بیرون از برنامه حذف شده است.",
    "office settings": "تنظیمات دفتر",
    "setting": "تنظیم",
    "staff account": "حساب کارکنان",
    "Receipts {first} to {last} were issued but are missing from the books (removed from the end).":
        "رسیدهای {first} تا {last} صادر شده‌اند اما در دفاتر نیستند (از انتها حذف شده‌اند).",
    "The business day {day} was closed on {closed}, before it began (a repeated day close of an older version): "
    "sales after it were booked to later days.":
        "روز کاری {day} در {closed}، پیش از آغازش، بسته شده است (بستن تکراری روز در نسخه‌ای قدیمی‌تر): فروش‌های "
        "پس از آن در روزهای بعدی ثبت شده‌اند.",
    "The witness of the journal's end is missing ({path}): entries may have been cut from the end of the books. "
    "If the books were moved to a new computer, restore them from a backup (the witness travels with it).":
        "گواه پایان دفتر رویدادها پیدا نیست ({path}): ممکن است رویدادهایی از انتهای دفاتر بریده شده باشد. اگر "
        "دفاتر به رایانه تازه‌ای برده شده‌اند، آن‌ها را از پشتیبان بازیابی کنید.",
    "The witness of the journal's end ({path}) is unreadable or was not written with this office's key.":
        "گواه پایان دفتر رویدادها ({path}) خوانا نیست یا با کلید این دفتر نوشته نشده است.",
    "The journal no longer reaches entry {id}, which its witness saw: entries were removed from its end, or this "
    "file is an older copy (such as a backup).":
        "دفتر رویدادها دیگر به رویداد شماره {id} که گواهش دیده بود نمی‌رسد: رویدادهایی از انتهایش حذف شده یا این "
        "پرونده نسخه‌ای قدیمی‌تر (مانند یک پشتیبان) است.",
    "Journal entry {id} differs from the one its witness saw: this file is another copy of the books or was "
    "rewritten.":
        "رویداد شماره {id} با آنچه گواهش دیده بود فرق دارد: این پرونده نسخه دیگری از دفاتر است یا بازنویسی شده است.",
    "agency": "دستگاه",
    "service": "خدمت",
    # the office server (issue 11)
    "The office server has no books yet ({url}): run `pishkhan server init` on the server PC.":
        "سرور دفتر هنوز دفاتری ندارد ({url}): روی رایانه سرور فرمان ‎`pishkhan server init`‎ را اجرا کنید.",
    "The office server's books are of an older version: the owner must run `pishkhan upgrade` on the server PC first.":
        "دفاتر سرور دفتر از نسخه قدیمی‌تری است: مدیر دفتر نخست باید روی رایانه سرور فرمان ‎`pishkhan upgrade`‎ را "
        "اجرا کند.",
    "The server's check of its indexes failed: {detail}": "وارسی نمایه‌های سرور رد شد: {detail}",
    "This desk uses its own database file again.": "این باجه دوباره از پرونده پایگاه داده خودش استفاده می‌کند.",
    "This desk now keeps the office's books on the server {url}.":
        "این باجه از این پس دفاتر دفتر را روی سرور {url} نگه می‌دارد.",
    "An office server is given as postgresql://USER:PASSWORD@HOST:PORT/DATABASE.":
        "نشانی سرور دفتر به شکل ‎postgresql://USER:PASSWORD@HOST:PORT/DATABASE‎ داده می‌شود.",
    "The office server is set up at {url}. Add a login for each desk: pishkhan server add-desk NAME.":
        "سرور دفتر در {url} راه‌اندازی شد. برای هر باجه ورودی بسازید: ‎pishkhan server add-desk NAME‎.",
    "Name the desk: pishkhan server add-desk NAME --url …": "نام باجه را بگویید: ‎pishkhan server add-desk NAME --url …‎",
    "Desk {name} can connect with the URL below (keep it like a password): on that PC run pishkhan connect URL, or "
    "paste it into the first-run screen.":
        "باجه {name} با نشانی زیر وصل می‌شود (مانند رمز نگهش دارید): روی آن رایانه ‎pishkhan connect URL‎ را اجرا "
        "کنید یا نشانی را در صفحه نخستین اجرا بچسبانید.",
    "Say which office database to move: --from OFFICE.db": "بگویید کدام پایگاه داده دفتر منتقل شود: ‎--from OFFICE.db‎",
    "Moved onto the server and verified on both sides: {sales} sales, {entries} journal entries, total {total} Rials.":
        "به سرور منتقل شد و هر دو سو وارسی شد: {sales} فروش، {entries} رویداد، جمع {total} ریال.",
    "Say where to put the backup: --to FOLDER": "بگویید پشتیبان کجا نوشته شود: ‎--to FOLDER‎",
    "The office's books failed verification and were not moved: {problem}":
        "دفاتر دفتر در وارسی رد شدند و منتقل نشدند: {problem}",
    "Set the server up first: pishkhan server init --url {url}":
        "نخست سرور را راه‌اندازی کنید: ‎pishkhan server init --url {url}‎",
    "The office server already holds an office's books ({url}).": "سرور دفتر از پیش دفاتر یک دفتر را دارد ({url}).",
    "The books on the server failed verification after the move: {problem}":
        "دفاتر روی سرور پس از انتقال در وارسی رد شدند: {problem}",
    "The office server is already set up ({url}).": "سرور دفتر از پیش راه‌اندازی شده است ({url}).",
    "A desk's name is 1 to 40 Latin letters, digits or underscores.":
        "نام باجه ۱ تا ۴۰ حرف لاتین، رقم یا خط زیر است.",
    "Only the office server's owner login can verify its books (a desk cannot read the chain key).":
        "فقط ورود مدیر سرور دفتر می‌تواند دفاتر را وارسی کند (باجه‌ها کلید زنجیره را نمی‌خوانند).",
    "The office's books are on a server ({url}), not in a file on this computer.":
        "دفاتر دفتر روی سرور است ({url})، نه در پرونده‌ای روی این رایانه.",
    "The office server refused this desk's name or password ({url}).":
        "سرور دفتر نام یا رمز این باجه را نپذیرفت ({url}).",
    "The office server has no such database ({url}).": "سرور دفتر چنین پایگاه داده‌ای ندارد ({url}).",
    "This desk is not allowed to do that on the office server: {detail}":
        "این باجه اجازه این کار را روی سرور دفتر ندارد: {detail}",
    "The office server cannot be reached ({url}). Nothing was recorded; the visit stays on screen. Check the "
    "network cable and that the server PC is on, then try again.":
        "سرور دفتر در دسترس نیست ({url}). چیزی ثبت نشد و مراجعه روی صفحه می‌ماند. کابل شبکه و روشن بودن رایانه "
        "سرور را بررسی کنید و دوباره امتحان کنید.",
    "The office server answered with an error: {detail}": "سرور دفتر با خطا پاسخ داد: {detail}",
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
    "shift close note": "یادداشت بستن نوبت",
    "Restore a server's backup into a new, empty database ({url}).":
        "پشتیبان سرور را در پایگاه داده‌ای تازه و خالی بازیابی کنید ({url}).",
    "The server's backup could not be restored: {detail}": "پشتیبان سرور بازیابی نشد: {detail}",
    "The restored books failed verification: {problem}": "دفاتر بازیابی‌شده در وارسی رد شدند: {problem}",
    "PostgreSQL's {tool} is not installed on this computer: install PostgreSQL's client tools.":
        "برنامه {tool} از PostgreSQL روی این رایانه نصب نیست: ابزارهای کاربر PostgreSQL را نصب کنید.",
    "Only the office server's owner login can back up its books.":
        "فقط ورود مدیر سرور دفتر می‌تواند از دفاتر پشتیبان بگیرد.",
    "The server's backup could not be made: {detail}": "پشتیبان سرور گرفته نشد: {detail}",
    "The books are accepted as they are: the witness now follows journal entry {id}.":
        "دفاتر همان‌گونه که هستند پذیرفته شدند: گواه از این پس رویداد شماره {id} را دنبال می‌کند.",
    "The office server keeps its own chain's end; there is no witness file to reset.":
        "سرور دفتر پایان زنجیره را خودش نگه می‌دارد؛ پرونده گواهی برای بازنشاندن نیست.",
    "The books no longer hold journal entry {id}, which the backup {file} holds: entries were removed, or older "
    "books were put back.":
        "دفاتر دیگر رویداد شماره {id} را که پشتیبان {file} دارد ندارند: رویدادهایی حذف شده یا دفاتر قدیمی‌تری "
        "جایگزین شده است.",
}
