# The festival's own formats; the others are Django's French ones.
FULL_DATE_FORMAT = "l j F Y"
WEEKDAY_FORMAT = "l j F"
SHORT_WEEKDAY_FORMAT = "D j"
SHORT_DAY_FORMAT = "D j b"
# A span of days written « first – last », the year once: « 3 – 17 décembre 2026 » reads
# « 3 décembre au 17 décembre 2026 »; Japanese puts the year first: 2026年12月3日〜12月17日.
RANGE_FIRST_FORMAT = "j F"
RANGE_LAST_FORMAT = "j F Y"
# With the weekday: organisers check a prepared edition's days in the admin's lists at a glance.
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
