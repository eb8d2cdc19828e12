# Year, month, day, then the weekday's character: 2026年11月28日(土). Others are Django's.
FULL_DATE_FORMAT = "Y年n月j日(D)"
WEEKDAY_FORMAT = "n月j日(D)"
SHORT_WEEKDAY_FORMAT = "j日(D)"
SHORT_DAY_FORMAT = "n月j日(D)"
