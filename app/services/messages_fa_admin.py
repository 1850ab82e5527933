"""Persian for the office administration screens (`ui/admin_*.py`) and the backup schedule
(`app/services/backup_schedule.py`). Registered with `app.i18n.register` by those modules."""
from __future__ import annotations

FA_ADMIN: dict[str, str] = {
    # --- staff -----------------------------------------------------------------------------------
    "Staff": "کارکنان",
    "User name": "نام کاربری",
    "Role": "نقش",
    "Status": "وضعیت",
    "Lockout": "قفل",
    "active": "فعال",
    "inactive": "غیرفعال",
    "locked until {time}": "قفل تا {time}",
    "Add a staff member": "افزودن کارمند",
    "Add a staff member…": "افزودن کارمند…",
    "Change role…": "تغییر نقش…",
    "Change role": "تغییر نقش",
    "New role for {name}": "نقش تازهٔ {name}",
    "Deactivate": "غیرفعال کردن",
    "Activate": "فعال کردن",
    "Set a new PIN…": "تعیین رمز تازه…",
    "Lift the lockout": "برداشتن قفل",
    "New PIN for {name}": "رمز تازه برای {name}",
    "New PIN": "رمز تازه",
    "The new PIN also lifts any lockout. Tell it to the staff member in person.":
        "رمز تازه قفل حساب را هم برمی‌دارد. آن را حضوری به همکار بگویید.",
    "Accounts are never deleted: a deactivated account keeps its history but cannot log in.":
        "حساب‌ها هرگز پاک نمی‌شوند: حساب غیرفعال سابقه‌اش را نگه می‌دارد ولی نمی‌تواند وارد شود.",
    "{name} was added and can log in now.": "{name} افزوده شد و اکنون می‌تواند وارد شود.",
    "{name} is now {role}.": "نقش {name} اکنون «{role}» است.",
    "{name} can no longer log in.": "{name} دیگر نمی‌تواند وارد شود.",
    "{name} can log in again.": "{name} دوباره می‌تواند وارد شود.",
    "The PIN of {name} was changed.": "رمز {name} عوض شد.",
    "{name} can try to log in again.": "قفل حساب {name} برداشته شد؛ می‌تواند دوباره وارد شود.",
    "Deactivate {name}? The account keeps its history but can no longer log in.":
        "{name} غیرفعال شود؟ سابقهٔ حساب می‌ماند ولی دیگر نمی‌تواند وارد شود.",
    # --- settings --------------------------------------------------------------------------------
    "Settings": "تنظیمات",
    "Receipt printer": "چاپگر رسید",
    "The office (printed on every receipt)": "دفتر (روی هر رسید چاپ می‌شود)",
    "Address": "نشانی",
    "Phone": "تلفن",
    "Economic code": "کد اقتصادی",
    "Receipt footer": "پانویس رسید",
    "Money and the business day": "پول و روز کاری",
    "The office fee already includes VAT": "کارمزد دفتر، مالیات بر ارزش افزوده را در خود دارد",
    "The business day starts at": "آغاز روز کاری",
    "Language": "زبان",
    "The default VAT applies to services added from now on; each service keeps the VAT of its tariff. "
    "A new language shows after the program is started again.":
        "نرخ پیش‌فرض مالیات بر ارزش افزوده برای خدمت‌هایی است که از این پس افزوده می‌شوند؛ هر خدمت نرخ "
        "تعرفهٔ خودش را نگه می‌دارد. زبان تازه پس از بستن و باز کردن دوبارهٔ برنامه دیده می‌شود.",
    "Save": "ذخیره",
    "Nothing was changed.": "چیزی تغییر نکرد.",
    "Settings saved ({count} changes).": "تنظیمات ذخیره شد ({count} تغییر).",
    # --- printer ---------------------------------------------------------------------------------
    "Printer type": "نوع چاپگر",
    "Network (IP address)": "شبکه (نشانی IP)",
    "USB": "USB",
    "Serial port (COM)": "درگاه سریال (COM)",
    "Device file or shared printer": "فایل دستگاه یا چاپگر اشتراکی",
    "System printer (CUPS)": "چاپگر سیستم (CUPS)",
    "Windows printer": "چاپگر ویندوز",
    "Address (IP or name)": "نشانی (IP یا نام)",
    "Port": "درگاه",
    "USB vendor id": "شناسهٔ سازندهٔ USB",
    "USB product id": "شناسهٔ محصول USB",
    "Serial port": "درگاه سریال",
    "Speed (baud)": "سرعت (باود)",
    "Device or path": "دستگاه یا مسیر",
    "Printer name": "نام چاپگر",
    "Paper width": "پهنای کاغذ",
    "80 mm": "۸۰ میلی‌متر",
    "58 mm": "۵۸ میلی‌متر",
    "This 80 mm printer prints only 72 mm (512 dots)": "این چاپگر ۸۰ میلی‌متری فقط ۷۲ میلی‌متر (۵۱۲ نقطه) چاپ می‌کند",
    "Copies of each receipt": "تعداد نسخهٔ هر رسید",
    "Cut the paper after each receipt": "برش کاغذ پس از هر رسید",
    "Open the cash drawer for cash payments": "باز کردن کشوی پول برای پرداخت نقدی",
    "Save the printer settings": "ذخیرهٔ تنظیمات چاپگر",
    "Print a test page": "چاپ صفحهٔ آزمایشی",
    "The printer settings were saved.": "تنظیمات چاپگر ذخیره شد.",
    "Printing a test page…": "در حال چاپ صفحهٔ آزمایشی…",
    "The test page was sent. If nothing came out, check the paper and the cable.":
        "صفحهٔ آزمایشی فرستاده شد. اگر چیزی بیرون نیامد، کاغذ و کابل را بررسی کنید.",
    # --- tariffs ---------------------------------------------------------------------------------
    "Tariff update": "به‌روزرسانی تعرفه‌ها",
    "Nothing is applied while any row is wrong, and sales already recorded keep their prices.":
        "تا وقتی ردیفی نادرست باشد چیزی اعمال نمی‌شود، و فروش‌های ثبت‌شده قیمت خود را نگه می‌دارند.",
    "Choose the tariff file (CSV or Excel)…": "انتخاب فایل تعرفه (CSV یا اکسل)…",
    "Save the current tariffs as a file…": "ذخیرهٔ تعرفه‌های کنونی در فایل…",
    "No file chosen yet.": "هنوز فایلی انتخاب نشده است.",
    "File: {path}": "فایل: {path}",
    "Apply from": "اعمال از تاریخ",
    "Apply every row from this date (instead of the dates in the file)":
        "همهٔ ردیف‌ها از این تاریخ اعمال شود (به جای تاریخ‌های درون فایل)",
    "Also show services that do not change": "خدمت‌های بدون تغییر هم نشان داده شود",
    "Apply the tariff table": "اعمال جدول تعرفه",
    "Read the file again": "خواندن دوبارهٔ فایل",
    "Fix the rows listed below in the spreadsheet, save it, then read the file again.":
        "ردیف‌های زیر را در فایل درست و ذخیره کنید، سپس فایل را دوباره بخوانید.",
    "Choose the tariff file": "انتخاب فایل تعرفه",
    "Tariff tables (*.csv *.xlsx)": "جدول‌های تعرفه (*.csv *.xlsx)",
    "Save the current tariffs": "ذخیرهٔ تعرفه‌های کنونی",
    "CSV files (*.csv)": "فایل‌های CSV (*.csv)",
    "Reading the tariff file…": "در حال خواندن فایل تعرفه…",
    "The file is correct. Check the changes below, then apply.":
        "فایل درست است. تغییرها را در جدول زیر ببینید، سپس اعمال کنید.",
    "The file has {count} errors; nothing can be applied until they are fixed.":
        "فایل {count} خطا دارد؛ تا درست نشوند چیزی اعمال نمی‌شود.",
    "{new} new services, {changed} changed, {gone} no longer offered, {same} unchanged.":
        "{new} خدمت تازه، {changed} تغییر، {gone} خدمت حذف‌شده، {same} بدون تغییر.",
    "Applies from {day}.": "از {day} اعمال می‌شود.",
    "That date is in the past: sales already recorded keep their prices.":
        "این تاریخ گذشته است: فروش‌های ثبت‌شده قیمت خود را نگه می‌دارند.",
    "Services no longer offered disappear from the counter as soon as the table is applied.":
        "خدمت‌های حذف‌شده با اعمال جدول، بی‌درنگ از پیشخوان برداشته می‌شوند.",
    "Apply the tariff table? {new} new services, {changed} changed, {gone} no longer offered.":
        "جدول تعرفه اعمال شود؟ {new} خدمت تازه، {changed} تغییر، {gone} خدمت حذف‌شده.",
    "new service": "خدمت تازه",
    "fee changed": "تغییر تعرفه",
    "no change": "بدون تغییر",
    "no longer offered": "حذف‌شده",
    "What changes": "تغییر",
    "Code": "کد",
    "Agency": "دستگاه",
    "Agency fee": "سهم دستگاه",
    "From": "از تاریخ",
    # --- services and tariffs (the catalogue) ---------------------------------------------------
    "Services and tariffs": "خدمات و تعرفه‌ها",
    "Tariffs are never edited: a new tariff starts on its date, and sales keep the tariff they were priced "
    "with. To change them, use the tariff update.":
        "تعرفه‌ها هرگز ویرایش نمی‌شوند: تعرفهٔ تازه از تاریخ خودش آغاز می‌شود و هر فروش با تعرفه‌ای که با آن "
        "ثبت شده می‌ماند. برای تغییر تعرفه‌ها از «به‌روزرسانی تعرفه‌ها» استفاده کنید.",
    "Search": "جستجو",
    "Code, service name or agency": "کد، نام خدمت یا دستگاه",
    "{shown} of {total} services": "{shown} خدمت از {total}",
    "Variable agency fee": "سهم دستگاه متغیر",
    "VAT in the office fee": "مالیات در کارمزد",
    "included": "در کارمزد",
    "added": "افزون بر کارمزد",
    "yes": "بله",
    "no": "خیر",
    "offered": "ارائه می‌شود",
    "offered from {day}": "از {day} ارائه می‌شود",
    "leaves on {day}": "از {day} حذف می‌شود",
    "Tariff history of {code} {service}": "سابقهٔ تعرفه‌های {code} {service}",
    "Choose a service to see its tariff history.": "خدمتی را انتخاب کنید تا سابقهٔ تعرفه‌هایش را ببینید.",
    # --- backups ---------------------------------------------------------------------------------
    "Backups": "پشتیبان‌گیری",
    "Made at": "زمان تهیه",
    "Size": "اندازه",
    "Key file": "فایل کلید",
    "File": "فایل",
    "present": "دارد",
    "absent": "ندارد",
    "{size} MB": "{size} مگابایت",
    "Last good backup: {when}": "آخرین پشتیبان سالم: {when}",
    "(on a drive that is not plugged in now)": "(روی درایوی که اکنون وصل نیست)",
    "Choose…": "انتخاب…",
    "Back up now": "پشتیبان‌گیری اکنون",
    "Restore the chosen backup…": "بازگردانی پشتیبان انتخاب‌شده…",
    "Restore from another file…": "بازگردانی از فایلی دیگر…",
    "Where backups go": "جای نگهداری پشتیبان‌ها",
    "Folder": "پوشه",
    "Daily backups kept": "تعداد پشتیبان روزانه",
    "Monthly backups kept": "تعداد پشتیبان ماهانه",
    "A backup is made every day and at each day close, and checked after it is written. Older copies are "
    "removed: the last backup of each recent day and of each recent month is kept.":
        "هر روز و در هر بستن روز یک پشتیبان گرفته و پس از نوشتن بررسی می‌شود. نسخه‌های کهنه پاک می‌شوند: "
        "آخرین پشتیبانِ هر یک از روزها و ماه‌های اخیر نگه داشته می‌شود.",
    "Choose the backup folder": "انتخاب پوشهٔ پشتیبان",
    "Backing up…": "در حال پشتیبان‌گیری…",
    "Backups of this office in the folder": "پشتیبان‌های این دفتر در پوشه",
    "This folder is on the same disk as the database: if that disk fails, the backups go with it. A USB "
    "drive or another disk is safer.":
        "این پوشه روی همان دیسکی است که پایگاه داده روی آن است: اگر این دیسک خراب شود، پشتیبان‌ها هم از "
        "دست می‌روند. فلش USB یا دیسکی دیگر امن‌تر است.",
    "The backup settings were saved.": "تنظیمات پشتیبان‌گیری ذخیره شد.",
    "daily": "روزانه",
    "Daily backup written and verified: {path}": "پشتیبان روزانه نوشته و بررسی شد: {path}",
    "The daily backup was not made: {reason}": "پشتیبان روزانه گرفته نشد: {reason}",
    "by hand": "دستی",
    "The backup folder {path} is not available. If it is on a USB drive, plug the drive in.":
        "پوشهٔ پشتیبان {path} در دسترس نیست. اگر روی فلش USB است، آن را وصل کنید.",
    "Cannot write to the backup folder {path}: {detail}": "در پوشهٔ پشتیبان {path} نمی‌توان نوشت: {detail}",
    "The backup could not be written to {path}: {detail}": "پشتیبان در {path} نوشته نشد: {detail}",
    "Keep at least one daily backup.": "دست‌کم یک پشتیبان روزانه باید نگه داشته شود.",
    "No backup folder is chosen yet. Choose one (a USB drive, say) in the backup settings.":
        "هنوز پوشهٔ پشتیبان انتخاب نشده است. در تنظیمات پشتیبان‌گیری یکی (مثلاً فلش USB) انتخاب کنید.",
    "Choose a backup folder (a USB drive, say) in the backup settings.":
        "در تنظیمات پشتیبان‌گیری یک پوشهٔ پشتیبان (مثلاً فلش USB) انتخاب کنید.",
    "No backup of this office has been made yet.": "هنوز هیچ پشتیبانی از این دفتر گرفته نشده است.",
    "There has been no backup for {days} days (the last one: {when}). Back up now.":
        "{days} روز است که پشتیبان گرفته نشده (آخرین: {when}). اکنون پشتیبان بگیرید.",
    # --- restore ---------------------------------------------------------------------------------
    "Restore a backup": "بازگردانی پشتیبان",
    "Choose a backup file…": "انتخاب فایل پشتیبان…",
    "Choose a backup file": "انتخاب فایل پشتیبان",
    "Pishkhan backups (*.db)": "پشتیبان‌های پیشخوان (*.db)",
    "Restore this backup": "بازگردانی این پشتیبان",
    "What the backup holds": "آنچه در پشتیبان است",
    "Receipts": "رسیدها",
    "Journal entries": "رکوردهای دفتر رویداد",
    "Verification": "بررسی",
    "beside the backup": "کنار فایل پشتیبان",
    "on this computer": "روی همین رایانه",
    "✔ intact": "✔ سالم",
    "{count} (last number {number})": "{count} (آخرین شماره {number})",
    "Checking the backup…": "در حال بررسی پشتیبان…",
    "The backup was verified: it can be restored.": "پشتیبان بررسی شد و سالم است: می‌توان آن را بازگرداند.",
    "This backup cannot be restored.": "این پشتیبان را نمی‌توان بازگرداند.",
    "This computer has no office yet: the office will be restored from this backup.":
        "این رایانه هنوز دفتری ندارد: دفتر از همین پشتیبان بازگردانده می‌شود.",
    "The database in use now is kept aside under a new name (nothing is deleted). Everyone must log in "
    "again after the restore.":
        "پایگاه دادهٔ کنونی با نامی تازه کنار گذاشته می‌شود (چیزی پاک نمی‌شود). پس از بازگردانی همه باید "
        "دوباره وارد شوند.",
    "Careful: this backup is of another office ({name}), not of {current}.":
        "دقت کنید: این پشتیبانِ دفتر دیگری ({name}) است، نه {current}.",
    "Restore the backup made at {when}? {consequence}": "پشتیبانِ {when} بازگردانده شود؟ {consequence}",
    "Restoring…": "در حال بازگردانی…",
    "The database could not be replaced ({detail}). Close the program everywhere else it is open, then try "
    "again.":
        "پایگاه داده جایگزین نشد ({detail}). برنامه را هر جای دیگری که باز است ببندید و دوباره تلاش کنید.",
    "Restored and verified: {journal} journal entries, {receipts} receipts.":
        "بازگردانده و بررسی شد: {journal} رکورد دفتر رویداد، {receipts} رسید.",
    "Restored, but the check found a problem: {problem}": "بازگردانده شد، ولی بررسی مشکلی یافت: {problem}",
    "The previous database was kept as {path}.": "پایگاه دادهٔ پیشین با نام {path} نگه داشته شد.",
    "The key file {name} is not beside the backup. Copy it from where the backup was made into the same "
    "folder, then choose the backup again.":
        "فایل کلید {name} کنار پشتیبان نیست. آن را از جایی که پشتیبان گرفته شد در همین پوشه کپی کنید، "
        "سپس دوباره پشتیبان را انتخاب کنید.",
    "This computer already has an office; log in as the owner to restore a backup over it.":
        "این رایانه دفتر دارد؛ برای بازگردانی پشتیبان روی آن، با حساب مدیر دفتر وارد شوید.",
}
