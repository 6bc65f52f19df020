package cli

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chibo/sync/payload"
)

// TestStockToolsOnExport runs the whole exchange through the command line and then checks the
// bundle with the stock tools alone: minisign verifies the manifest with the cell's key file,
// and age decrypts records.json with the identity the office writes out.
func TestStockToolsOnExport(t *testing.T) {
	ageBin, err1 := exec.LookPath("age")
	msBin, err2 := exec.LookPath("minisign")
	if err1 != nil || err2 != nil {
		t.Skip("age or minisign not installed")
	}
	dir, stick, work := t.TempDir(), t.TempDir(), t.TempDir()
	const pass = "mật khẩu mẫu"
	must := func(args ...string) result {
		t.Helper()
		r := run(t, dir, pass, nil, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		return r
	}
	must("demo", "--cell", "LV")
	must("office", "create", "--office", "XMK", "--name", "Đảng ủy xã Mường Khương", "--card", stick)
	pub := filepath.Join(work, "LV.pub")
	must("key", "--cell", "LV", "--out", pub)
	must("office", "enroll", "--office", "XMK", "--cell-key", pub)
	must("key", "--cell", "LV", "--office-card", filepath.Join(stick, "XMK.chibo-office"))
	must("export", "--cell", "LV", "--out", stick)
	id := filepath.Join(work, "office.age")
	must("office", "identity", "--office", "XMK", "--out", id)
	if st, err := os.Stat(id); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("identity file: %v %v", st, err)
	}
	if r := run(t, dir, pass, nil, "", "office", "identity", "--office", "XMK", "--out", id); r.code != 1 {
		t.Errorf("identity over an existing file: exit %d", r.code)
	}

	zr, err := zip.OpenReader(filepath.Join(stick, "LV-000001.chibo-bundle"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		switch f.Name {
		case "manifest.json", "manifest.json.minisig", "records.json.age":
		default:
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := os.WriteFile(filepath.Join(work, f.Name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(msBin, "-Vm", filepath.Join(work, "manifest.json"), "-p", pub).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Trusted comment: chibo cell=LV seq=1 manifest=") {
		t.Fatalf("minisign -V: %v\n%s", err, out)
	}
	plain, err := exec.Command(ageBin, "-d", "-i", id, filepath.Join(work, "records.json.age")).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	recs, err := payload.Decode(plain)
	if err != nil || recs.Cell.Code != "LV" || len(recs.Members) == 0 || len(recs.Meetings) == 0 {
		t.Fatalf("decrypted records: %v (%d members)", err, len(recs.Members))
	}
	if bytes.Contains(plain, []byte("AGE-SECRET-KEY")) {
		t.Error("records carry a secret key")
	}
	// The office imports what the stock tools looked at; its receipt closes the loop.
	must("office", "import", "--office", "XMK", filepath.Join(stick, "LV-000001.chibo-bundle"))
	r := must("receipt", "--cell", "LV", filepath.Join(stick, "LV-000001.chibo-receipt"))
	if !strings.Contains(r.stdout, "Đảng ủy xã Mường Khương") {
		t.Errorf("receipt output: %s", r.stdout)
	}
}
