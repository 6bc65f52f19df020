package rules

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func fmtDay(t time.Time) string { return t.Format("Mon 02/01/2006") }

func TestIsWorkingDay(t *testing.T) {
	for _, tt := range []struct {
		d    time.Time
		want bool
		why  string
	}{
		{civil(2026, 11, 27), true, "an ordinary Friday"},
		{civil(2026, 11, 28), false, "Saturday"},
		{civil(2026, 11, 29), false, "Sunday"},
		{civil(2026, 1, 1), false, "New Year"},
		{civil(2026, 1, 2), false, "bridge after New Year"},
		{civil(2026, 1, 10), true, "Saturday worked for 2/1"},
		{civil(2026, 2, 13), true, "Friday before Tết"},
		{civil(2026, 2, 16), false, "29 Tết"},
		{civil(2026, 2, 20), false, "mùng 4 Tết"},
		{civil(2026, 2, 23), true, "back after Tết"},
		{civil(2026, 4, 26), false, "Hùng Kings on a Sunday"},
		{civil(2026, 4, 27), false, "the Monday in lieu"},
		{civil(2026, 4, 28), true, "Tuesday after"},
		{civil(2026, 4, 30), false, "Reunification Day"},
		{civil(2026, 5, 1), false, "Labour Day"},
		{civil(2026, 8, 22), true, "Saturday worked for 31/8"},
		{civil(2026, 8, 31), false, "bridge before National Day"},
		{civil(2026, 9, 1), false, "National Day, second day"},
		{civil(2026, 9, 2), false, "National Day"},
		{civil(2026, 9, 3), true, "Thursday after"},
		{civil(2025, 1, 27), false, "Tết 2025"},
		{civil(2025, 2, 3), true, "back after Tết 2025"},
		{civil(2025, 4, 26), true, "Saturday worked for 2/5/2025"},
		{civil(2025, 5, 2), false, "bridge 2/5/2025"},
		{civil(2024, 9, 3), false, "National Day 2024, second day (after)"},
		{civil(2024, 9, 1), false, "Sunday"},
		{civil(2023, 9, 4), false, "in lieu of 2/9/2023 (Sat)"},
		{civil(2020, 9, 1), true, "2020: National Day was one day"},
		{civil(2020, 9, 3), true, "2020: National Day was one day"},
		{civil(2027, 2, 10), false, "Tết 2027, in lieu of the weekend"},
		{civil(2027, 2, 12), true, "back after Tết 2027"},
		{civil(2030, 2, 1), false, "the day before Tết 2030 (Vietnamese calendar)"},
		{civil(2030, 2, 8), true, "back after Tết 2030"},
		{civil(2035, 9, 2), false, "fixed holidays hold in every year"},
		{civil(1999, 4, 30), false, "fixed holidays hold in every year"},
		{civil(1999, 4, 29), true, "an ordinary Thursday"},
		{time.Date(2026, 9, 2, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600)), false, "only the calendar day counts"},
		{time.Date(2026, 9, 3, 0, 30, 0, 0, time.FixedZone("ICT", 7*3600)), true, "3/9 in its own zone, though 2/9 in UTC"},
	} {
		if got := IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", fmtDay(tt.d), got, tt.want, tt.why)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	for _, tt := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{civil(2026, 11, 2), 5, civil(2026, 11, 9)},    // Monday + 5 = next Monday
		{civil(2026, 11, 27), 1, civil(2026, 11, 30)},  // Friday + 1 = Monday
		{civil(2026, 11, 28), 1, civil(2026, 11, 30)},  // from a Saturday
		{civil(2026, 2, 10), 5, civil(2026, 2, 24)},    // Wed–Fri, the Tết break 14–22/2, Mon–Tue
		{civil(2026, 10, 1), 30, civil(2026, 11, 12)},  // no holiday in between
		{civil(2026, 8, 20), 2, civil(2026, 8, 22)},    // Fri 21/8, then Sat 22/8, which is worked
		{civil(2026, 8, 28), 1, civil(2026, 9, 3)},     // 31/8–2/9 off
		{civil(2025, 12, 31), 1, civil(2026, 1, 5)},    // over New Year and its bridge
		{civil(2026, 12, 1), 30, civil(2027, 1, 13)},   // 22 in December, then 8 after 1/1
		{civil(2026, 11, 28), 0, civil(2026, 11, 28)},  // zero: the day itself
		{civil(2026, 11, 30), -1, civil(2026, 11, 27)}, // back over a weekend
		{civil(2026, 2, 23), -1, civil(2026, 2, 13)},   // back over Tết
		{civil(2026, 1, 12), -2, civil(2026, 1, 9)},    // Sat 10/1 was worked
	} {
		got := AddWorkingDays(tt.from, tt.n)
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", fmtDay(tt.from), tt.n, fmtDay(got), fmtDay(tt.want))
		}
		if IsWorkingDay(tt.want) {
			if back := WorkingDaysBetween(tt.from, got); back != tt.n {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", fmtDay(tt.from), fmtDay(got), back, tt.n)
			}
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	for _, tt := range []struct {
		a, b time.Time
		want int
	}{
		{civil(2026, 11, 27), civil(2026, 11, 27), 0},
		{civil(2026, 11, 27), civil(2026, 11, 29), 0},   // Fri → Sun
		{civil(2026, 11, 27), civil(2026, 11, 30), 1},   // Fri → Mon
		{civil(2026, 11, 30), civil(2026, 11, 27), -1},  // Mon → Fri: Fri counts, Mon does not
		{civil(2026, 11, 29), civil(2026, 11, 27), -1},  // Sun → Fri
		{civil(2026, 2, 13), civil(2026, 2, 23), 1},     // across Tết
		{civil(2025, 12, 31), civil(2026, 12, 31), 250}, // 261 weekdays, 11 net off
	} {
		if got := WorkingDaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", fmtDay(tt.a), fmtDay(tt.b), got, tt.want)
		}
	}
}

