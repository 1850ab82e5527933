"""Persian for connecting a desk to the office server (`app/services/connection*.py`, `pishkhan connect`,
`server add-desk`). Registered by `app.i18n`; kept apart so that branches adding strings at the same
time do not edit the same lines."""
from __future__ import annotations

FA_DESK: dict[str, str] = {
    "This desk now keeps the books of «{office}» on the office server {url} as desk «{desk}».":
        "این باجه از این پس دفاتر «{office}» را روی سرور دفتر {url} با نام باجه «{desk}» نگه می‌دارد.",
    "Desk {name} can connect with the address below (keep it like a password): on that PC, paste it into «Connect "
    "this desk to the office server» (first run, or the owner's Office server page), or run pishkhan connect "
    "ADDRESS.":
        "باجه {name} با نشانی زیر وصل می‌شود (مانند رمز نگهش دارید): روی آن رایانه، نشانی را در «وصل کردن این باجه "
        "به سرور دفتر» بچسبانید (صفحه نخستین اجرا، یا صفحه «سرور دفتر» مدیر)، یا ⁦pishkhan connect ADDRESS⁩ را "
        "اجرا کنید.",
    "This address names the server as this PC itself ({host}): other PCs cannot reach it by that name. Issue it "
    "again with --host and the server PC's address on the office network, e.g. --host 192.168.1.10.":
        "این نشانی سرور را با نام همین رایانه ({host}) می‌خواند: رایانه‌های دیگر با این نام به آن نمی‌رسند. آن را "
        "دوباره با ⁦--host⁩ و نشانی رایانه سرور در شبکه دفتر بسازید، مثلاً ⁦--host 192.168.1.10⁩.",
    "change where this desk keeps the books": "تغییر جای نگهداری دفاتر این باجه",
    "The office server at {where} refused the desk login «{login}» or its password: copy the address again from "
    "what «pishkhan server add-desk» printed (or issue it again).":
        "سرور دفتر در {where} نام کاربری باجه «{login}» یا رمز آن را نپذیرفت: نشانی را دوباره از آنچه "
        "«⁦pishkhan server add-desk⁩» چاپ کرد رونوشت کنید (یا آن را دوباره بسازید).",
    "The office server at {where} does not accept connections from this PC: on the server PC, allow the office "
    "network in PostgreSQL's pg_hba.conf.":
        "سرور دفتر در {where} از این رایانه اتصال نمی‌پذیرد: روی رایانه سرور، شبکه دفتر را در پرونده "
        "⁦pg_hba.conf⁩ از PostgreSQL مجاز کنید.",
    "The office server at {where} has no database named «{database}».":
        "سرور دفتر در {where} پایگاه داده‌ای به نام «{database}» ندارد.",
    "The office server cannot be reached: {where} answered, but not as a PostgreSQL server ({detail}).":
        "سرور دفتر در دسترس نیست: {where} پاسخ داد، اما نه مانند سرور PostgreSQL ({detail}).",
    "The office server's books were made by a newer version of Pishkhan Desk: update the program on this desk.":
        "دفاتر سرور دفتر با نسخه تازه‌تری از میز پیشخوان ساخته شده‌اند: برنامه را روی این باجه به‌روز کنید.",
    "«{login}» is not a desk's login: a desk must never hold the server owner's. On the server PC run «pishkhan "
    "server add-desk NAME» and paste the address it prints.":
        "«{login}» نام کاربری یک باجه نیست: ورود مدیر سرور هرگز نباید روی باجه بماند. روی رایانه سرور "
        "«⁦pishkhan server add-desk NAME⁩» را اجرا کنید و نشانی‌ای را که چاپ می‌کند بچسبانید.",
    "The office server has no office set up yet: on the server PC run «pishkhan server init» with --office, or "
    "«pishkhan server import».":
        "روی سرور دفتر هنوز دفتری تعریف نشده است: روی رایانه سرور «⁦pishkhan server init⁩» را با ⁦--office⁩ "
        "اجرا کنید، یا «⁦pishkhan server import⁩» را.",
    "Paste the whole address that «pishkhan server add-desk NAME» printed on the server PC: it begins with "
    "postgresql://":
        "همه نشانی‌ای را که «⁦pishkhan server add-desk NAME⁩» روی رایانه سرور چاپ کرد بچسبانید: با "
        "⁦postgresql://⁩ آغاز می‌شود.",
    "The address has no desk login and password in it: paste the whole address that «pishkhan server add-desk "
    "NAME» printed.":
        "در این نشانی نام کاربری و رمز باجه نیست: همه نشانی‌ای را که «⁦pishkhan server add-desk NAME⁩» چاپ کرد "
        "بچسبانید.",
    "The address names no server: after @ comes the server PC's name or IP address.":
        "در این نشانی نام سرور نیامده است: پس از @ نام یا نشانی IP رایانه سرور می‌آید.",
    "The port in the address is not a number from 1 to 65535.": "درگاه (port) در این نشانی عددی از ۱ تا ۶۵۵۳۵ نیست.",
    "The address names no database: it ends with /DATABASE.":
        "در این نشانی نام پایگاه داده نیامده است: نشانی با ⁦/DATABASE⁩ پایان می‌یابد.",
    "The office server cannot be reached: the name {host} is not known on this network. Check the server PC's "
    "name, or use its IP address.":
        "سرور دفتر در دسترس نیست: نام {host} در این شبکه شناخته نیست. نام رایانه سرور را بررسی کنید یا نشانی IP "
        "آن را به کار ببرید.",
    "The office server cannot be reached: the server PC {host} answers, but nothing accepts connections on port "
    "{port}. Check that PostgreSQL runs there and listens on the network.":
        "سرور دفتر در دسترس نیست: رایانه سرور {host} پاسخ می‌دهد، اما روی درگاه {port} کسی اتصال نمی‌پذیرد. "
        "بررسی کنید که PostgreSQL آنجا روشن باشد و به شبکه گوش دهد.",
    "The office server cannot be reached: no answer from {where} within two seconds. Check the network cable and "
    "that the server PC is on.":
        "سرور دفتر در دسترس نیست: از {where} در دو ثانیه پاسخی نیامد. کابل شبکه و روشن بودن رایانه سرور را "
        "بررسی کنید.",
}
