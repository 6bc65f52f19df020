package rules

import (
	"math"
	"sync"
	"time"
)

// Working days in Vietnam, for deadlines such as "within 30 working days".
//
// Dates here are civil dates: a time.Time stands for the calendar day of its own location
// (time.Date's year, month and day), and the dates this file returns are at midnight UTC.
// Build them with time.Date(y, m, d, 0, 0, 0, 0, time.UTC), or from a store.Date's Time.
//
// A working day is Monday to Friday, unless it is a day off, or a weekend day made a working
// day by a swap ("làm bù"). The days off are:
//   - the fixed solar holidays of the Labour Code 2019 (Điều 112), every year: 1/1, 30/4,
//     1/5 and 2/9;
//   - and, for the years in daysOff, what each year's announcement for state offices (the
//     Prime Minister's decision or the ministry's notice) adds: the Lunar New Year (Tết), the
//     Hùng Kings' day (10/3 lunar), the day next to 2/9, days in lieu of a holiday that fell on
//     a weekend ("nghỉ bù"), and bridging days swapped with a Saturday ("hoán đổi").
//
// Years outside daysOff have only the fixed holidays: add each year's lines when it is
// announced.

// civil returns the civil date y-m-d at midnight UTC.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ymd is a civil date in the tables below.
type ymd struct {
	y int
	m time.Month
	d int
}

// offRun is a run of days off, first and last day included, for one occasion.
type offRun struct {
	from, to ymd
	what     string
}

