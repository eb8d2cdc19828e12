# British English with a 24-hour clock (the festival is in France); Django's are American.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
FULL_DATE_FORMAT = "l j F Y"
WEEKDAY_FORMAT = "l j F"
SHORT_WEEKDAY_FORMAT = "D j"
SHORT_DAY_FORMAT = "D j M"
# A span of days written « first – last », the year once: « 3 – 17 décembre 2026 » reads
# « 3 décembre au 17 décembre 2026 »; Japanese puts the year first: 2026年12月3日〜12月17日.
RANGE_FIRST_FORMAT = "j F"
RANGE_LAST_FORMAT = "j F Y"
