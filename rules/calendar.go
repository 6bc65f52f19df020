package rules

import "time"

// Dates in this file are civil dates: time.Time values at midnight UTC.

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// tetHolidays are the Lunar New Year days off for state offices, first and last day, as
// announced each year (the Ministry of Labour's notice, or the Prime Minister's decision).
// Years not yet announced take the Labour Code's minimum: the last day of the old year and the
// first four of the new (see tetMinimum). Add each year's line when it is announced.
var tetHolidays = map[int][2]time.Time{
	2020: {civil(2020, 1, 23), civil(2020, 1, 29)},
	2021: {civil(2021, 2, 10), civil(2021, 2, 16)},
	2022: {civil(2022, 1, 29), civil(2022, 2, 6)},
	2023: {civil(2023, 1, 20), civil(2023, 1, 26)},
	2024: {civil(2024, 2, 8), civil(2024, 2, 14)},
	2025: {civil(2025, 1, 25), civil(2025, 2, 2)},
	2026: {civil(2026, 2, 14), civil(2026, 2, 22)},
}

// tetFirstDay is the first day of the lunar year (mùng 1 Tết).
var tetFirstDay = map[int]time.Time{
	2027: civil(2027, 2, 6), 2028: civil(2028, 1, 26), 2029: civil(2029, 2, 13), 2030: civil(2030, 2, 3),
	2031: civil(2031, 1, 23), 2032: civil(2032, 2, 11),
}

// hungKings is the Hùng Kings' commemoration day (10th day of the 3rd lunar month).
var hungKings = map[int]time.Time{
	2020: civil(2020, 4, 2), 2021: civil(2021, 4, 21), 2022: civil(2022, 4, 10), 2023: civil(2023, 4, 29),
	2024: civil(2024, 4, 18), 2025: civil(2025, 4, 7), 2026: civil(2026, 4, 26), 2027: civil(2027, 4, 16),
	2028: civil(2028, 4, 4), 2029: civil(2029, 4, 23), 2030: civil(2030, 4, 12), 2031: civil(2031, 5, 1),
	2032: civil(2032, 4, 20),
}

func tetMinimum(y int) (time.Time, time.Time, bool) {
	if r, ok := tetHolidays[y]; ok {
		return r[0], r[1], true
	}
	first, ok := tetFirstDay[y]
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	return first.AddDate(0, 0, -1), first.AddDate(0, 0, 3), true
}

// fixedHolidays are the solar public holidays of the 2019 Labour Code (Điều 112): New Year,
// Reunification Day, Labour Day, and National Day with the day before it.
var fixedHolidays = [][2]int{{1, 1}, {4, 30}, {5, 1}, {9, 1}, {9, 2}}

func isWeekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// isHoliday reports whether d is a public holiday or a day off in lieu of one that fell on a
// weekend (the next working day).
func isHoliday(d time.Time) bool {
	d = civil(d.Year(), d.Month(), d.Day())
	y := d.Year()
	if lo, hi, ok := tetMinimum(y); ok && !d.Before(lo) && !d.After(hi) {
		return true
	}
	if lo, hi, ok := tetMinimum(y + 1); ok && !d.Before(lo) && !d.After(hi) {
		return true
	}
	if h, ok := hungKings[y]; ok && d.Equal(h) {
		return true
	}
	for _, f := range fixedHolidays {
		h := civil(y, time.Month(f[0]), f[1])
		if d.Equal(h) {
			return true
		}
	}
	// A day in lieu: the first working day after a run of fixed holidays or Hùng Kings day that
	// touched a weekend day.
	for back := 1; back <= 3; back++ {
		p := d.AddDate(0, 0, -back)
		if !isWeekend(p) && !isFixedOrHung(p) {
			break
		}
		if isFixedOrHung(p) && isWeekend(p) && !isWeekend(d) {
			return true
		}
	}
	return false
}

func isFixedOrHung(d time.Time) bool {
	if h, ok := hungKings[d.Year()]; ok && d.Equal(h) {
		return true
	}
	for _, f := range fixedHolidays {
		if d.Month() == time.Month(f[0]) && d.Day() == f[1] {
			return true
		}
	}
	return false
}

// IsWorkingDay reports whether d is a working day of state offices: Monday to Friday and not a
// public holiday.
func IsWorkingDay(d time.Time) bool {
	return !isWeekend(d) && !isHoliday(d)
}

// AddWorkingDays returns the date n working days after d (d itself is not counted), so the
// deadline "within 30 working days of the decision" is AddWorkingDays(decision, 30).
func AddWorkingDays(d time.Time, n int) time.Time {
	d = civil(d.Year(), d.Month(), d.Day())
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b; 0 when b is not
// after a.
func WorkingDaysBetween(a, b time.Time) int {
	a = civil(a.Year(), a.Month(), a.Day())
	b = civil(b.Year(), b.Month(), b.Day())
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