// daysOff are the days off of state offices besides weekends and fixedHolidays, year by year,
// as announced; where a year is not announced yet, as the Labour Code would have it, marked
// "expected". Tết runs are written as announced, weekends included. Each year's decision may
// add bridging days: correct the year's lines when it comes out.
//
// Lunar dates are those of the Vietnamese calendar (UTC+7), which now and then differs from
// the Chinese one: Tết 2030 is on 2/2, not 3/2.
//
// The Labour Code 2019 (in force 1/1/2021) added a day next to 2/9; in 2020 National Day was
// one day.
var daysOff = []offRun{
	// 2020: Tết Canh Tý 25/1 (Sat).
	{ymd{2020, 1, 23}, ymd{2020, 1, 29}, "Tết"},
	{ymd{2020, 4, 2}, ymd{2020, 4, 2}, "Hùng Kings"},

	// 2021: Tết Tân Sửu 12/2 (Fri).
	{ymd{2021, 2, 10}, ymd{2021, 2, 16}, "Tết"},
	{ymd{2021, 4, 21}, ymd{2021, 4, 21}, "Hùng Kings"},
	{ymd{2021, 5, 3}, ymd{2021, 5, 3}, "in lieu of 1/5 (Sat)"},
	{ymd{2021, 9, 3}, ymd{2021, 9, 3}, "National Day, second day"},

	// 2022: Tết Nhâm Dần 1/2 (Tue).
	{ymd{2022, 1, 3}, ymd{2022, 1, 3}, "in lieu of 1/1 (Sat)"},
	{ymd{2022, 1, 29}, ymd{2022, 2, 6}, "Tết"},
	{ymd{2022, 4, 10}, ymd{2022, 4, 11}, "Hùng Kings (Sun) and the day in lieu"},
	{ymd{2022, 5, 2}, ymd{2022, 5, 3}, "in lieu of 30/4 (Sat) and 1/5 (Sun)"},
	{ymd{2022, 9, 1}, ymd{2022, 9, 1}, "National Day, second day"},

	// 2023: Tết Quý Mão 22/1 (Sun).
	{ymd{2023, 1, 2}, ymd{2023, 1, 2}, "in lieu of 1/1 (Sun)"},
	{ymd{2023, 1, 20}, ymd{2023, 1, 26}, "Tết"},
	{ymd{2023, 4, 29}, ymd{2023, 4, 29}, "Hùng Kings (Sat)"},
	{ymd{2023, 5, 2}, ymd{2023, 5, 3}, "in lieu of Hùng Kings (Sat) and 30/4 (Sun)"},
	{ymd{2023, 9, 1}, ymd{2023, 9, 1}, "National Day, second day"},
	{ymd{2023, 9, 4}, ymd{2023, 9, 4}, "in lieu of 2/9 (Sat)"},

	// 2024: Tết Giáp Thìn 10/2 (Sat).
	{ymd{2024, 2, 8}, ymd{2024, 2, 14}, "Tết"},
	{ymd{2024, 4, 18}, ymd{2024, 4, 18}, "Hùng Kings"},
	{ymd{2024, 4, 29}, ymd{2024, 4, 29}, "bridge, worked on Sat 4/5"},
	{ymd{2024, 9, 3}, ymd{2024, 9, 3}, "National Day, second day"},

	// 2025: Tết Ất Tỵ 29/1 (Wed).
	{ymd{2025, 1, 25}, ymd{2025, 2, 2}, "Tết"},
	{ymd{2025, 4, 7}, ymd{2025, 4, 7}, "Hùng Kings"},
	{ymd{2025, 5, 2}, ymd{2025, 5, 2}, "bridge, worked on Sat 26/4"},
	{ymd{2025, 9, 1}, ymd{2025, 9, 1}, "National Day, second day"},

	// 2026: Tết Bính Ngọ 17/2 (Tue).
	{ymd{2026, 1, 2}, ymd{2026, 1, 2}, "bridge, worked on Sat 10/1"},
	{ymd{2026, 2, 14}, ymd{2026, 2, 22}, "Tết"},
	{ymd{2026, 4, 26}, ymd{2026, 4, 27}, "Hùng Kings (Sun) and the day in lieu"},
	{ymd{2026, 8, 31}, ymd{2026, 8, 31}, "bridge, worked on Sat 22/8"},
	{ymd{2026, 9, 1}, ymd{2026, 9, 1}, "National Day, second day"},

	// 2027 (expected): Tết Đinh Mùi 6/2 (Sat); the Labour Code's five days are 5–9/2, with
	// 10–11/2 in lieu of the weekend.
	{ymd{2027, 2, 5}, ymd{2027, 2, 11}, "Tết (expected)"},
	{ymd{2027, 4, 16}, ymd{2027, 4, 16}, "Hùng Kings"},
	{ymd{2027, 5, 3}, ymd{2027, 5, 3}, "in lieu of 1/5 (Sat)"},
	{ymd{2027, 9, 3}, ymd{2027, 9, 3}, "National Day, second day (expected)"},

	// 2028 (expected): Tết Mậu Thân 26/1 (Wed); 25–29/1, with 31/1 in lieu of Sat 29/1.
	{ymd{2028, 1, 3}, ymd{2028, 1, 3}, "in lieu of 1/1 (Sat)"},
	{ymd{2028, 1, 25}, ymd{2028, 1, 31}, "Tết (expected)"},
	{ymd{2028, 4, 4}, ymd{2028, 4, 4}, "Hùng Kings"},
	{ymd{2028, 5, 2}, ymd{2028, 5, 2}, "in lieu of 30/4 (Sun)"},
	{ymd{2028, 9, 1}, ymd{2028, 9, 1}, "National Day, second day (expected)"},
	{ymd{2028, 9, 4}, ymd{2028, 9, 4}, "in lieu of 2/9 (Sat)"},

	// 2029 (expected): Tết Kỷ Dậu 13/2 (Tue); 12–16/2.
	{ymd{2029, 2, 12}, ymd{2029, 2, 16}, "Tết (expected)"},
	{ymd{2029, 4, 23}, ymd{2029, 4, 23}, "Hùng Kings"},
	{ymd{2029, 9, 3}, ymd{2029, 9, 4}, "National Day, second day, and in lieu of 2/9 (Sun) (expected)"},

	// 2030 (expected): Tết Canh Tuất 2/2 (Sat); 1–5/2, with 6–7/2 in lieu of the weekend.
	{ymd{2030, 2, 1}, ymd{2030, 2, 7}, "Tết (expected)"},
	{ymd{2030, 4, 12}, ymd{2030, 4, 12}, "Hùng Kings"},
	{ymd{2030, 9, 3}, ymd{2030, 9, 3}, "National Day, second day (expected)"},
}

// workingWeekends are weekend days worked in exchange for a bridging day in daysOff.
var workingWeekends = []ymd{
	{2024, 5, 4},
	{2025, 4, 26},
	{2026, 1, 10},
	{2026, 8, 22},
}

// fixedHolidays are the solar holidays of every year (month, day).
var fixedHolidays = [...][2]int{{1, 1}, {4, 30}, {5, 1}, {9, 2}}

// dayNum is a civil date as the number of days since 1970-01-01.
type dayNum int64

func dayOf(t time.Time) dayNum {
	y, m, d := t.Date()
	return dayNum(civil(y, m, d).Unix() / secondsPerDay)
}

func (d dayNum) time() time.Time { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }

const secondsPerDay = 24 * 60 * 60

// calendarTable is daysOff and workingWeekends as sets, and the range of days they cover.
type calendarTable struct {
	off, work   map[dayNum]bool
	first, last dayNum // from 1 January of the first year in the tables to 31 December of the last
}