// lunarDates holds the first day of the lunarDates year and the Hùng Kings' day (10/3) of the
// Vietnamese calendar, converted independently of the table (Hồ Ngọc Đức's algorithm, UTC+7).
var lunarDates = []struct{ tet, hung time.Time }{
	{civil(2020, 1, 25), civil(2020, 4, 2)},
	{civil(2021, 2, 12), civil(2021, 4, 21)},
	{civil(2022, 2, 1), civil(2022, 4, 10)},
	{civil(2023, 1, 22), civil(2023, 4, 29)},
	{civil(2024, 2, 10), civil(2024, 4, 18)},
	{civil(2025, 1, 29), civil(2025, 4, 7)},
	{civil(2026, 2, 17), civil(2026, 4, 26)},
	{civil(2027, 2, 6), civil(2027, 4, 16)},
	{civil(2028, 1, 26), civil(2028, 4, 4)},
	{civil(2029, 2, 13), civil(2029, 4, 23)},
	{civil(2030, 2, 2), civil(2030, 4, 12)},
}

// TestLunarHolidays checks the table against the lunarDates calendar: the last day of the old year
// and the first four of the new are off, and so is the Hùng Kings' day.
func TestLunarHolidays(t *testing.T) {
	for _, l := range lunarDates {
		for i := -1; i <= 3; i++ {
			if d := l.tet.AddDate(0, 0, i); IsWorkingDay(d) {
				t.Errorf("%s (Tết %+d) is a working day", fmtDay(d), i)
			}
		}
		if IsWorkingDay(l.hung) {
			t.Errorf("%s (Hùng Kings) is a working day", fmtDay(l.hung))
		}
	}
}

