package clocale

import "testing"

func TestIsPOSIX(t *testing.T) {
	for loc, want := range map[string]bool{"": true, "C": true, "C.UTF-8": true, "POSIX": true, "vi_VN.UTF-8": false, "en_US": false} {
		if got := IsPOSIX(loc); got != want {
			t.Errorf("IsPOSIX(%q) = %v, want %v", loc, got, want)
		}
	}
}
