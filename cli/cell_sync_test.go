package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"

	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// officeReceipt plays the office: it verifies the bundle at path with the cell's key file and
// writes a signed receipt for it.
func officeReceipt(t *testing.T, path, keyFile string, id age.Identity, priv minisign.PrivateKey, pub minisign.PublicKey, recipient string) string {
	t.Helper()
	cellPub, err := bundle.ParsePublicKey(must(os.ReadFile(keyFile)))
	if err != nil {
		t.Fatal(err)
	}
	data := must(os.ReadFile(path))
	b, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Verify(cellPub); err != nil {
		t.Fatal(err)
	}
	rec, err := payload.Decode(must(b.Open(payload.RecordsPath, id)))
	if err != nil {
		t.Fatal(err)
	}
	r := payload.Receipt{Office: "MK", OfficeName: "Đảng ủy xã Mường Khương", SigningKey: pub.String(), Recipient: recipient,
		Cell: b.Manifest.Cell, Seq: b.Manifest.Seq, ManifestHash: b.ManifestHash, Status: payload.ReceiptImported,
		ChainHead: rec.Head, Counts: payload.Counts{Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings)},
		Conflicts: []payload.Conflict{{Kind: payload.KindMember, ID: rec.Members[0].ID, Version: rec.Members[0].Version, Reason: "khác nội dung"}},
		Issued:    time.Now()}
	out := filepath.Join(t.TempDir(), payload.ReceiptName(r.Cell, r.Seq))
	if err := os.WriteFile(out, must(payload.EncodeReceipt(r, priv)), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func oneLine(t *testing.T, what string, r result, code int, want string) {
	t.Helper()
	if r.code != code || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("%s: exit %d, stderr %q; want %d and one line with %q", what, r.code, r.stderr, code, want)
	}
}

