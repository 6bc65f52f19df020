package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chibo/store"
)

type result struct {
	code           int
	stdout, stderr string
}

// run runs chibo with args against dataDir, the passphrase pass and the given extra variables.
func run(t *testing.T, dataDir, pass string, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	vars := map[string]string{"CHIBO_DATA": dataDir, "CHIBO_PASSPHRASE": pass, "LANG": "C"}
	for k, v := range env {
		vars[k] = v
	}
	kdf := store.FastKDF
	code := Run(context.Background(), &Env{
		Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }, KDF: &kdf,
	})
	return result{code, out.String(), errb.String()}
}

func TestDemoThenSearch(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "mật khẩu mẫu", nil, "", "demo", "--cell", "demo"); r.code != 0 {
		t.Fatalf("demo: exit %d, %s", r.code, r.stderr)
	}
	list := func(args ...string) []map[string]any {
		r := run(t, dir, "mật khẩu mẫu", nil, "", append([]string{"roster", "list", "--cell", "DEMO", "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("roster list %v: exit %d, %s", args, r.code, r.stderr)
		}
		var ms []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil {
			t.Fatalf("roster list output is not JSON: %v\n%s", err, r.stdout)
		}
		return ms
	}
	all := list()
	if len(all) < 25 || len(all) > 60 {
		t.Errorf("demo roster has %d people", len(all))
	}
	for _, k := range []string{"id", "state", "full_name", "gender", "birth_date", "ethnicity", "religion", "cccd",
		"hometown", "residence", "decision_date", "ceremony_date", "official_date", "card_number", "theory_level"} {
		if _, ok := all[0][k]; !ok {
			t.Errorf("roster list --json lacks key %q", k)
		}
	}
	names := func(ms []map[string]any) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m["full_name"].(string))
		}
		return out
	}
	if diff := cmp.Diff([]string{"Nguyễn Thị Thảo"}, names(list("--search", "nguyen thi thao"))); diff != "" {
		t.Errorf("search nguyen thi thao (-want +got):\n%s", diff)
	}
	for _, n := range names(list("--search", "dang")) {
		if !strings.Contains(strings.ToLower(foldForTest(n)), "dang") {
			t.Errorf("search dang found %q", n)
		}
	}
	if got := names(list("--search", "dang")); !contains(got, "Đặng Văn Hải") {
		t.Errorf("search dang = %v, want Đặng Văn Hải among them", got)
	}
}

func TestWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	r := run(t, dir, "đúng rồi đấy", nil, "", "cell", "create", "--cell", "LV", "--name", "Chi bộ bản Lùng Vai", "--office", "Đảng ủy xã Mường Khương", "--place", "Mường Khương")
	if r.code != 0 {
		t.Fatalf("cell create: %d %s", r.code, r.stderr)
	}
	r = run(t, dir, "sai rồi nhé", nil, "", "roster", "list", "--cell", "LV")
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "Mật khẩu không đúng") {
		t.Errorf("wrong passphrase: exit %d, stderr %q; want 1 and one Vietnamese line", r.code, r.stderr)
	}
	r = run(t, dir, "sai rồi nhé", map[string]string{"LANG": "en_GB.UTF-8"}, "", "roster", "list", "--cell", "LV")
	if r.code != 1 || !strings.Contains(r.stderr, "passphrase is wrong") {
		t.Errorf("wrong passphrase in English: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, dir, "", nil, "đúng rồi đấy\n", "roster", "list", "--cell", "LV")
	if r.code != 0 {
		t.Errorf("passphrase on standard input: exit %d, %s", r.code, r.stderr)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"roster", "list"}, {"roster", "list", "--cell"}, {"demo"}, {"nonsense"}, {"roster", "add", "--cell", "X"}} {
		if r := run(t, dir, "x", nil, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	if r := run(t, dir, "x", nil, "", "roster", "list", "--cell", "NOPE"); r.code != 1 || !strings.Contains(r.stderr, "NOPE") {
		t.Errorf("unknown cell: exit %d, %q", r.code, r.stderr)
	}
}

func TestRosterAdd(t *testing.T) {
	dir := t.TempDir()
	pass := "mật khẩu thử"
	if r := run(t, dir, pass, nil, "", "cell", "create", "--cell", "LV", "--name", "Chi bộ bản Lùng Vai", "--office", "Đảng ủy xã Mường Khương", "--place", "Mường Khương"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	write := func(s string) string {
		p := filepath.Join(t.TempDir(), "m.json")
		os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	good := `{"full_name":"Giàng A Páo","gender":"male","birth_date":"1970-03-05","ethnicity":"Mông","religion":"",
		"cccd":"010070001234","hometown":"Mường Khương","residence":"Bản Lùng Vai","decision_date":"1995-01-10",
		"ceremony_date":"1995-02-03","official_date":"1996-02-03","card_number":"01.000123","theory_level":"sơ cấp"}`
	tests := []struct {
		name, json string
		code       int
		stderr     string
	}{
		{"unknown key", `{"full_name":"A B","nickname":"x"}`, 1, "nickname"},
		{"not json", `{"full_name":`, 1, "JSON"},
		{"bad cccd in an array", `[` + good + `,` + strings.Replace(strings.Replace(good, "010070001234", "12345", 1), "Giàng A Páo", "Sùng Seo Chứ", 1) + `]`, 1, "Sùng Seo Chứ"},
		{"impossible date", strings.Replace(good, "1970-03-05", "1970-02-30", 1), 1, "1970-02-30"},
		{"probationary by dates, official by state", strings.Replace(strings.Replace(good, `"official_date":"1996-02-03"`, `"official_date":"","state":"official"`, 1), "x", "x", 1), 1, "Chính thức"},
		{"good", good, 0, ""},
	}
	for _, tt := range tests {
		r := run(t, dir, pass, nil, "", "roster", "add", "--cell", "LV", "--json", write(tt.json))
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("%s: exit %d stderr %q; want %d and one line with %q", tt.name, r.code, r.stderr, tt.code, tt.stderr)
		}
	}
	r := run(t, dir, pass, nil, "", "roster", "list", "--cell", "LV", "--json")
	var ms []map[string]any
	json.Unmarshal([]byte(r.stdout), &ms)
	if len(ms) != 1 || ms[0]["state"] != "official" || ms[0]["ethnicity"] != "Mông" {
		t.Errorf("after the adds the roster is %v; want only Giàng A Páo, official", ms)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func foldForTest(s string) string {
	r := strings.NewReplacer("Đ", "D", "đ", "d", "ặ", "a", "ắ", "a", "ằ", "a", "ẳ", "a", "ẵ", "a", "ă", "a")
	return r.Replace(s)
}
