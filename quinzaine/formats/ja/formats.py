# Year, month, day, then the weekday's character: 2026年11月28日(土). Others are Django's.
FULL_DATE_FORMAT = "Y年n月j日(D)"
WEEKDAY_FORMAT = "n月j日(D)"
SHORT_WEEKDAY_FORMAT = "j日(D)"
SHORT_DAY_FORMAT = "n月j日(D)"
# A span of days written « first – last », the year once: « 3 – 17 décembre 2026 » reads
# « 3 décembre au 17 décembre 2026 »; Japanese puts the year first: 2026年12月3日〜12月17日.
RANGE_FIRST_FORMAT = "Y年n月j日"
RANGE_LAST_FORMAT = "n月j日"