func TestKeyExportReceipt(t *testing.T) {
	dir := t.TempDir()
	pass := "mật khẩu mẫu"
	if r := run(t, dir, pass, nil, "", "demo", "--cell", "LV"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	out := t.TempDir()
	keyFile, sheet := filepath.Join(out, "LV.pub"), filepath.Join(out, "LV.pdf")
	r := run(t, dir, pass, nil, "", "key", "--cell", "LV", "--out", keyFile, "--sheet", sheet)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "untrusted comment: chibo cell LV ") || !strings.Contains(r.stdout, "Mã nhận dạng khóa ký của chi bộ LV: ") {
		t.Fatalf("key: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	pub, err := bundle.ParsePublicKey(must(os.ReadFile(keyFile)))
	if err != nil || !strings.Contains(r.stdout, bundle.Fingerprint(pub)) {
		t.Errorf("key file: %v; stdout %q should show fingerprint %s", err, r.stdout, bundle.Fingerprint(pub))
	}
	if b := must(os.ReadFile(sheet)); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("the sheet is not a PDF")
	}

	stick := t.TempDir()
	r = run(t, dir, pass, nil, "", "export", "--cell", "LV", "--out", stick)
	bundlePath := filepath.Join(stick, "LV-000001.chibo-bundle")
	if r.code != 0 || !strings.Contains(r.stdout, bundlePath) || !strings.Contains(r.stdout, "chưa được mã hóa") {
		t.Fatalf("export: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := exec.LookPath("minisign"); err == nil {
		tmp := t.TempDir()
		data := must(os.ReadFile(bundlePath))
		b := must(bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{}))
		os.WriteFile(filepath.Join(tmp, "m"), b.ManifestBytes, 0o644)
		os.WriteFile(filepath.Join(tmp, "m.minisig"), b.Signature, 0o644)
		if o, err := exec.Command("minisign", "-Vm", filepath.Join(tmp, "m"), "-p", keyFile).CombinedOutput(); err != nil {
			t.Errorf("minisign -V with the key file from chibo key: %v\n%s", err, o)
		}
	}

	id := must(age.GenerateX25519Identity())
	opub, opriv := must2(minisign.GenerateKey(rand.Reader))
	receipt := officeReceipt(t, bundlePath, keyFile, nil, opriv, opub, id.Recipient().String())
	r = run(t, dir, pass, nil, "", "receipt", "--cell", "LV", receipt)
	if r.code != 0 || !strings.Contains(r.stdout, "gói số 1: đã nhập") || !strings.Contains(r.stdout, bundle.Fingerprint(opub)) ||
		!strings.Contains(r.stdout, "để riêng") {
		t.Errorf("receipt: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, pass, map[string]string{"LANG": "en_US.UTF-8"}, "", "receipt", receipt, "--cell", "LV")
	if r.code != 0 || !strings.Contains(r.stdout, "was read before") {
		t.Errorf("receipt again: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// The next export is encrypted to the office named by the receipt and carries the
	// record it kept aside.
	r = run(t, dir, pass, nil, "", "export", "--cell", "LV", "--out", stick)
	if r.code != 0 || !strings.Contains(r.stdout, "LV-000002") || !strings.Contains(r.stdout, "Gồm 1 đảng viên, 0 sự kiện, 0 biên bản") ||
		!strings.Contains(r.stdout, "Đảng ủy xã Mường Khương") {
		t.Errorf("export 2: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	// Refusals: one line, Vietnamese by default, English on request, exit 1.
	garbage := filepath.Join(out, "x.chibo-receipt")
	os.WriteFile(garbage, []byte("{}\n"), 0o644)
	oneLine(t, "damaged receipt", run(t, dir, pass, nil, "", "receipt", "--cell", "LV", garbage), 1, "bị hỏng")
	oneLine(t, "damaged receipt (en)", run(t, dir, pass, map[string]string{"LANG": "en_GB.UTF-8"}, "", "receipt", "--cell", "LV", garbage), 1, "damaged")
	oneLine(t, "missing folder", run(t, dir, pass, nil, "", "export", "--cell", "LV", "--out", filepath.Join(out, "E")), 1, "Không tìm thấy thư mục")
	forged := filepath.Join(out, "f.chibo-receipt")
	os.WriteFile(forged, bytes.Replace(must(os.ReadFile(receipt)), []byte(`"status":"imported"`), []byte(`"status":"already_imported"`), 1), 0o644)
	oneLine(t, "forged receipt", run(t, dir, pass, nil, "", "receipt", "--cell", "LV", forged), 1, "giả")

	// Rotation: announced once; a second one waits.
	r = run(t, dir, pass, nil, "", "key", "--cell", "LV", "--rotate", "--reason", "đổi định kỳ")
	if r.code != 0 || !strings.Contains(r.stdout, "Đã tạo khóa ký mới") {
		t.Errorf("rotate: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	oneLine(t, "second rotation", run(t, dir, pass, nil, "", "key", "--cell", "LV", "--rotate", "--reason", "x"), 1, "đang chờ")
	if r := run(t, dir, pass, nil, "", "key", "--cell", "LV"); !strings.Contains(r.stdout, "đang chờ cấp ủy xác nhận") {
		t.Errorf("key with a pending rotation:\n%s", r.stdout)
	}

	// The office's card.
	card := filepath.Join(out, "MK.chibo-office")
	cb, _ := json.Marshal(payload.OfficeCard{Office: "BD", OfficeName: "Đảng ủy phường Ba Đình", SigningKey: opub.String(), Recipient: id.Recipient().String()})
	os.WriteFile(card, cb, 0o644)
	oneLine(t, "another office's card", run(t, dir, pass, nil, "", "key", "--cell", "LV", "--office-card", card), 1, "--replace-office")
	if r := run(t, dir, pass, nil, "", "key", "--cell", "LV", "--office-card", card, "--replace-office"); r.code != 0 || !strings.Contains(r.stdout, "Ba Đình") {
		t.Errorf("replace office: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func TestSyncUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"export", "--cell", "LV"},
		{"receipt", "--cell", "LV"},
		{"receipt", "--cell", "LV", "a", "b"},
		{"key", "--cell", "LV", "--rotate"},
		{"key", "--cell", "LV", "--rotate", "--reset", "--reason", "x"},
		{"key", "--cell", "LV", "stray"},
		{"export", "--out", dir},
	} {
		if r := run(t, dir, "x", nil, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
}

// TestRestoreThenCatchUp runs the whole story through the command line with a real office:
// bundles 1, 2 and 3 are imported and their receipts written; the secretary restores a
// backup taken after bundle 1 and is told to read the office's latest receipt; export
// refuses to write a second bundle 2 and names the command with receipt 3; receipt 3
// catches up; bundle 4 follows bundle 3, and the office imports it.
func TestRestoreThenCatchUp(t *testing.T) {
	dir, stick, work := t.TempDir(), t.TempDir(), t.TempDir()
	const pass = "mật khẩu mẫu"
	ok := func(args ...string) result {
		t.Helper()
		r := run(t, dir, pass, nil, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	ok("demo", "--cell", "LV")
	ok("office", "create", "--office", "XMK", "--name", "Đảng ủy xã Mường Khương", "--card", stick)
	pub := filepath.Join(work, "LV.pub")
	ok("key", "--cell", "LV", "--out", pub)
	ok("office", "enroll", "--office", "XMK", "--cell-key", pub)
	ok("key", "--cell", "LV", "--office-card", filepath.Join(stick, "XMK.chibo-office"))
	bundleOf := func(n int) string { return filepath.Join(stick, bundle.FileName("LV", uint64(n))) }
	receiptOf := func(n int) string { return filepath.Join(stick, payload.ReceiptName("LV", uint64(n))) }
	round := func(n int) {
		t.Helper()
		ok("export", "--cell", "LV", "--out", stick)
		ok("office", "import", "--office", "XMK", bundleOf(n))
		ok("receipt", "--cell", "LV", receiptOf(n))
	}
	addMember := func(name string) {
		t.Helper()
		f := filepath.Join(work, name+".json")
		os.WriteFile(f, must(json.Marshal(map[string]any{"full_name": name, "gender": "male", "birth_date": "1990-03-04",
			"ethnicity": "Mông", "hometown": "Lùng Vai", "residence": "Lùng Vai", "decision_date": "2025-10-01",
			"ceremony_date": "2025-10-20"})), 0o644)
		ok("roster", "add", "--cell", "LV", "--json", f)
	}
	round(1)
	backups := filepath.Join(work, "backups")
	ok("backup", "--cell", "LV", "--out", backups)
	addMember("Giàng A Páo")
	round(2)
	addMember("Vàng Seo Chứ")
	round(3)

	copies, _ := filepath.Glob(filepath.Join(backups, "*.chibo"))
	if len(copies) != 1 {
		t.Fatalf("backups: %v", copies)
	}
	r := ok("restore", "--cell", "LV", copies[0])
	if !strings.Contains(r.stdout, "biên nhận mới nhất") || !strings.Contains(r.stdout, "chibo receipt --cell LV") {
		t.Errorf("restore says %q, want the sentence about the latest receipt", r.stdout)
	}
	r = run(t, dir, pass, nil, "", "export", "--cell", "LV", "--out", stick)
	if r.code != 1 || !strings.Contains(r.stderr, "chậm hơn") || !strings.Contains(r.stderr, "chibo receipt --cell LV "+receiptOf(3)) {
		t.Fatalf("export after the restore: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = ok("receipt", "--cell", "LV", receiptOf(3))
	if !strings.Contains(r.stdout, "gói sau là số 4") || strings.Contains(r.stdout, "Chú ý") {
		t.Errorf("receipt 3 after the restore says:\n%s", r.stdout)
	}
	r = ok("export", "--cell", "LV", "--out", stick)
	if !strings.Contains(r.stdout, bundleOf(4)) {
		t.Errorf("export after the catch-up:\n%s", r.stdout)
	}
	data := must(os.ReadFile(bundleOf(4)))
	b := must(bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{}))
	data3 := must(os.ReadFile(bundleOf(3)))
	b3 := must(bundle.Read(bytes.NewReader(data3), int64(len(data3)), bundle.Limits{}))
	if b.Manifest.PrevHash != b3.ManifestHash {
		t.Errorf("bundle 4 names %q, want bundle 3's manifest %q", b.Manifest.PrevHash, b3.ManifestHash)
	}
	r = ok("office", "import", "--office", "XMK", bundleOf(4))
	if !strings.Contains(r.stdout, "đã nhập gói số 4") {
		t.Errorf("the office's import of bundle 4:\n%s", r.stdout)
	}
	r = ok("receipt", "--cell", "LV", receiptOf(4))
	if strings.Contains(r.stdout, "số thứ tự đã được cập nhật") {
		t.Errorf("receipt 4 is a catch-up again:\n%s", r.stdout)
	}
}
