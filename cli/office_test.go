package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/office"
	"chibo/sync/office/officetest"
	"chibo/sync/payload"
)

// officeSetup makes a demo cell and an office in dir, and returns the cell's records ready to
// travel (with a fresh key) and the path of the cell's public key file.
func officeSetup(t *testing.T, dir, pass string) (*officetest.Source, string) {
	t.Helper()
	if r := run(t, dir, pass, nil, "", "demo", "--cell", "LUNGVAI"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	c, err := store.OpenCell(context.Background(), dir, "LUNGVAI", pass)
	if err != nil {
		t.Fatal(err)
	}
	src, err := officetest.FromCell(context.Background(), c)
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "LUNGVAI.pub")
	os.WriteFile(keyFile, src.PublicKeyFile(), 0o644)
	r := run(t, dir, pass, nil, "", "office", "create", "--office", "XMK", "--name", "Đảng ủy xã Mường Khương", "--card", filepath.Join(dir, "card"))
	if r.code != 0 || !strings.Contains(r.stdout, "Mã nhận dạng") {
		t.Fatalf("office create: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "card", "XMK.chibo-office")); err != nil {
		t.Errorf("office card not written: %v", err)
	}
	return src, keyFile
}

func officeDB(t *testing.T, dir string) []byte {
	t.Helper()
	// The content of the database: a dump through a fresh connection would need the
	// passphrase; the main file plus its WAL, read as bytes, changes on any write.
	var all []byte
	for _, s := range []string{"", "-wal"} {
		b, _ := os.ReadFile(office.Path(dir, "XMK") + s)
		all = append(all, b...)
	}
	return all
}

func TestOfficeCommands(t *testing.T) {
	dir := t.TempDir()
	pass := "mật khẩu văn phòng"
	src, keyFile := officeSetup(t, dir, pass)
	fp := bundle.Fingerprint(src.Key.Public)

	before := officeDB(t, dir)
	r := run(t, dir, pass, nil, "", "office", "enroll", "--office", "XMK", "--cell-key", keyFile, "--fingerprint", "0000-0000-0000-0000-0000")
	if r.code != 1 || !strings.Contains(r.stderr, "không khớp") || !strings.Contains(r.stdout, fp) {
		t.Errorf("enroll with a wrong fingerprint: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if !bytes.Equal(before, officeDB(t, dir)) {
		t.Errorf("a refused enrolment changed the office file")
	}
	r = run(t, dir, pass, nil, "", "office", "enroll", "--office", "XMK", "--cell-key", keyFile, "--fingerprint", strings.ToUpper(fp))
	if r.code != 0 || !strings.Contains(r.stdout, "Đã đăng ký khóa của chi bộ LUNGVAI") {
		t.Fatalf("enroll: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// A bare key needs --cell.
	if r := run(t, dir, pass, nil, "", "office", "enroll", "--office", "XMK", "--cell-key", src.Key.Public.String()); r.code != 2 {
		t.Errorf("bare key without --cell: exit %d", r.code)
	}

	stick := t.TempDir()
	path, err := src.Next(stick, src.Upto(1, 3), officetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, pass, nil, "", "verify", path)
	if r.code != 0 || !strings.Contains(r.stdout, "Chưa đối chiếu chữ ký") || !strings.Contains(r.stdout, office.KeyID(src.Key.Public.ID())) {
		t.Errorf("verify without a key: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "verify", path, "--key", keyFile)
	if r.code != 0 || !strings.Contains(r.stdout, "Chữ ký hợp lệ") {
		t.Errorf("verify --key: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "verify", "--office", "XMK", path)
	if r.code != 0 || !strings.Contains(r.stdout, "có thể nhập") {
		t.Errorf("verify --office: %d %q %q", r.code, r.stdout, r.stderr)
	}

	r = run(t, dir, pass, nil, "", "office", "import", "--office", "XMK", path)
	if r.code != 0 || !strings.Contains(r.stdout, "đã nhập gói số 1") || r.stderr != "" {
		t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	rb, err := os.ReadFile(filepath.Join(stick, payload.ReceiptName("LUNGVAI", 1)))
	if err != nil {
		t.Fatalf("no receipt: %v", err)
	}
	var card payload.OfficeCard
	cb, _ := os.ReadFile(filepath.Join(dir, "card", "XMK.chibo-office"))
	json.Unmarshal(cb, &card)
	pub, _ := payload.ParseSigningKey(card.SigningKey)
	if rc, err := payload.VerifyReceipt(rb, pub); err != nil || rc.Status != payload.ReceiptImported {
		t.Errorf("receipt: %+v %v", rc, err)
	}
	before = officeDB(t, dir)
	r = run(t, dir, pass, map[string]string{"LANG": "en_US.UTF-8"}, "", "office", "import", path, "--office", "XMK")
	if r.code != 0 || !strings.Contains(r.stdout, "was imported before") {
		t.Errorf("import again: %d %q %q", r.code, r.stdout, r.stderr)
	}

	// A stick with bundles 2 (good), 3 (a flipped byte) and 4: 2 is imported, 3 refused, 4
	// refused as a gap; one line per refusal on stderr, exit 1.
	p2, _ := src.Next(stick, src.Upto(4, 6), officetest.Options{})
	b3, h3, _ := src.Bundle(src.Upto(7, 9), officetest.Options{})
	bad := bytes.Clone(b3)
	bad[len(bad)/2] ^= 1
	p3 := filepath.Join(stick, bundle.FileName("LUNGVAI", 3))
	os.WriteFile(p3, bad, 0o644)
	src.Seq, src.Prev = 3, h3
	p4, _ := src.Next(stick, src.Upto(10, 12), officetest.Options{})
	r = run(t, dir, pass, nil, "", "office", "import", "--office", "XMK", p4, p3, p2)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || len(lines) != 2 || !strings.Contains(r.stdout, "đã nhập gói số 2") ||
		!strings.Contains(lines[0], "LUNGVAI-000003") || !strings.Contains(lines[1], "thiếu gói số 3") {
		t.Errorf("mixed stick: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(stick, payload.ReceiptName("LUNGVAI", 3))); err == nil {
		t.Errorf("a receipt was written for a refused bundle")
	}

	r = run(t, dir, pass, nil, "", "office", "report", "--office", "XMK", "--json")
	var rep office.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || len(rep.Cells) != 1 || rep.Cells[0].LastSeq != 2 {
		t.Errorf("report --json: %d %v %s", r.code, err, r.stdout)
	}
	r = run(t, dir, pass, nil, "", "office", "report", "--office", "XMK")
	if r.code != 0 || !strings.Contains(r.stdout, "Chi bộ bản Lùng Vai") || !strings.Contains(r.stdout, fp) {
		t.Errorf("report: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "office", "list", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, "Đảng ủy xã Mường Khương") {
		t.Errorf("office list: %d %s", r.code, r.stdout)
	}
}

func TestOfficeUsageAndRefusals(t *testing.T) {
	dir := t.TempDir()
	pass := "mật khẩu văn phòng"
	for _, args := range [][]string{
		{"office"}, {"office", "create", "--name", "X"}, {"office", "create", "--office", "XMK"},
		{"office", "import", "--office", "XMK"}, {"office", "import", "a.chibo-bundle"},
		{"office", "enroll", "--office", "XMK"}, {"verify"}, {"verify", "a", "b"},
		{"verify", "a", "--office", "X", "--key", "k"}, {"office", "report", "--bogus"},
	} {
		if r := run(t, dir, pass, nil, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	if r := run(t, dir, pass, nil, "", "office", "report", "--office", "NOPE"); r.code != 1 || !strings.Contains(r.stderr, "NOPE") {
		t.Errorf("unknown office: %d %q", r.code, r.stderr)
	}
	if r := run(t, dir, pass, nil, "", "office", "create", "--office", "XMK", "--name", "Đảng ủy xã A"); r.code != 0 {
		t.Fatalf("create: %s", r.stderr)
	}
	if r := run(t, dir, pass, nil, "", "office", "create", "--office", "XMK", "--name", "Đảng ủy xã A"); r.code != 1 {
		t.Errorf("create twice: exit %d", r.code)
	}
	if r := run(t, dir, "sai mật khẩu", nil, "", "office", "report", "--office", "XMK"); r.code != 1 || !strings.Contains(r.stderr, "Mật khẩu không đúng") {
		t.Errorf("wrong passphrase: %d %q", r.code, r.stderr)
	}
	junk := filepath.Join(t.TempDir(), "LUNGVAI-000001.chibo-bundle")
	os.WriteFile(junk, []byte("PK not a zip"), 0o644)
	for _, args := range [][]string{{"verify", junk}, {"office", "import", "--office", "XMK", junk}} {
		r := run(t, dir, pass, nil, "", args...)
		if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "bị hỏng") {
			t.Errorf("%v: exit %d, stderr %q", args[:2], r.code, r.stderr)
		}
		r = run(t, dir, pass, map[string]string{"LANG": "en_GB.UTF-8"}, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "damaged") {
			t.Errorf("%v in English: exit %d, stderr %q", args[:2], r.code, r.stderr)
		}
	}
}

func TestOfficeConflictCommands(t *testing.T) {
	dir := t.TempDir()
	pass := "mật khẩu văn phòng"
	src, keyFile := officeSetup(t, dir, pass)
	if r := run(t, dir, pass, nil, "", "office", "enroll", "--office", "XMK", "--cell-key", keyFile); r.code != 0 {
		t.Fatalf("enroll: %d %s", r.code, r.stderr)
	}
	stick := t.TempDir()
	p1, _ := src.Next(stick, src.Upto(1, 3), officetest.Options{})
	// Bundle 2 carries member 0 under the same version with other notes: kept aside.
	r2 := src.Upto(4, 3)
	var m store.Member
	json.Unmarshal(r2.Members[0].Data, &m)
	m.Notes = "Ghi chú khác của chi bộ"
	r2.Members[0], _ = payload.NewRecord(m.ID, m.Version, false, m)
	p2, _ := src.Next(stick, r2, officetest.Options{})
	if r := run(t, dir, pass, nil, "", "office", "import", "--office", "XMK", p1, p2); r.code != 0 || !strings.Contains(r.stdout, "chờ người xem xét") {
		t.Fatalf("import: %d %s %s", r.code, r.stdout, r.stderr)
	}

	r := run(t, dir, pass, nil, "", "office", "conflicts", "--office", "XMK")
	if r.code != 0 || !strings.Contains(r.stdout, m.FullName) || !strings.Contains(r.stdout, "Ghi chú: ") ||
		!strings.Contains(r.stdout, "→ Ghi chú khác của chi bộ") || !strings.Contains(r.stdout, "LUNGVAI-000002.chibo-bundle") {
		t.Errorf("conflicts: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "office", "conflicts", "--office", "XMK", "--json")
	var cs []office.ConflictRecord
	if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil || r.code != 0 || len(cs) != 1 || len(cs[0].Changes) != 1 || cs[0].Changes[0].Field != "notes" {
		t.Fatalf("conflicts --json: %d %v %s", r.code, err, r.stdout)
	}
	id := fmt.Sprint(cs[0].ID)

	for _, args := range [][]string{
		{"office", "resolve", "--office", "XMK", "--conflict", id},
		{"office", "resolve", "--office", "XMK", "--conflict", id, "--keep", "both"},
		{"office", "resolve", "--office", "XMK", "--keep", "held"},
		{"office", "resolve", "--conflict", id, "--keep", "held"},
		{"office", "conflicts", "--office", "XMK", "extra"},
	} {
		if r := run(t, dir, pass, nil, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	before := officeDB(t, dir)
	r = run(t, dir, pass, nil, "", "office", "resolve", "--office", "XMK", "--conflict", "999", "--keep", "held")
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "999") {
		t.Errorf("no such conflict: %d %q", r.code, r.stderr)
	}
	if !bytes.Equal(before, officeDB(t, dir)) {
		t.Errorf("a refused settlement changed the office file")
	}

	r = run(t, dir, pass, map[string]string{"CHIBO_USER": "Vàng Thị Dợ"}, "", "office", "resolve", "--office", "XMK", "--conflict", id, "--keep", "incoming")
	if r.code != 0 || !strings.Contains(r.stdout, "nhận bản mới") || !strings.Contains(r.stdout, "Vàng Thị Dợ") {
		t.Errorf("resolve: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, map[string]string{"LANG": "en_US.UTF-8"}, "", "office", "resolve", "--office", "XMK", "--conflict", id, "--keep", "held")
	if r.code != 1 || !strings.Contains(r.stderr, "settled before") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("resolve twice in English: %d %q", r.code, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "office", "conflicts", "--office", "XMK")
	if r.code != 0 || !strings.Contains(r.stdout, "Không có bản ghi nào chờ xem xét") {
		t.Errorf("conflicts after settling: %d %s", r.code, r.stdout)
	}
	r = run(t, dir, pass, nil, "", "office", "report", "--office", "XMK", "--json")
	var rep office.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Totals.Conflicts != 0 {
		t.Errorf("report after settling: %v %+v", err, rep.Totals)
	}
}