var holidayTables = sync.OnceValue(func() *calendarTable {
	t := &calendarTable{off: map[dayNum]bool{}, work: map[dayNum]bool{}}
	minY, maxY := 0, 0
	see := func(d ymd) dayNum {
		if minY == 0 || d.y < minY {
			minY = d.y
		}
		maxY = max(maxY, d.y)
		return dayOf(civil(d.y, d.m, d.d))
	}
	for _, r := range daysOff {
		for d := see(r.from); d <= see(r.to); d++ {
			t.off[d] = true
		}
	}
	for _, w := range workingWeekends {
		t.work[see(w)] = true
	}
	t.first, t.last = dayOf(civil(minY, 1, 1)), dayOf(civil(maxY, 12, 31))
	return t
})

func isWeekend(d dayNum) bool {
	// 1970-01-01, day 0, was a Thursday.
	wd := time.Weekday(((int64(d) % 7) + 7 + int64(time.Thursday)) % 7) // in 0..6 for negative d too
	return wd == time.Saturday || wd == time.Sunday
}

func isWorking(d dayNum) bool {
	t := holidayTables()
	inTable := t.first <= d && d <= t.last
	if inTable && t.work[d] {
		return true
	}
	if isWeekend(d) || inTable && t.off[d] {
		return false
	}
	_, m, dd := d.time().Date()
	for _, f := range fixedHolidays {
		if int(m) == f[0] && dd == f[1] {
			return false
		}
	}
	return true
}

// IsWorkingDay reports whether d is a working day of state offices: Monday to Friday and not
// a day off, or a weekend day worked in exchange for one.
func IsWorkingDay(d time.Time) bool { return isWorking(dayOf(d)) }

// maxWorkingDays bounds n in AddWorkingDays, about four billion years of working days, so the
// arithmetic cannot overflow.
const maxWorkingDays = 1_000_000_000_000

// AddWorkingDays returns the date n working days after d, d itself not counted, at midnight
// UTC: the deadline "within 30 working days of the decision" is AddWorkingDays(decision, 30).
// A negative n counts back: AddWorkingDays(d, -1) is the last working day before d. n = 0
// gives d. |n| is capped at a trillion.
func AddWorkingDays(d time.Time, n int) time.Time {
	k := int64(min(max(n, -maxWorkingDays), maxWorkingDays))
	start := dayOf(d)
	if k >= 0 {
		return walkWorking(start, k, 1).time()
	}
	return walkWorking(start, -k, -1).time()
}

// WorkingDaysBetween returns the number of working days after a up to and including b. When
// b is before a it is minus the number from b up to but not including a. Either way, when b
// is a working day, AddWorkingDays(a, WorkingDaysBetween(a, b)) is b.
func WorkingDaysBetween(a, b time.Time) int {
	da, db := dayOf(a), dayOf(b)
	if db >= da {
		return int(countWorking(da, db))
	}
	return -int(countWorking(db-1, da-1))
}

// Outside the tables the calendar repeats every 400 years, which are a whole number of weeks;
// the loops below step over whole cycles instead of walking them day by day, so no input
// takes long.
const cycle = 146097 // days in 400 Gregorian years

// workingPerCycle is the number of working days in any cycle outside the tables.
var workingPerCycle = sync.OnceValue(func() int64 {
	start := holidayTables().last
	var n int64
	for d := start + 1; d <= start+cycle; d++ {
		if isWorking(d) {
			n++
		}
	}
	return n
})

// freeCycles returns how many whole cycles can be stepped over from cur in direction dir
// (+1 or -1) without touching the tables: as many as wanted once the tables are behind.
func freeCycles(cur dayNum, dir int64) int64 {
	t := holidayTables()
	switch {
	case dir > 0 && cur >= t.last, dir < 0 && cur <= t.first:
		return math.MaxInt64
	case dir > 0:
		return int64(t.first-1-cur) / cycle
	default:
		return int64(cur-1-t.last) / cycle
	}
}

// walkWorking returns the day n working days from start in direction dir (+1 or -1), start
// itself not counted.
func walkWorking(start dayNum, n, dir int64) dayNum {
	cur := start
	for n > 0 {
		if n > cycle { // fewer working days than days in a cycle, so a jump may fit
			if k := min((n-1)/workingPerCycle(), freeCycles(cur, dir)); k > 0 {
				cur += dayNum(dir * k * cycle)
				n -= k * workingPerCycle()
				continue
			}
		}
		cur += dayNum(dir)
		if isWorking(cur) {
			n--
		}
	}
	return cur
}

// countWorking returns the number of working days in (a, b], for a <= b.
func countWorking(a, b dayNum) int64 {
	var n int64
	for a < b {
		if int64(b-a) >= cycle {
			if k := min(int64(b-a)/cycle, freeCycles(a, 1)); k > 0 {
				a += dayNum(k * cycle)
				n += k * workingPerCycle()
				continue
			}
		}
		a++
		if isWorking(a) {
			n++
		}
	}
	return n
}