// TestDaysOffPerYear checks each year of the table against the Labour Code: 11 paid holidays
// (10 before 2021), each taken on a working day; a holiday on a weekend gives a day in lieu
// and a bridging day is paid back by a worked Saturday, so weekdays off less weekend days
// worked come to exactly that number.
func TestDaysOffPerYear(t *testing.T) {
	for y := 2020; y <= 2030; y++ {
		n := 0
		for d := civil(y, 1, 1); d.Year() == y; d = d.AddDate(0, 0, 1) {
			weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
			switch w := IsWorkingDay(d); {
			case !weekend && !w:
				n++
			case weekend && w:
				n--
			}
		}
		want := 11
		if y == 2020 {
			want = 10
		}
		if n != want {
			t.Errorf("%d: %d weekdays off net of weekends worked, want %d", y, n, want)
		}
	}
}

func TestTables(t *testing.T) {
	for _, r := range daysOff {
		from, to := civil(r.from.y, r.from.m, r.from.d), civil(r.to.y, r.to.m, r.to.d)
		if from.Day() != r.from.d || to.Day() != r.to.d || to.Before(from) || to.Sub(from) > 10*24*time.Hour {
			t.Errorf("bad run %v–%v %q", r.from, r.to, r.what)
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if IsWorkingDay(d) {
				t.Errorf("%s is in daysOff (%s) but a working day", fmtDay(d), r.what)
			}
		}
	}
	for _, w := range workingWeekends {
		d := civil(w.y, w.m, w.d)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			t.Errorf("working weekend %s is not a weekend day", fmtDay(d))
		}
		if !IsWorkingDay(d) {
			t.Errorf("working weekend %s is not a working day", fmtDay(d))
		}
	}
}

func naiveCount(a, b time.Time) int {
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// TestLongSpans checks the 400-year shortcut against counting day by day.
func TestLongSpans(t *testing.T) {
	for _, tt := range []struct{ a, b time.Time }{
		{civil(1100, 3, 1), civil(2026, 6, 1)},
		{civil(2026, 6, 1), civil(3100, 3, 1)},
		{civil(1200, 1, 1), civil(2900, 12, 31)},
		{civil(1969, 12, 30), civil(2370, 1, 2)},
	} {
		want := naiveCount(tt.a, tt.b)
		if got := WorkingDaysBetween(tt.a, tt.b); got != want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", fmtDay(tt.a), fmtDay(tt.b), got, want)
		}
		if got := AddWorkingDays(tt.a, want); !got.Equal(lastWorkingOnOrBefore(tt.b)) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", fmtDay(tt.a), want, fmtDay(got), fmtDay(lastWorkingOnOrBefore(tt.b)))
		}
		if got, want := WorkingDaysBetween(tt.b, tt.a), -naiveCount(tt.a.AddDate(0, 0, -1), tt.b.AddDate(0, 0, -1)); got != want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", fmtDay(tt.b), fmtDay(tt.a), got, want)
		}
	}
}

func lastWorkingOnOrBefore(d time.Time) time.Time {
	for !IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// TestRoundTrip checks, on random dates and counts, that counting back the days added gives n.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		from := civil(2018, 1, 1).AddDate(0, 0, rng.IntN(16*365))
		n := rng.IntN(400) - 200
		got := AddWorkingDays(from, n)
		if !IsWorkingDay(got) && n != 0 {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", fmtDay(from), n, fmtDay(got))
		}
		if back := WorkingDaysBetween(from, got); n != 0 && back != n {
			t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(…, %d) = %s) = %d", fmtDay(from), n, fmtDay(got), back)
		}
	}
}

// TestExtremes checks that no input panics or takes long.
func TestExtremes(t *testing.T) {
	start := time.Now()
	for _, d := range []time.Time{{}, civil(-50000, 1, 1), civil(1e9, 6, 30), civil(2026, 1, 1)} {
		for _, n := range []int{math.MaxInt, math.MinInt, 1e9, -1e9, 1} {
			AddWorkingDays(d, n)
		}
		IsWorkingDay(d)
		WorkingDaysBetween(d, civil(2026, 1, 1))
		WorkingDaysBetween(civil(2026, 1, 1), d)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("extreme inputs took %v", el)
	}
}
