package i18n

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chibo/store"
)

// TestBothLanguagesHaveEveryKey: a sentence missing in one language would show its key.
func TestBothLanguagesHaveEveryKey(t *testing.T) {
	vi, en := Keys(VI), Keys(EN)
	if len(vi) == 0 {
		t.Fatal("no Vietnamese sentences loaded")
	}
	for k, v := range vi {
		if _, ok := en[k]; !ok {
			t.Errorf("%q has no English sentence", k)
		}
		if !norm.NFC.IsNormalString(v) {
			t.Errorf("%q is not in NFC", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("%q is empty in Vietnamese", k)
		}
	}
	for k := range en {
		if _, ok := vi[k]; !ok {
			t.Errorf("%q has no Vietnamese sentence", k)
		}
	}
}

// TestEveryKeyInCodeExists reads the Go sources for message keys and checks each has a
// sentence, so a refusal never reaches a user as a bare key.
func TestEveryKeyInCodeExists(t *testing.T) {
	re := regexp.MustCompile(`"((?:err|cli|watch|severity|ui)\.[a-z0-9_.]+[a-z0-9_])"`)
	vi := Keys(VI)
	root := filepath.Join("..")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue
			}
			if _, ok := vi[m[1]]; !ok {
				t.Errorf("%s uses %q, which has no sentence", p, m[1])
			}
		}
		return nil
	})
	for _, s := range store.States {
		if _, ok := vi["state."+s]; !ok {
			t.Errorf("state %q has no name", s)
		}
	}
	for _, k := range store.EventKinds {
		if _, ok := vi["event."+string(k)]; !ok {
			t.Errorf("event %q has no name", k)
		}
	}
	for _, l := range store.OfficeLevels {
		if _, ok := vi["level."+l]; !ok {
			t.Errorf("level %q has no name", l)
		}
	}
}

func TestFromLocale(t *testing.T) {
	for _, tt := range []struct {
		loc  string
		want Lang
	}{{"C", VI}, {"POSIX", VI}, {"", VI}, {"vi_VN.UTF-8", VI}, {"en_US.UTF-8", EN}, {"en", EN}, {"fr_FR", VI}} {
		if got := FromLocale(tt.loc); got != tt.want {
			t.Errorf("FromLocale(%q) = %s, want %s", tt.loc, got, tt.want)
		}
	}
}

func TestErrorSentences(t *testing.T) {
	ve := &store.ValidationError{Record: "3: Giàng A Páo", Fields: []store.FieldError{
		{Field: "cccd", Key: "err.member.cccd_digits", Args: map[string]any{"Text": "123"}},
		{Field: "event.official", Key: "err.event.state", Args: map[string]any{"Kind": "official", "Date": "01/01/2020", "State": "candidate"}},
	}}
	lines := ValidationLines(VI, ve)
	want0 := "Đảng viên số 3: Giàng A Páo — Số CCCD: số CCCD phải gồm đúng 12 chữ số (đang có \"123\")."
	if lines[0] != want0 {
		t.Errorf("line 0 = %q\nwant     %q", lines[0], want0)
	}
	if !strings.Contains(lines[1], "Công nhận đảng viên chính thức") || !strings.Contains(lines[1], "Chờ kết nạp") {
		t.Errorf("line 1 = %q: the event and state should be named in Vietnamese", lines[1])
	}
	if got := Error(EN, &store.WaitError{Wait: 10_500_000_000}); !strings.Contains(got, "11 seconds") && !strings.Contains(got, "10 seconds") {
		t.Errorf("wait error = %q", got)
	}
	if got := Error(VI, errors.New("sql: something odd")); strings.Contains(got, "sql") {
		t.Errorf("an unknown error leaked its text: %q", got)
	}
	if got := Error(VI, store.ErrDiskFull); !strings.Contains(got, "đầy") {
		t.Errorf("disk full = %q", got)
	}
}
