package cellsync

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chibo/i18n"
)

// TestEveryKeyHasSentences: every sync.… key the cell's side uses has a sentence in both
// languages (i18n's own test looks only at the err., cli. and ui. keys).
func TestEveryKeyHasSentences(t *testing.T) {
	re := regexp.MustCompile(`"(sync\.[a-z0-9_.]+[a-z0-9_])"`)
	files, _ := filepath.Glob("*.go")
	files = append(files, "../../store/sync.go", "../../cli/cell_sync.go")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") {
				continue
			}
			n++
			for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
				if _, ok := i18n.Keys(l)[key]; !ok {
					t.Errorf("%s uses %q, which has no %s sentence", f, key, l)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d keys: the search is broken", n)
	}
}
