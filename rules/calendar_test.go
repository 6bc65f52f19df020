package rules

import (
	"testing"
	"time"
)

func TestIsWorkingDay(t *testing.T) {
	for _, tt := range []struct {
		d    time.Time
		want bool
	}{
		{civil(2026, 11, 27), true},  // Friday
		{civil(2026, 11, 28), false}, // Saturday
		{civil(2026, 9, 2), false},   // National Day
		{civil(2026, 9, 1), false},   // the day before it
		{civil(2026, 2, 16), false},  // in the Tết break
		{civil(2026, 2, 23), true},   // back to work after Tết
		{civil(2026, 4, 27), false},  // Hùng Kings fell on Sunday 26/4: Monday is the day in lieu
		{civil(2026, 1, 1), false},
		{civil(2027, 2, 8), false}, // Tết 2027 by the Labour Code's minimum
	} {
		if got := IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.d.Format("02/01/2006"), got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	for _, tt := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{civil(2026, 11, 2), 5, civil(2026, 11, 9)},   // Monday + 5 = next Monday
		{civil(2026, 11, 27), 1, civil(2026, 11, 30)}, // Friday + 1 = Monday
		{civil(2026, 2, 10), 5, civil(2026, 2, 24)},   // Wed–Fri, then the Tết break 14–22/2, then Mon–Tue
		{civil(2026, 10, 1), 30, civil(2026, 11, 12)}, // 30 working days in Oct–Nov
		{civil(2026, 11, 28), 0, civil(2026, 11, 28)},
	} {
		got := AddWorkingDays(tt.from, tt.n)
		if !got.Equal(tt.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from.Format("02/01/2006"), tt.n, got.Format("02/01/2006"), tt.want.Format("02/01/2006"))
		}
		if tt.n > 0 && WorkingDaysBetween(tt.from, got) != tt.n {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from.Format("02/01/2006"), got.Format("02/01/2006"), WorkingDaysBetween(tt.from, got), tt.n)
		}
	}
}
